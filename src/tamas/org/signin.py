"""Signing in with a username and password, with guessing throttled.

Failures are counted per username and client (the address a request came from) in the
database, so every server process sees the same count. After `FREE_ATTEMPTS` failures in
a row the pair is locked for `FIRST_LOCK`, and each further failure doubles the lock up to
`LONGEST_LOCK`; while locked, no password is even checked. A success clears the count, and
so does a quiet `LONGEST_LOCK` since the last failure. Keying on the client too means a
guesser elsewhere cannot lock the real person out of their own desk.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.org.models import SignInFailure, User
from tamas.org.passwords import hash_password, needs_rehash, verify_password

FREE_ATTEMPTS = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(hours=1)
_KEY_LENGTH = 64


class SignInLockedError(Exception):
    """Too many failed sign-ins: try again after `retry_after`."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after.seconds + 1} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Attempt:
    username: str
    password: str
    client: str
    at: datetime


def lock_after(failures: int) -> timedelta | None:
    """How long a pair is locked after this many failures in a row (None: not locked)."""
    if failures < FREE_ATTEMPTS:
        return None
    doublings = min(failures - FREE_ATTEMPTS, 16)
    return min(FIRST_LOCK * 2**doublings, LONGEST_LOCK)


async def sign_in(session: AsyncSession, attempt: Attempt) -> User | None:
    """The active user whose username and password these are, or None; commits the count.

    Raises SignInLockedError while the username and client are locked.
    """
    key = (attempt.username.lower()[:_KEY_LENGTH], attempt.client[:_KEY_LENGTH])
    failure = await session.get(SignInFailure, key, with_for_update=True)
    if failure and failure.locked_until and failure.locked_until > attempt.at:
        raise SignInLockedError(failure.locked_until - attempt.at)
    user = await session.scalar(select(User).where(User.username == attempt.username))
    known = user is not None and user.active
    stored_hash = user.password_hash if known else None
    if await asyncio.to_thread(verify_password, stored_hash, attempt.password):
        if failure is not None:
            await session.delete(failure)
        if needs_rehash(user.password_hash):
            user.password_hash = await asyncio.to_thread(hash_password, attempt.password)
        await session.commit()
        return user
    if failure is None:
        failure = SignInFailure(username=key[0], client=key[1], failures=0)
        session.add(failure)
    elif attempt.at - failure.last_failed_at > LONGEST_LOCK:
        failure.failures = 0
    failure.failures += 1
    failure.last_failed_at = attempt.at
    lock = lock_after(failure.failures)
    failure.locked_until = attempt.at + lock if lock else None
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()  # another process counted the first failure at the same time
    return None
