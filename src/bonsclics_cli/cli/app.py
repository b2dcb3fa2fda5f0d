"""The command line: the Typer app, its commands, and the one error handler.

Every text of the help (the app's, the commands', the options') is written as an English
message marked with ``N_``, and translated when the command line is built for an
invocation (:func:`command_tree`), once its language is known: ``--lang``, then
``BONSCLICS_LANG``, then the locale, French otherwise. Click's and Typer's own words
follow the same language (:mod:`bonsclics_cli.cli.click_words`).
"""

from __future__ import annotations

import copy
import functools
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

import typer
from typer._click import Command, Context, HelpFormatter
from typer.core import TyperArgument, TyperGroup
from typer.main import get_command
from typer.models import CommandInfo

from bonsclics_cli import __version__
from bonsclics_cli.cli import questionnaires, schema, structure, validate
from bonsclics_cli.cli.click_words import speak_the_users_language
from bonsclics_cli.cli.console import describe_os_error, quiet_closed_stdout, tolerant_streams
from bonsclics_cli.cli.context import AppContext, use
from bonsclics_cli.cli.export import export
from bonsclics_cli.cli.fingerprint import fingerprint
from bonsclics_cli.cli.forget import forget
from bonsclics_cli.cli.history import history
from bonsclics_cli.cli.import_answers import import_answers
from bonsclics_cli.cli.paper import paper
from bonsclics_cli.cli.persons import persons
from bonsclics_cli.cli.purge import purge
from bonsclics_cli.cli.report import report
from bonsclics_cli.cli.run import run
from bonsclics_cli.cli.score import score
from bonsclics_cli.cli.where import where
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import BonsclicsError, ExitCode
from bonsclics_cli.i18n import LANGUAGES, N_, _


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
            # `bonsclics export | head`: the reader has seen enough. Stop quietly, as a
            # program the pipe's SIGPIPE ended (128 + 13), and let nothing try to write to
            # the closed pipe again at exit.
            quiet_closed_stdout()
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except OSError as exc:
            # The machine, not a bug: a full disk, a read-only or unreadable folder.
            context.error(describe_os_error(exc))
            raise typer.Exit(ExitCode.INVALID) from None
        except Exception as exc:
            # Never show locals: answers are personal data. The traceback only on request.
            context.error(
                _(
                    "internal error ({name}); please report it. Run again with --debug for details."
                ).format(name=type(exc).__name__)
            )
            if context.debug:
                import traceback

                traceback.print_exception(exc, file=context.stderr)
            raise typer.Exit(ExitCode.INVALID) from None

    return run


