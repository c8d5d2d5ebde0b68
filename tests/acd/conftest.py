from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tamas.acd import Acd, AcdListener, Agent, Contact, EventRecorder
from tamas.events import Event, EventType
from tamas.sim.calendar import Calendar

START = 1_735_689_600.0  # 2025-01-01T00:00:00Z


@dataclass
class Heard(AcdListener):
    offers: list[tuple[str, str]] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)
    callback_offers: list[tuple[str, float]] = field(default_factory=list)

    def offered(self, contact: Contact, agent: Agent) -> None:
        self.offers.append((contact.contact_id, agent.name))

    def answered(self, contact: Contact, agent: Agent) -> None:
        self.answers.append((contact.contact_id, agent.name))

    def callback_offer(self, contact: Contact) -> None:
        self.callback_offers.append((contact.contact_id, contact.queued_at))


@dataclass
class Center:
    """A router on a virtual clock, with what it wrote and told."""

    calendar: Calendar
    recorder: EventRecorder
    heard: Heard
    acd: Acd

    def later(self, seconds: float) -> None:
        self.calendar.run(self.calendar.now() + seconds)

    def events(self, type: EventType | None = None) -> list[Event]:
        return [e for e in self.recorder.events if type is None or e.type is type]


def make_center(**options: object) -> Center:
    calendar = Calendar(START)
    recorder = EventRecorder()
    heard = Heard()
    return Center(calendar, recorder, heard, Acd(calendar, recorder, heard, **options))


@pytest.fixture
def center() -> Center:
    return make_center()
