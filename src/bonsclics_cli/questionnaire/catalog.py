"""Where questionnaires come from: the bundled ones plus the paths a user names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bonsclics_cli.errors import InvalidInputError, UsageError
from bonsclics_cli.files import find_files
from bonsclics_cli.questionnaire.findings import did_you_mean
from bonsclics_cli.questionnaire.loader import LoadResult, load_file
from bonsclics_cli.questionnaire.model import Questionnaire

DEFAULT_QUESTIONNAIRE = "autonomie-numerique"


def bundled_dir() -> Path:
    """The bundled questionnaires: inside the installed package, or the source checkout's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "questionnaires"
    if installed.is_dir():
        return installed
    return package.parent.parent / "questionnaires"


@dataclass(frozen=True)
class Entry:
    """A valid questionnaire and where it came from."""

    questionnaire: Questionnaire
    sha256: str
    path: Path
    bundled: bool


class Catalog:
    """The questionnaires available to a command, loaded once each."""

    def __init__(self, extra: Sequence[Path] = (), *, include_bundled: bool = True) -> None:
        self._extra = list(extra)
        self._include_bundled = include_bundled

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Catalog:
        """A catalog of questionnaires already loaded (by the public API, say): no file is read."""
        catalog = cls(include_bundled=False)
        catalog.__dict__["_loaded"] = (list(entries), [])
        return catalog

    @cached_property
    def _loaded(self) -> tuple[list[Entry], list[LoadResult]]:
        entries: list[Entry] = []
        invalid: list[LoadResult] = []
        sources = [(path, False) for path in find_files(self._extra, ".toml")]
        if self._include_bundled:
            sources += [(path, True) for path in find_files([bundled_dir()], ".toml")]
        seen: set[Path] = set()
        for path, bundled in sources:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            result = load_file(path)
            if result.questionnaire is None or result.sha256 is None:
                invalid.append(result)
            else:
                entries.append(Entry(result.questionnaire, result.sha256, path, bundled))
        return entries, invalid

    @property
    def entries(self) -> list[Entry]:
        """Valid questionnaires; on a clash of id and version the user's own come first."""
        return self._loaded[0]

    @property
    def invalid(self) -> list[LoadResult]:
        """Files that were named but are not valid questionnaires."""
        return self._loaded[1]

    def find(self, questionnaire_id: str, version: str | None = None) -> Entry | None:
        for entry in self.entries:
            q = entry.questionnaire
            if q.id == questionnaire_id and (version is None or q.version == version):
                return entry
        return None

    def resolve(self, reference: str) -> Entry:
        """An id, or the path of a questionnaire file."""
        path = Path(reference)
        if path.suffix == ".toml" or path.is_file():
            if not path.is_file():
                raise UsageError(f"{reference}: no such questionnaire file")
            result = load_file(path)
            if result.questionnaire is None or result.sha256 is None:
                details = "\n".join(str(finding) for finding in result.errors)
                raise InvalidInputError(f"{reference} is not a valid questionnaire:\n{details}")
            return Entry(result.questionnaire, result.sha256, path, bundled=False)
        entry = self.find(reference)
        if entry is None:
            known = [entry.questionnaire.id for entry in self.entries]
            hint = did_you_mean(reference, known)
            raise UsageError(
                f"no questionnaire with id '{reference}'"
                + (f"; {hint}" if hint else f"; available: {', '.join(known) or 'none'}")
            )
        return entry
