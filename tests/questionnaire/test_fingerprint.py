"""``bonsclics fingerprint`` and the minimal answers file docs/papier*.md show script authors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_runner import run_cli

from bonsclics_cli.questionnaire.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "papier.md", ROOT / "docs" / "papier.en.md")


def test_fingerprint_prints_what_an_answers_file_names() -> None:
    entry = Catalog().resolve("reperage-rapide")
    result = run_cli(["fingerprint", "reperage-rapide"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "id: reperage-rapide",
        f"version: {entry.questionnaire.version}",
        f"sha256: {entry.sha256}",
    ]
    as_json = run_cli(["fingerprint", "reperage-rapide", "--format", "json"])
    assert json.loads(as_json.stdout) == {
        "id": "reperage-rapide",
        "version": entry.questionnaire.version,
        "sha256": entry.sha256,
    }


def test_fingerprint_of_a_questionnaire_file(tmp_path: Path) -> None:
    source = ROOT / "tests" / "fixtures" / "minimal.toml"
    copy = tmp_path / "copy.toml"
    # comments and layout do not change the fingerprint (docs/format.md §4)
    copy.write_text("# a comment\n\n" + source.read_text("utf-8"), encoding="utf-8")
    first = run_cli(["fingerprint", source, "-f", "json"])
    second = run_cli(["fingerprint", copy, "-f", "json"])
    assert first.exit_code == second.exit_code == 0
    assert json.loads(first.stdout)["sha256"] == json.loads(second.stdout)["sha256"]


def test_fingerprint_of_an_unknown_questionnaire_is_a_usage_error() -> None:
    result = run_cli(["fingerprint", "reperage-rapid"])
    assert result.exit_code == 2
    assert "reperage-rapide" in result.stderr  # did you mean


@pytest.mark.parametrize("page", DOCS, ids=lambda page: page.name)
def test_the_minimal_answers_file_of_the_docs_is_scored_as_it_is(
    tmp_path: Path, page: Path
) -> None:
    text = page.read_text("utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    (example,) = [block for block in blocks if '"answers"' in block]
    document = json.loads(example)
    printed = run_cli(["fingerprint", "reperage-rapide", "--format", "json"]).stdout
    assert document["questionnaire"] == json.loads(printed)  # the docs show today's sha256
    assert printed.strip() in text
    answers = tmp_path / "answers.json"
    answers.write_text(example, encoding="utf-8")
    result = run_cli(["score", answers, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    (scored,) = json.loads(result.stdout)
    assert scored["complete"] is True and scored["dont_know"] == ["demarches"]
