"""docs/format.md §3, rule by rule: one table of cases, each checked against the §5 object."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from result_keys import RESULT_KEYS
from scoring_helpers import DECIMAL_TOML, ROUNDING_TOML, RULES_TOML, questionnaire, sheet

from bonsclics_cli.scoring.rules import (
    applicable_questions,
    question_points,
    round_half_up,
    score,
    score_result,
)

RULES = questionnaire(RULES_TOML)


def domains(**scores: tuple[Any, Any, Any, Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": key,
            "score": value[0],
            "level": value[1],
            "points": value[2],
            "max_points": value[3],
        }
        for key, value in scores.items()
    ]


# (name, answers, complete, expected score, level, domains, advice, dont_know, declined,
#  complete in the result)
CASES: list[
    tuple[
        str,
        dict[str, Any],
        bool,
        Any,
        Any,
        list[dict[str, Any]],
        list[str],
        list[str],
        list[str],
        bool,
    ]
] = [
    (
        "62.5 rounds to 63, max_points caps, decimal points, weights",
        {
            "connexion": "fibre",
            "wifi": "non",
            "usages_courants": ["mails", "achats", "videos"],
            "mots_de_passe": "parfois",
            "age": 54,
            "remarque": "rien",
        },
        True,
        83,
        "autonome",
        domains(
            acces=(63, "intermediaire", 5, 8),
            usages=(100, "autonome", 4, 4),
            securite=(50, "intermediaire", 0.75, 1.5),
        ),
        ["bravo", "securite_inconnue"],
        [],
        [],
        True,
    ),
    (
        "dont_know counts 0 toward the maximum; its follow-up is not asked",
        {
            "connexion": "?",
            "usages_courants": ["mails"],
            "mots_de_passe": "differents",
            "age": "?",
            "remarque": "-",
        },
        True,
        50,
        "intermediaire",
        domains(
            acces=(0, "debutant", 0, 5),
            usages=(50, "intermediaire", 2, 4),
            securite=(100, "autonome", 1.5, 1.5),
        ),
        ["atelier_acces", "pas_de_fibre"],
        ["connexion", "age"],
        ["remarque"],
        True,
    ),
    (
        "a domain with every question declined is not evaluated; no value is not 'fibre'",
        {
            "connexion": "-",
            "usages_courants": ["videos"],
            "mots_de_passe": "identiques",
            "age": 70,
            "remarque": "",
        },
        True,
        19,
        "debutant",
        domains(
            acces=(None, None, 0, 0),
            usages=(25, "debutant", 1, 4),
            securite=(0, "debutant", 0.0, 1.5),
        ),
        ["pas_de_fibre", "securite_inconnue"],
        [],
        ["connexion"],
        True,
    ),
    (
        "an answer to a question that is no longer asked does not count",
        {
            "connexion": "mobile",
            "wifi": "oui",
            "usages_courants": ["aucun"],
            "mots_de_passe": "?",
            "age": 31,
            "remarque": "x",
        },
        True,
        12,
        "debutant",
        domains(
            acces=(60, "intermediaire", 3, 5),
            usages=(0, "debutant", 0, 4),
            securite=(0, "debutant", 0.0, 1.5),
        ),
        ["pas_de_fibre", "securite_inconnue"],
        ["mots_de_passe"],
        [],
        True,
    ),
    (
        "every domain declined: no overall score, no level, level names have no value",
        {
            "connexion": "-",
            "usages_courants": "-",
            "mots_de_passe": "-",
            "age": "-",
            "remarque": "-",
        },
        True,
        None,
        None,
        domains(
            acces=(None, None, 0, 0), usages=(None, None, 0, 0), securite=(None, None, 0.0, 0.0)
        ),
        ["pas_de_fibre"],
        [],
        ["connexion", "usages_courants", "mots_de_passe", "age", "remarque"],
        True,
    ),
    (
        "an unfinished interview is scored on what was answered, with no level at all",
        {"connexion": "fibre"},
        False,
        100,
        None,
        domains(
            acces=(100, None, 5, 5),
            usages=(None, None, 0, 0),
            securite=(None, None, 0.0, 0.0),
        ),
        [],
        [],
        [],
        False,
    ),
    (
        "marked finished with an applicable question unanswered is not complete",
        {
            "connexion": "fibre",
            "wifi": "oui",
            "usages_courants": [],
            "mots_de_passe": "differents",
            "age": 40,
        },
        True,
        40,
        None,
        domains(
            acces=(100, None, 8, 8),
            usages=(0, None, 0, 4),
            securite=(100, None, 1.5, 1.5),
        ),
        [],
        [],
        [],
        False,
    ),
]


@pytest.mark.parametrize(
    (
        "answers",
        "complete",
        "overall",
        "level",
        "by_domain",
        "advice",
        "dont_know",
        "declined",
        "finished",
    ),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule(
    answers: dict[str, Any],
    complete: bool,
    overall: Any,
    level: Any,
    by_domain: list[dict[str, Any]],
    advice: list[str],
    dont_know: list[str],
    declined: list[str],
    finished: bool,
) -> None:
    result = score(RULES, sheet(RULES, answers, complete=complete)).to_json("f.json")
    assert result == {
        "file": "f.json",
        "person": "BC-7F3K9Q",
        "questionnaire": {"id": "regles", "version": "1.0.0"},
        "complete": finished,
        "score": overall,
        "score_level": level,  # no requirement in these rules: the score level is the level
        "level": level,
        "domains": by_domain,
        "advice": advice,
        "dont_know": dont_know,
        "declined": declined,
    }
    # Same keys in the order of §5, and the same types: 8 is not 8.0.
    assert list(result) == RESULT_KEYS
    for got, expected in zip(result["domains"], by_domain, strict=True):
        assert type(got["points"]) is type(expected["points"])
        assert type(got["max_points"]) is type(expected["max_points"])


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_batch_scoring_gives_the_same_object(case: tuple[Any, ...]) -> None:
    answers, complete = case[1], case[2]
    one = sheet(RULES, answers, complete=complete)
    objects = {
        key: {"value": a.value} if a.state is None else {"state": a.state}
        for key, a in one.answers.items()
    }
    result, unanswered = score_result("f.json", RULES, one.person, complete, objects)
    card = score(RULES, one)
    assert result == card.to_json("f.json")
    assert unanswered == card.unanswered


@pytest.mark.parametrize(
    ("choice", "expected", "level"),
    [
        ("p159", 80, "haut"),  # 79.5: the level comes from the rounded score
        ("p125", 63, "bas"),  # 62.5
        ("p1", 1, "bas"),  # 0.5
        ("plein", 100, "haut"),
        ("zero", 0, "bas"),
    ],
)
def test_rounding_half_up_and_levels_from_rounded_scores(
    choice: str, expected: int, level: str
) -> None:
    q = questionnaire(ROUNDING_TOML)
    card = score(q, sheet(q, {"choix": choice}))
    assert (card.score, card.level.id if card.level else None) == (expected, level)
    assert card.domains[0].score == expected


def test_decimal_points_are_read_as_written_not_as_binary_floats() -> None:
    q = questionnaire(DECIMAL_TOML)
    card = score(q, sheet(q, {"choix": "bas"}))
    # 0.3 / 0.8 = 37.5 exactly, which rounds to 38; binary floats would give 37.
    assert card.score == 38
    assert card.to_json("f")["domains"][0]["points"] == 0.3


def test_round_half_up() -> None:
    assert round_half_up(Fraction(125, 2)) == 63
    assert round_half_up(Fraction(1, 2)) == 1
    assert round_half_up(Fraction(249, 4)) == 62
    assert round_half_up(Fraction(0)) == 0


def test_applicable_questions_follow_conditions_in_file_order() -> None:
    answers = sheet(RULES, {"connexion": "fibre", "wifi": "oui"}).answers
    asked, values = applicable_questions(RULES, answers)
    assert [q.id for q in asked] == [
        "connexion",
        "wifi",
        "usages_courants",
        "mots_de_passe",
        "age",
        "remarque",
    ]
    assert values == {"connexion": "fibre", "wifi": "oui"}
    declined = sheet(RULES, {"connexion": "-"}).answers
    assert "wifi" not in [q.id for q in applicable_questions(RULES, declined)[0]]


def test_question_points() -> None:
    s = sheet(
        RULES,
        {"usages_courants": ["mails", "achats", "videos"], "connexion": "?", "mots_de_passe": "-"},
    )
    by_id = RULES.questions_by_id
    assert question_points(by_id["usages_courants"], s.answers["usages_courants"]) == 4
    assert question_points(by_id["connexion"], s.answers["connexion"]) == 0
    assert question_points(by_id["mots_de_passe"], s.answers["mots_de_passe"]) is None
    assert question_points(by_id["wifi"], None) is None
    assert question_points(by_id["age"], s.answers["connexion"]) is None  # not scored


def test_scorecard_exposes_what_reports_need() -> None:
    card = score(RULES, sheet(RULES, {"connexion": "fibre", "wifi": "non"}, complete=False))
    acces = card.domains[0]
    assert acces.points == 5 and acces.max_points == 8 and acces.ratio == Fraction(5, 8)
    assert acces.evaluated and not card.domains[1].evaluated
    assert card.unanswered == ("usages_courants", "mots_de_passe", "age", "remarque")
    assert card.answer("wifi") is not None and card.answer("age") is None
    assert not card.complete
