"""The one place consoles are made, so every command honours NO_COLOR, width and --plain."""

from __future__ import annotations

import os
import sys
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def make_console(*, stderr: bool = False, plain: bool = False) -> Console:
    """A Rich console for stdout (or stderr); ``plain`` drops colour, boxes and animation."""
    from rich.console import Console

    return Console(
        stderr=stderr,
        no_color=plain or "NO_COLOR" in os.environ,
        highlight=False,
        emoji=False,
        markup=False,  # text from files and persons is never markup; style with Text
        soft_wrap=False,
        force_terminal=False if plain else None,
    )


def error_prefix() -> str:
    """``Erreur :`` for French locales, ``Error:`` otherwise."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "Erreur :" if value.lower().startswith("fr") else "Error:"
    return "Error:"


def print_error(message: str) -> None:
    """``Error: message`` on stderr; the message may quote files, so it is sanitized."""
    sys.stderr.write(f"{error_prefix()} {sanitize(message)}\n")
    sys.stderr.flush()


def sanitize(text: str) -> str:
    """Text from a file or a person, made safe to print: no escape or control characters."""
    return "".join(char if _is_safe(char) else f"\\u{ord(char):04x}" for char in text)


def _is_safe(char: str) -> bool:
    # isprintable() refuses escapes, controls and bidi overrides (category Cc/Cf), but
    # also the no-break spaces French typography puts before ':' and '?' (category Zs).
    return char in "\n\t" or char.isprintable() or unicodedata.category(char) == "Zs"
