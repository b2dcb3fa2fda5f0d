"""Links and named pipes planted in a data folder: never followed, never opened, never erased
through; every command that reads, exports or deletes says so (issue 11)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import PARIS, make_sheet, run_cli, store, write_sheet

PERSON = "BC-7F3K9Q"
OLD = datetime(2024, 1, 10, 9, 0, tzinfo=PARIS)

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX links and pipes")


def outside_files(tmp_path: Path) -> Path:
    """A folder outside the data folder, with files that must survive everything."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("not bonsclics data")
    (outside / "2024-01-10-090000-autonomie-numerique.json").write_text("{}")
    return outside


@pytest.fixture
def linked_sessions(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder whose ``sessions/`` is a link to a real sessions folder elsewhere."""
    elsewhere = tmp_path / "elsewhere"
    store(make_sheet(PERSON, OLD), elsewhere)
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "sessions").symlink_to(elsewhere / "sessions")
    return data, elsewhere


@pytest.mark.parametrize(
    "command",
    [
        ["forget", PERSON, "--yes"],
        ["export", "--person", PERSON],
        ["purge", "--older-than", "1y", "--yes"],
        ["persons"],
        ["history", PERSON],
        ["export"],
        ["export", "--anonymize", "--k", "1"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_linked_sessions_folder_is_refused_by_every_command(
    linked_sessions: tuple[Path, Path], command: list[str]
) -> None:
    data, elsewhere = linked_sessions
    before = sorted(elsewhere.rglob("*"))
    result = run_cli([*command, "--data-dir", data])
    assert result.exit_code == 1
    assert f"{data / 'sessions'} is a symbolic link" in result.stderr
    assert "never follows links" in result.stderr
    assert "nothing is kept" not in result.stderr + result.stdout
    assert "No person's last session" not in result.stdout
    assert sorted(elsewhere.rglob("*")) == before  # nothing erased through the link


def test_where_reports_a_linked_sessions_folder_and_fails(
    linked_sessions: tuple[Path, Path],
) -> None:
    data, elsewhere = linked_sessions
    for path in elsewhere.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # world-readable behind the link
    result = run_cli(["where", "--data-dir", data])
    assert result.exit_code == 1
    assert f"{data / 'sessions'} is a symbolic link" in result.stderr
    assert result.stderr.count("is a symbolic link") == 1  # said once, not twice


def test_forget_never_erases_through_a_linked_person_folder(tmp_path: Path) -> None:
    outside = outside_files(tmp_path)
    data = tmp_path / "data"
    store(make_sheet("BC-OTHER"), data)
    (data / "sessions" / PERSON).symlink_to(outside)
    result = run_cli(["forget", PERSON, "--yes", "--data-dir", data])
    assert result.exit_code == 1
    assert "nothing erased" in result.stderr
    assert f"{data / 'sessions' / PERSON} is a symbolic link to {outside}" in result.stderr
    assert (outside / "precious.txt").read_text() == "not bonsclics data"
    assert (outside / "2024-01-10-090000-autonomie-numerique.json").exists()


def test_forget_erases_the_real_folder_and_reports_a_link_in_another_area(
    tmp_path: Path,
) -> None:
    outside = outside_files(tmp_path)
    data = tmp_path / "data"
    store(make_sheet(PERSON), data)
    (data / "reports").mkdir()
    (data / "reports" / PERSON).symlink_to(outside)
    result = run_cli(["forget", PERSON, "--yes", "--data-dir", data])
    assert result.exit_code == 1
    assert "Erased 1 file about" in result.stdout
    assert not (data / "sessions" / PERSON).exists()
    assert f"{data / 'reports' / PERSON} is a symbolic link to {outside}" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == [
        "2024-01-10-090000-autonomie-numerique.json",
        "precious.txt",
    ]


def test_a_link_inside_a_person_folder_is_removed_as_a_link_never_followed(
    tmp_path: Path,
) -> None:
    outside = outside_files(tmp_path)
    data = tmp_path / "data"
    session = store(make_sheet(PERSON), data)
    (session.parent / "notes.txt").symlink_to(outside / "precious.txt")
    exported = run_cli(["export", "--person", PERSON, "--data-dir", data])
    assert exported.exit_code == 1
    assert "not bonsclics data" not in exported.stdout
    assert "notes.txt: a symbolic link" in exported.stderr
    erased = run_cli(["forget", PERSON, "--yes", "--data-dir", data])
    assert erased.exit_code == 0, erased.stderr
    assert not session.parent.exists()
    assert (outside / "precious.txt").read_text() == "not bonsclics data"


def test_purge_leaves_a_linked_person_folder_and_says_so(tmp_path: Path) -> None:
    outside = outside_files(tmp_path)
    data = tmp_path / "data"
    store(make_sheet("BC-OLD", OLD), data)
    (data / "sessions" / PERSON).symlink_to(outside)
    result = run_cli(["purge", "--older-than", "1y", "--yes", "--data-dir", data])
    assert result.exit_code == 1
    assert "Erased 1 of 1 person." in result.stdout  # only the real, old one
    assert f"{data / 'sessions' / PERSON} is a symbolic link" in result.stderr
    assert (outside / "precious.txt").exists()
    assert (data / "sessions" / PERSON).is_symlink()


def test_a_linked_session_file_is_never_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet(PERSON), data)
    elsewhere = write_sheet(make_sheet(PERSON, OLD), tmp_path)
    (data / "sessions" / PERSON / "2024-01-10-090000-autonomie-numerique.json").symlink_to(
        elsewhere
    )
    result = run_cli(["history", PERSON, "--data-dir", data])
    assert result.exit_code == 0
    assert ": 1 session\n" in result.stdout
    assert "a symbolic link" in result.stderr


@pytest.fixture
def planted_fifo(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    session = store(make_sheet(PERSON), data)
    os.mkfifo(session.parent / "2026-12-01-000000-autonomie-numerique.json")
    return data


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "command",
    [
        ["persons"],
        ["history", PERSON],
        ["export"],
        ["export", "--person", PERSON],
        ["where"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_named_pipe_is_skipped_with_a_warning_never_opened(
    planted_fifo: Path, command: list[str]
) -> None:
    result = run_cli([*command, "--data-dir", planted_fifo])
    assert "a named pipe (FIFO), not a regular file; skipped" in result.stderr
    if command[0] in {"persons", "history"}:
        assert result.exit_code == 0
        assert PERSON in result.stdout


@pytest.mark.timeout(30)
def test_report_does_not_hang_on_a_named_pipe_among_earlier_sessions(
    planted_fifo: Path, tmp_path: Path
) -> None:
    current = write_sheet(make_sheet(PERSON, datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)), tmp_path)
    result = run_cli(["report", current, "-f", "md", "--data-dir", planted_fifo])
    assert result.exit_code == 0, result.stderr
    assert PERSON in result.stdout


@pytest.mark.timeout(30)
def test_forget_erases_a_folder_holding_a_named_pipe(planted_fifo: Path) -> None:
    result = run_cli(["forget", PERSON, "--yes", "--data-dir", planted_fifo])
    assert result.exit_code == 0, result.stderr
    assert not (planted_fifo / "sessions" / PERSON).exists()


def test_history_of_a_linked_person_folder_names_the_link(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    store(make_sheet(PERSON), outside)
    data = tmp_path / "data"
    store(make_sheet("BC-OTHER"), data)
    (data / "sessions" / PERSON).symlink_to(outside / "sessions" / PERSON)
    result = run_cli(["history", PERSON, "--data-dir", data])
    assert result.exit_code == 1
    assert f"{data / 'sessions' / PERSON}: a symbolic link" in result.stderr
    assert "Overall" not in result.stdout


def test_report_warns_when_earlier_sessions_sit_behind_a_linked_sessions_folder(
    linked_sessions: tuple[Path, Path], tmp_path: Path
) -> None:
    data, _ = linked_sessions
    current = write_sheet(make_sheet(PERSON, datetime(2026, 12, 2, 9, 0, tzinfo=PARIS)), tmp_path)
    result = run_cli(["report", current, "-f", "md", "--data-dir", data])
    assert result.exit_code == 0, result.stderr
    assert f"Warning: {data / 'sessions'} is a symbolic link" in result.stderr
    assert "show no change since an earlier session" in result.stderr
