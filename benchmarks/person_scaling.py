"""One person with many sessions: person-level work must grow linearly, not quadratically.

Times ``import`` of N sessions of one person into an empty data folder, and ``report``
of all N (each looking up the previous session), at N = SMALL and N = LARGE (default
100 and 1,000), and prints the ratio of the times. Linear work gives a ratio near
LARGE / SMALL (10); quadratic work gives about its square (100). Issue 11 measured
38 s (import) and 27 s (report) at 1,000 sessions before the fix.

Run: python benchmarks/person_scaling.py [--small N] [--large N]. Not a test: the
machine's load varies; the ratios are what to watch.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "store"))

from store_helpers import make_sheet, run_cli, write_sheet

PERSON = "BC-7F3K9Q"
# The ratio of LARGE to SMALL times above which the work is no longer linear:
# linear is LARGE / SMALL, quadratic its square; half-way on a log scale is the ceiling.
CEILING_FACTOR = 2.0


def sessions(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    start = datetime(2020, 1, 6, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    return [
        write_sheet(
            make_sheet(
                PERSON, start + timedelta(days=index), profile="high" if index % 2 else "low"
            ),
            folder,
            f"{index:05d}.json",
        )
        for index in range(count)
    ]


def timed(count: int) -> tuple[float, float]:
    """Seconds for ``import`` then ``report`` of ``count`` sessions of one person."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        files = sessions(root / "incoming", count)
        data = root / "data"
        began = time.perf_counter()
        result = run_cli(["import", root / "incoming", "--data-dir", data])
        imported = time.perf_counter() - began
        assert result.exit_code == 0, result.stderr
        stored = data / "sessions" / PERSON
        began = time.perf_counter()
        result = run_cli(
            ["report", stored, "-f", "json", "-o", root / "reports", "--data-dir", data]
        )
        reported = time.perf_counter() - began
        assert result.exit_code == 0, result.stderr
        assert len(list((root / "reports").iterdir())) == len(files)
    return imported, reported


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    options = parser.parse_args()
    small = timed(options.small)
    large = timed(options.large)
    linear = options.large / options.small
    ceiling = linear * CEILING_FACTOR
    worst = 0.0
    print(f"sessions of one person: {options.small} then {options.large} (linear ratio {linear:g})")
    for name, before, after in zip(("import", "report"), small, large, strict=True):
        ratio = after / before
        worst = max(worst, ratio / linear)
        flag = "" if ratio <= ceiling else f"  ABOVE the ceiling {ceiling:g}: not linear"
        print(f"  {name:<7} {before:6.2f} s -> {after:6.2f} s   ratio {ratio:5.1f}{flag}")
    return 0 if worst <= CEILING_FACTOR else 1


if __name__ == "__main__":
    raise SystemExit(main())
