"""The command line: the Typer app, its commands, and the one error handler."""

from __future__ import annotations

import sys
import traceback
from typing import Annotated

import typer

from bonsclics_cli import __version__
from bonsclics_cli.cli import questionnaires, schema, validate
from bonsclics_cli.cli.console import print_error
from bonsclics_cli.cli.export import export
from bonsclics_cli.cli.forget import forget
from bonsclics_cli.cli.history import history
from bonsclics_cli.cli.import_answers import import_answers
from bonsclics_cli.cli.persons import persons
from bonsclics_cli.cli.purge import purge
from bonsclics_cli.cli.where import where
from bonsclics_cli.errors import BonsclicsError

app = typer.Typer(
    name="bonsclics",
    help="Digital-autonomy diagnostics for social work: questionnaires, interviews, "
    "scores and reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

app.command()(validate.validate)
app.command()(schema.schema)
app.command("questionnaires")(questionnaires.list_questionnaires)
app.command()(questionnaires.show)
app.command()(where)
app.command("import")(import_answers)
app.command()(persons)
app.command()(history)
app.command()(export)
app.command()(forget)
app.command()(purge)


class _State:
    debug = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bonsclics {__version__}")
        raise typer.Exit


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    _State.debug = debug


def main(argv: list[str] | None = None) -> None:
    """Run the app; map every error to its message and exit code (FORMAT.md §6).

    Typer itself exits 2 on usage errors and 130 on Ctrl-C.
    """
    try:
        app(args=argv, prog_name="bonsclics")
    except BonsclicsError as exc:
        print_error(str(exc))
        sys.exit(exc.exit_code)
    except Exception as exc:
        # Never show locals: answers are personal data. The traceback only on request.
        print_error(
            f"internal error ({type(exc).__name__}); please report it. "
            "Run again with --debug for details."
        )
        if _State.debug:
            traceback.print_exception(exc)
        sys.exit(1)
