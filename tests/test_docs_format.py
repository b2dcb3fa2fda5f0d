"""docs/format.md and docs/format.en.md: their examples are what bonsclics does.

The format reference is the repository's own: its complete questionnaires load with
no finding, its results are exactly what ``bonsclics score`` prints for its answers
files and JSON Lines shard, its ``validate`` output is the real one, both language
versions keep the section numbers the code and messages cite, and no file of the
repository cites a file outside it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run_cli
from result_keys import DOMAIN_KEYS, RESULT_KEYS

from bonsclics_cli.questionnaire.loader import load_bytes

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "format.md", ROOT / "docs" / "format.en.md")
MARKERS = ("# exemple complet", "# complete example")
# The section numbers that source code, messages and tests cite.
SECTIONS = {
    "1", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.6.1", "1.7",
    "2", "2.1", "2.2", "2.3", "2.4",
    "3", "3.1", "3.2", "3.3", "3.4",
    "4", "5", "6",
}  # fmt: skip


def fenced(text: str, language: str) -> list[str]:
    """The fenced blocks of ``text`` opened with ```language, indentation removed."""
    found: list[str] = []
    current: list[str] | None = None
    indent = 0
    wanted = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if current is None and stripped.startswith("```"):
            current, indent = [], len(line) - len(line.lstrip())
            wanted = stripped == f"```{language}"
        elif current is not None and stripped == "```":
            if wanted:
                found.append("".join(current))
            current = None
        elif current is not None:
            current.append(line[min(indent, len(line) - len(line.lstrip(" "))) :])
    return found


def complete_examples(text: str) -> list[str]:
    return [block for block in fenced(text, "toml") if block.splitlines()[0] in MARKERS]


def results_in(value: Any) -> list[dict[str, Any]]:
    """Every score result object (not error objects) in a parsed JSON block."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict) and "complete" in item]


@pytest.fixture(params=DOCS, ids=lambda path: path.name)
def doc(request: pytest.FixtureRequest) -> str:
    path: Path = request.param
    return path.read_text(encoding="utf-8")


def test_both_versions_keep_the_cited_section_numbers() -> None:
    numbers = [
        set(re.findall(r"^#{2,4} (\d+(?:\.\d+)*)\.? ", path.read_text(encoding="utf-8"), re.M))
        for path in DOCS
    ]
    assert numbers[0] == numbers[1]
    assert numbers[0] >= SECTIONS


def test_every_complete_example_validates_with_no_finding(doc: str) -> None:
    examples = complete_examples(doc)
    assert examples, "no complete example questionnaire"
    for example in examples:
        result = load_bytes(example.encode(), "exemple.toml")
        assert [str(finding) for finding in result.findings] == []
        assert result.questionnaire is not None
        assert result.questionnaire.preparation is not None
        assert result.questionnaire.domain_levels is not None
        assert any(level.requires is not None for level in result.questionnaire.levels)


def test_every_score_result_has_the_keys_in_order(doc: str) -> None:
    results = [item for block in fenced(doc, "json") for item in results_in(json.loads(block))]
    for result in results:
        assert list(result) == RESULT_KEYS
        assert list(result["questionnaire"]) == ["id", "version"]
        for domain in result["domains"]:
            assert list(domain) == DOMAIN_KEYS
    held = [r for r in results if r["complete"] and r["level"] != r["score_level"]]
    assert held and all(r["level"] is not None and r["score_level"] is not None for r in held)
    unfinished = [r for r in results if not r["complete"]]
    assert unfinished
    for result in unfinished:
        levels = [result["level"], result["score_level"]]
        assert levels + [domain["level"] for domain in result["domains"]] == [None] * (
            2 + len(result["domains"])
        )
        assert result["score"] is not None


def _write_examples(doc: str, folder: Path) -> tuple[list[Any], list[str]]:
    """Write the documented questionnaire, answers file and shard where the results name them.

    Returns the documented array of results and the paths to give ``score``.
    """
    (folder / "exemple.toml").write_text(complete_examples(doc)[0], encoding="utf-8")
    parsed = [json.loads(block) for block in fenced(doc, "json")]
    (documented,) = [value for value in parsed if isinstance(value, list) and results_in(value)]
    answers = [value for value in parsed if isinstance(value, dict) and "answers" in value]
    (shard,) = fenced(doc, "jsonl")
    inputs: list[str] = []
    for item in documented:
        path = item["file"].split(":")[0]
        if path not in inputs:
            inputs.append(path)
    for path in inputs:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".jsonl"):
            target.write_text(shard, encoding="utf-8")
        else:
            (person,) = [r["person"] for r in results_in(documented) if r["file"] == path]
            (sheet,) = [sheet for sheet in answers if sheet["person"] == person]
            target.write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")
    return documented, inputs


def _json_wording(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results with the JSON parser's own words left out: each Python words them its way.

    (3.13 says "Illegal trailing comma" one column before where 3.11 says "Expecting
    property name"); the file, the line and the "invalid JSON" stay compared.
    """
    return [
        {**item, "error": re.sub(r":\d+: invalid JSON: .*", ": invalid JSON", item["error"])}
        if "error" in item
        else item
        for item in results
    ]


