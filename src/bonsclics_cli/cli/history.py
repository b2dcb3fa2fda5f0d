"""``bonsclics history PERSON``: a person's sessions over time and their progress."""

from __future__ import annotations

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir, Person, QuestionnairePaths
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import _, joined, ngettext


def history(
    ctx: typer.Context,
    person: Person,
    extra: QuestionnairePaths = None,
    data_dir: DataDir = None,
) -> None:
    """Show a person's scores per domain and overall over time, with the change."""
    from rich.text import Text

    from bonsclics_cli.cli.history_view import history_renderables
    from bonsclics_cli.store.folder import NothingKeptError, check_person_id, read_sessions
    from bonsclics_cli.store.history import person_history

    app = use(ctx)
    check_person_id(person)
    folder = app.folder(data_dir)
    if not folder.sessions(person):
        raise NothingKeptError(
            joined(folder.warnings)
            or _(
                "no sessions of '{person}' in {folder} "
                "(the ids there are listed by 'bonsclics persons')"
            ).format(person=person, folder=folder.root)
        )
    stored = read_sessions(folder, app.catalog(extra), person)
    console = app.console()
    count = len(stored.loaded)
    sessions = ngettext("{n} session", "{n} sessions", count).format(n=count)
    console.print(
        Text(_("{person}: {sessions}").format(person=person, sessions=sessions), style="bold")
    )
    for each in person_history(stored.loaded):
        console.print()
        shown = history_renderables(
            each, plain=getattr(console, "plain", False), width=console.size.width
        )
        for renderable in shown:
            # Lines of the chart are not wrapped: a wrapped bar is no longer a chart.
            console.print(renderable, soft_wrap=isinstance(renderable, Text))
    for message in stored.warnings + stored.failures:
        app.error(message)
    if stored.failures:
        raise typer.Exit(ExitCode.INVALID)
