"""`tamas user ...`: accounts for a real deployment, made at the server's own terminal
(the first admin cannot be made through the API, which needs an admin)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tamas.audit import CommandLine
from tamas.cli.options import DatabaseOption, run_in_session
from tamas.errors import InputError
from tamas.org.models import Role
from tamas.org.users import check_password, check_username, create_user

app = typer.Typer(help="User accounts of the server.", no_args_is_help=True)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError(
            "no terminal to ask for the password on: give --password-stdin and write the "
            "password to standard input"
        )
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@app.command("create")
def create(
    username: Annotated[
        str, typer.Argument(help="Sign-in name (lower-case letters, digits, .-_).")
    ],
    role: Annotated[Role, typer.Option(help="What the user may see and do (docs/api.md).")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    full_name: Annotated[str, typer.Option(help="The person's name as colleagues see it.")] = "",
    agent_name: Annotated[
        str | None,
        typer.Option(help="How the event log names this agent [default: the username]."),
    ] = None,
    db: DatabaseOption = None,
) -> None:
    """Add a user; asks for the password twice unless --password-stdin."""
    check_username(username)
    password = check_password(_read_password(password_stdin))
    fields = {
        "username": username,
        "password": password,
        "role": role,
        "full_name": full_name,
        "agent_name": agent_name,
        "skills": {},
    }
    user = run_in_session(db, lambda session: create_user(session, CommandLine(), fields))
    typer.echo(f"user {user.username} ({user.role.value}) created with id {user.id}")
