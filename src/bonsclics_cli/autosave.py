"""Save the answers after every answer without making the next question wait on the disk.

A single writer thread writes the latest sheet it was handed; sheets handed over
while a write is under way are coalesced (only the newest matters, each write
is a whole file). ``flush`` waits until the newest sheet is on disk. A failed
write is raised at the next ``submit`` or ``flush``, so the interview stops
instead of going on without saving.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from bonsclics_cli.answers import AnswerSheet, save_sheet
from bonsclics_cli.errors import BonsclicsError


class SaveFailedError(BonsclicsError):
    """The answers could not be written."""

    exit_code = 1


class BackgroundSaver:
    """Writes sheets to ``path`` in a background thread; use as a context manager."""

    def __init__(self, path: Path, write: Callable[[AnswerSheet, Path], None] = save_sheet) -> None:
        self.path = path
        self._write = write
        self._condition = threading.Condition()
        self._pending: AnswerSheet | None = None
        self._busy = False
        self._closed = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="bonsclics-autosave", daemon=True)
        self._thread.start()

    def submit(self, sheet: AnswerSheet) -> None:
        """Hand over the newest state of the sheet; returns at once."""
        with self._condition:
            self._raise_error()
            if self._closed:
                raise RuntimeError("the saver is closed")
            self._pending = sheet
            self._condition.notify_all()

    def flush(self) -> None:
        """Wait until everything handed over is written."""
        with self._condition:
            while self._pending is not None or self._busy:
                if self._error is not None:
                    break
                self._condition.wait()
            self._raise_error()

    def close(self) -> None:
        """Flush, then stop the thread."""
        try:
            self.flush()
        finally:
            with self._condition:
                self._closed = True
                self._condition.notify_all()
            self._thread.join()

    def __enter__(self) -> BackgroundSaver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Also when failing (Ctrl-C included): write what we have; a failed write wins,
        # since the person at the screen must know their answers are not on disk.
        self.close()

    def _raise_error(self) -> None:
        if self._error is not None:
            error = self._error
            self._error = None
            reason = error.strerror if isinstance(error, OSError) else None
            raise SaveFailedError(
                f"cannot save the answers to {self.path}: {reason or type(error).__name__}"
            ) from None

    def _work(self) -> None:
        while True:
            with self._condition:
                while self._pending is None and not self._closed:
                    self._condition.wait()
                if self._pending is None:
                    return
                sheet, self._pending = self._pending, None
                self._busy = True
            try:
                self._write(sheet, self.path)
            except BaseException as exc:  # reported to the interview, never lost silently
                with self._condition:
                    self._error = exc
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
