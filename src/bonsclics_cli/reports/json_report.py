"""The JSON report: the score result of docs/format.md §5, plus the answers with their labels.

The shape is documented in docs/guide-professionnel.en.md ("The JSON report") and pinned by tests:
keys are only ever added, never renamed or removed, within report format 1.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from functools import cache
from typing import Any

from bonsclics_cli.questionnaire.model import MultipleQuestion, SingleQuestion, json_number
from bonsclics_cli.scoring.rules import ScoreCard, question_points

REPORT_FORMAT = 1


def answers_json(card: ScoreCard, language: str) -> list[dict[str, Any]]:
    """Every question in file order: asked or not, its answer, its labels, its points."""
    q = card.questionnaire
    asked = {question.id for question in card.applicable}
    items = []
    for question in q.questions:
        answer = card.answer(question.id) if question.id in asked else None
        if question.id not in asked:
            status = "not_asked"
        elif answer is None:
            status = "unanswered"
        else:
            status = answer.state or "answered"
        value = answer.value if answer is not None else None
        labels = list(q.option_labels(question, value, language) or ())
        points = max_points = None
        if question.scored and isinstance(question, SingleQuestion | MultipleQuestion):
            got = question_points(question, answer) if question.id in asked else None
            if got is not None:
                points, max_points = json_number(got), json_number(question.maximum)
        items.append(
            {
                "id": question.id,
                "type": question.type,
                "domain": question.domain,
                "mode": question.mode,
                "prompt": q.text(question.prompt, language),
                "when": question.when.source if question.when else None,
                "status": status,
                "value": value,
                "labels": labels,
                "points": points,
                "max_points": max_points,
            }
        )
    return items


def report_json(
    card: ScoreCard,
    *,
    file: str,
    language: str,
    generated_on: date,
    previous: ScoreCard | None = None,
    previous_file: str | None = None,
) -> dict[str, Any]:
    """The JSON report object: the §5 keys first, then the report's own."""
    document = card.to_json(file)
    sheet = card.sheet
    document.update(
        {
            "report_format": REPORT_FORMAT,
            "language": language,
            "generated_on": generated_on.isoformat(),
            "questionnaire_sha256": sheet.questionnaire.sha256,
            "started_at": sheet.started_at.isoformat(),
            "completed_at": sheet.completed_at.isoformat() if sheet.completed_at else None,
            "unanswered": list(card.unanswered),
            "answers": answers_json(card, language),
            "previous": None,
            "held_down": [
                {
                    "level": level.id,
                    "requires": level.requires.source if level.requires else None,
                    "names": sorted(level.requires.names()) if level.requires else [],
                }
                for level in card.held
            ],
        }
    )
    if previous is not None:
        before = {item.domain.id: item.score for item in previous.domains}
        document["previous"] = {
            "file": previous_file,
            "started_at": previous.sheet.started_at.isoformat(),
            "score": previous.score,
            "level": previous.level.id if previous.level else None,
            "change": _change(card.score, previous.score),
            "domains": [
                {
                    "id": item.domain.id,
                    "score": before.get(item.domain.id),
                    "change": _change(item.score, before.get(item.domain.id)),
                }
                for item in card.domains
            ],
        }
    return document


def _change(now: int | None, before: int | None) -> int | None:
    return now - before if now is not None and before is not None else None


def render(document: dict[str, Any]) -> str:
    """Readable UTF-8 JSON in which no character can act on a terminal or an editor.

    ``json.dumps`` already escapes control characters; invisible format characters
    (bidirectional overrides, zero-width marks) and line separators are escaped too.
    Escapes are lossless: the parsed document is exactly the same.
    """
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _invisible().sub(lambda m: json.dumps(m.group()).strip('"'), text) + "\n"


@cache
def _invisible() -> re.Pattern[str]:
    characters = (chr(code) for code in range(0xA0, 0x10000))
    wanted = "".join(c for c in characters if unicodedata.category(c) in {"Cf", "Zl", "Zp"})
    return re.compile(f"[{re.escape(wanted)}\U000e0000-\U000e007f]")  # and the tag characters
