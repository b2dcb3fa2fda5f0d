"""The session before this one, for a report's "change since last time".

The same rule as ``bonsclics history``: the latest session in the data folder of
the same person and questionnaire id (any version) that started earlier and has
a score. Each person's folder is read once per run, so a cohort stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bonsclics_cli.answers import AnswerSheet, LoadedAnswers
    from bonsclics_cli.questionnaire.catalog import Catalog
    from bonsclics_cli.scoring import ScoreCard
    from bonsclics_cli.store import DataFolder


@dataclass(frozen=True)
class Previous:
    card: ScoreCard
    path: Path


class PreviousSessions:
    """Looks up earlier sessions in one data folder; caches each person's sessions."""

    def __init__(self, folder: DataFolder, catalog: Catalog) -> None:
        self.folder = folder
        self.catalog = catalog
        self._sessions: dict[str, list[tuple[Path, AnswerSheet]]] = {}

    def _of(self, person: str) -> list[tuple[Path, AnswerSheet]]:
        from bonsclics_cli.answers import parse_sheet, read_sheet_bytes
        from bonsclics_cli.errors import BonsclicsError

        if person not in self._sessions:
            found = []
            try:
                paths = self.folder.sessions(person)
            except (BonsclicsError, OSError):
                paths = []
            for path in paths:
                try:
                    found.append((path, parse_sheet(read_sheet_bytes(path), str(path))))
                except BonsclicsError:
                    continue  # an unreadable earlier session: no change is shown from it
            self._sessions[person] = found
        return self._sessions[person]

    def before(self, loaded: LoadedAnswers) -> Previous | None:
        from bonsclics_cli.answers import load_answers
        from bonsclics_cli.errors import BonsclicsError
        from bonsclics_cli.scoring import score

        sheet = loaded.sheet
        current = loaded.path.resolve()
        earlier = sorted(
            (
                (other.started_at, path)
                for path, other in self._of(sheet.person)
                if path.resolve() != current
                and other.person == sheet.person
                and other.questionnaire.id == sheet.questionnaire.id
                and other.started_at < sheet.started_at
            ),
            reverse=True,
        )
        for _, path in earlier:
            try:
                found = load_answers(path, self.catalog)
            except BonsclicsError:
                continue
            card = score(found.questionnaire, found.sheet)
            if card.score is not None:
                return Previous(card, path)
        return None
