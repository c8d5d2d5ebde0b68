"""Who is asking: sign-in tokens, and the readers that find a person's credentials in a
request.

A token is a JWT (HS256) naming the user, when it was issued and when it expires, and a
fingerprint of the user's password hash: changing a password ends every token issued
before. The API reads a bearer token from the Authorization header, a signed-in browser
sends it in its session cookie (`tamas.api.browser`), and `Authenticator` tries the
readers in turn, so every route that depends on the current user works with either.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import jwt
from fastapi import Request

from tamas.config import Settings
from tamas.errors import InputError

ALGORITHM = "HS256"
MIN_KEY_LENGTH = 32


class InvalidCredentialsError(Exception):
    """Credentials were given but are not valid (bad signature, expired, revoked)."""


@dataclass(frozen=True)
class Claims:
    user_id: int
    fingerprint: str


def password_fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class TokenIssuer:
    def __init__(self, key: str, ttl: timedelta) -> None:
        self._key = key
        self.ttl = ttl

    def issue(self, user_id: int, password_hash: str, now: datetime) -> str:
        claims = {
            "sub": str(user_id),
            "pwd": password_fingerprint(password_hash),
            "iat": now,
            "exp": now + self.ttl,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def subkey(self, purpose: str) -> bytes:
        """A key for another use (e.g. CSRF tokens) derived from the signing key, so that
        one secret to keep still gives keys that cannot stand in for each other."""
        return hmac.new(self._key.encode(), purpose.encode(), hashlib.sha256).digest()

    def read(self, token: str) -> Claims:
        try:
            claims = jwt.decode(
                token, self._key, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]}
            )
            return Claims(user_id=int(claims["sub"]), fingerprint=str(claims.get("pwd")))
        except (jwt.InvalidTokenError, ValueError) as error:
            raise InvalidCredentialsError(str(error)) from None


class CredentialReader(Protocol):
    def read(self, request: Request) -> Claims | None:
        """The claims the request carries in this reader's way; None when it carries none."""
        ...


class BearerTokenReader:
    """`Authorization: Bearer <token>`, as OAuth2 clients send the token they were given."""

    def __init__(self, issuer: TokenIssuer) -> None:
        self.issuer = issuer

    def read(self, request: Request) -> Claims | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.issuer.read(token.strip())


class Authenticator:
    """Tries each reader in turn; the first that finds credentials decides."""

    def __init__(self, readers: list[CredentialReader]) -> None:
        self.readers = readers

    def claims(self, request: Request) -> Claims | None:
        for reader in self.readers:
            found = reader.read(request)
            if found is not None:
                return found
        return None


def signing_key(settings: Settings) -> str:
    """The key tokens are signed with: TAMAS_SECRET_KEY; in demo mode without one, a key
    made once and kept in `settings.secret_key_file` (readable by its owner only)."""
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value()
        if len(key) < MIN_KEY_LENGTH:
            raise InputError(
                f"TAMAS_SECRET_KEY: expected at least {MIN_KEY_LENGTH} characters "
                f"(got {len(key)}); make one with: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'"
            )
        return key
    if not settings.demo:
        raise InputError(
            "TAMAS_SECRET_KEY is not set: the server signs sign-in tokens with it. Set it to "
            "a long random text (python -c 'import secrets; print(secrets.token_urlsafe(32))'),"
            " or set TAMAS_DEMO=1 for a demo that is not for production"
        )
    return _demo_key(settings.secret_key_file)


def _demo_key(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(key + "\n")
    return key
