"""The condition language (docs/format.md §2): grammar, evaluation, static checks."""

from __future__ import annotations

from typing import Any

import pytest

from bonsclics_cli.questionnaire.conditions import (
    Condition,
    ConditionSyntaxError,
    NameInfo,
    NameKind,
    Value,
    check,
)

VALUES: dict[str, Value | None] = {
    "smartphone": "oui",
    "usages": ["email", "sms"],
    "age": 54,
    "note": 2.5,
    "vide": [],
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("smartphone == 'oui'", True),
        ('smartphone == "oui"', True),
        ("smartphone != 'oui'", False),
        ("smartphone in ['non', 'oui']", True),
        ("smartphone not in ['non', 'oui']", False),
        ("'email' in usages", True),
        ("'visio' in usages", False),
        ("'visio' not in usages", True),
        ("'email' in vide", False),
        ("age >= 54", True),
        ("age > 54", False),
        ("age < 60 and age <= 54", True),
        ("age == 54.0", True),
        ("note > 2", True),
        ("age >= -1", True),
        ("age in [18, 54]", True),
        ("age == '54'", False),  # a string never equals a number
        ("smartphone == 'oui' and not (age > 60)", True),
        ("smartphone == 'non' or 'sms' in usages", True),
        ("not not smartphone == 'oui'", True),
        ("smartphone == 'non' or age > 60 or 'x' in usages", False),
        ("(smartphone == 'oui' or age > 60) and 'sms' in usages", True),
        # 'and' binds tighter than 'or'
        ("smartphone == 'oui' or age > 60 and 'x' in usages", True),
        ("(smartphone == 'oui' or age > 60) and 'x' in usages", False),
    ],
)
def test_evaluation(source: str, expected: bool) -> None:
    assert Condition.parse(source).holds(VALUES) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # §2.4: a comparison with no value is false, != and not in included...
        ("absent == 'a'", False),
        ("absent != 'a'", False),
        ("absent in ['a']", False),
        ("absent not in ['a']", False),
        ("'a' in absent", False),
        ("'a' not in absent", False),
        ("absent < 3", False),
        ("absent >= 3", False),
        # ...and not/and/or then work as usual.
        ("not (absent == 'a')", True),
        ("not absent != 'a'", True),
        ("absent == 'a' or smartphone == 'oui'", True),
        ("absent != 'a' and smartphone == 'oui'", False),
    ],
)
def test_a_name_with_no_value(source: str, expected: bool) -> None:
    condition = Condition.parse(source)
    assert condition.holds(VALUES) is expected
    assert condition.holds({**VALUES, "absent": None}) is expected


def test_a_list_answer_only_compares_through_membership() -> None:
    assert Condition.parse("usages == 'email'").holds(VALUES) is False
    assert Condition.parse("smartphone not in ['x']").holds({"smartphone": ["x"]}) is False


@pytest.mark.parametrize(
    ("source", "offset", "message"),
    [
        ("", 0, "the condition is empty"),
        ("   ", 0, "the condition is empty"),
        ("x = 'a'", 2, "write '=='"),
        ("x == 'a", 5, "unterminated string"),
        ("x ==", 4, "expected a string or a number, found the end of the condition"),
        ("x == oui", 5, "put values in quotes"),
        ("x < 'a'", 0, "'<' compares numbers only"),
        ("x in ['a',", 10, "expected a string or a number"),
        ("x in 'a'", 5, "expected '[' to start a list"),
        ("x in ['a' 'b']", 10, "expected ',' or ']'"),
        ("(x == 'a'", 9, "expected ')'"),
        ("x == 'a' y == 'b'", 9, "join comparisons with 'and' or 'or'"),
        ("x == 'a' and", 12, "expected a question id, a string or '('"),
        ("x", 1, "expected a comparison"),
        ("x not 'a'", 6, "expected 'in'"),
        ("'a' in 'b'", 7, "expected a question id after 'in'"),
        ("x == 'a' && y == 'b'", 9, "unexpected character '&'"),
        ("x == 1.2.3", 5, "unexpected character"),
        ("and == 'a'", 0, "expected a question id"),
    ],
)
def test_syntax_errors_are_positioned(source: str, offset: int, message: str) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        Condition.parse(source)
    assert message in caught.value.message
    assert caught.value.offset == offset


def test_invalid_conditions_can_be_kept_but_never_evaluated() -> None:
    condition = Condition.parse_leniently("x ==")
    assert condition.syntax_error is not None
    assert condition.comparisons() == []
    with pytest.raises(ValueError, match="invalid condition"):
        condition.holds({})


