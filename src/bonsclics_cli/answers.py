"""Answers files (docs/format.md §4): the ``AnswerSheet`` model, its loader and its writer.

Loading checks the file against its questionnaire; saving is atomic and private
(temporary file in the same folder, fsync, ``os.replace``, mode 0600).
"""

from __future__ import annotations

import contextlib
import glob
import json
import math
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TextIO, TypeAlias

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bonsclics_cli.answers_json import (
    LANGUAGE_PATTERN,
    STATES,
    LineName,
    answer_problem,
    header_problems,
    parse_document,
    quoted,
    structure_problems,
    value_type_problem,
)
from bonsclics_cli.answers_json import MAX_ANSWERS_BYTES as MAX_ANSWERS_BYTES
from bonsclics_cli.answers_json import MAX_JSON_DEPTH as MAX_JSON_DEPTH
from bonsclics_cli.answers_json import PERSON_PATTERN as PERSON_PATTERN
from bonsclics_cli.errors import BonsclicsError, InvalidInputError
from bonsclics_cli.questionnaire.catalog import Catalog, Entry
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextQuestion,
)

PersonId = Annotated[str, StringConstraints(pattern=PERSON_PATTERN)]
State: TypeAlias = Literal["dont_know", "declined"]
AnswerValue: TypeAlias = str | list[str] | int | float


def _validate_value(value: object) -> AnswerValue:
    """A string, a list of strings or a finite number (never a bool): one clear message."""
    problem = value_type_problem(value)
    if problem is not None:
        raise PydanticCustomError("answer_value", problem)
    return value  # type: ignore[return-value]


ValueField = Annotated[
    AnswerValue,
    PlainValidator(_validate_value),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                {"type": "number"},
            ]
        }
    ),
]


class Answer(BaseModel):
    """Exactly one of a ``value`` or a ``state`` (je ne sais pas, ne souhaite pas répondre)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    value: ValueField | None = None
    state: State | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_of_value_or_state(cls, data: Any) -> Any:
        if isinstance(data, dict):
            has_value, has_state = "value" in data, "state" in data
            if has_value == has_state:
                raise ValueError('an answer needs exactly one of "value" or "state"')
            if has_value and data["value"] is None:
                raise ValueError('"value" must not be null; use "state" for no answer')
        return data

    @model_serializer
    def _as_json(self) -> dict[str, Any]:
        return {"state": self.state} if self.state is not None else {"value": self.value}

    @classmethod
    def of(cls, value: AnswerValue) -> Answer:
        return cls(value=value)

    @classmethod
    def stated(cls, state: State) -> Answer:
        return cls(state=state)


class QuestionnaireRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: str
    version: str
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class AnswerSheet(BaseModel):
    """One interview's answers. Unknown top-level keys are kept, as §4 allows."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True)

    format: Literal[1]
    questionnaire: QuestionnaireRef
    person: PersonId
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    started_at: AwareDatetime
    updated_at: AwareDatetime
    completed_at: AwareDatetime | None = None
    # Keys are checked against the questionnaire (check_against), which names unknown ones.
    answers: dict[str, Answer] = Field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def to_json(self) -> str:
        document = self.model_dump(mode="json")
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- reading ---------------------------------------------------------------------------


def parse_sheet(data: bytes, name: str) -> AnswerSheet:
    """Bytes -> AnswerSheet, checking JSON and types only; errors name the file."""
    document = parse_document(data, name)
    problems = structure_problems(document)
    if problems:
        raise InvalidInputError(_joined(name, problems))
    try:
        return AnswerSheet.model_validate(_with_datetimes(document))
    except ValidationError as exc:  # structure_problems should have said it first
        raise InvalidInputError(f"{name}: {exc.errors()[0]['msg']}") from None


def _joined(name: str, problems: list[str], most: int = 5) -> str:
    more = len(problems) - most
    return f"{name}: " + "; ".join(problems[:most]) + (f" (and {more} more)" if more > 0 else "")


