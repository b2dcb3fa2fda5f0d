"""``bonsclics questionnaires`` and ``bonsclics show``: review what is available."""

from __future__ import annotations

from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import QuestionnaireName, QuestionnairePaths, lang_option
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _


def list_questionnaires(ctx: typer.Context, extra: QuestionnairePaths = None) -> None:
    """List the available questionnaires."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from bonsclics_cli.cli.console import sanitize

    app = use(ctx)
    catalog = app.catalog(extra)
    console = app.console()
    # The id, the title and the file share one column, each on its own line, so that a
    # long id never squeezes the title into a column a few letters wide.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True)
    table.add_column(_("questionnaire (title, id version, file)"), ratio=1, overflow="fold")
    table.add_column(_("languages"), no_wrap=True)
    for column in (_("questions"), _("minutes")):
        table.add_column(column, no_wrap=True, justify="right")
    for entry in catalog.entries:
        q = entry.questionnaire
        described = Text(sanitize(q.text(q.title, q.default_language)), style="bold")
        described.append(f"\n{q.id} {q.version}")
        if not entry.bundled:
            described.append(f"\n{sanitize(str(entry.path))}", style="dim")
        table.add_row(
            described,
            Text(", ".join(q.languages)),
            str(len(q.questions)),
            str(q.estimated_minutes or "-"),
        )
    console.print(table)
    for result in catalog.invalid:
        app.error(
            _("{file} is not a valid questionnaire (run 'bonsclics validate')").format(
                file=result.file
            )
        )
    if catalog.invalid:
        raise typer.Exit(ExitCode.INVALID)


def show(
    ctx: typer.Context,
    questionnaire: QuestionnaireName,
    extra: QuestionnairePaths = None,
    lang: Annotated[
        str | None,
        lang_option(N_("The questionnaire's language (default: the first it has).")),
    ] = None,
) -> None:
    """Show a questionnaire's domains, questions, levels and advice as tables."""
    from bonsclics_cli.cli.review import questionnaire_tables
    from bonsclics_cli.questionnaire.catalog import chosen_language

    app = use(ctx)
    entry = app.catalog(extra).resolve(questionnaire)
    q = entry.questionnaire
    language = chosen_language(q, lang)
    console = app.console()
    for renderable in questionnaire_tables(q, language):
        console.print(renderable)
