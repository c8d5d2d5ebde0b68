"""`tamas import customers FILE.csv`: customers into the system of record, all or none.

Registered onto the `tamas import` group (src/tamas/cli/imports.py); the format is
described in tamas.crm.importing and docs/api.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tamas.audit import CommandLine
from tamas.cli.options import DatabaseOption, run_in_session
from tamas.config import Settings
from tamas.crm.importing import import_customers
from tamas.errors import InputError


def customers(
    path: Annotated[Path, typer.Argument(help="CSV with a header: name, phone, email, ...")],
    db: DatabaseOption = None,
) -> None:
    """Import customers from CSV (UTF-8; columns name, phone, email, national_id,
    account_id); the first bad value is named by line and column, and nothing is stored."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = path.read_bytes()
    region = Settings().phone_region
    count = run_in_session(
        db, lambda session: import_customers(session, CommandLine(), data, str(path), region)
    )
    typer.echo(f"{path}: {count:,} customers imported")


def register(app: typer.Typer) -> None:
    app.command("customers")(customers)
