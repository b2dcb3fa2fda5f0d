"""``bonsclics questionnaires`` and ``bonsclics show``: review what is available."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bonsclics_cli.errors import ExitCode

QuestionnairePaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--questionnaire",
        "-q",
        help="A questionnaire file or folder, besides the bundled ones (repeatable).",
    ),
]


def list_questionnaires(extra: QuestionnairePaths = None) -> None:
    """List the available questionnaires."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from bonsclics_cli.cli.console import make_console, print_error, sanitize
    from bonsclics_cli.questionnaire.catalog import Catalog

    catalog = Catalog(extra or [])
    console = make_console()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id and version", no_wrap=True)
    for column in ("languages", "questions", "minutes"):
        table.add_column(column, no_wrap=True, justify="right" if column != "languages" else "left")
    table.add_column("title (file)", ratio=1, overflow="fold")
    for entry in catalog.entries:
        q = entry.questionnaire
        title = Text(sanitize(q.text(q.title, q.default_language)))
        if not entry.bundled:
            title.append(f"\n{sanitize(str(entry.path))}", style="dim")
        table.add_row(
            Text(f"{q.id} {q.version}"),
            Text(", ".join(q.languages)),
            str(len(q.questions)),
            str(q.estimated_minutes or "-"),
            title,
        )
    console.print(table)
    for result in catalog.invalid:
        print_error(f"{result.file} is not a valid questionnaire (run 'bonsclics validate')")
    if catalog.invalid:
        raise typer.Exit(ExitCode.INVALID)


def show(
    questionnaire: Annotated[str, typer.Argument(help="A questionnaire id or file.")],
    extra: QuestionnairePaths = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language (default: the questionnaire's first).")
    ] = None,
) -> None:
    """Show a questionnaire's domains, questions, levels and advice as tables."""
    from bonsclics_cli.cli.console import make_console
    from bonsclics_cli.cli.review import questionnaire_tables
    from bonsclics_cli.errors import UsageError
    from bonsclics_cli.questionnaire.catalog import Catalog

    entry = Catalog(extra or []).resolve(questionnaire)
    q = entry.questionnaire
    language = lang or q.default_language
    if language not in q.languages:
        raise UsageError(f"language '{language}' is not one of {', '.join(q.languages)}")
    console = make_console()
    for renderable in questionnaire_tables(q, language):
        console.print(renderable)
