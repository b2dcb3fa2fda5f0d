"""The report's view model: everything a report says, resolved in one language.

Built once from a ScoreCard (and the previous one, when there is one); every
renderer (HTML, Markdown, JSON) reads this and only decides how it looks. Texts
here are plain strings, not markup: each renderer escapes them for its format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from bonsclics_cli import __version__
from bonsclics_cli.answers.notes import next_appointment, professional_note
from bonsclics_cli.answers.sheet import Answer
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    Exact,
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextValue,
)
from bonsclics_cli.reports.explain import Explainer, format_number
from bonsclics_cli.reports.page_fit import fit_person_page
from bonsclics_cli.reports.person_page import (
    NextStep,
    OfferLines,
    StructureLines,
    can_do,
    next_steps,
    offers_by_advice,
    structure_lines,
)
from bonsclics_cli.reports.wording import Words, words_for
from bonsclics_cli.scoring.rules import DomainScore, ScoreCard, question_points

if TYPE_CHECKING:
    from bonsclics_cli.structure.model import Structure

Status = Literal["answered", "dont_know", "declined", "unanswered"]

MAX_LISTED = 3  # domains named in each list of the person's report


def clean(text: str) -> str:
    """Text from a file, with control and bidi characters made visible, never active."""
    if text.isprintable():  # the usual case, checked in C
        return text
    return "".join(
        char
        if char in "\n\t" or char.isprintable() or unicodedata.category(char) == "Zs"
        else f"\\u{ord(char):04x}"
        for char in text
    )


@dataclass(frozen=True, slots=True)
class DomainLine:
    id: str
    title: str
    description: str
    score: int | None
    level: str | None
    points: str
    max_points: str
    previous: int | None
    change: int | None

    @property
    def evaluated(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class AnswerLine:
    id: str
    prompt: str
    domain: str | None
    domain_id: str | None
    observed: bool
    status: Status
    value: object  # the raw value, for the JSON report
    labels: tuple[str, ...]  # option labels, or the number with its unit, or the text
    points: str | None
    max_points: str | None

    def text(self, words: Words) -> str:
        """The answer in words: its labels, or the state said plainly."""
        if self.status == "answered":
            return words.choices(self.labels) if self.labels else words.none_chosen
        return {
            "dont_know": words.dont_know,
            "declined": words.declined,
            "unanswered": words.unanswered,
        }[self.status]


@dataclass(frozen=True, slots=True)
class Dependency:
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class NotAskedLine:
    id: str
    prompt: str
    domain: str | None
    reason: str
    depends_on: tuple[Dependency, ...]


@dataclass(frozen=True, slots=True)
class AdviceLine:
    id: str
    text: str
    link: str | None
    audience: str


@dataclass(frozen=True, slots=True)
class LevelStep:
    title: str
    minimum: int
    current: bool


@dataclass(frozen=True, slots=True)
class PreviousLine:
    day: str
    started_at: str
    score: int | None
    level: str | None
    change: int | None


@dataclass(frozen=True, slots=True)
class OwnWords:
    question: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportView:
    words: Words
    language: str
    title: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_sha256: str
    current_sha256: str | None  # the file scored against, when it differs from the sheet's
    person: str
    day: str
    started_at: str
    completed_at: str | None
    started: str  # in words
    completed: str | None
    generated_on: str
    generated_is_session_day: bool
    complete: bool
    unanswered: int
    dont_know: int
    declined: int
    score: int | None
    score_level: str | None
    level: str | None
    level_description: str | None
    held: HeldExplanation | None  # why the level is below the score's, when it is
    steps: tuple[LevelStep, ...]
    step: int | None
    domains: tuple[DomainLine, ...]
    strongest: tuple[DomainLine, ...]
    to_learn: tuple[DomainLine, ...]
    declared: tuple[AnswerLine, ...]
    observed: tuple[AnswerLine, ...]
    context: tuple[AnswerLine, ...]
    own_words: tuple[OwnWords, ...]
    not_asked: tuple[NotAskedLine, ...]
    advice_person: tuple[AdviceLine, ...]
    advice_professional: tuple[AdviceLine, ...]
    previous: PreviousLine | None
    generator: str
    # -- the one-page person report and the professional's synthesis --
    can_do: tuple[str, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    # What the person's printed page holds of them (reports/page_fit.py): the first ones.
    page_can_do: tuple[str, ...] = ()
    page_steps: tuple[NextStep, ...] = ()
    structure: StructureLines | None = None
    offers: Mapping[str, OfferLines] = field(default_factory=dict)  # by advice id
    note: str | None = None  # the professional's, never on the person's page
    next_appointment: str | None = None  # the professional's, never on the person's page

    @property
    def declared_by_domain(self) -> tuple[tuple[str, tuple[AnswerLine, ...]], ...]:
        """Declared answers grouped by domain, domains in the questionnaire's order."""
        groups = []
        for domain in self.domains:
            rows = tuple(line for line in self.declared if line.domain_id == domain.id)
            if rows:
                groups.append((domain.title, rows))
        return tuple(groups)

    @property
    def improved(self) -> bool:
        return self.previous is not None and (self.previous.change or 0) > 0


