"""Scoring (docs/format.md §3), pure: ``(Questionnaire, AnswerSheet) -> ScoreCard``.

Exact numbers throughout, so that 62.5 always rounds to 63: integer points stay
integers, decimal points (``0.5``) are read as the decimal written in the file
(``Fraction("0.1")``, not the nearest binary float), and ratios are fractions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

from bonsclics_cli.answers.applicable import AnswerObject as AnswerObject
from bonsclics_cli.answers.applicable import applicable_questions as applicable_questions
from bonsclics_cli.answers.applicable import walk
from bonsclics_cli.answers.sheet import Answer, AnswerSheet, AnswerValue
from bonsclics_cli.questionnaire.conditions import Condition, Test
from bonsclics_cli.questionnaire.model import (
    Advice,
    AnyQuestion,
    Domain,
    DomainLevel,
    Exact,
    Level,
    MultipleQuestion,
    Questionnaire,
    SingleQuestion,
    exact,
    json_number,
)

STRONG_SCORE = 50
"""A domain scored at least this much is something the person can already do."""


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _percent(part: Exact, whole: Exact) -> int:
    """``round_half_up(100 * part / whole)`` for part >= 0 and whole > 0, in exact arithmetic."""
    return int((200 * part + whole) // (2 * whole))


@dataclass(frozen=True, slots=True)
class DomainScore:
    domain: Domain
    points: Fraction
    max_points: Fraction
    integral: bool  # every points value of the domain is an integer (§5)
    score: int | None
    level: DomainLevel | None  # on the domain scale; None unless the result is complete

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
    complete: bool  # marked completed and every applicable question answered (§3.4)
    score: int | None
    score_level: Level | None  # the band of the score alone; None unless complete
    level: Level | None  # the level given, after the requirements; None unless complete
    held: tuple[Level, ...]  # levels refused on the way down, their requirement unmet
    domains: tuple[DomainScore, ...]
    advice: tuple[Advice, ...]
    dont_know: tuple[str, ...]
    declined: tuple[str, ...]
    unanswered: tuple[str, ...]

    def answer(self, question_id: str) -> Answer | None:
        return self.sheet.answers.get(question_id)

    def strengths(self, limit: int = 3) -> list[DomainScore]:
        """What the person can already do: the best domains, said without contradiction.

        With ``domain_levels`` (« À découvrir / En cours / Acquis »), only domains in
        the top band count, so that a domain whose advice says "to work on" is never
        also praised. Without them, domains scored 50 or more, else the best one
        above 0 (a first step). One rule for the end of the interview and the
        person's report, so screen and page agree.
        """
        scale = self.questionnaire.domain_levels
        strong_from = STRONG_SCORE if scale is None else max(band.min for band in scale)
        evaluated = sorted(
            (domain for domain in self.domains if domain.score is not None),
            key=lambda domain: -(domain.score or 0),
        )
        strong = [domain for domain in evaluated if (domain.score or 0) >= strong_from]
        if scale is None and not strong and evaluated and (evaluated[0].score or 0) > 0:
            strong = evaluated[:1]
        return strong[:limit]

    def to_json(self, file: str) -> dict[str, Any]:
        """The score result object of docs/format.md §5, keys in the documented order."""
        return _result_object(
            file,
            self.sheet.person,
            self.questionnaire,
            self.complete,
            self.score,
            self.score_level,
            self.level,
            [
                (d.domain, d.score, d.level, d.points, d.max_points, d.integral)
                for d in self.domains
            ],
            self.advice,
            self.dont_know,
            self.declined,
        )


# --- the scoring plan: what each question is worth, worked out once per questionnaire ------


@dataclass(frozen=True, slots=True)
class _Worth:
    """The points of a scored question: per option value, its maximum and any cap (§3.2)."""

    domain: int  # index in questionnaire.domains
    points: Mapping[str, Exact]
    maximum: Exact
    cap: Exact | None
    multiple: bool

    def of(self, value: AnswerValue) -> Exact | None:
        """Points of a value; None for a value that does not fit (never counted)."""
        if self.multiple:
            if not isinstance(value, list):
                return None
            total: Exact = 0
            for item in value:
                total += self.points.get(item, 0)
            return total if self.cap is None or total <= self.cap else self.cap
        if not isinstance(value, str):
            return None
        return self.points.get(value, 0)


@dataclass(frozen=True, slots=True)
class _Plan:
    questionnaire: Questionnaire
    worths: Mapping[str, _Worth]  # per scored question id
    advice: tuple[tuple[Advice, Test], ...]
    integral: tuple[bool, ...]  # per domain
    weights: tuple[Exact, ...]  # per domain
    score_levels: tuple[Level | None, ...]  # the overall band of each score 0..100 (§1.6)
    domain_levels: tuple[DomainLevel | None, ...]  # the domain band of each score (§1.6.1)
    below: Mapping[str, tuple[tuple[Level, Test | None], ...]]
    """Per level id: that level and every lower one, highest first, with its requirement."""
    score_names: tuple[tuple[str, str], ...]  # per domain: score_<id>, level_<id> (§2.3)

    def domain_level_for(self, score: int | None) -> DomainLevel | None:
        return None if score is None else self.domain_levels[min(max(score, 0), 100)]

    def score_level_for(self, score: int | None) -> Level | None:
        return None if score is None else self.score_levels[min(max(score, 0), 100)]


def _worth(question: AnyQuestion, domain: int) -> _Worth | None:
    if not isinstance(question, SingleQuestion | MultipleQuestion):
        return None
    points = {option.value: exact(option.points or 0) for option in question.options}
    if isinstance(question, MultipleQuestion):
        cap = None if question.max_points is None else exact(question.max_points)
        maximum = cap if cap is not None else sum(points.values())
        return _Worth(domain, points, maximum, cap, multiple=True)
    return _Worth(domain, points, max(points.values()), None, multiple=False)


def _test_of(condition: Condition) -> Test:
    """The compiled condition, called directly in the scoring loop."""
    if condition.test is None:
        raise ValueError(f"cannot evaluate an invalid condition: {condition.source}")
    return condition.test


def _integral(question: AnyQuestion) -> bool:
    if not isinstance(question, SingleQuestion | MultipleQuestion):
        return True
    numbers: list[object] = [option.points for option in question.options]
    if isinstance(question, MultipleQuestion) and question.max_points is not None:
        numbers.append(question.max_points)
    return all(isinstance(number, int) for number in numbers if number is not None)


def _make_plan(questionnaire: Questionnaire) -> _Plan:
    index = {domain.id: i for i, domain in enumerate(questionnaire.domains)}
    integral = [True] * len(index)
    worths: dict[str, _Worth] = {}
    for question in questionnaire.questions:
        domain = index.get(question.domain) if question.domain is not None else None
        worth = _worth(question, domain) if domain is not None else None
        if worth is not None:
            integral[worth.domain] = integral[worth.domain] and _integral(question)
            worths[question.id] = worth
    weights = tuple(exact(domain.weight) for domain in questionnaire.domains)
    advice = tuple((item, _test_of(item.when)) for item in questionnaire.advice)
    score_levels = tuple(questionnaire.level_for(score) for score in range(101))
    domain_levels = tuple(questionnaire.domain_level_for(score) for score in range(101))
    ordered = sorted(questionnaire.levels, key=lambda level: -level.min)
    requirements = [
        (level, None if level.requires is None or level.min == 0 else _test_of(level.requires))
        for level in ordered
    ]
    below = {level.id: tuple(requirements[index:]) for index, level in enumerate(ordered)}
    names = tuple((f"score_{d.id}", f"level_{d.id}") for d in questionnaire.domains)
    return _Plan(
        questionnaire,
        worths,
        advice,
        tuple(integral),
        weights,
        score_levels,
        domain_levels,
        below,
        names,
    )


def _plan_for(questionnaire: Questionnaire) -> _Plan:
    return questionnaire.compile(_make_plan)


# --- scoring ----------------------------------------------------------------------------


def question_points(question: AnyQuestion, answer: Answer | None) -> Fraction | None:
    """Points of one scored question (§3.2); None when it does not count."""
    if answer is None or answer.state == "declined":
        return None
    if question.domain is None:
        return None
    worth = _worth(question, 0)
    if worth is None:
        return None
    if answer.state == "dont_know":
        return Fraction(0)
    if answer.value is None:
        return None
    got = worth.of(answer.value)
    return None if got is None else Fraction(got)


@dataclass(frozen=True, slots=True)
class _Tally:
    applicable: tuple[AnyQuestion, ...]
    points: tuple[Exact, ...]  # per domain
    maxima: tuple[Exact, ...]
    scores: tuple[int | None, ...]
    complete: bool
    overall: int | None
    domain_levels: tuple[DomainLevel | None, ...]
    score_level: Level | None
    level: Level | None
    held: tuple[Level, ...]
    advice: tuple[Advice, ...]
    dont_know: tuple[str, ...]
    declined: tuple[str, ...]
    unanswered: tuple[str, ...]


_Walk: TypeAlias = tuple[
    list[AnyQuestion],  # the applicable questions, in file order
    dict[str, AnswerValue | None],  # the values conditions may see
    list[Exact],  # points per domain
    list[Exact],  # maxima per domain
    list[str],  # dont_know
    list[str],  # declined
    list[str],  # unanswered
]
"""Which questions apply (§3.1) and what their answers are worth (§3.2)."""


def _walk(plan: _Plan, answers: Mapping[str, AnswerObject]) -> _Walk:
    """The questions that apply (``answers.applicable.walk``), and their points on the way."""
    count = len(plan.weights)
    points: list[Exact] = [0] * count
    maxima: list[Exact] = [0] * count
    dont_know: list[str] = []
    declined: list[str] = []
    unanswered: list[str] = []
    applicable, values = walk(plan.questionnaire, answers)
    worths = plan.worths
    # The hot loop of batch scoring: plain locals, no method calls for the common cases.
    for question in applicable:
        question_id = question.id
        worth = worths.get(question_id)
        answer = answers.get(question_id)
        if answer is None:
            unanswered.append(question_id)
            continue
        value = answer.get("value")
        if value is None:
            if answer.get("state") == "dont_know":
                dont_know.append(question_id)
                if worth is not None:
                    maxima[worth.domain] += worth.maximum
            else:
                declined.append(question_id)
            continue
        if worth is None:
            continue
        if type(value) is str and not worth.multiple:
            got: Exact | None = worth.points.get(value, 0)
        else:
            got = worth.of(value)
        if got is not None:
            domain = worth.domain
            points[domain] += got
            maxima[domain] += worth.maximum
    return applicable, values, points, maxima, dont_know, declined, unanswered


def _tally(
    plan: _Plan,
    answers: Mapping[str, AnswerObject],
    marked_complete: bool,
    *,
    with_advice: bool = True,
) -> _Tally:
    """§3 from start to end: applicable questions, points, scores, levels, advice.

    ``marked_complete`` is whether the answers file has ``completed_at`` set. Without
    ``with_advice``, no advice is tested (none is given): for callers that show none.
    """
    count = len(plan.weights)
    applicable, values, points, maxima, dont_know, declined, unanswered = _walk(plan, answers)

    # The overall ratio, sum(w * p / m) / sum(w), kept as an exact numerator/denominator pair.
    scores: list[int | None] = []
    numerator: Exact = 0
    denominator: Exact = 1
    weights: Exact = 0
    for i in range(count):
        p, m = points[i], maxima[i]
        if m:
            scores.append(_percent(p, m))
            numerator = numerator * m + plan.weights[i] * p * denominator
            denominator *= m
            weights += plan.weights[i]
        else:
            scores.append(None)
    overall = _percent(numerator, denominator * weights) if weights else None

    # §3.4: levels for a finished interview only, then requirements, then advice.
    complete = marked_complete and not unanswered
    domain_levels = tuple(plan.domain_level_for(score) if complete else None for score in scores)
    scope: dict[str, Any] = values
    scope["score"] = overall
    scope["level"] = None
    for (score_name, level_name), domain_score, domain_level in zip(
        plan.score_names, scores, domain_levels, strict=True
    ):
        scope[score_name] = domain_score
        scope[level_name] = None if domain_level is None else domain_level.id
    score_level = plan.score_level_for(overall) if complete else None
    level, held = _walk_down(plan, score_level, scope)
    scope["level"] = None if level is None else level.id
    advice = tuple([item for item, test in plan.advice if test(scope)]) if with_advice else ()
    return _Tally(
        tuple(applicable),
        tuple(points),
        tuple(maxima),
        tuple(scores),
        complete,
        overall,
        domain_levels,
        score_level,
        level,
        held,
        advice,
        tuple(dont_know),
        tuple(declined),
        tuple(unanswered),
    )


def _walk_down(
    plan: _Plan, score_level: Level | None, scope: Mapping[str, Any]
) -> tuple[Level | None, tuple[Level, ...]]:
    """§3.4 step 3: the first level from the score level down whose requirement holds.

    Also the levels refused on the way, so that views can say which evidence was
    missing. The level with ``min = 0`` has no test and always qualifies.
    """
    if score_level is None:
        return None, ()
    held: list[Level] = []
    for level, test in plan.below[score_level.id]:
        if test is None or test(scope):
            return level, tuple(held)
        held.append(level)
    return None, tuple(held)  # unreachable in a valid file: the lowest level qualifies


def score(
    questionnaire: Questionnaire, sheet: AnswerSheet, *, with_advice: bool = True
) -> ScoreCard:
    """Score one answers file (§3); the sheet should fit the questionnaire (``answers.checks``).

    Without ``with_advice``, no advice is tested and the card gives none (a list of
    persons shows none).
    """
    objects = {key: answer.as_object() for key, answer in sheet.answers.items()}
    plan = _plan_for(questionnaire)
    tally = _tally(plan, objects, sheet.complete, with_advice=with_advice)
    domains = tuple(
        DomainScore(
            domain,
            Fraction(tally.points[i]),
            Fraction(tally.maxima[i]),
            plan.integral[i],
            tally.scores[i],
            tally.domain_levels[i],
        )
        for i, domain in enumerate(questionnaire.domains)
    )
    return ScoreCard(
        questionnaire=questionnaire,
        sheet=sheet,
        applicable=tally.applicable,
        complete=tally.complete,
        score=tally.overall,
        score_level=tally.score_level,
        level=tally.level,
        held=tally.held,
        domains=domains,
        advice=tally.advice,
        dont_know=tally.dont_know,
        declined=tally.declined,
        unanswered=tally.unanswered,
    )


def score_result(
    file: str,
    questionnaire: Questionnaire,
    person: str,
    marked_complete: bool,
    answers: Mapping[str, AnswerObject],
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The §5 object straight from checked answers, and the unanswered applicable questions.

    The same as ``score(...).to_json(file)`` without building the models: this is
    what batch scoring runs for every file.
    """
    plan = _plan_for(questionnaire)
    tally = _tally(plan, answers, marked_complete)
    result = _result_object(
        file,
        person,
        questionnaire,
        tally.complete,
        tally.overall,
        tally.score_level,
        tally.level,
        [
            (
                domain,
                tally.scores[i],
                tally.domain_levels[i],
                tally.points[i],
                tally.maxima[i],
                plan.integral[i],
            )
            for i, domain in enumerate(questionnaire.domains)
        ],
        tally.advice,
        tally.dont_know,
        tally.declined,
    )
    return result, tally.unanswered


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a session stands, without its advice: what an export row or a list of persons
    shows. The same figures as ``score``'s card (scores and levels per domain in the
    questionnaire's order)."""

    complete: bool
    score: int | None
    level: Level | None
    domain_scores: tuple[int | None, ...]
    domain_levels: tuple[DomainLevel | None, ...]


