"""The one exception family: each error carries the exit code of docs/format.md §6."""

from __future__ import annotations

import signal
from enum import IntEnum

from bonsclics_cli.i18n import _


class ExitCode(IntEnum):
    """The exit codes of every command (docs/format.md §6)."""

    OK = 0
    INVALID = 1  # the input was read but is not valid, or not all of it could be processed
    USAGE = 2  # unknown option, missing file, no terminal for an interactive command
    INTERRUPTED = 130  # Ctrl-C; the interview is saved and can be resumed
    BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of the output stopped (`... | head`)
    # A signal such as SIGTERM or SIGHUP exits with 128 + its number (``Terminated``).


class BonsclicsError(Exception):
    """An error meant for people: its message is shown as is, without a traceback."""

    exit_code: int = ExitCode.INVALID


class InvalidInputError(BonsclicsError):
    """The input was read but is not valid (a questionnaire, an answers file)."""

    exit_code = ExitCode.INVALID


class UsageError(BonsclicsError):
    """The command was called wrongly: bad option value, missing file, no terminal."""

    exit_code = ExitCode.USAGE


class Interrupted(BonsclicsError):
    """Stopped by Ctrl-C after saving what there was to save."""

    exit_code = ExitCode.INTERRUPTED


class StorageError(BonsclicsError):
    """A file or folder could not be written or read: a full disk, no permission, read-only."""

    exit_code = ExitCode.INVALID


class Terminated(BonsclicsError):
    """Stopped by a signal (SIGTERM, SIGHUP) after stopping what it had started.

    Exits with 128 + the signal's number, as a shell reports a process the signal ended.
    """

    def __init__(self, number: int) -> None:
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = _("signal {number}").format(number=number)
        super().__init__(
            _("stopped by {signal}; the worker processes were stopped too").format(signal=name)
        )
        self.exit_code = 128 + number


class UnsafeFolderError(BonsclicsError):
    """The data folder holds something bonsclics must not follow (a symbolic link)."""

    exit_code = ExitCode.INVALID
