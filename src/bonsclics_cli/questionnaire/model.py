"""The questionnaire model (docs/format.md §1): strict, frozen pydantic models.

Structure and types are checked here; rules that span several parts of the file
(ids that must exist, languages of every text, conditions) live in ``checks.py``
so that each finding can be located at the key it is about.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import Annotated, Any, Literal, TypeAlias, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from bonsclics_cli.questionnaire.conditions import Condition, ConditionSyntaxError

SLUG_PATTERN = r"^[a-z][a-z0-9-]{0,63}$"
IDENTIFIER_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"
VERSION_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]

# --- custom value types: one clear message each, and a plain JSON schema -------------------

TextValue: TypeAlias = str | Mapping[str, str]


def _validate_text(value: object) -> TextValue:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    ):
        return dict(value)
    raise PydanticCustomError(
        "text_type",
        "expected a text: a string, or a table with one string per language "
        '(e.g. { fr = "...", en = "..." })',
    )


Text = Annotated[
    TextValue,
    PlainValidator(_validate_text),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANGUAGE_PATTERN},
                    "additionalProperties": {"type": "string", "minLength": 1},
                    "minProperties": 1,
                },
            ],
            "description": "A string (one-language files) or a table of strings by language.",
        }
    ),
]

Number: TypeAlias = int | float


Exact: TypeAlias = int | Fraction


def exact(number: Number) -> Exact:
    """A number from a questionnaire exactly as written: ``0.1`` is one tenth, not a float."""
    return number if isinstance(number, int) else Fraction(repr(number))


def json_number(value: Exact, integral: bool = True) -> int | float:
    """Points as a JSON number: an integer when whole (and ``integral``), else a float.

    ``integral`` is false for a domain with decimal points (§5), whose figures are
    all floats so that a column never mixes 2 and 2.5. The one conversion every
    JSON output uses.
    """
    return int(value) if integral and value.denominator == 1 else float(value)


def _check_number(*, gt: float | None = None, ge: float | None = None) -> PlainValidator:
    """An int or float (never a bool, NaN or infinity), optionally bounded below."""

    def validate(value: object) -> Number:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError("number_type", "expected a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("number_finite", "expected a finite number")
        if gt is not None and not value > gt:
            raise PydanticCustomError("number_gt", "expected a number above {gt}", {"gt": gt})
        if ge is not None and not value >= ge:
            raise PydanticCustomError("number_ge", "expected a number of at least {ge}", {"ge": ge})
        return value

    return PlainValidator(validate)


AnyNumber = Annotated[Number, _check_number(), WithJsonSchema({"type": "number"})]
Points = Annotated[Number, _check_number(ge=0), WithJsonSchema({"type": "number", "minimum": 0})]
PositiveNumber = Annotated[
    Number, _check_number(gt=0), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]


COLLECT_CONDITION_ERRORS = "collect_condition_errors"
"""Validation context flag: keep unparsable conditions for ``checks.py`` to report."""


def _validate_condition(value: object, info: ValidationInfo) -> Condition:
    if isinstance(value, Condition):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("condition_type", "expected a condition as a string")
    if info.context and info.context.get(COLLECT_CONDITION_ERRORS):
        return Condition.parse_leniently(value)
    try:
        return Condition.parse(value)
    except ConditionSyntaxError as error:
        raise PydanticCustomError(
            "condition_syntax",
            "syntax error in condition at character {position}: {message}",
            {"position": error.offset + 1, "message": error.message, "offset": error.offset},
        ) from None


ConditionField = Annotated[
    Condition,
    PlainValidator(_validate_condition),
    PlainSerializer(lambda condition: condition.source, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "description": "A condition (docs/format.md §2), e.g. \"possede_smartphone == 'oui'\".",
        }
    ),
]


class Strict(BaseModel):
    # Built on first validation, not at import: a questionnaire read back from the
    # cache (questionnaire/cache.py) never needs the validators.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


# --- parts of a questionnaire ---------------------------------------------------------------


class Domain(Strict):
    id: Identifier
    title: Text
    description: Text | None = None
    weight: PositiveNumber = 1


class ChoiceOption(Strict):
    """An option of a single-choice question."""

    value: Identifier
    label: Text
    points: Points | None = None


class MultipleOption(ChoiceOption):
    """An option of a multiple-choice question; ``exclusive`` clears the other choices."""

    exclusive: bool = False


class QuestionBase(Strict):
    id: Identifier
    prompt: Text
    help: Text | None = None
    domain: Identifier | None = None
    mode: Literal["declared", "observed"] = "declared"
    when: ConditionField | None = None

    @property
    def scored(self) -> bool:
        return self.domain is not None

    @property
    def observed(self) -> bool:
        return self.mode == "observed"


class SingleQuestion(QuestionBase):
    type: Literal["single"]
    options: Annotated[list[ChoiceOption], Field(min_length=2)]

    @cached_property
    def maximum(self) -> Exact:
        """The greatest points of one answer (§3.2)."""
        return max(exact(option.points or 0) for option in self.options)

    @cached_property
    def options_by_value(self) -> dict[str, ChoiceOption]:
        return {option.value: option for option in self.options}

    def option(self, value: str) -> ChoiceOption | None:
        return self.options_by_value.get(value)


class MultipleQuestion(QuestionBase):
    type: Literal["multiple"]
    options: Annotated[list[MultipleOption], Field(min_length=2)]
    max_points: PositiveNumber | None = None

    @cached_property
    def maximum(self) -> Exact:
        """The points of the best answer (§3.2): ``max_points``, else every option's."""
        if self.max_points is not None:
            return exact(self.max_points)
        return sum((exact(option.points or 0) for option in self.options), 0)

    @cached_property
    def options_by_value(self) -> dict[str, MultipleOption]:
        return {option.value: option for option in self.options}

    def option(self, value: str) -> MultipleOption | None:
        return self.options_by_value.get(value)


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    min: AnyNumber | None = None
    max: AnyNumber | None = None
    integer: bool = True
    unit: Text | None = None


