"""docs/format.md §3.4 (revision 2): complete results only get levels; requirements; domain scale.

One table of cases on ``tests/fixtures/preuves.toml``: two domains, each with a declared
question worth 6 and an observed task worth 2 (done without help), 1 (with help) or 0.
Overall levels: a_accompagner 0, avec_guidage 40, autonome_guidage 60 (requires one task
done, with or without help), autonome 70 (requires both tasks done without help).
Domain scale: a_decouvrir 0, en_cours 40, acquis 75.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_helpers import questionnaire, sheet

from bonsclics_cli.questionnaire.model import DomainLevel, MultipleQuestion, SingleQuestion
from bonsclics_cli.scoring.batch import score_files
from bonsclics_cli.scoring.rules import score, score_result

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "preuves.toml"
TEXT = FIXTURE.read_text(encoding="utf-8")
PREUVES = questionnaire(TEXT)
WITHOUT_REQUIRES = questionnaire(re.sub(r"(?m)^requires = .*$", "", TEXT))

GOOD = {"acces": "oui", "email_declare": "oui", "demarches_declare": "oui"}

# (name, answers, complete, score, score_level, level, held, domain levels, advice)
CASES: list[tuple[str, dict[str, Any], bool, Any, Any, Any, list[str], list[Any], list[str]]] = [
    (
        "requirement met",
        GOOD | {"obs_email": "seul", "obs_demarche": "seul"},
        True,
        100,
        "autonome",
        "autonome",
        [],
        ["acquis", "acquis"],
        ["felicitations"],
    ),
    (
        "unmet by one band: one task done with help",
        GOOD | {"obs_email": "aide", "obs_demarche": "seul"},
        True,
        94,
        "autonome",
        "autonome_guidage",
        ["autonome"],
        ["acquis", "acquis"],
        [],
    ),
    (
        "unmet by two bands: declared everything, failed both tasks",
        GOOD | {"obs_email": "echec", "obs_demarche": "echec"},
        True,
        75,
        "autonome",
        "avec_guidage",
        ["autonome", "autonome_guidage"],
        ["acquis", "acquis"],
        ["preuve_manquante"],
    ),
    (
        "declined tasks meet no requirement, however high the score",
        GOOD | {"obs_email": "-", "obs_demarche": "-"},
        True,
        100,
        "autonome",
        "avec_guidage",
        ["autonome", "autonome_guidage"],
        ["acquis", "acquis"],
        ["preuve_manquante"],
    ),
    (
        "a task not asked does not meet a requirement",
        GOOD | {"acces": "non", "obs_email": "seul"},
        True,
        100,
        "autonome",
        "autonome_guidage",
        ["autonome"],
        ["acquis", "acquis"],
        [],
    ),
    (
        "a dont_know task counts 0 and meets no requirement",
        GOOD | {"obs_email": "?", "obs_demarche": "seul"},
        True,
        88,
        "autonome",
        "autonome_guidage",
        ["autonome"],
        ["acquis", "acquis"],
        [],
    ),
    (
        "unfinished by completed_at: scores, but no level at all",
        GOOD | {"obs_email": "seul", "obs_demarche": "seul"},
        False,
        100,
        None,
        None,
        [],
        [None, None],
        [],
    ),
    (
        "unfinished by a missing applicable answer, though marked finished",
        {"acces": "oui", "email_declare": "oui", "demarches_declare": "non", "obs_email": "seul"},
        True,
        50,
        None,
        None,
        [],
        [None, None],
        [],
    ),
    (
        "domain levels on the domain scale, in advice too",
        {
            "acces": "oui",
            "email_declare": "non",
            "demarches_declare": "oui",
            "obs_email": "echec",
            "obs_demarche": "seul",
        },
        True,
        50,
        "avec_guidage",
        "avec_guidage",
        [],
        ["a_decouvrir", "acquis"],
        ["atelier_email"],
    ),
]


@pytest.mark.parametrize(
    ("answers", "complete", "overall", "score_level", "level", "held", "domains", "advice"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_completeness_levels_and_requirements(
    answers: dict[str, Any],
    complete: bool,
    overall: Any,
    score_level: Any,
    level: Any,
    held: list[str],
    domains: list[Any],
    advice: list[str],
) -> None:
    card = score(PREUVES, sheet(PREUVES, answers, complete=complete))
    result = card.to_json("f.json")
    assert (result["score"], result["score_level"], result["level"]) == (
        overall,
        score_level,
        level,
    )
    assert [level.id for level in card.held] == held
    assert [domain["level"] for domain in result["domains"]] == domains
    assert result["advice"] == advice
    assert result["complete"] is (level is not None)
    # The batch path builds the very same object.
    objects = {
        key: {"value": a.value} if a.state is None else {"state": a.state}
        for key, a in card.sheet.answers.items()
    }
    batch, _ = score_result("f.json", PREUVES, card.sheet.person, complete, objects)
    assert batch == result


def test_the_level_held_down_is_explained_with_the_answers_that_did_not_meet_it() -> None:
    from bonsclics_cli.reports.view import explain_held

    answers = GOOD | {"obs_email": "aide", "obs_demarche": "seul"}
    card = score(PREUVES, sheet(PREUVES, answers))
    explanation = explain_held(card, "fr")
    assert explanation is not None
    assert explanation.headline == (
        "Le score seul donnerait le niveau « Autonome ». Le niveau retenu est "
        "« Autonome avec guidage en cas de besoin », faute des preuves demandées :"
    )
    [(because, evidence)] = explanation.reasons
    assert because.startswith("« Autonome » demande : la réponse à « Mise en situation e-mail »")
    assert "« Mise en situation e-mail » : fait avec aide" in evidence
    assert "« Mise en situation démarche » : fait sans aide" in evidence
    english = explain_held(card, "en")
    assert english is not None and english.headline.startswith(
        "The score alone would give the level “Autonomous”."
    )


def test_no_explanation_when_the_level_is_the_score_level() -> None:
    from bonsclics_cli.reports.view import explain_held

    card = score(PREUVES, sheet(PREUVES, GOOD | {"obs_email": "seul", "obs_demarche": "seul"}))
    assert explain_held(card, "fr") is None


def _answers() -> st.SearchStrategy[dict[str, Any]]:
    """Any answers to the fixture: a value, a state, or nothing, per question."""
    per_question = {}
    for question in PREUVES.questions:
        values: list[Any] = ["?", "-"]
        if isinstance(question, SingleQuestion | MultipleQuestion):
            values += [option.value for option in question.options]
        else:
            values += [18, 70]
        per_question[question.id] = st.sampled_from(values)
    return st.fixed_dictionaries({}, optional=per_question)


def _id(level: DomainLevel | None) -> str | None:
    return None if level is None else level.id


@settings(max_examples=300, deadline=None)
@given(answers=_answers(), complete=st.booleans())
def test_adding_requires_never_raises_a_level(answers: dict[str, Any], complete: bool) -> None:
    with_requires = score(PREUVES, sheet(PREUVES, answers, complete=complete))
    without = score(WITHOUT_REQUIRES, sheet(WITHOUT_REQUIRES, answers, complete=complete))
    assert with_requires.score == without.score
    assert _id(with_requires.score_level) == _id(without.level)
    if with_requires.level is not None and without.level is not None:
        assert with_requires.level.min <= without.level.min
    assert (with_requires.level is None) == (without.level is None)


@settings(max_examples=300, deadline=None)
@given(answers=_answers())
def test_an_unfinished_result_never_has_a_level(answers: dict[str, Any]) -> None:
    result = score(PREUVES, sheet(PREUVES, answers, complete=False)).to_json("f")
    assert result["complete"] is False
    assert result["level"] is None and result["score_level"] is None
    assert all(domain["level"] is None for domain in result["domains"])


def _line(answers: dict[str, Any], person: str) -> str:
    return sheet(PREUVES, answers, person=person).to_json().replace("\n", "")


def test_a_json_lines_shard_gives_one_result_per_line_and_one_error_for_a_broken_line(
    tmp_path: Path,
) -> None:
    shard = tmp_path / "cohorte.jsonl"
    good = GOOD | {"obs_email": "seul", "obs_demarche": "seul"}
    shard.write_text(
        "\n".join(
            [
                _line(good, "P1"),
                "",  # blank lines are skipped, but counted in the line numbers
                '{"format": 1, "person": ',
                _line(good | {"obs_email": "echec"}, "P3"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    outcomes = list(score_files([shard], [FIXTURE]))
    names = [outcome.file for outcome in outcomes]
    assert names == [f"{shard}:1", f"{shard}:3", f"{shard}:4"]
    first, broken, last = (outcome.to_json() for outcome in outcomes)
    assert (first["person"], first["level"]) == ("P1", "autonome")
    assert broken["error"] == f"{shard}:3:25: invalid JSON: Expecting value"
    assert (last["person"], last["level"]) == ("P3", "autonome_guidage")


def test_a_shard_and_a_file_in_a_folder_are_both_scored_by_the_command(tmp_path: Path) -> None:
    from cli_runner import run_cli

    folder = tmp_path / "sessions"
    folder.mkdir()
    good = GOOD | {"obs_email": "seul", "obs_demarche": "seul"}
    (folder / "a.jsonl").write_text(_line(good, "P1") + "\nnot json\n", encoding="utf-8")
    (folder / "b.json").write_text(sheet(PREUVES, good, person="P2").to_json(), encoding="utf-8")
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    result = run_cli(["score", folder, "-q", FIXTURE, "-f", "jsonl"])
    assert result.exit_code == 1  # one line could not be scored
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [
        f"{folder / 'a.jsonl'}:1",
        f"{folder / 'a.jsonl'}:2",
        str(folder / "b.json"),
    ]
    assert "error" in lines[1] and lines[2]["level"] == "autonome"
