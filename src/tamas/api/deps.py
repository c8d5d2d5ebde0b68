"""Dependencies routes declare: the database session, the current user, a role check.

Every route that touches data names the roles allowed in its signature
(`Annotated[User, Depends(require(Role.ADMIN))]`), so the 401/403 rules can be read
next to the code they guard and tested as a table (docs/api.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.api.browser import CsrfRejectedError
from tamas.api.context import ServerContext
from tamas.api.security import Claims, InvalidCredentialsError, password_fingerprint
from tamas.org.models import Role, User

API_PREFIX = "/api/v1"
TOKEN_URL = f"{API_PREFIX}/auth/token"
_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)
"""Declares the bearer scheme in the OpenAPI document; `Authenticator` reads the token."""


def server(request: Request) -> ServerContext:
    return request.app.state.server


Server = Annotated[ServerContext, Depends(server)]


async def session(context: Server) -> AsyncIterator[AsyncSession]:
    """One session per request; a route commits what it changed, anything else is rolled
    back when the request ends."""
    async with context.sessions() as opened:
        yield opened


Session = Annotated[AsyncSession, Depends(session)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def signed_in_user(db: AsyncSession, claims: Claims) -> User | None:
    """The user the claims name, while active and with the password they were issued for."""
    user = await db.get(User, claims.user_id)
    if (
        user is None
        or not user.active
        or password_fingerprint(user.password_hash) != claims.fingerprint
    ):
        return None
    return user


async def current_user(
    request: Request,
    context: Server,
    db: Session,
    _token: Annotated[str | None, Depends(_bearer)],
) -> User:
    """The signed-in user, or 401 (403: a browser's changing request without its CSRF
    token)."""
    try:
        claims = context.authenticator.claims(request)
    except CsrfRejectedError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=str(error)) from None
    except InvalidCredentialsError:
        raise _unauthorized("the sign-in token is not valid or has expired") from None
    if claims is None:
        raise _unauthorized("sign in first: no credentials were given")
    user = await signed_in_user(db, claims)
    if user is None:
        raise _unauthorized("the sign-in token is no longer valid; sign in again")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require(*roles: Role) -> Callable[[User], Coroutine[Any, Any, User]]:
    """A dependency: the current user, if its role is one of `roles`; else 403."""
    allowed = frozenset(roles)

    async def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            names = ", ".join(sorted(role.value for role in allowed))
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"a {user.role.value} may not do this (allowed: {names})",
            )
        return user

    return check


ALL_ROLES = tuple(Role)
CUSTOMER_DATA = (Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN)
"""Who works with customers, cases, notes and follow-ups (not planners)."""
Admin = Annotated[User, Depends(require(Role.ADMIN))]
Overseer = Annotated[
    User, Depends(require(Role.SUPERVISOR, Role.MANAGER, Role.PLANNER, Role.ADMIN))
]
"""Who reads users and teams (a supervisor only its teams')."""
AnyRole = Annotated[User, Depends(require(*ALL_ROLES))]
CustomerWorker = Annotated[User, Depends(require(*CUSTOMER_DATA))]
DESK = (Role.AGENT, Role.SUPERVISOR)
"""Who works at the agent desktop: agents, and supervisors who take escalations."""
DeskUser = Annotated[User, Depends(require(*DESK))]
