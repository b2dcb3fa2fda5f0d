"""A year of diagnostics in the data folder: how the data folder commands scale.

Builds a folder of PERSONS persons with SESSIONS sessions each (default 1000 x 3, a busy
structure's year), then times, as ratios to a floor that reads every session file and
parses its JSON (which no command can avoid):

- each operation inside one process (best of 3), against that loop in the same process;
- the commands as a user types them (``bonsclics persons``, ``bonsclics export``), the
  whole process, output included (median of RUNS), against a Python process that finds,
  reads and parses the same files: the measure of issue 10's targets;
- export's steps one at a time (list, read and check, score, rows, CSV), as parts of the
  floor: where its time goes.

Run: python benchmarks/data_folder.py [--persons N] [--sessions N] [--runs N]. Not a
test: the machine's load varies; the ratios are what to watch. The commands run as
installed, with their bytecode kept (``installed.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bonsclics_cli.compat import UTC

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "store"))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from installed import installed_env, note
from store_helpers import catalog, make_sheet

from bonsclics_cli.answers.sheet import save_sheet
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.scoring.rules import standing
from bonsclics_cli.store.export import build_export
from bonsclics_cli.store.folder import DataFolder, read_sessions
from bonsclics_cli.store.history import person_history, summarize_persons
from bonsclics_cli.store.retention import Duration, forget, stale_persons

# Ceilings for each ratio to the floor; above them something scales badly.
# persons and export (issue 10): at most 3 times the floor; export is timed from the folder
# (read, check, then build the CSV), as the command does.
CEILINGS = {
    "persons (read, check, score all)": 3.0,
    "history of one person": 0.1,
    "export csv": 3.0,
    "export --anonymize csv": 3.0,
    "purge --dry-run": 6.0,
    "forget one person (with the scan)": 4.0,
}

# The commands, whole (issue 10: persons and export on 3,000 sessions, at most 3 times a
# process that finds, reads and parses the files).
COMMANDS = {
    "bonsclics persons": ["persons"],
    "bonsclics export": ["export"],
    "bonsclics export --anonymize": ["export", "--anonymize"],
}
COMMAND_CEILING = 3.0
FLOOR_SCRIPT = """
import json, sys
from pathlib import Path
for path in Path(sys.argv[1], "sessions").glob("*/*.json"):
    json.loads(path.read_bytes())
"""


def build(root: Path, persons: int, sessions: int) -> DataFolder:
    folder = DataFolder(root)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    for number in range(persons):
        for session in range(sessions):
            sheet = make_sheet(
                f"BC-{number:05d}",
                start + timedelta(days=number % 300 + 30 * session, minutes=number),
                profile="high" if (number + session) % 2 else "low",
                complete=session < sessions - 1 or number % 3 != 0,
            )
            save_sheet(
                sheet,
                folder.new_session_path(sheet.person, "autonomie-numerique", sheet.started_at),
            )
    return folder


def timed(action: Callable[[], object], runs: int = 3) -> float:
    """Best of ``runs``: the machine is shared, the best run is the least disturbed."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def launched(argv: list[str], runs: int) -> float:
    """Median wall time of the process, its output thrown away, after one warm-up run."""
    env = installed_env()
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def breakdown(folder: DataFolder, the_catalog: Catalog, files: list[Path]) -> dict[str, float]:
    """Export's steps one at a time: what each costs, each measured on the last one's output."""
    loaded = read_sessions(folder, the_catalog).loaded
    export = build_export(loaded)
    return {
        "list the folder": timed(folder.sessions),
        "read and parse (the floor)": timed(lambda: [json.loads(p.read_bytes()) for p in files]),
        "list, read, parse and check": timed(lambda: read_sessions(folder, the_catalog)),
        "score (no advice)": timed(
            lambda: [standing(s.questionnaire, s.answer_objects, s.marked_complete) for s in loaded]
        ),
        "score and build the rows": timed(lambda: build_export(loaded)),
        "write the CSV": timed(lambda: "".join(export.csv())),
    }


def commands(root: Path, runs: int) -> None:
    floor = launched([sys.executable, "-c", FLOOR_SCRIPT, str(root)], runs)
    print(f"The commands, whole (median of {runs}); floor (a Python process finding, reading")
    print(f"and parsing the files): {floor * 1000:.0f} ms{note()}")
    for name, args in COMMANDS.items():
        argv = [sys.executable, "-m", "bonsclics_cli", *args, "--data-dir", str(root)]
        seconds = launched(argv, runs)
        ratio = seconds / floor
        verdict = "ok" if ratio <= COMMAND_CEILING else "ABOVE CEILING"
        print(
            f"  {name:<36} {seconds * 1000:8.0f} ms  {ratio:6.1f} x floor "
            f"(ceiling {COMMAND_CEILING:g})  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = build(Path(temporary) / "data", options.persons, options.sessions)
        files = folder.sessions()
        the_catalog = catalog()
        the_catalog.entries  # load the questionnaires outside the timings  # noqa: B018
        # The floor is cheap and divides every ratio: its best of more runs, so that one
        # disturbed run cannot flatter the ratios.
        floor = timed(lambda: [json.loads(path.read_bytes()) for path in files], runs=9)
        steps = breakdown(folder, the_catalog, files)  # before "forget" erases a person
        results = {
            "persons (read, check, score all)": timed(
                lambda: summarize_persons(
                    folder, (stored := read_sessions(folder, the_catalog)).loaded, stored.counts
                )
            ),
            "history of one person": timed(
                lambda: person_history(read_sessions(folder, the_catalog, "BC-00007").loaded)
            ),
            "export csv": timed(
                lambda: "".join(build_export(read_sessions(folder, the_catalog).loaded).csv())
            ),
            "export --anonymize csv": timed(
                lambda: "".join(
                    build_export(read_sessions(folder, the_catalog).loaded, anonymize=True).csv()
                )
            ),
            "purge --dry-run": timed(
                lambda: stale_persons(folder, Duration.parse("24m"), datetime.now(UTC))
            ),
            "forget one person (with the scan)": timed(lambda: forget(folder, "BC-00011"), runs=1),
        }
        commands(Path(temporary) / "data", options.runs)
    print(
        f"Inside one process (best of 3), {len(files)} sessions, {options.persons} persons; "
        f"floor (read + parse JSON): {floor * 1000:.0f} ms"
    )
    for name, seconds in results.items():
        ratio = seconds / floor
        verdict = "ok" if ratio <= CEILINGS[name] else "ABOVE CEILING"
        print(
            f"  {name:<36} {seconds * 1000:8.0f} ms  {ratio:6.1f} x floor "
            f"(ceiling {CEILINGS[name]:g})  {verdict}"
        )
    print("Where export's time goes, step by step (best of 3), as parts of the same floor:")
    for name, seconds in steps.items():
        print(f"  {name:<36} {seconds * 1000:8.0f} ms  {seconds / floor:6.2f} x floor")


if __name__ == "__main__":
    main()
