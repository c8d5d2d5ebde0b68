"""Errors meant for people: each says what was wrong and where, in one line.

The edges (CLI, API) show these as they are, without a traceback; anything else that
escapes is a bug in Tamas. The API answers InputError with 422, NotFoundError with 404
and ConflictError with 409; the CLI prints any of them on one line and exits with 2.
"""

from __future__ import annotations


class InputError(Exception):
    """Input a person gave (a file, an option, a field) cannot be used as it is.

    `field` names the option or field at fault when there is one, so that the API can
    point at it (`loc` of a 422 answer).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(InputError):
    """What was asked for does not exist (or is not visible to whoever asked)."""


class ConflictError(InputError):
    """The request is well formed but clashes with the data as it is: a name already
    taken, a case status that cannot follow the current one."""