def _with_datetimes(document: dict[str, Any]) -> dict[str, Any]:
    """Strict mode takes no strings for datetimes: parse the ISO 8601 times first."""
    converted = dict(document)
    for key in ("started_at", "updated_at", "completed_at"):
        value = converted.get(key)
        if isinstance(value, str):
            # A time that does not parse stays a string: reported as a wrong type.
            with contextlib.suppress(ValueError):
                converted[key] = datetime.fromisoformat(value)
    return converted


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
            f"language {quoted(language)} is not one of the questionnaire's "
            f"({', '.join(questionnaire.languages)})"
        )
    questions = questionnaire.questions_by_id
    for question_id, value in values:
        question = questions.get(question_id)
        if question is None:
            problems.append(f"answer to unknown question {quoted(question_id)}")
        elif value is not None and not _plainly_valid(question, value):
            problem = value_problem(question, value)
            if problem:
                problems.append(f"question '{question_id}': {problem}")
    return problems


Acceptor: TypeAlias = Callable[[Any], bool]


def _acceptors(questionnaire: Questionnaire) -> dict[str, Acceptor]:
    """Per question id, a quick test that passes an answer object of the common kind.

    It only ever says yes to answers that are valid; anything else goes through
    the full checks, which give the message. Built once per questionnaire.
    """
    cached = _ACCEPTORS.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    acceptors = {question.id: _acceptor(question) for question in questionnaire.questions}
    if len(_ACCEPTORS) > 32:
        _ACCEPTORS.clear()
    _ACCEPTORS[id(questionnaire)] = (questionnaire, acceptors)
    return acceptors


_ACCEPTORS: dict[int, tuple[Questionnaire, dict[str, Acceptor]]] = {}


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
        return type(value) is str and value in _options(question)
    if isinstance(question, MultipleQuestion) and type(value) is list:
        options = _options(question)
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
            return "expected one option value (a string)"
        if value not in _options(question):
            return f"unknown option value {quoted(value)}"
    elif isinstance(question, MultipleQuestion):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return "expected a list of option values"
        options = _options(question)
        chosen = [options.get(item) for item in value]
        for item, option in zip(value, chosen, strict=True):
            if option is None:
                return f"unknown option value {quoted(item)}"
        if len(set(value)) != len(value):
            return "an option value is listed twice"
        exclusive = [option.value for option in chosen if option is not None and option.exclusive]
        if exclusive and len(value) > 1:
            return f"option '{exclusive[0]}' excludes the other choices"
    elif isinstance(question, NumberQuestion):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "expected a number"
        if isinstance(value, float) and not math.isfinite(value):
            return "expected a finite number"
        if question.integer and isinstance(value, float) and not value.is_integer():
            return f"expected a whole number, got {value}"
        if question.min is not None and value < question.min:
            return f"{_shown(value)} is below the minimum {question.min}"
        if question.max is not None and value > question.max:
            return f"{_shown(value)} is above the maximum {question.max}"
    else:
        if not isinstance(value, str):
            return "expected a text"
        if len(value) > question.max_length:
            return f"the text is longer than {question.max_length} characters"
    return None


_OPTION_TABLES: dict[int, tuple[object, Mapping[str, Any]]] = {}


def _options(question: SingleQuestion | MultipleQuestion) -> Mapping[str, Any]:
    """The options of a question by value, built once per question (loading many files)."""
    cached = _OPTION_TABLES.get(id(question))
    if cached is None or cached[0] is not question:  # keyed by identity, kept alive below
        if len(_OPTION_TABLES) > 4096:
            _OPTION_TABLES.clear()
        cached = (question, {option.value: option for option in question.options})
        _OPTION_TABLES[id(question)] = cached
    return cached[1]


def _shown(number: int | float) -> str:
    text = str(number)
    return text if len(text) <= 24 else text[:23] + "…"


# --- writing ----------------------------------------------------------------------------


def write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to ``path``, readable only by its owner."""
    with open_private(path) as stream:
        stream.write(text)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def open_private(path: Path, *, newline: str | None = "\n") -> Iterator[TextIO]:
    """A text stream that becomes ``path`` (0600) only when the block ends without error.

    For outputs written as they are produced (score results, thousands of lines):
    the same guarantees as ``write_private`` without holding the text in memory.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            Path(temporary).chmod(0o600)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    _sync_folder(path.parent)


def read_sheet(path: Path, name: str | None = None) -> AnswerSheet:
    """An answers file read and type-checked, not yet matched to its questionnaire."""
    return parse_sheet(read_sheet_bytes(path, name), name or str(path))


def save_sheet(sheet: AnswerSheet, path: Path) -> None:
    write_private(path, sheet.to_json())


