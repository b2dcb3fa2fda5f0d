"""Structure file -> ``Structure``, every problem located as FILE:LINE:COL.

The same passes as a questionnaire's (bytes, TOML syntax, model) and the same source
map, so an editor or CI jumps to the faulty line. Where the file comes from is
``locate.py``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bonsclics_cli.compat import tomllib
from bonsclics_cli.errors import InvalidInputError
from bonsclics_cli.i18n import _
from bonsclics_cli.questionnaire.findings import Finding, Severity, did_you_mean
from bonsclics_cli.questionnaire.loader import child_of, toml_syntax_error
from bonsclics_cli.questionnaire.locations import PathKey, SourceMap, too_deep
from bonsclics_cli.structure.model import MAX_OFFERS, OFFER_KINDS, Contact, Offer, Structure

MAX_FILE_BYTES = 256 * 1024  # a structure with forty offers is about 20 kB
_STRUCTURE_TABLE = re.compile(rb"^[ \t]*\[[ \t]*structure[ \t]*\]", re.MULTILINE)


class StructureError(InvalidInputError):
    """A structure file that cannot be used: every error, located."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = list(findings)
        super().__init__("\n".join(str(finding) for finding in self.findings))


@dataclass(frozen=True)
class StructureResult:
    file: str
    structure: Structure | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]


def looks_like_structure(data: bytes) -> bool:
    """Whether a TOML file is a structure's profile (it has a ``[structure]`` table)."""
    return _STRUCTURE_TABLE.search(data) is not None


def load_structure(path: Path) -> Structure:
    """The structure of ``path``; raises StructureError with every error located."""
    result = load_file(path)
    if result.structure is None:
        raise StructureError(result.errors)
    return result.structure


def load_file(path: Path, display: str | None = None) -> StructureResult:
    """Load and check one structure file; never raises."""
    name = display or str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        message = _("cannot read the file: {reason}").format(reason=exc.strerror or exc)
        return StructureResult(name, None, [_finding(name, 1, 1, "unreadable", message)])
    return load_bytes(data, name)


def load_bytes(data: bytes, name: str) -> StructureResult:
    """Load and check a structure from its bytes; ``name`` labels the findings."""

    def fail(line: int, column: int, code: str, message: str) -> StructureResult:
        return StructureResult(name, None, [_finding(name, line, column, code, message)])

    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1024
        return fail(1, 1, "too-large", _("the file is larger than {size} kB").format(size=limit))
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return fail(line, 1, "encoding", _("the file is not valid UTF-8; save it as UTF-8"))
    deep = too_deep(text)
    if deep is not None:
        return fail(deep[0].line, deep[0].column, "too-deep", _("the file nests too deeply"))
    try:
        document = tomllib.loads(text)
    except (RecursionError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        line, column, message = toml_syntax_error(exc, text)
        return fail(line, column, "toml-syntax", message)

    source = SourceMap(text)
    problems: list[tuple[PathKey, str, str, bool]] = []
    structure: Structure | None = None
    try:
        structure = Structure.model_validate(document)
    except ValidationError as exc:
        for details in exc.errors():
            problem = _problem(details, document)
            if all(problem[0] != other[0] for other in problems):  # one per place (unions)
                problems.append(problem)
    else:
        problems = _duplicates(structure)
    findings = []
    for path, code, message, at_key in problems:
        position = source.key(path) if at_key else source.value(path)
        findings.append(_finding(name, position.line, position.column, code, message))
    findings.sort(key=lambda finding: (finding.line, finding.column))
    return StructureResult(name, None if findings else structure, findings)


def check_advice(
    result: StructureResult, data: bytes, known: Mapping[str, Iterable[str]]
) -> list[Finding]:
    """A warning for each offer naming an advice id no known questionnaire has.

    ``known`` maps each questionnaire id to its advice ids (the bundled ones, ``-q``).
    """
    if result.structure is None:
        return []
    every = {advice for ids in known.values() for advice in ids}
    source = SourceMap(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))
    warnings = []
    for index, offer in enumerate(result.structure.offers):
        for position, advice in enumerate(offer.advice):
            if advice in every:
                continue
            where = source.value(("offers", index, "advice", position))
            message = _(
                "offer '{offer}': no questionnaire has the advice '{advice}' ({questionnaires})"
            ).format(offer=offer.id, advice=advice, questionnaires=", ".join(sorted(known)))
            hint = did_you_mean(advice, every)
            warnings.append(
                Finding(
                    result.file,
                    where.line,
                    where.column,
                    Severity.WARNING,
                    "unknown-advice",
                    message,
                    hint,
                )
            )
    return warnings


def template() -> str:
    """The commented French template that ``bonsclics structure init`` writes."""
    return (
        resources.files("bonsclics_cli.structure")
        .joinpath("template.fr.toml")
        .read_text(encoding="utf-8")
    )