def test_conditions_never_run_python() -> None:
    with pytest.raises(ConditionSyntaxError):
        Condition.parse("__import__('os').system('true')")


SCOPE = {
    "smartphone": NameInfo(NameKind.SINGLE, frozenset({"oui", "non"})),
    "usages": NameInfo(NameKind.MULTIPLE, frozenset({"email", "sms"})),
    "age": NameInfo(NameKind.NUMBER),
    "souhait": NameInfo(NameKind.TEXT),
    "score": NameInfo(NameKind.SCORE),
    "level": NameInfo(NameKind.LEVEL, frozenset({"autonome", "a_accompagner"})),
}


@pytest.mark.parametrize(
    ("source", "message", "hint"),
    [
        ("smartfone == 'oui'", "unknown name 'smartfone'", "did you mean 'smartphone'?"),
        ("smartphone == 'yes'", "'yes' is not an option value of 'smartphone'", "non, oui"),
        ("smartphone in ['oui', 'nn']", "'nn' is not an option value", "did you mean 'non'?"),
        ("smartphone == 1", "compared only with ==, !=, in, not in and quoted values", None),
        ("'oui' in smartphone", "needs a multiple-choice question", None),
        ("usages == 'email'", "'usages' is a multiple-choice question", "'value' in usages"),
        ("usages in ['email']", "'usages' is a multiple-choice question", None),
        ("'mail' in usages", "'mail' is not an option value of 'usages'", "did you mean 'email'?"),
        ("age == 'vieux'", "'age' is a number question and cannot be compared with a string", None),
        ("age in [1, 'a']", "cannot be compared with a string", None),
        ("'a' in age", "cannot be compared with a string", None),
        ("souhait == 'x'", "'souhait' is a text question and cannot be used in a condition", None),
        ("score == 'bon'", "'score' is a score and cannot be compared with a string", None),
        ("level == 'autonom'", "'autonom' is not a level id of 'level'", "'autonome'"),
        ("level > 3", "'level' is a level", None),
    ],
)
def test_static_checks(source: str, message: str, hint: str | None) -> None:
    problems = check(Condition.parse(source), SCOPE)
    assert len(problems) == 1
    assert message in problems[0].message
    if hint is not None:
        assert hint in (problems[0].hint or "")


@pytest.mark.parametrize(
    "source",
    [
        "smartphone == 'oui'",
        "smartphone in ['oui', 'non']",
        "'email' in usages and 'sms' not in usages",
        "age >= 60 and not (smartphone in ['non'])",
        "score < 50 or level == 'a_accompagner'",
        "level not in ['autonome']",
        "score in [10, 20]",
    ],
)
def test_valid_uses_have_no_problem(source: str) -> None:
    assert check(Condition.parse(source), SCOPE) == []


def test_names_that_exist_but_are_unavailable_say_why() -> None:
    problems = check(
        Condition.parse("plus_tard == 'x'"),
        SCOPE,
        {"plus_tard": "'{name}' is defined later in the file"},
    )
    assert problems[0].message == "'plus_tard' is defined later in the file"


def test_every_problem_of_a_condition_is_reported_at_its_name() -> None:
    source = "smartfone == 'oui' and age == 'x'"
    problems = check(Condition.parse(source), SCOPE)
    assert [problem.offset for problem in problems] == [0, source.index("age")]


@pytest.mark.parametrize(
    "alternatives",
    [
        ["'aucun' in appareils", "'telephone_simple' in appareils"],
        ["x == 'a'", "x in ['b', 'c']", "x == 3", "'a' in x"],
        ["'a' in x", "y == 'b'", "'b' in x", "y in ['c', 2.5]", "z > 1"],
        ["x != 'a'", "x not in ['b']", "'a' not in x", "x == 'b'"],
    ],
)
def test_an_or_gives_what_its_comparisons_give_one_by_one(alternatives: list[str]) -> None:
    # An 'or' tests the values of one name at once: the result must not change.
    condition = Condition.parse(" or ".join(alternatives))
    alone = [Condition.parse(source) for source in alternatives]
    for x in [None, "a", "b", "c", "d", 3, 3.0, 2.5, [], ["a"], ["b", "d"], ["c"], [3]]:
        for y in [None, "b", "c", 2.5, ["b"]]:
            for z in [None, 0, 2, "2"]:
                for appareils in [None, [], ["aucun"], ["smartphone"], "aucun"]:
                    values: dict[str, Any] = {"x": x, "y": y, "z": z, "appareils": appareils}
                    expected = any(each.holds(values) for each in alone)
                    assert condition.holds(values) is expected, values