def _points(value: Exact, words: Words) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return format_number(round(float(value), 2), words)


def _text(questionnaire: Questionnaire, value: TextValue | None, language: str) -> str:
    return clean(questionnaire.text(value, language))


def answer_labels(
    questionnaire: Questionnaire, question: AnyQuestion, answer: Answer, language: str, words: Words
) -> tuple[str, ...]:
    """The answer in words: option labels (not codes), a number with its unit, the text."""
    value = answer.value
    if value is None:
        return ()
    labels = questionnaire.option_labels(question, value, language)
    if labels is not None:
        return tuple(clean(label) for label in labels)
    if isinstance(question, NumberQuestion) and isinstance(value, int | float):
        number = format_number(value, words)
        unit = _text(questionnaire, question.unit, language)
        return (f"{number} {unit}".strip(),)
    return (clean(str(value)),)


def _answer_line(card: ScoreCard, question: AnyQuestion, language: str, words: Words) -> AnswerLine:
    q = card.questionnaire
    answer = card.answer(question.id)
    status: Status
    if answer is None:
        status = "unanswered"
    elif answer.state is not None:
        status = answer.state
    else:
        status = "answered"
    points = max_points = None
    if question.scored and isinstance(question, SingleQuestion | MultipleQuestion):
        got = question_points(question, answer)
        if got is not None:
            points, max_points = _points(got, words), _points(question.maximum, words)
    domain = q.domains_by_id.get(question.domain) if question.domain else None
    return AnswerLine(
        id=question.id,
        prompt=_text(q, question.prompt, language),
        domain=_text(q, domain.title, language) if domain else None,
        domain_id=domain.id if domain else None,
        observed=question.observed,
        status=status,
        value=answer.value if answer is not None else None,
        labels=answer_labels(q, question, answer, language, words) if answer else (),
        points=points,
        max_points=max_points,
    )


def _dependency_answer(card: ScoreCard, name: str, language: str, words: Words) -> str:
    question = card.questionnaire.questions_by_id[name]
    if all(asked.id != name for asked in card.applicable):
        return words.not_asked_answer
    return _answer_line(card, question, language, words).text(words)


def _not_asked(
    card: ScoreCard, question: AnyQuestion, explainer: Explainer, language: str, words: Words
) -> NotAskedLine:
    q = card.questionnaire
    domain = q.domains_by_id.get(question.domain) if question.domain else None
    reason = words.asked_only_if.format(
        condition=explainer.condition(question.when) if question.when else ""
    )
    names = question.when.names() if question.when else set()
    depends = _answers_named(card, names, explainer, language, words)
    return NotAskedLine(
        id=question.id,
        prompt=_text(q, question.prompt, language),
        domain=_text(q, domain.title, language) if domain else None,
        reason=reason,
        depends_on=depends,
    )


