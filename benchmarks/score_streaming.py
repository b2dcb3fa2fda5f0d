"""Benchmark: ``bonsclics score`` streams its file list, so memory stays flat with the count.

Run: ``.venv/bin/python benchmarks/score_streaming.py [COUNT]`` (default 200,000).

Writes COUNT tiny answers files (one small valid document, copied) in folders of
1,000, then runs ``score --format jsonl -j 1`` (output to /dev/null) on COUNT/10
and on COUNT files and prints the peak resident memory of each. A list of every
path would grow with the count (about 300 bytes a path); the streamed walk holds
one folder's listing at a time. Target: growth at most 1.2 for ten times the files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bonsclics_cli.questionnaire.catalog import DEFAULT_QUESTIONNAIRE, Catalog

TARGET_GROWTH = 1.2
PER_FOLDER = 1_000

PEAK_MEMORY = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def tiny_document() -> bytes:
    entry = Catalog().find(DEFAULT_QUESTIONNAIRE)
    assert entry is not None
    q = entry.questionnaire
    document = {
        "format": 1,
        "questionnaire": {"id": q.id, "version": q.version, "sha256": entry.sha256},
        "person": "BC-000001",
        "language": q.languages[0],
        "started_at": "2026-01-05T09:00:00+01:00",
        "updated_at": "2026-01-05T09:20:00+01:00",
        "completed_at": None,
        "answers": {},
    }
    return json.dumps(document).encode()


def write_files(root: Path, count: int, data: bytes) -> None:
    for number in range(count):
        folder = root / f"{number // PER_FOLDER:05d}"
        if number % PER_FOLDER == 0:
            folder.mkdir(parents=True)
        (folder / f"{number:07d}.json").write_bytes(data)


def peak(command: list[str]) -> tuple[int, float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, *command], capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip()), time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    small_count = count // 10
    data = tiny_document()
    with tempfile.TemporaryDirectory() as temporary:
        small, large = Path(temporary) / "small", Path(temporary) / "large"
        write_files(small, small_count, data)
        write_files(large, count, data)
        score = [sys.executable, "-m", "bonsclics_cli", "score", "--format", "jsonl", "-j", "1"]
        memory_small, time_small = peak([*score, str(small)])
        memory_large, time_large = peak([*score, str(large)])
    growth = memory_large / memory_small
    verdict = "ok" if growth <= TARGET_GROWTH else "ABOVE TARGET"
    print(f"score --format jsonl -j 1, tiny files, {PER_FOLDER:,} per folder")
    print(f"  {small_count:>9,} files: peak {memory_small / 1024:6.1f} MiB  ({time_small:.1f} s)")
    print(f"  {count:>9,} files: peak {memory_large / 1024:6.1f} MiB  ({time_large:.1f} s)")
    print(
        f"  growth for {count // small_count}x the files: {growth:.2f} (target <= {TARGET_GROWTH}) "
        f"{verdict}"
    )


if __name__ == "__main__":
    main()
