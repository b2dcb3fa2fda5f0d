"""The data folder: where sessions live, one folder per person, private to its owner.

Layout (documented in the README)::

    <data folder>/
      sessions/<person id>/<YYYY-MM-DD>-<HHMMSS>-<questionnaire id>.json
      sessions/<person id>/<session file>.lock   while an interview has it open
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bonsclics_cli.answers import PERSON_PATTERN
from bonsclics_cli.errors import BonsclicsError, UsageError

DATA_DIR_VARIABLE = "BONSCLICS_DATA_DIR"
_PERSON = re.compile(PERSON_PATTERN)


class SessionBusyError(BonsclicsError):
    """Another process has this session open."""

    exit_code = 1


def default_data_dir() -> Path:
    """``$BONSCLICS_DATA_DIR``, else the per-user data folder of the platform."""
    chosen = os.environ.get(DATA_DIR_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "bonsclics"


def check_person_id(person: str) -> str:
    """The id itself when it is a safe pseudonymous id (FORMAT.md §4), else a usage error."""
    if not _PERSON.fullmatch(person):
        raise UsageError(
            f"{person!r} is not a valid person id: use 1 to 64 letters, digits, '_', '.' "
            "or '-', starting with a letter or digit (no spaces, no slashes), e.g. BC-7F3K9Q. "
            "Never a name."
        )
    return person


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable only by its owner."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path


class DataFolder:
    """The sessions of every person, under one root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def sessions_root(self) -> Path:
        return self.root / "sessions"

    def person_dir(self, person: str) -> Path:
        return self.sessions_root / check_person_id(person)

    def persons(self) -> list[str]:
        if not self.sessions_root.is_dir():
            return []
        return sorted(
            path.name for path in self.sessions_root.iterdir()
            if path.is_dir() and _PERSON.fullmatch(path.name)
        )

    def sessions(self, person: str | None = None) -> list[Path]:
        """Session files, sorted by person then by start (their names sort by time)."""
        persons = [person] if person is not None else self.persons()
        found: list[Path] = []
        for each in persons:
            folder = self.person_dir(each)
            if folder.is_dir():
                found.extend(sorted(folder.glob("*.json")))
        return found

    def new_session_path(self, person: str, questionnaire_id: str, started_at: datetime) -> Path:
        folder = make_private_dir(self.person_dir(person))
        make_private_dir(self.root)
        stem = f"{started_at:%Y-%m-%d-%H%M%S}-{questionnaire_id}"
        path = folder / f"{stem}.json"
        counter = 2
        while path.exists():
            path = folder / f"{stem}-{counter}.json"
            counter += 1
        return path

    @staticmethod
    @contextlib.contextmanager
    def lock(session: Path) -> Iterator[None]:
        """Hold ``session`` for this process; refuse when another process holds it."""
        from filelock import FileLock, Timeout

        lock = FileLock(str(session) + ".lock", timeout=0, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            raise SessionBusyError(
                f"{session} is open in another bonsclics process; finish or stop it there first"
            ) from None
        try:
            clean_stale_temporaries(session)
            yield
        finally:
            lock.release()


def clean_stale_temporaries(session: Path) -> None:
    """Remove temporary files left by an interrupted write of ``session``."""
    for leftover in session.parent.glob(f".{session.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
