"""Bodies of customers, cases, notes, follow-ups and the timeline."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tamas.api.schemas.types import (
    ContactId,
    Id,
    LongText,
    Moment,
    RequiredText,
    RequiredTitle,
    ShortText,
)
from tamas.crm.models import CaseStatus, FollowUpKind, IdentityKind, Priority


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Identity(Body):
    kind: IdentityKind
    value: ShortText = Field(description="Phones in any format (stored in E.164).")


Identities = Annotated[list[Identity], Field(max_length=20)]


class CustomerCreate(Body):
    name: RequiredTitle
    identities: Identities = []


class CustomerUpdate(Body):
    name: RequiredTitle | None = None
    identities: Identities | None = Field(None, description="Replaces all of them.")


class IdentityOut(Out):
    kind: IdentityKind
    value: str


class CustomerOut(Out):
    id: int
    name: str
    identities: list[IdentityOut]
    created_at: datetime
    updated_at: datetime


class ImportResult(BaseModel):
    imported: int


class CaseCreate(Body):
    customer_id: Id
    title: RequiredTitle
    description: LongText = ""
    department_id: Id | None = None
    priority: Priority = Priority.NORMAL
    owner_id: Id | None = None
    sla_due_at: Moment | None = Field(None, description="Default: now plus the priority's SLA.")
    contact_id: ContactId | None = None


class CaseUpdate(Body):
    title: RequiredTitle | None = None
    description: LongText | None = None
    department_id: Id | None = Field(None, description="Hand the case to another department.")
    priority: Priority | None = None
    status: CaseStatus | None = None
    owner_id: Id | None = None
    sla_due_at: Moment | None = None
    comment: LongText = Field("", description="Why: kept in the case's history.")


class CaseOut(Out):
    id: int
    number: str
    customer_id: int
    title: str
    description: str
    department_id: int | None
    priority: Priority
    status: CaseStatus
    owner_id: int | None
    sla_due_at: datetime
    contact_id: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime


class CaseChangeOut(Out):
    at: datetime
    actor: str
    changes: dict[str, list[Any]]
    comment: str

    @field_validator("changes", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class NoteCreate(Body):
    customer_id: Id
    body: RequiredText
    case_id: Id | None = None
    contact_id: ContactId | None = Field(
        None, description="The contact (event log id) it is about."
    )


class NoteOut(Out):
    id: int
    customer_id: int
    case_id: int | None
    contact_id: str | None
    author: str
    body: str
    created_at: datetime


class FollowUpCreate(Body):
    customer_id: Id
    kind: FollowUpKind = FollowUpKind.FOLLOW_UP
    due_at: Moment
    owner_id: Id | None = Field(None, description="Default: whoever creates it.")
    case_id: Id | None = None
    phone: ShortText | None = Field(
        None, description="A callback's number; default: the customer's."
    )
    note: LongText = ""


class FollowUpUpdate(Body):
    due_at: Moment | None = None
    owner_id: Id | None = None
    note: LongText | None = None
    done: bool | None = Field(None, description="true: done now; false: open again.")


class FollowUpOut(Out):
    id: int
    customer_id: int
    case_id: int | None
    kind: FollowUpKind
    owner_id: int | None
    due_at: datetime
    phone: str | None
    note: str
    done_at: datetime | None
    created_by: str
    created_at: datetime


class TimelineItemOut(Out):
    kind: str = Field(description="contact, note, case, case_change or follow_up")
    at: datetime
    ref: str
    title: str
    detail: dict[str, Any]
