"""Every invalid case of the TOML test suite gives a located error, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli
from toml_suite import SUITE, cases, needs_suite

from bonsclics_cli.questionnaire.loader import load_bytes

CASES = cases("invalid")


@needs_suite
def test_the_suite_has_its_invalid_cases() -> None:
    assert len(CASES) >= 400


@needs_suite
@pytest.mark.parametrize("case", CASES)
def test_invalid_toml_is_a_located_error(case: str) -> None:
    data = (SUITE / case).read_bytes()
    result = load_bytes(data, case)
    assert result.questionnaire is None
    finding = result.findings[0]
    assert finding.is_error
    assert finding.code in {"toml-syntax", "encoding"}, str(finding)
    lines = max(1, data.count(b"\n") + 1)
    assert 1 <= finding.line <= lines
    assert finding.column >= 1
    assert str(finding).startswith(f"{case}:{finding.line}:{finding.column}: error: ")


@needs_suite
def test_validate_reads_the_whole_suite_in_one_run(tmp_path: Path) -> None:
    result = run_cli(["validate", str(SUITE / "invalid")])
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.endswith("errors.")
    assert int(summary.split()[0]) >= len(CASES)
