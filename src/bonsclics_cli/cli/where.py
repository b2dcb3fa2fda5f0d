"""``bonsclics where``: the data folder, what it holds, and whether it is private."""

from __future__ import annotations

from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir
from bonsclics_cli.errors import ExitCode


def where(
    ctx: typer.Context,
    data_dir: DataDir = None,
    path_only: Annotated[
        bool, typer.Option("--path", help="Print only the folder's path (for scripts).")
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
    console.print(Text(f"Data folder: {folder.root}"), soft_wrap=True)
    if not folder.exists():
        console.print(
            "Not created yet: 'bonsclics run' or 'bonsclics import' creates it, private to you."
        )
        return
    problems = folder.problems()
    try:
        usage = folder.usage()
    except UnsafeFolderError:
        pass  # already among the problems
    else:
        console.print(f"  persons:  {usage.persons}")
        console.print(f"  sessions: {usage.sessions}")
        console.print(f"  size:     {human_size(usage.bytes)}")
    for problem in dict.fromkeys(problems + folder.warnings + folder.failures):
        app.error(problem)
    exposed = folder.exposed()
    if exposed:
        app.error(
            f"{len(exposed)} file(s) or folder(s) of the data folder can be read by other users "
            f"of this computer, e.g. {sanitize(str(exposed[0]))}; make it private: "
            f"chmod -R go-rwx {sanitize(str(folder.root))}"
        )
    if problems or exposed or folder.failures:
        raise typer.Exit(ExitCode.INVALID)


def human_size(size: int) -> str:
    """``12.4 kB``: decimal units, as file managers show them."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")
