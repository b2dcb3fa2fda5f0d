"""A person's sessions over time, per questionnaire, with the change since the previous one.

Pure apart from ``previous_card``, which looks the previous session up in the data folder.
Scores of different questionnaires are never compared; versions of one questionnaire are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bonsclics_cli.answers import AnswerSheet, LoadedAnswers
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import Domain, Questionnaire
from bonsclics_cli.scoring import DomainScore, ScoreCard, score
from bonsclics_cli.store import DataFolder, read_sessions


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
    for loaded in sorted(sessions, key=lambda item: (item.sheet.started_at, str(item.path))):
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


def previous_card(folder: DataFolder, catalog: Catalog, sheet: AnswerSheet) -> ScoreCard | None:
    """The latest scored session of the same person and questionnaire that started before
    ``sheet``, from the data folder (for "change since the previous session")."""
    if not folder.person_dir(sheet.person).is_dir():
        return None
    earlier = [
        loaded
        for loaded in read_sessions(folder, catalog, sheet.person).loaded
        if loaded.questionnaire.id == sheet.questionnaire.id
        and loaded.sheet.started_at < sheet.started_at
    ]
    for loaded in reversed(earlier):
        card = score(loaded.questionnaire, loaded.sheet)
        if card.score is not None:
            return card
    return None


@dataclass(frozen=True)
class PersonSummary:
    """One line of ``bonsclics persons``."""

    person: str
    sessions: int  # session files in their folder, readable or not
    last: ScoreCard | None  # their most recent readable session


def summarize_persons(folder: DataFolder, sessions: Sequence[LoadedAnswers]) -> list[PersonSummary]:
    latest: dict[str, LoadedAnswers] = {}
    for loaded in sessions:
        current = latest.get(loaded.sheet.person)
        if current is None or loaded.sheet.started_at >= current.sheet.started_at:
            latest[loaded.sheet.person] = loaded
    summaries = []
    for person in folder.persons():
        last = latest.get(person)
        summaries.append(
            PersonSummary(
                person,
                len(folder.sessions(person)),
                score(last.questionnaire, last.sheet) if last else None,
            )
        )
    return summaries