def recover_interrupted_save(path: Path) -> bool:
    """Settle the temporary copies of ``path`` that an interrupted save left; True if one won.

    A save writes a temporary file next to the session, fsyncs it and renames it over
    the session. Killed between the fsync and the rename, it leaves a complete copy
    newer than the session: that copy replaces the session when it is a valid answers
    document of the same interview (person, questionnaire, start) updated after it.
    Every other copy is removed: a half-written one, or one older than the session.
    When the session cannot be read nothing can vouch for a copy, so the copies are
    left as they are. When there is no session, the copies go: an interview's first
    write holds no answer yet, and an import's source is still where it was read.
    Call it with the session locked.
    """
    leftovers = [
        leftover
        for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp")
        if _is_regular(leftover)
    ]
    if not leftovers:
        return False
    try:
        current = read_sheet(path)
        newest = (current.updated_at, path.stat().st_mtime_ns)
    except (InvalidInputError, OSError):
        if not path.exists() and not path.is_symlink():
            for leftover in leftovers:
                with contextlib.suppress(OSError):
                    leftover.unlink()
        return False
    best: Path | None = None
    for leftover in leftovers:
        try:
            candidate = parse_sheet(read_sheet_bytes(leftover), leftover.name)
            when = (candidate.updated_at, leftover.stat().st_mtime_ns)
        except (InvalidInputError, OSError):
            continue
        if _same_interview(candidate, current) and when > newest:
            best, newest = leftover, when
    for leftover in leftovers:
        if leftover != best:
            with contextlib.suppress(OSError):
                leftover.unlink()
    if best is None:
        return False
    with contextlib.suppress(OSError):
        best.chmod(0o600)
    best.replace(path)
    _sync_folder(path.parent)
    return True


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _same_interview(one: AnswerSheet, other: AnswerSheet) -> bool:
    return (
        one.person == other.person
        and (one.questionnaire.id, one.questionnaire.version)
        == (other.questionnaire.id, other.questionnaire.version)
        and one.started_at == other.started_at
    )


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_sheet_bytes(path: Path, name: str | None = None) -> bytes:
    """The bytes of an answers file, refusing oversized ones before reading them whole."""
    try:
        # Plain descriptors: twice as fast as a buffered file object for small files,
        # and only the size on disk is asked for (reading "at most 10 MB" would
        # allocate 10 MB for every file).
        descriptor = os.open(path, _READ_FLAGS)
        try:
            size = os.fstat(descriptor).st_size
            data = os.read(descriptor, min(size, MAX_ANSWERS_BYTES) + 1)
            if size == 0 or len(data) > size:  # a special file, or one that grew: go on
                parts, total = [data], len(data)
                while total <= MAX_ANSWERS_BYTES and (part := os.read(descriptor, 1 << 16)):
                    parts.append(part)
                    total += len(part)
                data = b"".join(parts)
            return data
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise InvalidInputError(
            f"{name or path}: cannot read the file: {exc.strerror or exc}"
        ) from None


ANSWERS_SUFFIXES = (".json", ".jsonl")
"""What folders are searched for: answers files, and JSON Lines shards of them (§5)."""


def is_shard(path: Path) -> bool:
    """A JSON Lines file: one answers document per line (§5)."""
    return path.name.lower().endswith(".jsonl")


def shard_documents(path: Path, name: str | None = None) -> Iterator[tuple[str, bytes]]:
    """Each non-blank line of a JSON Lines shard, named ``<path>:<line>`` (from 1).

    Lines are read one at a time, so a shard of any size takes the memory of its
    longest line, itself capped: a longer line is skipped to its end and given
    whole to the checks, which refuse it by its size. A shard that cannot be read
    raises InvalidInputError after the lines read so far.
    """
    shown = name or str(path)
    try:
        with open(path, "rb") as stream:  # noqa: PTH123 - a descriptor we iterate line by line
            number = 0
            while line := stream.readline(MAX_ANSWERS_BYTES + 1):
                number += 1
                if len(line) > MAX_ANSWERS_BYTES and not line.endswith(b"\n"):
                    while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass
                if line.strip():
                    yield LineName(f"{shown}:{number}"), line.rstrip(b"\r\n")
    except OSError as exc:
        raise InvalidInputError(f"{shown}: cannot read the file: {exc.strerror or exc}") from None


def answer_values(
    sheet_answers: Mapping[str, Answer],
) -> dict[str, AnswerValue | None]:
    """The value of each answer for conditions (§2.4): states have no value."""
    return {key: answer.value for key, answer in sheet_answers.items()}


