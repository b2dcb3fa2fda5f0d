"""Options shared by the commands of the data folder: ``--data-dir`` and the folder it names."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from bonsclics_cli.store.folder import DataFolder

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        metavar="DIR",
        help="The data folder (default: $BONSCLICS_DATA_DIR, else the per-user data folder; "
        "'bonsclics where' shows it).",
        show_default=False,
    ),
]


AnswersPaths = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH",
        help="Answers files (.json, or .jsonl with one per line), or folders searched for both.",
    ),
]


def open_folder(data_dir: Path | None) -> DataFolder:
    """The data folder named by ``--data-dir``, else the default one; never creates it."""
    from bonsclics_cli.store.folder import DataFolder, default_data_dir

    return DataFolder(data_dir.expanduser() if data_dir else default_data_dir())


def human_size(size: int) -> str:
    """``12.4 kB``: decimal units, as file managers show them."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")
