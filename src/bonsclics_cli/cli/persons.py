"""``bonsclics persons``: who has sessions in the data folder, and where they stand."""

from __future__ import annotations

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir, QuestionnairePaths
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import _


def persons(ctx: typer.Context, extra: QuestionnairePaths = None, data_dir: DataDir = None) -> None:
    """List the persons with their number of sessions, last date, score and level."""
    from rich.text import Text

    from bonsclics_cli.cli.persons_view import show_persons
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
        show_persons(console, summaries)
    for message in stored.warnings + stored.failures:
        app.error(message)
    if stored.failures:
        raise typer.Exit(ExitCode.INVALID)
