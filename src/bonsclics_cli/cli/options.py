"""The options several commands share, defined once: same names, same help, same metavar.

An option whose type differs per command (``--format``, ``-o``) is built by a function
here, so its names and shape stay the same everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from bonsclics_cli.i18n import N_, _

# Every help and metavar is an English message marked with N_: the command line is
# translated once the invocation's language is known (cli/app.py, command_tree).
QuestionnairePaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--questionnaire",
        "-q",
        metavar=N_("FILE|FOLDER"),
        help=N_("A questionnaire file or folder, besides the bundled ones (repeatable)."),
    ),
]

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        metavar=N_("FOLDER"),
        help=N_(
            "The data folder (default: $BONSCLICS_DATA_DIR, else the per-user data folder; "
            "'bonsclics where' shows it)."
        ),
        show_default=False,
    ),
]

AnswersPaths = Annotated[
    list[Path],
    typer.Argument(
        metavar=N_("FILE|FOLDER"),
        help=N_(
            "Answers files (.json, or .jsonl with one per line), or folders searched for both."
        ),
    ),
]

QuestionnaireName = Annotated[
    str, typer.Argument(metavar=N_("QUESTIONNAIRE"), help=N_("A questionnaire id or file."))
]

Person = Annotated[
    str, typer.Argument(metavar=N_("PERSON"), help=N_("The person's pseudonymous id."))
]

Force = Annotated[bool, typer.Option("--force", help=N_("Replace an existing file given by -o."))]

Yes = Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))]

Plain = Annotated[
    bool, typer.Option("--plain", help=N_("For screen readers: no boxes, bars or animation."))
]

Delimiter = Annotated[
    str,
    typer.Option(
        "--delimiter",
        metavar=N_("CHARACTER"),
        help=N_("CSV delimiter: ';' (French spreadsheets) or ','."),
    ),
]


def lang_option(help: str) -> Any:
    """``--lang CODE``, the questionnaire's language; ``help`` says the default."""
    return typer.Option("--lang", metavar=N_("CODE"), help=help)


def person_option(help: str) -> Any:
    """``--person PERSON``, a pseudonymous id; ``help`` says what the command does with it."""
    return typer.Option("--person", metavar=N_("PERSON"), help=help)


def format_option(help: str) -> Any:
    """``--format`` / ``-f``, whose choices are the command's own enum."""
    return typer.Option("--format", "-f", help=help)


def output_option(help: str, metavar: str = N_("FILE")) -> Any:
    """``--output`` / ``-o``: where the command writes instead of standard output."""
    return typer.Option("--output", "-o", metavar=metavar, help=help)


def no_answers_file(paths: list[Path]) -> str:
    """The message of a command given no answers file."""
    return _("no answers file (*.json, *.jsonl) found in {paths}").format(
        paths=", ".join(map(str, paths))
    )
