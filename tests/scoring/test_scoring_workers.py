"""Worker processes of a parallel ``score``: bounded in number, never left behind.

The signal tests run the real command in a subprocess whose output pipe is not
read: once the pipe is full the parent waits in a write, with its workers alive
and idle, a state reached every time (no sleep-and-hope). Then the parent gets a
signal and every worker must be gone within a bounded wait.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from scoring_helpers import (
    RULES_TOML,
    document,
    questionnaire,
    run_cli,
    write_json,
    write_questionnaire,
)

from bonsclics_cli.scoring import batch

RULES = questionnaire(RULES_TOML)
WORKERS = 2
# Enough files for the pool (batch.PARALLEL_MIN_FILES) and for output well past a pipe's
# 64 KiB buffer, so that the parent blocks writing while its workers are alive.
FILES = 1200
BOUND_SECONDS = 30.0

linux_with_cores = pytest.mark.skipif(
    sys.platform != "linux" or batch.available_cores() < WORKERS,
    reason="needs Linux (/proc lists the workers) and at least two cores for a pool",
)


def wait_until(condition: Callable[[], bool], seconds: float = BOUND_SECONDS) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` have passed; its last value."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        time.sleep(0.05)
    return True


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (dead, waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def workers_of(parent: int) -> set[int]:
    """The children of ``parent`` that run the same command line (forked pool workers)."""
    try:
        command = Path(f"/proc/{parent}/cmdline").read_bytes()
    except OSError:
        return set()
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            same = (entry / "cmdline").read_bytes() == command
        except OSError:
            continue
        if int(fields[1]) == parent and same and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def kill_left_behind(workers: set[int]) -> None:
    """A failed test must not leave its orphans running."""
    for pid in workers:
        with contextlib.suppress(OSError):
            # Only a process still running this command: never one that took a freed pid.
            if (
                running(pid)
                and b"bonsclics_cli\0score" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def answers_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("workers")
    rules = write_questionnaire(root / "q", RULES_TOML)
    for number in range(FILES):
        answers = {"connexion": ["fibre", "mobile", "aucune"][number % 3], "age": 20 + number % 70}
        write_json(
            root / "a" / f"{number:05d}.json",
            document(RULES, answers, person=f"BC-{number:05d}"),
        )
    return rules, root / "a"


def _sigint_as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_parallel_score(
    folder: tuple[Path, Path], *, own_group: bool = False
) -> tuple[subprocess.Popen[bytes], set[int]]:
    rules, answers = folder
    command = [sys.executable, "-m", "bonsclics_cli", "score", "-j", str(WORKERS)]
    process = subprocess.Popen(
        [*command, "-q", str(rules), "-f", "jsonl", str(answers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=own_group,
        # As from a terminal's shell. A suite started in the background (`.ci/run &`)
        # inherits SIGINT ignored, and a program that starts so rightly ignores Ctrl-C.
        preexec_fn=_sigint_as_from_a_terminal,
    )
    assert wait_until(lambda: len(workers_of(process.pid)) == WORKERS), "no pool started"
    workers = workers_of(process.pid)
    # Each worker's first task has run its initializer: it is bound to the parent.
    assert wait_until(lambda: process.poll() is None and len(workers_of(process.pid)) == WORKERS)
    return process, workers


@pytest.mark.slow
@linux_with_cores
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_to_the_parent_stops_its_workers_and_exits_128_plus_the_signal(
    answers_folder: tuple[Path, Path], number: signal.Signals
) -> None:
    process, workers = start_parallel_score(answers_folder)
    try:
        process.send_signal(number)
        # Still blocked writing to the full pipe, the parent has already stopped them.
        assert wait_until(lambda: not any(running(pid) for pid in workers)), workers
        _, stderr = process.communicate(timeout=BOUND_SECONDS)
    finally:
        process.kill()
        process.wait()
        kill_left_behind(workers)
    assert process.returncode == 128 + number
    assert f"stopped by {number.name}; the worker processes were stopped too" in stderr.decode()
    assert "Traceback" not in stderr.decode()


@pytest.mark.slow
@linux_with_cores
def test_workers_die_with_a_parent_killed_by_sigkill(answers_folder: tuple[Path, Path]) -> None:
    process, workers = start_parallel_score(answers_folder)
    process.kill()
    process.wait()
    assert process.returncode == -signal.SIGKILL
    try:
        assert wait_until(lambda: not any(running(pid) for pid in workers)), workers
    finally:
        kill_left_behind(workers)


@pytest.mark.slow
@linux_with_cores
def test_ctrl_c_stops_the_workers_without_a_traceback(answers_folder: tuple[Path, Path]) -> None:
    process, workers = start_parallel_score(answers_folder, own_group=True)
    try:
        # Ctrl-C in a terminal: SIGINT to the whole foreground process group.
        os.killpg(process.pid, signal.SIGINT)
        assert wait_until(lambda: not any(running(pid) for pid in workers)), workers
        _, stderr = process.communicate(timeout=BOUND_SECONDS)
    finally:
        process.kill()
        process.wait()
        kill_left_behind(workers)
    assert process.returncode == 130
    assert "Traceback" not in stderr.decode()


WATCHED = """
import os
from bonsclics_cli.scoring.batch import _watch_parent
parent = os.getppid()  # before the test hears of this process, and kills its parent
print(os.getpid(), flush=True)
_watch_parent(parent)
"""

MIDDLE = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE)
print(child.stdout.readline().decode().strip(), flush=True)
time.sleep(600)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the process")
def test_without_the_kernel_s_help_a_worker_watching_its_parent_ends_with_it() -> None:
    middle = subprocess.Popen(
        [sys.executable, "-c", MIDDLE, WATCHED], stdout=subprocess.PIPE, text=True
    )
    try:
        assert middle.stdout is not None
        watcher = int(middle.stdout.readline())
        assert running(watcher)
    finally:
        middle.kill()
        middle.wait()
    try:
        assert wait_until(lambda: not running(watcher))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(watcher, signal.SIGKILL)


@pytest.mark.slow
def test_a_worker_whose_parent_is_already_gone_ends_at_once() -> None:
    code = "from bonsclics_cli.scoring.batch import _bind_to_parent; _bind_to_parent(1); print('alive')"
    if os.getpid() == 1:  # the subprocess's parent would be pid 1: "gone" would not hold
        pytest.skip("pid 1 runs the tests")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == -batch._KILL
    assert b"alive" not in result.stdout


def test_jobs_beyond_the_cores_is_a_usage_error(tmp_path: Path) -> None:
    rules = write_questionnaire(tmp_path / "q", RULES_TOML)
    write_json(tmp_path / "a" / "one.json", document(RULES, {"connexion": "fibre"}))
    cores = batch.available_cores()
    result = run_cli(["score", "-j", "100000", "-q", rules, tmp_path / "a"])
    assert result.exit_code == 2
    assert f"--jobs is at most the number of cores here ({cores}), not 100000" in result.stderr
    assert result.stdout == ""
    within = run_cli(["score", "-j", str(cores), "-q", rules, "-f", "jsonl", tmp_path / "a"])
    assert within.exit_code == 0, within.stderr
    assert '"person": "BC-7F3K9Q"' in within.stdout
