"""``bonsclics purge --older-than DURATION``: the structure's retention limit."""

from __future__ import annotations

from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir, Yes
from bonsclics_cli.errors import ExitCode


def purge(
    ctx: typer.Context,
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than",
            metavar="DURATION",
            help="Erase the persons whose last session is older than this: 90d, 12w, 24m, 2y.",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list who would be erased.")
    ] = False,
    yes: Yes = False,
    data_dir: DataDir = None,
) -> None:
    """Erase the persons whose last session is older than the retention period."""
    from datetime import datetime

    from rich.table import Table
    from rich.text import Text

    from bonsclics_cli.cli.console import sanitize
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
        console.print(f"No person's last session is older than {duration}.")
        if skipped:
            raise typer.Exit(ExitCode.INVALID)
        return
    table = Table("person", "last session")
    for each in stale:
        table.add_row(Text(each.person), f"{each.last:%Y-%m-%d}" if each.last else "-")
    console.print(f"{len(stale)} person(s) with no session in the last {duration}:")
    console.print(table)
    if dry_run:
        console.print("Dry run: nothing erased.")
        if skipped:
            raise typer.Exit(ExitCode.INVALID)
        return
    if not yes and not typer.confirm("Erase everything kept about them?", default=False):
        console.print("Nothing erased.")
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
    console.print(f"Erased {erased} of {len(stale)} person(s).")
    if leftovers:
        app.error(
            f"{len(leftovers)} other file(s) of the data folder still mention an erased person "
            f"and were left alone because they may hold other data: {', '.join(leftovers)}. "
            "Edit or delete them."
        )
    if erased < len(stale) or leftovers or skipped:
        raise typer.Exit(ExitCode.INVALID)
