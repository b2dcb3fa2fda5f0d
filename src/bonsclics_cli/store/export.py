"""Exports of the data folder: one row per session (CSV or JSON Lines), and the right of access.

A row holds the person, the questionnaire and version, the dates, whether the
session is finished, the overall and per-domain scores and levels, then one
column per question with the answer or its state. With ``anonymize``, the rules
of ``anonymize.py`` apply. ``person_document`` is everything kept about one person.
"""

from __future__ import annotations

import base64
import json
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bonsclics_cli.answers.checks import LoadedAnswers, load_answers
from bonsclics_cli.errors import BonsclicsError, UnsafeFolderError
from bonsclics_cli.files import read_regular
from bonsclics_cli.i18n import _, joined
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    NumberQuestion,
    Questionnaire,
    TextQuestion,
)
from bonsclics_cli.reports.spreadsheet import csv_text
from bonsclics_cli.scoring.rules import score, standing
from bonsclics_cli.store.anonymize import (
    K_DEFAULT,
    KAnonymity,
    Pseudonyms,
    QuasiKind,
    band,
    k_anonymize,
    month,
    quasi_questions,
)
from bonsclics_cli.store.folder import DataFolder, NothingKeptError

NOT_CHOSEN = "(none)"  # a multiple question answered with no option, in CSV


def select(
    sessions: Iterable[LoadedAnswers],
    since: date | None = None,
    questionnaire_id: str | None = None,
) -> list[LoadedAnswers]:
    """Sessions started on or after ``since`` (their own date), of one questionnaire if given."""
    return [
        loaded
        for loaded in sessions
        if (since is None or loaded.started_at.date() >= since)
        and (questionnaire_id is None or loaded.questionnaire.id == questionnaire_id)
    ]


@dataclass(frozen=True)
class Export:
    """The records of an export, in row order, and the names of its columns."""

    records: list[dict[str, Any]]
    domain_ids: list[str]
    question_ids: list[str]
    anonymized: bool
    k_anonymity: KAnonymity | None = None  # what --anonymize generalised and suppressed

    @property
    def header(self) -> list[str]:
        dates = ["month"] if self.anonymized else ["started_at", "updated_at", "completed_at"]
        columns = ["person", "questionnaire", "version", *dates, "complete", "score", "level"]
        for domain_id in self.domain_ids:
            columns += [f"score_{domain_id}", f"level_{domain_id}"]
        return columns + self.question_ids

    def csv(self, delimiter: str = ";") -> Iterator[str]:
        return iter(
            csv_text(self.header, (self._row(record) for record in self.records), delimiter)
        )

    def jsonl(self) -> Iterator[str]:
        for record in self.records:
            yield json.dumps(record, ensure_ascii=False) + "\n"

    def _row(self, record: dict[str, Any]) -> list[object]:
        dates = (
            [record["month"]]
            if self.anonymized
            else [record["started_at"], record["updated_at"], record["completed_at"]]
        )
        row: list[object] = [
            record["person"],
            record["questionnaire"]["id"],
            record["questionnaire"]["version"],
            *dates,
            record["complete"],
            record["score"],
            record["level"],
        ]
        for domain_id in self.domain_ids:
            domain = record["domains"].get(domain_id, {})
            row += [domain.get("score"), domain.get("level")]
        answers = record["answers"]
        row += [_cell(answers.get(question_id)) for question_id in self.question_ids]
        return row


def _cell(answer: dict[str, Any] | None) -> object:
    if answer is None:
        return None
    if "state" in answer:
        return f"({answer['state']})"  # (dont_know), (declined), (withheld) by k-anonymity
    value = answer["value"]
    if isinstance(value, list):
        return ",".join(value) if value else NOT_CHOSEN
    return value


def build_export(
    sessions: Sequence[LoadedAnswers], *, anonymize: bool = False, k: int = K_DEFAULT
) -> Export:
    """The rows of ``sessions``; anonymised, they are also made k-anonymous (``anonymize.py``)."""
    pseudonyms = Pseudonyms() if anonymize else None
    records = [_record(loaded, pseudonyms) for loaded in sessions]
    report = None
    if anonymize:
        records, report = k_anonymize(records, quasi_identifiers(sessions), k)
        # Row order must not reveal the order of the real ids.
        records.sort(key=lambda record: (record["person"], record["month"]))
    # The columns of each questionnaire version met, in the order of their ids (a stable
    # sort keeps the order of the sessions between versions of one questionnaire).
    versions: dict[int, Questionnaire] = {}
    for loaded in sessions:
        versions.setdefault(id(loaded.questionnaire), loaded.questionnaire)
    domain_ids: dict[str, None] = {}
    question_ids: dict[str, None] = {}
    for q in sorted(versions.values(), key=lambda item: item.id):
        domain_ids.update((d.id, None) for d in q.domains)
        question_ids.update(
            (question.id, None)
            for question in q.questions
            if not (anonymize and _is_free_text(question))
        )
    return Export(records, list(domain_ids), list(question_ids), anonymize, report)


