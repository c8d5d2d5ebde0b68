"""A signed-in browser's credentials: the session cookie, and the CSRF token that proves a
changing request comes from one of Tamas's own pages.

The session cookie holds the same signed token the API hands out (`TokenIssuer`), so it
expires, and changing the password ends it, exactly like a bearer token. It is HttpOnly
(scripts cannot read it), SameSite=Lax and, when served over https, Secure.

CSRF is a signed double submit: a random nonce in its own HttpOnly cookie, and a token
that is the HMAC of that nonce under a key derived from the server's signing key. Pages
put the token in every form (`csrf_token`) and in `<meta name="csrf-token">` for scripts,
which send it as the `X-CSRF-Token` header. Another site can make a browser send the
cookies, but can neither read the token nor forge one for a nonce of its choosing. The
nonce is renewed at sign-in and sign-out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from fastapi import Request, Response

from tamas.api.security import Claims, InvalidCredentialsError, TokenIssuer

SESSION_COOKIE = "tamas_session"
CSRF_COOKIE = "tamas_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NONCE_STATE = "csrf_nonce"
"""Where a request keeps the nonce it will answer with (`request.state`)."""


class CsrfRejectedError(InvalidCredentialsError):
    """A changing request with a session cookie but without a valid CSRF token."""


def _set(request: Request, response: Response, name: str, value: str, max_age: int | None):
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


class CsrfTokens:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def token_for(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode(), hashlib.sha256).hexdigest()

    def valid(self, request: Request, submitted: str | None) -> bool:
        nonce = request.cookies.get(CSRF_COOKIE)
        if not nonce or not submitted:
            return False
        return hmac.compare_digest(self.token_for(nonce), submitted)

    def nonce(self, request: Request) -> str:
        """The nonce this request answers with: the browser's, or a new one when it has
        none (`renew` made it new; `send` sets it as the cookie)."""
        current = getattr(request.state, NONCE_STATE, None) or request.cookies.get(CSRF_COOKIE)
        if not current:
            current = self.renew(request)
        setattr(request.state, NONCE_STATE, current)
        return current

    def renew(self, request: Request) -> str:
        nonce = secrets.token_urlsafe(32)
        setattr(request.state, NONCE_STATE, nonce)
        return nonce

    def send(self, request: Request, response: Response) -> None:
        """Set the nonce cookie when this request made a new nonce."""
        nonce = getattr(request.state, NONCE_STATE, None)
        if nonce and nonce != request.cookies.get(CSRF_COOKIE):
            _set(request, response, CSRF_COOKIE, nonce, None)


def start_session(request: Request, response: Response, token: str, ttl: timedelta) -> None:
    _set(request, response, SESSION_COOKIE, token, int(ttl.total_seconds()))


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


class SessionCookieReader:
    """The session cookie, as a credential reader of the API's `Authenticator`: on GET,
    HEAD and OPTIONS the cookie suffices; any other method must carry the CSRF header."""

    def __init__(self, issuer: TokenIssuer, csrf: CsrfTokens) -> None:
        self.issuer = issuer
        self.csrf = csrf

    def read(self, request: Request) -> Claims | None:
        token = request.cookies.get(SESSION_COOKIE)
        if not token:
            return None
        if request.method not in SAFE_METHODS and not self.csrf.valid(
            request, request.headers.get(CSRF_HEADER)
        ):
            raise CsrfRejectedError(
                f"a signed-in browser must send the {CSRF_HEADER} header of its page "
                f'(<meta name="csrf-token">) with a {request.method}'
            )
        return self.issuer.read(token)

    def claims(self, request: Request) -> Claims | None:
        """The cookie's claims whatever the method: for pages, whose forms carry the CSRF
        token in a field that the page's own check reads."""
        token = request.cookies.get(SESSION_COOKIE)
        return self.issuer.read(token) if token else None
