"""Bodies of the live center: agents' states, contact actions, the screen pop."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tamas.api.schemas.crm import CaseOut, CustomerOut, FollowUpOut, NoteOut, TimelineItemOut
from tamas.api.schemas.types import (
    ContactId,
    EventName,
    Id,
    LongText,
    Moment,
    Name,
    RequiredTitle,
    ShortText,
)
from tamas.crm.models import CaseStatus, FollowUpKind, Priority


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StateChange(Body):
    state: Literal["ready", "paused", "logged_out"]
    reason: Name | None = Field(
        None, description="A pause's reason: one of the server's pause reasons."
    )


class ContactInHandOut(BaseModel):
    contact_id: str
    queue: str
    caller: str | None
    channel: str
    phase: str = Field(description="reserved (ringing), busy (in talk) or wrap_up")
    since: datetime
    held: bool
    wrap_up_until: datetime | None = Field(description="When the queue's wrap-up time ends.")
    context: dict[str, Any] = Field(description="What a transfer carried: customer, case, notes.")
    pop_url: str


class TodayOut(BaseModel):
    contacts: int = Field(description="Contacts answered since local midnight.")
    talk_time_s: float
    aht_s: float | None


class AgentOut(BaseModel):
    agent: str = Field(description="The agent's name in the router and the event log.")
    state: str = Field(description="logged_out, ready, reserved, busy, wrap_up or paused")
    since: datetime | None
    reason: str | None = Field(description="The pause reason, while paused.")
    contacts: list[ContactInHandOut]
    pause_reasons: list[str]
    today: TodayOut | None = None


class ContactCreate(Body):
    queue: EventName
    caller: ShortText | None = None
    contact_id: ContactId | None = Field(None, description="Default: a new random id.")


class ContactOut(BaseModel):
    contact_id: str
    queue: str
    state: str = Field(description="waiting, offered or answered")
    agents: list[str] = Field(description="The agents it rings at (or talks with).")
    pop_url: str


class Transfer(Body):
    queue: EventName | None = None
    agent: Name | None = Field(None, description="A user's username; it must be ready.")
    department: Name | None = Field(None, description="To the department's first queue.")
    note: LongText | None = Field(None, description="Carried along; kept as a customer note.")
    case_id: Id | None = Field(None, description="The customer's case it is about.")
    escalation: bool = Field(False, description="An escalation (to a supervisor, say).")

    @model_validator(mode="after")
    def _one_target(self) -> Transfer:
        if sum(target is not None for target in (self.queue, self.agent, self.department)) != 1:
            raise ValueError("give exactly one of queue, agent or department")
        return self


class WrapUpCase(Body):
    id: Id | None = Field(None, description="An existing case of the customer; else a new one.")
    title: RequiredTitle | None = None
    description: LongText | None = None
    department: Name | None = Field(None, description="Hand the case to this department.")
    priority: Priority | None = None
    status: CaseStatus | None = Field(None, description="An existing case's new status.")
    owner_id: Id | None = None
    comment: LongText | None = None

    @model_validator(mode="after")
    def _new_or_existing(self) -> WrapUpCase:
        if self.id is None and self.title is None:
            raise ValueError("a new case needs a title (or give the id of an existing one)")
        return self


class WrapUpFollowUp(Body):
    kind: FollowUpKind = FollowUpKind.FOLLOW_UP
    due_at: Moment
    note: LongText = ""
    owner_id: Id | None = Field(None, description="Default: the agent.")
    phone: ShortText | None = None


class WrapUp(Body):
    disposition: Name | None = Field(None, description="A wrap-up code of the contact's queue.")
    note: LongText | None = None
    customer_id: Id | None = Field(None, description="Default: the caller's customer.")
    case: WrapUpCase | None = None
    follow_up: WrapUpFollowUp | None = None


class WrapUpOut(BaseModel):
    contact_id: str
    disposition: str | None
    in_time: bool = Field(description="false: the queue's wrap-up time had run out already.")
    customer_id: int | None
    note: NoteOut | None
    case: CaseOut | None
    follow_up: FollowUpOut | None
    agent: AgentOut


class PoppedContact(BaseModel):
    contact_id: str
    queue: str | None
    caller: str | None
    channel: str | None
    context: dict[str, Any]


class PopOut(BaseModel):
    contact: PoppedContact
    customer: CustomerOut | None
    last_contacts: list[TimelineItemOut]
    open_cases: list[CaseOut]
    notes: list[NoteOut]
    follow_ups: list[FollowUpOut]
