"""An answers file as JSON (docs/format.md §4): bytes to a document whose structure is checked.

This is the first half of reading an answers file, shared by ``parse_sheet``
(which then builds the ``AnswerSheet`` model) and by batch scoring (which scores
the checked document directly, thousands of files a second). Every problem is
described in the words of §4, naming the question where there is one; text that
comes from the file is quoted, escaped and shortened before it goes in a message.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

from bonsclics_cli.compat import parse_datetime
from bonsclics_cli.errors import InvalidInputError
from bonsclics_cli.i18n import N_, _

PERSON_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"
MAX_ANSWERS_BYTES = 10 * 1024 * 1024
MAX_JSON_DEPTH = 32
STATES = ("dont_know", "declined")
KNOWN_KEYS = frozenset(
    {
        "format",
        "questionnaire",
        "person",
        "language",
        "started_at",
        "updated_at",
        "completed_at",
        "answers",
    }
)
_PERSON = re.compile(PERSON_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TIME_EXAMPLE = "2026-11-29T10:15:00+01:00"
_PERSON_RULE = N_(
    "not a safe pseudonymous id (letters, digits, '_', '.', '-'; at most 64 characters, "
    "no spaces or slashes; never a name)"
)
_LANGUAGE_RULE = N_("not a language code such as 'fr' or 'en'")
# The json module's English, for the catalogue to translate.
_JSON_MESSAGES = frozenset(
    {
        N_("Expecting value"),
        N_("Expecting property name enclosed in double quotes"),
        N_("Expecting ',' delimiter"),
        N_("Expecting ':' delimiter"),
        N_("Extra data"),
        N_("Unterminated string starting at"),
        N_("Invalid control character at"),
        N_("Invalid \\escape"),
        N_("Invalid \\uXXXX escape"),
        N_("Illegal trailing comma before end of object"),
        N_("Illegal trailing comma before end of array"),
    }
)


class LineName(str):
    """The name of one line of a JSON Lines shard, ``<path>:<line>``: JSON errors add a column."""

    __slots__ = ()


def parse_document(data: bytes, name: str) -> dict[str, Any]:
    """Bytes -> the JSON object of an answers file of format 1; errors name the file."""
    if len(data) > MAX_ANSWERS_BYTES:
        raise InvalidInputError(
            _("{name}: the file is larger than {size} MB").format(
                name=name, size=MAX_ANSWERS_BYTES // 2**20
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            _("{name}: not valid UTF-8 (byte {byte}); answers files are UTF-8 JSON").format(
                name=name, byte=exc.start
            )
        ) from None
    document = _parse_json(text, name)
    if not isinstance(document, dict):
        raise InvalidInputError(
            _("{name}: expected a JSON object at the top level").format(name=name)
        )
    if "format" not in document:
        raise InvalidInputError(
            _('{name}: missing "format" (answers files have "format": 1)').format(name=name)
        )
    version = document["format"]
    if type(version) is not int or version != 1:
        raise InvalidInputError(
            _("{name}: unsupported format {format}; this version reads format 1").format(
                name=name, format=quoted(version)
            )
        )
    return document


def _parse_json(text: str, name: str) -> Any:
    try:
        document = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        # FILE:LINE:COLUMN; a shard's line is already named FILE:LINE, so only its column.
        where = (
            f"{name}:{exc.colno}"
            if isinstance(name, LineName)
            else (f"{name}:{exc.lineno}:{exc.colno}")
        )
        raise InvalidInputError(_invalid_json(where, _json_reason(exc.msg))) from None
    except RecursionError:
        raise InvalidInputError(_too_deep(name)) from None
    except ValueError as exc:  # NaN/Infinity, or an integer with thousands of digits
        raise InvalidInputError(_invalid_json(name, _value_reason(exc))) from None
    # The known keys take no deep nesting (their checks refuse it); only the keys a
    # writer added, kept as they are, could hide it.
    if isinstance(document, dict) and any(
        _deeper_than(value, MAX_JSON_DEPTH - 1)
        for key, value in document.items()
        if key not in KNOWN_KEYS and isinstance(value, dict | list)
    ):
        raise InvalidInputError(_too_deep(name))
    if "\\u" in text:  # only an escape can smuggle in a lone surrogate, which is not text
        try:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            reason = _(
                "a \\u escape stands for half a character (a lone surrogate), "
                "which is not valid Unicode"
            )
            raise InvalidInputError(_invalid_json(name, reason)) from None
    return document


def _invalid_json(where: str, reason: str) -> str:
    return _("{name}: invalid JSON: {reason}").format(name=where, reason=reason)


def _too_deep(name: str) -> str:
    reason = _("nested more than {depth} levels deep").format(depth=MAX_JSON_DEPTH)
    return _invalid_json(name, reason)


def _json_reason(message: str) -> str:
    return _(message) if message in _JSON_MESSAGES else _("the text is not valid JSON here")


class _NotANumber(ValueError):
    """NaN or Infinity, which JSON does not allow."""

    def __init__(self, constant: str) -> None:
        super().__init__(constant)
        self.constant = constant


def _value_reason(exc: ValueError) -> str:
    if isinstance(exc, _NotANumber):
        return _("{constant} is not a number JSON allows").format(constant=exc.constant)
    return _("a number has too many digits")


def _no_constant(constant: str) -> Any:
    raise _NotANumber(constant)


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def _deeper_than(document: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, dict | list):
                if depth >= limit:
                    return True
                stack.append((child, depth + 1))
    return False


# --- structure (types) --------------------------------------------------------------------


def structure_problems(document: dict[str, Any]) -> list[str]:
    """What in the document does not have the shape and types of §4, one message each."""
    problems = header_problems(document)
    answers = document.get("answers", {})
    if isinstance(answers, dict):
        for question_id, answer in answers.items():
            problem = answer_problem(answer)
            if problem:
                problems.append(
                    _("question {id}: {problem}").format(id=quoted(question_id), problem=problem)
                )
    return problems


def header_problems(document: dict[str, Any]) -> list[str]:
    """``structure_problems`` but for the entries of ``answers`` (checked one by one)."""
    problems: list[str] = []
    _check_reference(document, problems)
    _check_pattern(document, "person", _PERSON, _PERSON_RULE, problems)
    _check_pattern(document, "language", _LANGUAGE, _LANGUAGE_RULE, problems)
    for key in ("started_at", "updated_at", "completed_at"):
        _check_time(document, key, problems)
    if not isinstance(document.get("answers", {}), dict):
        problems.append(_("answers: expected an object with one entry per question id"))
    return problems


def _check_reference(document: dict[str, Any], problems: list[str]) -> None:
    if "questionnaire" not in document:
        problems.append(_('missing "questionnaire" (its "id", "version" and "sha256")'))
        return
    reference = document["questionnaire"]
    if not isinstance(reference, dict):
        problems.append(_('questionnaire: expected an object with "id", "version" and "sha256"'))
        return
    for key in ("id", "version", "sha256"):
        if key not in reference:
            problems.append(_('missing "{key}"').format(key=f"questionnaire.{key}"))
        elif not isinstance(reference[key], str):
            problems.append(_("{key}: expected a string").format(key=f"questionnaire.{key}"))
    sha256 = reference.get("sha256")
    if isinstance(sha256, str) and not _SHA256.fullmatch(sha256):
        problems.append(_("questionnaire.sha256: expected 64 lowercase hexadecimal digits"))
    for key in reference:
        if key not in {"id", "version", "sha256"}:
            problems.append(_("questionnaire: unknown key {key}").format(key=quoted(key)))


def _check_pattern(
    document: dict[str, Any], key: str, pattern: re.Pattern[str], rule: str, problems: list[str]
) -> None:
    if key not in document:
        problems.append(_('missing "{key}"').format(key=key))
    elif not isinstance(document[key], str):
        problems.append(_("{key}: expected a string").format(key=key))
    elif not pattern.fullmatch(document[key]):
        # The value is not repeated: a person field that fails is often a real name.
        problems.append(_("{where}: ").format(where=key) + _(rule))


def _check_time(document: dict[str, Any], key: str, problems: list[str]) -> None:
    if key not in document:
        if key != "completed_at":
            problems.append(_('missing "{key}"').format(key=key))
        return
    value = document[key]
    if value is None and key == "completed_at":
        return
    if isinstance(value, str):
        try:
            if parse_datetime(value).tzinfo is not None:
                return
        except ValueError:
            pass
    if key == "completed_at":
        message = _("{key}: expected an ISO 8601 time with an offset (or null), e.g. {example}")
    else:
        message = _("{key}: expected an ISO 8601 time with an offset, e.g. {example}")
    problems.append(message.format(key=key, example=_TIME_EXAMPLE))


def answer_problem(answer: object) -> str | None:
    """Why one entry of ``answers`` is not ``{"value": ...}`` or ``{"state": ...}``."""
    if type(answer) is not dict:
        return _('expected an object with "value" or "state"')
    if len(answer) == 1:  # the common case, checked first
        if "value" in answer:
            return value_type_problem(answer["value"])
        if answer.get("state") in STATES:
            return None
    has_value, has_state = "value" in answer, "state" in answer
    if has_value == has_state:
        return _('an answer needs exactly one of "value" or "state"')
    unknown = [key for key in answer if key not in {"value", "state"}]
    if unknown:
        return _('unknown key {key} (an answer has only "value" or "state")').format(
            key=quoted(unknown[0])
        )
    if has_state:
        return _('"state": expected "dont_know" or "declined", not {state}').format(
            state=quoted(answer["state"])
        )
    return value_type_problem(answer["value"])


def value_type_problem(value: object) -> str | None:
    """Why a value is not a string, a list of strings or a finite number (never a bool)."""
    kind = type(value)
    if kind is str or kind is int:
        return None
    if kind is float:
        return None if math.isfinite(value) else _('"value": expected a finite number')  # type: ignore[arg-type]
    if kind is list and all(type(item) is str for item in value):  # type: ignore[attr-defined]
        return None
    if value is None:
        return _('"value" must not be null; use "state" for no answer')
    return _(
        '"value": expected an option value (a string), a list of option values, a number or a text'
    )


# --- messages -----------------------------------------------------------------------------


def quoted(value: object, limit: int = 60) -> str:
    """A value from a file, safe to put in a message: quoted, escaped, shortened."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[: limit + 1]
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    safe = "".join(char if _printable(char) else f"\\u{ord(char):04x}" for char in text)
    # Translators: a value quoted from a file, in the quotes of the language.
    return _("'{value}'").format(value=safe) if isinstance(value, str) else safe


def _printable(char: str) -> bool:
    return char.isprintable() or unicodedata.category(char) == "Zs"
