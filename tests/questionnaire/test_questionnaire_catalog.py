"""The catalog loads what a command needs: finding one questionnaire does not load them all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bonsclics_cli.questionnaire import catalog as catalog_module
from bonsclics_cli.questionnaire.catalog import Catalog, bundled_dir
from bonsclics_cli.questionnaire.loader import LoadResult, load_file


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []

    def counting(path: Path) -> LoadResult:
        names.append(path.name)
        return load_file(path)

    monkeypatch.setattr(catalog_module, "load_file", counting)
    return names


def test_finding_a_bundled_questionnaire_loads_only_its_file(loaded: list[str]) -> None:
    entry = Catalog().find("reperage-rapide")
    assert entry is not None and entry.bundled
    assert loaded == ["reperage-rapide.toml"]


def test_the_users_file_wins_a_clash_and_is_read_first(loaded: list[str], tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    shutil.copy(bundled_dir() / "reperage-rapide.toml", mine)
    entry = Catalog([mine]).find("reperage-rapide")
    assert entry is not None and not entry.bundled and entry.path == mine
    assert loaded == ["mine.toml"]


def test_listing_still_shows_every_questionnaire_once(loaded: list[str]) -> None:
    catalog = Catalog()
    catalog.find("reperage-rapide")
    ids = [entry.questionnaire.id for entry in catalog.entries]
    assert sorted(ids) == sorted(path.stem for path in bundled_dir().glob("*.toml"))
    assert sorted(loaded) == sorted(path.name for path in bundled_dir().glob("*.toml"))


def test_an_unknown_id_is_looked_for_everywhere_then_refused(loaded: list[str]) -> None:
    assert Catalog().find("nope") is None
    assert len(loaded) == len(list(bundled_dir().glob("*.toml")))
