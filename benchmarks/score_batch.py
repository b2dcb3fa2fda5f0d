"""Benchmark: ``bonsclics score`` on 5,000 answers files, against the floor, in one run.

Run: ``.venv/bin/python benchmarks/score_batch.py [COUNT]`` (default 5,000).

Writes COUNT answers files for the default questionnaire into a temporary folder
(coherent interviews: only applicable questions, some "je ne sais pas" and
"ne souhaite pas répondre", some unfinished), and 1,000 more in a second folder,
then prints, best of 3 runs each, wall clock, fresh processes, output to /dev/null:

- ``score --format jsonl`` on COUNT files over the floor: a bare Python loop, also a
  fresh process, that only reads and ``json.loads`` the same files. Target <= 3.
- the marginal cost per file in one process (``-j 1``): (time at COUNT - time at
  1,000) / (COUNT - 1,000), over the floor's. Target <= 2.5.
- ``score --format table`` over ``--format jsonl``, time and peak memory. Target
  <= 1.5 for the time; the memory stays that of jsonl (beyond a screenful the
  table is plain lines written as files are scored).
- the peak memory of jsonl for 1,000 and COUNT files. Target: growth <= 1.5.

Timings depend on what else the machine is doing; the ratios are what to compare. The
commands run as installed, with their bytecode kept (``installed.py``).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from installed import installed_env, note
from sample_answers import random_sheet

from bonsclics_cli.questionnaire.catalog import DEFAULT_QUESTIONNAIRE, Catalog, Entry

TARGET_RATIO = 3.0
TARGET_MARGINAL = 2.5
TARGET_TABLE = 1.5
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
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False, env=installed_env())
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory_kib(command: list[str]) -> int:
    """The largest resident set of ``command`` or its workers, measured from a fresh parent."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, *command],
        capture_output=True,
        text=True,
        check=True,
        env=installed_env(),
    )
    return int(result.stdout.strip())


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    small_count = min(1_000, count // 2)
    entry = Catalog().find(DEFAULT_QUESTIONNAIRE)
    assert entry is not None
    print(f"bonsclics score: {count:,} answers files for {entry.questionnaire.id}")
    if note():
        print(note())
    with tempfile.TemporaryDirectory() as temporary:
        small, large = Path(temporary) / "small", Path(temporary) / "large"
        write_files(small, small_count, entry)
        write_files(large, count, entry)
        score = [sys.executable, "-m", "bonsclics_cli", "score"]
        floor = best_time([sys.executable, "-c", BARE_LOOP, str(large)])
        floor_small = best_time([sys.executable, "-c", BARE_LOOP, str(small)])
        jsonl = best_time([*score, str(large), "--format", "jsonl"])
        one = best_time([*score, str(large), "--format", "jsonl", "-j", "1"])
        one_small = best_time([*score, str(small), "--format", "jsonl", "-j", "1"])
        table = best_time([*score, str(large), "--format", "table"])
        extra = count - small_count
        marginal = (one - one_small) / extra
        floor_marginal = (floor - floor_small) / extra
        memory_small = peak_memory_kib([*score, str(small), "--format", "jsonl"])
        memory_large = peak_memory_kib([*score, str(large), "--format", "jsonl"])
        memory_table = peak_memory_kib([*score, str(large), "--format", "table"])
    rows = [
        (
            f"score --format jsonl, {count:,} files",
            f"{jsonl:.2f} s",
            f"{floor:.2f} s",
            jsonl / floor,
            TARGET_RATIO,
        ),
        (
            f"score --format jsonl -j 1, {count:,} files",
            f"{one:.2f} s",
            f"{floor:.2f} s",
            one / floor,
            TARGET_RATIO,
        ),
        (
            "score -j 1, marginal cost per file",
            f"{1e6 * marginal:.0f} µs",
            f"{1e6 * floor_marginal:.0f} µs",
            marginal / floor_marginal,
            TARGET_MARGINAL,
        ),
        (
            f"score --format table, {count:,} files",
            f"{table:.2f} s",
            f"jsonl {jsonl:.2f} s",
            table / jsonl,
            TARGET_TABLE,
        ),
        (
            f"table peak memory, {count:,} files",
            f"{memory_table / 1024:.0f} MiB",
            f"jsonl {memory_large / 1024:.0f} MiB",
            memory_table / memory_large,
            TARGET_TABLE,
        ),
        (
            f"jsonl peak memory, {small_count:,} -> {count:,} files",
            f"{memory_large / 1024:.0f} MiB",
            f"{memory_small / 1024:.0f} MiB",
            memory_large / memory_small,
            TARGET_MEMORY_GROWTH,
        ),
    ]
    print(f"{'measure':<44} {'bonsclics':>10} {'floor':>16} {'ratio':>6}  target")
    for name, measured, floor_text, ratio, target in rows:
        verdict = "ok" if ratio <= target else "ABOVE TARGET"
        print(f"{name:<44} {measured:>10} {floor_text:>16} {ratio:6.2f}  <= {target} {verdict}")


if __name__ == "__main__":
    main()
