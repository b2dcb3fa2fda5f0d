"""The interview's and the reports' words come from the catalogue: every one is there in
French and in English, the French catalogue really answers for each, and counts, dates and
times are written as each language writes them."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date, datetime, timedelta, timezone

import pytest

from bonsclics_cli.cli import wording as interview
from bonsclics_cli.reports import wording as reports
from bonsclics_cli.reports.wording import Counted

# Fields whose French is, on purpose, the same as the English.
SAME_IN_FRENCH = {
    "reports": {
        "day_pattern",  # "d MMMM y": 29 novembre 2026 / 29 November 2026
        "question",  # Question
        "questionnaire",  # Questionnaire
        "version",  # Version
        "score",  # Score
        "points",  # Points
    },
    "interview": set(),
}
NOT_WORDS = {"code", "language"}  # the language of the words, not words

TABLES: dict[
    str, tuple[reports.Words, reports.Words] | tuple[interview.Wording, interview.Wording]
] = {
    "reports": (reports.FRENCH, reports.ENGLISH),
    "interview": (interview.FRENCH, interview.ENGLISH),
}


def _forms(value: object) -> list[str]:
    """Each text a field can show: both forms of a counted text."""
    if isinstance(value, Counted):
        return [value.forms(1), value.forms(2)]
    assert isinstance(value, str)
    return [value]


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_word_is_there_in_both_languages(table: str) -> None:
    french, english = TABLES[table]
    for field in fields(french):
        for text in _forms(getattr(french, field.name)) + _forms(getattr(english, field.name)):
            assert text.strip(), f"{table}.{field.name} is empty"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_the_french_catalogue_answers_for_every_word(table: str) -> None:
    # A French text equal to its English message is a missing translation, unless listed.
    french, english = TABLES[table]
    same = {
        field.name
        for field in fields(french)
        if field.name not in NOT_WORDS
        and _forms(getattr(french, field.name)) == _forms(getattr(english, field.name))
    }
    assert same == SAME_IN_FRENCH[table]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_french_and_english_fill_the_same_placeholders(table: str) -> None:
    french, english = TABLES[table]
    for field in fields(french):
        for fr, en in zip(
            _forms(getattr(french, field.name)), _forms(getattr(english, field.name)), strict=True
        ):
            assert _placeholders(fr) == _placeholders(en), f"{table}.{field.name}"


def test_a_language_without_a_catalogue_keeps_the_english_frame() -> None:
    assert reports.words_for("de") is reports.ENGLISH
    assert reports.words_for("fr-CA") is reports.FRENCH
    assert reports.words_for("fr_BE") is reports.FRENCH
    assert interview.wording_for("es") is interview.ENGLISH
    assert interview.wording_for("fr-CA") is interview.FRENCH
    assert reports.words_for("de").person_title == "Your digital skills summary"
    assert interview.wording_for("fr-CA").back == "Revenir à la question précédente"


@pytest.mark.parametrize(
    ("count", "french", "english"),
    [
        (0, "0 question posée sans réponse", "0 questions asked without an answer"),
        (1, "1 question posée sans réponse", "1 question asked without an answer"),
        (2, "2 questions posées sans réponse", "2 questions asked without an answer"),
    ],
)
def test_counts_take_the_form_of_their_language(count: int, french: str, english: str) -> None:
    # French counts 0 as singular, English as plural.
    assert reports.FRENCH.unfinished_detail.format(count=count).startswith(french + " : ")
    assert reports.ENGLISH.unfinished_detail.format(count=count).startswith(english + ": ")


@pytest.mark.parametrize(
    ("change", "french", "english"),
    [
        ("+1", "+1 point (score", "+1 point (score"),
        ("−1", "−1 point (score", "−1 point (score"),
        ("0", "0 point (score", "0 points (score"),
        ("+12", "+12 points (score", "+12 points (score"),
        ("—", "— points (score", "— points (score"),
        (-3, "-3 points (score", "-3 points (score"),
    ],
)
def test_a_signed_change_counts_its_points(change: str | int, french: str, english: str) -> None:
    values = {"date": "1er mars 2026", "change": change, "score": 40, "level": "Débutant"}
    assert french in reports.FRENCH.previous_session.format(**values)
    assert english in reports.ENGLISH.previous_session.format(**values)


def test_the_interview_counts_the_answers_kept() -> None:
    assert interview.FRENCH.answers_kept(0) == "0 réponse gardée"
    assert interview.FRENCH.answers_kept(1) == "1 réponse gardée"
    assert interview.FRENCH.answers_kept(3) == "3 réponses gardées"
    assert interview.ENGLISH.answers_kept(1) == "1 answer kept"
    assert interview.ENGLISH.answers_kept(0) == "0 answers kept"
    assert interview.FRENCH.answers_given(1) == "1 réponse"
    assert interview.ENGLISH.answers_given(2) == "2 answers"


def test_dates_and_times_are_written_by_babel_in_each_language() -> None:
    assert reports.FRENCH.day(date(2026, 12, 1)) == "1er décembre 2026"
    assert reports.FRENCH.day(date(2026, 2, 28)) == "28 février 2026"
    assert reports.ENGLISH.day(date(2026, 12, 1)) == "1 December 2026"
    assert reports.ENGLISH.day(date(2026, 8, 15)) == "15 August 2026"
    # In the offset it was recorded in, not the machine's.
    moment = datetime(2026, 11, 29, 9, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert reports.FRENCH.moment(moment) == "29 novembre 2026 à 9 h 05"
    assert reports.ENGLISH.moment(moment) == "29 November 2026, 09:05"
    assert interview.FRENCH.moment(moment) == "29 novembre 2026 à 9 h 05"
    assert interview.wording_for("de").moment(moment) == "29 November 2026, 09:05"


def test_labels_end_as_each_language_ends_them() -> None:
    assert interview.FRENCH.level_label == "Niveau : "
    assert interview.ENGLISH.level_label == "Level: "
    assert interview.FRENCH.help_label == "Aide : "
    assert reports.FRENCH.choices(["a", "b"]) == "a ; b"
    assert reports.ENGLISH.choices(["a", "b"]) == "a; b"
    assert reports.FRENCH.quote("oui") == "« oui »"
    assert reports.ENGLISH.quote("yes") == "“yes”"
    assert (reports.FRENCH.decimal, reports.ENGLISH.decimal) == (",", ".")
