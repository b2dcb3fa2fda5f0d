"""Batch scoring: order, parallel workers, broken files and bugs never stop the batch."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from scoring_helpers import RULES_TOML, document, questionnaire, write_json, write_questionnaire

from bonsclics_cli.errors import UsageError
from bonsclics_cli.files import find_files
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.scoring import batch
from bonsclics_cli.scoring import rules as scoring
from bonsclics_cli.scoring.batch import (
    Failed,
    Scored,
    display_name,
    encode_json,
    score_files,
)

RULES = questionnaire(RULES_TOML)
CHOICES = ["fibre", "mobile", "aucune", "?", "-"]


def files(folder: Path, count: int, broken_every: int | None = 7) -> list[Path]:
    """COUNT answers files, one in ``broken_every`` (from the fourth) broken in a different way."""
    paths = []
    for number in range(count):
        path = folder / f"{number:04d}.json"
        if broken_every and number % broken_every == 3:
            write_json(path, "{ not json" if number % 2 else document(RULES, {"wifi": "peut-etre"}))
        else:
            answers: dict[str, Any] = {"connexion": CHOICES[number % 5], "age": 16 + number % 90}
            write_json(path, document(RULES, answers, person=f"BC-{number:04d}"))
        paths.append(path)
    return paths


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    return write_questionnaire(tmp_path / "q", RULES_TOML)


def as_json(outcomes: list[Any]) -> list[str]:
    return [encode_json(outcome) for outcome in outcomes]


def test_outcomes_come_in_input_order_with_each_broken_file_named(
    tmp_path: Path, rules_path: Path
) -> None:
    paths = files(tmp_path / "a", 30)
    outcomes = list(score_files(paths, [rules_path], workers=1))
    assert [outcome.file for outcome in outcomes] == [str(path) for path in paths]
    failed = [outcome for outcome in outcomes if isinstance(outcome, Failed)]
    assert [f.file for f in failed] == [str(p) for i, p in enumerate(paths) if i % 7 == 3]
    assert all(f.error.startswith(f.file + ":") for f in failed)
    assert "invalid JSON" in failed[0].error and "unknown option value" in failed[1].error
    scored = [outcome for outcome in outcomes if isinstance(outcome, Scored)]
    assert len(scored) == 30 - len(failed)
    assert scored[0].date == "2026-11-29" and scored[0].result["person"] == "BC-0000"


def test_worker_processes_give_exactly_what_one_process_gives(
    tmp_path: Path, rules_path: Path
) -> None:
    paths = files(tmp_path / "a", 250)
    alone = list(score_files(paths, [rules_path], workers=1))
    pooled = list(score_files(paths, [rules_path], workers=2, parallel_min_files=1))
    assert as_json(pooled) == as_json(alone)
    assert [getattr(o, "warnings", ()) for o in pooled] == [
        getattr(o, "warnings", ()) for o in alone
    ]
    encoded = list(score_files(paths, [rules_path], workers=2, parallel_min_files=1, encode=True))
    assert as_json(encoded) == as_json(alone)
    assert all(outcome.encoded is not None for outcome in encoded)


def _dying_chunk(chunk: list[str], encode: bool) -> list[Any]:
    os._exit(3)  # a worker killed (out of memory, for instance)


def test_a_dead_worker_does_not_lose_files(
    tmp_path: Path, rules_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = files(tmp_path / "a", 120)
    expected = as_json(list(score_files(paths, [rules_path], workers=1)))
    monkeypatch.setattr(batch, "_score_chunk", _dying_chunk)
    pooled = list(score_files(paths, [rules_path], workers=2, parallel_min_files=1))
    assert as_json(pooled) == expected


def test_a_bug_on_one_file_is_reported_and_the_batch_goes_on(
    tmp_path: Path, rules_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = files(tmp_path / "a", 10, broken_every=None)
    real = scoring.score_result

    def fragile(file: str, *args: Any) -> Any:
        if file.endswith("0004.json"):
            raise KeyError("a bug, with personal data in it: BC-0004")
        return real(file, *args)

    monkeypatch.setattr(batch, "score_result", fragile)
    outcomes = list(score_files(paths, [rules_path], workers=1))
    bad = outcomes[4]
    assert isinstance(bad, Failed)
    assert bad.error == "internal error (KeyError); please report it"
    assert all(isinstance(o, Scored) for i, o in enumerate(outcomes) if i != 4)


def test_a_file_marked_finished_with_questions_unanswered_gets_a_warning(
    tmp_path: Path, rules_path: Path
) -> None:
    path = write_json(tmp_path / "f.json", document(RULES, {"connexion": "fibre"}))
    (outcome,) = score_files([path], [rules_path], workers=1)
    assert isinstance(outcome, Scored) and outcome.result["complete"] is False
    assert any(
        "marked as finished, but 5 applicable questions have no answer" in w
        for w in outcome.warnings
    )


def test_file_names_that_are_not_utf8_are_shown_with_a_replacement_character(
    tmp_path: Path,
) -> None:
    name = os.fsdecode(b"caf\xe9.json")
    assert display_name(tmp_path / name).endswith("caf\ufffd.json")
    json.dumps(display_name(tmp_path / name)).encode("utf-8")  # printable, encodable


def test_the_catalog_given_is_used(tmp_path: Path, rules_path: Path) -> None:
    paths = files(tmp_path / "a", 3, broken_every=None)
    without_rules = list(score_files(paths, workers=1))
    assert len(without_rules) == 3
    assert all(
        isinstance(o, Failed) and "no questionnaire 'regles'" in o.error for o in without_rules
    )
    with_rules = list(score_files(paths, catalog=Catalog([rules_path]), workers=1))
    assert all(isinstance(o, Scored) for o in with_rules)


def test_the_fast_finder_gives_the_files_and_order_of_find_files(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    for name in [
        "b.json",
        "a-b.json",
        "a/b.json",
        "a/z/c.json",
        "A/upper.json",
        ".hidden/h.json",
        ".dot.json",
        "notes.txt",
        "x.json.tmp",
        "deep/er/and/deeper/f.json",
        "a b/space.json",
    ]:
        write_json(root / name, {})
    (root / "folder.json").mkdir()  # a folder whose name ends in .json is not a file
    (root / "link-to-a").symlink_to(root / "a")  # links to folders are not followed
    (root / "link.json").symlink_to(root / "b.json")  # a link to a file is a file
    (root / "broken.json").symlink_to(root / "missing.json")
    single = write_json(tmp_path / "single.json", {})
    given = [single, root, root / "a"]
    found = find_files(given, ".json")
    expected_under_root = [
        ".dot.json",
        ".hidden/h.json",
        "A/upper.json",
        "a/b.json",
        "a/z/c.json",
        "a b/space.json",
        "a-b.json",
        "b.json",
        "deep/er/and/deeper/f.json",
        "link.json",
    ]
    assert found == [
        single,
        *(root / name for name in expected_under_root),
        root / "a" / "b.json",
        root / "a" / "z" / "c.json",
    ]
    with pytest.raises(UsageError, match="nowhere: no such file or folder"):
        find_files([tmp_path / "nowhere"], ".json")


def test_workers_that_cannot_inherit_the_questionnaires_load_them_again(
    tmp_path: Path, rules_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS and Windows start workers afresh ("spawn") rather than forking."""
    paths = files(tmp_path / "a", 40)
    expected = as_json(list(score_files(paths, [rules_path], workers=1)))
    monkeypatch.setattr(batch, "_process_context", lambda: multiprocessing.get_context("spawn"))
    monkeypatch.setattr(batch, "_worker_catalog", None)
    pooled = list(
        score_files(
            paths, [rules_path], catalog=Catalog([rules_path]), workers=2, parallel_min_files=1
        )
    )
    assert as_json(pooled) == expected