def _answers_named(
    card: ScoreCard, names: set[str], explainer: Explainer, language: str, words: Words
) -> tuple[Dependency, ...]:
    """The answers a condition reads, in file order, each as the person answered it."""
    return tuple(
        Dependency(explainer.subject(each.id), _dependency_answer(card, each.id, language, words))
        for each in card.questionnaire.questions
        if each.id in names
    )


@dataclass(frozen=True, slots=True)
class HeldExplanation:
    """Why the level is below the score's, in sentences ready to print."""

    headline: str  # the score alone would give X; the level given is Y, for want of…
    reasons: tuple[tuple[str, tuple[str, ...]], ...]  # each unmet requirement, its evidence
    brief: str  # the headline alone, pointing to the annex, where the reasons are too long


def explain_held(card: ScoreCard, language: str) -> HeldExplanation | None:
    """The sentences every view prints when a requirement held the level down: each
    refused level, its requirement in words, and what the answers (and scores) it
    reads were."""
    if not card.held or card.level is None or card.score_level is None:
        return None
    q, words = card.questionnaire, words_for(language)
    explainer = Explainer(q, language, words)
    titles = {
        "score_level": words.quote(_text(q, card.score_level.title, language)),
        "level": words.quote(_text(q, card.level.title, language)),
    }
    headline = words.held_down.format(**titles)
    reasons = []
    for level in card.held:
        if level.requires is None:  # a held level always has one; kept for the type checker
            continue
        names = level.requires.names()
        evidence = [*_answers_named(card, names, explainer, language, words)]
        evidence += [
            Dependency(explainer.phrase(name), _score_name_value(card, name, language, words))
            for name in sorted(names)
            if name not in q.questions_by_id
        ]
        because = words.held_because.format(
            level=words.quote(_text(q, level.title, language)),
            requirement=explainer.condition(level.requires),
        )
        said = tuple(words.evidence.format(question=e.question, answer=e.answer) for e in evidence)
        reasons.append((because, said))
    return HeldExplanation(headline, tuple(reasons), words.held_down_brief.format(**titles))


def _score_name_value(card: ScoreCard, name: str, language: str, words: Words) -> str:
    """The value of a score or domain-level name (§2.3) in this result, in words."""
    q = card.questionnaire
    if name == "score":
        return words.not_evaluated if card.score is None else str(card.score)
    for item in card.domains:
        if name == f"score_{item.domain.id}":
            return words.not_evaluated if item.score is None else str(item.score)
        if name == f"level_{item.domain.id}":
            return _text(q, item.level.title, language) if item.level else words.not_evaluated
    return words.not_evaluated


def _domain_line(
    q: Questionnaire,
    item: DomainScore,
    previous: dict[str, int | None],
    language: str,
    words: Words,
) -> DomainLine:
    before = previous.get(item.domain.id)
    return DomainLine(
        id=item.domain.id,
        title=_text(q, item.domain.title, language),
        description=_text(q, item.domain.description, language),
        score=item.score,
        level=_text(q, item.level.title, language) if item.level else None,
        points=_points(item.points, words),
        max_points=_points(item.max_points, words),
        previous=before,
        change=item.score - before if item.score is not None and before is not None else None,
    )


def _session_day(moment: datetime) -> date:
    return moment.date()  # in the offset the interview was recorded in


