"""The README's examples work as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bonsclics_cli.cli.app import app
from bonsclics_cli.questionnaire.loader import load_bytes

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    """The fenced code blocks of the README in ``language`` ("" for plain blocks)."""
    found: list[str] = []
    current: list[str] | None = None
    for line in README.splitlines(keepends=True):
        if current is None and line.startswith("```"):
            current = [] if line.strip() == f"```{language}" else None
            if current is None:
                current = ["<other>"]
        elif current is not None and line.startswith("```"):
            if current[:1] != ["<other>"]:
                found.append("".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return found


def test_the_example_questionnaire_is_valid() -> None:
    (example,) = blocks("toml")
    result = load_bytes(example.encode(), "exemple.toml")
    assert result.findings == []
    assert result.questionnaire is not None


def test_the_validate_example_output_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example,) = blocks("toml")
    mine = example.replace("smartphone == 'oui'", "smartfone == 'oui'")
    mine = mine.replace("score < 75 or", "score < 75 oor")
    (tmp_path / "mine.toml").write_text(mine, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "mine.toml"])
    shown = next(block for block in blocks("") if block.startswith("mine.toml:"))
    assert result.stdout == shown


def test_the_quick_start_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]'" in README
    # CI adds the recipes' extras, and the README says so.
    assert "-e '.[test,dask,duckdb]'" in ci and "-e '.[test,dask,duckdb]'" in README
    assert ".venv/bin/python -m pytest" in README and "python -m pytest" in ci
