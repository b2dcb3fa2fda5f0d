"""Semantic rules of docs/format.md §1 and §2.2, beyond what the model's types say.

``check_questionnaire`` runs on a structurally valid ``Questionnaire``;
``check_parts`` on the parts of a broken one that are valid on their own. Each
problem carries the document path of the key or value it is about.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, TypeAlias

from pydantic import TypeAdapter, ValidationError

from bonsclics_cli.i18n import N_, _
from bonsclics_cli.questionnaire.conditions import Condition, NameInfo, NameKind, check
from bonsclics_cli.questionnaire.findings import PathKey, Problem, did_you_mean, error, warning
from bonsclics_cli.questionnaire.model import (
    COLLECT_CONDITION_ERRORS,
    LANGUAGE_PATTERN,
    Advice,
    AnyQuestion,
    Domain,
    DomainLevel,
    Level,
    MultipleQuestion,
    NumberQuestion,
    Question,
    Questionnaire,
    SingleQuestion,
    TextValue,
)

Part: TypeAlias = Domain | AnyQuestion | DomainLevel | Advice
LANGUAGE = re.compile(LANGUAGE_PATTERN)

TOP_LEVEL_TEXTS = ("title", "description", "intro", "preparation")
_TOP_LEVEL_NAMES = {
    "title": N_("title of the questionnaire"),
    "description": N_("description of the questionnaire"),
    "intro": N_("introduction of the questionnaire"),
    "preparation": N_("preparation of the questionnaire"),
}

MAX_LISTED_OPTIONS = 20
"""Past this many options a list is well beyond a screenful (a 24-line terminal shows
about 14 of its lines at a time and scrolls the rest) and hard to go through."""

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
            message = _("language '{language}' is listed twice").format(language=language)
            yield error(("languages", index), "duplicate", message)
        seen.add(language)


def _item_texts(
    section: str, index: int, item: Part
) -> Iterator[tuple[PathKey, str, TextValue | None]]:
    """The texts of one domain, question, level or advice: path, name for messages, value."""
    path: PathKey = (section, index)
    if isinstance(item, Domain):
        yield (*path, "title"), _("title of domain '{id}'").format(id=item.id), item.title
        yield (
            (*path, "description"),
            _("description of domain '{id}'").format(id=item.id),
            item.description,
        )
    elif isinstance(item, DomainLevel):
        scale = (
            N_("title of level '{id}'")
            if section == "levels"
            else N_("title of domain level '{id}'")
        )
        described = (
            N_("description of level '{id}'")
            if section == "levels"
            else N_("description of domain level '{id}'")
        )
        yield (*path, "title"), _(scale).format(id=item.id), item.title
        yield (*path, "description"), _(described).format(id=item.id), item.description
    elif isinstance(item, Advice):
        yield (*path, "text"), _("text of advice '{id}'").format(id=item.id), item.text
    else:
        yield (*path, "prompt"), _("prompt of question '{id}'").format(id=item.id), item.prompt
        yield (*path, "help"), _("help of question '{id}'").format(id=item.id), item.help
        if isinstance(item, NumberQuestion):
            yield (*path, "unit"), _("unit of question '{id}'").format(id=item.id), item.unit
        if isinstance(item, SingleQuestion | MultipleQuestion):
            for position, option in enumerate(item.options):
                yield (
                    (*path, "options", position, "label"),
                    _("label of option '{value}' of question '{id}'").format(
                        value=option.value, id=item.id
                    ),
                    option.label,
                )


def _parts(questionnaire: Questionnaire) -> Iterator[tuple[str, int, Part]]:
    sections: dict[str, Sequence[Part]] = {
        "domains": questionnaire.domains,
        "questions": questionnaire.questions,
        "levels": questionnaire.levels,
        "domain_levels": questionnaire.domain_levels or [],
        "advice": questionnaire.advice,
    }
    for section, items in sections.items():
        for index, item in enumerate(items):
            yield section, index, item


def _check_texts(questionnaire: Questionnaire) -> Iterator[Problem]:
    languages = list(dict.fromkeys(questionnaire.languages))
    for key in TOP_LEVEL_TEXTS:
        yield from _check_text(
            (key,), _(_TOP_LEVEL_NAMES[key]), getattr(questionnaire, key), languages
        )
    for section, index, item in _parts(questionnaire):
        for path, name, value in _item_texts(section, index, item):
            yield from _check_text(path, name, value, languages)


def _check_text(
    path: PathKey, name: str, value: TextValue | None, languages: list[str]
) -> Iterator[Problem]:
    if value is None:
        return
    if isinstance(value, str):
        if len(languages) > 1:
            example = "{ " + ", ".join(f'{code} = "..."' for code in languages) + " }"
            yield error(
                path,
                "text-language",
                _("the {name} must be given in every language ({languages})").format(
                    name=name, languages=", ".join(languages)
                ),
                _("write it as a table, e.g. {example}").format(example=example),
            )
        yield from _check_string(path, name, value)
        return
    for language in languages:
        if language not in value:
            yield error(
                path,
                "text-language",
                _("the {name} has no '{language}' text").format(name=name, language=language),
                _("add it"),
            )
    for language, text in value.items():
        if language not in languages:
            yield error(
                (*path, language),
                "text-language",
                _(
                    "the {name} has a '{language}' text, but '{language}' is not in languages"
                ).format(name=name, language=language),
                did_you_mean(language, languages)
                or _("remove it or add '{language}' to languages").format(language=language),
                at_key=True,
            )
        else:
            yield from _check_string((*path, language), f"{name} ({language})", text)


def _check_string(path: PathKey, name: str, text: str) -> Iterator[Problem]:
    if not text.strip():
        yield error(path, "text-empty", _("the {name} is empty").format(name=name))
    match = _FORBIDDEN_CHARACTERS.search(text)
    if match:
        char = match.group()
        label = unicodedata.name(char, None) or _("a control character")
        yield error(
            path,
            "text-character",
            _("the {name} contains a forbidden character ({label}, U+{code:04X})").format(
                name=name, label=label, code=ord(char)
            ),
            _("only printable characters, newlines and tabs are allowed"),
        )


# --- ids ----------------------------------------------------------------------------------


def _check_unique_ids(questionnaire: Questionnaire) -> Iterator[Problem]:
    yield from _unique(
        _("duplicate domain id '{id}' (already used by item {first})"),
        "domains",
        [domain.id for domain in questionnaire.domains],
    )
    yield from _unique(
        _("duplicate question id '{id}' (already used by item {first})"),
        "questions",
        [q.id for q in questionnaire.questions],
    )
    yield from _unique(
        _("duplicate level id '{id}' (already used by item {first})"),
        "levels",
        [level.id for level in questionnaire.levels],
    )
    yield from _unique(
        _("duplicate domain level id '{id}' (already used by item {first})"),
        "domain_levels",
        [level.id for level in questionnaire.domain_levels or []],
    )
    yield from _unique(
        _("duplicate advice id '{id}' (already used by item {first})"),
        "advice",
        [advice.id for advice in questionnaire.advice],
    )
    for index, question in enumerate(questionnaire.questions):
        if isinstance(question, SingleQuestion | MultipleQuestion):
            yield from _unique(
                _(
                    "duplicate option value in question '{question}' '{id}' "
                    "(already used by item {first})"
                ).replace("{question}", question.id),
                ("questions", index, "options"),
                [option.value for option in question.options],
                key="value",
            )


def _unique(
    message: str, where: str | PathKey, ids: list[str], key: str = "id"
) -> Iterator[Problem]:
    """``message`` (with ``{id}`` and ``{first}``) for each id used a second time."""
    base: PathKey = (where,) if isinstance(where, str) else where
    first: dict[str, int] = {}
    for index, item in enumerate(ids):
        if item in first:
            yield error(
                (*base, index, key),
                "duplicate",
                message.format(id=item, first=first[item] + 1),
                _("each must be unique"),
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
                _("domain '{id}' has no scored question").format(id=domain.id),
                _(
                    'set domain = "{id}" on a single or multiple question, or remove the domain'
                ).format(id=domain.id),
            )


def _check_questions(questionnaire: Questionnaire) -> Iterator[Problem]:
    domain_ids = list(questionnaire.domains_by_id)
    for index, question in enumerate(questionnaire.questions):
        path: PathKey = ("questions", index)
        yield from _check_question_alone(path, question)
        if question.domain is not None and question.domain not in domain_ids:
            yield error(
                (*path, "domain"),
                "unknown-domain",
                _("question '{id}' names domain '{domain}', which is not defined").format(
                    id=question.id, domain=question.domain
                ),
                did_you_mean(question.domain, domain_ids)
                or _("known domains: {domains}").format(domains=", ".join(domain_ids)),
            )


def _check_question_alone(path: PathKey, question: AnyQuestion) -> Iterator[Problem]:
    """The rules a question answers to on its own, without the rest of the file."""
    if question.id in {"score", "level"} or question.id.startswith(("score_", "level_")):
        yield error(
            (*path, "id"),
            "reserved-id",
            _("question id '{id}' is reserved for scores and levels").format(id=question.id),
            _(
                "choose an id that is not 'score' or 'level' and does not start with "
                "'score_' or 'level_'"
            ),
        )
    yield from _check_question_points(path, question)
    yield from _check_option_count(path, question)
    if isinstance(question, NumberQuestion):
        low, high = question.min, question.max
        if low is not None and high is not None and low > high:
            yield error(
                (*path, "max"),
                "bounds",
                _("question '{id}' has max ({max}) below min ({min})").format(
                    id=question.id, max=high, min=low
                ),
            )


def _check_option_count(path: PathKey, question: AnyQuestion) -> Iterator[Problem]:
    if not isinstance(question, SingleQuestion | MultipleQuestion):
        return
    count = len(question.options)
    if count > MAX_LISTED_OPTIONS:
        yield warning(
            (*path, "options"),
            "long-list",
            _(
                "question '{id}' has {count} options: in a terminal, a list of more "
                "than {limit} scrolls past one screen and is hard to go through"
            ).format(id=question.id, count=count, limit=MAX_LISTED_OPTIONS),
            _(
                "keep at most {limit} options, or split the question: a first one "
                "narrows the choice and conditions (when) show the rest"
            ).format(limit=MAX_LISTED_OPTIONS),
        )


def _check_question_points(path: PathKey, question: AnyQuestion) -> Iterator[Problem]:
    if question.scored and not isinstance(question, SingleQuestion | MultipleQuestion):
        yield error(
            (*path, "domain"),
            "scored-type",
            _("question '{id}' has a domain, but a {type} question cannot be scored").format(
                id=question.id, type=question.type
            ),
            _("only single and multiple questions are scored; remove domain"),
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
                _("option '{value}' of scored question '{id}' has no points").format(
                    value=option.value, id=question.id
                ),
                _("add points = 0 or more"),
            )
        if not question.scored and option.points is not None:
            yield error(
                (*option_path, "points"),
                "points-unexpected",
                _(
                    "option '{value}' has points, but question '{id}' "
                    "has no domain and is not scored"
                ).format(value=option.value, id=question.id),
                _('add domain = "..." to the question, or remove points'),
                at_key=True,
            )
    capped = isinstance(question, MultipleQuestion) and question.max_points is not None
    if capped and not question.scored:
        yield error(
            (*path, "max_points"),
            "points-unexpected",
            _("max_points is only for scored questions, and '{id}' has no domain").format(
                id=question.id
            ),
            at_key=True,
        )
    all_points = all(option.points is not None for option in question.options)
    if question.scored and all_points and question.maximum == 0:
        yield warning(
            (*path, "options"),
            "zero-maximum",
            _(
                "scored question '{id}' can give at most 0 points: it can never raise the score"
            ).format(id=question.id),
            _("give points to the options, or remove domain"),
        )


def _check_levels(questionnaire: Questionnaire) -> Iterator[Problem]:
    yield from _check_scale("levels", questionnaire.levels)
    if questionnaire.domain_levels is not None:
        yield from _check_scale("domain_levels", questionnaire.domain_levels)
    for index, level in enumerate(questionnaire.levels):
        if level.min == 0 and level.requires is not None:
            yield error(
                ("levels", index, "requires"),
                "requires-lowest",
                _(
                    "level '{id}' has min = 0 and a requirement: the lowest level must "
                    "always be reachable"
                ).format(id=level.id),
                _("remove requires from this level"),
                at_key=True,
            )


def _check_scale(section: str, scale: Sequence[DomainLevel]) -> Iterator[Problem]:
    """The band rules of §1.6, for ``levels`` and ``domain_levels`` alike."""
    zero = [index for index, level in enumerate(scale) if level.min == 0]
    if not zero:
        yield error(
            (section,),
            "levels",
            (
                _("no level has min = 0: a score of 0 would have no level")
                if section == "levels"
                else _("no domain level has min = 0: a score of 0 would have no level")
            ),
            _("give the lowest level min = 0"),
        )
    first: dict[int, str] = {}
    for index, level in enumerate(scale):
        if level.min in first:
            yield error(
                (section, index, "min"),
                "levels",
                _("level '{id}' has min = {min}, like level '{other}'").format(
                    id=level.id, min=level.min, other=first[level.min]
                ),
                _("each level needs its own min"),
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
    """The score and level names of §2.3: ``level_<d>`` on the domain scale (§1.6.1)."""
    level_ids = frozenset(level.id for level in questionnaire.levels)
    domain_level_ids = frozenset(level.id for level in questionnaire.domain_scale)
    scope = {"score": NameInfo(NameKind.SCORE), "level": NameInfo(NameKind.LEVEL, level_ids)}
    for domain in questionnaire.domains:
        scope[f"score_{domain.id}"] = NameInfo(NameKind.SCORE)
        scope[f"level_{domain.id}"] = NameInfo(NameKind.LEVEL, domain_level_ids)
    return scope


_LEVEL_IN_REQUIRES = N_(
    "'{name}' is the overall level, which requires decides: a requirement cannot use it; "
    "use score, score_<domain> or level_<domain>"
)


def _check_conditions(questionnaire: Questionnaire) -> Iterator[Problem]:
    questions = questionnaire.questions
    scores = score_scope(questionnaire)
    score_name = _("'{name}' is a score name: it can be used in advice conditions only")
    defined_later = _(
        "'{name}' is a question defined later in the file; a question's condition "
        "can only use questions asked before it"
    )
    not_in_questions = dict.fromkeys(scores, score_name)
    earlier: dict[str, NameInfo] = {}
    for index, question in enumerate(questions):
        if question.when is not None:
            later = {other.id: defined_later for other in questions[index:]}
            yield from _condition_problems(
                ("questions", index, "when"),
                question.when,
                earlier,
                {**not_in_questions, **later},
            )
        earlier.setdefault(question.id, _name_info(question))
    everything = {**earlier, **scores}
    for_requires = {name: info for name, info in everything.items() if name != "level"}
    for index, level in enumerate(questionnaire.levels):
        if level.requires is not None:
            yield from _condition_problems(
                ("levels", index, "requires"),
                level.requires,
                for_requires,
                {"level": _(_LEVEL_IN_REQUIRES)},
            )
    for index, advice in enumerate(questionnaire.advice):
        yield from _condition_problems(("advice", index, "when"), advice.when, everything, {})


def _syntax_problems(path: PathKey, condition: Condition) -> Iterator[Problem]:
    if condition.syntax_error is not None:
        yield error(
            path,
            "condition",
            _("syntax error in condition at character {position}: {reason}").format(
                position=condition.syntax_error.offset + 1, reason=condition.syntax_error.message
            ),
            offset=condition.syntax_error.offset,
        )


def _condition_problems(
    path: PathKey,
    condition: Condition,
    scope: dict[str, NameInfo],
    unavailable: dict[str, str],
) -> Iterator[Problem]:
    if condition.syntax_error is not None:
        yield from _syntax_problems(path, condition)
        return
    for problem in check(condition, scope, unavailable):
        yield error(
            path,
            "condition",
            _('in condition "{condition}": {problem}').format(
                condition=condition.source, problem=problem.message
            ),
            problem.hint,
            offset=problem.offset,
        )


# --- a file whose structure failed ------------------------------------------------------------


@cache
def _part_models() -> dict[str, TypeAdapter[Any]]:
    """Validators of each part alone, built the first time a broken file needs them."""
    return {
        "domains": TypeAdapter(Domain),
        "questions": TypeAdapter(Question),
        "levels": TypeAdapter(Level),
        "domain_levels": TypeAdapter(DomainLevel),
        "advice": TypeAdapter(Advice),
    }


def check_parts(document: dict[str, Any]) -> list[Problem]:
    """The rules local to each part that is valid on its own, when the whole is not.

    A file with a structural error elsewhere still gets its texts, points and
    condition syntax checked, so that one run reports as much as can be known.
    Rules that relate parts (ids that must exist, names in conditions) wait for a
    valid structure: on a broken file they would report parts that are only
    missing because they failed.
    """
    raw_languages = document.get("languages")
    if not isinstance(raw_languages, list) or not raw_languages:
        return []
    if not all(isinstance(code, str) and LANGUAGE.fullmatch(code) for code in raw_languages):
        return []  # every text would be reported against a broken list of languages
    languages = list(dict.fromkeys(raw_languages))
    problems: list[Problem] = []
    for key in TOP_LEVEL_TEXTS:
        value = document.get(key)
        if isinstance(value, str | dict):
            problems.extend(_check_text((key,), key, _plain_text(value), languages))
    for section, adapter in _part_models().items():
        items = document.get(section)
        for index, raw in enumerate(items if isinstance(items, list) else []):
            try:
                item = adapter.validate_python(raw, context={COLLECT_CONDITION_ERRORS: True})
            except ValidationError:
                continue  # reported by the structural pass
            for path, name, value in _item_texts(section, index, item):
                problems.extend(_check_text(path, name, value, languages))
            if section == "questions":
                problems.extend(_check_question_alone((section, index), item))
            for key in ("when", "requires"):
                condition = getattr(item, key, None)
                if isinstance(condition, Condition):
                    problems.extend(_syntax_problems((section, index, key), condition))
    return problems


def _plain_text(value: str | dict[Any, Any]) -> TextValue:
    if isinstance(value, str):
        return value
    return {str(key): item for key, item in value.items() if isinstance(item, str)}
