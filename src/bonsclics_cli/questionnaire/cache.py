"""A private cache of checked questionnaires, so that a command does not parse and check
the same TOML file at every start.

Checking a questionnaire (TOML, the model, the semantic rules) costs about a tenth of a
second; reading it back from this cache costs a few milliseconds. An entry is named by
the SHA-256 of the file's bytes together with the versions of bonsclics, pydantic and
Python, so a changed file, or an upgrade, simply misses. Only valid questionnaires are
kept.

The cache holds pickles, which run code when loaded: it lives in a folder of the
user's own (``BONSCLICS_CACHE_DIR``, else the per-user cache folder), created 0700, and
is only read when that folder belongs to the user and no one else may write to it.
Anything unexpected (a missing or damaged entry, an unsafe folder, a full disk) means
"not cached": the file is checked as usual and nothing is reported.

The compiled report templates (Jinja bytecode, about 40 ms to compile at every report
otherwise) are kept in its ``templates`` subfolder under the same rules.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

from bonsclics_cli import __version__
from bonsclics_cli.files import make_private_dir, write_private
from bonsclics_cli.i18n import current_language

CACHE_DIR_VARIABLE = "BONSCLICS_CACHE_DIR"
_SUFFIX = ".pickle"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off (``BONSCLICS_CACHE_DIR=""``)."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen is not None:
        return Path(chosen).expanduser() if chosen else None
    from platformdirs import user_cache_path

    return user_cache_path("bonsclics", appauthor=False) / "questionnaires"


def key_of(data: bytes) -> str:
    """The entry's name: the file's bytes and every version the pickle depends on."""
    import pydantic

    # The findings kept with a questionnaire are sentences in the user's language.
    versions = f"{__version__}|{pydantic.VERSION}|{sys.version_info[:2]}|{current_language()}"
    return hashlib.sha256(versions.encode() + b"\0" + data).hexdigest()


def read(data: bytes) -> Any | None:
    """What ``write`` kept for these bytes, or None."""
    folder = cache_dir()
    if folder is None or not _safe(folder):
        return None
    try:
        with (folder / (key_of(data) + _SUFFIX)).open("rb") as stream:
            return pickle.load(stream)  # noqa: S301 - a private folder of the user's own
    except Exception:  # a missing, stale or damaged entry: not cached
        return None


def write(data: bytes, value: Any) -> None:
    """Keep ``value`` for these bytes, atomically and privately; never fails the caller."""
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(Exception):
        make_private_dir(folder)
        if _safe(folder):
            entry = folder / (key_of(data) + _SUFFIX)
            write_private(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def private_subfolder(name: str) -> Path | None:
    """A subfolder of the cache for other derived data that holds nothing personal (the
    compiled report templates), created 0700; None when caching is off or it is unsafe."""
    folder = cache_dir()
    if folder is None:
        return None
    subfolder = folder / name
    try:
        if not _safe(make_private_dir(folder)):
            return None
        return subfolder if _safe(make_private_dir(subfolder)) else None
    except Exception:  # a file in the way, a read-only disk: not cached
        return None


def _safe(folder: Path) -> bool:
    """A real folder of this user's, which no one else may write to."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_ok and not info.st_mode & 0o022
