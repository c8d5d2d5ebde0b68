"""Numbers, durations, dates and times as one person reads them: the one helper every
template formats with, so a figure or a date looks the same on every screen.

Persian screens show Jalali dates (jdatetime) with Persian month names and, unless the
person turned them off, Persian digits; English screens Gregorian dates (Babel). Times
are shown in the person's time zone (default: the center's, Asia/Tehran). Dates typed
into forms are read back the same way (`read_date_time`), in either digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import jdatetime
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from tamas.web.i18n import Language

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_PERSIAN = str.maketrans("0123456789%", PERSIAN_DIGITS + "٪")
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def latin_digits(text: str) -> str:
    """Text with Persian and Arabic-Indic digits written as 0-9 (for what people type)."""
    return text.translate(_TO_LATIN)


@dataclass(frozen=True)
class Formatter:
    language: Language
    persian_digits: bool
    zone: ZoneInfo

    @property
    def _numbering(self) -> str:
        return "default" if self._persian else "latn"

    @property
    def _persian(self) -> bool:
        return self.language.jalali and self.persian_digits

    def digits(self, text: object) -> str:
        """The text with the person's digits."""
        return str(text).translate(_TO_PERSIAN) if self._persian else str(text)

    def number(self, value: float | None, decimals: int = 0) -> str:
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return self.digits(
            format_decimal(
                value, pattern, locale=self.language.code, numbering_system=self._numbering
            )
        )

    def percent(self, fraction: float | None) -> str:
        if fraction is None:
            return "–"
        return self.digits(
            format_percent(
                fraction, "#,##0.0%", locale=self.language.code, numbering_system=self._numbering
            )
        )

    def duration(self, seconds: float | None) -> str:
        """h:mm:ss, or m:ss under an hour."""
        if seconds is None:
            return "–"
        minutes, secs = divmod(round(seconds), 60)
        hours, minutes = divmod(minutes, 60)
        text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
        return self.digits(text)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def iso(self, moment: datetime) -> str:
        """For `<time datetime=...>`: the moment in ISO 8601 with its offset."""
        return self.local(moment).isoformat(timespec="seconds")

    def date(self, day: date | datetime) -> str:
        if isinstance(day, datetime):
            day = self.local(day).date()
        if self.language.jalali:
            jalali = jdatetime.date.fromgregorian(date=day, locale="fa_IR")
            return self.digits(f"{jalali.day} {jalali.strftime('%B')} {jalali.year}")
        return format_date(day, "d MMM y", locale=self.language.code)

    def datetime(self, moment: datetime) -> str:
        local = self.local(moment)
        if self.language.jalali:
            return f"{self.date(local)}، {self.digits(local.strftime('%H:%M'))}"
        return format_datetime(local, "d MMM y, HH:mm", locale=self.language.code)

    def date_input(self, day: date) -> str:
        """A date as the person types it into a form: 1403/12/20 (Jalali, written with
        slashes as Persian text does, which also keeps it in order within RTL text) or
        2025-03-10."""
        if self.language.jalali:
            jalali = jdatetime.date.fromgregorian(date=day)
            return self.digits(f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}")
        return day.isoformat()

    def today(self, now: datetime) -> date:
        return self.local(now).date()

    def start_of_day(self, now: datetime) -> datetime:
        """The person's local midnight before `now`, in UTC."""
        return datetime.combine(self.today(now), time(), self.zone).astimezone(UTC)

    def read_date(self, day_text: str) -> date:
        """The day a person typed, in their calendar (either digits; -, / or . between
        the parts). Raises ValueError when it cannot be read."""
        day_match = _DATE.fullmatch(latin_digits(day_text).strip())
        if day_match is None:
            raise ValueError("expected a date such as 1403/12/20")
        year, month, day = (int(part) for part in day_match.groups())
        if self.language.jalali:
            return jdatetime.date(year, month, day).togregorian()
        return date(year, month, day)

    def read_date_time(self, day_text: str, time_text: str) -> datetime:
        """The moment a person typed as a date (`read_date`) and a time (HH:MM, in their
        time zone), in UTC.

        Raises ValueError when either cannot be read.
        """
        time_match = _TIME.fullmatch(latin_digits(time_text).strip())
        if time_match is None:
            raise ValueError("expected a date such as 1403/12/20 and a time such as 09:30")
        clock = time(int(time_match.group(1)), int(time_match.group(2)))
        return datetime.combine(self.read_date(day_text), clock, self.zone).astimezone(UTC)
