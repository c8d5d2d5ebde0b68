"""The audit log: who viewed or changed customer data, and every change an admin made.

Entries are written in the same transaction as what they record, so a change and its
entry are stored together or not at all; they are never updated or deleted through Tamas.
The actor's username is kept next to its id, so that an entry still names the person
after their account is removed.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from sqlalchemy import ForeignKey, Select, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from tamas.errors import NotFoundError
from tamas.store.orm import Base, UtcTime, utc_now

M = TypeVar("M", bound=Base)


class AuditAction(StrEnum):
    VIEW = "view"
    SEARCH = "search"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
    """JSON: what was searched for, which fields changed (names, not values)..."""


class Actor(Protocol):
    """Who does something: a signed-in user (`tamas.org.User`), or `CommandLine`."""

    @property
    def id(self) -> int | None: ...

    @property
    def username(self) -> str: ...


@dataclass(frozen=True)
class CommandLine:
    """A person working with the `tamas` command, named by their login on the machine."""

    username: str = field(default_factory=lambda: f"cli:{getpass.getuser()}"[:64])
    id: None = None


def record(
    session: AsyncSession,
    actor: Actor,
    action: AuditAction,
    entity: str,
    entity_id: object = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an entry to the session's transaction (stored when it commits)."""
    session.add(
        AuditEntry(
            user_id=actor.id,
            username=actor.username,
            action=action.value,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=None if detail is None else json.dumps(detail, ensure_ascii=False),
        )
    )


async def entries(
    session: AsyncSession,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    username: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntry]:
    """The newest entries first, optionally about one entity or by one person."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    if username is not None:
        query = query.where(AuditEntry.username == username)
    return list(await session.scalars(query))


async def view(session: AsyncSession, actor: Actor, model: type[M], record_id: int) -> M:
    """One record of customer data, its reading audited; NotFoundError when there is none."""
    found = await session.get(model, record_id)
    if found is None:
        raise NotFoundError(f"{model.__tablename__} {record_id}: not found")
    record(session, actor, AuditAction.VIEW, model.__tablename__, record_id)
    return found


async def search(
    session: AsyncSession,
    actor: Actor,
    entity: str,
    query: Select[tuple[M]],
    limit: int,
    offset: int,
    detail: dict[str, Any] | None = None,
) -> list[M]:
    """The rows of a query on customer data, the search audited with what it found."""
    found = list(await session.scalars(query.limit(limit).offset(offset)))
    record(
        session, actor, AuditAction.SEARCH, entity, detail={**(detail or {}), "found": len(found)}
    )
    return found
