"""Errors meant for people: each says what was wrong and where, in one line.

The edges (CLI, API) show these as they are, without a traceback; anything else that
escapes is a bug in Tamas.
"""


class InputError(Exception):
    """Input a person gave (a file, an option, a field) cannot be used as it is."""
