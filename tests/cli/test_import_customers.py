"""`tamas import customers`: all of a file or none, errors naming line and column."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from tamas.cli import _TamasGroup, import_customers
from tamas.cli.options import run_in_session
from tamas.crm.models import Customer

runner = CliRunner()
group = typer.Typer(cls=_TamasGroup, callback=lambda: None)
"""Like `tamas import` (which needs the Asterisk connector, merged separately)."""
import_customers.register(group)


def _count(url: str) -> int:
    async def count(session):
        return await session.scalar(select(func.count()).select_from(Customer))

    return run_in_session(url, count)


def test_customers_are_imported_and_a_bad_file_stores_nothing(
    database_url: str, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text("name,phone\nAli,09121234567\nSara,+98 935 123 4567\n", encoding="utf-8")
    result = runner.invoke(group, ["customers", str(good), "--db", database_url])
    assert result.exit_code == 0, result.output
    assert "2 customers imported" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,phone\nReza,09351112233\nNima,0912123456789\n", encoding="utf-8")
    result = runner.invoke(group, ["customers", str(bad), "--db", database_url])
    assert result.exit_code == 2
    assert f"{bad}:3: phone: expected a phone number" in result.output
    again = runner.invoke(group, ["customers", str(good), "--db", database_url])
    assert again.exit_code == 2
    assert "+989121234567 already belongs to customer" in again.output
    assert _count(database_url) == 2
