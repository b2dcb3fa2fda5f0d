"""End to end in a real pseudo-terminal: answer, Ctrl-C, resume, finish, score; one at a time."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from typing import Any, TypeAlias

import pytest
from interview_helpers import INTERVIEW_TOML

from bonsclics_cli.answers.checks import load_answers
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.scoring.rules import score

pexpect = pytest.importorskip("pexpect")  # not on Windows

# A real pseudo-terminal and a real process per test: seconds, not milliseconds.
pytestmark = pytest.mark.slow
Child: TypeAlias = Any  # a pexpect.spawn

BONSCLICS = str(Path(sys.executable).with_name("bonsclics"))
CTRL_C = "\x03"
# Each prompt ends with its key hint; keys are sent only once it is on screen.
CHOICE_HINT = "puis Entrée)"
TICK_HINT = "pour valider)"
TYPE_HINT = "autres choix)"


def spawn(*args: str, data: Path) -> Child:
    # No terminal answers the cursor-position request here: do not wait for one.
    env = dict(os.environ, COLUMNS="80", LINES="40", TERM="xterm", NO_COLOR="1")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env["BONSCLICS_DATA_DIR"] = str(data)
    child = pexpect.spawn(
        BONSCLICS, list(args), env=env, dimensions=(40, 80), encoding="utf-8", timeout=15
    )
    return child


def answer(child: Child, question: str, hint: str, keys: str) -> None:
    child.expect_exact(question)
    child.expect_exact(hint)
    child.send(keys)


def finish(child: Child) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before or ""


def wait_for_session(data: Path) -> Path:
    for _ in range(100):
        found = sorted((data / "sessions").glob("*/*.json"))
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError("no session file was written")


def test_answer_stop_resume_finish_and_score(tmp_path: Path) -> None:
    data = tmp_path / "data"
    child = spawn("run", str(INTERVIEW_TOML), "--person", "BC-E2E001", data=data)
    answer(child, "Votre choix", "arrêter ici", "\r")
    answer(child, "Question 1 sur", CHOICE_HINT, "1\r")  # smartphone: oui
    answer(child, "Question 2 sur", TICK_HINT, "1\r")  # usages: appels
    answer(child, "Question 3 sur", CHOICE_HINT, CTRL_C)  # code
    status, output = finish(child)
    assert status == 130
    assert "2 réponses gardées" in output
    path = wait_for_session(data)
    assert f"bonsclics run --resume {path.resolve()}" in output.replace("\r\n", "")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    child = spawn("run", "--resume", str(path), "-q", str(INTERVIEW_TOML), data=data)
    child.expect_exact("Réponses déjà données : 2")
    answer(child, "Question 3 sur", CHOICE_HINT, "1\r")  # code: jamais
    answer(child, "Question 4 sur", TYPE_HINT, "54\r")  # age
    answer(child, "Question 5 sur", TYPE_HINT, "lire mes e-mails\r")
    # the person's summary first; the professional's details only after a key press
    child.expect_exact("Votre résultat")
    answer(child, "Appuyez sur Entrée", "professionnel", "\r")
    child.expect_exact("Résultat")
    child.expect_exact("Autonome")
    child.expect_exact("Compte rendu pour la personne")
    answer(child, "Votre note", "passer", "\r")
    answer(child, "Prochain rendez-vous", "passer", "\r")
    answer(child, "Écrire la page de la personne", CHOICE_HINT, "2\r")
    status, output = finish(child)
    assert status == 0, output

    loaded = load_answers(path, Catalog([INTERVIEW_TOML]))
    card = score(loaded.questionnaire, loaded.sheet)
    assert card.complete
    # equipement: smartphone 2/2 + usages 1/2 = 75 %; securite: 2/2 = 100 %
    assert card.score == 88 and card.level is not None and card.level.id == "autonome"


def test_a_second_process_cannot_open_a_session_in_use(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = spawn("run", str(INTERVIEW_TOML), "--person", "BC-E2E002", data=data)
    answer(first, "Votre choix", "arrêter ici", "\r")
    first.expect_exact("Question 1 sur")
    first.expect_exact(CHOICE_HINT)
    path = wait_for_session(data)

    second = spawn("run", "--resume", str(path), "-q", str(INTERVIEW_TOML), data=data)
    status, output = finish(second)
    assert status == 1
    assert "is open in another bonsclics process" in output

    first.send(CTRL_C)
    status, _ = finish(first)
    assert status == 130


def test_plain_mode_in_a_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    child = spawn("run", str(INTERVIEW_TOML), "--plain", "--person", "BC-E2E003", data=data)
    child.expect_exact("2. Non, arrêter ici")
    child.send("2\r")
    child.expect_exact("rien n'a été enregistré")
    status, _ = finish(child)
    assert status == 0
    assert not (data / "sessions").exists() or not list((data / "sessions").rglob("*.json"))
