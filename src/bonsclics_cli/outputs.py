"""Where ``-o`` may write: a new file, or a regular file that is neither an input nor an
answers file, replaced only when asked (``--force``).

Outputs replace their target atomically (a rename), so whatever was there is gone:
a session, a named pipe another program reads, a device, or a link (the link
itself would be replaced by a regular file). ``check_output`` is called before any
work, so a refused ``-o`` costs nothing.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from bonsclics_cli.errors import UsageError
from bonsclics_cli.store import kind_of, make_private_dir

# The keys every answers document has (format 1), near its start: enough to recognise one
# (or the first line of a JSON Lines file of them) without reading a large file whole.
_ANSWERS = (
    re.compile(rb'"format"\s*:\s*1\b'),
    re.compile(rb'"person"\s*:\s*"'),
    re.compile(rb'"answers"\s*:\s*\{'),
    re.compile(rb'"questionnaire"\s*:\s*\{'),
)
_SNIFF = 1 << 16


def check_output(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse ``path`` as an output unless it is new, or a regular file ``--force`` allows."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(f"{path}: cannot check this output path: {exc.strerror or exc}") from None
    if not stat.S_ISREG(found.st_mode):
        raise UsageError(
            f"{path} is {kind_of(found.st_mode)}: -o only creates a new file or replaces a "
            "regular one; give another path"
        )
    if any(_same_file(found, each) for each in inputs) or is_answers_file(path):
        raise UsageError(
            f"{path} is an answers file: -o never replaces one, even with --force; "
            "give another path"
        )
    if not force:
        raise UsageError(f"{path} already exists: add --force to replace it, or give another path")


def prepare_output(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> Path:
    """``check_output``, then create the missing folders of ``path`` (0700); returns ``path``."""
    check_output(path, force=force, inputs=inputs)
    make_private_dir(path.parent)
    return path


def is_answers_file(path: Path) -> bool:
    """Whether the regular file ``path`` looks like an answers document (never blocks)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return False
        start = os.read(descriptor, _SNIFF)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return all(pattern.search(start) for pattern in _ANSWERS)


def _same_file(found: os.stat_result, other: Path) -> bool:
    try:
        theirs = other.stat()
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (theirs.st_dev, theirs.st_ino)
