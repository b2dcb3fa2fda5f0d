"""The one place consoles are made, so every command honours NO_COLOR, width and --plain."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from bonsclics_cli.i18n import N_

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console


def make_console(
    *, stderr: bool = False, plain: bool = False, file: TextIO | None = None
) -> Console:
    """A Rich console for stdout (or stderr, or ``file``); ``plain`` drops colour, boxes and
    animation."""
    console = _console_class()(
        file=file,
        stderr=stderr,
        no_color=plain or "NO_COLOR" in os.environ,
        highlight=False,
        emoji=False,
        markup=False,  # text from files and persons is never markup; style with Text
        soft_wrap=False,
        force_terminal=False if plain else None,
    )
    console.plain = plain  # type: ignore[attr-defined]
    return console


@functools.cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class _Console(Console):
        """A Rich console that leaves a broken pipe to the one error handler (exit 141),
        where Rich would exit 1 on its own."""

        plain = False
        """``--plain``: tables are drawn without boxes, for screen readers."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

        def print(self, *objects: Any, **kwargs: Any) -> None:
            if self.plain:
                from rich.table import Table

                for item in objects:
                    if isinstance(item, Table) and item.box is not None:
                        item.box = None
                        item.show_edge = False
            super().print(*objects, **kwargs)

    return _Console


def tolerant_streams() -> None:
    """Let stdout and stderr replace what their encoding cannot show, instead of crashing.

    A terminal or a redirection in cp1252 (Windows) or latin-1 cannot encode every
    character of a questionnaire, a chart or a person id; a ``?`` is better than a
    crash. Data outputs (CSV, JSON Lines) are written as UTF-8 bytes instead.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").replace("-", "").lower()
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not encoding.startswith("utf"):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def quiet_closed_stdout() -> None:
    """After a broken pipe: point stdout at the null device so the exit flush stays silent."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


_OS_HINTS = {
    errno.ENOSPC: N_("the disk is full; free some space, then run the command again"),
    errno.EDQUOT: N_("the disk quota is exceeded; free some space, then run the command again"),
    errno.EROFS: N_("the file system is read-only; use a writable folder (--data-dir, -o)"),
    errno.EACCES: N_("permission denied; check the folder's permissions (ls -ld)"),
    errno.EPERM: N_("operation not permitted; check the folder's permissions (ls -ld)"),
}


def describe_os_error(exc: OSError) -> str:
    """A failure of the machine (disk, permissions) as a sentence naming the file."""
    from bonsclics_cli.files import os_reason
    from bonsclics_cli.i18n import _

    hint = _OS_HINTS.get(exc.errno or 0)
    what = _(hint) if hint else os_reason(exc)
    where = exc.filename if exc.filename is not None else _("a file")
    return f"{os.fsdecode(where) if isinstance(where, bytes) else where}: {what}"


def error_prefix() -> str:
    """``Erreur :`` / ``Error:``: the one label of an error, in the user's language."""
    from bonsclics_cli.i18n import _

    return _("Error:")


def warning_prefix() -> str:
    """``Avertissement :`` / ``Warning:``: the one label of a warning, in the user's language."""
    from bonsclics_cli.i18n import _

    return _("Warning:")


def print_error(message: str) -> None:
    """``Error: message`` on the process's stderr (a command has ``AppContext.error``)."""
    sys.stderr.write(f"{error_prefix()} {sanitize(message)}\n")
    sys.stderr.flush()


def print_warning(message: str) -> None:
    """``Warning: message`` on the process's stderr (a command has ``AppContext.warn``)."""
    sys.stderr.write(f"{warning_prefix()} {sanitize(message)}\n")
    sys.stderr.flush()


def sanitize(text: str) -> str:
    """Text from a file or a person, made safe to print: no escape or control characters."""
    if text.isprintable():
        return text  # the common case, in one pass
    return "".join(char if _is_safe(char) else f"\\u{ord(char):04x}" for char in text)


def _is_safe(char: str) -> bool:
    # isprintable() refuses escapes, controls and bidi overrides (category Cc/Cf), but
    # also the no-break spaces French typography puts before ':' and '?' (category Zs).
    return char in "\n\t" or char.isprintable() or unicodedata.category(char) == "Zs"


def screenful(console: Console) -> int:
    """How many rows a table may have before it is written as plain lines instead: Rich
    lays out every row of a table before printing the first, seconds for thousands of
    rows nobody reads on a screen."""
    return max(console.size.height - 8, 10)


def column_widths(rows: Iterable[Sequence[str]]) -> list[int]:
    """The width of each column: its longest cell."""
    return [max(map(len, column)) for column in zip(*rows, strict=True)]


def aligned(cells: Sequence[str], widths: Sequence[int], right: Collection[int] = ()) -> str:
    """One plain line of a table: the cells padded to their columns' widths (right-aligned
    for the columns in ``right``), two spaces apart."""
    padded = (
        cell.rjust(width) if index in right else cell.ljust(width)
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )
    return "  ".join(padded).rstrip()


def short_date(day: date) -> str:
    """``1 déc. 2026`` / ``Dec 1, 2026``: a date in a table, as the user's language writes
    it, with no room for doubt between day and month; ISO dates stay in data (CSV, JSON)."""
    from bonsclics_cli.i18n import current_language

    return _short_date(day, current_language())


@functools.lru_cache(maxsize=1024)
def _short_date(day: date, language: str) -> str:
    # A list of a year of sessions holds a few hundred days: each is formatted once.
    from bonsclics_cli.i18n import format_date

    return format_date(day, language, form="medium")


def confirm(question: str) -> bool:
    """``question [o/N]`` / ``[y/N]``: yes only when the user types it (either language's
    word); Ctrl-D or Enter is no."""
    import typer

    from bonsclics_cli.i18n import _

    choices = _("y/N")
    try:
        typed = typer.prompt(
            f"{question} [{choices}]", default="", show_default=False, prompt_suffix=" "
        )
    except typer.Abort:
        return False
    return str(typed).strip().lower() in {"y", "yes", "o", "oui", _("y"), _("yes")}


BAR_WIDTH = 20


def bar(part: float | None, whole: float = 100, *, width: int = BAR_WIDTH, track: str = "░") -> str:
    """``█████░░░``: ``part`` of ``whole`` as a text bar of ``width`` characters; dots all
    along when there is nothing to show (a domain not evaluated)."""
    if part is None:
        return "·" * width
    filled = round(width * part / whole) if whole else 0
    filled = max(0, min(width, filled))
    return "█" * filled + track * (width - filled)
