"""``-o`` of report, score and export: never an answers file, never anything but a regular
file, another file only with ``--force``; folders created private, never chmod-ed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from store_helpers import make_sheet, run_cli, store, write_sheet

PERSON = "BC-7F3K9Q"


def commands(session: Path, target: Path) -> dict[str, list[str | Path]]:
    return {
        "report": ["report", session, "-o", target],
        "score": ["score", session, "-f", "json", "-o", target],
        "export": ["export", "-o", target],
    }


@pytest.fixture
def session(tmp_path: Path) -> Path:
    return store(make_sheet(PERSON), tmp_path / "data")


@pytest.mark.parametrize("name", ["report", "score", "export"])
def test_an_answers_file_is_never_replaced_even_with_force(
    tmp_path: Path, session: Path, name: str
) -> None:
    other = write_sheet(make_sheet("BC-OTHER"), tmp_path)  # an answers file, not an input
    before = session.read_bytes(), other.read_bytes()
    for target in (session, other):
        for force in ([], ["--force"]):
            command = [*commands(session, target)[name], *force]
            if name != "score":
                command += ["--data-dir", tmp_path / "data"]
            result = run_cli(command)
            assert result.exit_code == 2, (name, target, force)
            assert f"{target} is an answers file: -o never replaces one" in result.stderr
    assert (session.read_bytes(), other.read_bytes()) == before


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"special-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        (tmp_path / "linked.txt").write_text("keep me")
        path.symlink_to(tmp_path / "linked.txt")
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root (CI runs as root)")
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    else:
        path.mkdir()
    return path


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
@pytest.mark.parametrize("kind", ["fifo", "link", "device"])
@pytest.mark.parametrize("name", ["report", "score", "export"])
def test_a_special_file_is_never_replaced(
    tmp_path: Path, session: Path, kind: str, name: str
) -> None:
    target = _special(tmp_path, kind)
    mode = target.lstat().st_mode
    command = [*commands(session, target)[name], "--force"]
    if name != "score":
        command += ["--data-dir", tmp_path / "data"]
    result = run_cli(command)
    assert result.exit_code == 2
    assert f"{target} is a" in result.stderr and "-o only creates a new file" in result.stderr
    assert target.lstat().st_mode == mode  # still the same kind of file
    if kind == "link":
        assert (tmp_path / "linked.txt").read_text() == "keep me"


@pytest.mark.parametrize("name", ["report", "score", "export"])
def test_another_file_is_replaced_only_with_force(tmp_path: Path, session: Path, name: str) -> None:
    target = tmp_path / "previous-output.txt"
    target.write_text("an earlier output")
    command = commands(session, target)[name]
    if name != "score":
        command += ["--data-dir", tmp_path / "data"]
    refused = run_cli(command)
    assert refused.exit_code == 2
    assert f"{target} already exists: add --force to replace it" in refused.stderr
    assert target.read_text() == "an earlier output"
    replaced = run_cli([*command, "--force"])
    assert replaced.exit_code == 0, replaced.stderr
    assert target.read_text() != "an earlier output"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_existing_shared_folder_is_never_chmod_ed(tmp_path: Path, session: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    result = run_cli(["report", session, session.parent, "-o", shared, "--data-dir", tmp_path])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    imported = run_cli(
        ["import", write_sheet(make_sheet("BC-NEW"), tmp_path), "--data-dir", shared]
    )
    assert imported.exit_code == 0, imported.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "sessions").stat().st_mode) == 0o700


def test_missing_output_folders_are_created_private(tmp_path: Path, session: Path) -> None:
    target = tmp_path / "new" / "deeper" / "scores.json"
    result = run_cli(["score", session, "-f", "json", "-o", target])
    assert result.exit_code == 0, result.stderr
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    reports = tmp_path / "reports" / "year"
    result = run_cli(["report", session.parent, "-o", reports, "--data-dir", tmp_path / "data"])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "reports").stat().st_mode) == 0o700
    assert stat.S_IMODE(reports.stat().st_mode) == 0o700
