"""The command line: the Typer app, its commands, and the one error handler."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

import typer

from bonsclics_cli import __version__
from bonsclics_cli.cli import questionnaires, schema, structure, validate
from bonsclics_cli.cli.console import describe_os_error, quiet_closed_stdout, tolerant_streams
from bonsclics_cli.cli.context import AppContext, use
from bonsclics_cli.cli.export import export
from bonsclics_cli.cli.forget import forget
from bonsclics_cli.cli.history import history
from bonsclics_cli.cli.import_answers import import_answers
from bonsclics_cli.cli.persons import persons
from bonsclics_cli.cli.purge import purge
from bonsclics_cli.cli.report import report
from bonsclics_cli.cli.run import run
from bonsclics_cli.cli.score import score
from bonsclics_cli.cli.where import where
from bonsclics_cli.errors import BonsclicsError, ExitCode


def _handled(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``command``, turning our errors into a message and their exit code (FORMAT §6).

    Typer's own usage errors exit 2 and Ctrl-C exits 130 on their own.
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        context = use(kwargs.get("ctx"))  # every command takes the Typer context as ctx
        try:
            return command(*args, **kwargs)
        except BonsclicsError as exc:
            context.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except BrokenPipeError:
            # `bonsclics export | head`: the reader has seen enough. Stop quietly, and let
            # nothing try to write to the closed pipe again at exit.
            quiet_closed_stdout()
            raise typer.Exit(ExitCode.INVALID) from None
        except OSError as exc:
            # The machine, not a bug: a full disk, a read-only or unreadable folder.
            context.error(describe_os_error(exc))
            raise typer.Exit(ExitCode.INVALID) from None
        except Exception as exc:
            # Never show locals: answers are personal data. The traceback only on request.
            context.error(
                f"internal error ({type(exc).__name__}); please report it. "
                "Run again with --debug for details."
            )
            if context.debug:
                import traceback

                traceback.print_exception(exc, file=context.stderr)
            raise typer.Exit(ExitCode.INVALID) from None

    return run


class _App(typer.Typer):
    """A Typer app whose every command goes through the one error handler."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(function: Callable[..., Any]) -> Any:
            register(_handled(function))
            return function

        return decorator


app = _App(
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
app.command()(run)
app.command()(purge)
app.command()(report)
app.command()(score)

# `bonsclics structure init|show`: the structure's profile (cli/structure.py).
structure_app = _App(
    name="structure",
    help="The structure's profile: its contact and local offers, printed on the reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
structure_app.command("init")(structure.init)
structure_app.command("show")(structure.show)
app.add_typer(structure_app, name="structure")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bonsclics {__version__}")
        raise typer.Exit


@app.callback()
def _options(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    # Built once for the invocation; a test may have handed in its own (see ``main``).
    context = use(ctx)
    context.debug = context.debug or debug


def main(argv: list[str] | None = None, *, context: AppContext | None = None) -> None:
    """The ``bonsclics`` console script; ``context`` replaces the one made from the process."""
    tolerant_streams()
    app(args=argv, prog_name="bonsclics", obj=context)
