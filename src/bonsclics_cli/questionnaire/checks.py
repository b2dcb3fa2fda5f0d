"""Semantic rules of FORMAT.md §1 and §2.2 that span several parts of a questionnaire.

Runs on a structurally valid ``Questionnaire`` and returns every problem found,
each with the document path of the key or value it is about.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from bonsclics_cli.questionnaire.conditions import Condition, NameInfo, NameKind, check
from bonsclics_cli.questionnaire.findings import PathKey, Problem, did_you_mean, error, warning
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextValue,
)

_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_questionnaire(questionnaire: Questionnaire) -> list[Problem]:
    """Every semantic problem of ``questionnaire``, in the order of the file."""
    return [
        *_check_languages(questionnaire),
        *_check_texts(questionnaire),
        *_check_unique_ids(questionnaire),
        *_check_domains(questionnaire),
        *_check_questions(questionnaire),
        *_check_levels(questionnaire),
        *_check_conditions(questionnaire),
    ]


# --- languages and texts ---------------------------------------------------------------


def _check_languages(questionnaire: Questionnaire) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, language in enumerate(questionnaire.languages):
        if language in seen:
            yield error(("languages", index), "duplicate", f"language '{language}' is listed twice")
        seen.add(language)


def _texts(questionnaire: Questionnaire) -> Iterator[tuple[PathKey, str, TextValue | None]]:
    """Every text of the file: its path, a name for messages, and its value."""
    for key in ("title", "description", "intro"):
        yield (key,), key, getattr(questionnaire, key)
    for index, domain in enumerate(questionnaire.domains):
        for key in ("title", "description"):
            yield ("domains", index, key), f"{key} of domain '{domain.id}'", getattr(domain, key)
    for index, question in enumerate(questionnaire.questions):
        path: PathKey = ("questions", index)
        name = f"question '{question.id}'"
        yield (*path, "prompt"), f"prompt of {name}", question.prompt
        yield (*path, "help"), f"help of {name}", question.help
        if isinstance(question, NumberQuestion):
            yield (*path, "unit"), f"unit of {name}", question.unit
        if isinstance(question, SingleQuestion | MultipleQuestion):
            for position, option in enumerate(question.options):
                yield (
                    (*path, "options", position, "label"),
                    f"label of option '{option.value}' of {name}",
                    option.label,
                )
    for index, level in enumerate(questionnaire.levels):
        for key in ("title", "description"):
            yield ("levels", index, key), f"{key} of level '{level.id}'", getattr(level, key)
    for index, advice in enumerate(questionnaire.advice):
        yield ("advice", index, "text"), f"text of advice '{advice.id}'", advice.text


def _check_texts(questionnaire: Questionnaire) -> Iterator[Problem]:
    languages = list(dict.fromkeys(questionnaire.languages))
    for path, name, value in _texts(questionnaire):
        if value is None:
            continue
        if isinstance(value, str):
            if len(languages) > 1:
                yield error(
                    path,
                    "text-language",
                    f"the {name} must be given in every language ({', '.join(languages)})",
                    "write it as a table, e.g. "
                    + "{ "
                    + ", ".join(f'{code} = "..."' for code in languages)
                    + " }",
                )
            yield from _check_string(path, name, value)
            continue
        for language in languages:
            if language not in value:
                yield error(path, "text-language", f"the {name} has no '{language}' text", "add it")
        for language, text in value.items():
            if language not in languages:
                yield error(
                    (*path, language),
                    "text-language",
                    f"the {name} has a '{language}' text, but '{language}' is not in languages",
                    did_you_mean(language, languages)
                    or f"remove it or add '{language}' to languages",
                    at_key=True,
                )
            else:
                yield from _check_string((*path, language), f"{name} ({language})", text)


def _check_string(path: PathKey, name: str, text: str) -> Iterator[Problem]:
    if not text.strip():
        yield error(path, "text-empty", f"the {name} is empty")
    match = _FORBIDDEN_CHARACTERS.search(text)
    if match:
        char = match.group()
        label = unicodedata.name(char, "a control character")
        yield error(
            path,
            "text-character",
            f"the {name} contains a forbidden character ({label}, U+{ord(char):04X})",
            "only printable characters, newlines and tabs are allowed",
        )


# --- ids ----------------------------------------------------------------------------------


def _check_unique_ids(questionnaire: Questionnaire) -> Iterator[Problem]:
    yield from _unique("domain id", "domains", [domain.id for domain in questionnaire.domains])
    yield from _unique("question id", "questions", [q.id for q in questionnaire.questions])
    yield from _unique("level id", "levels", [level.id for level in questionnaire.levels])
    yield from _unique("advice id", "advice", [advice.id for advice in questionnaire.advice])
    for index, question in enumerate(questionnaire.questions):
        if isinstance(question, SingleQuestion | MultipleQuestion):
            yield from _unique(
                f"option value in question '{question.id}'",
                ("questions", index, "options"),
                [option.value for option in question.options],
                key="value",
            )


def _unique(what: str, where: str | PathKey, ids: list[str], key: str = "id") -> Iterator[Problem]:
    base: PathKey = (where,) if isinstance(where, str) else where
    first: dict[str, int] = {}
    for index, item in enumerate(ids):
        if item in first:
            yield error(
                (*base, index, key),
                "duplicate",
                f"duplicate {what} '{item}' (already used by item {first[item] + 1})",
                "each must be unique",
            )
        else:
            first[item] = index


# --- domains and questions -------------------------------------------------------------


def _check_domains(questionnaire: Questionnaire) -> Iterator[Problem]:
    scored = {question.domain for question in questionnaire.questions if question.scored}
    for index, domain in enumerate(questionnaire.domains):
        if domain.id not in scored:
            yield error(
                ("domains", index, "id"),
                "empty-domain",
                f"domain '{domain.id}' has no scored question",
                f'set domain = "{domain.id}" on a single or multiple question, '
                "or remove the domain",
            )


def _check_questions(questionnaire: Questionnaire) -> Iterator[Problem]:
    domain_ids = list(questionnaire.domains_by_id)
    for index, question in enumerate(questionnaire.questions):
        path: PathKey = ("questions", index)
        if question.id in {"score", "level"} or question.id.startswith(("score_", "level_")):
            yield error(
                (*path, "id"),
                "reserved-id",
                f"question id '{question.id}' is reserved for scores and levels",
                "choose an id that is not 'score' or 'level' and does not start with "
                "'score_' or 'level_'",
            )
        if question.domain is not None and question.domain not in domain_ids:
            yield error(
                (*path, "domain"),
                "unknown-domain",
                f"question '{question.id}' names domain '{question.domain}', which is not defined",
                did_you_mean(question.domain, domain_ids)
                or "known domains: " + ", ".join(domain_ids),
            )
        yield from _check_question_points(path, question)
        if isinstance(question, NumberQuestion):
            low, high = question.min, question.max
            if low is not None and high is not None and low > high:
                yield error(
                    (*path, "max"),
                    "bounds",
                    f"question '{question.id}' has max ({high}) below min ({low})",
                )


def _check_question_points(path: PathKey, question: AnyQuestion) -> Iterator[Problem]:
    if question.scored and not isinstance(question, SingleQuestion | MultipleQuestion):
        yield error(
            (*path, "domain"),
            "scored-type",
            f"question '{question.id}' has a domain, but a {question.type} question "
            "cannot be scored",
            "only single and multiple questions are scored; remove domain",
            at_key=True,
        )
        return
    if not isinstance(question, SingleQuestion | MultipleQuestion):
        return
    for position, option in enumerate(question.options):
        option_path = (*path, "options", position)
        if question.scored and option.points is None:
            yield error(
                option_path,
                "points-missing",
                f"option '{option.value}' of scored question '{question.id}' has no points",
                "add points = 0 or more",
            )
        if not question.scored and option.points is not None:
            yield error(
                (*option_path, "points"),
                "points-unexpected",
                f"option '{option.value}' has points, but question '{question.id}' "
                "has no domain and is not scored",
                'add domain = "..." to the question, or remove points',
                at_key=True,
            )
    capped = isinstance(question, MultipleQuestion) and question.max_points is not None
    if capped and not question.scored:
        yield error(
            (*path, "max_points"),
            "points-unexpected",
            f"max_points is only for scored questions, and '{question.id}' has no domain",
            at_key=True,
        )
    all_points = all(option.points is not None for option in question.options)
    if question.scored and all_points and question.maximum == 0:
        yield warning(
            (*path, "options"),
            "zero-maximum",
            f"scored question '{question.id}' can give at most 0 points: it can never "
            "raise the score",
            "give points to the options, or remove domain",
        )


def _check_levels(questionnaire: Questionnaire) -> Iterator[Problem]:
    zero = [index for index, level in enumerate(questionnaire.levels) if level.min == 0]
    if not zero:
        yield error(
            ("levels",),
            "levels",
            "no level has min = 0: a score of 0 would have no level",
            "give the lowest level min = 0",
        )
    first: dict[int, str] = {}
    for index, level in enumerate(questionnaire.levels):
        if level.min in first:
            yield error(
                ("levels", index, "min"),
                "levels",
                f"level '{level.id}' has min = {level.min}, like level '{first[level.min]}'",
                "each level needs its own min",
            )
        else:
            first[level.min] = level.id


# --- conditions -----------------------------------------------------------------------------


def _name_info(question: AnyQuestion) -> NameInfo:
    values: frozenset[str] = frozenset()
    if isinstance(question, SingleQuestion | MultipleQuestion):
        values = frozenset(option.value for option in question.options)
    return NameInfo(NameKind(question.type), values)


def score_scope(questionnaire: Questionnaire) -> dict[str, NameInfo]:
    """The score and level names of §2.3."""
    level_ids = frozenset(level.id for level in questionnaire.levels)
    scope = {"score": NameInfo(NameKind.SCORE), "level": NameInfo(NameKind.LEVEL, level_ids)}
    for domain in questionnaire.domains:
        scope[f"score_{domain.id}"] = NameInfo(NameKind.SCORE)
        scope[f"level_{domain.id}"] = NameInfo(NameKind.LEVEL, level_ids)
    return scope


def _check_conditions(questionnaire: Questionnaire) -> Iterator[Problem]:
    questions = questionnaire.questions
    scores = score_scope(questionnaire)
    not_in_questions = {
        name: "is a score name: it can be used in advice conditions only" for name in scores
    }
    earlier: dict[str, NameInfo] = {}
    for index, question in enumerate(questions):
        if question.when is not None:
            later = {
                other.id: "is a question defined later in the file; a question's condition "
                "can only use questions asked before it"
                for other in questions[index:]
            }
            yield from _condition_problems(
                ("questions", index, "when"),
                question.when,
                earlier,
                {**not_in_questions, **later},
            )
        earlier.setdefault(question.id, _name_info(question))
    everything = {**earlier, **scores}
    for index, advice in enumerate(questionnaire.advice):
        yield from _condition_problems(("advice", index, "when"), advice.when, everything, {})


def _condition_problems(
    path: PathKey,
    condition: Condition,
    scope: dict[str, NameInfo],
    unavailable: dict[str, str],
) -> Iterator[Problem]:
    if condition.syntax_error is not None:
        yield error(
            path,
            "condition",
            f"syntax error in condition at character {condition.syntax_error.offset + 1}: "
            f"{condition.syntax_error.message}",
            offset=condition.syntax_error.offset,
        )
        return
    for problem in check(condition, scope, unavailable):
        yield error(
            path,
            "condition",
            f'in condition "{condition.source}": {problem.message}',
            problem.hint,
            offset=problem.offset,
        )
