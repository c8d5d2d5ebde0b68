"""Creating, changing and removing the center's records (departments, teams, queues,
skills, users, dispositions) the same way for each: references checked, unique names
checked, the change and its audit entry committed together.

Checks here give errors that name the field, so the API answers 404/409/422 that point
at it; the database constraints stay as the last line against races.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, AuditAction, record
from tamas.errors import ConflictError, InputError, NotFoundError
from tamas.store.orm import Base

M = TypeVar("M", bound=Base)


def entity_name(model: type[Base]) -> str:
    return model.__tablename__


async def get(session: AsyncSession, model: type[M], record_id: int) -> M:
    found = await session.get(model, record_id)
    if found is None:
        raise NotFoundError(f"{entity_name(model)} {record_id}: not found")
    return found


async def one_of(
    session: AsyncSession, query: Select[tuple[M]], model: type[M], record_id: int
) -> M:
    """The record with this id among those `query` selects (what a person may see)."""
    found = await session.scalar(query.where(model.id == record_id))
    if found is None:
        raise NotFoundError(f"{entity_name(model)} {record_id}: not found")
    return found


async def list_all(session: AsyncSession, model: type[M], limit: int, offset: int) -> list[M]:
    query = select(model).order_by(model.id).limit(limit).offset(offset)
    return list(await session.scalars(query))


async def check_fields(
    session: AsyncSession, model: type[Base], fields: dict[str, Any], current: Base | None = None
) -> None:
    """Foreign keys must name existing records (422), unique columns free values (409)."""
    table = model.__table__
    for name, value in fields.items():
        column = table.c.get(name)
        if column is None:
            continue
        if value is None:
            if not column.nullable:
                raise InputError(f"{name}: may not be null", field=name)
            continue
        for foreign_key in column.foreign_keys:
            target = foreign_key.column.table
            exists = await session.scalar(select(target.c.id).where(target.c.id == value))
            if exists is None:
                raise InputError(f"{name}: no {target.name} with id {value}", field=name)
        if column.unique:
            holder = await session.scalar(select(model).where(column == value))
            if holder is not None and holder is not current:
                raise taken(name, value)


def taken(field: str, value: object) -> ConflictError:
    return ConflictError(f"{field}: {value!r} is already taken", field=field)


async def create(session: AsyncSession, actor: Actor, model: type[M], fields: dict[str, Any]) -> M:
    await check_fields(session, model, fields)
    created = model(**fields)
    session.add(created)
    await session.flush()
    record(
        session,
        actor,
        AuditAction.CREATE,
        entity_name(model),
        created.id,
        {"fields": sorted(fields)},
    )
    return created


async def update(session: AsyncSession, actor: Actor, target: M, fields: dict[str, Any]) -> M:
    await check_fields(session, type(target), fields, current=target)
    for name, value in fields.items():
        setattr(target, name, value)
    record(
        session,
        actor,
        AuditAction.UPDATE,
        entity_name(type(target)),
        target.id,
        {"fields": sorted(fields)},
    )
    return target


async def delete(session: AsyncSession, actor: Actor, target: Base) -> None:
    await session.delete(target)
    record(session, actor, AuditAction.DELETE, entity_name(type(target)), target.id)
