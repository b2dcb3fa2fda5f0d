"""Where questionnaires come from: the bundled ones plus the paths a user names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bonsclics_cli.errors import InvalidInputError, UsageError
from bonsclics_cli.files import find_files
from bonsclics_cli.i18n import _
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
    """The questionnaires available to a command, each loaded once and only when needed.

    The user's own files (``-q``) come first on a clash of id and version. Finding one
    questionnaire by id loads the user's files and the bundled file named after the id,
    not every bundled questionnaire: a command that needs one does not pay for the others.
    """

    def __init__(self, extra: Sequence[Path] = (), *, include_bundled: bool = True) -> None:
        self._extra = list(extra)
        self._include_bundled = include_bundled
        self._loaded: dict[int, Entry | LoadResult] = {}  # by position among the sources
        self._seen: set[Path] = set()
        self._found: dict[tuple[str, str | None], Entry] = {}  # what find gave, by id and version

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Catalog:
        """A catalog of questionnaires already loaded (by the public API, say): no file is read."""
        catalog = cls(include_bundled=False)
        given = list(entries)
        catalog.__dict__["_sources"] = [(entry.path, entry.bundled) for entry in given]
        catalog._loaded = dict(enumerate(given))
        return catalog

    @property
    def extra_paths(self) -> list[Path]:
        """The files and folders given beside the bundled questionnaires (``-q``)."""
        return list(self._extra)

    @cached_property
    def _sources(self) -> list[tuple[Path, bool]]:
        sources = [(path, False) for path in find_files(self._extra, ".toml")]
        if self._include_bundled:
            sources += [(path, True) for path in find_files([bundled_dir()], ".toml")]
        return sources

    def _load(self, index: int) -> Entry | LoadResult | None:
        """The source at ``index``, loaded once; None when an earlier source is the same file."""
        if index not in self._loaded:
            path, bundled = self._sources[index]
            resolved = path.resolve()
            if resolved in self._seen:
                return None
            self._seen.add(resolved)
            result = load_file(path)
            if result.questionnaire is None or result.sha256 is None:
                self._loaded[index] = result
            else:
                self._loaded[index] = Entry(result.questionnaire, result.sha256, path, bundled)
        return self._loaded[index]

    def _load_all(self) -> list[Entry | LoadResult]:
        loaded = (self._load(index) for index in range(len(self._sources)))
        return [item for item in loaded if item is not None]

    @property
    def entries(self) -> list[Entry]:
        """Valid questionnaires; on a clash of id and version the user's own come first."""
        return [item for item in self._load_all() if isinstance(item, Entry)]

    @property
    def invalid(self) -> list[LoadResult]:
        """Files that were named but are not valid questionnaires."""
        return [item for item in self._load_all() if isinstance(item, LoadResult)]

    def find(self, questionnaire_id: str, version: str | None = None) -> Entry | None:
        """The user's files first, then the bundled file named after the id, then the rest.

        Called for every answers file of a batch: what was found is remembered.
        """
        key = (questionnaire_id, version)
        found = self._found.get(key)
        if found is None:
            found = self._find(questionnaire_id, version)
            if found is not None:
                self._found[key] = found
        return found

    def _find(self, questionnaire_id: str, version: str | None) -> Entry | None:

        def matches(item: Entry | LoadResult | None) -> bool:
            if not isinstance(item, Entry):
                return False
            q = item.questionnaire
            return q.id == questionnaire_id and (version is None or q.version == version)

        user = [index for index, (_, bundled) in enumerate(self._sources) if not bundled]
        named = [
            index
            for index, (path, bundled) in enumerate(self._sources)
            if bundled and path.stem == questionnaire_id
        ]
        rest = [index for index in range(len(self._sources)) if index not in {*user, *named}]
        for index in (*user, *named, *rest):
            item = self._load(index)
            if matches(item):
                assert isinstance(item, Entry)
                return item
        return None

    def resolve(self, reference: str) -> Entry:
        """An id, or the path of a questionnaire file."""
        path = Path(reference)
        if path.suffix == ".toml" or path.is_file():
            if not path.is_file():
                raise UsageError(
                    _("{reference}: no such questionnaire file").format(reference=reference)
                )
            result = load_file(path)
            if result.questionnaire is None or result.sha256 is None:
                details = "\n".join(str(finding) for finding in result.errors)
                raise InvalidInputError(
                    _("{reference} is not a valid questionnaire:").format(reference=reference)
                    + "\n"
                    + details
                )
            return Entry(result.questionnaire, result.sha256, path, bundled=False)
        entry = self.find(reference)
        if entry is None:
            known = [entry.questionnaire.id for entry in self.entries]
            hint = did_you_mean(reference, known)
            if hint is None:
                listed = ", ".join(known) or _("none")
                hint = _("available: {ids}").format(ids=listed)
            message = _("no questionnaire with id '{id}'").format(id=reference)
            raise UsageError(f"{message}; {hint}")
        return entry


def chosen_language(questionnaire: Questionnaire, wanted: str | None) -> str:
    """The language asked for (``--lang``), else the questionnaire's first; a language
    the questionnaire does not have is a usage error."""
    language = wanted or questionnaire.default_language
    if language not in questionnaire.languages:
        raise UsageError(
            _("language '{language}' is not one of the questionnaire's: {languages}").format(
                language=language, languages=", ".join(questionnaire.languages)
            )
        )
    return language
