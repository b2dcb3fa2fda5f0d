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

from sample_answers import random_sheet

from bonsclics_cli.questionnaire.catalog import DEFAULT_QUESTIONNAIRE, Catalog, Entry

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


def write_files(folder: Path, count: int, entry: Entry) -> None:
    """COUNT files laid out like a data folder: one subfolder per person."""
    rng = random.Random(20261129)
    for number in range(count):
        started = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
        sheet = random_sheet(
            entry, rng, person=f"BC-{number:06d}", started=started + timedelta(minutes=47 * number)
        )
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
