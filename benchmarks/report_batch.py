"""Benchmark: professional HTML reports for 1,000 answers files.

Run: ``.venv/bin/python benchmarks/report_batch.py [COUNT]``. Prints the time per
report for the whole command (read, check, score, look up the previous session,
render, write 0600) and for rendering alone, and their ratio to a floor: reading
and scoring the same files, the work no report can avoid. Target: under 20 ms per
report for the whole command.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bonsclics_cli.answers import (
    Answer,
    AnswerSheet,
    AnswerValue,
    QuestionnaireRef,
    load_answers,
    save_sheet,
)
from bonsclics_cli.cli.app import main
from bonsclics_cli.questionnaire.catalog import Catalog, Entry
from bonsclics_cli.questionnaire.model import MultipleQuestion, NumberQuestion, SingleQuestion
from bonsclics_cli.reports.registry import ReportRequest, render
from bonsclics_cli.scoring import score

TARGET_MS = 20.0


def random_sheet(entry: Entry, person: str, started: datetime, rng: random.Random) -> AnswerSheet:
    """A coherent interview: only applicable questions, some states, some unfinished."""
    q = entry.questionnaire
    values: dict[str, AnswerValue | None] = {}
    answers: dict[str, Answer] = {}
    stop = len(q.questions) if rng.random() < 0.85 else rng.randrange(len(q.questions))
    for question in q.questions[:stop]:
        if question.when is not None and not question.when.holds(values):
            continue
        roll = rng.random()
        if roll < 0.05:
            answers[question.id] = Answer.stated("dont_know")
            continue
        if roll < 0.08:
            answers[question.id] = Answer.stated("declined")
            continue
        value: Any
        if isinstance(question, SingleQuestion):
            value = rng.choice(question.options).value
        elif isinstance(question, MultipleQuestion):
            plain = [option.value for option in question.options if not option.exclusive]
            value = rng.sample(plain, rng.randint(0, len(plain)))
        elif isinstance(question, NumberQuestion):
            value = int(question.min or 0)
        else:
            value = "Apprendre à faire mes démarches <seule> & envoyer des photos."
        answers[question.id] = Answer.of(value)
        values[question.id] = value
    return AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=entry.sha256),
        person=person,
        language=rng.choice(q.languages),
        started_at=started,
        updated_at=started + timedelta(minutes=30),
        completed_at=started + timedelta(minutes=31) if stop == len(q.questions) else None,
        answers=answers,
    )


def main_benchmark(count: int) -> None:
    catalog = Catalog()
    entry = catalog.find("autonomie-numerique")
    assert entry is not None
    rng = random.Random(20261129)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        inputs, out = root / "answers", root / "reports"
        inputs.mkdir()
        start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
        for number in range(count):
            sheet = random_sheet(entry, f"BC-{number:05d}", start + timedelta(hours=number), rng)
            save_sheet(sheet, inputs / f"{number:05d}.json")
        files = sorted(inputs.glob("*.json"))

        began = time.perf_counter()
        loaded = [load_answers(file, catalog) for file in files]
        cards = [score(item.questionnaire, item.sheet) for item in loaded]
        floor = time.perf_counter() - began

        today = datetime.now().astimezone().date()
        began = time.perf_counter()
        for item, card in zip(loaded, cards, strict=True):
            render("html", "professional", ReportRequest(card, item.sheet.language, today))
        rendering = time.perf_counter() - began

        began = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the command lists what it wrote
            try:
                main(["report", str(inputs), "-o", str(out), "--data-dir", str(root / "data")])
            except SystemExit as exit_:
                if exit_.code not in (0, None):
                    raise
        command = time.perf_counter() - began
        written = len(list(out.iterdir()))

    per = {
        name: 1000 * seconds / count
        for name, seconds in (("floor", floor), ("render", rendering), ("command", command))
    }
    print(f"{count} answers files, {written} professional HTML reports written")
    print(f"floor (read + check + score):  {per['floor']:6.2f} ms per file")
    print(
        f"render only (view + HTML):     {per['render']:6.2f} ms per report  "
        f"({per['render'] / per['floor']:.1f} x floor)"
    )
    print(
        f"whole command (bonsclics report -o DIR): {per['command']:6.2f} ms per report  "
        f"({per['command'] / per['floor']:.1f} x floor)  target < {TARGET_MS:.0f} ms: "
        + ("met" if per["command"] < TARGET_MS else "MISSED")
    )


if __name__ == "__main__":
    main_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
