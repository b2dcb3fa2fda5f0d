"""Which questions apply (docs/format.md §3.1): the one walk the interview and scoring share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

from bonsclics_cli.answers.sheet import Answer, AnswerValue
from bonsclics_cli.questionnaire.conditions import Condition, Test
from bonsclics_cli.questionnaire.model import AnyQuestion, Questionnaire

AnswerObject: TypeAlias = Mapping[str, Any]
"""An answer as its checked JSON object: ``{"value": ...}`` or ``{"state": ...}`` (§4)."""

_Step: TypeAlias = tuple[AnyQuestion, str, Test | None]


def walk(
    questionnaire: Questionnaire, answers: Mapping[str, AnswerObject]
) -> tuple[list[AnyQuestion], dict[str, AnswerValue | None]]:
    """The questions asked, in file order (§3.1), and the values conditions may see.

    The one walk: the interview asks what it gives, scoring counts what it gives.
    A question applies when its ``when`` holds over the values of the questions
    before it that applied and were answered with a value (a state has none).
    """
    values: dict[str, AnswerValue | None] = {}
    applicable: list[AnyQuestion] = []
    # A hot loop of batch scoring: plain locals, conditions compiled once per questionnaire.
    for question, question_id, test in questionnaire.compile(_steps):
        if test is not None and not test(values):
            continue
        applicable.append(question)
        answer = answers.get(question_id)
        if answer is not None:
            value = answer.get("value")
            if value is not None:
                values[question_id] = value
    return applicable, values


def applicable_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> tuple[list[AnyQuestion], dict[str, AnswerValue | None]]:
    """``walk`` over the answers of an ``AnswerSheet`` (the interview's model)."""
    return walk(questionnaire, {key: answer.as_object() for key, answer in answers.items()})


def _steps(questionnaire: Questionnaire) -> tuple[_Step, ...]:
    return tuple(
        (question, question.id, None if question.when is None else _test_of(question.when))
        for question in questionnaire.questions
    )


def _test_of(condition: Condition) -> Test:
    if condition.test is None:
        raise ValueError(f"cannot evaluate an invalid condition: {condition.source}")
    return condition.test
