"""Bodies of the wallboard: the snapshot of queues and agents, targets, supervisors'
actions on agents. The meaning of every figure is in docs/api.md ("The wallboard")."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tamas.api.schemas.live import AgentOut
from tamas.api.schemas.types import RequiredText


class TodayFiguresOut(BaseModel):
    offered: int
    answered: int
    abandoned: int
    service_level: float | None
    abandon_rate: float | None
    asa_s: float | None
    aht_s: float | None


class TargetsOut(BaseModel):
    service_level: float = Field(description="Share answered within sl_threshold_s, 0..1.")
    sl_threshold_s: int
    max_wait_s: int = Field(description="A contact waiting longer raises an alert.")
    abandon_rate: float
    asa_s: int
    aht_s: int


class TargetsChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service_level: float | None = Field(None, ge=0, le=1)
    sl_threshold_s: int | None = Field(None, ge=1, le=86_400)
    max_wait_s: int | None = Field(None, ge=1, le=86_400)
    abandon_rate: float | None = Field(None, ge=0, le=1)
    asa_s: int | None = Field(None, ge=1, le=86_400)
    aht_s: int | None = Field(None, ge=1, le=86_400)


class QueueTargetsOut(BaseModel):
    queue: str
    targets: TargetsOut


class AlertOut(BaseModel):
    figure: str = Field(
        description="service_level, projected_service_level, longest_wait_s, abandon_rate, "
        "asa_s or aht_s"
    )
    status: str = Field(description="missed, or at_risk (the projection under target)")
    value: float
    target: float


class QueueBoardOut(BaseModel):
    queue: str
    title: str
    waiting: int = Field(description="Contacts waiting in the queue now.")
    oldest_queued_at: datetime | None
    longest_wait_s: float | None = Field(description="Wait of the longest-waiting contact now.")
    agents: dict[str, int] = Field(
        description="The queue's agents by state: ready, reserved (ringing), busy, wrap_up, paused."
    )
    paused: dict[str, int] = Field(description="Paused agents by pause reason.")
    today: TodayFiguresOut = Field(description="Since local midnight, from the KPI engine.")
    last_interval_offered: int
    projected_service_level: float | None = Field(
        description="Erlang C service level of the next interval (docs/web.md)."
    )
    targets: TargetsOut
    status: dict[str, str] = Field(
        description="Each figure: on_target, at_risk, missed or no_data."
    )
    alerts: list[AlertOut]


class AgentBoardOut(BaseModel):
    agent: str
    username: str | None
    full_name: str
    team: str | None
    live: AgentOut
    contacts_today: int = Field(description="Contacts answered since local midnight (KPI).")


class WallboardOut(BaseModel):
    at: datetime
    day_start: datetime
    tz: str
    interval_min: int
    queues: list[QueueBoardOut]
    agents: list[AgentBoardOut] = Field(description="The agents the reader may see.")


class AgentMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: RequiredText = Field(max_length=1000)


class AgentMessageOut(BaseModel):
    agent: str
    text: str
    sent_at: datetime
    event_id: str
