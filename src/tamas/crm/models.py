"""Customers and everything that happened with them: identities, cases with their history,
notes, follow-ups and callbacks, and the wrap-up codes (dispositions) of each queue.

Contacts themselves are not stored here: they are in the event log, and a customer's
timeline finds them there by the customer's phone numbers (`tamas.crm.timeline`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tamas.store.orm import Base, UtcTime, text_enum, utc_now


class IdentityKind(StrEnum):
    PHONE = "phone"
    """E.164, e.g. +989121234567."""
    EMAIL = "email"
    NATIONAL_ID = "national_id"
    ACCOUNT_ID = "account_id"


class CaseStatus(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    """Waiting for the customer or a third party."""
    ESCALATED = "escalated"
    """Handed up to a supervisor."""
    RESOLVED = "resolved"
    CLOSED = "closed"
    """Final: the customer confirmed, or the reopen window passed."""


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class FollowUpKind(StrEnum):
    FOLLOW_UP = "follow_up"
    """Something to do for the customer by the due time."""
    CALLBACK = "callback"
    """A call to the customer's number at the due time."""


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now, onupdate=utc_now)
    identities: Mapped[list[CustomerIdentity]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="CustomerIdentity.id"
    )


class CustomerIdentity(Base):
    """One way to recognise a customer; each value belongs to one customer only."""

    __tablename__ = "customer_identities"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[IdentityKind] = mapped_column(text_enum(IdentityKind, 16))
    value: Mapped[str] = mapped_column(String(254), index=True)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    priority: Mapped[Priority] = mapped_column(text_enum(Priority, 16))
    status: Mapped[CaseStatus] = mapped_column(text_enum(CaseStatus, 16), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sla_due_at: Mapped[datetime] = mapped_column(UtcTime)
    contact_id: Mapped[str | None] = mapped_column(String(150))
    """The contact (event log `contact_id`) the case was opened from, if any."""
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now, onupdate=utc_now)

    @property
    def number(self) -> str:
        return case_number(self.id)


def case_number(case_id: int) -> str:
    """The number people quote for a case: C-000042."""
    return f"C-{case_id:06d}"


class CaseChange(Base):
    """One step in a case's history: what changed (old and new values), who, when, why.
    Only ever appended."""

    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
    actor: Mapped[str] = mapped_column(String(64))
    changes: Mapped[str] = mapped_column(Text)
    """JSON object: field -> [old, new]."""
    comment: Mapped[str] = mapped_column(Text, default="")


class Note(Base):
    """A note on a customer, optionally about one contact or one case. Never edited."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[str | None] = mapped_column(String(150))
    author: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)


class FollowUp(Base):
    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[FollowUpKind] = mapped_column(text_enum(FollowUpKind, 16))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_at: Mapped[datetime] = mapped_column(UtcTime, index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    """For a callback: the number to call (E.164)."""
    note: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None] = mapped_column(UtcTime)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)


class Disposition(Base):
    """A wrap-up code agents of a queue choose from when a contact ends."""

    __tablename__ = "dispositions"
    __table_args__ = (UniqueConstraint("queue_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
