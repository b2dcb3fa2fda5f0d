"""``export --anonymize`` is k-anonymous: every published combination of quasi-identifiers
(the month and the answers that describe a person) is shared by at least k persons."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import DEFAULT, PARIS, catalog, make_sheet, run_cli, store

from bonsclics_cli.answers.sheet import Answer, AnswerValue
from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
)
from bonsclics_cli.store.anonymize import WITHHELD, k_anonymize, quasi_identifier_values
from bonsclics_cli.store.export import quasi_identifiers


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Answer]:
    """Any valid answers: a population as varied as the one that re-identified 299 of 301."""
    answers: dict[str, Answer] = {}
    values: dict[str, AnswerValue | None] = {}
    for question in questionnaire.questions:
        if question.when is not None and not question.when.holds(values):
            continue
        value: AnswerValue
        if isinstance(question, SingleQuestion):
            value = rng.choice(question.options).value
        elif isinstance(question, MultipleQuestion):
            plain = [o.value for o in question.options if not o.exclusive]
            value = rng.sample(plain, rng.randint(1, len(plain)))
        elif isinstance(question, NumberQuestion):
            value = rng.randint(int(question.min or 0), int(question.max or 99))
        else:
            value = "texte libre"
        answers[question.id] = Answer.of(value)
        values[question.id] = value
    return answers


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """301 sessions of 150 persons over two years, with random answers (seeded)."""
    data = tmp_path_factory.mktemp("population") / "data"
    rng = random.Random(11)
    entry = catalog().find(DEFAULT)
    assert entry is not None
    start = datetime(2025, 1, 6, 9, 0, tzinfo=PARIS)
    for index in range(301):
        moment = start + timedelta(days=rng.randint(0, 700), minutes=index)
        answers = random_answers(entry.questionnaire, rng)
        store(make_sheet(f"BC-{index % 150}", moment, answers=answers), data)
    return data


def exported(data: Path, *extra: str) -> tuple[list[dict[str, Any]], str]:
    result = run_cli(["export", "--anonymize", "-f", "jsonl", "--data-dir", data, *extra])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def combinations(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Each published combination of quasi-identifiers, with the persons sharing it."""
    entry = catalog().find(DEFAULT)
    assert entry is not None
    quasi = quasi_identifiers([_Loaded(entry.questionnaire)])  # type: ignore[list-item]
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        found[quasi_identifier_values(row, quasi)].add(row["person"])
    return found


class _Loaded:
    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire


@pytest.mark.parametrize("k", [None, "2", "10"])
def test_every_published_combination_is_shared_by_at_least_k_persons(
    population: Path, k: str | None
) -> None:
    rows, stderr = exported(population, *(["--k", k] if k else []))
    wanted = int(k or 5)
    shared = combinations(rows)
    assert shared and min(len(persons) for persons in shared.values()) >= wanted
    generalised = sum("-Q" in row["month"] or len(row["month"]) == 4 for row in rows)
    suppressed = 301 - len(rows)
    assert (
        f"k-anonymity (k = {wanted}): of 301 rows, {len(rows) - generalised} kept as they "
        f"were, {generalised} generalised"
    ) in stderr
    assert f"{suppressed} suppressed" in stderr


def test_without_k_anonymity_almost_every_row_is_unique(population: Path) -> None:
    """The attack of the issue: with --k 1 the rows single people out, and it says so."""
    rows, stderr = exported(population, "--k", "1")
    assert len(rows) == 301
    assert "k-anonymity is off (--k 1)" in stderr
    unique = [persons for persons in combinations(rows).values() if len(persons) == 1]
    assert len(unique) > 250


def test_generalised_rows_show_a_quarter_or_a_year_and_withheld_answers(
    population: Path,
) -> None:
    rows, _ = exported(population)
    coarse = [row for row in rows if len(row["month"]) == 4 or "-Q" in row["month"]]
    assert coarse, "with random answers, some rows need a coarser level"
    for row in coarse:
        assert row["answers"]["appareils"] == {"state": WITHHELD}  # a multiple choice
        assert "code_sms" in row["answers"]  # a skill, not a quasi-identifier
        assert row["answers"]["code_sms"] != {"state": WITHHELD}
    csv = run_cli(["export", "--anonymize", "--data-dir", population]).stdout
    assert "(withheld)" in csv


def test_a_lone_session_is_suppressed_not_published(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for index in range(6):
        store(make_sheet(f"BC-{index}", datetime(2026, 3, 2 + index, 9, tzinfo=PARIS)), data)
    store(make_sheet("BC-LONE", datetime(2026, 3, 20, 9, tzinfo=PARIS), profile="low"), data)
    rows, stderr = exported(data)
    assert len(rows) == 6
    assert all(row["month"] == "2026-03" for row in rows)
    assert "of 7 rows, 6 kept as they were, 0 generalised" in stderr
    assert "1 suppressed (still shared by fewer than 5 persons)" in stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--anonymize", "--k", "0"], "--k"),
        (["--k", "5"], "--k applies to --anonymize"),
        (["--person", "BC-1", "--k", "5"], "drop --k"),
    ],
)
def test_bad_k_is_a_usage_error(tmp_path: Path, arguments: list[str], message: str) -> None:
    result = run_cli(["export", *arguments, "--data-dir", tmp_path])
    assert result.exit_code == 2
    assert message in result.stderr


QUASI = {("q", "1"): [("age", "number"), ("devices", "multiple"), ("home", "single")]}
ROW = st.fixed_dictionaries(
    {
        "person": st.sampled_from([f"anon-{n}" for n in range(12)]),
        "questionnaire": st.just({"id": "q", "version": "1"}),
        "month": st.sampled_from(["2025-01", "2025-05", "2025-11", "2026-02"]),
        "answers": st.fixed_dictionaries(
            {
                "age": st.sampled_from([{"value": b} for b in ("20-29", "30-39", "90+")]),
                "devices": st.sampled_from([{"value": ["a"]}, {"value": ["a", "b"]}]),
                "home": st.sampled_from([{"value": "x"}, {"value": "y"}, {"state": "declined"}]),
            }
        ),
    }
)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(ROW, max_size=60), k=st.integers(min_value=2, max_value=6))
def test_k_anonymize_property(rows: list[dict[str, Any]], k: int) -> None:
    published, done = k_anonymize(rows, QUASI, k)  # type: ignore[arg-type]
    persons: dict[str, set[str]] = defaultdict(set)
    for row in published:
        persons[quasi_identifier_values(row, QUASI)].add(row["person"])  # type: ignore[arg-type]
    assert all(len(group) >= k for group in persons.values())
    assert len(published) + done.suppressed == len(rows) == done.rows
    assert done.generalised <= len(published)
