"""An unexpected bug in a command: one line asking for a report, the traceback only on request."""

from __future__ import annotations

import pytest
from cli_runner import run_cli

from bonsclics_cli.store.folder import DataFolder

# What a person typed sits in the command's locals when a bug strikes; it must never show.
PERSONAL = "Dupont née Martin, 06 12 34 56 78"


def _a_bug(self: DataFolder) -> bool:
    answer = PERSONAL  # a local of the failing frame
    return {"answers": answer}["missing"]  # type: ignore[return-value]


@pytest.fixture
def buggy_where(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DataFolder, "exists", _a_bug)


@pytest.mark.usefixtures("buggy_where")
def test_internal_error_asks_for_a_report_without_a_traceback() -> None:
    result = run_cli(["where"])

    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert "internal error (KeyError)" in line
    assert "please report" in line
    assert "--debug" in line
    assert "Traceback" not in result.stderr
    assert PERSONAL not in result.stdout + result.stderr
    assert "_a_bug" not in result.stderr


@pytest.mark.usefixtures("buggy_where")
def test_debug_shows_the_traceback_but_no_locals() -> None:
    result = run_cli(["--debug", "where"])

    assert result.exit_code == 1
    assert "internal error (KeyError)" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "in _a_bug" in result.stderr  # where the bug is, for the report
    assert "KeyError: 'missing'" in result.stderr
    assert PERSONAL not in result.stdout + result.stderr


def test_without_a_bug_the_command_succeeds() -> None:
    # The same command, unpatched: the failures above come from the bug, not the set-up.
    result = run_cli(["where"])

    assert result.exit_code == 0
    assert "internal error" not in result.stderr
