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

import errno
from collections.abc import Callable
from pathlib import Path

from bonsclics_cli.answers import AnswerSheet, save_sheet
from bonsclics_cli.errors import BonsclicsError


class SaveFailedError(BonsclicsError):
    """The answers could not be written; ``saved`` is what the file still holds."""

    exit_code = 1

    def __init__(self, path: Path, cause: OSError, saved: AnswerSheet | None) -> None:
        reason = cause.strerror or type(cause).__name__
        super().__init__(f"cannot save the answers to {path}: {reason}")
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
