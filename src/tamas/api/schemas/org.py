"""Bodies of the center's records: users, teams, departments, queues, skills, dispositions.

`...Create` bodies are what POST takes, `...Update` what PATCH takes (every field
optional; only the fields given are changed), `...Out` what is answered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tamas.api.schemas.types import EventName, Id, Name, RequiredTitle, Title
from tamas.org.models import Role
from tamas.org.users import MAX_SKILL_LEVEL, MIN_SKILL_LEVEL

Username = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")
]
Password = Annotated[str, StringConstraints(min_length=8, max_length=256)]
SkillLevel = Annotated[int, Field(ge=MIN_SKILL_LEVEL, le=MAX_SKILL_LEVEL)]
Skills = Annotated[dict[Name, SkillLevel], Field(max_length=100)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class NamedCreate(Body):
    name: Name
    title: Title = ""


class NamedUpdate(Body):
    name: Name | None = None
    title: Title | None = None


class NamedOut(Out):
    id: int
    name: str
    title: str


class DepartmentCreate(NamedCreate):
    pass


class DepartmentUpdate(NamedUpdate):
    pass


class DepartmentOut(NamedOut):
    pass


class SkillCreate(NamedCreate):
    pass


class SkillUpdate(NamedUpdate):
    pass


class SkillOut(NamedOut):
    pass


WrapUp = Annotated[int, Field(ge=0, le=3600, description="Wrap-up time after a contact, s.")]


class QueueCreate(Body):
    name: EventName
    title: Title = ""
    department_id: Id | None = None
    wrap_up_s: WrapUp = 0


class QueueUpdate(Body):
    name: EventName | None = None
    title: Title | None = None
    department_id: Id | None = None
    wrap_up_s: WrapUp | None = None


class QueueOut(Out):
    id: int
    name: str
    title: str
    department_id: int | None
    wrap_up_s: int


class TeamCreate(Body):
    name: Name
    department_id: Id | None = None
    supervisor_ids: Annotated[list[Id], Field(max_length=20)] = []


class TeamUpdate(Body):
    name: Name | None = None
    department_id: Id | None = None
    supervisor_ids: Annotated[list[Id], Field(max_length=20)] | None = None


class TeamOut(Out):
    id: int
    name: str
    department_id: int | None
    supervisor_ids: list[int]


class UserCreate(Body):
    username: Username
    password: Password
    role: Role
    full_name: Title = ""
    team_id: Id | None = None
    agent_name: EventName | None = Field(
        None, description="How the event log names this agent; default: the username."
    )
    active: bool = True
    skills: Skills = {}


class UserUpdate(Body):
    username: Username | None = None
    password: Password | None = None
    role: Role | None = None
    full_name: Title | None = None
    team_id: Id | None = None
    agent_name: EventName | None = None
    active: bool | None = None
    skills: Skills | None = None


class UserOut(Out):
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    team_id: int | None
    agent_name: str | None
    skills: dict[str, int] = Field(validation_alias="skill_levels")
    created_at: datetime


class DispositionCreate(Body):
    code: Name
    title: RequiredTitle
    active: bool = True


class DispositionUpdate(Body):
    code: Name | None = None
    title: RequiredTitle | None = None
    active: bool | None = None


class DispositionOut(Out):
    id: int
    queue_id: int
    code: str
    title: str
    active: bool
