"""Scoring (FORMAT.md §3), pure: ``(Questionnaire, AnswerSheet) -> ScoreCard``.

Exact fractions throughout, so that 62.5 always rounds to 63.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from bonsclics_cli.answers import Answer, AnswerSheet, AnswerValue
from bonsclics_cli.questionnaire.model import (
    Advice,
    AnyQuestion,
    Domain,
    Level,
    MultipleQuestion,
    Questionnaire,
    SingleQuestion,
)


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


@dataclass(frozen=True, slots=True)
class DomainScore:
    domain: Domain
    points: Fraction
    max_points: Fraction
    integral: bool  # every points value involved is an integer (§5)
    score: int | None
    level: Level | None

    @property
    def ratio(self) -> Fraction | None:
        return self.points / self.max_points if self.max_points else None

    @property
    def evaluated(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class ScoreCard:
    """Everything the score of one answers file says, ready to render."""

    questionnaire: Questionnaire
    sheet: AnswerSheet
    applicable: tuple[AnyQuestion, ...]
    score: int | None
    level: Level | None
    domains: tuple[DomainScore, ...]
    advice: tuple[Advice, ...]
    dont_know: tuple[str, ...]
    declined: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Finished: marked completed and every applicable question answered."""
        return self.sheet.complete and not self.unanswered

    def answer(self, question_id: str) -> Answer | None:
        return self.sheet.answers.get(question_id)

    def to_json(self, file: str) -> dict[str, Any]:
        """The score result object of FORMAT.md §5, keys in the documented order."""
        return {
            "file": file,
            "person": self.sheet.person,
            "questionnaire": {
                "id": self.questionnaire.id,
                "version": self.questionnaire.version,
            },
            "complete": self.complete,
            "score": self.score,
            "level": self.level.id if self.level else None,
            "domains": [
                {
                    "id": domain.domain.id,
                    "score": domain.score,
                    "level": domain.level.id if domain.level else None,
                    "points": _number(domain.points, domain.integral),
                    "max_points": _number(domain.max_points, domain.integral),
                }
                for domain in self.domains
            ],
            "advice": [advice.id for advice in self.advice],
            "dont_know": list(self.dont_know),
            "declined": list(self.declined),
        }


def _number(value: Fraction, integral: bool) -> int | float:
    return int(value) if integral and value.denominator == 1 else float(value)


def applicable_questions(
    questionnaire: Questionnaire, answers: dict[str, Answer]
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


def question_points(question: AnyQuestion, answer: Answer | None) -> Fraction | None:
    """Points of one scored question (§3.2); None when it does not count."""
    if answer is None or answer.state == "declined":
        return None
    if answer.state == "dont_know":
        return Fraction(0)
    if isinstance(question, SingleQuestion) and isinstance(answer.value, str):
        option = question.option(answer.value)
        return Fraction(option.points or 0) if option else Fraction(0)
    if isinstance(question, MultipleQuestion) and isinstance(answer.value, list):
        chosen = (question.option(value) for value in answer.value)
        total = sum((Fraction(o.points or 0) for o in chosen if o), Fraction(0))
        return min(total, Fraction(question.max_points)) if question.max_points else total
    return None


def _question_integral(question: AnyQuestion) -> bool:
    if not isinstance(question, SingleQuestion | MultipleQuestion):
        return True
    numbers: list[object] = [option.points for option in question.options]
    if isinstance(question, MultipleQuestion) and question.max_points is not None:
        numbers.append(question.max_points)
    return all(isinstance(number, int) for number in numbers if number is not None)


def score(questionnaire: Questionnaire, sheet: AnswerSheet) -> ScoreCard:
    answers = sheet.answers
    applicable, values = applicable_questions(questionnaire, answers)

    points: dict[str, Fraction] = {domain.id: Fraction(0) for domain in questionnaire.domains}
    maxima: dict[str, Fraction] = {domain.id: Fraction(0) for domain in questionnaire.domains}
    integral = dict.fromkeys(points, True)
    for question in applicable:
        if question.domain is None or question.domain not in points:
            continue
        got = question_points(question, answers.get(question.id))
        if got is None or not isinstance(question, SingleQuestion | MultipleQuestion):
            continue
        points[question.domain] += got
        maxima[question.domain] += question.maximum
        integral[question.domain] &= _question_integral(question)

    domains: list[DomainScore] = []
    weighted = Fraction(0)
    weights = Fraction(0)
    for domain in questionnaire.domains:
        p, m = points[domain.id], maxima[domain.id]
        domain_score = round_half_up(100 * p / m) if m else None
        if m:
            weighted += Fraction(domain.weight) * p / m
            weights += Fraction(domain.weight)
        domains.append(
            DomainScore(
                domain,
                p,
                m,
                integral[domain.id],
                domain_score,
                questionnaire.level_for(domain_score),
            )
        )
    overall = round_half_up(100 * weighted / weights) if weights else None
    level = questionnaire.level_for(overall)

    scope: dict[str, Any] = dict(values)
    scope["score"] = overall
    scope["level"] = level.id if level else None
    for domain_score in domains:
        scope[f"score_{domain_score.domain.id}"] = domain_score.score
        scope[f"level_{domain_score.domain.id}"] = (
            domain_score.level.id if domain_score.level else None
        )
    advice = tuple(item for item in questionnaire.advice if item.when.holds(scope))

    def with_state(state: str) -> tuple[str, ...]:
        return tuple(
            q.id for q in applicable if (a := answers.get(q.id)) is not None and a.state == state
        )

    return ScoreCard(
        questionnaire=questionnaire,
        sheet=sheet,
        applicable=tuple(applicable),
        score=overall,
        level=level,
        domains=tuple(domains),
        advice=advice,
        dont_know=with_state("dont_know"),
        declined=with_state("declined"),
        unanswered=tuple(q.id for q in applicable if q.id not in answers),
    )
