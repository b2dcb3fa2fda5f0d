"""Located findings: ``FILE:LINE:COL: severity: message; hint``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches

from bonsclics_cli.compat import StrEnum
from bonsclics_cli.i18n import _


class Severity(StrEnum):
    """How serious a finding is: the value is the stable code of the JSON output."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The one word for this severity in the user's language (``erreur``, ``error``)."""
        return _("error") if self is Severity.ERROR else _("warning")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file, at a line and column (1-based)."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.severity.label}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, object]:
        """The finding as ``validate --format json`` prints it (keys pinned by the tests)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def findings_document(files: Iterable[str], findings: Sequence[Finding]) -> dict[str, object]:
    """The JSON document of a validation: the files checked, the counts, every finding."""
    errors = sum(finding.is_error for finding in findings)
    return {
        "files": list(files),
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [finding.to_json() for finding in findings],
    }


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean" hint when a candidate is close to ``word``."""
    matches = get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return _("did you mean '{word}'?").format(word=matches[0]) if matches else None


PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding before it is located: the document path it is about.

    ``at_key`` points at the key rather than its value; ``offset`` is a 0-based
    position inside a string value (a condition's syntax error, say).
    """

    path: PathKey
    severity: Severity
    code: str
    message: str
    hint: str | None = None
    at_key: bool = False
    offset: int | None = None


def error(
    path: PathKey,
    code: str,
    message: str,
    hint: str | None = None,
    *,
    at_key: bool = False,
    offset: int | None = None,
) -> Problem:
    return Problem(path, Severity.ERROR, code, message, hint, at_key, offset)


def warning(path: PathKey, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(path, Severity.WARNING, code, message, hint)
