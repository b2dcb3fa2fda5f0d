"""A real full disk: the data folder on a 16 KiB tmpfs, filled while the interview runs.

Mounting needs root (or a namespace the machine allows); elsewhere the test is skipped
and says why. The refused write itself is also covered, everywhere, by
test_interview_run_failures.py (an ``OSError(ENOSPC)`` from the writer).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from interview_helpers import many_options_toml, spawn

from bonsclics_cli.answers.sheet import Answer, read_sheet

pexpect = pytest.importorskip("pexpect")  # not on Windows

pytestmark = pytest.mark.slow

CHOICE_HINT = "puis Entrée)"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"this machine refuses to mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def fill(folder: Path) -> None:
    """Write zeros until the file system refuses."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as stream:
        while True:
            stream.write(b"\0" * 1024)
            stream.flush()


def test_a_disk_that_fills_up_mid_interview(tmp_path: Path, tiny_disk: Path) -> None:
    questionnaire = tmp_path / "q.toml"
    questionnaire.write_text(many_options_toml(3, questions=4), encoding="utf-8")
    data = tiny_disk / "data"
    child = spawn("run", str(questionnaire), "--person", "BC-FULL01", data=data)
    child.expect_exact("arrêter ici")
    child.send("\r")
    child.expect_exact("Question longue 1 ?")
    child.expect_exact(CHOICE_HINT)
    child.send("2\r")
    child.expect_exact("→ Option 2")
    child.expect_exact("Question longue 2 ?")
    child.expect_exact(CHOICE_HINT)
    fill(tiny_disk)
    child.send("3\r")
    child.expect(pexpect.EOF)
    child.close()
    output = (child.before or "").replace("\r\n", "\n")
    assert child.exitstatus == 1, output
    assert "internal error" not in output and "Traceback" not in output
    [path] = sorted((data / "sessions").glob("*/*.json"))
    flat = output.replace("\n", "")
    assert "la dernière réponse n'a pas pu être enregistrée (disque plein)" in flat
    assert f"1 réponse gardée dans {path}" in flat
    assert f"reprenez : bonsclics run --resume {path} -q {questionnaire}" in flat
    assert read_sheet(path).answers == {"q1": Answer.of("o2")}
    assert not list(path.parent.glob(".*.tmp"))  # the cut write cleaned up after itself
