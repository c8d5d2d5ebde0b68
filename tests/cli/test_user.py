"""`tamas user create` and the checks `tamas serve` makes before it starts."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from tamas.cli import app
from tamas.cli.options import run_in_session
from tamas.org.models import Role, User
from tamas.org.passwords import verify_password

runner = CliRunner()


def _user(url: str, username: str) -> User | None:
    async def find(session):
        return await session.scalar(select(User).where(User.username == username))

    return run_in_session(url, find)


def test_a_user_is_created_with_the_password_from_stdin(database_url: str) -> None:
    result = runner.invoke(
        app,
        ["user", "create", "admin", "--role", "admin", "--password-stdin", "--db", database_url],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    user = _user(database_url, "admin")
    assert user.role is Role.ADMIN
    assert verify_password(user.password_hash, "a long password")
    again = runner.invoke(
        app,
        ["user", "create", "admin", "--role", "agent", "--password-stdin", "--db", database_url],
        input="a long password\n",
    )
    assert again.exit_code == 2
    assert "username: 'admin' is already taken" in again.output


def test_bad_input_is_one_line_and_stores_nothing(sqlite_url: str) -> None:
    for args, stdin, message in [
        (["Admin", "--role", "admin", "--password-stdin"], "a long password\n", "username:"),
        (["ali", "--role", "agent", "--password-stdin"], "short\n", "at least 8 characters"),
        (["ali", "--role", "agent"], "", "--password-stdin"),
    ]:
        result = runner.invoke(app, ["user", "create", *args, "--db", sqlite_url], input=stdin)
        assert result.exit_code == 2
        assert message in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert _user(sqlite_url, "ali") is None
    unknown_role = runner.invoke(app, ["user", "create", "ali", "--role", "boss"])
    assert unknown_role.exit_code == 2


def test_serve_refuses_to_start_without_a_secret_key(sqlite_url: str, monkeypatch) -> None:
    monkeypatch.delenv("TAMAS_SECRET_KEY", raising=False)
    monkeypatch.delenv("TAMAS_DEMO", raising=False)
    result = runner.invoke(app, ["serve", "--db", sqlite_url])
    assert result.exit_code == 2
    assert "TAMAS_SECRET_KEY is not set" in result.output
    monkeypatch.setenv("TAMAS_SECRET_KEY", "too short")
    result = runner.invoke(app, ["serve", "--db", sqlite_url])
    assert result.exit_code == 2
    assert "at least 32 characters" in result.output
