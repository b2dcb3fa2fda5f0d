"""``bonsclics persons``: who has sessions in the data folder, and where they stand."""

from __future__ import annotations

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir, QuestionnairePaths
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import _


def persons(ctx: typer.Context, extra: QuestionnairePaths = None, data_dir: DataDir = None) -> None:
    """List the persons with their number of sessions, last date, score and level."""
    from rich.table import Column, Table
    from rich.text import Text

    from bonsclics_cli.cli.console import short_date
    from bonsclics_cli.store.folder import read_sessions
    from bonsclics_cli.store.history import summarize_persons

    app = use(ctx)
    folder = app.folder(data_dir)
    stored = read_sessions(folder, app.catalog(extra))
    summaries = summarize_persons(folder, stored.loaded, stored.counts)
    console = app.console()
    if not summaries:
        console.print(Text(_("No sessions in {folder}.").format(folder=folder.root)))
    else:
        # One questionnaire: it titles the table. Several: each level says which one (on
        # its second line), so that the table keeps to what 80 columns hold uncut.
        titles = {
            q.text(q.title, q.default_language)
            for q in (s.last.questionnaire for s in summaries if s.last is not None)
        }
        several = len(titles) > 1
        table = Table(
            Column(_("person"), no_wrap=True),
            Column(_("sessions"), justify="right", no_wrap=True),
            Column(_("last session").replace(" ", "\n", 1), no_wrap=True),  # narrow
            Column(_("score"), justify="right", no_wrap=True),
            Column(_("level"), min_width=10),
            title=None if several or not titles else Text(next(iter(titles)), style="bold"),
            title_justify="left",
        )
        for summary in summaries:
            card = summary.last
            if card is None:
                table.add_row(Text(summary.person), str(summary.sessions), "-", "-", "-")
                continue
            q = card.questionnaire
            level = Text(q.text(card.level.title, q.default_language) if card.level else "-")
            if several:
                level.append("\n" + q.text(q.title, q.default_language), style="dim")
            table.add_row(
                Text(summary.person),
                str(summary.sessions),
                short_date(card.sheet.started_at.date())
                + ("" if card.complete else "\n" + _("(unfinished)")),
                "-" if card.score is None else str(card.score),
                level,
            )
        console.print(table)
    for message in stored.warnings + stored.failures:
        app.error(message)
    if stored.failures:
        raise typer.Exit(ExitCode.INVALID)
