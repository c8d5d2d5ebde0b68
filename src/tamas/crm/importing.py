"""Importing customers from CSV: all of a file or none of it.

The file is UTF-8 (a BOM is fine) with a header row naming its columns: `name` (needed)
and any of `phone`, `email`, `national_id`, `account_id`. A `phone` cell may hold several
numbers separated by `;`. Every value is checked and normalised as the API checks it; an
identity already on another customer, or on another line of the file, is an error. The
first error names the file, line and column, and nothing is stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor, AuditAction, record
from tamas.crm.customers import ENTITY
from tamas.crm.identities import DEFAULT_REGION, normalize_identity
from tamas.crm.models import Customer, CustomerIdentity, IdentityKind
from tamas.errors import InputError

IDENTITY_COLUMNS = {kind.value: kind for kind in IdentityKind}
COLUMNS = ("name", *IDENTITY_COLUMNS)
MULTI_VALUE_SEPARATOR = ";"
NAME_LENGTH = 200
_LOOKUP_CHUNK = 500


@dataclass
class CustomerLine:
    line: int
    name: str
    identities: dict[tuple[IdentityKind, str], str] = field(default_factory=dict)
    """(kind, canonical value) -> the column it came from."""


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{source}:{line}: expected UTF-8 text", field="file") from None


def read_customer_lines(
    data: bytes, source: str, region: str = DEFAULT_REGION
) -> list[CustomerLine]:
    """The customers of a CSV file, each value checked; InputError at the first bad one."""
    reader = csv.reader(io.StringIO(_decode(data, source), newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    unknown = [name for name in header if name not in COLUMNS]
    if "name" not in header or unknown or len(set(header)) != len(header):
        raise InputError(
            f"{source}:1: expected a header row with the column name and any of "
            f"{', '.join(COLUMNS[1:])}, each once; got {', '.join(header) or 'nothing'}",
            field="file",
        )
    customers = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        where = f"{source}:{reader.line_num}"
        if len(cells) != len(header):
            raise InputError(
                f"{where}: expected {len(header)} cells, got {len(cells)}", field="file"
            )
        row = dict(zip(header, cells, strict=True))
        name = row.pop("name").strip()
        if not name or len(name) > NAME_LENGTH or "\x00" in name:
            raise InputError(f"{where}: name: expected 1 to {NAME_LENGTH} characters", field="file")
        customer = CustomerLine(reader.line_num, name)
        for column, cell in row.items():
            values = cell.split(MULTI_VALUE_SEPARATOR) if column == "phone" else [cell]
            for value in filter(None, (value.strip() for value in values)):
                kind = IDENTITY_COLUMNS[column]
                try:
                    canonical = normalize_identity(kind, value, region, field=column)
                except InputError as error:
                    raise InputError(f"{where}: {error}", field="file") from None
                customer.identities[kind, canonical] = column
        customers.append(customer)
    return customers


async def _taken(session: AsyncSession, wanted: list[tuple[IdentityKind, str]]) -> dict:
    taken = {}
    for start in range(0, len(wanted), _LOOKUP_CHUNK):
        values = [value for _kind, value in wanted[start : start + _LOOKUP_CHUNK]]
        rows = await session.execute(
            select(
                CustomerIdentity.kind, CustomerIdentity.value, CustomerIdentity.customer_id
            ).where(CustomerIdentity.value.in_(values))
        )
        taken.update({(kind, value): customer_id for kind, value, customer_id in rows})
    return taken


async def import_customers(
    session: AsyncSession,
    actor: Actor,
    data: bytes,
    source: str,
    region: str = DEFAULT_REGION,
) -> int:
    """Add the customers of a CSV file to the session (all or none); returns how many."""
    lines = read_customer_lines(data, source, region)
    first_line: dict[tuple[IdentityKind, str], int] = {}
    for customer in lines:
        for identity, column in customer.identities.items():
            if identity in first_line:
                raise InputError(
                    f"{source}:{customer.line}: {column}: {identity[1]} is also on line "
                    f"{first_line[identity]}",
                    field="file",
                )
            first_line[identity] = customer.line
    taken = await _taken(session, list(first_line))
    for customer in lines:
        for identity, column in customer.identities.items():
            if identity in taken:
                raise InputError(
                    f"{source}:{customer.line}: {column}: {identity[1]} already belongs to "
                    f"customer {taken[identity]}",
                    field="file",
                )
        session.add(
            Customer(
                name=customer.name,
                identities=[
                    CustomerIdentity(kind=kind, value=value) for kind, value in customer.identities
                ],
            )
        )
    await session.flush()
    record(
        session,
        actor,
        AuditAction.IMPORT,
        ENTITY,
        detail={"source": source, "customers": len(lines)},
    )
    return len(lines)
