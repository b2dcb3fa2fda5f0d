"""Start-up, in one run: the three targets of the command line's own cost.

- ``bonsclics --help``: at most 1.3 times a bare two-command Typer app;
- ``bonsclics run``, launch to the first prompt drawn in a terminal: at most 0.2 s
  (floor: a bare questionary prompt);
- ``bonsclics report FILE`` of one answers file, the whole command: at most 0.2 s
  (floor: starting Python, reading the file and ``json.loads``).

Run: python benchmarks/startup.py [--runs N]. Prints medians, ratios to the floors and
the verdicts (not a test: the machine's load varies). The start-up figures of
docs/contributing.md come from this script. The commands run as installed, with their
bytecode kept (``installed.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect
from installed import installed_env, note
from sample_answers import random_sheet

from bonsclics_cli.answers.sheet import save_sheet
from bonsclics_cli.cli.wording import wording_for
from bonsclics_cli.questionnaire.catalog import Catalog

HELP_RATIO = 1.3
SECONDS = 0.2
BARE_APP = '''
import typer

app = typer.Typer({options})


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    typer.echo(f"Hello {name}")


@app.command()
def goodbye(name: str) -> None:
    """Say goodbye."""
    typer.echo(f"Goodbye {name}")


if __name__ == "__main__":
    app()
'''
BARE_PROMPT = """
import questionary

questionary.select("Bare prompt?", choices=["Yes", "No"]).ask()
"""
BARE_READ = """
import json, sys
from pathlib import Path

json.loads(Path(sys.argv[1]).read_bytes())
"""


Timing = tuple[float, float]  # wall-clock seconds, CPU seconds of the process


def median(measure: Callable[[], Timing], runs: int) -> Timing:
    measure()  # warm the file cache
    timings = [measure() for _ in range(runs)]
    return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)


def command_seconds(command: list[str]) -> Callable[[], Timing]:
    def measure() -> Timing:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=installed_env()
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
        return wall, usage.ru_utime + usage.ru_stime

    return measure


def cpu_seconds(pid: int) -> float:
    """The CPU time a running process has used so far (Linux, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prompt_seconds(command: list[str], expected: str) -> Callable[[], Timing]:
    """Seconds from launch until ``expected`` is on the terminal's screen."""

    def measure() -> Timing:
        start = time.perf_counter()
        child = pexpect.spawn(
            command[0],
            command[1:],
            dimensions=(50, 250),
            env=installed_env(),
            timeout=30,
            encoding="utf-8",
        )
        child.expect_exact(expected)
        seconds = time.perf_counter() - start
        cpu = cpu_seconds(child.pid)
        child.terminate(force=True)
        return seconds, cpu

    return measure


def verdict(ok: bool) -> str:
    return "within" if ok else "ABOVE"


def ms(timing: Timing) -> str:
    return f"{timing[0] * 1000:.0f} ms (CPU {timing[1] * 1000:.0f} ms)"


def show_help(runs: int, folder: Path) -> None:
    ours = median(command_seconds([sys.executable, "-m", "bonsclics_cli", "--help"]), runs)
    print(f"bonsclics --help: {ms(ours)}")
    # Typer's defaults render help with Rich; bonsclics renders plain help
    # (rich_markup_mode=None), so the fair floor is the bare app with the same setting.
    variants = {"defaults": "", "plain help, as bonsclics": "rich_markup_mode=None"}
    for name, options in variants.items():
        bare = folder / "bare_app.py"
        bare.write_text(BARE_APP.replace("{options}", options), encoding="utf-8")
        floor = median(command_seconds([sys.executable, str(bare), "--help"]), runs)
        ratio = ours[0] / floor[0]
        print(
            f"  bare two-command Typer app ({name}): {ms(floor)}; ratio {ratio:.2f} "
            f"({verdict(ratio <= HELP_RATIO)} the target of {HELP_RATIO})"
        )


def show_run(runs: int, folder: Path) -> None:
    bare = folder / "bare_prompt.py"
    bare.write_text(BARE_PROMPT, encoding="utf-8")
    floor = median(prompt_seconds([sys.executable, str(bare)], "Bare prompt?"), runs)
    question = wording_for("fr").informed_question[:40]
    command = [sys.executable, "-m", "bonsclics_cli", "run", "--person", "BC-BENCH"]
    command += ["--data-dir", str(folder / "data")]
    ours = median(prompt_seconds(command, question), runs)
    print(
        f"bonsclics run, launch to the first prompt: {ms(ours)} "
        f"({verdict(ours[0] <= SECONDS)} the target of {SECONDS * 1000:.0f} ms); "
        f"a bare questionary prompt: {ms(floor)}; ratio {ours[0] / floor[0]:.2f}"
    )


def show_report(runs: int, folder: Path) -> None:
    entry = Catalog().find("autonomie-numerique")
    assert entry is not None
    started = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    sheet = random_sheet(entry, random.Random(7), person="BC-BENCH", started=started)
    answers = folder / "answers.json"
    save_sheet(sheet, answers)
    bare = folder / "bare_read.py"
    bare.write_text(BARE_READ, encoding="utf-8")
    floor = median(command_seconds([sys.executable, str(bare), str(answers)]), runs)
    data = ["--data-dir", str(folder / "data")]
    for output_format in ("html", "json"):
        command = [sys.executable, "-m", "bonsclics_cli", "report", str(answers), *data]
        ours = median(command_seconds([*command, "--format", output_format]), runs)
        print(
            f"bonsclics report of one file, --format {output_format}: {ms(ours)} "
            f"({verdict(ours[0] <= SECONDS)} the target of {SECONDS * 1000:.0f} ms); "
            f"read + json.loads: {ms(floor)}; ratio {ours[0] / floor[0]:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    load = os.getloadavg()[0]
    print(f"medians of {runs} runs; load average {load:.1f} on {os.cpu_count()} cores")
    if note():
        print(note())
    if load > 1:
        print("  (a busy machine: wall-clock times are inflated; CPU times much less so)")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        show_help(runs, folder)
        show_run(runs, folder)
        show_report(runs, folder)


if __name__ == "__main__":
    main()
