"""``bonsclics purge --older-than DURATION``: the structure's retention limit."""

from __future__ import annotations

from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir, Yes
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _, ngettext


def purge(
    ctx: typer.Context,
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than",
            metavar=N_("DURATION"),
            help=N_(
                "Erase the persons whose last session is older than this: 90d (days), "
                "12w (weeks), 24m (months), 2y (years)."
            ),
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Only list who would be erased."))
    ] = False,
    yes: Yes = False,
    data_dir: DataDir = None,
) -> None:
    """Erase the persons whose last session is older than the retention period."""
    from datetime import datetime

    from rich.table import Column, Table
    from rich.text import Text

    from bonsclics_cli.cli.console import (
        aligned,
        column_widths,
        confirm,
        sanitize,
        screenful,
        short_date,
    )
    from bonsclics_cli.compat import UTC
    from bonsclics_cli.errors import BonsclicsError
    from bonsclics_cli.store.retention import Duration, forget, linked_persons, stale_persons

    app = use(ctx)
    duration = Duration.parse(older_than)
    folder = app.folder(data_dir)
    now = datetime.now(UTC)
    stale = stale_persons(folder, duration, now)
    skipped = linked_persons(folder) + folder.failures
    for message in skipped:
        app.error(message)
    console = app.console()
    if not stale:
        console.print(
            _("No person's last session is older than {duration}.").format(duration=duration)
        )
        if skipped:
            raise typer.Exit(ExitCode.INVALID)
        return
    console.print(
        ngettext(
            "{n} person with no session in the last {duration}:",
            "{n} persons with no session in the last {duration}:",
            len(stale),
        ).format(n=len(stale), duration=duration)
    )
    header = (_("person"), _("last session"))
    rows = [(each.person, short_date(each.last.date()) if each.last else "-") for each in stale]
    if len(rows) <= screenful(console):
        table = Table(*(Column(name, no_wrap=True) for name in header))
        for person, last in rows:
            table.add_row(Text(person), last)
        console.print(table)
    else:  # a list of a thousand persons: plain lines, where Rich lays out every row first
        widths = column_widths([header, *rows])
        console.file.write(
            "".join(sanitize(aligned(row, widths)) + "\n" for row in [header, *rows])
        )
    if dry_run:
        console.print(_("Dry run: nothing erased."))
        if skipped:
            raise typer.Exit(ExitCode.INVALID)
        return
    if not yes and not confirm(_("Erase everything kept about them?")):
        console.print(_("Nothing erased."))
        raise typer.Exit(ExitCode.INVALID)
    erased = 0
    leftovers: list[str] = []
    for each in stale:
        try:
            erasure = forget(folder, each.person)
        except BonsclicsError as exc:
            app.error(str(exc))
            continue
        erased += 1
        leftovers += [sanitize(str(path)) for path in erasure.leftovers]
    console.print(
        ngettext(
            "Erased {n} of {total} person.", "Erased {n} of {total} persons.", len(stale)
        ).format(n=erased, total=len(stale))
    )
    if leftovers:
        app.error(
            ngettext(
                "{n} other file of the data folder still mentions an erased person and was "
                "left alone because it may hold other data: {names}. Edit or delete it.",
                "{n} other files of the data folder still mention an erased person and were "
                "left alone because they may hold other data: {names}. Edit or delete them.",
                len(leftovers),
            ).format(n=len(leftovers), names=", ".join(leftovers))
        )
    if erased < len(stale) or leftovers or skipped:
        raise typer.Exit(ExitCode.INVALID)
