"""Where the structure's profile is: ``--structure FILE``, else ``$BONSCLICS_STRUCTURE``,
else ``structure.toml`` in the per-user config folder.

Apart from the loader: a command run where no structure is set up never builds the
structure's model classes (pydantic, about 13 ms of every report and interview).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from bonsclics_cli.errors import UsageError
from bonsclics_cli.i18n import _

if TYPE_CHECKING:
    from bonsclics_cli.structure.model import Structure

STRUCTURE_VARIABLE = "BONSCLICS_STRUCTURE"
FILE_NAME = "structure.toml"


def default_structure_path() -> Path:
    """``structure.toml`` in the per-user config folder (``~/.config/bonsclics`` on Linux)."""
    from platformdirs import user_config_path

    return user_config_path("bonsclics", appauthor=False, roaming=True) / FILE_NAME


def locate(explicit: Path | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The structure file to use, or None when no structure is set up.

    ``--structure`` and ``$BONSCLICS_STRUCTURE`` must name a file that exists; the
    per-user ``structure.toml`` is used only when it is there.
    """
    env = os.environ if environ is None else environ
    if explicit is not None:
        return explicit
    named = env.get(STRUCTURE_VARIABLE)
    if named:
        return Path(named).expanduser()
    default = default_structure_path()
    return default if default.is_file() else None


def find_structure(explicit: Path | None) -> Path | None:
    """The structure file in use, or None; a file named but absent is refused."""
    path = locate(explicit)
    if path is not None and not path.is_file():
        raise UsageError(
            _("{path}: no such structure file (bonsclics structure init writes one)").format(
                path=path
            )
        )
    return path


def structure_or_none(explicit: Path | None) -> Structure | None:
    """The structure to print on the reports, or None when none is set up."""
    path = find_structure(explicit)
    if path is None:
        return None
    from bonsclics_cli.structure.loader import load_structure

    return load_structure(path)