def standing(
    questionnaire: Questionnaire, answers: Mapping[str, AnswerObject], marked_complete: bool
) -> Standing:
    """Score checked answers (``answers.checks``) straight from their JSON objects, testing
    no advice: the data folder's commands run this for every session they list."""
    tally = _tally(_plan_for(questionnaire), answers, marked_complete, with_advice=False)
    return Standing(tally.complete, tally.overall, tally.level, tally.scores, tally.domain_levels)


DomainRow: TypeAlias = tuple[Domain, int | None, DomainLevel | None, Exact, Exact, bool]
"""A domain's figures for §5: the domain, score, level, points, maximum, integral points."""


def _result_object(
    file: str,
    person: str,
    questionnaire: Questionnaire,
    complete: bool,
    overall: int | None,
    score_level: Level | None,
    level: Level | None,
    domains: list[DomainRow],
    advice: tuple[Advice, ...],
    dont_know: tuple[str, ...],
    declined: tuple[str, ...],
) -> dict[str, Any]:
    """The one builder of the §5 score result object, keys in the documented order."""
    return {
        "file": file,
        "person": person,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "complete": complete,
        "score": overall,
        "score_level": score_level.id if score_level else None,
        "level": level.id if level else None,
        "domains": [
            {
                "id": domain.id,
                "score": domain_score,
                "level": domain_level.id if domain_level else None,
                "points": json_number(points, integral),
                "max_points": json_number(maximum, integral),
            }
            for domain, domain_score, domain_level, points, maximum, integral in domains
        ],
        "advice": [item.id for item in advice],
        "dont_know": list(dont_know),
        "declined": list(declined),
    }