class TextQuestion(QuestionBase):
    type: Literal["text"]
    max_length: Annotated[int, Field(ge=1)] = 500


Question = Annotated[
    Annotated[SingleQuestion, Tag("single")]
    | Annotated[MultipleQuestion, Tag("multiple")]
    | Annotated[NumberQuestion, Tag("number")]
    | Annotated[TextQuestion, Tag("text")],
    Discriminator("type"),
]
AnyQuestion: TypeAlias = SingleQuestion | MultipleQuestion | NumberQuestion | TextQuestion
QUESTION_TYPES = ("single", "multiple", "number", "text")


class DomainLevel(Strict):
    """A band of a score scale (§1.6): the level of a score ``s`` has the greatest ``min`` <= s."""

    id: Identifier
    min: Annotated[int, Field(ge=0, le=100)]
    title: Text
    description: Text | None = None


class Level(DomainLevel):
    """An overall level, which may ask for evidence besides its score (§1.6, rev. 2)."""

    requires: ConditionField | None = None


class Advice(Strict):
    id: Identifier
    when: ConditionField
    text: Text
    audience: Literal["person", "professional", "both"] = "both"
    link: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")] | None = None

    def is_for(self, audience: Literal["person", "professional"]) -> bool:
        return self.audience in {audience, "both"}


BandT = TypeVar("BandT", bound=DomainLevel)


def band_for(scale: Sequence[BandT], score: int | None) -> BandT | None:
    """The band with the greatest ``min`` at most ``score`` (§1.6); None for no score."""
    if score is None:
        return None
    eligible = [band for band in scale if band.min <= score]
    return max(eligible, key=lambda band: band.min) if eligible else None


def _validate_format(value: object) -> int:
    if isinstance(value, bool) or value != 1:
        raise PydanticCustomError(
            "format_version",
            "unsupported format {value}; this version of bonsclics reads format = 1",
            {"value": repr(value)},
        )
    return 1


class Compiled(dict[Callable[..., Any], Any]):
    """What later steps derived from a questionnaire, by builder (``Questionnaire.compile``).

    Never pickled: it holds compiled closures, and a worker process that receives
    the questionnaire builds its own on first use.
    """

    def __reduce__(self) -> tuple[type[Compiled], tuple[()]]:
        return Compiled, ()


CompiledT = TypeVar("CompiledT")


FormatVersion = Annotated[int, PlainValidator(_validate_format), WithJsonSchema({"const": 1})]


class Questionnaire(Strict):
    format: FormatVersion
    id: Slug
    version: Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    title: Text
    description: Text | None = None
    intro: Text | None = None
    preparation: Text | None = None
    estimated_minutes: Annotated[int, Field(ge=1)] | None = None
    domains: Annotated[list[Domain], Field(min_length=1)]
    questions: Annotated[list[Question], Field(min_length=1)]
    levels: Annotated[list[Level], Field(min_length=1)]
    domain_levels: Annotated[list[DomainLevel], Field(min_length=1)] | None = None
    advice: list[Advice] = []
    # Set by the loader; a private attribute, so it travels with a pickled copy.
    _sha256: str | None = PrivateAttr(default=None)

    @property
    def sha256(self) -> str | None:
        """The SHA-256 of the file's canonical JSON (§4), when it was loaded from a file."""
        return self._sha256

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @cached_property
    def questions_by_id(self) -> dict[str, AnyQuestion]:
        return {question.id: question for question in self.questions}

    @cached_property
    def domains_by_id(self) -> dict[str, Domain]:
        return {domain.id: domain for domain in self.domains}

    @cached_property
    def compiled(self) -> Compiled:
        return Compiled()

    def compile(self, build: Callable[[Questionnaire], CompiledT]) -> CompiledT:
        """``build(self)``, worked out once for this questionnaire and kept with it.

        Where later steps keep what they derive from a questionnaire (the answers
        checks, the scoring plan): it lives and dies with the questionnaire, with
        no global cache keyed by ``id()``.
        """
        compiled = self.compiled
        try:
            return compiled[build]  # type: ignore[no-any-return]
        except KeyError:
            made = compiled[build] = build(self)
            return made

    def option_labels(
        self, question: AnyQuestion, value: object, language: str
    ) -> tuple[str, ...] | None:
        """The labels of the options chosen in ``value`` (a code with no option stays a code).

        None for a question without options or a value of another kind. The one
        lookup every report and view uses.
        """
        if isinstance(question, SingleQuestion) and isinstance(value, str):
            option = question.option(value)
            return (self.text(option.label, language) if option else value,)
        if isinstance(question, MultipleQuestion) and isinstance(value, list):
            return tuple(
                self.text(choice.label, language) if (choice := question.option(item)) else item
                for item in value
            )
        return None

    @property
    def domain_scale(self) -> Sequence[DomainLevel]:
        """The scale of every domain's level: ``domain_levels``, else ``levels`` (§1.6.1)."""
        return self.levels if self.domain_levels is None else self.domain_levels

    def level_for(self, score: int | None) -> Level | None:
        """The overall band holding ``score`` (§1.6), before any ``requires``; None for no score."""
        return band_for(self.levels, score)

    def domain_level_for(self, score: int | None) -> DomainLevel | None:
        """The band of the domain scale holding ``score``; None for no score."""
        return band_for(self.domain_scale, score)

    def text(self, value: TextValue | None, language: str) -> str:
        """A text in ``language``, falling back to the default language."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.get(language) or value.get(self.default_language) or next(iter(value.values()))
