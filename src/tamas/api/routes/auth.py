"""Signing in (OAuth2 password flow) and who is signed in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from tamas.api.deps import AnyRole, Server, Session
from tamas.api.schemas.auth import Token
from tamas.api.schemas.org import UserOut
from tamas.org.signin import Attempt, sign_in

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/token",
    response_model=Token,
    responses={
        401: {"description": "Wrong username or password"},
        429: {"description": "Throttled"},
    },
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    context: Server,
    db: Session,
):
    """Sign in with a username and password (form fields, as OAuth2 clients send them);
    answers a bearer token for the Authorization header. After 5 failures in a row for
    one username from one client, sign-ins are refused (429) for a while that grows."""
    now = datetime.now(UTC)
    client = request.client.host if request.client else "unknown"
    user = await sign_in(db, Attempt(form.username, form.password, client, now))
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="wrong username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Token(
        access_token=context.issuer.issue(user.id, user.password_hash, now),
        expires_in=int(context.issuer.ttl.total_seconds()),
    )


@router.get("/me", response_model=UserOut, summary="The signed-in user and its role")
async def me(user: AnyRole):
    return user
