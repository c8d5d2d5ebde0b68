"""The people and structure of a center: users and their roles, teams, departments,
queues and skills, and the record of failed sign-ins that throttles guessing."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tamas.store.orm import Base, UtcTime, text_enum, utc_now


class Role(StrEnum):
    """What a user may see and do; docs/api.md has the full table."""

    AGENT = "agent"
    """Serves contacts: sees customers and cases, and only its own figures."""
    SUPERVISOR = "supervisor"
    """Team lead: sees its teams' agents and their figures."""
    MANAGER = "manager"
    """Runs the center: sees everyone's figures."""
    PLANNER = "planner"
    """Workforce planning: users, queues and volumes; no customer data."""
    ADMIN = "admin"
    """Manages users, teams, departments, queues, skills and dispositions."""


class Department(Base):
    """Where a case can be handed: repairs, engineering, billing, management..."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")


class Team(Base):
    """Agents led by one or more supervisors."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    supervisors: Mapped[list[User]] = relationship(
        secondary="team_supervisors", lazy="selectin", order_by="User.id"
    )

    @property
    def supervisor_ids(self) -> list[int]:
        return [user.id for user in self.supervisors]


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(text_enum(Role, 16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    agent_name: Mapped[str | None] = mapped_column(String(128), unique=True)
    """How the event log names this agent (`events.agent`, e.g. Asterisk's member name)."""
    language: Mapped[str | None] = mapped_column(String(8))
    """The language of the user's screens (fa, en); None: as the browser asks."""
    persian_digits: Mapped[bool] = mapped_column(Boolean, default=True)
    """Whether Persian screens write numbers with Persian digits (۱۲۳) or Latin ones."""
    time_zone: Mapped[str | None] = mapped_column(String(64))
    """Where the user's screens show times (IANA name); None: the center's time zone."""
    created_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
    skills: Mapped[list[UserSkill]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="UserSkill.skill_id"
    )

    @property
    def skill_levels(self) -> dict[str, int]:
        return {row.skill.name: row.level for row in self.skills}


class TeamSupervisor(Base):
    __tablename__ = "team_supervisors"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class Skill(Base):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")


class UserSkill(Base):
    """An agent's proficiency in a skill, 1 (learning) to 10 (expert), as the router reads it."""

    __tablename__ = "user_skills"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[int] = mapped_column(SmallInteger)
    skill: Mapped[Skill] = relationship(lazy="joined")


class Queue(Base):
    """A queue as the event log names it (`events.queue`), with what the desktop needs."""

    __tablename__ = "queues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    wrap_up_s: Mapped[int] = mapped_column(Integer, default=0)
    """Seconds an agent has after a contact of this queue for wrap-up work."""


class SignInFailure(Base):
    """Failed sign-ins of one username from one client, kept in the database so that every
    server process sees the same count (see `tamas.org.signin`)."""

    __tablename__ = "sign_in_failures"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failed_at: Mapped[datetime] = mapped_column(UtcTime)
    locked_until: Mapped[datetime | None] = mapped_column(UtcTime)
