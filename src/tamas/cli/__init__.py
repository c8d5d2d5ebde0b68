"""The `tamas` command. Each command group lives in its own module and is registered here.

Errors a person can act on (`InputError`) are shown here, once for every command, as one
line on stderr with exit code 2; nothing else a command raises is expected.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from tamas.cli import demo, generate, imports, report, serve, sim, user, wfm
from tamas.errors import InputError


class _TamasGroup(TyperGroup):
    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except InputError as error:
            typer.echo(f"tamas: {error}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    name="tamas",
    cls=_TamasGroup,
    help="Tamas (تماس): contact-center routing, KPIs and workforce planning.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("demo")(demo.demo)
app.add_typer(generate.app, name="generate")
app.add_typer(imports.app, name="import")
app.add_typer(report.app, name="report")
app.add_typer(wfm.app, name="wfm")
app.add_typer(sim.app, name="sim")
app.add_typer(user.app, name="user")
app.command("serve")(serve.serve)


def main() -> None:
    app()
