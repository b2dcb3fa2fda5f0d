"""Benchmark: ``bonsclics score DIR --format jsonl`` on 10,000 answers files.

Run: ``.venv/bin/python benchmarks/score_batch.py [COUNT]`` (default 10,000).

Writes COUNT answers files for the default questionnaire into a temporary folder
(coherent interviews: only applicable questions, some "je ne sais pas" and
"ne souhaite pas répondre", some unfinished), then prints:

- the ratio of the whole command (``python -m bonsclics_cli score DIR --format
  jsonl``, output to /dev/null) to the floor: a bare Python loop, also a fresh
  process, that only reads and ``json.loads`` the same files. Best of 3 runs
  each, wall clock. Target: at most 3.0.
- the peak memory (largest resident set of the command or any of its worker
  processes) for 1,000 and for COUNT files. Target: the larger at most 1.5
  times the smaller.

Timings depend on what else the machine is doing; the ratio is what to compare.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bonsclics_cli.answers import Answer, AnswerSheet, AnswerValue, QuestionnaireRef
from bonsclics_cli.questionnaire.catalog import DEFAULT_QUESTIONNAIRE, Catalog, Entry
from bonsclics_cli.questionnaire.model import MultipleQuestion, NumberQuestion, SingleQuestion

TARGET_RATIO = 3.0
TARGET_MEMORY_GROWTH = 1.5
RUNS = 3

BARE_LOOP = """
import json, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.json")):
    with open(path, "rb") as stream:
        json.loads(stream.read())
"""

PEAK_MEMORY = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def random_sheet(entry: Entry, number: int, rng: random.Random) -> AnswerSheet:
    """A coherent interview: applicable questions only, some states, one in ten unfinished."""
    q = entry.questionnaire
    values: dict[str, AnswerValue | None] = {}
    answers: dict[str, Answer] = {}
    finished = rng.random() < 0.9
    stop = len(q.questions) if finished else rng.randrange(len(q.questions))
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
            exclusive = [option.value for option in question.options if option.exclusive]
            value = rng.sample(plain, rng.randint(0, len(plain)))
            if not value and exclusive:
                value = exclusive[:1]
        elif isinstance(question, NumberQuestion):
            low = int(question.min if question.min is not None else 0)
            high = int(question.max if question.max is not None else 100)
            value = rng.randint(low, high)
        else:
            value = rng.choice(["", "Envoyer des photos à mes petits-enfants.", "Les impôts."])
        answers[question.id] = Answer.of(value)
        values[question.id] = value
    started = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1))) + timedelta(
        minutes=47 * number
    )
    updated = started + timedelta(minutes=rng.randint(10, 50))
    return AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=entry.sha256),
        person=f"BC-{number:06d}",
        language=rng.choice(q.languages),
        started_at=started,
        updated_at=updated,
        completed_at=updated if finished else None,
        answers=answers,
    )


def write_files(folder: Path, count: int, entry: Entry) -> None:
    """COUNT files laid out like a data folder: one subfolder per person."""
    rng = random.Random(20261129)
    for number in range(count):
        sheet = random_sheet(entry, number, rng)
        person = folder / sheet.person
        person.mkdir(parents=True)
        (person / f"2026-01-05-{entry.questionnaire.id}.json").write_text(
            sheet.to_json(), encoding="utf-8"
        )


def best_time(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory_kib(command: list[str]) -> int:
    """The largest resident set of ``command`` or its workers, measured from a fresh parent."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, *command], capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip())


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    entry = Catalog().find(DEFAULT_QUESTIONNAIRE)
    assert entry is not None
    print(f"bonsclics score: {count:,} answers files for {entry.questionnaire.id}")
    with tempfile.TemporaryDirectory() as temporary:
        small, large = Path(temporary) / "small", Path(temporary) / "large"
        write_files(small, min(1_000, count), entry)
        write_files(large, count, entry)
        score = [sys.executable, "-m", "bonsclics_cli", "score"]
        bare = best_time([sys.executable, "-c", BARE_LOOP, str(large)])
        whole = best_time([*score, str(large), "--format", "jsonl"])
        ratio = whole / bare
        print(f"bare read + json.loads loop: {bare:6.2f} s  ({1e6 * bare / count:5.0f} µs/file)")
        print(f"score --format jsonl:        {whole:6.2f} s  ({1e6 * whole / count:5.0f} µs/file)")
        verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
        print(f"ratio: {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")
        memory_small = peak_memory_kib([*score, str(small), "--format", "jsonl"])
        memory_large = peak_memory_kib([*score, str(large), "--format", "jsonl"])
        growth = memory_large / memory_small
        verdict = "ok" if growth <= TARGET_MEMORY_GROWTH else "ABOVE TARGET"
        print(f"peak memory, {min(1_000, count):,} files: {memory_small / 1024:6.1f} MiB")
        print(f"peak memory, {count:,} files: {memory_large / 1024:6.1f} MiB")
        print(f"memory growth: {growth:.2f}x (target <= {TARGET_MEMORY_GROWTH}) {verdict}")


if __name__ == "__main__":
    main()
