"""The person's right to erasure and the structure's retention limit: ``forget`` and ``purge``.

Erasing a person removes every ``<area>/<person id>/`` folder of the data folder
(sessions, locks, temporaries, reports kept there), then searches every byte and
every file name left for the id, so nothing that still names them goes unnoticed.
The clock is passed in, so retention is testable.
"""

from __future__ import annotations

import calendar
import contextlib
import re
import shutil
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from bonsclics_cli.answers.sheet import read_sheet
from bonsclics_cli.compat import UTC
from bonsclics_cli.errors import BonsclicsError, ExitCode, UsageError
from bonsclics_cli.files import kind_of, link_target, os_reason
from bonsclics_cli.i18n import _, joined, ngettext
from bonsclics_cli.store.folder import DataFolder, NothingKeptError, check_person_id

_DURATION = re.compile(r"(\d{1,4})\s*([dwmy])", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    """A retention period: a count of days, weeks, months or years."""

    amount: int
    unit: str  # "d", "w", "m" or "y"

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _DURATION.fullmatch(text.strip())
        if not match or int(match.group(1)) == 0:
            raise UsageError(
                _(
                    "{text} is not a duration: use a number followed by d (days), w (weeks), "
                    "m (months) or y (years), e.g. 90d, 24m, 2y"
                ).format(text=repr(text))
            )
        return cls(int(match.group(1)), match.group(2).lower())

    def before(self, now: datetime) -> datetime:
        """The moment this long before ``now`` (calendar months and years).

        A period reaching before year 1 gives the earliest moment there is: nothing
        is older than that, so nobody is erased.
        """
        try:
            if self.unit == "d":
                return now - timedelta(days=self.amount)
            if self.unit == "w":
                return now - timedelta(weeks=self.amount)
            months = self.amount * (12 if self.unit == "y" else 1)
            return _months_before(now, months)
        except (OverflowError, ValueError):
            return datetime.min.replace(tzinfo=now.tzinfo)

    def __str__(self) -> str:
        n = self.amount
        if self.unit == "d":
            return ngettext("{n} day", "{n} days", n).format(n=n)
        if self.unit == "w":
            return ngettext("{n} week", "{n} weeks", n).format(n=n)
        if self.unit == "m":
            return ngettext("{n} month", "{n} months", n).format(n=n)
        return ngettext("{n} year", "{n} years", n).format(n=n)


def _months_before(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def last_activity(folder: DataFolder, person: str) -> datetime | None:
    """When something was last recorded about ``person``.

    The latest ``updated_at`` of their sessions; for any other file (a report, a
    damaged session), its modification time. Locks and temporaries do not count, nor
    do reports in ``reports/``: made from the sessions, making one again must not keep
    a person's data longer.
    """
    latest: datetime | None = None
    for path in folder.person_files(person):
        if path.suffix in {".lock", ".tmp"} or path.is_relative_to(folder.reports_root):
            continue
        moment: datetime | None = None
        if path.suffix == ".json" and path.parent.parent == folder.sessions_root:
            with contextlib.suppress(BonsclicsError):
                moment = read_sheet(path).updated_at
        if moment is None:
            with contextlib.suppress(OSError):
                moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if moment is not None and (latest is None or moment > latest):
            latest = moment
    return latest


@dataclass(frozen=True)
class Stale:
    person: str
    last: datetime | None  # None: nothing dated (only locks or temporaries are left)


def stale_persons(folder: DataFolder, older_than: Duration, now: datetime) -> list[Stale]:
    """The persons whose last recorded activity is before ``now - older_than``."""
    cutoff = older_than.before(now)
    persons = sorted(
        {
            path.name
            for area in folder.areas()
            for path in _real_folders(folder, area)
            if _is_person_id(path.name)
        }
    )
    stale = []
    for person in persons:
        last = last_activity(folder, person)
        if last is None or last < cutoff:
            stale.append(Stale(person, last))
    return stale


def _real_folders(folder: DataFolder, area: Path) -> list[Path]:
    """The folders of ``area``: a link in place of a person's folder is never followed."""
    return [path for path, mode in folder.entries(area) if stat.S_ISDIR(mode)]


def linked_persons(folder: DataFolder) -> list[str]:
    """Why each link in place of a person's folder is left alone by ``purge``, for people."""
    names = {
        path.name
        for area in folder.areas()
        for path, mode in folder.entries(area)
        if stat.S_ISLNK(mode) and _is_person_id(path.name)
    }
    return [message for name in sorted(names) for message in linked_person_folders(folder, name)]


def _is_person_id(name: str) -> bool:
    try:
        check_person_id(name)
    except UsageError:
        return False
    return True


@dataclass(frozen=True)
class Erasure:
    person: str
    files: int  # files erased
    sessions: int  # of which sessions
    leftovers: tuple[Path, ...]  # files outside the person's folders that still name them
    links: tuple[str, ...] = ()  # links in place of a person's folder: left alone, explained


def planned_erasure(folder: DataFolder, person: str) -> tuple[list[Path], int]:
    """The files ``forget`` would erase, and how many of them are sessions."""
    files = folder.person_files(person)
    sessions = len(folder.sessions(person))
    return files, sessions


class ErasureError(BonsclicsError):
    """The file system refused part of an erasure (read-only, permissions)."""

    exit_code = ExitCode.INVALID


def forget(folder: DataFolder, person: str) -> Erasure:
    """Erase everything kept about ``person``; refuse while one of their sessions is open.

    Each real ``<area>/<person id>/`` folder goes whole, with whatever it holds (a link
    inside is removed as a link, never followed). A link in place of such a folder
    is left alone and noted in ``folder.warnings``: what it points to is outside the
    data folder, and erasing through it could destroy someone else's files.
    """
    folders = kept_folders(folder, person)
    links = linked_person_folders(folder, person)
    sessions = folder.sessions(person)
    files = folder.person_files(person)
    try:
        with contextlib.ExitStack() as held:
            # Hold every session while its data goes, so no interview can start writing
            # one again; the lock files themselves go once released.
            for session in sessions:
                held.enter_context(DataFolder.lock(session))
            for path in files:
                if path.suffix != ".lock":
                    path.unlink(missing_ok=True)
        for each in folders:
            shutil.rmtree(each)
    except OSError as exc:
        where = exc.filename or folder.root
        raise ErasureError(
            _(
                "{path}: cannot erase: {reason}; some files about '{person}' may "
                "remain. Make the data folder writable (is the disk mounted read-only?), then "
                "run the command again"
            ).format(path=where, reason=os_reason(exc), person=person)
        ) from None
    return Erasure(person, len(files), len(sessions), tuple(mentions(folder, person)), tuple(links))


def kept_folders(folder: DataFolder, person: str) -> list[Path]:
    """The real folders kept about ``person``, which ``forget`` erases whole.

    Raises ErasureError when only links stand in their place (nothing can be erased),
    NothingKeptError when nothing is kept about them.
    """
    check_person_id(person)
    folders = folder.person_folders(person)
    if folders:
        return folders
    links = linked_person_folders(folder, person)
    if links:
        raise ErasureError(_("nothing erased: {reasons}").format(reasons=joined(links)))
    raise NothingKeptError(
        _(
            "nothing is kept about '{person}' in {folder} "
            "(the ids there are listed by 'bonsclics persons')"
        ).format(person=person, folder=folder.root)
    )


def linked_person_folders(folder: DataFolder, person: str) -> list[str]:
    """Why each ``<area>/<person id>`` that is not a real folder is left alone, for people."""
    found = []
    for path, mode in folder.person_entries(person):
        if stat.S_ISDIR(mode):
            continue
        if stat.S_ISLNK(mode):
            target = link_target(path)
            found.append(
                _(
                    "{path} is a symbolic link to {target}, outside what bonsclics erases: it was "
                    "left alone. Check {target} and erase there what is theirs, then remove the "
                    "link (rm {path})"
                ).format(path=path, target=target)
            )
        else:
            found.append(
                _("{path} is {kind}, not a folder: it was left alone; remove it").format(
                    path=path, kind=kind_of(mode)
                )
            )
    return found


def mentions(folder: DataFolder | Path, person: str) -> list[Path]:
    """Files (or folders) of the data folder whose name or bytes still contain the id ``person``.

    The id counts when no letter or digit touches it, so ``BC-1`` is not found in ``BC-12``.
    Links are not followed and only regular files are opened.
    """
    if isinstance(folder, Path):
        folder = DataFolder(folder)
    pattern = re.compile(rb"(?<![A-Za-z0-9])" + re.escape(person.encode()) + rb"(?![A-Za-z0-9])")
    found: list[Path] = []
    if not folder.root.is_dir():
        return found
    for path, mode in sorted(folder.walk(folder.root)):
        if pattern.search(path.name.encode("utf-8", "surrogateescape")):
            found.append(path)
        elif stat.S_ISREG(mode):
            with contextlib.suppress(OSError), path.open("rb") as stream:
                if _stream_mentions(stream, pattern, len(person)):
                    found.append(path)
    return found


def _stream_mentions(stream: BinaryIO, pattern: re.Pattern[bytes], width: int) -> bool:
    """Search a file in chunks, keeping an overlap so an id across a boundary is found."""
    tail = b""
    while chunk := stream.read(1 << 20):
        window = tail + chunk
        if pattern.search(window):
            return True
        tail = window[-(width + 1) :]
    return False
