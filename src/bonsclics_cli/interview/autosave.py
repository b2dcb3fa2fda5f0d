"""Save the answers after every answer, on disk before the interview goes on.

Each new state of the sheet is written whole, atomically (a temporary file,
fsynced, renamed over the session, the folder fsynced) before ``save`` returns:
the engine draws the next question only after that, so a crash or a kill -9 at
any moment loses nothing the person at the screen saw confirmed. A write that
fails raises ``SaveFailedError``, which says what is still on disk; the
interview stops instead of going on without saving.

(An earlier version wrote in a background thread to spare the wait; a kill just
as the next question appeared then lost the last answer. The wait is one small
file and an fsync, a few milliseconds on a local disk.)
"""

from __future__ import annotations

import contextlib
import errno
import glob
import stat
from collections.abc import Callable
from pathlib import Path

from bonsclics_cli.answers.sheet import (
    AnswerSheet,
    parse_sheet,
    read_sheet,
    read_sheet_bytes,
    save_sheet,
)
from bonsclics_cli.errors import BonsclicsError, ExitCode, InvalidInputError
from bonsclics_cli.files import os_reason, sync_folder
from bonsclics_cli.i18n import _


class SaveFailedError(BonsclicsError):
    """The answers could not be written; ``saved`` is what the file still holds."""

    exit_code = ExitCode.INVALID

    def __init__(self, path: Path, cause: OSError, saved: AnswerSheet | None) -> None:
        reason = os_reason(cause) if cause.strerror else type(cause).__name__
        super().__init__(
            _("cannot save the answers to {path}: {reason}").format(path=path, reason=reason)
        )
        self.path = path
        self.errno = cause.errno
        self.reason = reason
        self.saved = saved

    @property
    def disk_full(self) -> bool:
        return self.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class SessionSaver:
    """Writes every sheet it is given to ``path`` before returning."""

    def __init__(
        self,
        path: Path,
        write: Callable[[AnswerSheet, Path], None] = save_sheet,
        *,
        saved: AnswerSheet | None = None,
    ) -> None:
        self.path = path
        self._write = write
        self.saved = saved  # the newest sheet known to be on disk

    def save(self, sheet: AnswerSheet) -> None:
        """Write ``sheet`` whole; on return it is on disk, or SaveFailedError was raised."""
        try:
            self._write(sheet, self.path)
        except OSError as exc:
            raise SaveFailedError(self.path, exc, self.saved) from None
        self.saved = sheet


def recover_interrupted_save(path: Path) -> bool:
    """Settle the temporary copies of ``path`` that an interrupted save left; True if one won.

    A save writes a temporary file next to the session, fsyncs it and renames it over
    the session. Killed between the fsync and the rename, it leaves a complete copy
    newer than the session: that copy replaces the session when it is a valid answers
    document of the same interview (person, questionnaire, start) updated after it.
    Every other copy is removed: a half-written one, or one older than the session.
    When the session cannot be read nothing can vouch for a copy, so the copies are
    left as they are. When there is no session, the copies go: an interview's first
    write holds no answer yet, and an import's source is still where it was read.
    Call it with the session locked.
    """
    leftovers = [
        leftover
        for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp")
        if _is_regular(leftover)
    ]
    if not leftovers:
        return False
    try:
        current = read_sheet(path)
        newest = (current.updated_at, path.stat().st_mtime_ns)
    except (InvalidInputError, OSError):
        if not path.exists() and not path.is_symlink():
            for leftover in leftovers:
                with contextlib.suppress(OSError):
                    leftover.unlink()
        return False
    best: Path | None = None
    for leftover in leftovers:
        try:
            candidate = parse_sheet(read_sheet_bytes(leftover), leftover.name)
            when = (candidate.updated_at, leftover.stat().st_mtime_ns)
        except (InvalidInputError, OSError):
            continue
        if _same_interview(candidate, current) and when > newest:
            best, newest = leftover, when
    for leftover in leftovers:
        if leftover != best:
            with contextlib.suppress(OSError):
                leftover.unlink()
    if best is None:
        return False
    with contextlib.suppress(OSError):
        best.chmod(0o600)
    best.replace(path)
    sync_folder(path.parent)
    return True


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _same_interview(one: AnswerSheet, other: AnswerSheet) -> bool:
    return (
        one.person == other.person
        and (one.questionnaire.id, one.questionnaire.version)
        == (other.questionnaire.id, other.questionnaire.version)
        and one.started_at == other.started_at
    )
