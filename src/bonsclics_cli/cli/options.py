"""The options several commands share, defined once: same names, same help, same metavar.

An option whose type differs per command (``--format``, ``-o``) is built by a function
here, so its names and shape stay the same everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

QuestionnairePaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--questionnaire",
        "-q",
        metavar="FILE|FOLDER",
        help="A questionnaire file or folder, besides the bundled ones (repeatable).",
    ),
]

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        metavar="DIR",
        help="The data folder (default: $BONSCLICS_DATA_DIR, else the per-user data folder; "
        "'bonsclics where' shows it).",
        show_default=False,
    ),
]

AnswersPaths = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Answers files (.json, or .jsonl with one per line), or folders searched for both.",
    ),
]

Person = Annotated[str, typer.Argument(help="The person's pseudonymous id.")]

Force = Annotated[bool, typer.Option("--force", help="Replace an existing file given by -o.")]

Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]

Plain = Annotated[
    bool, typer.Option("--plain", help="For screen readers: no boxes, bars or animation.")
]

Delimiter = Annotated[
    str,
    typer.Option(
        "--delimiter", metavar="CHAR", help="CSV delimiter: ';' (French spreadsheets) or ','."
    ),
]


def lang_option(default: str) -> Any:
    """``--lang CODE``; ``default`` says what the command uses without it."""
    return typer.Option("--lang", metavar="CODE", help=f"Language (default: {default}).")


def format_option(help: str) -> Any:
    """``--format`` / ``-f``, whose choices are the command's own enum."""
    return typer.Option("--format", "-f", help=help)


def output_option(help: str, metavar: str = "FILE") -> Any:
    """``--output`` / ``-o``: where the command writes instead of standard output."""
    return typer.Option("--output", "-o", metavar=metavar, help=help)
