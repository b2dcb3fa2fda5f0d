"""``bonsclics where``: the data folder, what it holds, and whether it is private."""

from __future__ import annotations

from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _, format_decimal, ngettext


def where(
    ctx: typer.Context,
    data_dir: DataDir = None,
    path_only: Annotated[
        bool, typer.Option("--path", help=N_("Print only the folder's path (for scripts)."))
    ] = False,
) -> None:
    """Show the data folder: its path, the persons and sessions it holds, its size."""
    from rich.text import Text

    from bonsclics_cli.cli.console import sanitize
    from bonsclics_cli.errors import UnsafeFolderError

    app = use(ctx)
    folder = app.folder(data_dir)
    if path_only:
        app.echo(str(folder.root))
        return
    console = app.console()
    console.print(Text(_("Data folder: {path}").format(path=folder.root)), soft_wrap=True)
    if not folder.exists():
        console.print(
            _("Not created yet: 'bonsclics run' or 'bonsclics import' creates it, private to you.")
        )
        return
    problems = folder.problems()
    try:
        usage = folder.usage()
    except UnsafeFolderError:
        pass  # already among the problems
    else:
        console.print("  " + _("persons: {n}").format(n=format_decimal(usage.persons)))
        console.print("  " + _("sessions: {n}").format(n=format_decimal(usage.sessions)))
        console.print("  " + _("size: {size}").format(size=human_size(usage.bytes)))
    for problem in dict.fromkeys(problems + folder.warnings + folder.failures):
        app.error(problem)
    exposed = folder.exposed()
    if exposed:
        app.error(
            ngettext(
                "{n} file or folder of the data folder can be read by other users of this "
                "computer, e.g. {example}; make it private: {command}",
                "{n} files or folders of the data folder can be read by other users of this "
                "computer, e.g. {example}; make it private: {command}",
                len(exposed),
            ).format(
                n=len(exposed),
                example=sanitize(str(exposed[0])),
                command=f"chmod -R go-rwx {sanitize(str(folder.root))}",
            )
        )
    if problems or exposed or folder.failures:
        raise typer.Exit(ExitCode.INVALID)


def human_size(size: int) -> str:
    """``12,4 ko`` / ``12.4 kB``: decimal units, as file managers show them."""
    if size < 1000:
        return ngettext("{n} byte", "{n} bytes", size).format(n=format_decimal(size))
    value = size / 1000
    for unit in (_("kB"), _("MB")):
        if value < 1000:
            return f"{format_decimal(round(value, 1))} {unit}"
        value /= 1000
    gigabytes = _("GB")
    return f"{format_decimal(round(value, 1))} {gigabytes}"
