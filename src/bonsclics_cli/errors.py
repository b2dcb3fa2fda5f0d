"""The one exception family: each error carries the exit code of docs/format.md §6."""

from __future__ import annotations


class BonsclicsError(Exception):
    """An error meant for people: its message is shown as is, without a traceback."""

    exit_code = 1


class InvalidInputError(BonsclicsError):
    """The input was read but is not valid (a questionnaire, an answers file)."""

    exit_code = 1


class UsageError(BonsclicsError):
    """The command was called wrongly: bad option value, missing file, no terminal."""

    exit_code = 2


class Interrupted(BonsclicsError):
    """Stopped by Ctrl-C after saving what there was to save."""

    exit_code = 130


class StorageError(BonsclicsError):
    """A file or folder could not be written or read: a full disk, no permission, read-only."""

    exit_code = 1
