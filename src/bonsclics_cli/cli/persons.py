"""``bonsclics persons``: who has sessions in the data folder, and where they stand."""

from __future__ import annotations

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir, QuestionnairePaths
from bonsclics_cli.errors import ExitCode


def persons(ctx: typer.Context, extra: QuestionnairePaths = None, data_dir: DataDir = None) -> None:
    """List the persons with their number of sessions, last date, score and level."""
    from rich.table import Table
    from rich.text import Text

    from bonsclics_cli.store.folder import read_sessions
    from bonsclics_cli.store.history import summarize_persons

    app = use(ctx)
    folder = app.folder(data_dir)
    stored = read_sessions(folder, app.catalog(extra))
    summaries = summarize_persons(folder, stored.loaded)
    console = app.console()
    if not summaries:
        console.print(Text(f"No sessions in {folder.root}."))
    else:
        table = Table("person", "sessions", "last session", "questionnaire", "score", "level")
        for summary in summaries:
            card = summary.last
            if card is None:
                table.add_row(Text(summary.person), str(summary.sessions), "-", "-", "-", "-")
                continue
            q = card.questionnaire
            table.add_row(
                Text(summary.person),
                str(summary.sessions),
                f"{card.sheet.started_at:%Y-%m-%d}" + ("" if card.complete else " (unfinished)"),
                Text(q.id),
                "-" if card.score is None else str(card.score),
                Text(q.text(card.level.title, q.default_language)) if card.level else "-",
            )
        console.print(table)
    for message in stored.warnings + stored.failures:
        app.error(message)
    if stored.failures:
        raise typer.Exit(ExitCode.INVALID)
