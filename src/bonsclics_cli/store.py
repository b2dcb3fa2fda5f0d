"""The data folder: where sessions live, one folder per person, private to its owner.

Layout (documented in the README)::

    <data folder>/
      sessions/<person id>/<YYYY-MM-DD>-<HHMMSS>-<questionnaire id>.json
      sessions/<person id>/<session file>.lock   while an interview has it open
      <area>/<person id>/...                     anything else kept about a person
                                                 (e.g. reports/<person id>/)

Everything about a person lives in folders named by their id, so that access
(``export --person``) and erasure (``forget``) never need an index that names them.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bonsclics_cli.answers import (
    PERSON_PATTERN,
    LoadedAnswers,
    load_answers,
    recover_interrupted_save,
)
from bonsclics_cli.errors import BonsclicsError, InvalidInputError, UsageError
from bonsclics_cli.questionnaire.catalog import Catalog

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
    """The id itself when it is a safe pseudonymous id (docs/format.md §4), else a usage error."""
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


@dataclass(frozen=True)
class FolderUsage:
    persons: int
    sessions: int
    bytes: int


class NothingKeptError(BonsclicsError):
    """The data folder holds nothing about the person named."""

    exit_code = 1


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
            path.name
            for path in self.sessions_root.iterdir()
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
        # One by one: mkdir(parents=True) would leave the parents open to other users.
        make_private_dir(self.root)
        make_private_dir(self.sessions_root)
        folder = make_private_dir(self.person_dir(person))
        stem = f"{started_at:%Y-%m-%d-%H%M%S}-{questionnaire_id}"
        path = folder / f"{stem}.json"
        counter = 2
        while path.exists():
            path = folder / f"{stem}-{counter}.json"
            counter += 1
        return path

    def exists(self) -> bool:
        return self.root.is_dir()

    def person_folders(self, person: str) -> list[Path]:
        """Every ``<area>/<person id>/`` folder of the data folder: all that is kept about them."""
        check_person_id(person)
        if not self.root.is_dir():
            return []
        return sorted(
            area / person
            for area in self.root.iterdir()
            if area.is_dir() and not area.is_symlink() and (area / person).is_dir()
        )

    def person_files(self, person: str) -> list[Path]:
        """Every file kept about ``person`` (sessions, locks, temporaries, reports), sorted."""
        return [
            path
            for folder in self.person_folders(person)
            for path in sorted(folder.rglob("*"))
            if path.is_file() or path.is_symlink()
        ]

    def usage(self) -> FolderUsage:
        """How many persons and sessions the folder holds, and its size in bytes."""
        size = 0
        if self.root.is_dir():
            for path in self.root.rglob("*"):
                with contextlib.suppress(OSError):
                    if path.is_file() and not path.is_symlink():
                        size += path.stat().st_size
        return FolderUsage(len(self.persons()), len(self.sessions()), size)

    def exposed(self) -> list[Path]:
        """Folders and files that other users of this computer could read (POSIX modes)."""
        if sys.platform == "win32" or not self.root.is_dir():
            return []
        found = []
        for path in [self.root, *sorted(self.root.rglob("*"))]:
            with contextlib.suppress(OSError):
                if not path.is_symlink() and path.stat().st_mode & 0o077:
                    found.append(path)
        return found

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
            recover_interrupted_save(session)
            yield
        finally:
            lock.release()


@dataclass
class StoredSessions:
    """The sessions of the data folder that could be read, and why the others could not."""

    loaded: list[LoadedAnswers] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_sessions(
    folder: DataFolder, catalog: Catalog, person: str | None = None
) -> StoredSessions:
    """Load every session (of ``person``) against its questionnaire, as ``score`` does.

    Sorted by person then start time. A file in the folder of another person than
    the one it names is a failure: access and erasure go by folder.
    """
    result = StoredSessions()
    for path in folder.sessions(person):
        try:
            loaded = load_answers(path, catalog)
        except InvalidInputError as exc:
            result.failures.append(str(exc))
            continue
        if loaded.sheet.person != path.parent.name:
            result.failures.append(
                f"{path}: this session names another person than its folder; "
                "move it to the folder of its person (bonsclics import does)"
            )
            continue
        result.loaded.append(loaded)
        result.warnings.extend(loaded.warnings)
    result.loaded.sort(key=lambda item: (item.sheet.person, item.sheet.started_at, str(item.path)))
    return result
