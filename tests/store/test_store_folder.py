"""The data folder itself: location, layout, privacy, and ``bonsclics where``."""

from __future__ import annotations

import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import PARIS, make_sheet, run_cli, store

from bonsclics_cli.store.folder import DataFolder, default_data_dir

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_variable_chooses_the_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BONSCLICS_DATA_DIR", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"


def test_without_the_variable_a_per_user_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BONSCLICS_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", "/home/someone/.local/share")
    folder = default_data_dir()
    assert folder.name == "bonsclics"
    if sys.platform.startswith("linux"):
        assert folder == Path("/home/someone/.local/share/bonsclics")


@posix_only
def test_sessions_are_private_at_every_level(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = store(make_sheet(), data)
    assert path == data / "sessions" / "BC-7F3K9Q" / "2026-03-14-101500-autonomie-numerique.json"
    for folder in (data, data / "sessions", path.parent):
        assert mode(folder) == 0o700, folder
    assert mode(path) == 0o600


def test_two_sessions_started_the_same_second_get_two_files(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path / "data")
    first = store(make_sheet(), tmp_path / "data")
    second = folder.new_session_path("BC-7F3K9Q", "autonomie-numerique", make_sheet().started_at)
    assert first != second
    assert second.name == "2026-03-14-101500-autonomie-numerique-2.json"


def test_where_on_a_folder_not_created_yet(tmp_path: Path) -> None:
    result = run_cli(["where"])
    assert result.exit_code == 0
    assert str(tmp_path / "data") in result.stdout
    assert "Not created yet" in result.stdout
    assert not (tmp_path / "data").exists()


def test_where_counts_persons_sessions_and_size(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet("BC-1"), data)
    store(make_sheet("BC-1", datetime(2026, 9, 1, 9, 0, tzinfo=PARIS)), data)
    store(make_sheet("BC-2"), data)
    result = run_cli(["where"])
    assert result.exit_code == 0, result.stderr
    assert "persons: 2" in result.stdout
    assert "sessions: 3" in result.stdout
    assert "kB" in result.stdout
    assert result.stderr == ""


def test_where_data_dir_option_wins_over_the_variable(tmp_path: Path) -> None:
    other = tmp_path / "other"
    store(make_sheet("BC-9"), other)
    result = run_cli(["where", "--data-dir", other])
    assert f"Data folder: {other}" in result.stdout
    assert "persons: 1" in result.stdout


def test_where_path_prints_only_the_path(tmp_path: Path) -> None:
    result = run_cli(["where", "--path"])
    assert result.stdout == f"{tmp_path / 'data'}\n"


@posix_only
def test_where_warns_when_others_can_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = store(make_sheet(), data)
    path.chmod(0o644)
    result = run_cli(["where"])
    assert result.exit_code == 1
    assert "can be read by other users" in result.stderr
    assert str(path) in result.stderr
    assert "chmod -R go-rwx" in result.stderr


def test_usage_ignores_locks_and_other_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = store(make_sheet(), data)
    Path(str(path) + ".lock").write_text("")
    (data / "sessions" / "notes.txt").write_text("x")
    usage = DataFolder(data).usage()
    assert (usage.persons, usage.sessions) == (1, 1)
    assert usage.bytes == path.stat().st_size + 1


def test_a_folder_with_an_unsafe_name_is_not_a_person(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet(), data)
    (data / "sessions" / "not a person").mkdir()
    assert DataFolder(data).persons() == ["BC-7F3K9Q"]