def validate_file(path: Path, known: Mapping[str, Iterable[str]]) -> list[Finding]:
    """Every finding of a structure file, with a warning for each unknown advice id."""
    result = load_file(path)
    if result.structure is None:
        return result.findings
    try:
        data = path.read_bytes()
    except OSError:  # read a moment ago: gone since, and already checked
        return result.findings
    return result.findings + check_advice(result, data, known)


# --- pydantic errors, in words ---------------------------------------------------------------


def _finding(name: str, line: int, column: int, code: str, message: str) -> Finding:
    return Finding(name, line, column, Severity.ERROR, code, message)


def _problem(details: ErrorDetails, document: Any) -> tuple[PathKey, str, str, bool]:
    """One pydantic error as (path in the document, code, message, at the key?)."""
    path: list[str | int] = []
    node: Any = document
    for part in details["loc"]:
        child = child_of(node, part)
        if child is None and not (isinstance(node, dict) and part in node):
            if details["type"] in {"missing", "extra_forbidden"}:
                path.append(part)
            break
        node = child
        path.append(part)
    key = details["loc"][-1] if details["loc"] else ""
    where = _where(tuple(path), document)
    kind = details["type"]
    ctx = details.get("ctx", {})
    if kind == "missing":
        message = _("{where}: missing required key").format(where=where)
        return tuple(path[:-1]), "missing-key", message, True
    if kind == "extra_forbidden":
        parent = tuple(path[:-1])
        known = _known_keys(parent)
        message = _("{where}: unknown key '{key}'").format(where=where, key=key)
        hint = did_you_mean(str(key), known)
        if hint is None and known:
            hint = _("allowed keys: {keys}").format(keys=", ".join(known))
        return tuple(path), "unknown-key", f"{message}; {hint}", True
    messages = {
        "text_empty": _("{where}: the text is empty"),
        "text_too_long": _("{where}: the text is too long ({length} characters, at most {limit})"),
        "text_control": _("{where}: the text holds a control character ({code}); remove it"),
        "string_pattern_mismatch": _("{where}: {value} is not {expected}"),
        "literal_error": _("{where}: {value} is not one of: {expected}"),
        "too_long": _("{where}: too many entries (at most {limit})"),
        "too_short": _("{where}: give at least one advice id"),
    }
    expected = {
        "phone": _("a phone number (digits, spaces, dots, +)"),
        "email": _("an e-mail address"),
        "website": _("an https:// address"),
        "link": _("an https:// address"),
        "id": _("an identifier: lowercase letters, digits and '_'"),
        "advice": _("an advice id: lowercase letters, digits and '_'"),
    }
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    choices = ", ".join(OFFER_KINDS) if name == "kind" else str(ctx.get("expected", "1"))
    template = messages.get(kind)
    if template is None:
        if kind.endswith("_type") or kind in {"model_type", "dict_type"}:
            template = _("{where}: expected {expected_type}, found another type")
        else:
            template = _("{where}: invalid value")
    message = template.format(
        where=where,
        value=repr(node) if not isinstance(node, dict | list) else "",
        expected=expected.get(name, name),
        length=ctx.get("length", ""),
        limit=ctx.get("limit", ctx.get("max_length", MAX_OFFERS)),
        code=ctx.get("code", ""),
        expected_type=_("a text") if kind == "string_type" else _("another type"),
    )
    if kind == "literal_error":
        message = _("{where}: {value} is not one of: {expected}").format(
            where=where, value=repr(node), expected=choices
        )
    return tuple(path), kind.replace("_", "-"), message, False


def _where(path: PathKey, document: Any) -> str:
    """``offer 'atelier': when``, ``structure.phone``: where in the file, in words."""
    if len(path) >= 2 and path[0] == "offers" and isinstance(path[1], int):
        offer = child_of(child_of(document, "offers"), path[1])
        ident = offer.get("id") if isinstance(offer, dict) else None
        named = (
            _("offer '{id}'").format(id=ident)
            if isinstance(ident, str)
            else _("offer {number}").format(number=path[1] + 1)
        )
        rest = ".".join(str(part) for part in path[2:] if isinstance(part, str))
        return _("{offer}: {key}").format(offer=named, key=rest) if rest else named
    return ".".join(str(part) for part in path) or _("the file")


def _known_keys(parent: PathKey) -> list[str]:
    shape = tuple("#" if isinstance(part, int) else part for part in parent)
    owners: dict[tuple[str, ...], type[BaseModel]] = {
        (): Structure,
        ("structure",): Contact,
        ("offers", "#"): Offer,
    }
    owner = owners.get(shape)
    return list(owner.model_fields) if owner is not None else []


def _duplicates(structure: Structure) -> list[tuple[PathKey, str, str, bool]]:
    seen: set[str] = set()
    found: list[tuple[PathKey, str, str, bool]] = []
    for index, offer in enumerate(structure.offers):
        if offer.id in seen:
            message = _("offers: two offers have the id '{id}'; give each its own").format(
                id=offer.id
            )
            found.append((("offers", index, "id"), "duplicate-id", message, False))
        seen.add(offer.id)
    return found
