"""``bonsclics forget PERSON``: the right to erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bonsclics_cli.cli.context import AppContext, use
from bonsclics_cli.cli.options import DataDir, Person, Yes
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import _, ngettext

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

    from bonsclics_cli.cli.console import confirm
    from bonsclics_cli.store.folder import check_person_id
    from bonsclics_cli.store.retention import forget as erase
    from bonsclics_cli.store.retention import kept_folders, planned_erasure

    app = use(ctx)
    check_person_id(person)
    folder = app.folder(data_dir)
    files, sessions = planned_erasure(folder, person)
    kept_folders(folder, person)  # refused before asking: nothing kept, or only links
    console = app.console()
    console.print(
        Text(
            ngettext(
                "This erases {n} file about {person} from {folder}, including {sessions}. "
                "It cannot be undone.",
                "This erases {n} files about {person} from {folder}, including {sessions}. "
                "It cannot be undone.",
                len(files),
            ).format(
                n=len(files),
                person=person,
                folder=folder.root,
                sessions=ngettext("{n} session", "{n} sessions", sessions).format(n=sessions),
            )
        ),
        soft_wrap=True,
    )
    if not yes and not confirm(_("Erase them?")):
        console.print(_("Nothing erased."))
        raise typer.Exit(ExitCode.INVALID)
    erasure = erase(folder, person)
    console.print(
        Text(
            ngettext(
                "Erased {n} file about {person}.", "Erased {n} files about {person}.", erasure.files
            ).format(n=erasure.files, person=person)
        )
    )
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
        ngettext(
            "{n} other file of the data folder still mentions {person} and was left alone "
            "because it may hold other data: {names}. Edit or delete it.",
            "{n} other files of the data folder still mention {person} and were left alone "
            "because they may hold other data: {names}. Edit or delete them.",
            len(leftovers),
        ).format(n=len(leftovers), person=person, names=names)
    )
    raise typer.Exit(ExitCode.INVALID)
