"""Files on disk, safely: private folders, atomic private writes, reading without following.

Everything bonsclics writes is private (folders 0700, files 0600) and atomic (a
temporary file in the same folder, fsynced, renamed, the folder fsynced), so a
crash leaves the old file or the new one, never half of one. Inside the data
folder nothing is followed if it is a link, and only regular files are opened.

Where ``-o`` may write: a new file, or a regular file that is neither an input nor
an answers file, replaced only when asked (``--force``). ``check_output`` is called
before any work, so a refused ``-o`` costs nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO, cast

from bonsclics_cli.errors import UnsafeFolderError, UsageError
from bonsclics_cli.i18n import N_, _

# The keys every answers document has (format 1), near its start: enough to recognise one
# (or the first line of a JSON Lines file of them) without reading a large file whole.
_ANSWERS = (
    re.compile(rb'"format"\s*:\s*1\b'),
    re.compile(rb'"person"\s*:\s*"'),
    re.compile(rb'"answers"\s*:\s*\{'),
    re.compile(rb'"questionnaire"\s*:\s*\{'),
)
_SNIFF = 1 << 16


def check_output(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse ``path`` as an output unless it is new, or a regular file ``--force`` allows."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot check this output path: {reason}").format(
                path=path, reason=os_reason(exc)
            )
        ) from None
    if not stat.S_ISREG(found.st_mode):
        raise UsageError(
            _(
                "{path} is {kind}: -o only creates a new file or replaces a regular one; "
                "give another path"
            ).format(path=path, kind=kind_of(found.st_mode))
        )
    if any(_same_file(found, each) for each in inputs) or is_answers_file(path):
        raise UsageError(
            _(
                "{path} is an answers file: -o never replaces one, even with --force; "
                "give another path"
            ).format(path=path)
        )
    if not force:
        raise UsageError(
            _("{path} already exists: add --force to replace it, or give another path").format(
                path=path
            )
        )


def prepare_output(path: Path, *, force: bool, inputs: Iterable[Path] = ()) -> Path:
    """``check_output``, then create the missing folders of ``path`` (0700); returns ``path``."""
    check_output(path, force=force, inputs=inputs)
    make_private_dir(path.parent)
    return path


def is_answers_file(path: Path) -> bool:
    """Whether the regular file ``path`` looks like an answers document (never blocks)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return False
        start = os.read(descriptor, _SNIFF)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return all(pattern.search(start) for pattern in _ANSWERS)


def _same_file(found: os.stat_result, other: Path) -> bool:
    try:
        theirs = other.stat()
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (theirs.st_dev, theirs.st_ino)


def write_private(path: Path, content: str | bytes) -> None:
    """Write ``content`` atomically to ``path``, readable only by its owner."""
    if isinstance(content, str):
        with open_private(path) as stream:
            stream.write(content)
        return
    with _becoming(path, lambda descriptor: os.fdopen(descriptor, "wb")) as binary:
        binary.write(content)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def open_private(path: Path, *, newline: str | None = "\n") -> Iterator[TextIO]:
    """A text stream that becomes ``path`` (0600) only when the block ends without error.

    For outputs written as they are produced (score results, thousands of lines):
    the same guarantees as ``write_private`` without holding the text in memory.
    """
    with _becoming(
        path, lambda descriptor: os.fdopen(descriptor, "w", encoding="utf-8", newline=newline)
    ) as stream:
        yield cast(TextIO, stream)


@contextlib.contextmanager
def _becoming(path: Path, opening: Callable[[int], IO[Any]]) -> Iterator[IO[Any]]:
    """A temporary file beside ``path``, opened by ``opening``, that replaces ``path``
    (fsynced, 0600, the folder fsynced) only when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with opening(descriptor) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            Path(temporary).chmod(0o600)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    sync_folder(path.parent)


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parent, each readable only by its owner.

    A folder that already exists is left as it is: it may be shared (``/tmp``, a
    team folder), and changing its mode would break it for others. ``where``
    reports a data folder that others can read.
    """
    missing: list[Path] = []
    current = path
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            folder.mkdir(mode=0o700)
    if not path.is_dir():
        raise UnsafeFolderError(
            _("{path} is not a folder; give a folder, or another path").format(path=path)
        )
    return path


