"""Shared fixtures: a pinned terminal, the bundled questionnaires, a minimal one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
ROOT = TESTS.parent
BUNDLED = ROOT / "questionnaires"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Same terminal for every test, and never the user's real data folder."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("BONSCLICS_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture
def minimal_toml() -> Path:
    return FIXTURES / "minimal.toml"
