"""Bring answers files collected elsewhere into the data folder, under their person.

Each file is checked exactly as ``score`` checks it (``answers.load_answers``).
A session is known by its person, questionnaire and start time: the same session
again is skipped, a different one with the same key is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bonsclics_cli.answers.checks import LoadedAnswers, load_each
from bonsclics_cli.answers.sheet import AnswerSheet, read_sheet, save_sheet
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import BonsclicsError
from bonsclics_cli.files import os_reason
from bonsclics_cli.i18n import _
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.store.folder import DataFolder


class Outcome(StrEnum):
    IMPORTED = "imported"
    SKIPPED = "skipped"  # already in the data folder, same content
    REFUSED = "refused"  # another session with the same person, questionnaire and start
    FAILED = "failed"  # not a valid answers file


@dataclass(frozen=True)
class ImportResult:
    source: str  # the file, or <file>:<line> for a line of a JSON Lines shard
    outcome: Outcome
    message: str
    stored: Path | None = None  # where the session is in the data folder
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.outcome in {Outcome.IMPORTED, Outcome.SKIPPED}


class StoredKeys:
    """The sessions of the data folder by person, questionnaire id and start, each person's
    folder read once: importing a person's thousandth session does not reread the others."""

    def __init__(self, folder: DataFolder) -> None:
        self.folder = folder
        self._by_person: dict[str, dict[tuple[str, datetime], tuple[Path, AnswerSheet]]] = {}

    def of(self, person: str) -> dict[tuple[str, datetime], tuple[Path, AnswerSheet]]:
        if person not in self._by_person:
            found: dict[tuple[str, datetime], tuple[Path, AnswerSheet]] = {}
            for path in self.folder.sessions(person):
                try:
                    stored = read_sheet(path)
                except BonsclicsError:
                    continue  # a damaged stored file is reported by the commands that read sessions
                found.setdefault((stored.questionnaire.id, stored.started_at), (path, stored))
            self._by_person[person] = found
        return self._by_person[person]

    def same_key(self, sheet: AnswerSheet) -> tuple[Path, AnswerSheet] | None:
        """The stored session of the same person and questionnaire that started at that moment."""
        return self.of(sheet.person).get((sheet.questionnaire.id, sheet.started_at))

    def add(self, path: Path, sheet: AnswerSheet) -> None:
        self.of(sheet.person)[(sheet.questionnaire.id, sheet.started_at)] = (path, sheet)


def import_files(folder: DataFolder, catalog: Catalog, files: Iterable[Path]) -> list[ImportResult]:
    """Import each file, and each line of a JSON Lines shard; one failure stops nothing."""
    keys = StoredKeys(folder)
    results: list[ImportResult] = []
    for path in files:
        for name, loaded in load_each(path, catalog):
            if isinstance(loaded, BonsclicsError):
                results.append(ImportResult(name, Outcome.FAILED, str(loaded)))
            else:
                results.append(_store(folder, name, loaded, keys))
    return results


def _store(
    folder: DataFolder, source: str, loaded: LoadedAnswers, keys: StoredKeys | None = None
) -> ImportResult:
    """Store one checked session, unless the data folder already holds it."""
    sheet = loaded.sheet
    keys = keys or StoredKeys(folder)
    same_key = keys.same_key(sheet)
    if same_key is not None:
        stored_path, stored = same_key
        if stored == sheet:
            return ImportResult(
                source,
                Outcome.SKIPPED,
                _("already in the data folder as {path}").format(path=_shown(folder, stored_path)),
                stored_path,
                loaded.warnings,
            )
        return ImportResult(
            source,
            Outcome.REFUSED,
            _(
                "{source}: not imported: the data folder already holds a different session of "
                "'{person}' for '{questionnaire}' started at {started} ({stored}, last updated "
                "{stored_updated}; this file: {updated}). "
                "Compare the two; if this file should replace it, remove the stored one first"
            ).format(
                source=source,
                person=sheet.person,
                questionnaire=sheet.questionnaire.id,
                started=sheet.started_at.isoformat(),
                stored=_shown(folder, stored_path),
                stored_updated=stored.updated_at.isoformat(),
                updated=sheet.updated_at.isoformat(),
            ),
            stored_path,
        )
    try:
        target = folder.new_session_path(sheet.person, sheet.questionnaire.id, sheet.started_at)
        with DataFolder.lock(target, clean=False):
            save_sheet(sheet, target)
    except OSError as exc:  # a full disk, a read-only data folder: nothing half-written is kept
        return ImportResult(
            source,
            Outcome.FAILED,
            _("{source}: not imported: cannot write in {folder}: {reason}").format(
                source=source, folder=folder.root, reason=os_reason(exc)
            ),
        )
    keys.add(target, sheet)
    return ImportResult(
        source,
        Outcome.IMPORTED,
        _("stored as {path}").format(path=_shown(folder, target)),
        target,
        loaded.warnings,
    )


def _shown(folder: DataFolder, path: Path) -> str:
    """A stored file's path inside the data folder, as people read it."""
    return path.relative_to(folder.root).as_posix()
