"""The bundled questionnaires: valid with no warning, and what the field needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonsclics_cli.questionnaire.catalog import Catalog, bundled_dir
from bonsclics_cli.questionnaire.loader import load_file
from bonsclics_cli.questionnaire.model import MultipleQuestion, Questionnaire

BUNDLED = sorted(bundled_dir().glob("*.toml"))


def load(name: str) -> Questionnaire:
    result = load_file(bundled_dir() / f"{name}.toml")
    assert result.questionnaire is not None, [str(f) for f in result.findings]
    return result.questionnaire


@pytest.mark.parametrize("path", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_bundled_questionnaires_are_valid_without_warnings(path: Path) -> None:
    result = load_file(path)
    assert result.findings == []
    assert result.questionnaire is not None
    assert result.questionnaire.id == path.stem
    assert result.questionnaire.languages == ["fr", "en"]


def test_both_questionnaires_are_bundled() -> None:
    assert {path.stem for path in BUNDLED} == {"autonomie-numerique", "reperage-rapide"}
    ids = {entry.questionnaire.id for entry in Catalog().entries}
    assert {"autonomie-numerique", "reperage-rapide"} <= ids


def test_the_default_diagnostic_covers_the_field() -> None:
    q = load("autonomie-numerique")
    assert 20 <= len(q.questions) <= 30
    assert 5 <= len(q.domains) <= 7
    assert sum(question.observed for question in q.questions) >= 4
    assert any(question.when is not None for question in q.questions), "skip logic"
    assert any(
        isinstance(question, MultipleQuestion) and any(o.exclusive for o in question.options)
        for question in q.questions
    )
    lowest = min(q.levels, key=lambda level: level.min)
    highest = max(q.levels, key=lambda level: level.min)
    assert lowest.min == 0 and highest.id == "autonome"
    assert any("aidantsconnect" in (advice.link or "") for advice in q.advice)
    assert q.intro is not None and q.estimated_minutes is not None


def test_observed_tasks_tell_the_professional_how_to_run_them() -> None:
    q = load("autonomie-numerique")
    for question in q.questions:
        if question.observed:
            assert question.help is not None, question.id


def test_no_smartphone_means_no_smartphone_questions() -> None:
    q = load("autonomie-numerique")
    dependent = [question for question in q.questions if question.when is not None]
    assert len(dependent) >= 3
    names = set().union(*(question.when.names() for question in dependent if question.when))
    assert names <= set(q.questions_by_id)


def test_the_screening_has_three_questions() -> None:
    q = load("reperage-rapide")
    assert len(q.questions) == 3
    assert q.estimated_minutes is not None and q.estimated_minutes <= 5