# --- reading against the available questionnaires -------------------------------------------


@dataclass(frozen=True)
class LoadedAnswers:
    """An answers file checked against its questionnaire, with any warnings."""

    path: Path
    sheet: AnswerSheet
    entry: Entry
    warnings: tuple[str, ...] = ()

    @property
    def questionnaire(self) -> Questionnaire:
        return self.entry.questionnaire


def load_answers(path: Path, catalog: Catalog, display: str | None = None) -> LoadedAnswers:
    """Read an answers file and check it against its questionnaire (§4).

    Raises InvalidInputError naming the file (and the question) for anything §4
    rejects; a different sha256 for the same id and version is only a warning.
    """
    name = display or str(path)
    return load_answers_data(read_sheet_bytes(path, name), path, catalog, name)


def load_answers_data(data: bytes, path: Path, catalog: Catalog, name: str) -> LoadedAnswers:
    """``load_answers`` for one document already read: a file, or a line of a shard."""
    sheet = parse_sheet(data, name)
    ref = sheet.questionnaire
    entry = _find_questionnaire(catalog, ref.id, ref.version, name)
    problems = check_against(sheet, entry.questionnaire)
    if problems:
        raise InvalidInputError(_joined(name, problems))
    warnings = _changed_warning(name, ref.id, ref.version, ref.sha256, entry)
    return LoadedAnswers(path, sheet, entry, warnings)


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
    hint = (
        f"; available version{'s' if len(versions) > 1 else ''}: {', '.join(versions)}"
        if versions
        else "; add it with -q/--questionnaire PATH"
    )
    raise InvalidInputError(
        f"{name}: no questionnaire {quoted(identifier)} version {quoted(version)} "
        f"is available{hint}"
    )


def _changed_warning(
    name: str, identifier: str, version: str, sha256: str, entry: Entry
) -> tuple[str, ...]:
    if sha256 == entry.sha256:
        return ()
    return (
        f"{name}: questionnaire '{identifier}' {version} has changed since this file was "
        "written (different sha256, same version); scored against the current file",
    )


@dataclass(frozen=True, slots=True)
class CheckedAnswers:
    """An answers file checked like ``load_answers`` does, kept as its JSON document.

    For batch scoring, which needs no model: ``answers`` maps each question id to
    its checked answer object (``{"value": ...}`` or ``{"state": ...}``), ready for
    ``scoring.score_result``.
    """

    person: str
    started_at: str
    completed: bool
    answers: Mapping[str, Mapping[str, Any]]
    entry: Entry
    warnings: tuple[str, ...] = ()


def check_answers_file(path: Path, catalog: Catalog, display: str | None = None) -> CheckedAnswers:
    """Read and check an answers file exactly as ``load_answers`` does, without the model."""
    name = display or str(path)
    return check_answers(read_sheet_bytes(path, name), catalog, name)


def check_answers(data: bytes, catalog: Catalog, name: str) -> CheckedAnswers:
    """Check one answers document exactly as ``load_answers_data`` does, without the model.

    The same checks in the same order, so the same file gives the same message;
    answers of the common kind pass a quick test first (scoring 10,000 files).
    """
    document = parse_document(data, name)
    problems = header_problems(document)
    if problems:
        raise InvalidInputError(_joined(name, problems))
    reference = document["questionnaire"]
    entry = _find_questionnaire(catalog, reference["id"], reference["version"], name)
    answers: dict[str, Any] = document.get("answers", {})
    acceptors = _acceptors(entry.questionnaire)
    others = [
        (key, answer)
        for key, answer in answers.items()
        if not ((accept := acceptors.get(key)) is not None and accept(answer))
    ]
    for key, answer in others:
        problem = answer_problem(answer)
        if problem:
            problems.append(f"question {quoted(key)}: {problem}")
    if problems:
        raise InvalidInputError(_joined(name, problems))
    values = ((key, answer.get("value")) for key, answer in others)
    problems = _fit_problems(document["language"], values, entry.questionnaire)
    if problems:
        raise InvalidInputError(_joined(name, problems))
    return CheckedAnswers(
        person=document["person"],
        started_at=document["started_at"],
        completed=document.get("completed_at") is not None,
        answers=answers,
        entry=entry,
        warnings=_changed_warning(
            name, reference["id"], reference["version"], reference["sha256"], entry
        ),
    )
