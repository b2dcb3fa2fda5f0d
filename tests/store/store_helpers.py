"""Helpers for the data folder tests: answers files built with AnswerSheet, and a CLI runner
that goes through ``main`` (the one error handler), so stderr and exit codes are the real ones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from cli_runner import Outcome as Outcome
from cli_runner import run_cli as run_cli

from bonsclics_cli.answers.sheet import (
    Answer,
    AnswerSheet,
    AnswerValue,
    QuestionnaireRef,
    save_sheet,
)
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
)

STORE_FIXTURES = Path(__file__).parent / "fixtures"
SUIVI_AGE = STORE_FIXTURES / "suivi-age.toml"
PARIS = timezone(timedelta(hours=1))
DEFAULT = "autonomie-numerique"


def pick_answers(
    questionnaire: Questionnaire, profile: str = "high", text: str = "Faire mes démarches"
) -> dict[str, Answer]:
    """Answers to every applicable question: the best options ('high') or the worst ('low')."""
    answers: dict[str, Answer] = {}
    values: dict[str, AnswerValue | None] = {}
    for question in questionnaire.questions:
        if question.when is not None and not question.when.holds(values):
            continue
        value: AnswerValue
        if isinstance(question, SingleQuestion) and not question.scored:
            # Context questions list the most at-ease answer first.
            options = question.options
            value = (options[0] if profile == "high" else options[-1]).value
        elif isinstance(question, SingleQuestion):
            ranked = sorted(question.options, key=lambda o: o.points or 0)
            value = (ranked[-1] if profile == "high" else ranked[0]).value
        elif isinstance(question, MultipleQuestion):
            if profile == "high":
                value = [
                    o.value
                    for o in question.options
                    if not o.exclusive and (o.points is None or o.points > 0)
                ]
            else:
                value = [o.value for o in question.options if o.exclusive][:1]
        elif isinstance(question, NumberQuestion):
            number = 47 if profile == "high" else 23
            if question.max is not None:
                number = min(number, int(question.max))
            value = number
        else:
            value = text
        answers[question.id] = Answer.of(value)
        values[question.id] = value
    return answers


@cache
def catalog() -> Catalog:
    """The bundled questionnaires and ``suivi-age`` (a number and a text question)."""
    return Catalog([SUIVI_AGE])


def make_sheet(
    person: str = "BC-7F3K9Q",
    started_at: datetime = datetime(2026, 3, 14, 10, 15, tzinfo=PARIS),
    *,
    questionnaire: str = DEFAULT,
    profile: str = "high",
    answers: dict[str, Answer] | None = None,
    complete: bool = True,
    text: str = "Faire mes démarches",
    **extra: Any,
) -> AnswerSheet:
    """A sheet for the bundled ``autonomie-numerique`` (or another catalog questionnaire)."""
    entry = catalog().find(questionnaire)
    assert entry is not None
    q = entry.questionnaire
    return AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=entry.sha256),
        person=person,
        language=q.default_language,
        started_at=started_at,
        updated_at=started_at + timedelta(minutes=31),
        completed_at=started_at + timedelta(minutes=31) if complete else None,
        answers=pick_answers(q, profile, text) if answers is None else answers,
        **extra,
    )


def store(sheet: AnswerSheet, data_dir: Path) -> Path:
    """Put ``sheet`` in the data folder as an interview would."""
    from bonsclics_cli.store.folder import DataFolder

    path = DataFolder(data_dir).new_session_path(
        sheet.person, sheet.questionnaire.id, sheet.started_at
    )
    save_sheet(sheet, path)
    return path


def write_sheet(sheet: AnswerSheet, folder: Path, name: str | None = None) -> Path:
    path = folder / (name or f"{sheet.person}-{sheet.started_at:%Y%m%d%H%M}.json")
    save_sheet(sheet, path)
    return path


def all_bytes(root: Path) -> bytes:
    """Every file name and every byte under ``root``, for searching."""
    chunks = []
    for path in sorted(root.rglob("*")):
        chunks.append(str(path.relative_to(root)).encode())
        if path.is_file():
            chunks.append(path.read_bytes())
    return b"\n".join(chunks)
