"""The public Python API: what a script sees, pinned so that it stays stable."""

from __future__ import annotations

import inspect
import json
import pickle
import random
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from api_helpers import random_document

from bonsclics_cli import api
from bonsclics_cli.errors import InvalidInputError, UsageError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "questionnaires" / "autonomie-numerique.toml"

# The public names and their signatures: changing one is a breaking change (docs/api.md).
SIGNATURES = {
    "load_questionnaire": "(source: 'str | os.PathLike[str] | bytes', *, name: 'str | None' = None) -> 'Questionnaire'",
    "bundled_questionnaires": "() -> 'list[Questionnaire]'",
    "check_answers": "(document: 'AnswersDocument', questionnaires: 'Questionnaires' = None, *, name: 'str | None' = None) -> 'CheckedSheet'",
    "score": "(answers: 'CheckedSheet | AnswersDocument', questionnaires: 'Questionnaires' = None, *, name: 'str | None' = None) -> 'dict[str, Any]'",
    "score_card": "(answers: 'CheckedSheet | AnswersDocument', questionnaires: 'Questionnaires' = None, *, name: 'str | None' = None) -> 'ScoreCard'",
    "score_many": "(documents: 'Iterable[AnswersDocument | tuple[str, AnswersDocument]]', questionnaires: 'Questionnaires' = None, *, on_warning: 'Callable[[str], None] | None' = None) -> 'Iterator[dict[str, Any]]'",
    "score_files": "(paths: 'Iterable[str | os.PathLike[str]]', questionnaires: 'Catalog | None' = None, *, jobs: 'int | None' = None, encode: 'bool' = False) -> 'Iterator[Outcome]'",
    "score_lines": "(lines: 'Iterable[bytes | str]', source: 'str', questionnaires: 'Questionnaires' = None, *, on_warning: 'Callable[[str], None] | None' = None) -> 'Iterator[dict[str, Any]]'",
    "report": "(answers: 'CheckedSheet | ScoreCard', *, format: 'str' = 'html', audience: 'str' = 'professional', language: 'str | None' = None, previous: 'CheckedSheet | ScoreCard | None' = None, generated_on: 'date | None' = None, file: 'str | None' = None, previous_file: 'str | None' = None, structure: 'Structure | None' = None) -> 'str'",
    "load_structure": "(path: 'Path') -> 'Structure'",
}
TYPES = {
    "AnswersDocument",
    "AnswersError",
    "Catalog",
    "CheckedSheet",
    "Failed",
    "Finding",
    "Outcome",
    "Questionnaire",
    "QuestionnaireError",
    "Questionnaires",
    "ScoreCard",
    "Structure",
    "Scored",
}


def test_the_public_names_and_signatures_are_pinned() -> None:
    assert set(api.__all__) == set(SIGNATURES) | TYPES
    for name, signature in SIGNATURES.items():
        assert str(inspect.signature(getattr(api, name))) == signature, name
    assert [field for field in api.CheckedSheet.__dataclass_fields__] == [
        "name",
        "sheet",
        "questionnaire",
        "warnings",
    ]
    assert issubclass(api.AnswersError, InvalidInputError)
    assert issubclass(api.QuestionnaireError, InvalidInputError)


def test_the_api_reference_documents_every_public_name() -> None:
    reference = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in api.__all__:
        assert f"`{name}" in reference, name


@pytest.fixture(scope="module")
def default() -> api.Questionnaire:
    return api.load_questionnaire(DEFAULT)


def finished(questionnaire: api.Questionnaire, seed: int = 1) -> dict[str, Any]:
    return random_document(questionnaire, random.Random(seed), "BC-7F3K9Q")


# --- questionnaires ---------------------------------------------------------------------------


def test_a_questionnaire_loads_from_a_path_or_its_bytes_alike(
    default: api.Questionnaire,
) -> None:
    from_bytes = api.load_questionnaire(DEFAULT.read_bytes())
    assert from_bytes == default
    assert from_bytes.sha256 == default.sha256 and len(default.sha256 or "") == 64
    assert default.id in {q.id for q in api.bundled_questionnaires()}


def test_an_invalid_questionnaire_raises_with_its_located_findings() -> None:
    text = 'colour = "red"\n' + DEFAULT.read_text(encoding="utf-8")
    with pytest.raises(api.QuestionnaireError) as caught:
        api.load_questionnaire(text.encode(), name="mine.toml")
    findings = caught.value.findings
    assert [(f.file, f.line, f.code) for f in findings if f.is_error] == [
        ("mine.toml", 1, "unknown-key")
    ]
    assert "mine.toml:1:1: error: unknown key 'colour'" in str(caught.value)
    assert caught.value.exit_code == 1


