"""Password hashing with Argon2id (argon2-cffi's recommended parameters).

Hashes carry their parameters, so stronger settings later apply at the next sign-in
(`needs_rehash`) without invalidating anyone's password.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 8


@cache
def _unknown_user_hash() -> str:
    """Checked against when a username is unknown, so that a sign-in takes as long either
    way and does not tell which usernames exist."""
    return _hasher.hash("not a password of anyone")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash (unknown user) it spends the same time."""
    try:
        return _hasher.verify(password_hash or _unknown_user_hash(), password) and bool(
            password_hash
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
