"""The `tamas` command. Each command group lives in its own module and is registered here."""

from __future__ import annotations

import typer

from tamas.cli import wfm

app = typer.Typer(
    name="tamas",
    help="Tamas (تماس): contact-center routing, KPIs and workforce planning.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(wfm.app, name="wfm")


def main() -> None:
    app()
