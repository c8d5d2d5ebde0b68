"""The settings every KPI depends on, as one value a report carries with its figures.

A service level means nothing without its threshold, an abandon rate nothing without the
short-abandon cut-off; keeping the settings next to the numbers lets every figure be traced
to its definition (docs/kpi.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class KpiDefinitions:
    """The KPI settings, with the industry's usual defaults.

    sl_threshold_s: an answer within this many seconds of waiting counts for service level.
    short_abandon_s: an abandon after less waiting than this is a short abandon.
    fcr_window_s: a call from the same caller within this many seconds is a repeat.
    interval_min: length of a report interval; intervals start at local midnight.
    tz: the center's IANA time zone, in which intervals are aligned.
    """

    sl_threshold_s: int = 20
    short_abandon_s: int = 5
    fcr_window_s: int = 86400
    interval_min: int = 30
    tz: str = "Asia/Tehran"

    def __post_init__(self) -> None:
        for name in ("sl_threshold_s", "short_abandon_s", "fcr_window_s", "interval_min"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name}: expected a positive whole number, got {value!r}")
        if MINUTES_PER_DAY % self.interval_min:
            raise ValueError(
                f"interval_min: expected a number of minutes that divides a day (1440), "
                f"got {self.interval_min}"
            )
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"tz: expected an IANA time zone such as Asia/Tehran, got {self.tz!r}"
            ) from None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
