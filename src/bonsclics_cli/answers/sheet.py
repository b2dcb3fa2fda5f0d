"""Answers files (docs/format.md §4): the ``AnswerSheet`` model, its loader and its writer.

Loading checks the file against its questionnaire; saving is atomic and private
(temporary file in the same folder, fsync, ``os.replace``, mode 0600).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bonsclics_cli.answers.document import (
    KNOWN_KEYS,
    LANGUAGE_PATTERN,
    parse_document,
    structure_problems,
    value_type_problem,
)
from bonsclics_cli.answers.document import MAX_ANSWERS_BYTES as MAX_ANSWERS_BYTES
from bonsclics_cli.answers.document import MAX_JSON_DEPTH as MAX_JSON_DEPTH
from bonsclics_cli.answers.document import PERSON_PATTERN as PERSON_PATTERN
from bonsclics_cli.compat import parse_datetime
from bonsclics_cli.errors import InvalidInputError
from bonsclics_cli.files import os_reason, write_private
from bonsclics_cli.i18n import _, joined, ngettext

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

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    value: ValueField | None = None
    state: State | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_of_value_or_state(cls, data: Any) -> Any:
        if isinstance(data, dict):
            has_value, has_state = "value" in data, "state" in data
            if has_value == has_state:
                raise ValueError(_('an answer needs exactly one of "value" or "state"'))
            if has_value and data["value"] is None:
                raise ValueError(_('"value" must not be null; use "state" for no answer'))
        return data

    @model_serializer
    def _as_json(self) -> dict[str, Any]:
        return self.as_object()

    def as_object(self) -> dict[str, Any]:
        """The answer as its JSON object (§4): ``{"value": ...}`` or ``{"state": ...}``."""
        return {"state": self.state} if self.state is not None else {"value": self.value}

    @classmethod
    def of(cls, value: AnswerValue) -> Answer:
        return cls(value=value)

    @classmethod
    def stated(cls, state: State) -> Answer:
        return cls(state=state)


class QuestionnaireRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)

    id: str
    version: str
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class AnswerSheet(BaseModel):
    """One interview's answers. Unknown top-level keys are kept, as §4 allows."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True, defer_build=True)

    format: Literal[1]
    questionnaire: QuestionnaireRef
    person: PersonId
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    started_at: AwareDatetime
    updated_at: AwareDatetime
    completed_at: AwareDatetime | None = None
    # Keys are checked against the questionnaire (answers.checks), which names unknown ones.
    answers: dict[str, Answer] = Field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def to_json(self) -> str:
        document = self.model_dump(mode="json")
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- reading ---------------------------------------------------------------------------


def parse_sheet(data: bytes, name: str) -> AnswerSheet:
    """Bytes -> AnswerSheet, checking JSON and types only; errors name the file.

    The same structure checks as ``answers.checks.check_answers`` (which also
    matches the questionnaire), then the model is built from the checked document.
    """
    document = parse_document(data, name)
    problems = structure_problems(document)
    if problems:
        raise InvalidInputError(joined_problems(name, problems))
    return sheet_from_document(document)


_STATED: dict[Any, Answer] = {
    state: Answer.model_construct(state=state) for state in ("dont_know", "declined")
}
_VALUE_SET = frozenset({"value"})
_new = object.__new__
_set = object.__setattr__


def _checked_answer(value: AnswerValue) -> Answer:
    """``Answer.model_construct(value=value)`` for a checked value, at a tenth of its cost.

    The same four attributes pydantic's ``model_construct`` sets, without its
    per-field walk: loading a data folder builds tens of thousands of answers.
    """
    answer = _new(Answer)
    _set(answer, "__dict__", {"value": value, "state": None})
    _set(answer, "__pydantic_fields_set__", set(_VALUE_SET))
    _set(answer, "__pydantic_extra__", None)
    _set(answer, "__pydantic_private__", None)
    return answer


def sheet_from_document(document: Mapping[str, Any]) -> AnswerSheet:
    """The model of a document whose structure was checked: built, not validated again.

    Validating it once more would only repeat the checks, at ten times their cost.
    """
    reference = document["questionnaire"]
    completed = document.get("completed_at")
    answers = {
        key: _checked_answer(answer["value"]) if "value" in answer else _STATED[answer["state"]]
        for key, answer in document.get("answers", {}).items()
    }
    extra = {key: value for key, value in document.items() if key not in KNOWN_KEYS}
    return AnswerSheet.model_construct(
        format=1,
        questionnaire=QuestionnaireRef.model_construct(
            id=reference["id"], version=reference["version"], sha256=reference["sha256"]
        ),
        person=document["person"],
        language=document["language"],
        started_at=parse_datetime(document["started_at"]),
        updated_at=parse_datetime(document["updated_at"]),
        completed_at=None if completed is None else parse_datetime(completed),
        answers=answers,
        **extra,
    )


# --- writing ----------------------------------------------------------------------------


def read_sheet(path: Path, name: str | None = None) -> AnswerSheet:
    """An answers file read and type-checked, not yet matched to its questionnaire."""
    return parse_sheet(read_sheet_bytes(path, name), name or str(path))


def save_sheet(sheet: AnswerSheet, path: Path) -> None:
    write_private(path, sheet.to_json())


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
            _("{name}: cannot read the file: {reason}").format(
                name=name or path, reason=os_reason(exc)
            )
        ) from None


# --- messages ---------------------------------------------------------------------------


def joined_problems(name: str, problems: list[str], most: int = 5) -> str:
    more = len(problems) - most
    text = f"{name}: " + joined(problems[:most])
    if more > 0:
        text += " " + ngettext("(and {n} more)", "(and {n} more)", more).format(n=more)
    return text
