"""``bonsclics forget PERSON``: the right to erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bonsclics_cli.cli.context import AppContext, use
from bonsclics_cli.cli.options import DataDir, Person, Yes
from bonsclics_cli.errors import ExitCode

if TYPE_CHECKING:
    from pathlib import Path


def forget(
    ctx: typer.Context,
    person: Person,
    yes: Yes = False,
    data_dir: DataDir = None,
) -> None:
    """Erase everything the data folder keeps about a person (sessions, reports, locks)."""
    from rich.text import Text

    from bonsclics_cli.store.folder import NothingKeptError, check_person_id
    from bonsclics_cli.store.retention import ErasureError, linked_person_folders, planned_erasure
    from bonsclics_cli.store.retention import forget as erase

    app = use(ctx)
    check_person_id(person)
    folder = app.folder(data_dir)
    files, sessions = planned_erasure(folder, person)
    if not folder.person_folders(person):
        links = linked_person_folders(folder, person)
        if links:
            raise ErasureError("nothing erased: " + "; ".join(links))
        raise NothingKeptError(
            f"nothing is kept about '{person}' in {folder.root} "
            "(the ids there are listed by 'bonsclics persons')"
        )
    console = app.console()
    console.print(
        Text(
            f"This erases {len(files)} file(s) about {person} from {folder.root}, "
            f"including {sessions} session(s). It cannot be undone."
        ),
        soft_wrap=True,
    )
    if not yes and not typer.confirm("Erase them?", default=False):
        console.print("Nothing erased.")
        raise typer.Exit(ExitCode.INVALID)
    erasure = erase(folder, person)
    console.print(Text(f"Erased {erasure.files} file(s) about {person}."))
    for link in erasure.links:
        app.error(link)
    report_leftovers(app, erasure.leftovers, person)
    if erasure.links:
        raise typer.Exit(ExitCode.INVALID)


def report_leftovers(app: AppContext, leftovers: tuple[Path, ...], person: str) -> None:
    """Files outside the person's folders that still name them: say so, exit 1."""
    from bonsclics_cli.cli.console import sanitize

    if not leftovers:
        return
    names = ", ".join(sanitize(str(path)) for path in leftovers)
    app.error(
        f"{len(leftovers)} other file(s) of the data folder still mention {person} and were "
        f"left alone because they may hold other data: {names}. Edit or delete them."
    )
    raise typer.Exit(ExitCode.INVALID)
