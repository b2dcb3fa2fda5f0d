"""Messages in the reader's language: gettext catalogues, French first.

The messages in the code are English (``_("No such file")``); each other language has a
catalogue that a translator edits, ``locale/<lang>/LC_MESSAGES/bonsclics.po``, compiled
to the ``.mo`` beside it by ``python scripts/catalogue.py compile`` (a test fails when
the two differ, when a message lacks its translation, or when the catalogue keeps a
message the code no longer uses).

Two kinds of text, two ways in:

- the tool's own messages (help, tables, errors) follow the user's language, chosen once
  per invocation by :func:`choose_language` and set with :func:`set_language`; they are
  written ``_("...")`` and ``ngettext(...)``;
- the interview and the reports follow the questionnaire's language: they take
  ``translation(language)`` and call its ``gettext`` (``ngettext`` for a count).

A short text that two places translate differently takes a context:
``t.pgettext("score", "not evaluated")`` (French "non évalué", where a table's column
"not evaluated" is "non évalués").

Dates, times and numbers are formatted for the language by Babel (:func:`format_date`,
:func:`format_time`, :func:`format_decimal`), imported only when used.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "choose_language",
    "current_language",
    "format_date",
    "format_decimal",
    "format_time",
    "ngettext",
    "set_language",
    "translation",
]

DOMAIN = "bonsclics"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "en")
"""The languages the tool speaks completely; the first is the fallback (users are French)."""
DEFAULT_LANGUAGE = LANGUAGES[0]
SOURCE_LANGUAGE = "en"
"""The language of the messages in the code: it needs no catalogue."""

_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def base_language(code: str) -> str:
    """``fr`` for ``fr-CA``, ``fr_FR.UTF-8`` or ``FR``."""
    return code.replace("_", "-").split("-")[0].split(".")[0].split("@")[0].lower()


FRAME_LANGUAGE = "en"
"""The language of the words around a questionnaire whose language the tool does not speak."""


def frame_language(language: str) -> str:
    """The language of the words around a questionnaire in ``language``: itself when the
    tool speaks it (``fr-CA`` is ``fr``), English otherwise."""
    code = base_language(language)
    return code if code in LANGUAGES else FRAME_LANGUAGE


@functools.cache
def translation(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language`` (``fr-CA`` uses ``fr``); the code's English for
    English and for a language we do not have."""
    code = base_language(language)
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, [code])
    except OSError:
        return gettext.NullTranslations()


def choose_language(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The user's language: ``--lang``, then ``BONSCLICS_LANG``, then the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set), French otherwise.

    A language the tool does not speak is passed over, like an unset variable.
    """
    env = os.environ if environ is None else environ
    candidates = [flag, env.get("BONSCLICS_LANG")]
    candidates.append(next((env[name] for name in _LOCALE_VARIABLES if env.get(name)), None))
    for candidate in candidates:
        if candidate and base_language(candidate) in LANGUAGES:
            return base_language(candidate)
    return DEFAULT_LANGUAGE


def is_known_language(code: str) -> bool:
    return base_language(code) in LANGUAGES


_current = choose_language()
"""Until ``set_language`` (``--lang``): the language the environment asks for, so that a
process started without the command line (a worker, a script using the API) speaks it too."""


def set_language(language: str) -> None:
    """The language of the tool's own messages for the rest of this process."""
    global _current
    _current = base_language(language) if is_known_language(language) else DEFAULT_LANGUAGE


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """``message`` in the user's language."""
    return translation(_current).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, by the rules of the user's language
    (French: 0 and 1 are singular)."""
    return translation(_current).ngettext(singular, plural, count)


def joined(items: Iterable[str]) -> str:
    """Items of a message listed as the user's language lists them: ``a; b`` in English,
    ``a ; b`` in French."""
    return _("; ").join(items)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (it is translated
    where it is shown, with ``_(value)``)."""
    return message


def format_date(value: date, language: str | None = None, *, form: str = "long") -> str:
    """``1 décembre 2026`` / ``December 1, 2026``: a date as the language writes it."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=form, locale=_babel_locale(language))


def format_time(value: datetime | time, language: str | None = None, *, form: str = "short") -> str:
    """``10:15`` / ``10 h 15`` (with a pattern from the catalogue): a time of day as the
    language writes it, in the offset it was recorded in."""
    from babel.dates import format_time as babel_format_time

    return babel_format_time(value, format=form, locale=_babel_locale(language))


def format_decimal(value: float | int, language: str | None = None) -> str:
    """``12,5`` / ``12.5``: a number as the language writes it."""
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(value, locale=_babel_locale(language))


def _babel_locale(language: str | None) -> str:
    code = base_language(language or _current)
    return code if code in LANGUAGES else DEFAULT_LANGUAGE
