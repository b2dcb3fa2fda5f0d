"""Answers files (FORMAT.md §4): the ``AnswerSheet`` model, its loader and its writer.

Loading checks the file against its questionnaire; saving is atomic and private
(temporary file in the same folder, fsync, ``os.replace``, mode 0600).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_serializer,
    model_validator,
)

from bonsclics_cli.errors import InvalidInputError
from bonsclics_cli.questionnaire.catalog import Catalog, Entry
from bonsclics_cli.questionnaire.model import (
    IDENTIFIER_PATTERN,
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextQuestion,
)

PERSON_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
MAX_ANSWERS_BYTES = 10 * 1024 * 1024
MAX_JSON_DEPTH = 32

PersonId = Annotated[str, StringConstraints(pattern=PERSON_PATTERN)]
State: TypeAlias = Literal["dont_know", "declined"]
AnswerValue: TypeAlias = str | list[str] | int | float


class Answer(BaseModel):
    """Exactly one of a ``value`` or a ``state`` (je ne sais pas, ne souhaite pas répondre)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    value: AnswerValue | None = None
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
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
    started_at: AwareDatetime
    updated_at: AwareDatetime
    completed_at: AwareDatetime | None = None
    answers: dict[Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)], Answer] = Field(
        default_factory=dict
    )

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def to_json(self) -> str:
        document = self.model_dump(mode="json")
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- reading ---------------------------------------------------------------------------


def parse_sheet(data: bytes, name: str) -> AnswerSheet:
    """Bytes -> AnswerSheet, checking JSON and types only; errors name the file."""
    if len(data) > MAX_ANSWERS_BYTES:
        raise InvalidInputError(f"{name}: the file is larger than {MAX_ANSWERS_BYTES // 2**20} MB")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{name}: not valid UTF-8 (byte {exc.start}); answers files are UTF-8 JSON"
        ) from None
    _check_depth(text, name)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise InvalidInputError(f"{name}: invalid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise InvalidInputError(f"{name}: expected a JSON object at the top level")
    if document.get("format") != 1 or isinstance(document.get("format"), bool):
        raise InvalidInputError(
            f"{name}: unsupported format {document.get('format')!r}; this version reads format 1"
        )
    try:
        return AnswerSheet.model_validate(_with_datetimes(document))
    except ValidationError as exc:
        raise InvalidInputError(f"{name}: {_describe(exc)}") from None


def _check_depth(text: str, name: str) -> None:
    """Refuse deep nesting before json.loads could exhaust the stack."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise InvalidInputError(
                    f"{name}: JSON nested more than {MAX_JSON_DEPTH} levels deep"
                )
        elif char in "]}":
            depth -= 1


def _with_datetimes(document: dict[str, Any]) -> dict[str, Any]:
    """Strict mode takes no strings for datetimes: parse the ISO 8601 times first."""
    converted = dict(document)
    for key in ("started_at", "updated_at", "completed_at"):
        value = converted.get(key)
        if isinstance(value, str):
            try:
                converted[key] = datetime.fromisoformat(value)
            except ValueError:
                pass  # left as a string: reported as a wrong type below
    return converted


def _describe(exc: ValidationError) -> str:
    messages = []
    for error in exc.errors()[:5]:
        where = ".".join(
            str(part) for part in error["loc"] if part not in {"str", "list[str]", "int", "float"}
        )
        message = error["msg"]
        if error["type"] == "datetime_type" or error["type"] == "timezone_aware":
            message = "expected an ISO 8601 time with an offset, e.g. 2026-11-29T10:15:00+01:00"
        elif error["type"] == "string_pattern_mismatch" and error["loc"][:1] == ("person",):
            message = (
                "not a safe pseudonymous id (letters, digits, '_', '.', '-'; "
                "at most 64 characters, no spaces or slashes)"
            )
        messages.append(f"{where}: {message}" if where else message)
    more = len(exc.errors()) - len(messages)
    return "; ".join(messages) + (f" (and {more} more)" if more > 0 else "")


def check_against(sheet: AnswerSheet, questionnaire: Questionnaire) -> list[str]:
    """What in ``sheet`` does not fit ``questionnaire`` (§4): one message per answer."""
    problems = []
    if sheet.language not in questionnaire.languages:
        problems.append(
            f"language '{sheet.language}' is not one of the questionnaire's "
            f"({', '.join(questionnaire.languages)})"
        )
    for question_id, answer in sheet.answers.items():
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            problems.append(f"answer to unknown question '{question_id}'")
        elif answer.value is not None:
            problem = value_problem(question, answer.value)
            if problem:
                problems.append(f"question '{question_id}': {problem}")
    return problems


def value_problem(
    question: SingleQuestion | MultipleQuestion | NumberQuestion | TextQuestion,
    value: AnswerValue,
) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is."""
    if isinstance(question, SingleQuestion):
        if not isinstance(value, str):
            return "expected one option value (a string)"
        if question.option(value) is None:
            return f"unknown option value '{value}'"
    elif isinstance(question, MultipleQuestion):
        if not isinstance(value, list):
            return "expected a list of option values"
        unknown = [item for item in value if question.option(item) is None]
        if unknown:
            return f"unknown option value '{unknown[0]}'"
        if len(set(value)) != len(value):
            return "an option value is listed twice"
    elif isinstance(question, NumberQuestion):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "expected a number"
        if question.integer and not float(value).is_integer():
            return f"expected a whole number, got {value}"
        if question.min is not None and value < question.min:
            return f"{value} is below the minimum {question.min}"
        if question.max is not None and value > question.max:
            return f"{value} is above the maximum {question.max}"
    else:
        if not isinstance(value, str):
            return "expected a text"
        if len(value) > question.max_length:
            return f"the text is longer than {question.max_length} characters"
    return None


# --- writing ----------------------------------------------------------------------------


def write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to ``path``, readable only by its owner."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):  # no chmod semantics on some file systems
            Path(temporary).chmod(0o600)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def save_sheet(sheet: AnswerSheet, path: Path) -> None:
    write_private(path, sheet.to_json())


def read_sheet_bytes(path: Path) -> bytes:
    """The bytes of an answers file, refusing oversized ones before reading them whole."""
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_ANSWERS_BYTES + 1)
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None


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
    sheet = parse_sheet(read_sheet_bytes(path), name)
    ref = sheet.questionnaire
    entry = catalog.find(ref.id, ref.version)
    if entry is None:
        other = catalog.find(ref.id)
        hint = (
            f"; available version: {other.questionnaire.version}"
            if other
            else "; add it with -q/--questionnaire PATH"
        )
        raise InvalidInputError(
            f"{name}: no questionnaire '{ref.id}' version {ref.version} is available{hint}"
        )
    problems = check_against(sheet, entry.questionnaire)
    if problems:
        raise InvalidInputError(f"{name}: " + "; ".join(problems))
    warnings: tuple[str, ...] = ()
    if ref.sha256 != entry.sha256:
        warnings = (
            f"{name}: questionnaire '{ref.id}' {ref.version} has changed since this file was "
            "written (different sha256, same version); scored against the current file",
        )
    return LoadedAnswers(path, sheet, entry, warnings)
