"""How this program was started, so that the commands it prints run as printed.

``bonsclics run --resume …`` is of no use to someone whose ``bonsclics`` lives in a
virtual environment that is not activated: the shell answers "command not found". A
printed command therefore starts the way this process was started:

- ``bonsclics`` when that name, looked up on PATH, is this very program;
- else the absolute path of the script that was run (``/…/.venv/bin/bonsclics``);
- else ``python -m bonsclics_cli`` (with the interpreter's absolute path when ``python``
  on PATH is another one).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

NAME = "bonsclics"


def program(
    argv0: str | None = None,
    executable: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[str]:
    """The words that start this program again: ``["bonsclics"]``, ``["/…/bonsclics"]``
    or ``["python", "-m", "bonsclics_cli"]``."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    path = (os.environ if environ is None else environ).get("PATH", "")
    script = _absolute(Path(argv0))
    if _is_our_script(script):
        found = shutil.which(NAME, path=path)
        if found and _same_file(Path(found), script):
            return [NAME]
        return [str(script)]
    python = shutil.which("python", path=path)
    # Compared as written, not resolved: a venv's python is a link to the system's one.
    if python and _absolute(Path(python)) == _absolute(Path(executable)):
        return ["python", "-m", "bonsclics_cli"]
    return [str(_absolute(Path(executable))), "-m", "bonsclics_cli"]


def _absolute(path: Path) -> Path:
    """``path`` from the root, ``..`` worked out, links kept (a venv's python is one)."""
    return Path(os.path.normpath(path.absolute()))


def _is_our_script(script: Path) -> bool:
    return script.stem == NAME and script.is_file()


def _same_file(first: Path, second: Path) -> bool:
    try:
        return _absolute(first) == _absolute(second) or first.samefile(second)
    except OSError:
        return False


def command_line(*args: str, start: Sequence[str] | None = None) -> str:
    """``bonsclics ARGS`` (started as :func:`program` says), ready to paste into a shell."""
    words = [*(program() if start is None else start), *args]
    return subprocess.list2cmdline(words) if os.name == "nt" else shlex.join(words)
