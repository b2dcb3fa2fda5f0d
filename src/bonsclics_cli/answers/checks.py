"""Answers checked against their questionnaire (docs/format.md §4), named by file and question.

One validator, ``check_answers``: bytes -> the checked JSON document, strict (every
rejection of §4, in §4's words) and fast (answers of the common kind pass a quick
test compiled once per questionnaire; only the others go through the full checks,
which give the message). ``load_answers`` is the same check, then the
``AnswerSheet`` model built from the checked document for the interview and the
reports. See docs/architecture.md, "Answers validation".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeAlias

from bonsclics_cli.answers.document import (
    STATES,
    answer_problem,
    header_problems,
    parse_document,
    quoted,
    value_type_problem,
)
from bonsclics_cli.answers.shards import is_shard, shard_documents
from bonsclics_cli.answers.sheet import (
    AnswerSheet,
    AnswerValue,
    joined_problems,
    read_sheet_bytes,
    sheet_from_document,
)
from bonsclics_cli.compat import parse_datetime
from bonsclics_cli.errors import BonsclicsError, InvalidInputError
from bonsclics_cli.i18n import _, ngettext
from bonsclics_cli.questionnaire.catalog import Catalog, Entry
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextQuestion,
)


def check_against(sheet: AnswerSheet, questionnaire: Questionnaire) -> list[str]:
    """What in ``sheet`` does not fit ``questionnaire`` (§4): one message per answer."""
    values = ((key, answer.value) for key, answer in sheet.answers.items())
    return _fit_problems(sheet.language, values, questionnaire)


def _fit_problems(
    language: str,
    values: Iterable[tuple[str, AnswerValue | None]],
    questionnaire: Questionnaire,
) -> list[str]:
    problems = []
    if language not in questionnaire.languages:
        problems.append(
            _("language {language} is not one of the questionnaire's ({languages})").format(
                language=quoted(language), languages=", ".join(questionnaire.languages)
            )
        )
    questions = questionnaire.questions_by_id
    for question_id, value in values:
        question = questions.get(question_id)
        if question is None:
            problems.append(_("answer to unknown question {id}").format(id=quoted(question_id)))
        elif value is not None and not _plainly_valid(question, value):
            problem = value_problem(question, value)
            if problem:
                problems.append(
                    _("question {id}: {problem}").format(id=quoted(question_id), problem=problem)
                )
    return problems


def _acceptors(questionnaire: Questionnaire) -> dict[str, Acceptor]:
    """Per question id, a quick test that passes an answer object of the common kind.

    It only ever says yes to answers that are valid; anything else goes through
    the full checks, which give the message. Built once per questionnaire
    (``Questionnaire.compile``).
    """
    return {question.id: _acceptor(question) for question in questionnaire.questions}


def _acceptor(question: AnyQuestion) -> Acceptor:
    if isinstance(question, SingleQuestion):
        values = frozenset(option.value for option in question.options)

        def single(answer: Any) -> bool:
            if type(answer) is not dict or len(answer) != 1:
                return False
            value = answer.get("value")
            if type(value) is str:
                return value in values
            return answer.get("state") in STATES

        return single
    if isinstance(question, MultipleQuestion):
        free = frozenset(option.value for option in question.options if not option.exclusive)
        alone = frozenset(option.value for option in question.options if option.exclusive)

        def multiple(answer: Any) -> bool:
            if type(answer) is not dict or len(answer) != 1:
                return False
            value = answer.get("value")
            if type(value) is list:
                try:
                    if free.issuperset(value):
                        return len(set(value)) == len(value)
                    return len(value) == 1 and value[0] in alone
                except TypeError:  # an item that cannot be an option value
                    return False
            return answer.get("state") in STATES

        return multiple

    def other(answer: Any) -> bool:
        # Numbers and texts: the full checks, which are quick for one plain value.
        if type(answer) is not dict or len(answer) != 1:
            return False
        if "value" in answer:
            value = answer["value"]
            return value_type_problem(value) is None and value_problem(question, value) is None
        return answer.get("state") in STATES

    return other


def _plainly_valid(question: AnyQuestion, value: AnswerValue) -> bool:
    """The common case at a glance: a known option, or distinct known non-exclusive ones."""
    if isinstance(question, SingleQuestion):
        return type(value) is str and value in question.options_by_value
    if isinstance(question, MultipleQuestion) and type(value) is list:
        options = question.options_by_value
        chosen = [options.get(item) for item in value]
        return (
            len(set(value)) == len(value)
            and None not in chosen
            and not any(option.exclusive for option in chosen if option is not None)
        )
    return False


def value_problem(
    question: SingleQuestion | MultipleQuestion | NumberQuestion | TextQuestion,
    value: AnswerValue,
) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is."""
    if isinstance(question, SingleQuestion):
        if not isinstance(value, str):
            return _("expected one option value (a string)")
        if value not in question.options_by_value:
            return _("unknown option value {value}").format(value=quoted(value))
    elif isinstance(question, MultipleQuestion):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return _("expected a list of option values")
        options = question.options_by_value
        chosen = [options.get(item) for item in value]
        for item, option in zip(value, chosen, strict=True):
            if option is None:
                return _("unknown option value {value}").format(value=quoted(item))
        if len(set(value)) != len(value):
            return _("an option value is listed twice")
        exclusive = [option.value for option in chosen if option is not None and option.exclusive]
        if exclusive and len(value) > 1:
            return _("option '{value}' excludes the other choices").format(value=exclusive[0])
    elif isinstance(question, NumberQuestion):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("expected a number")
        if isinstance(value, float) and not math.isfinite(value):
            return _("expected a finite number")
        if question.integer and isinstance(value, float) and not value.is_integer():
            return _("expected a whole number, got {value}").format(value=value)
        if question.min is not None and value < question.min:
            return _("{value} is below the minimum {min}").format(
                value=_shown(value), min=question.min
            )
        if question.max is not None and value > question.max:
            return _("{value} is above the maximum {max}").format(
                value=_shown(value), max=question.max
            )
    else:
        if not isinstance(value, str):
            return _("expected a text")
        if len(value) > question.max_length:
            return ngettext(
                "the text is longer than {max} character",
                "the text is longer than {max} characters",
                question.max_length,
            ).format(max=question.max_length)
    return None


