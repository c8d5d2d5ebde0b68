"""Each queue's targets: the service level to reach (within its threshold), the longest
wait to allow, the abandon rate, ASA and AHT not to exceed. The wallboard shows today's
figures against them and raises an alert when one is missed or at risk.

A queue without a stored row has the defaults (`DEFAULTS`, the industry's usual 80/20);
supervisors, managers and admins change them, each change audited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import Double, ForeignKey, Integer, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from tamas.audit import Actor, AuditAction, record
from tamas.errors import InputError
from tamas.org.models import Queue
from tamas.store.orm import Base


@dataclass(frozen=True)
class Targets:
    """What a queue should achieve today.

    service_level: share of offered contacts (short abandons aside) answered within
    sl_threshold_s seconds; max_wait_s: a contact waiting longer than this raises an
    alert; abandon_rate, asa_s, aht_s: ceilings (docs/kpi.md defines each figure).
    """

    service_level: float = 0.8
    sl_threshold_s: int = 20
    max_wait_s: int = 60
    abandon_rate: float = 0.05
    asa_s: int = 30
    aht_s: int = 300

    def __post_init__(self) -> None:
        for name in ("service_level", "abandon_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(f"{name}: expected a share from 0 to 1, got {value}", field=name)
        for name in ("sl_threshold_s", "max_wait_s", "asa_s", "aht_s"):
            value = getattr(self, name)
            if not 1 <= value <= 86_400:
                raise InputError(
                    f"{name}: expected whole seconds from 1 to 86400, got {value}", field=name
                )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


DEFAULTS = Targets()
TARGET_FIELDS = tuple(f.name for f in fields(Targets))


class QueueTarget(Base):
    """A queue's targets, when they differ from the defaults."""

    __tablename__ = "queue_targets"

    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    )
    service_level: Mapped[float] = mapped_column(Double)
    sl_threshold_s: Mapped[int] = mapped_column(Integer)
    max_wait_s: Mapped[int] = mapped_column(Integer)
    abandon_rate: Mapped[float] = mapped_column(Double)
    asa_s: Mapped[int] = mapped_column(Integer)
    aht_s: Mapped[int] = mapped_column(Integer)

    def targets(self) -> Targets:
        return Targets(**{name: getattr(self, name) for name in TARGET_FIELDS})


async def queue_targets(session: AsyncSession) -> dict[str, Targets]:
    """Every queue's targets, by queue name (the defaults where none are stored)."""
    rows = await session.execute(
        select(Queue.name, QueueTarget).outerjoin(QueueTarget, QueueTarget.queue_id == Queue.id)
    )
    return {name: row.targets() if row else DEFAULTS for name, row in rows}


async def set_targets(
    session: AsyncSession, actor: Actor, queue: str, changes: dict[str, Any]
) -> Targets:
    """Change some of a queue's targets (the others stay as they are), audited; commit
    after. InputError naming the field when a value is out of range."""
    row = await session.scalar(select(Queue).where(Queue.name == queue))
    if row is None:
        raise InputError(f"queue: no queue named {queue!r}", field="queue")
    stored = await session.get(QueueTarget, row.id)
    before = stored.targets() if stored else DEFAULTS
    after = Targets(**(before.as_dict() | changes))
    if stored is None:
        stored = QueueTarget(queue_id=row.id, **after.as_dict())
        session.add(stored)
    else:
        for name, value in after.as_dict().items():
            setattr(stored, name, value)
    old = before.as_dict()
    changed = {name: value for name, value in after.as_dict().items() if old[name] != value}
    record(session, actor, AuditAction.UPDATE, "queue_targets", queue, {"changed": changed})
    return after
