"""The data folder: where sessions live, one folder per person, private to its owner.

Layout (documented in docs/guide-professionnel.md, "Le dossier des données")::

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
import gc
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bonsclics_cli.answers.checks import LoadedAnswers, load_answers
from bonsclics_cli.answers.sheet import PERSON_PATTERN
from bonsclics_cli.errors import (
    BonsclicsError,
    ExitCode,
    InvalidInputError,
    UnsafeFolderError,
    UsageError,
)
from bonsclics_cli.files import kind_of, link_target, make_private_dir, os_reason
from bonsclics_cli.i18n import _
from bonsclics_cli.interview.autosave import recover_interrupted_save
from bonsclics_cli.questionnaire.catalog import Catalog

DATA_DIR_VARIABLE = "BONSCLICS_DATA_DIR"
_PERSON = re.compile(PERSON_PATTERN)


class SessionBusyError(BonsclicsError):
    """Another process has this session open."""

    exit_code = ExitCode.INVALID


def default_data_dir() -> Path:
    """``$BONSCLICS_DATA_DIR``, else the per-user data folder of the platform."""
    chosen = os.environ.get(DATA_DIR_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    # XDG_DATA_HOME (or ~/.local/share) on Linux, Application Support on macOS, the local
    # (not roaming) AppData on Windows: personal data stays on this computer.
    return user_data_path("bonsclics", appauthor=False, roaming=False)


def check_person_id(person: str) -> str:
    """The id itself when it is a safe pseudonymous id (docs/format.md §4), else a usage error."""
    if not _PERSON.fullmatch(person):
        raise UsageError(
            _(
                "{person} is not a valid person id: use 1 to 64 letters, digits, '_', '.' "
                "or '-', starting with a letter or digit (no spaces, no slashes), e.g. BC-7F3K9Q. "
                "Never a name."
            ).format(person=repr(person))
        )
    return person


@dataclass(frozen=True)
class FolderUsage:
    persons: int
    sessions: int
    bytes: int


class NothingKeptError(BonsclicsError):
    """The data folder holds nothing about the person named."""

    exit_code = ExitCode.INVALID


class DataFolder:
    """The sessions of every person, under one root folder.

    Nothing under the root is followed when it is a symbolic link, and nothing is
    opened unless it is a regular file: a link could lead reads, exports and
    erasures out of the folder, and a named pipe would hang them. A symbolic link
    in place of ``sessions/`` is refused outright (``UnsafeFolderError``); any
    other link or special file is skipped and noted in ``warnings`` (and a folder
    that cannot be read in ``failures``), for the commands to report.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._warnings: dict[str, None] = {}  # ordered and without repeats
        self._failures: dict[str, None] = {}

    @property
    def warnings(self) -> list[str]:
        return list(self._warnings)

    @property
    def failures(self) -> list[str]:
        return list(self._failures)

    def note_skipped(self, path: Path, mode: int) -> None:
        if stat.S_ISLNK(mode):
            self._warnings[
                _(
                    "{path}: a symbolic link (to {target}) inside the data folder; "
                    "bonsclics never follows links out of it, so it was skipped (and is never "
                    "erased through). Move what it points to into the data folder, or remove it"
                ).format(path=path, target=link_target(path))
            ] = None
        else:
            self._warnings[
                _(
                    "{path}: {kind}, not a regular file; skipped without being opened. "
                    "Remove it from the data folder"
                ).format(path=path, kind=kind_of(mode))
            ] = None

    def _unreadable(self, path: Path, exc: OSError) -> None:
        self._failures[
            _(
                "{path}: cannot read this folder: {reason}; "
                "check its permissions (ls -ld), then run the command again"
            ).format(path=path, reason=os_reason(exc))
        ] = None

    @property
    def sessions_root(self) -> Path:
        return self.root / "sessions"

    @property
    def reports_root(self) -> Path:
        return self.root / "reports"

    def report_dir(self, person: str) -> Path:
        """``reports/<person id>/``, created private: where a person's reports are kept, so
        that ``forget`` and ``purge`` erase them with the sessions. Never through a link."""
        folder = self.reports_root / check_person_id(person)
        for each in (self.root, self.reports_root, folder):
            if each.is_symlink():
                raise UnsafeFolderError(
                    _(
                        "{path} is a symbolic link: bonsclics never writes reports through "
                        "one; move what it points to into the data folder"
                    ).format(path=each)
                )
        make_private_dir(folder)
        return folder

    def holds(self, path: Path) -> bool:
        """Whether ``path`` is inside this data folder (where ``forget`` reaches)."""
        try:
            return path.resolve().is_relative_to(self.root.resolve())
        except OSError:
            return False

    def check(self) -> None:
        """Refuse a data folder whose ``sessions/`` is a symbolic link or not a folder."""
        try:
            mode = self.sessions_root.lstat().st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            raise UnsafeFolderError(
                _("{path}: cannot read it: {reason}").format(
                    path=self.sessions_root, reason=os_reason(exc)
                )
            ) from None
        if stat.S_ISLNK(mode):
            target = link_target(self.sessions_root)
            raise UnsafeFolderError(
                _(
                    "{path} is a symbolic link (to {target}): bonsclics never "
                    "follows links out of its data folder, so erasure, retention and exports "
                    "would miss what it holds. Put the real folder in its place (rm "
                    "{path} && mv {target} {path}), or give the "
                    "folder that holds it with --data-dir"
                ).format(path=self.sessions_root, target=target)
            )
        if not stat.S_ISDIR(mode):
            raise UnsafeFolderError(
                _("{path} is {kind}, not a folder; move it away").format(
                    path=self.sessions_root, kind=kind_of(mode)
                )
            )

    def entries(self, folder: Path, *, kinds_only: bool = False) -> list[tuple[Path, int]]:
        """The entries of ``folder`` with their ``lstat`` modes, sorted by name; never follows.

        With ``kinds_only``, the modes hold only the file type (no permission bits),
        told by the listing itself without a system call per entry.
        """
        mode_of = _kind if kinds_only else _lstat_mode
        found: list[tuple[Path, int]] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        # ``folder / name`` is entry.path, parsed in half the time.
                        found.append((folder / entry.name, mode_of(entry)))
                    except FileNotFoundError:
                        continue  # removed meanwhile
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            return []
        except OSError as exc:
            self._unreadable(folder, exc)
            return []
        found.sort(key=lambda item: item[0].name)
        return found

    def session_counts(self) -> dict[str, int]:
        """Session files per person, readable or not, from one listing of the folder."""
        counts = dict.fromkeys(self.persons(), 0)
        for path in self.sessions():
            counts[path.parent.name] += 1
        return counts

    def person_dir(self, person: str) -> Path:
        return self.sessions_root / check_person_id(person)

    def persons(self) -> list[str]:
        self.check()
        found = []
        for path, mode in self.entries(self.sessions_root, kinds_only=True):
            if not _PERSON.fullmatch(path.name):
                continue
            if stat.S_ISDIR(mode):
                found.append(path.name)
            elif stat.S_ISLNK(mode):
                self.note_skipped(path, mode)
        return found

    def sessions(self, person: str | None = None) -> list[Path]:
        """Session files, sorted by person then by start (their names sort by time).

        Only regular files count: links and special files are skipped and noted.
        """
        self.check()
        if person is None:
            return self.sessions_of(self.persons())
        folder = self.person_dir(person)
        try:
            mode = folder.lstat().st_mode
        except OSError:
            return []
        if stat.S_ISLNK(mode):
            self.note_skipped(folder, mode)
            return []
        if not stat.S_ISDIR(mode):
            return []
        return self.sessions_of([person])

    def sessions_of(self, persons: Iterable[str]) -> list[Path]:
        """The session files of ``persons``, folders ``persons()`` listed (so real folders,
        not links): no further system call per person than listing its folder."""
        found: list[Path] = []
        for each in persons:
            for path, kind in self.entries(self.sessions_root / each, kinds_only=True):
                if not path.name.endswith(".json"):
                    continue
                if stat.S_ISREG(kind):
                    found.append(path)
                else:
                    self.note_skipped(path, kind)
        return found

    def new_session_path(self, person: str, questionnaire_id: str, started_at: datetime) -> Path:
        self.check()
        folder = self.person_dir(person)
        if folder.is_symlink():
            raise UnsafeFolderError(
                _(
                    "{path} is a symbolic link (to {target}): bonsclics never "
                    "writes through links in its data folder; put the real folder in its place"
                ).format(path=folder, target=link_target(folder))
            )
        make_private_dir(folder)
        stem = f"{started_at:%Y-%m-%d-%H%M%S}-{questionnaire_id}"
        path = folder / f"{stem}.json"
        counter = 2
        while os.path.lexists(path):
            path = folder / f"{stem}-{counter}.json"
            counter += 1
        return path

    def exists(self) -> bool:
        return self.root.is_dir()

    def areas(self) -> list[Path]:
        """The real folders at the top of the data folder (``sessions``, ``reports``...)."""
        self.check()
        areas = []
        for path, mode in self.entries(self.root):
            if stat.S_ISDIR(mode):
                areas.append(path)
            elif stat.S_ISLNK(mode):
                self.note_skipped(path, mode)
        return areas

    def person_entries(self, person: str) -> list[tuple[Path, int]]:
        """Every ``<area>/<person id>`` entry, whatever it is (folder, link, file), and its mode."""
        check_person_id(person)
        found = []
        for area in self.areas():
            try:
                found.append((area / person, (area / person).lstat().st_mode))
            except FileNotFoundError:
                continue
            except OSError as exc:
                self._unreadable(area, exc)
        return found

    def person_folders(self, person: str) -> list[Path]:
        """Every real ``<area>/<person id>/`` folder: all that is kept about them.

        A link in place of one is never followed: it is noted in ``warnings``.
        """
        folders = []
        for path, mode in self.person_entries(person):
            if stat.S_ISDIR(mode):
                folders.append(path)
            else:
                self.note_skipped(path, mode)
        return folders

    def walk(self, top: Path) -> Iterator[tuple[Path, int]]:
        """Every entry under ``top`` (not ``top`` itself), depth first, never following links."""
        pending = [top]
        while pending:
            folder = pending.pop()
            entries = self.entries(folder)
            yield from entries
            pending.extend(reversed([path for path, mode in entries if stat.S_ISDIR(mode)]))

    def person_files(self, person: str) -> list[Path]:
        """Every regular file kept about ``person`` (sessions, locks, temporaries, reports).

        Links and special files in their folders are not listed (and never opened):
        they are noted in ``warnings``; ``forget`` removes them with the folder.
        """
        found = []
        for folder in self.person_folders(person):
            for path, mode in self.walk(folder):
                if stat.S_ISREG(mode):
                    found.append(path)
                elif not stat.S_ISDIR(mode):
                    self.note_skipped(path, mode)
        return sorted(found)

    def usage(self) -> FolderUsage:
        """How many persons and sessions the folder holds, and its size in bytes."""
        size = 0
        if self.root.is_dir():
            for path, mode in self.walk(self.root):
                if stat.S_ISREG(mode):
                    with contextlib.suppress(OSError):
                        size += path.lstat().st_size
        return FolderUsage(len(self.persons()), len(self.sessions()), size)

    def exposed(self) -> list[Path]:
        """Folders and files that other users of this computer could read (POSIX modes)."""
        if sys.platform == "win32" or not self.root.is_dir():
            return []
        found = []
        try:
            candidates = [(self.root, self.root.stat().st_mode), *self.walk(self.root)]
        except OSError:
            return []
        for path, mode in candidates:
            if not stat.S_ISLNK(mode) and mode & 0o077:
                found.append(path)
        return found

    def problems(self) -> list[str]:
        """Everything under the data folder that bonsclics skips (links, special files)."""
        if not self.root.is_dir():
            return []
        refused = None
        try:
            self.check()
        except UnsafeFolderError as exc:
            self._warnings[str(exc)] = None
            refused = self.sessions_root
        for path, mode in self.walk(self.root):
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)) and path != refused:
                self.note_skipped(path, mode)
        return self.warnings + self.failures

    @staticmethod
    @contextlib.contextmanager
    def lock(session: Path, *, clean: bool = True) -> Iterator[None]:
        """Hold ``session`` for this process; refuse when another process holds it.

        ``clean`` settles the temporaries an interrupted write left
        (``recover_interrupted_save``); a session file just named by ``new_session_path``
        has none, and looking costs a listing of the person's folder (quadratic over an
        import of many sessions).
        """
        from filelock import FileLock, Timeout

        lock = FileLock(str(session) + ".lock", timeout=0, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            raise SessionBusyError(
                _(
                    "{session} is open in another bonsclics process; finish or stop it there first"
                ).format(session=session)
            ) from None
        try:
            if clean:
                recover_interrupted_save(session)
            yield
        finally:
            lock.release()


def _lstat_mode(entry: os.DirEntry[str]) -> int:
    return entry.stat(follow_symlinks=False).st_mode


def _kind(entry: os.DirEntry[str]) -> int:
    """The file type bits of an entry's ``lstat`` mode, from the listing itself when it has them.

    Links, folders and regular files are told by the type the listing gives (no
    system call); anything else is asked for, so that it can be named.
    """
    if entry.is_symlink():
        return stat.S_IFLNK
    if entry.is_dir(follow_symlinks=False):
        return stat.S_IFDIR
    if entry.is_file(follow_symlinks=False):
        return stat.S_IFREG
    return entry.stat(follow_symlinks=False).st_mode


@dataclass
class StoredSessions:
    """The sessions of the data folder that could be read, and why the others could not."""

    loaded: list[LoadedAnswers] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """Session files per person, readable or not (every person of the folder when all are read)."""


def read_sessions(
    folder: DataFolder, catalog: Catalog, person: str | None = None
) -> StoredSessions:
    """Load every session (of ``person``) against its questionnaire, as ``score`` does.

    Sorted by person then start time. A file in the folder of another person than
    the one it names is a failure: access and erasure go by folder.
    """
    result = StoredSessions()
    if person is None:
        persons = folder.persons()  # one listing for the counts and the sessions
        paths = folder.sessions_of(persons)
    else:
        persons = [person]
        paths = folder.sessions(person)
    result.counts = dict.fromkeys(persons, 0)
    for path in paths:
        result.counts[path.parent.name] = result.counts.get(path.parent.name, 0) + 1
    with _no_cyclic_collection():
        for path in paths:
            _read_session(path, catalog, result)
    result.loaded.sort(key=lambda item: (item.person, item.started_at, str(item.path)))
    result.warnings[:0] = folder.warnings
    result.failures[:0] = folder.failures
    return result


@contextlib.contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while thousands of sessions are read.

    What is read holds no reference cycles, and each collection would walk the
    whole growing list again: a third of the time of reading a data folder.
    Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_session(path: Path, catalog: Catalog, result: StoredSessions) -> None:
    try:
        loaded = load_answers(path, catalog)
    except InvalidInputError as exc:
        result.failures.append(str(exc))
        return
    if loaded.person != path.parent.name:
        result.failures.append(
            _(
                "{path}: this session names another person than its folder; "
                "move it to the folder of its person (bonsclics import does)"
            ).format(path=path)
        )
        return
    result.loaded.append(loaded)
    result.warnings.extend(loaded.warnings)