def test_documented_results_are_what_score_prints(
    doc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documented, inputs = _write_examples(doc, tmp_path)
    assert any(path.endswith(".jsonl") for path in inputs)
    monkeypatch.chdir(tmp_path)
    run = run_cli(["score", "-q", "exemple.toml", "--format", "json", *inputs])
    assert _json_wording(json.loads(run.stdout)) == _json_wording(documented)
    assert run.exit_code == (1 if any("error" in item for item in documented) else 0)
    assert "has changed" not in run.stderr  # the documented sha256 is the example's own


def test_documented_answers_name_the_example_questionnaire(doc: str) -> None:
    loaded = load_bytes(complete_examples(doc)[0].encode(), "exemple.toml")
    documents = [json.loads(block) for block in fenced(doc, "json") if '"answers"' in block] + [
        json.loads(line) for line in fenced(doc, "jsonl")[0].splitlines() if '"answers"' in line
    ]
    assert documents
    for document in documents:
        assert document["questionnaire"] == {
            "id": "exemple-messagerie",
            "version": "1.0.0",
            "sha256": loaded.sha256,
        }


def test_the_validate_example_is_what_validate_prints(
    doc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = complete_examples(doc)[0]
    edits = [
        ('id = "avec_guidage"\nmin = 0\n', "id = \"avec_guidage\"\nmin = 0\nrequires = \"smartphone == 'oui'\"\n"),
        ("requires = \"obs_email in ['seul', 'hesitant'] and", "requires = \"level != 'avec_guidage' and obs_email in ['seul', 'hesitant'] and"),
        ("when = \"level_communication in ['a_decouvrir', 'en_cours']\"", "when = \"level_communication == 'autonome'\""),
    ]  # fmt: skip
    for old, new in edits:
        assert broken.count(old) == 1
        broken = broken.replace(old, new)
    (tmp_path / "exemple.toml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_cli(["validate", "exemple.toml"])
    (shown,) = [block for block in fenced(doc, "") if block.startswith("exemple.toml:")]
    assert run.exit_code == 1
    assert run.stdout == shown


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_to_the_reference_lead_to_a_file_and_a_heading() -> None:
    sources = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    checked = 0
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for target, anchor in re.findall(
            r"\]\(((?:docs/)?format(?:\.en)?\.md)(?:#([^)]*))?\)", text
        ):
            path = source.parent / target
            assert path.is_file(), (source.name, target)
            if anchor:
                headings = re.findall(r"^#+ (.*)$", path.read_text(encoding="utf-8"), re.M)
                assert anchor in {_slug(heading) for heading in headings}, (source.name, anchor)
            checked += 1
    assert checked >= 4


def _repository_texts() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / ".pre-commit-hooks.yaml"]
    for folder in ("docs", "src", "tests", "questionnaires", "schema"):
        files += [path for path in (ROOT / folder).rglob("*") if path.is_file()]
    return [path for path in files if "__pycache__" not in path.parts]


def test_no_file_cites_a_file_outside_the_repository() -> None:
    # Spelt in pieces, so that this file does not cite them either.
    outside = ["FORMAT" + ".md", "../" + "shared", "/work/" + "shared"]
    cited = []
    for path in _repository_texts():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        cited += [f"{path.relative_to(ROOT)}: {needle}" for needle in outside if needle in text]
    assert cited == []