def quasi_identifiers(
    sessions: Iterable[LoadedAnswers],
) -> dict[tuple[str, str], list[tuple[str, QuasiKind]]]:
    """The quasi-identifying questions of each questionnaire version in ``sessions``."""
    found: dict[tuple[str, str], list[tuple[str, QuasiKind]]] = {}
    for loaded in sessions:
        q = loaded.questionnaire
        if (q.id, q.version) not in found:
            found[(q.id, q.version)] = quasi_questions(
                (question.id, question.type, question.domain) for question in q.questions
            )
    return found


def _is_free_text(question: AnyQuestion) -> bool:
    return isinstance(question, TextQuestion)


def _record(loaded: LoadedAnswers, pseudonyms: Pseudonyms | None) -> dict[str, Any]:
    # Straight from the checked document, scored as batch scoring does: no model per session.
    questionnaire, objects = loaded.questionnaire, loaded.answer_objects
    now = standing(questionnaire, objects, loaded.marked_complete)
    record: dict[str, Any] = {}
    if pseudonyms is not None:
        record["person"] = pseudonyms.of(loaded.person)
    else:
        record["person"] = loaded.person
    record["questionnaire"] = {"id": questionnaire.id, "version": questionnaire.version}
    if pseudonyms is not None:
        record["month"] = month(loaded.started_at)
    else:
        times = loaded.times
        record["started_at"] = times[0].isoformat()
        record["updated_at"] = times[1].isoformat()
        record["completed_at"] = times[2].isoformat() if times[2] else None
    record["complete"] = now.complete
    record["score"] = now.score
    record["level"] = now.level.id if now.level else None
    record["domains"] = {
        domain.id: {"score": score, "level": level.id if level else None}
        for domain, score, level in zip(
            questionnaire.domains, now.domain_scores, now.domain_levels, strict=True
        )
    }
    answers: dict[str, Mapping[str, Any]] = {}
    for question in questionnaire.questions:
        answer = objects.get(question.id)
        if answer is None:
            continue
        if pseudonyms is not None:
            if _is_free_text(question):
                continue
            answer = _banded(question, answer)
        # Not copied: the records are written, never changed (k-anonymity replaces an
        # answer in a record of its own, never changes the answer itself).
        answers[question.id] = answer
    record["answers"] = answers
    return record


def _banded(question: AnyQuestion, answer: Mapping[str, Any]) -> Mapping[str, Any]:
    value = answer.get("value")
    if isinstance(question, NumberQuestion) and isinstance(value, int | float):
        return {"value": band(value)}
    return answer


# --- the right of access ---------------------------------------------------------------


def person_document(
    folder: DataFolder, catalog: Catalog, person: str, now: datetime
) -> dict[str, Any]:
    """Everything kept about ``person``: each session as stored, with its score, and every
    other file of theirs (reports, temporaries), as text or base64."""
    files = folder.person_files(person)
    for path, mode in folder.person_entries(person):
        if not stat.S_ISDIR(mode):
            folder.note_skipped(path, mode)  # never followed: it may lead out of the folder
    if not files and folder.warnings:
        raise UnsafeFolderError(
            _("nothing exported: {reasons}").format(reasons=joined(folder.warnings))
        )
    if not files:
        raise NothingKeptError(
            _(
                "nothing is kept about '{person}' in {folder} "
                "(the ids there are listed by 'bonsclics persons')"
            ).format(person=person, folder=folder.root)
        )
    sessions = set(folder.sessions(person))
    document: dict[str, Any] = {
        "person": person,
        "data_folder": str(folder.root),
        "exported_at": now.isoformat(timespec="seconds"),
        "sessions": [],
        "other_files": [],
    }
    for path in files:
        relative = path.relative_to(folder.root).as_posix()
        if path.suffix == ".lock" and path.lstat().st_size == 0:
            continue  # an empty lock file holds nothing about anyone
        if path in sessions:
            document["sessions"].append(_session_entry(path, relative, catalog))
        else:
            document["other_files"].append(_file_entry(path, relative))
    return document


def _session_entry(path: Path, relative: str, catalog: Catalog) -> dict[str, Any]:
    entry = _file_entry(path, relative)
    text = entry.pop("text", None)
    if text is not None:
        try:
            entry["content"] = json.loads(text)
        except json.JSONDecodeError:
            entry["text"] = text
    try:
        loaded = load_answers(path, catalog, display=relative)
    except BonsclicsError as exc:
        entry["score"] = None
        entry["error"] = str(exc)
    else:
        entry["score"] = score(loaded.questionnaire, loaded.sheet).to_json(relative)
    return entry


def _file_entry(path: Path, relative: str) -> dict[str, Any]:
    data = read_regular(path)
    entry: dict[str, Any] = {"file": relative, "bytes": len(data)}
    try:
        entry["text"] = data.decode("utf-8")
    except UnicodeDecodeError:
        entry["base64"] = base64.b64encode(data).decode("ascii")
    return entry