def kind_of(mode: int) -> str:
    """What a file is, from its ``lstat`` mode, in words for messages."""
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISREG(mode):
        return _("a file")
    return _("a special file")


_NOT_REGULAR = "not a regular file"
_REASONS = {  # the system's English (strerror on Linux), for the catalogue to translate
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EROFS: N_("Read-only file system"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EMFILE: N_("Too many open files"),
    errno.EIO: N_("Input/output error"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.EXDEV: N_("Invalid cross-device link"),
}


def os_reason(exc: OSError) -> str:
    """Why an operation on a file failed, in the user's language (``permission denied``).

    The system's own text (``strerror``) is English; the usual causes are translated by
    the catalogue, a rare one keeps the system's text.
    """
    if exc.strerror == _NOT_REGULAR:
        return _("not a regular file")
    reason = _REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is not None:
        return _(reason)
    return exc.strerror or str(exc)


def link_target(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return "?"


_NO_FOLLOW = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular(path: Path) -> bytes:
    """The bytes of ``path``, only if it is a regular file (never a link, a pipe, a device).

    Opened without following a link and without blocking, then checked: a file
    swapped for a named pipe after it was listed cannot hang the command.
    """
    descriptor = os.open(path, _NO_FOLLOW | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, _NOT_REGULAR, str(path))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(descriptor)


def find_files(paths: Iterable[Path], suffix: str | tuple[str, ...]) -> list[Path]:
    """The files named, and the files ending in ``suffix`` (or one of them) under the folders.

    Folders are searched recursively without following links to folders (no
    loops), in path order. See ``iter_files``, which this lists.
    """
    return list(iter_files(paths, suffix))


def iter_files(paths: Iterable[Path], suffix: str | tuple[str, ...]) -> Iterator[Path]:
    """``find_files`` one path at a time, so that a million files take no more memory than ten.

    Every path is checked first (a missing one is a usage error before any file
    is given). Each folder is listed with one ``scandir`` and sorted by name, and
    the walk goes depth first: the order is the paths' (by parts), and only the
    folders on the way down are held, never the whole list.
    """
    given = list(paths)
    for path in given:
        if not path.is_dir() and not path.is_file():
            raise UsageError(_("{path}: no such file or folder").format(path=path))
    suffixes = tuple(map(os.path.normcase, (suffix,) if isinstance(suffix, str) else suffix))
    return _walk_paths(given, suffixes)


def _walk_paths(paths: list[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for name in _files_under(os.fspath(path), suffixes):
                yield Path(name)
        else:
            yield path


def _files_under(root: str, suffix: tuple[str, ...]) -> Iterator[str]:
    """The files under ``root`` ending in ``suffix``, depth first, each folder sorted by name."""
    # A stack of sorted listings (reversed, to pop the first name): sorting each folder's
    # entries by name gives the same order as sorting every path by its parts.
    stack = [_listing(root, suffix)]
    while stack:
        entries = stack[-1]
        if not entries:
            stack.pop()
            continue
        _, path, is_folder = entries.pop()
        if is_folder:
            stack.append(_listing(path, suffix))
        else:
            yield path


def _listing(folder: str, suffix: tuple[str, ...]) -> list[tuple[str, str, bool]]:
    """A folder's subfolders and matching files as (sort key, path, is a folder), last first.

    Links to folders are not followed (no loops).
    """
    found: list[tuple[str, str, bool]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    found.append((os.path.normcase(entry.name), entry.path, True))
                else:
                    name = os.path.normcase(entry.name)
                    if name.endswith(suffix) and entry.is_file():
                        found.append((name, entry.path, False))
    except OSError:  # an unreadable folder is skipped, as pathlib's glob does
        return []
    found.sort(reverse=True)
    return found
