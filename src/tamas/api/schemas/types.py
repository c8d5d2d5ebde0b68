"""Field types every schema shares: bounded ids and texts that any database can store.

Texts refuse NUL and unpaired surrogates (PostgreSQL cannot store the one, no encoder
the other), and every number has bounds, so that bad input is a 422 naming the field
rather than a database error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StringConstraints

MAX_ID = 2**31 - 1
FIRST_YEAR, LAST_YEAR = 1970, 2999


def _storable(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (no unpaired surrogates)") from None
    return text


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"),
]
"""A machine name: letters, digits, '.', '-', '_'."""
Title = Annotated[
    str, BeforeValidator(_strip), StringConstraints(max_length=200), AfterValidator(_storable)
]
RequiredTitle = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_storable),
]
LongText = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_storable)]
RequiredText = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=20_000),
    AfterValidator(_storable),
]
EventName = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=128),
    AfterValidator(_storable),
]
"""A name as the event log writes it (a queue, an agent): any text a telephony system uses."""
ContactId = Annotated[
    str, StringConstraints(min_length=1, max_length=150), AfterValidator(_storable)
]
ShortText = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=254),
    AfterValidator(_storable),
]


def _in_range(moment: datetime) -> datetime:
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise ValueError(f"must be a time between the years {FIRST_YEAR} and {LAST_YEAR}")
    return utc


Moment = Annotated[AwareDatetime, AfterValidator(_in_range)]
"""A time with its offset (2025-01-04T08:30:00+03:30); kept and answered in UTC."""
Limit = Annotated[int, Field(ge=1, le=500)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]
