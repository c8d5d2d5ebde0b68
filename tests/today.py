"""A moment of the center's today for tests whose pages count "today's" contacts: right
after the center's midnight, "an hour ago" is yesterday, and such a test would fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tamas.config import Settings
from tamas.desk.today import local_midnight


def earlier_today(before: timedelta) -> datetime:
    """`before` ago, but never before the center's midnight (default time zone)."""
    now = datetime.now(UTC).replace(microsecond=0)
    return max(now - before, local_midnight(now, Settings.model_fields["tz"].default))
