"""Which questions apply (docs/format.md §3.1): the one walk the interview and scoring share."""

from __future__ import annotations

from collections.abc import Mapping

from bonsclics_cli.answers.sheet import Answer, AnswerValue
from bonsclics_cli.questionnaire.model import AnyQuestion, Questionnaire


def applicable_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> tuple[list[AnyQuestion], dict[str, AnswerValue | None]]:
    """The questions asked, in file order (§3.1), and the values conditions may see."""
    values: dict[str, AnswerValue | None] = {}
    applicable: list[AnyQuestion] = []
    for question in questionnaire.questions:
        if question.when is None or question.when.holds(values):
            applicable.append(question)
            answer = answers.get(question.id)
            if answer is not None and answer.value is not None:
                values[question.id] = answer.value
    return applicable, values