def test_a_missing_questionnaire_file_is_a_finding_too(tmp_path: Path) -> None:
    with pytest.raises(api.QuestionnaireError) as caught:
        api.load_questionnaire(tmp_path / "absent.toml")
    assert [f.code for f in caught.value.findings] == ["unreadable"]


def test_a_pickled_questionnaire_scores_the_same(default: api.Questionnaire) -> None:
    copy = pickle.loads(pickle.dumps(default))
    assert copy == default and copy.sha256 == default.sha256
    for seed in range(20):
        document = finished(default, seed)
        assert api.score(document, copy) == api.score(document, default)
    # Conditions were compiled again: a follow-up question still depends on its answer.
    conditional = [q for q in copy.questions if q.when is not None]
    assert conditional and all(q.when is not None and q.when.test for q in conditional)


# --- answers ----------------------------------------------------------------------------------


def test_a_dict_bytes_and_a_path_check_alike(default: api.Questionnaire, tmp_path: Path) -> None:
    document = finished(default)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    from_dict = api.check_answers(document, default, name="x")
    from_bytes = api.check_answers(json.dumps(document).encode(), default, name="x")
    from_path = api.check_answers(path, default)
    assert from_dict.sheet == from_bytes.sheet == from_path.sheet
    assert from_path.name == str(path) and from_dict.name == "x"
    assert from_dict.questionnaire is default and from_dict.warnings == ()
    assert api.score(from_dict) == api.score(document, default, name="x")


def test_bad_answers_raise_the_message_score_gives(
    default: api.Questionnaire, tmp_path: Path
) -> None:
    document = finished(default)
    question = next(iter(document["answers"]))
    document["answers"][question] = {"value": "no-such-option"}
    with pytest.raises(api.AnswersError) as caught:
        api.check_answers(document, default, name="entretien.json")
    assert str(caught.value) == (
        f"entretien.json: question '{question}': unknown option value 'no-such-option'"
    )
    with pytest.raises(api.AnswersError, match="no-such-option"):
        api.score(document, default)
    with pytest.raises(api.AnswersError, match=r"^<answers>:1:3: invalid JSON"):
        api.check_answers(b"{ not json")
    with pytest.raises(api.AnswersError, match="not a JSON document"):
        api.check_answers({"format": 1, "when": date(2026, 1, 1)})
    with pytest.raises(api.AnswersError, match=r"absent\.json: cannot read the file"):
        api.check_answers(tmp_path / "absent.json")
    with pytest.raises(TypeError, match="expected a dict, bytes or a path"):
        api.check_answers(42)  # type: ignore[arg-type]


def test_answers_to_a_questionnaire_not_given_are_refused(default: api.Questionnaire) -> None:
    quick = next(q for q in api.bundled_questionnaires() if q.id == "reperage-rapide")
    with pytest.raises(api.AnswersError, match="no questionnaire 'autonomie-numerique'"):
        api.check_answers(finished(default), quick)


def test_a_changed_questionnaire_is_a_warning(default: api.Questionnaire) -> None:
    document = finished(default)
    document["questionnaire"]["sha256"] = "0" * 64
    checked = api.check_answers(document, default, name="x")
    assert checked.warnings and "has changed since this file was written" in checked.warnings[0]


def test_a_questionnaire_built_by_hand_is_refused_for_checking(
    default: api.Questionnaire,
) -> None:
    by_hand = api.Questionnaire.model_validate(default.model_dump(mode="json"))
    with pytest.raises(ValueError, match="use load_questionnaire"):
        api.check_answers(finished(default), by_hand)


# --- scoring ----------------------------------------------------------------------------------


def test_score_and_score_card_agree(default: api.Questionnaire) -> None:
    document = finished(default, 3)
    result = api.score(document, default, name="a.json")
    card = api.score_card(document, default)
    assert card.to_json("a.json") == result
    assert result["complete"] is True and 0 <= result["score"] <= 100
    assert result["level"] is not None


def test_score_files_scores_as_the_command_does_in_one_process_or_several(
    default: api.Questionnaire, tmp_path: Path
) -> None:
    # Enough files for two processes to share them (fewer are scored in this process).
    paths = []
    for number in range(401):
        path = tmp_path / f"{number:03d}.json"
        path.write_text(json.dumps(finished(default, number)), encoding="utf-8")
        paths.append(path)
    (tmp_path / "007.json").write_text("{ not json", encoding="utf-8")
    expected = list(api.score_many(paths))
    alone = list(api.score_files(paths, jobs=1))
    assert [outcome.to_json() for outcome in alone] == expected
    broken = alone[7]
    assert isinstance(broken, api.Failed) and broken.file == str(paths[7])
    assert all(isinstance(outcome, api.Scored) for outcome in alone[8:])
    pooled = list(api.score_files(map(str, paths), api.Catalog(), jobs=2, encode=True))
    assert [json.loads(outcome.encoded or "") for outcome in pooled] == expected


