"""Questionnaire file -> ``Questionnaire``, with every problem located in the file.

Three passes, each reported with FILE:LINE:COL: the bytes (encoding), the TOML
syntax, then the model (pydantic, structure and types) and, when the structure
holds, the semantic rules of ``checks.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bonsclics_cli.files import os_reason
from bonsclics_cli.i18n import N_, _, ngettext
from bonsclics_cli.questionnaire import cache, model
from bonsclics_cli.questionnaire.findings import (
    Finding,
    PathKey,
    Problem,
    Severity,
    did_you_mean,
    error,
)
from bonsclics_cli.questionnaire.model import Questionnaire

if TYPE_CHECKING:
    from bonsclics_cli.compat import tomllib
    from bonsclics_cli.questionnaire.locations import Position, SourceMap

MAX_FILE_BYTES = 5 * 1024 * 1024
ExtraCheck = Callable[[Questionnaire], list[Problem]]
"""A check a caller asks for on top of the format's rules (``validate --readability``)."""
_BOM = b"\xef\xbb\xbf"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class LoadResult:
    """What loading one file gave: the model when valid, and every finding."""

    file: str
    questionnaire: Questionnaire | None
    findings: list[Finding] = field(default_factory=list)
    sha256: str | None = None

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.is_error]


def canonical_sha256(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a parsed questionnaire (docs/format.md §4)."""
    canonical = json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_file(
    path: Path, display: str | None = None, *, extra_checks: Sequence[ExtraCheck] = ()
) -> LoadResult:
    """Load and check one questionnaire file; never raises, not even for a file it cannot read.

    One unreadable file of a folder must not stop the others from being checked, listed
    or used: it is an error of that file. ``extra_checks`` run on a structurally valid
    questionnaire; their problems are located like the format's own.
    """
    name = display or str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        message = _("cannot read the file: {reason}").format(reason=os_reason(exc))
        return LoadResult(name, None, [Finding(name, 1, 1, Severity.ERROR, "unreadable", message)])
    return load_bytes(data, name, extra_checks=extra_checks)


def load_bytes(data: bytes, name: str, *, extra_checks: Sequence[ExtraCheck] = ()) -> LoadResult:
    """Load and check a questionnaire from its bytes; ``name`` labels the findings.

    A valid questionnaire checked before is read back from the private cache.
    """
    if not extra_checks:
        cached = cache.read(data)
        if isinstance(cached, LoadResult) and cached.questionnaire is not None:
            findings = [replace(finding, file=name) for finding in cached.findings]
            return replace(cached, file=name, findings=findings)
    try:
        result = _load_bytes(data, name, extra_checks)
    except Exception as exc:  # a bug on one file must not stop a folder's other files
        message = _("internal error while loading ({error}); please report it").format(
            error=type(exc).__name__
        )
        return LoadResult(name, None, [Finding(name, 1, 1, Severity.ERROR, "internal", message)])
    if result.questionnaire is not None and not result.errors and not extra_checks:
        cache.write(data, result)
    return result


def _load_bytes(data: bytes, name: str, extra_checks: Sequence[ExtraCheck]) -> LoadResult:
    # Only a file not in the cache is checked: a command that reads its questionnaires
    # back from the cache does not load the TOML parser, the checks and the source map.
    from bonsclics_cli.compat import tomllib
    from bonsclics_cli.questionnaire.locations import MAX_NESTING, SourceMap, too_deep

    def fail(
        line: int, column: int, code: str, message: str, hint: str | None = None
    ) -> LoadResult:
        finding = Finding(name, line, column, Severity.ERROR, code, message, hint)
        return LoadResult(name, None, [finding])

    if len(data) > MAX_FILE_BYTES:
        size = MAX_FILE_BYTES // 2**20
        return fail(1, 1, "too-large", _("the file is larger than {size} MB").format(size=size))
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        return fail(
            line,
            column,
            "encoding",
            _("the file is not valid UTF-8 (byte 0x{byte:02x})").format(byte=data[exc.start]),
            _("save the file as UTF-8"),
        )
    deep = too_deep(text)
    if deep is not None:
        (line, column), what = (deep[0].line, deep[0].column), deep[1]
        return fail(
            line,
            column,
            "too-deep",
            _("this {what} nests more than {depth} levels deep").format(
                what=_(what), depth=MAX_NESTING
            ),
            _("a questionnaire needs about 5 levels; use shorter dotted names or flatter values"),
        )
    try:
        document = tomllib.loads(text)
    except (RecursionError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        line, column, message = toml_syntax_error(exc, text)
        return fail(line, column, "toml-syntax", message)

    source = SourceMap(text)
    problems, questionnaire = _validate(document)
    if questionnaire is not None:
        for extra_check in extra_checks:
            problems.extend(extra_check(questionnaire))
    findings = [_locate(problem, name, source, text) for problem in problems]
    findings.sort(key=lambda finding: (finding.line, finding.column))
    valid = questionnaire is not None and not any(finding.is_error for finding in findings)
    sha256 = canonical_sha256(document) if valid else None
    if questionnaire is not None and valid:
        questionnaire._sha256 = sha256
    return LoadResult(name, questionnaire if valid else None, findings, sha256)


def _validate(document: dict[str, Any]) -> tuple[list[Problem], Questionnaire | None]:
    from bonsclics_cli.questionnaire.checks import check_parts, check_questionnaire

    try:
        questionnaire = Questionnaire.model_validate(
            document, context={model.COLLECT_CONDITION_ERRORS: True}
        )
    except ValidationError as exc:
        structural = [_problem_from(error, document) for error in exc.errors()]
        return structural + check_parts(document), None
    return check_questionnaire(questionnaire), questionnaire


# --- positions -----------------------------------------------------------------------------


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def toml_syntax_error(exc: RecursionError | ValueError, text: str) -> tuple[int, int, str]:
    """Where ``tomllib.loads(text)`` failed with ``exc``, and why, in the user's words:
    the one reading of TOML syntax errors, for questionnaires and structure files."""
    from bonsclics_cli.compat import tomllib

    if isinstance(exc, tomllib.TOMLDecodeError):
        line, column = _toml_error_position(exc, text)
        return line, column, _toml_message(_TOML_POSITION.sub("", str(exc)).strip())
    if isinstance(exc, RecursionError):
        reason = _("the document is nested too deeply")
        return 1, 1, _("TOML syntax error: {reason}").format(reason=reason)
    return 1, 1, _toml_message(str(exc))  # tomllib's rare failures outside TOMLDecodeError


def _toml_error_position(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, int]:
    match = _TOML_POSITION.search(str(exc))
    if match:
        return int(match.group(1)), int(match.group(2))
    # "at end of document"
    lines = text.splitlines() or [""]
    return len(lines), len(lines[-1]) + 1


def _locate(problem: Problem, name: str, source: SourceMap, text: str) -> Finding:
    position = source.key(problem.path) if problem.at_key else source.value(problem.path)
    column = position.column
    if problem.offset is not None:
        inside = _position_in_multiline_string(text, position, problem.offset)
        if inside is not None:
            position, column = inside, inside.column
        else:
            column += _offset_in_string(source.line(position.line), position, problem.offset)
    return Finding(
        name, position.line, column, problem.severity, problem.code, problem.message, problem.hint
    )


def _position_in_multiline_string(text: str, start: Position, offset: int) -> Position | None:
    """Where character ``offset`` of a multi-line string's content is, or None.

    Follows TOML's rules: the newline right after the opening quotes is not
    content, a line-ending backslash drops the following whitespace, and an escape
    is one character. A sentence of an intro is then reported at its own line.
    """
    from bonsclics_cli.questionnaire.locations import Position

    index = 0
    for _line in range(start.line - 1):  # the line's start, without copying the text
        index = text.find("\n", index) + 1
        if index == 0:
            return None
    index += start.column - 1
    delimiter = text[index : index + 3]
    if delimiter not in {'"""', "'''"}:
        return None
    basic = delimiter == '"""'
    index += 3
    if text.startswith("\r\n", index):
        index += 2
    elif text.startswith("\n", index):
        index += 1
    content = 0
    while index < len(text) and not text.startswith(delimiter, index):
        following = text[index + 1 : index + 2] if basic and text[index] == "\\" else None
        if following is not None and following in {" ", "\t", "\r", "\n"}:
            index += 1  # a line-ending backslash: it and the blanks after it are not content
            while index < len(text) and text[index] in " \t\r\n":
                index += 1
            continue
        if content == offset:
            line = text.count("\n", 0, index) + 1
            return Position(line, index - (text.rfind("\n", 0, index) + 1) + 1)
        if following is not None:
            index += {"u": 6, "U": 10}.get(following, 2)
        elif text.startswith("\r\n", index):
            index += 2
        else:
            index += 1
        content += 1
    return None


def _offset_in_string(line: str, position: Position, offset: int) -> int:
    """Columns from a string value's start to character ``offset`` of its content.

    Exact for one-line strings without escapes, which conditions always are in
    practice; otherwise the finding stays at the start of the string. ``line``
    is the text of the string's line (not the whole file: a copy per finding
    would make many findings quadratic).
    """
    rest = line[position.column - 1 :]
    quote = rest[:1]
    if quote not in {"'", '"'} or rest.startswith(quote * 3):
        return 0
    end = rest.find(quote, 1)
    body = rest[1:end] if end > 0 else ""
    if quote == '"' and "\\" in body:
        return 0
    return 1 + offset if offset <= len(body) else 0


# --- pydantic errors, in words ---------------------------------------------------------------
#
# Pydantic's own messages are English ("Field required"): every error type a questionnaire
# can meet is put in our own words here, in the user's language, naming the key and what
# it expects; any other type gets a generic sentence that still names the key.

_PATTERNS = {
    model.SLUG_PATTERN: N_(
        "a questionnaire id: lowercase letters, digits and '-', starting "
        "with a letter (e.g. autonomie-numerique)"
    ),
    model.IDENTIFIER_PATTERN: N_(
        "an identifier: lowercase letters, digits and '_', starting "
        "with a letter, at most 64 characters (e.g. possede_smartphone)"
    ),
    model.LANGUAGE_PATTERN: N_("a language code such as 'fr', 'en' or 'pt-BR'"),
    model.VERSION_PATTERN: N_("a version MAJOR.MINOR.PATCH such as '1.0.0'"),
}
_TYPE_NAMES = {
    "string_type": N_("a string"),
    "int_type": N_("an integer"),
    "int_parsing": N_("an integer"),
    "int_from_float": N_("an integer"),
    "float_type": N_("a number"),
    "float_parsing": N_("a number"),
    "number_type": N_("a number"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
    "list_type": N_("an array"),
    "model_type": N_("a table"),
    "dict_type": N_("a table"),
    "model_attributes_type": N_("a table"),
    "text_type": N_(
        "a text: a string, or a table with one string per language "
        '(e.g. { fr = "...", en = "..." })'
    ),
    "condition_type": N_("a condition written as a string"),
}
_BOUNDS = {
    "greater_than_equal": ("ge", N_("{key}: expected a number greater than or equal to {limit}")),
    "greater_than": ("gt", N_("{key}: expected a number greater than {limit}")),
    "less_than_equal": ("le", N_("{key}: expected a number less than or equal to {limit}")),
    "less_than": ("lt", N_("{key}: expected a number less than {limit}")),
    "number_ge": ("ge", N_("{key}: expected a number of at least {limit}")),
    "number_gt": ("gt", N_("{key}: expected a number above {limit}")),
}
_QUESTION_MODELS: dict[str, type[BaseModel]] = {
    "single": model.SingleQuestion,
    "multiple": model.MultipleQuestion,
    "number": model.NumberQuestion,
    "text": model.TextQuestion,
}


def _walk(document: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[PathKey, Any]]:
    """Follow a pydantic error location through the document, dropping union tags."""
    node: Any = document
    path: PathKey = ()
    yield path, node
    for part in loc:
        child = child_of(node, part)
        if child is None:  # TOML has no null: a discriminator tag such as 'single'
            continue
        node = child
        path = (*path, part)
        yield path, node


def _model_at(path: PathKey, document: Any) -> type[BaseModel] | None:
    """The model class that describes the table at ``path``."""
    shape = tuple("#" if isinstance(part, int) else part for part in path)
    if shape == ():
        return Questionnaire
    tables: dict[tuple[str, ...], type[BaseModel]] = {
        ("domains", "#"): model.Domain,
        ("levels", "#"): model.Level,
        ("domain_levels", "#"): model.DomainLevel,
        ("advice", "#"): model.Advice,
    }
    if shape in tables:
        return tables[shape]
    if shape[:2] == ("questions", "#"):
        question = child_of(document["questions"], path[1])
        kind = question.get("type") if isinstance(question, dict) else None
        question_model = _QUESTION_MODELS.get(kind) if isinstance(kind, str) else None
        if len(shape) == 2:
            return question_model
        if shape[2:] == ("options", "#"):
            return model.MultipleOption if kind == "multiple" else model.ChoiceOption
    return None


def child_of(node: Any, part: str | int) -> Any:
    """The value at ``part`` (a key or an index) of a parsed document's ``node``, or None."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _subject(path: PathKey, document: Any) -> str:
    """Where in the questionnaire, in words: "question 'usages', option 'email'"."""
    words: list[str] = []
    node: Any = document
    named = {
        "domains": N_("domain '{id}'"),
        "questions": N_("question '{id}'"),
        "levels": N_("level '{id}'"),
        "domain_levels": N_("domain level '{id}'"),
        "advice": N_("advice '{id}'"),
        "options": N_("option '{id}'"),
    }
    numbered = {
        "domains": N_("domain {number}"),
        "questions": N_("question {number}"),
        "levels": N_("level {number}"),
        "domain_levels": N_("domain level {number}"),
        "advice": N_("advice {number}"),
        "options": N_("option {number}"),
    }
    for index, part in enumerate(path):
        parent = path[index - 1] if index else None
        node = child_of(node, part)
        if isinstance(part, int) and parent in named:
            key = "value" if parent == "options" else "id"
            ident = node.get(key) if isinstance(node, dict) else None
            if isinstance(ident, str):
                words.append(_(named[str(parent)]).format(id=ident))
            else:
                words.append(_(numbered[str(parent)]).format(number=part + 1))
    return ", ".join(words)


def _choices(values: Sequence[str]) -> str:
    """``'a', 'b' or 'c'`` in the user's language."""
    quoted = [f"'{value}'" for value in values]
    if len(quoted) < 2:
        return "".join(quoted)
    return _("{items} or {last}").format(items=", ".join(quoted[:-1]), last=quoted[-1])


def _problem_from(details: ErrorDetails, document: Any) -> Problem:
    steps = list(_walk(document, details["loc"]))
    path, value = steps[-1]
    kind = details["type"]
    context: dict[str, Any] = dict(details.get("ctx") or {})
    key = details["loc"][-1] if details["loc"] else None
    field_name = next((part for part in reversed(details["loc"]) if isinstance(part, str)), None)
    subject = _subject(path, document)
    prefix = _("{where}: ").format(where=subject) if subject else ""
    question_types = _("one of: {choices}").format(choices=", ".join(model.QUESTION_TYPES))

    if kind == "extra_forbidden" and isinstance(key, str):
        return _unknown_key(path, key, document, prefix)
    if kind == "missing" and isinstance(key, str):
        hint = question_types if key == "type" else None
        message = _("missing required key '{key}'").format(key=key)
        return error(path, "missing-key", prefix + message, hint, at_key=True)
    if kind == "union_tag_not_found":
        message = _("missing required key '{key}'").format(key="type")
        return error(path, "missing-key", prefix + message, question_types, at_key=True)
    if kind == "union_tag_invalid":
        tag = str(context.get("tag", ""))
        return error(
            (*path, "type"),
            "invalid-value",
            prefix + _("unknown question type '{type}'").format(type=tag),
            did_you_mean(tag, model.QUESTION_TYPES) or question_types,
        )
    if kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern", ""))
        if pattern in _PATTERNS:
            expected = _(_PATTERNS[pattern])
        elif "https" in pattern:
            expected = _("an https:// address")
        else:
            expected = _("in the expected form ({pattern})").format(pattern=pattern)
        message = _("{value} is not {expected}").format(value=repr(value), expected=expected)
        return error(path, "invalid-value", prefix + message)
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        message = _("{value} is not allowed here; expected {choices}").format(
            value=repr(value), choices=_choices(choices)
        )
        return error(
            path,
            "invalid-value",
            prefix + message,
            did_you_mean(str(value), choices) if isinstance(value, str) else None,
        )
    if kind in _TYPE_NAMES:
        message = _("expected {expected}, found {found}").format(
            expected=_(_TYPE_NAMES[kind]), found=_toml_type(value)
        )
        named = _("{where}: ").format(where=field_name) if field_name else ""
        return error(path, "type", prefix + named + message)
    if kind in _BOUNDS:
        bound, template = _BOUNDS[kind]
        message = _(template).format(key=field_name or "?", limit=context.get(bound, "?"))
        return error(path, kind.replace("_", "-"), prefix + message)
    if kind == "number_finite":
        message = _("{key}: expected a finite number").format(key=field_name or "?")
        return error(path, "number-finite", prefix + message)
    if kind in {"too_short", "too_long"}:
        size = int(context.get("min_length" if kind == "too_short" else "max_length", 0))
        found = int(context.get("actual_length", 0))
        template = (
            ngettext(
                "{key}: needs at least {size} item, found {found}",
                "{key}: needs at least {size} items, found {found}",
                size,
            )
            if kind == "too_short"
            else ngettext(
                "{key}: holds at most {size} item, found {found}",
                "{key}: holds at most {size} items, found {found}",
                size,
            )
        )
        message = template.format(key=field_name or "?", size=size, found=found)
        return error(path, kind.replace("_", "-"), prefix + message)
    if kind in {"string_too_short", "string_too_long"}:
        size = int(context.get("min_length" if kind == "string_too_short" else "max_length", 0))
        template = (
            ngettext(
                "{key}: needs at least {size} character",
                "{key}: needs at least {size} characters",
                size,
            )
            if kind == "string_too_short"
            else ngettext(
                "{key}: holds at most {size} character",
                "{key}: holds at most {size} characters",
                size,
            )
        )
        message = template.format(key=field_name or "?", size=size)
        return error(path, kind.replace("_", "-"), prefix + message)
    if kind == "format_version":
        message = _("unsupported format {value}; this version of bonsclics reads format = 1")
        return error(path, "format-version", prefix + message.format(value=repr(value)))
    if kind == "condition_syntax":
        offset = context.get("offset")
        position = context.get("position", "?")
        reason = str(context.get("message", ""))
        message = _("syntax error in condition at character {position}: {reason}").format(
            position=position, reason=reason
        )
        return error(
            path,
            "condition",
            prefix + message,
            offset=offset if isinstance(offset, int) else None,
        )
    if field_name:
        message = _("the value of '{key}' is not valid here").format(key=field_name)
    else:
        message = _("this value is not valid here")
    return error(path, kind.replace("_", "-"), prefix + message)


def _unknown_key(path: PathKey, key: str, document: Any, prefix: str) -> Problem:
    table = _model_at(path[:-1], document)
    known = list(table.model_fields) if table else []
    if table is not None and path[:1] == ("questions",) and len(path) == 3:
        owners = [kind for kind, cls in _QUESTION_MODELS.items() if key in cls.model_fields]
        if owners:
            kind = child_of(document["questions"], path[1]).get("type")
            return error(
                path,
                "unknown-key",
                prefix
                + _("key '{key}' does not belong to a question of type '{type}'").format(
                    key=key, type=kind
                ),
                _("'{key}' is for {types} questions").format(key=key, types=", ".join(owners)),
                at_key=True,
            )
    if table is model.DomainLevel and key in model.Level.model_fields:
        return error(
            path,
            "unknown-key",
            prefix
            + _("key '{key}' is only for overall levels: a domain level has no requirement").format(
                key=key
            ),
            _("move the requirement to a level of [[levels]], or remove it"),
            at_key=True,
        )
    if table is model.ChoiceOption and key in model.MultipleOption.model_fields:
        return error(
            path,
            "unknown-key",
            prefix + _("key '{key}' is only for options of multiple questions").format(key=key),
            at_key=True,
        )
    hint = did_you_mean(key, known)
    if hint is None and known:
        hint = _("allowed keys: {keys}").format(keys=", ".join(known))
    message = _("unknown key '{key}'").format(key=key)
    return error(path, "unknown-key", prefix + message, hint, at_key=True)


def _toml_type(value: Any) -> str:
    names = {
        bool: N_("a boolean"),
        int: N_("an integer"),
        float: N_("a float"),
        str: N_("a string"),
        list: N_("an array"),
        dict: N_("a table"),
    }
    name = names.get(type(value))
    return _(name) if name is not None else type(value).__name__


# --- TOML syntax errors, in words -------------------------------------------------------------

_TOML_MESSAGES = [
    (re.compile(r"Invalid value"), N_("invalid value")),
    (re.compile(r"Cannot overwrite a value"), N_("a value is given twice")),
    (re.compile(r"Cannot declare (?P<key>.*) twice"), N_("'{key}' is declared twice")),
    (
        re.compile(r"Cannot mutate immutable namespace (?P<key>.*)"),
        N_("'{key}' is already a value or an inline table and cannot get more keys"),
    ),
    (
        re.compile(r"Cannot redefine namespace (?P<key>.*)"),
        N_("'{key}' is already defined as a table"),
    ),
    (
        re.compile(r"Duplicate inline table key (?P<key>.*)"),
        N_("key '{key}' appears twice in an inline table"),
    ),
    (
        re.compile(r"Escaped character is not a Unicode scalar value"),
        N_("an escape sequence does not stand for a valid character"),
    ),
    (re.compile(r"Expected '=' after a key.*"), N_("expected '=' after a key")),
    (
        re.compile(r"Expected '\]' at the end of a table declaration"),
        N_("expected ']' at the end of a table header"),
    ),
    (
        re.compile(r"Expected '\]\]' at the end of an array declaration"),
        N_("expected ']]' at the end of a [[table]] header"),
    ),
    (
        re.compile(r"Expected newline or end of document after a statement"),
        N_("expected a new line after a value"),
    ),
    (re.compile(r"Expected (?P<key>.*)"), N_("expected '{key}'")),
    (
        re.compile(r"(?:Found invalid|Illegal) character (?P<key>.*)"),
        N_("character '{key}' is not allowed here"),
    ),
    (re.compile(r"Invalid date or datetime"), N_("invalid date or time")),
    (re.compile(r"Invalid hex value"), N_("invalid hexadecimal value")),
    (
        re.compile(r"Invalid initial character for a key part"),
        N_("a key cannot start with this character"),
    ),
    (
        re.compile(r"Invalid statement"),
        N_("invalid line: expected key = value, or a [table] header"),
    ),
    (re.compile(r"Unclosed array"), N_("an array is not closed with ']'")),
    (re.compile(r"Unclosed inline table"), N_("an inline table is not closed with '}}'")),
    (
        re.compile(r"Unescaped '\\' in a string"),
        N_("a '\\' in a string must be written '\\\\' (or use single quotes)"),
    ),
    (re.compile(r"Unterminated string"), N_("a string is not closed")),
]


def _toml_message(detail: str) -> str:
    """``TOML syntax error: ...`` in the user's language, from tomllib's English."""
    detail = detail.replace("(at end of document)", "").strip()
    for pattern, template in _TOML_MESSAGES:
        match = pattern.fullmatch(detail)
        if match:
            key = match.groupdict().get("key") or ""
            names = re.findall(r"'([^']*)'", key)
            if names and key.startswith("("):
                key = ".".join(names)
            elif len(names) == 1 and key.startswith("'"):
                key = names[0]
            if key == "\\n":  # a newline inside a one-line string: it was not closed
                text = _("a string is not closed before the end of its line")
            else:
                text = _(template).format(key=key)
            break
    else:
        text = _("the file is not valid TOML here")
    return _("TOML syntax error: {reason}").format(reason=text)
