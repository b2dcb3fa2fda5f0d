"""One context per invocation: the streams, the language of messages, the data folder and
the questionnaire catalog.

The app's callback builds it once and stores it on Click's ``ctx.obj``; every command
takes it with :func:`use`. Tests hand in their own (``main(argv, context=...)``) to
capture the streams or pin the language without touching the process's real ones.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import typer
    from rich.console import Console

    from bonsclics_cli.questionnaire.catalog import Catalog
    from bonsclics_cli.store.folder import DataFolder


class AppContext:
    """What every command shares: built once per invocation, replaceable in tests.

    ``language`` is the language of the tool's own messages. It is not kept here but in
    :mod:`bonsclics_cli.i18n` (what ``_()`` reads), so the two cannot disagree: giving
    a context a language sets it for the process.
    """

    def __init__(
        self,
        stdout: TextIO,
        stderr: TextIO,
        language: str | None = None,
        data_dir: Path | None = None,
        debug: bool = False,
        *,
        plain: bool = False,
    ) -> None:
        self.stdout = stdout
        self.stderr = stderr
        if language is not None:
            self.language = language
        self.data_dir = data_dir
        """The data folder when a command is not given ``--data-dir`` (None: the default)."""
        self.debug = debug
        self.plain = plain
        """``--plain`` or ``NO_COLOR``-like output asked for the whole invocation."""
        self._catalogs: dict[tuple[Path, ...], Catalog] = {}

    @classmethod
    def from_environment(cls, flag: str | None = None) -> AppContext:
        """The process's own streams; the language of ``--lang``, ``BONSCLICS_LANG`` or
        the locale (French otherwise)."""
        from bonsclics_cli.i18n import choose_language

        return cls(sys.stdout, sys.stderr, choose_language(flag))

    @property
    def language(self) -> str:
        from bonsclics_cli.i18n import current_language

        return current_language()

    @language.setter
    def language(self, value: str) -> None:
        from bonsclics_cli.i18n import set_language

        set_language(value)

    # --- the streams ---------------------------------------------------------------------

    def console(self, *, stderr: bool = False, plain: bool = False) -> Console:
        """A Rich console on this invocation's stdout (or stderr)."""
        from bonsclics_cli.cli.console import make_console

        return make_console(file=self.stderr if stderr else self.stdout, plain=plain or self.plain)

    def echo(self, text: str = "", *, err: bool = False) -> None:
        """One line of plain text, as it is (the caller sanitises what came from a file)."""
        stream = self.stderr if err else self.stdout
        stream.write(f"{text}\n")
        stream.flush()

    def error(self, message: str) -> None:
        """``Erreur : message`` (``Error:``) on stderr; the message may quote files."""
        from bonsclics_cli.cli.console import error_prefix, sanitize

        self.echo(f"{error_prefix()} {sanitize(message)}", err=True)

    def warn(self, message: str) -> None:
        """``Avertissement : message`` (``Warning:``) on stderr; the message may quote files."""
        from bonsclics_cli.cli.console import sanitize, warning_prefix

        self.echo(f"{warning_prefix()} {sanitize(message)}", err=True)

    def write_data(self, text: str) -> None:
        """Data or a document on stdout as UTF-8, whatever the terminal's encoding."""
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is None:
            self.stdout.write(text)
            return
        self.stdout.flush()
        buffer.write(text.encode("utf-8"))

    def utf8_stdout(self) -> None:
        """Make stdout UTF-8 for data and documents (CSV, JSON, reports): a redirection on
        Windows is then the same as a file written with ``-o``."""
        reconfigure = getattr(self.stdout, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                self.stdout.flush()
                reconfigure(encoding="utf-8", errors="strict")

    def stdout_is_terminal(self) -> bool:
        return self.stdout.isatty()

    # --- the data folder and the questionnaires ------------------------------------------

    def folder(self, data_dir: Path | None = None) -> DataFolder:
        """The data folder named by ``--data-dir``, else this context's, else the default;
        never creates it."""
        from bonsclics_cli.store.folder import DataFolder, default_data_dir

        chosen = data_dir or self.data_dir
        return DataFolder(chosen.expanduser() if chosen else default_data_dir())

    def catalog(self, extra: Sequence[Path] | None = None) -> Catalog:
        """The bundled questionnaires and those named by ``-q``; loaded once per invocation."""
        from bonsclics_cli.questionnaire.catalog import Catalog

        key = tuple(extra or ())
        if key not in self._catalogs:
            self._catalogs[key] = Catalog(key)
        return self._catalogs[key]


def use(ctx: typer.Context | Any) -> AppContext:
    """The invocation's context, made from the environment if the callback did not run."""
    found = getattr(ctx, "obj", None)
    if isinstance(found, AppContext):
        return found
    context = AppContext.from_environment()
    if ctx is not None:
        ctx.obj = context
    return context