def test_score_many_streams_results_and_errors_in_order(
    default: api.Questionnaire, tmp_path: Path
) -> None:
    good = finished(default, 4)
    shard = tmp_path / "shard.jsonl"
    shard.write_text(json.dumps(good) + "\n\n{ not json\n", encoding="utf-8")
    warnings: list[str] = []
    changed = dict(good, questionnaire=dict(good["questionnaire"], sha256="0" * 64))
    results = list(
        api.score_many(
            [good, ("named", changed), b"[]", shard, ("renamed.jsonl", shard)],
            default,
            on_warning=warnings.append,
        )
    )
    assert [r["file"] for r in results] == [
        "<document 1>",
        "named",
        "<document 3>",
        f"{shard}:1",
        f"{shard}:3",
        "renamed.jsonl:1",
        "renamed.jsonl:3",
    ]
    assert "error" not in results[0] and results[0]["score"] == results[1]["score"]
    assert results[2]["error"] == "<document 3>: expected a JSON object at the top level"
    assert results[4]["error"].startswith(f"{shard}:3:3: invalid JSON")
    assert len(warnings) == 1 and warnings[0].startswith("named: questionnaire")


def test_score_lines_names_lines_as_the_cli_does(default: api.Questionnaire) -> None:
    good = json.dumps(finished(default, 5))
    lines: list[bytes | str] = [good + "\n", "\n", b"\xff\n", good]
    results = list(api.score_lines(lines, "s.jsonl", default))
    assert [r["file"] for r in results] == ["s.jsonl:1", "s.jsonl:3", "s.jsonl:4"]
    assert (
        results[1]["error"] == "s.jsonl:3: not valid UTF-8 (byte 0); answers files are UTF-8 JSON"
    )
    assert results[0] == dict(results[2], file="s.jsonl:1")


# --- reports ----------------------------------------------------------------------------------


def test_every_report_is_built_from_a_checked_sheet(default: api.Questionnaire) -> None:
    checked = api.check_answers(finished(default, 6), default, name="a.json")
    day = date(2026, 12, 1)
    html = api.report(checked, format="html", audience="person", generated_on=day)
    assert html.startswith("<!DOCTYPE html>") and 'lang="fr"' in html
    markdown = api.report(checked, format="md", audience="professional", language="en")
    assert markdown.startswith("# ") and "Autonomy score" in markdown
    document = json.loads(api.report(checked, format="json", generated_on=day))
    assert document["file"] == "a.json" and document["generated_on"] == "2026-12-01"
    assert document["score"] == api.score(checked)["score"]


def test_a_report_shows_the_change_since_a_previous_session(
    default: api.Questionnaire,
) -> None:
    now = api.check_answers(finished(default, 7), default, name="now.json")
    before = api.check_answers(finished(default, 8), default, name="before.json")
    document = json.loads(api.report(now, format="json", previous=before))
    assert document["previous"]["file"] == "before.json"
    assert document["previous"]["score"] == api.score(before)["score"]


def test_a_report_in_a_language_the_questionnaire_lacks_is_refused(
    default: api.Questionnaire,
) -> None:
    checked = api.check_answers(finished(default), default, name="a.json")
    with pytest.raises(api.AnswersError, match=r"a\.json: language 'de' is not one of"):
        api.report(checked, language="de")
    with pytest.raises(UsageError, match="no report for format 'pdf'"):
        api.report(checked, format="pdf")


def test_the_worker_processes_example_runs_as_written(
    default: api.Questionnaire, tmp_path: Path
) -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    block = re.search(
        r"<!-- example: run by tests/api/test_api.py -->\n```python\n(.*?)```\n", page, re.DOTALL
    )
    assert block is not None
    (tmp_path / "example.py").write_text(block.group(1), encoding="utf-8")
    (tmp_path / "answers").mkdir()
    for number in range(150):
        document = finished(default, number)
        text = json.dumps(document) if number != 7 else "{ not json"
        (tmp_path / "answers" / f"{number:03d}.json").write_text(text, encoding="utf-8")
    shown = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert shown.stdout == "150 results, 1 errors\n"