class _Group(TyperGroup):
    """The top level: commands listed by job (``rich_help_panel``), in the order registered."""

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in commands)
        panels: dict[str, list[tuple[str, str]]] = {}
        for name, command in commands:
            panel = getattr(command, "rich_help_panel", None) or _("Commands")
            panels.setdefault(panel, []).append((name, command.get_short_help_str(limit)))
        for panel, rows in panels.items():
            with formatter.section(panel):
                formatter.write_dl(rows)


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
    cls=_Group,
    help=N_(
        "Digital-autonomy diagnostics for social work: questionnaires, interviews, "
        "scores and reports."
    ),
    epilog=N_("'bonsclics COMMAND --help' explains a command, with an example."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

INTERVIEW = N_("Interview")
REPORTS = N_("Reports")
DATA = N_("Data")
QUESTIONNAIRES = N_("Questionnaires")

# (name, function, job, help, examples): the order of the help, `run` first. The first
# sentence of a help is the one line of `bonsclics --help`: keep it short.
COMMANDS: tuple[tuple[str, Callable[..., Any], str, str, tuple[str, ...]], ...] = (
    (
        "run",
        run,
        INTERVIEW,
        N_(
            "Run a diagnostic with the person beside you. "
            "Every answer is saved as soon as it is given; an interview stopped by Ctrl-C "
            "can be resumed with --resume."
        ),
        (N_("bonsclics run --person BC-7F3K9Q"),),
    ),
    (
        "paper",
        paper,
        INTERVIEW,
        N_(
            "Write a blank paper form to print. One question per block, the conditions in "
            "words, in the questionnaire's language; HTML, or PDF with the 'pdf' extra. Type "
            "the filled forms in with 'run --from-paper'."
        ),
        (N_("bonsclics paper reperage-rapide -o reperage.html"),),
    ),
    (
        "persons",
        persons,
        INTERVIEW,
        N_(
            "List the persons and where they stand. One line each: their sessions, last date, "
            "score and level."
        ),
        (N_("bonsclics persons"),),
    ),
    (
        "history",
        history,
        INTERVIEW,
        N_(
            "Show a person's progress. Their scores per domain and overall, session after "
            "session, with the change."
        ),
        (N_("bonsclics history BC-7F3K9Q"),),
    ),
    (
        "report",
        report,
        REPORTS,
        N_(
            "Write a report for each answers file. HTML (default), Markdown or JSON, for the "
            "person or the professional; the professional's report shows the change since "
            "the person's previous session when the data folder holds one."
        ),
        (N_("bonsclics report session.json --audience person -o report.html"),),
    ),
    (
        "score",
        score,
        REPORTS,
        N_(
            "Score answers files, one or thousands. As a table, CSV, JSON or a summary of the "
            "group; a broken file is named and the others are scored."
        ),
        (N_("bonsclics score answers/ --summary"),),
    ),
    (
        "where",
        where,
        DATA,
        N_(
            "Show the data folder. Its path, the persons and sessions it holds, its size, "
            "and whether it is private."
        ),
        (N_("bonsclics where"),),
    ),
    (
        "import",
        import_answers,
        DATA,
        N_(
            "Store answers files collected elsewhere. They are checked as 'score' does, then "
            "stored under their person in the data folder; --from-table imports a "
            "spreadsheet (CSV or xlsx) with one row per person, --template writes one."
        ),
        (
            N_("bonsclics import answers/"),
            N_("bonsclics import --from-table answers.csv --questionnaire reperage-rapide"),
        ),
    ),
    (
        "export",
        export,
        DATA,
        N_(
            "Export the sessions, or one person's data. One row per session (CSV or JSON "
            "Lines), anonymised on request; with --person, everything kept about that person "
            "(the right of access)."
        ),
        (N_("bonsclics export --anonymize -o sessions.csv"),),
    ),
    (
        "forget",
        forget,
        DATA,
        N_(
            "Erase everything kept about a person. Sessions, reports and locks: the right to "
            "erasure. It cannot be undone."
        ),
        (N_("bonsclics forget BC-7F3K9Q"),),
    ),
    (
        "purge",
        purge,
        DATA,
        N_(
            "Erase the persons seen too long ago. Everyone whose last session is older than "
            "the retention period."
        ),
        (N_("bonsclics purge --older-than 24m --dry-run"),),
    ),
    (
        "questionnaires",
        questionnaires.list_questionnaires,
        QUESTIONNAIRES,
        N_("List the available questionnaires."),
        (N_("bonsclics questionnaires"),),
    ),
    (
        "show",
        questionnaires.show,
        QUESTIONNAIRES,
        N_("Show a questionnaire as tables. Its domains, questions, levels and advice."),
        (N_("bonsclics show autonomie-numerique"),),
    ),
    (
        "validate",
        validate.validate,
        QUESTIONNAIRES,
        N_("Check questionnaire files. Every problem is listed, located as FILE:LINE:COL."),
        (N_("bonsclics validate my-questionnaire.toml"),),
    ),
    (
        "schema",
        schema.schema,
        QUESTIONNAIRES,
        N_("Print the JSON Schema of questionnaire files. Draft 2020-12, for editors."),
        (N_("bonsclics schema > questionnaire.schema.json"),),
    ),
    (
        "fingerprint",
        fingerprint,
        QUESTIONNAIRES,
        N_(
            "Show a questionnaire's fingerprint. Its id, version and sha256, as an answers "
            "file names them: what a script writing answers files needs; --format json "
            "prints the "
            '"questionnaire" object itself.'
        ),
        (N_("bonsclics fingerprint reperage-rapide --format json"),),
    ),
)

EXAMPLES = {name: examples for name, _function, _job, _help, examples in COMMANDS}

for _name, _function, _job, _help, _examples in COMMANDS:
    app.command(_name, help=_help, rich_help_panel=_job)(_function)

# `bonsclics structure init|show`: the structure's profile (cli/structure.py).
structure_app = _App(
    name="structure",
    help=N_(
        "Set up the structure's profile. Its contact and local offers, printed on the "
        "person's page under the steps they answer."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
structure_app.command(
    "init",
    help=N_(
        "Write a template of the structure's profile, in French, with comments. Fill it "
        "in, then check it with 'bonsclics validate'."
    ),
)(structure.init)
structure_app.command(
    "show", help=N_("Show the structure's profile in use: its contact and local offers.")
)(structure.show)
app.add_typer(structure_app, name="structure", rich_help_panel=REPORTS)
EXAMPLES["structure"] = (N_("bonsclics structure init"),)
GROUP_EXAMPLES: dict[str, dict[str, tuple[str, ...]]] = {
    "structure": {
        "init": (N_("bonsclics structure init"),),
        "show": (N_("bonsclics structure show --structure structure.toml"),),
    }
}


class Language(StrEnum):
    """The languages of ``--lang`` (``i18n.LANGUAGES``)."""

    FR = "fr"
    EN = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bonsclics {__version__}")
        raise typer.Exit


@app.callback()
def _options(
    ctx: typer.Context,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help=N_(
                "The language of the messages (default: $BONSCLICS_LANG, else the "
                "locale's, else French)."
            ),
            show_default=False,
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain", help=N_("For screen readers: no colours, boxes, bars or animation.")
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help=N_("Show the traceback of an internal error."))
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version.")),
    ] = False,
) -> None:
    # Built once for the invocation (see ``main``); a test may have handed in its own.
    context = use(ctx)
    context.debug = context.debug or debug
    context.plain = context.plain or plain
    if lang is not None:
        context.language = lang.value


def language_flag(argv: Sequence[str]) -> str | None:
    """The value of the global ``--lang`` in ``argv``: before the command's name only,
    since ``run``, ``show`` and ``report`` have a ``--lang`` of their own (the
    questionnaire's language)."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            return next(words, None)
        if word.startswith("--lang="):
            return word.partition("=")[2]
        if not word.startswith("-"):
            return None
    return None


def command_name(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs (``run``, ``structure``…), or None: no command, an
    unknown one, or the global ``--help`` (which lists them all)."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif word in {"--help", "--version"}:
            return None
        elif not word.startswith("-"):
            known = {info.name for info in app.registered_commands}
            known |= {info.name for info in app.registered_groups}
            return word if word in known else None
    return None


def command_tree(language: str | None = None, command: str | None = None) -> Command:
    """The command line as Click runs it, every help text in ``language`` (default: the
    current one). Also what a generated command reference reads. With ``command``, the
    tree holds that command alone (``command_name``)."""
    from bonsclics_cli import i18n

    if language is not None:
        i18n.set_language(language)
    speak_the_users_language()
    return _tree_in(i18n.current_language(), command)


@functools.cache
def _tree_in(language: str, command: str | None) -> Command:
    """Typer reads the signature of every command it puts in a tree, 10 ms for all of
    them, when a command line runs one: the tree holds only the command named. Built once
    per language and command, for a process that runs several (the tests, a program
    embedding the CLI)."""
    source = copy.copy(app)
    if command is None:  # the list of the commands: their names, helps and groups only
        source.registered_commands = [_listed(info) for info in app.registered_commands]
    else:
        source.registered_commands = [i for i in app.registered_commands if i.name == command]
        source.registered_groups = [i for i in app.registered_groups if i.name == command]
    tree = get_command(source)
    _translate(tree)
    return tree


def _listed(info: CommandInfo) -> CommandInfo:
    """``info`` as the list of commands shows it: its name, help and group, without the
    parameters Typer would read from its signature (the list never shows them, and a
    command run is built in full, by ``command_name``)."""

    def listed() -> None:
        raise AssertionError("a listed command never runs")  # pragma: no cover

    shown = copy.copy(info)
    shown.help = info.help if info.help is not None else inspect.getdoc(info.callback)
    shown.callback = listed
    return shown


def _translate(command: Command, examples: Mapping[str, tuple[str, ...]] | None = None) -> None:
    """Translate the help texts Typer gathered at import, when they were still English.

    ``examples`` are those of the commands of this group (``structure`` has its own)."""
    examples_here = EXAMPLES if examples is None else examples
    for attribute in ("help", "short_help", "rich_help_panel"):
        value = getattr(command, attribute, None)
        if value:
            setattr(command, attribute, _tied(_(value)))
    name = command.name or ""
    shown = examples_here.get(name)
    if shown:
        heading = _("Example:")
        command.epilog = heading + "\n\n\b\n" + "\n".join(_(example) for example in shown)
    elif command.epilog:
        command.epilog = _(command.epilog)
    command.options_metavar = _("[OPTIONS]")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    for param in command.params:
        if isinstance(param, TyperArgument):
            _words_for_argument(param)
        help_text = getattr(param, "help", None)
        if help_text:
            param.help = _tied(_(help_text))  # type: ignore[attr-defined]
        if param.metavar:
            param.metavar = _(param.metavar)
    help_option = command.get_help_option

    def translated_help_option(ctx: Context) -> Any:
        option = help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    command.get_help_option = translated_help_option  # type: ignore[method-assign]
    inner = GROUP_EXAMPLES.get(command.name or "", examples)  # "structure show" is not "show"
    for child in getattr(command, "commands", {}).values():
        _translate(child, inner)


# French puts a space before ; : ? ! » and after «.
_LOOSE_SPACE = re.compile(r" (?=[;:?!»])|(?<=«) ")


def _tied(text: str) -> str:
    """The space French puts before ``; : ? ! »`` and after ``«`` made a no-break one, so
    that a wrapped help line never starts with the punctuation of the line before."""
    return _LOOSE_SPACE.sub("\u00a0", text)


def _words_for_argument(argument: TyperArgument) -> None:
    """An argument shown by its metavar in words (``FICHIER|DOSSIER...``), never by Typer's
    Python type (``<list[Path]>``) or braces."""

    def usage_name() -> str:
        name = argument.display_name_raw
        name = name if argument.required else f"[{name}]"
        return name + ("..." if argument.nargs != 1 else "")

    argument._usage_display_name = usage_name  # type: ignore[method-assign]
    argument.display_type_rich = lambda ctx: None  # type: ignore[method-assign]


def main(argv: list[str] | None = None, *, context: AppContext | None = None) -> None:
    """The ``bonsclics`` console script; ``context`` replaces the one made from the process
    (its language is used unless ``--lang`` is given)."""
    import os
    import sys

    tolerant_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    flag = language_flag(args)
    if context is None:
        context = AppContext.from_environment(flag)
    elif flag in LANGUAGES:
        context.language = flag
    if flag in LANGUAGES:
        # Worker processes started afresh (`score` on macOS and Windows) choose their
        # language from the environment: give them the one of --lang.
        os.environ["BONSCLICS_LANG"] = context.language
    command_tree(context.language, command_name(args)).main(
        args=args, prog_name="bonsclics", obj=context, standalone_mode=True
    )
