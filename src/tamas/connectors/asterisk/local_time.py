"""Asterisk's local times (CDR start/answer/end, the realtime queue_log's `time`) to UTC.

Asterisk writes these in the server's local time without a zone (unless configured for
GMT), so the reader has to be told the zone. A local time that falls in a DST gap cannot
have been written by a correct clock and becomes null; one that occurs twice (the hour
after DST ends) is taken as the earlier.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tamas.errors import InputError


def check_time_zone(tz: str) -> None:
    try:
        pl.Series([datetime(2000, 1, 1)]).dt.replace_time_zone(tz)
    except pl.exceptions.PolarsError:
        raise InputError(
            f"unknown time zone '{tz}' (expected an IANA name such as Asia/Tehran)"
        ) from None


def local_to_utc(naive: pl.Expr, tz: str) -> pl.Expr:
    return naive.dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")