def build_view(
    card: ScoreCard,
    *,
    language: str,
    generated_on: date,
    previous: ScoreCard | None = None,
    current_sha256: str | None = None,
    structure: Structure | None = None,
) -> ReportView:
    """Everything the reports say about ``card``, in ``language``."""
    q, sheet = card.questionnaire, card.sheet
    words = words_for(language)
    explainer = Explainer(q, language, words)

    before: dict[str, int | None] = {}
    previous_line = None
    if previous is not None:
        before = {item.domain.id: item.score for item in previous.domains}
        previous_line = PreviousLine(
            day=words.day(_session_day(previous.sheet.started_at)),
            started_at=previous.sheet.started_at.isoformat(),
            score=previous.score,
            level=_text(previous.questionnaire, previous.level.title, language)
            if previous.level
            else None,
            change=card.score - previous.score
            if card.score is not None and previous.score is not None
            else None,
        )
    domains = tuple(_domain_line(q, item, before, language, words) for item in card.domains)

    evaluated = [d for d in domains if d.score is not None]
    by_strength = sorted(evaluated, key=lambda d: -(d.score or 0))
    strong_ids = [domain.domain.id for domain in card.strengths(MAX_LISTED)]
    strongest = sorted(
        (line for line in domains if line.id in strong_ids), key=lambda d: strong_ids.index(d.id)
    )
    top = max((level.min for level in q.levels), default=0) or 100
    to_learn = [d for d in reversed(by_strength) if (d.score or 0) < top and d not in strongest][
        :MAX_LISTED
    ]

    steps_sorted = sorted(q.levels, key=lambda level: level.min)
    steps = tuple(
        LevelStep(
            _text(q, level.title, language),
            level.min,
            card.level is not None and level.id == card.level.id,
        )
        for level in steps_sorted
    )
    step = next((index + 1 for index, s in enumerate(steps) if s.current), None)

    answered = [_answer_line(card, question, language, words) for question in card.applicable]
    own_words = tuple(
        OwnWords(line.prompt, line.labels[0])
        for line, question in zip(answered, card.applicable, strict=True)
        if question.type == "text" and line.status == "answered" and line.labels[0].strip()
    )
    applicable_ids = {question.id for question in card.applicable}
    not_asked = tuple(
        _not_asked(card, question, explainer, language, words)
        for question in q.questions
        if question.id not in applicable_ids
    )
    advice = [
        AdviceLine(item.id, _text(q, item.text, language), item.link, item.audience)
        for item in card.advice
    ]
    view = ReportView(
        words=words,
        language=language,
        title=_text(q, q.title, language),
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_sha256=sheet.questionnaire.sha256,
        current_sha256=current_sha256
        if current_sha256 and current_sha256 != sheet.questionnaire.sha256
        else None,
        person=sheet.person,
        day=words.day(_session_day(sheet.started_at)),
        started_at=sheet.started_at.isoformat(),
        completed_at=sheet.completed_at.isoformat() if sheet.completed_at else None,
        started=words.moment(sheet.started_at),
        completed=words.moment(sheet.completed_at) if sheet.completed_at else None,
        generated_on=words.day(generated_on),
        generated_is_session_day=generated_on == _session_day(sheet.started_at),
        complete=card.complete,
        unanswered=len(card.unanswered),
        dont_know=len(card.dont_know),
        declined=len(card.declined),
        score=card.score,
        score_level=_text(q, card.score_level.title, language) if card.score_level else None,
        level=_text(q, card.level.title, language) if card.level else None,
        level_description=_text(q, card.level.description, language)
        if card.level and card.level.description
        else None,
        held=explain_held(card, language),
        steps=steps,
        step=step,
        domains=domains,
        strongest=tuple(strongest),
        to_learn=tuple(to_learn),
        declared=tuple(a for a in answered if not a.observed and a.domain is not None),
        observed=tuple(a for a in answered if a.observed),
        context=tuple(a for a in answered if not a.observed and a.domain is None),
        own_words=own_words,
        not_asked=not_asked,
        advice_person=tuple(a for a in advice if a.audience in {"person", "both"}),
        advice_professional=tuple(a for a in advice if a.audience in {"professional", "both"}),
        previous=previous_line,
        generator=f"bonsclics {__version__}",
        can_do=can_do(card, language),
        next_steps=next_steps(card, structure, language),
        structure=structure_lines(structure, language),
        offers=offers_by_advice(card, structure, language),
        note=clean(note) if (note := professional_note(sheet)) else None,
        next_appointment=clean(when) if (when := next_appointment(sheet)) else None,
    )
    return fit_person_page(view)
