"""The demo: a report on a simulated week, and the live demo center, seeded once and
kept busy by simulated callers and agents."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import func, select
from typer.testing import CliRunner

from tamas.api.context import ServerContext, token_issuer
from tamas.cli import app
from tamas.cli.options import run_in_session
from tamas.cli.serve import demo_banner, prepare_demo
from tamas.config import Settings
from tamas.crm.models import Customer, Note
from tamas.demo.traffic import DemoTraffic
from tamas.events import EventType
from tamas.org.models import User
from tamas.org.passwords import verify_password


def test_demo_report_only_generates_imports_and_reports_and_can_run_again(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    command = ["demo", "--report-only", "--dir", str(tmp_path), "--days", "2"]
    first = runner.invoke(app, command)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "queue_log").stat().st_size > 0
    assert "0 duplicates skipped" in first.stdout
    assert "Service level" in first.stdout
    again = runner.invoke(app, command)
    assert again.exit_code == 0, again.output
    assert " 0 events stored" in again.stdout


def demo_settings(url: str) -> Settings:
    return Settings(
        database_url=url,
        demo=True,
        demo_traffic=True,
        secret_key=SecretStr("a demo test signing key, long enough"),
        demo_password=SecretStr("demo"),
    )


async def _counts(session) -> dict[str, object]:
    users = list(await session.scalars(select(User).order_by(User.username)))
    return {
        "users": [u.username for u in users],
        "demo password": all(verify_password(u.password_hash, "demo") for u in users),
        "customers": await session.scalar(select(func.count()).select_from(Customer)),
        "notes": await session.scalar(select(func.count()).select_from(Note)),
    }


def test_the_demo_center_is_seeded_once(database_url: str) -> None:
    settings = demo_settings(database_url)
    prepare_demo(settings)
    first = run_in_session(database_url, _counts)
    prepare_demo(settings)
    assert run_in_session(database_url, _counts) == first
    assert first["users"] == sorted(
        ["admin", "agent1", "agent2", "agent3", "manager1", "planner1", "supervisor1"]
    )
    assert first["demo password"] is True
    assert first["customers"] == 40
    assert first["notes"] >= 6
    banner = demo_banner(settings, "127.0.0.1", 8000)
    assert "NOT FOR PRODUCTION" in banner
    assert "Password: demo" in banner


def test_simulated_callers_reach_simulated_agents(sqlite_url: str) -> None:
    settings = demo_settings(sqlite_url)
    prepare_demo(settings)

    async def main() -> list:
        traffic = DemoTraffic(mean_gap_s=0.1, speed=50, seed=3)
        context = await ServerContext.open(settings, token_issuer(settings), listener=traffic)
        seen = []
        subscription = context.center.subscribe()
        try:
            await traffic.start(context.center)
            async with asyncio.timeout(30):
                async for event in subscription:
                    seen.append(event)
                    if event.type is EventType.CONTACT_WRAP_UP_DONE and event.reason:
                        break
        finally:
            await traffic.stop()
            await context.close()
        return seen

    seen = asyncio.run(main())
    answered = [e for e in seen if e.type is EventType.CONTACT_ANSWERED]
    assert answered
    assert {e.agent for e in answered} <= {"agent2", "agent3"}
    queued = [e for e in seen if e.type is EventType.CONTACT_QUEUED]
    assert all(e.caller and e.caller.startswith("0") for e in queued)
