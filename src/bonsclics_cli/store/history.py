"""A person's sessions over time, per questionnaire, with the change since the previous one.

Pure apart from ``PreviousSessions``, which looks earlier sessions up in the data folder.
Scores of different questionnaires are never compared; versions of one questionnaire are.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bonsclics_cli.answers.checks import LoadedAnswers, load_answers
from bonsclics_cli.answers.sheet import read_sheet
from bonsclics_cli.errors import BonsclicsError
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import Domain, Level, Questionnaire
from bonsclics_cli.scoring.rules import DomainScore, ScoreCard, score, standing
from bonsclics_cli.store.folder import DataFolder


@dataclass(frozen=True)
class HistoryEntry:
    """One session, with the scored session before it (same questionnaire) when there is one."""

    path: Path
    card: ScoreCard
    previous: ScoreCard | None

    @property
    def change(self) -> int | None:
        """Overall score minus the previous session's, when both have a score."""
        if self.previous is None or self.card.score is None or self.previous.score is None:
            return None
        return self.card.score - self.previous.score

    def domain(self, domain_id: str) -> DomainScore | None:
        return _domain(self.card, domain_id)

    def domain_change(self, domain_id: str) -> int | None:
        now = self.domain(domain_id)
        before = _domain(self.previous, domain_id) if self.previous else None
        if now is None or before is None or now.score is None or before.score is None:
            return None
        return now.score - before.score


def _domain(card: ScoreCard, domain_id: str) -> DomainScore | None:
    return next((d for d in card.domains if d.domain.id == domain_id), None)


@dataclass(frozen=True)
class QuestionnaireHistory:
    """A person's sessions of one questionnaire, oldest first."""

    questionnaire: Questionnaire  # the most recent version used
    entries: tuple[HistoryEntry, ...]

    @property
    def domains(self) -> tuple[Domain, ...]:
        """Domains of the most recent version, then any only older versions had."""
        domains = list(self.questionnaire.domains)
        seen = {domain.id for domain in domains}
        for entry in self.entries:
            for domain_score in entry.card.domains:
                if domain_score.domain.id not in seen:
                    seen.add(domain_score.domain.id)
                    domains.append(domain_score.domain)
        return tuple(domains)


def person_history(sessions: Sequence[LoadedAnswers]) -> list[QuestionnaireHistory]:
    """Group a person's sessions by questionnaire id (sorted), each oldest first."""
    by_questionnaire: dict[str, list[LoadedAnswers]] = {}
    for loaded in sorted(sessions, key=lambda item: (item.started_at, str(item.path))):
        by_questionnaire.setdefault(loaded.questionnaire.id, []).append(loaded)
    histories = []
    for questionnaire_id in sorted(by_questionnaire):
        entries: list[HistoryEntry] = []
        previous: ScoreCard | None = None
        for loaded in by_questionnaire[questionnaire_id]:
            card = score(loaded.questionnaire, loaded.sheet)
            entries.append(HistoryEntry(loaded.path, card, previous))
            if card.score is not None:
                previous = card
        histories.append(
            QuestionnaireHistory(
                by_questionnaire[questionnaire_id][-1].questionnaire, tuple(entries)
            )
        )
    return histories


@dataclass(frozen=True)
class Previous:
    """An earlier session: its score card and where it is kept."""

    card: ScoreCard
    path: Path


class PreviousSessions:
    """The session before another, for "change since last time" in reports.

    The latest session in the data folder of the same person and questionnaire id
    (any version) that started earlier and has a score: the rule of the history.
    Each person's folder is read once, each earlier session scored at most once,
    and each lookup is a binary search: reporting on all of a person's sessions
    takes time linear in their number, not quadratic.
    """

    def __init__(self, folder: DataFolder, catalog: Catalog) -> None:
        self.folder = folder
        self.catalog = catalog
        # person -> questionnaire id -> [(started_at, resolved path, path)], oldest first
        self._sessions: dict[str, dict[str, list[tuple[datetime, Path, Path]]]] = {}
        self._starts: dict[tuple[str, str], list[datetime]] = {}  # the same, start times only
        self._cards: dict[Path, ScoreCard | None] = {}

    def _of(self, person: str) -> dict[str, list[tuple[datetime, Path, Path]]]:
        if person not in self._sessions:
            found: dict[str, list[tuple[datetime, Path, Path]]] = {}
            try:
                paths = self.folder.sessions(person)
            except (BonsclicsError, OSError):
                paths = []
            for path in paths:
                try:
                    sheet = read_sheet(path)
                except BonsclicsError:
                    continue  # an unreadable earlier session: no change is shown from it
                if sheet.person == person:
                    found.setdefault(sheet.questionnaire.id, []).append(
                        (sheet.started_at, path.resolve(), path)
                    )
            for questionnaire_id, runs in found.items():
                runs.sort(key=lambda item: (item[0], str(item[2])))
                self._starts[(person, questionnaire_id)] = [item[0] for item in runs]
            self._sessions[person] = found
        return self._sessions[person]

    def _card(self, path: Path) -> ScoreCard | None:
        if path not in self._cards:
            try:
                found = load_answers(path, self.catalog)
            except BonsclicsError:
                self._cards[path] = None
            else:
                self._cards[path] = score(found.questionnaire, found.sheet)
        return self._cards[path]

    def before(self, loaded: LoadedAnswers) -> Previous | None:
        sheet = loaded.sheet
        runs = self._of(sheet.person).get(sheet.questionnaire.id, [])
        current = loaded.path.resolve()
        starts = self._starts.get((sheet.person, sheet.questionnaire.id), [])
        position = bisect.bisect_left(starts, sheet.started_at)
        for _, resolved, path in reversed(runs[:position]):
            if resolved == current:
                continue
            card = self._card(path)
            if card is not None and card.score is not None:
                return Previous(card, path)
        return None


@dataclass(frozen=True)
class LastSession:
    """What the list of persons shows of a person's most recent readable session."""

    questionnaire: Questionnaire
    started_at: datetime
    complete: bool
    score: int | None
    level: Level | None


@dataclass(frozen=True)
class PersonSummary:
    """One line of ``bonsclics persons``."""

    person: str
    sessions: int  # session files in their folder, readable or not
    last: LastSession | None  # their most recent readable session, scored without advice


def summarize_persons(
    folder: DataFolder,
    sessions: Sequence[LoadedAnswers],
    counts: Mapping[str, int] | None = None,
) -> list[PersonSummary]:
    """One line per person; ``counts`` (from ``StoredSessions``) spares listing the folder again."""
    latest: dict[str, LoadedAnswers] = {}
    for loaded in sessions:
        current = latest.get(loaded.person)
        if current is None or loaded.started_at >= current.started_at:
            latest[loaded.person] = loaded
    summaries = []
    for person, count in (folder.session_counts() if counts is None else counts).items():
        last = latest.get(person)
        summaries.append(PersonSummary(person, count, _last_session(last) if last else None))
    return summaries


def _last_session(loaded: LoadedAnswers) -> LastSession:
    # Scored as batch scoring does, straight from the checked document: no model per person.
    q = loaded.questionnaire
    now = standing(q, loaded.answer_objects, loaded.marked_complete)
    return LastSession(q, loaded.started_at, now.complete, now.score, now.level)
