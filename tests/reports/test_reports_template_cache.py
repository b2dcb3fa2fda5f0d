"""The report templates are compiled once and kept in the private cache, not at every report."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from report_samples import card

from bonsclics_cli.reports import html_report
from bonsclics_cli.reports.registry import ReportRequest, render


def _page() -> str:
    return render(
        "html", "professional", ReportRequest(card(language="fr"), "fr", date(2026, 11, 29))
    )


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    html_report.environment.cache_clear()  # built once per process: build it again
    yield
    html_report.environment.cache_clear()


@pytest.mark.usefixtures("fresh_environment")
def test_compiled_templates_are_kept_privately_and_give_the_same_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BONSCLICS_CACHE_DIR", str(tmp_path / "cache"))
    first = _page()
    kept = tmp_path / "cache" / "templates"
    compiled = list(kept.iterdir())
    assert compiled, "nothing was kept"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in compiled)
    html_report.environment.cache_clear()  # the next command: read back, not compiled
    assert _page() == first


@pytest.mark.usefixtures("fresh_environment")
def test_no_cache_keeps_nothing_and_a_damaged_entry_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BONSCLICS_CACHE_DIR", "")
    expected = _page()
    html_report.environment.cache_clear()
    monkeypatch.setenv("BONSCLICS_CACHE_DIR", str(tmp_path))
    _page()
    for path in (tmp_path / "templates").iterdir():
        path.write_bytes(b"not bytecode")
    html_report.environment.cache_clear()
    assert _page() == expected
    assert all(path.read_bytes() != b"not bytecode" for path in (tmp_path / "templates").iterdir())


@pytest.mark.usefixtures("fresh_environment")
def test_a_cache_folder_others_may_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("BONSCLICS_CACHE_DIR", str(shared))
    assert "<h1>" in _page()
    assert not (shared / "templates").exists()
