"""The message catalogues: complete, without dead messages, compiled; and the language
chosen as documented."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bonsclics_cli import i18n

ROOT = Path(__file__).resolve().parent.parent


def _catalogue_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "scripts" / "catalogue.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogue"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_used_and_compiled() -> None:
    problems = _catalogue_script().problems()
    assert problems == [], "\n".join(problems)


def test_french_is_the_fallback_and_the_catalogue_answers() -> None:
    assert i18n.translation("fr").gettext("Error:") == "Erreur :"
    assert i18n.translation("fr-CA").gettext("Error:") == "Erreur :"
    assert i18n.translation("en").gettext("Error:") == "Error:"
    assert i18n.translation("de").gettext("Error:") == "Error:"


@pytest.mark.parametrize(
    ("flag", "environ", "expected"),
    [
        ("en", {"BONSCLICS_LANG": "fr", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"BONSCLICS_LANG": "en", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "fr_BE", "LANG": "en_US.UTF-8"}, "fr"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "fr"),
        (None, {"LANG": "de_DE.UTF-8"}, "fr"),
        (None, {}, "fr"),
        ("de", {"BONSCLICS_LANG": "en"}, "en"),
    ],
)
def test_the_language_comes_from_the_flag_then_the_variable_then_the_locale(
    flag: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.choose_language(flag, environ) == expected


def test_french_plurals_count_zero_and_one_as_singular() -> None:
    # gettext applies the catalogue's Plural-Forms; French says "0 réponse".
    plural = i18n.translation("fr").plural  # type: ignore[attr-defined]
    assert (plural(0), plural(1), plural(2)) == (0, 0, 1)


def test_dates_and_numbers_are_written_as_the_language_writes_them() -> None:
    from datetime import date

    assert i18n.format_date(date(2026, 12, 1), "fr") == "1 décembre 2026"
    assert i18n.format_date(date(2026, 12, 1), "en") == "December 1, 2026"
    assert i18n.format_decimal(12.5, "fr") == "12,5"
    assert i18n.format_decimal(12.5, "en") == "12.5"
