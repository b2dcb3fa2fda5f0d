"""The private cache of checked questionnaires: a hit skips the checks, anything odd misses."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bonsclics_cli.questionnaire import cache, loader

MINIMAL = (Path(__file__).resolve().parents[1] / "fixtures" / "minimal.toml").read_bytes()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_VARIABLE, str(where))
    return where


def _checks_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the questionnaire was checked again")

    monkeypatch.setattr(loader, "_load_bytes", refuse)


def test_a_questionnaire_checked_once_is_read_back_without_checking(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = loader.load_bytes(MINIMAL, "a.toml")
    assert first.questionnaire is not None and first.findings == []
    [entry] = list(folder.iterdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    _checks_must_not_run(monkeypatch)
    again = loader.load_bytes(MINIMAL, "b.toml")
    assert again.file == "b.toml"
    assert again.questionnaire == first.questionnaire
    assert again.sha256 == first.sha256


def test_changed_bytes_and_invalid_files_are_never_served_from_the_cache(folder: Path) -> None:
    loader.load_bytes(MINIMAL, "a.toml")
    changed = MINIMAL.replace(b'version = "1.0.0"', b'version = "1.0.1"')
    result = loader.load_bytes(changed, "a.toml")
    assert result.questionnaire is not None and result.questionnaire.version == "1.0.1"
    broken = MINIMAL.replace(b"format = 1", b"format = 2")
    assert loader.load_bytes(broken, "a.toml").errors
    assert loader.load_bytes(broken, "a.toml").errors  # still checked, still an error
    assert len(list(folder.iterdir())) == 2  # the two valid files only


def test_a_damaged_entry_is_a_miss(folder: Path) -> None:
    loader.load_bytes(MINIMAL, "a.toml")
    [entry] = list(folder.iterdir())
    entry.write_bytes(b"not a pickle")
    result = loader.load_bytes(MINIMAL, "a.toml")
    assert result.questionnaire is not None and result.findings == []


def test_a_folder_others_may_write_to_is_never_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loader.load_bytes(MINIMAL, "a.toml")
    folder.chmod(0o777)
    assert cache.read(MINIMAL) is None
    folder.chmod(0o700)
    assert cache.read(MINIMAL) is not None


def test_an_empty_variable_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_DIR_VARIABLE, "")
    assert cache.cache_dir() is None
    assert loader.load_bytes(MINIMAL, "a.toml").questionnaire is not None
    assert cache.read(MINIMAL) is None
