"""Answers documents for the API and recipe tests: coherent interviews, a few broken lines."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
)

STARTED = "2026-11-29T10:15:00+01:00"
ENDED = "2026-11-29T10:40:00+01:00"


def random_document(
    questionnaire: Questionnaire, rng: random.Random, person: str, *, finished: bool = True
) -> dict[str, Any]:
    """A valid answers document: applicable questions only, some states; unfinished stops early."""
    values: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    stop = len(questionnaire.questions) if finished else rng.randrange(1, 4)
    for question in questionnaire.questions[:stop]:
        if question.when is not None and not question.when.holds(values):
            continue
        roll = rng.random()
        if roll < 0.05:
            answers[question.id] = {"state": "dont_know"}
            continue
        if roll < 0.08:
            answers[question.id] = {"state": "declined"}
            continue
        value: Any
        if isinstance(question, SingleQuestion):
            value = rng.choice(question.options).value
        elif isinstance(question, MultipleQuestion):
            plain = [option.value for option in question.options if not option.exclusive]
            value = rng.sample(plain, rng.randint(1, len(plain)))
        elif isinstance(question, NumberQuestion):
            value = int(question.min or 0)
        else:
            value = "Les impôts en ligne."
        answers[question.id] = {"value": value}
        values[question.id] = value
    return {
        "format": 1,
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "sha256": questionnaire.sha256,
        },
        "person": person,
        "language": questionnaire.languages[0],
        "started_at": STARTED,
        "updated_at": ENDED,
        "completed_at": ENDED if finished else None,
        "answers": answers,
    }


def write_shards(
    folder: Path, questionnaires: Sequence[Questionnaire], shards: int, lines: int, seed: int = 7
) -> list[Path]:
    """SHARDS JSON Lines files of LINES documents: one in ten unfinished, a blank line and
    two broken lines (not JSON, an unknown option) in each shard."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for shard in range(shards):
        rows = []
        for line in range(lines):
            questionnaire = questionnaires[(shard + line) % len(questionnaires)]
            finished = rng.random() >= 0.1
            document = random_document(
                questionnaire, rng, f"BC-{shard:02d}{line:05d}", finished=finished
            )
            rows.append(json.dumps(document, ensure_ascii=False))
        rows[1] = "{ not json"
        broken = json.loads(rows[2])
        first = next(iter(broken["answers"]))
        broken["answers"][first] = {"value": "no-such-option"}
        rows[2] = json.dumps(broken)
        rows.insert(3, "")
        path = folder / f"shard-{shard:02d}.jsonl"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