def _shown(number: int | float) -> str:
    text = str(number)
    return text if len(text) <= 24 else text[:23] + "…"


class LoadedAnswers:
    """An answers file checked against its questionnaire, with any warnings.

    Loaded from a file, it keeps the checked document and builds the
    ``AnswerSheet`` model only when asked: listing or exporting thousands of
    sessions reads the document itself.
    """

    __slots__ = ("_document", "_sheet", "_started_at", "entry", "path", "warnings")

    def __init__(
        self,
        path: Path,
        sheet: AnswerSheet | None,
        entry: Entry,
        warnings: tuple[str, ...] = (),
        *,
        document: Mapping[str, Any] | None = None,
    ) -> None:
        if sheet is None and document is None:
            raise ValueError("LoadedAnswers needs a sheet or a checked document")
        self.path = path
        self.entry = entry
        self.warnings = warnings
        self._sheet = sheet
        self._document = document
        self._started_at: datetime | None = None

    @classmethod
    def of(cls, path: Path, checked: CheckedAnswers) -> LoadedAnswers:
        return cls(path, None, checked.entry, checked.warnings, document=checked.document)

    @property
    def questionnaire(self) -> Questionnaire:
        return self.entry.questionnaire

    @property
    def sheet(self) -> AnswerSheet:
        if self._sheet is None:
            assert self._document is not None
            self._sheet = sheet_from_document(self._document)
        return self._sheet

    @property
    def person(self) -> str:
        if self._document is not None:
            return self._document["person"]  # type: ignore[no-any-return]
        return self.sheet.person

    @property
    def started_at(self) -> datetime:
        if self._started_at is None:
            self._started_at = (
                self.sheet.started_at
                if self._document is None
                else parse_datetime(self._document["started_at"])
            )
        return self._started_at

    @property
    def times(self) -> tuple[datetime, datetime, datetime | None]:
        """``started_at``, ``updated_at`` and ``completed_at`` (None when unfinished)."""
        if self._document is None:
            sheet = self.sheet
            return sheet.started_at, sheet.updated_at, sheet.completed_at
        completed = self._document.get("completed_at")
        return (
            self.started_at,
            parse_datetime(self._document["updated_at"]),
            None if completed is None else parse_datetime(completed),
        )

    @property
    def marked_complete(self) -> bool:
        """Whether ``completed_at`` is set (§3.4)."""
        if self._document is None:
            return self.sheet.complete
        return self._document.get("completed_at") is not None

    @property
    def answer_objects(self) -> Mapping[str, Mapping[str, Any]]:
        """Each answer as its checked JSON object (``{"value": ...}`` or ``{"state": ...}``)."""
        if self._document is None:
            return {key: answer.as_object() for key, answer in self.sheet.answers.items()}
        return self._document.get("answers", _NO_ANSWERS)  # type: ignore[no-any-return]


def load_answers(path: Path, catalog: Catalog, display: str | None = None) -> LoadedAnswers:
    """Read an answers file and check it against its questionnaire (§4).

    Raises InvalidInputError naming the file (and the question) for anything §4
    rejects; a different sha256 for the same id and version is only a warning.
    """
    name = display or str(path)
    return load_answers_data(read_sheet_bytes(path, name), path, catalog, name)


def load_answers_data(data: bytes, path: Path, catalog: Catalog, name: str) -> LoadedAnswers:
    """``load_answers`` for one document already read: a file, or a line of a shard."""
    return LoadedAnswers.of(path, check_answers(data, catalog, name))


