"""Resilience: kill -9 the interview at random moments; nothing it showed as answered is lost.

Each case runs the real ``bonsclics run`` in a pseudo-terminal on a tiny questionnaire
(new interviews and resumed ones), answers a few questions and kills the process
with SIGKILL at a moment drawn from a seeded random generator: just after a key,
just after the answer line "→ …" appears, a few milliseconds later, or once the next
question is on screen. Then:

- the session file is a valid answers document (never half-written);
- every answer the screen confirmed ("→ …") before the kill is in it, with its value;
- it holds nothing that was not typed;
- resuming (the same recovery ``run --resume`` does under its lock) keeps all of that.

The moments are random, the assertions are not: they hold for every moment.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest
from interview_helpers import START, load, many_options_toml, spawn

from bonsclics_cli.answers.sheet import Answer, read_sheet, save_sheet
from bonsclics_cli.interview.autosave import recover_interrupted_save
from bonsclics_cli.interview.engine import new_sheet

pexpect = pytest.importorskip("pexpect")  # not on Windows

pytestmark = pytest.mark.slow

CASES = 32
SEED = 20261201
QUESTIONS = 4
OPTIONS = 3
CHOICE_HINT = "puis Entrée)"
MOMENTS = ("after_key", "at_answer_line", "after_answer_line", "at_next_question")


@pytest.fixture(scope="module")
def questionnaire(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("q") / "kill.toml"
    path.write_text(many_options_toml(OPTIONS, questions=QUESTIONS), encoding="utf-8")
    return path


def started_session(data: Path, questionnaire: Path, answered: int, person: str) -> Path:
    """An unfinished session with ``answered`` answers, as an earlier run left it."""
    q, sha256 = load(questionnaire)
    sheet = new_sheet(
        q, sha256, person=person, language="fr", started_at=START, extra={}
    ).model_copy(
        update={
            "answers": {f"q{n}": Answer.of("o1") for n in range(1, answered + 1)},
            "informed_at": START.isoformat(),
        }
    )
    path = data / "sessions" / person / "2026-11-29-101500-long.json"
    save_sheet(sheet, path)
    return path


def session_of(data: Path) -> Path:
    found = sorted((data / "sessions").glob("*/*.json"))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("case", range(CASES))
def test_kill_9_at_a_random_moment_loses_no_confirmed_answer(
    tmp_path: Path, questionnaire: Path, case: int
) -> None:
    rng = random.Random(SEED + case)
    data = tmp_path / "data"
    person = f"BC-KILL{case:02d}"
    resumed = case % 3 == 2  # every third case resumes an interview begun earlier
    confirmed: dict[str, str] = {}
    typed: dict[str, set[str]] = {}
    first = 1
    if resumed:
        first = rng.randint(2, QUESTIONS)
        path = started_session(data, questionnaire, first - 1, person)
        confirmed = {f"q{n}": "o1" for n in range(1, first)}
        typed = {q: {v} for q, v in confirmed.items()}
        child = spawn("run", "--resume", str(path), "-q", str(questionnaire), data=data)
    else:
        child = spawn("run", str(questionnaire), "--person", person, data=data)
        child.expect_exact("arrêter ici")
        child.send("\r")  # informed: yes

    # The kill comes while answering question `last`, at one of the MOMENTS.
    last = rng.randint(first, QUESTIONS)
    moment = rng.choice(MOMENTS)
    try:
        for number in range(first, last + 1):
            child.expect_exact(f"Question longue {number} ?")
            child.expect_exact(CHOICE_HINT)
            choice = rng.randint(1, OPTIONS)
            typed.setdefault(f"q{number}", set()).add(f"o{choice}")
            child.send(f"{choice}\r")
            if number == last and moment == "after_key":
                break
            child.expect_exact(f"→ Option {choice}")
            confirmed[f"q{number}"] = f"o{choice}"
            if number == last:
                if moment == "after_answer_line":
                    time.sleep(rng.uniform(0, 0.03))
                elif moment == "at_next_question":
                    child.expect_exact(
                        f"Question longue {number + 1} ?"
                        if number < QUESTIONS
                        else "Votre résultat"
                    )
    finally:
        child.kill(signal.SIGKILL)
        child.close(force=True)

    path = session_of(data)
    sheet = read_sheet(path)  # a valid answers document, or this raises
    kept = {q: a.value for q, a in sheet.answers.items()}
    assert confirmed.items() <= kept.items(), f"case {case} ({moment}): lost answers"
    assert all(isinstance(v, str) and v in typed.get(q, ()) for q, v in kept.items())

    recover_interrupted_save(path)  # what resuming does first, under the lock
    again = {q: a.value for q, a in read_sheet(path).answers.items()}
    assert confirmed.items() <= again.items()
    assert all(isinstance(v, str) and v in typed.get(q, ()) for q, v in again.items())
