"""What a planner keeps between sessions: special days and shift templates.

Special days feed the forecast (`tamas.wfm.forecast.SpecialDay`); shift templates and
their break rules feed the scheduler (`tamas.wfm.schedule.ShiftFile`). Both are
validated by the wfm models they become, so the page, the API and the TOML files of
`tamas wfm` accept exactly the same things.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tamas.store.orm import Base, text_enum
from tamas.wfm.forecast import SpecialDay
from tamas.wfm.schedule import ShiftFile, ShiftTemplate
from tamas.wfm.schedule.rules import WEEKDAYS, clock


class SpecialDayKind(StrEnum):
    """Why a day is special; a closed day's lift is always zero."""

    LAUNCH = "launch"
    CAMPAIGN = "campaign"
    HOLIDAY = "holiday"
    CLOSED = "closed"


class SpecialDayRecord(Base):
    """Days `start_day`..`end_day` whose volume the planner expects `lift` times normal."""

    __tablename__ = "special_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SpecialDayKind] = mapped_column(text_enum(SpecialDayKind, 16))
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    lift: Mapped[float] = mapped_column(Float)

    def special_day(self) -> SpecialDay:
        return SpecialDay(self.start_day, self.end_day, self.name, self.lift)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "start": self.start_day.isoformat(),
            "end": self.end_day.isoformat(),
            "lift": self.lift,
        }


class ShiftTemplateRecord(Base):
    """A `[[shift]]` of the shift file (docs/wfm.md, "Scheduling"), times in minutes."""

    __tablename__ = "shift_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    earliest_start: Mapped[int] = mapped_column(Integer)
    latest_start: Mapped[int] = mapped_column(Integer)
    start_step: Mapped[int | None] = mapped_column(Integer)
    length: Mapped[int] = mapped_column(Integer)
    days: Mapped[str] = mapped_column(String(32))
    """Weekday names as the shift file writes them, comma-separated (`sat,sun,mon`)."""
    max_consecutive_work: Mapped[int | None] = mapped_column(Integer)
    breaks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """The break rules in order: name, earliest, latest, length (minutes), paid."""

    def fill(self, template: ShiftTemplate) -> None:
        """Take the fields of a validated template."""
        self.name = template.name
        self.earliest_start = template.earliest_start
        self.latest_start = template.latest_start
        self.start_step = template.start_step
        self.length = template.length
        self.days = ",".join(day for day in WEEKDAYS if day in template.days)
        self.max_consecutive_work = template.max_consecutive_work
        self.breaks = [brk.model_dump() for brk in template.breaks]

    def template(self) -> ShiftTemplate:
        return ShiftTemplate.model_validate(self.fields())

    def fields(self) -> dict[str, Any]:
        """The template's fields as the shift file takes them (minutes as numbers)."""
        return {
            "name": self.name,
            "earliest_start": clock(self.earliest_start),
            "latest_start": clock(self.latest_start),
            "start_step": self.start_step,
            "length": self.length,
            "days": self.days.split(","),
            "max_consecutive_work": self.max_consecutive_work,
            "breaks": self.breaks,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, **self.fields()}


def shift_file(records: list[ShiftTemplateRecord]) -> ShiftFile:
    """The stored templates as the scheduler's shift file (no named agents)."""
    return ShiftFile(shifts=tuple(record.template() for record in records))
