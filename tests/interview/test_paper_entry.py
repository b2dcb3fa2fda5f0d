"""``bonsclics run --from-paper``: a paper form typed in, compact, by the professional alone."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from interview_helpers import INTERVIEW_TOML, load, spawn
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from bonsclics_cli.answers.sheet import Answer
from bonsclics_cli.cli.paper_entry import PaperAsker, _parse_date, paper_moment
from bonsclics_cli.cli.wording import wording_for
from bonsclics_cli.interview.engine import BACK, Step

ENTER = "\r"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def _asker() -> tuple[PaperAsker, io.StringIO]:
    screen = io.StringIO()
    console = Console(file=screen, width=80, no_color=True, force_terminal=False)
    return PaperAsker(console, wording_for("fr")), screen


def _step(question_id: str) -> Step:
    questionnaire = load()[0]
    question = questionnaire.questions_by_id[question_id]
    return Step(questionnaire, question, "fr", 1, 3, None, True)


def test_a_choice_is_answered_by_its_number_in_one_keystroke(keys: PipeInput) -> None:
    asker, screen = _asker()
    keys.send_text("2")  # no Enter
    assert asker.ask(_step("code")) == Answer.of("parfois")
    # the paper's number of the question (its place in the file), not its rank among those asked
    assert "4. Donneriez-vous votre code par SMS ?" in screen.getvalue()


def test_the_ways_out_have_their_keys_too(keys: PipeInput) -> None:
    asker, _ = _asker()
    keys.send_text("3")
    assert asker.ask(_step("code")) == Answer.stated("dont_know")
    keys.send_text("4")
    assert asker.ask(_step("code")) == Answer.stated("declined")
    keys.send_text("5")
    assert asker.ask(_step("code")) is BACK


def test_ticking_several_choices_still_ends_with_enter(keys: PipeInput) -> None:
    asker, _ = _asker()
    keys.send_text("1" + "2" + ENTER)
    assert asker.ask(_step("usages")) == Answer.of(["appels", "photos"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("28/11/2026", date(2026, 11, 28)),
        ("1/2/2026", date(2026, 2, 1)),
        ("2026-11-28", date(2026, 11, 28)),
        ("31/02/2026", None),
        ("hier", None),
    ],
)
def test_dates_are_typed_as_written_on_paper(typed: str, expected: date | None) -> None:
    assert _parse_date(typed) == expected


def test_a_paper_day_is_noon_local_time() -> None:
    moment = paper_moment(date(2026, 11, 28))
    assert (moment.date(), moment.hour, moment.minute) == (date(2026, 11, 28), 12, 0)
    assert moment.tzinfo is not None


def test_from_paper_needs_a_terminal(tmp_path: Path) -> None:
    from cli_runner import run_cli

    result = run_cli(["run", str(INTERVIEW_TOML), "--from-paper", "--person", "BC-P1"])
    assert result.exit_code == 2


# --- end to end, in a real pseudo-terminal ----------------------------------------------------


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _answers_file(data: Path) -> dict[str, Any]:
    (path,) = sorted((data / "sessions").glob("*/*.json"))
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return document


def _end_of_interview(child: Any) -> None:
    """The end of `run`: the person's summary read, no note, no appointment, no page."""
    for prompt, hint, keys in (
        ("Appuyez sur Entrée", "professionnel", ENTER),
        ("Votre note", "passer", ENTER),
        ("Prochain rendez-vous", "passer", ENTER),
        ("Écrire la page de la personne", "puis Entrée)", "2" + ENTER),
    ):
        child.expect_exact(prompt)
        child.expect_exact(hint)
        child.send(keys)


