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
        message = f"cannot read the file: {exc.strerror or exc}"
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
        message = f"internal error while loading ({type(exc).__name__}); please report it"
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
        return fail(1, 1, "too-large", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
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
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8",
        )
    deep = too_deep(text)
    if deep is not None:
        (line, column), what = (deep[0].line, deep[0].column), deep[1]
        return fail(
            line,
            column,
            "too-deep",
            f"this {what} nests more than {MAX_NESTING} levels deep",
            "a questionnaire needs about 5 levels; use shorter dotted names or flatter values",
        )
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_error_position(exc, text)
        message = _TOML_POSITION.sub("", str(exc)).strip()
        return fail(line, column, "toml-syntax", f"TOML syntax error: {message}")
    except RecursionError:
        return fail(1, 1, "toml-syntax", "TOML syntax error: the document is nested too deeply")
    except ValueError as exc:  # tomllib's rare failures outside TOMLDecodeError
        return fail(1, 1, "toml-syntax", f"TOML syntax error: {exc}")

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
    for _ in range(start.line - 1):  # the line's start, without copying the text
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

_PATTERNS = {
    model.SLUG_PATTERN: "a questionnaire id: lowercase letters, digits and '-', starting "
    "with a letter (e.g. autonomie-numerique)",
    model.IDENTIFIER_PATTERN: "an identifier: lowercase letters, digits and '_', starting "
    "with a letter, at most 64 characters (e.g. possede_smartphone)",
    model.LANGUAGE_PATTERN: "a language code such as 'fr', 'en' or 'pt-BR'",
    model.VERSION_PATTERN: "a version MAJOR.MINOR.PATCH such as '1.0.0'",
}
_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "an integer",
    "bool_type": "true or false",
    "list_type": "an array",
    "model_type": "a table",
    "dict_type": "a table",
    "model_attributes_type": "a table",
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
        child = _child(node, part)
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
        question = _child(document["questions"], path[1])
        kind = question.get("type") if isinstance(question, dict) else None
        question_model = _QUESTION_MODELS.get(kind) if isinstance(kind, str) else None
        if len(shape) == 2:
            return question_model
        if shape[2:] == ("options", "#"):
            return model.MultipleOption if kind == "multiple" else model.ChoiceOption
    return None


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _subject(path: PathKey, document: Any) -> str:
    """Where in the questionnaire, in words: "question 'usages', option 'email'"."""
    words: list[str] = []
    node: Any = document
    names = {
        "domains": "domain",
        "questions": "question",
        "levels": "level",
        "domain_levels": "domain level",
        "advice": "advice",
    }
    for index, part in enumerate(path):
        parent = path[index - 1] if index else None
        node = _child(node, part)
        if isinstance(part, int) and (parent == "options" or parent in names):
            noun = "option" if parent == "options" else names[str(parent)]
            key = "value" if parent == "options" else "id"
            ident = node.get(key) if isinstance(node, dict) else None
            words.append(f"{noun} '{ident}'" if isinstance(ident, str) else f"{noun} {part + 1}")
    return ", ".join(words)


def _problem_from(details: ErrorDetails, document: Any) -> Problem:
    steps = list(_walk(document, details["loc"]))
    path, value = steps[-1]
    kind = details["type"]
    key = details["loc"][-1] if details["loc"] else None
    subject = _subject(path, document)
    prefix = f"{subject}: " if subject else ""

    if kind == "extra_forbidden" and isinstance(key, str):
        return _unknown_key(path, key, document, prefix)
    if kind == "missing" and isinstance(key, str):
        hint = "one of: single, multiple, number, text" if key == "type" else None
        return error(
            path, "missing-key", f"{prefix}missing required key '{key}'", hint, at_key=True
        )
    if kind == "union_tag_not_found":
        return error(
            path,
            "missing-key",
            f"{prefix}missing required key 'type'",
            "one of: single, multiple, number, text",
            at_key=True,
        )
    if kind == "union_tag_invalid":
        tag = details.get("ctx", {}).get("tag", "")
        return error(
            (*path, "type"),
            "invalid-value",
            f"{prefix}unknown question type '{tag}'",
            did_you_mean(str(tag), model.QUESTION_TYPES)
            or "one of: single, multiple, number, text",
        )
    if kind == "string_pattern_mismatch":
        pattern = str(details.get("ctx", {}).get("pattern", ""))
        expected = _PATTERNS.get(pattern, "an https:// address" if "https" in pattern else pattern)
        return error(path, "invalid-value", f"{prefix}{value!r} is not {expected}")
    if kind == "literal_error":
        expected = str(details.get("ctx", {}).get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        return error(
            path,
            "invalid-value",
            f"{prefix}{value!r} is not allowed here; expected {expected}",
            did_you_mean(str(value), choices) if isinstance(value, str) else None,
        )
    if kind in _TYPE_NAMES:
        return error(
            path, "type", f"{prefix}expected {_TYPE_NAMES[kind]}, found {_toml_type(value)}"
        )
    if kind == "condition_syntax":
        offset = details.get("ctx", {}).get("offset")
        return error(
            path,
            "condition",
            f"{prefix}{details['msg']}",
            offset=offset if isinstance(offset, int) else None,
        )
    return error(path, kind.replace("_", "-"), f"{prefix}{details['msg']}")


def _unknown_key(path: PathKey, key: str, document: Any, prefix: str) -> Problem:
    table = _model_at(path[:-1], document)
    known = list(table.model_fields) if table else []
    if table is not None and path[:1] == ("questions",) and len(path) == 3:
        owners = [kind for kind, cls in _QUESTION_MODELS.items() if key in cls.model_fields]
        if owners:
            return error(
                path,
                "unknown-key",
                f"{prefix}key '{key}' does not belong to a question of type "
                f"'{_child(document['questions'], path[1]).get('type')}'",
                f"'{key}' is for {', '.join(owners)} questions",
                at_key=True,
            )
    if table is model.DomainLevel and key in model.Level.model_fields:
        return error(
            path,
            "unknown-key",
            f"{prefix}key '{key}' is only for overall levels: a domain level has no requirement",
            "move the requirement to a level of [[levels]], or remove it",
            at_key=True,
        )
    if table is model.ChoiceOption and key in model.MultipleOption.model_fields:
        return error(
            path,
            "unknown-key",
            f"{prefix}key '{key}' is only for options of multiple questions",
            at_key=True,
        )
    hint = did_you_mean(key, known)
    if hint is None and known:
        hint = "allowed keys: " + ", ".join(known)
    return error(path, "unknown-key", f"{prefix}unknown key '{key}'", hint, at_key=True)


def _toml_type(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)