def load_each(path: Path, catalog: Catalog) -> Iterator[tuple[str, LoadedAnswers | BonsclicsError]]:
    """Each answers document of a file or of a JSON Lines shard, loaded, or why it was not.

    One broken line of a shard is one error; the lines after it are still read.
    """
    if not is_shard(path):
        try:
            yield str(path), load_answers(path, catalog)
        except BonsclicsError as exc:
            yield str(path), exc
        return
    try:
        for name, data in shard_documents(path):
            try:
                loaded = load_answers_data(data, path, catalog, name)
            except BonsclicsError as exc:
                yield name, exc
                continue
            yield name, loaded
    except BonsclicsError as exc:  # the shard itself could not be read (any further)
        yield str(path), exc


def _find_questionnaire(catalog: Catalog, identifier: str, version: str, name: str) -> Entry:
    entry = catalog.find(identifier, version)
    if entry is not None:
        return entry
    versions = sorted(
        {e.questionnaire.version for e in catalog.entries if e.questionnaire.id == identifier}
    )
    if versions:
        hint = ngettext(
            "available version: {versions}", "available versions: {versions}", len(versions)
        ).format(versions=", ".join(versions))
    else:
        hint = _("add it with -q/--questionnaire PATH")
    message = _("{name}: no questionnaire {id} version {version} is available").format(
        name=name, id=quoted(identifier), version=quoted(version)
    )
    raise InvalidInputError(f"{message}; {hint}")


def _changed_warning(
    name: str, identifier: str, version: str, sha256: str, entry: Entry
) -> tuple[str, ...]:
    if sha256 == entry.sha256:
        return ()
    return (
        _(
            "{name}: questionnaire '{id}' {version} has changed since this file was "
            "written (different sha256, same version); scored against the current file"
        ).format(name=name, id=identifier, version=version),
    )


@dataclass(frozen=True, slots=True)
class CheckedAnswers:
    """An answers document that passed every check of §4 against its questionnaire.

    ``answers`` maps each question id to its checked answer object (``{"value":
    ...}`` or ``{"state": ...}``), ready for ``scoring.score_result``; batch
    scoring needs no model. ``document`` is the whole JSON object, unknown
    top-level keys included.
    """

    document: Mapping[str, Any]
    entry: Entry
    warnings: tuple[str, ...] = ()

    @property
    def person(self) -> str:
        return self.document["person"]  # type: ignore[no-any-return]

    @property
    def started_at(self) -> str:
        return self.document["started_at"]  # type: ignore[no-any-return]

    @property
    def completed(self) -> bool:
        return self.document.get("completed_at") is not None

    @property
    def answers(self) -> Mapping[str, Mapping[str, Any]]:
        return self.document.get("answers", _NO_ANSWERS)  # type: ignore[no-any-return]


_NO_ANSWERS: Mapping[str, Mapping[str, Any]] = {}


def check_answers_file(path: Path, catalog: Catalog, display: str | None = None) -> CheckedAnswers:
    """Read and check an answers file (``check_answers``)."""
    name = display or str(path)
    return check_answers(read_sheet_bytes(path, name), catalog, name)


def check_answers(data: bytes, catalog: Catalog, name: str) -> CheckedAnswers:
    """The answers validator: one document's bytes checked against its questionnaire (§4).

    Raises InvalidInputError naming the file (and the question) for anything §4
    rejects, every finding of the first stage that has any: the structure and
    types (header and answers), then the questionnaire named, then the fit of each
    answer to its question. A different sha256 for the same id and version is only
    a warning.
    """
    document = parse_document(data, name)
    problems = header_problems(document)
    answers: dict[str, Any] = document.get("answers", {})
    if problems:
        if isinstance(answers, dict):
            problems += _answer_problems(answers)
        raise InvalidInputError(joined_problems(name, problems))
    reference = document["questionnaire"]
    try:
        entry = _find_questionnaire(catalog, reference["id"], reference["version"], name)
    except InvalidInputError:
        problems = _answer_problems(answers)  # the structure is reported first
        if problems:
            raise InvalidInputError(joined_problems(name, problems)) from None
        raise
    acceptors = entry.questionnaire.compile(_acceptors)
    others = [
        (key, answer)
        for key, answer in answers.items()
        if not ((accept := acceptors.get(key)) is not None and accept(answer))
    ]
    if others:
        problems = _answer_problems(others)
        if problems:
            raise InvalidInputError(joined_problems(name, problems))
    values = ((key, answer.get("value")) for key, answer in others)
    problems = _fit_problems(document["language"], values, entry.questionnaire)
    if problems:
        raise InvalidInputError(joined_problems(name, problems))
    return CheckedAnswers(
        document,
        entry,
        _changed_warning(name, reference["id"], reference["version"], reference["sha256"], entry),
    )


def _answer_problems(answers: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> list[str]:
    """The answer objects that are not ``{"value": ...}`` or ``{"state": ...}`` (§4)."""
    pairs = answers.items() if isinstance(answers, Mapping) else answers
    problems = []
    for key, answer in pairs:
        problem = answer_problem(answer)
        if problem:
            problems.append(_("question {id}: {problem}").format(id=quoted(key), problem=problem))
    return problems


Acceptor: TypeAlias = Callable[[Any], bool]