@pytest.mark.slow
def test_a_typed_in_paper_form_gives_the_answers_file_of_the_same_interview(
    tmp_path: Path,
) -> None:
    pytest.importorskip("pexpect")
    import pexpect

    # the interview, with the person beside you
    interview = spawn("run", str(INTERVIEW_TOML), "--person", "BC-PAP01", data=tmp_path / "run")
    interview.expect_exact("arrêter ici")
    interview.send(ENTER)
    for prompt, hint, keys in (
        ("Avez-vous un smartphone", "puis Entrée)", "1" + ENTER),
        ("Que faites-vous avec", "pour valider)", "2" + ENTER),
        ("Demandez de prendre une photo", "puis Entrée)", "1" + ENTER),
        ("Donneriez-vous votre code", "puis Entrée)", "2" + ENTER),
        ("Quel âge avez-vous", "autres choix)", "54" + ENTER),
        ("Qu'aimeriez-vous apprendre", "autres choix)", "lire" + ENTER),
    ):
        interview.expect_exact(prompt)
        interview.expect_exact(hint)
        interview.send(keys)
    _end_of_interview(interview)
    interview.expect(pexpect.EOF)

    # the same answers, from the paper form
    paper = spawn(
        "run", str(INTERVIEW_TOML), "--from-paper", "--person", "BC-PAP01", data=tmp_path / "paper"
    )
    paper.expect_exact("Date écrite sur le formulaire")
    paper.send("\x15" + "28/11/2026" + ENTER)  # Ctrl-U clears the suggested date
    paper.expect_exact("Date de l'accord de la personne")
    paper.send("\x15" + "27/11/2026" + ENTER)
    for prompt, hint, keys in (
        ("1. Avez-vous un smartphone", "sans Entrée)", "1"),
        ("2. Que faites-vous avec", "pour valider)", "2" + ENTER),
        ("3. Demandez de prendre une photo", "sans Entrée)", "1"),
        ("4. Donneriez-vous votre code", "sans Entrée)", "2"),
        ("5. Quel âge avez-vous", "autres choix)", "54" + ENTER),
        ("6. Qu'aimeriez-vous apprendre", "autres choix)", "lire" + ENTER),
    ):
        paper.expect_exact(prompt)
        paper.expect_exact(hint)
        paper.send(keys)
    paper.expect_exact("Résultat")
    paper.expect(pexpect.EOF)
    paper.close()
    assert paper.exitstatus == 0

    typed, asked = _answers_file(tmp_path / "paper"), _answers_file(tmp_path / "run")
    same = ("format", "questionnaire", "person", "language", "answers")
    assert {key: typed[key] for key in same} == {key: asked[key] for key in same}
    assert typed["answers"]["usages"] == {"value": ["photos"]}
    # the paper's dates, not the time it was typed in
    assert typed["started_at"].startswith("2026-11-28T12:00:00")
    assert typed["completed_at"] == typed["updated_at"] == typed["started_at"]
    assert typed["informed_at"].startswith("2026-11-27T12:00:00")
    assert typed["entered_at"] > typed["started_at"]
    assert asked["completed_at"] is not None


@pytest.mark.slow
def test_a_typed_in_form_stopped_and_resumed_keeps_the_papers_date(tmp_path: Path) -> None:
    pytest.importorskip("pexpect")
    import pexpect

    data = tmp_path / "data"
    paper = spawn("run", str(INTERVIEW_TOML), "--from-paper", "--person", "BC-PAP02", data=data)
    paper.expect_exact("Date écrite sur le formulaire")
    paper.send("\x15" + "03/11/2026" + ENTER)
    paper.expect_exact("Date de l'accord de la personne")
    paper.send(ENTER)  # the form's date, offered
    paper.expect_exact("sans Entrée)")
    paper.send("2")  # smartphone: non
    paper.expect_exact("4. Donneriez-vous votre code")
    paper.expect_exact("sans Entrée)")
    paper.send("\x03")
    paper.expect(pexpect.EOF)
    paper.close()
    assert paper.exitstatus == 130
    (path,) = sorted((data / "sessions").glob("*/*.json"))

    resumed = spawn("run", "--resume", str(path), "-q", str(INTERVIEW_TOML), data=data)
    for prompt, hint, keys in (
        ("Donneriez-vous votre code", "puis Entrée)", "1" + ENTER),
        ("Quel âge avez-vous", "autres choix)", "70" + ENTER),
        ("Qu'aimeriez-vous apprendre", "autres choix)", ENTER),
        ("Pas de réponse écrite", "Revenir à la question", "2" + ENTER),  # « je ne sais pas »
    ):
        resumed.expect_exact(prompt)
        resumed.expect_exact(hint)
        resumed.send(keys)
    _end_of_interview(resumed)
    resumed.expect(pexpect.EOF)
    document = _answers_file(data)
    assert document["started_at"].startswith("2026-11-03T12:00:00")
    assert _moment(document["informed_at"]) == _moment(document["started_at"])
    assert document["completed_at"] == document["updated_at"] == document["started_at"]
    assert document["answers"]["envie"] == {"state": "dont_know"}
