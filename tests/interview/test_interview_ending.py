"""The end of ``bonsclics run``: the person's summary first, the professional's details after
a key press, their note and next appointment kept for them only, the person's page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import Outcome, run_cli
from interview_helpers import INTERVIEW_TOML
from prompt_toolkit.input import PipeInput

ENTER = "\r"
TEST_Q = str(INTERVIEW_TOML)
ANSWERS = [
    ENTER,  # informed: yes
    "1" + ENTER,  # smartphone: oui
    "1" + "2" + ENTER,  # usages: appels, photos
    "1" + ENTER,  # obs_photo: seul
    "2" + ENTER,  # code: parfois
    "54" + ENTER,  # age
    "lire mes e-mails" + ENTER,  # envie
]
NOTE = "Madame inquiète pour sa CAF, NOTE-SECRETE-7731"
APPOINTMENT = "Mardi 8 décembre, 14 h, bureau 4 RDV-SECRET-4410"
STRUCTURE = """\
format = 1

[structure]
name = "Centre social des Tilleuls"
phone = "04 72 00 00 00"

[[offers]]
id = "atelier_local"
kind = "workshop"
title = "Atelier du mardi"
place = "Salle 2"
when = "Le mardi, 14 h"
contact = "Inès"
bring = "Votre téléphone"
advice = ["atelier"]
"""


def run(data: Path, *extra: str) -> Outcome:
    command = ["run", TEST_Q, "--person", "BC-END01", "--data-dir", str(data), *extra]
    return run_cli(command)


def session(data: Path) -> Path:
    [path] = sorted((data / "sessions").glob("*/*.json"))
    return path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the run asked the browser to open (never a real browser in the tests)."""
    import webbrowser

    calls: list[str] = []

    def record(url: str, *args: object, **kwargs: object) -> bool:
        calls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", record)
    return calls


def test_the_person_summary_comes_before_any_score_or_professional_advice(
    tmp_path: Path, terminal: PipeInput, opened: list[str]
) -> None:
    terminal.send_text("".join(ANSWERS) + ENTER + ENTER + ENTER + "2" + ENTER)
    result = run(tmp_path / "data")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    summary = out.index("Votre résultat")
    key = out.index("\nRésultat\n")  # the professional's details, after the key press
    assert summary < key
    before_key = out[:key]
    # the person's part: the level, what they can do, their step; no score, no
    # professional's advice, no note prompt
    assert "Un atelier près de chez vous." in before_key[summary:]
    for professional in ("sur 100", "/100", "Parlez des arnaques par SMS.", "Pour vous seulement"):
        assert professional not in before_key, professional
    # after the key press: the scores and the professional's advice
    assert "Score d'autonomie : 50 sur 100" in out[key:]
    assert "Parlez des arnaques par SMS." in out[key:]
    assert out.index("Pour vous seulement") > out.index("Score d'autonomie")
    assert opened == []  # "Non": no page written, nothing opened
    assert not (tmp_path / "data" / "reports").exists()


def test_the_note_and_appointment_are_kept_in_the_answers_file_only(
    tmp_path: Path, terminal: PipeInput, opened: list[str]
) -> None:
    data = tmp_path / "data"
    keys = "".join(ANSWERS) + ENTER + NOTE + ENTER + APPOINTMENT + ENTER + "1" + ENTER
    terminal.send_text(keys)
    result = run(data)
    assert result.exit_code == 0, result.stderr
    document = json.loads(session(data).read_text(encoding="utf-8"))
    assert document["professional_note"] == NOTE
    assert document["next_appointment"] == APPOINTMENT
    # "Oui": the person's page is written into the data folder, and opened
    [page] = (data / "reports" / "BC-END01").iterdir()
    assert page.name.endswith("_person.html")
    assert opened == [page.resolve().as_uri()]
    html = page.read_bytes()
    assert b"<h1>Votre bilan num" in html
    assert b"SECRETE" not in html and b"SECRET" not in html  # never on the person's page
    assert "SECRET" not in result.stdout  # typed into the prompt, never printed back
    # and the professional's report has them, in its synthesis
    professional = run_cli(
        ["report", str(session(data)), "-q", TEST_Q, "-o", "-", "--data-dir", str(data)]
    )
    synthesis = professional.stdout[: professional.stdout.index('class="annex"')]
    assert NOTE in synthesis and APPOINTMENT in synthesis


def test_the_structure_offer_is_in_the_person_summary(
    tmp_path: Path, terminal: PipeInput, opened: list[str]
) -> None:
    structure = tmp_path / "structure.toml"
    structure.write_text(STRUCTURE, encoding="utf-8")
    terminal.send_text("".join(ANSWERS) + ENTER + ENTER + ENTER + "2" + ENTER)
    result = run(tmp_path / "data", "--structure", str(structure))
    assert result.exit_code == 0, result.stderr
    summary = result.stdout[: result.stdout.index("\nRésultat\n")]
    assert "Atelier du mardi" in summary
    assert "Où : Salle 2" in summary and "Quand : Le mardi, 14 h" in summary


def test_a_long_offer_detail_wraps_under_its_own_first_letter(
    tmp_path: Path, terminal: PipeInput, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    when = "Le mardi et le jeudi, de 14 h à 16 h 30, pendant huit semaines de suite"
    structure = tmp_path / "structure.toml"
    structure.write_text(STRUCTURE.replace("Le mardi, 14 h", when), encoding="utf-8")
    terminal.send_text("".join(ANSWERS) + ENTER + ENTER + ENTER + "2" + ENTER)
    result = run(tmp_path / "data", "--structure", str(structure))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    [first] = [index for index, line in enumerate(lines) if "Quand : Le mardi et le" in line]
    start, following = lines[first].index("Quand"), lines[first + 1]
    assert following[start - 1] == " " and following[start] != " "  # under "Quand"
    assert "suite" in following


def test_a_broken_structure_is_refused_before_anything_is_created(
    tmp_path: Path, terminal: PipeInput
) -> None:
    structure = tmp_path / "structure.toml"
    structure.write_text(STRUCTURE.replace('phone = "04 72 00 00 00"', "phone = 4"), "utf-8")
    result = run(tmp_path / "data", "--structure", str(structure))
    assert result.exit_code == 1
    assert f"{structure}:5:9: error: structure.phone" in result.stderr
    assert not (tmp_path / "data").exists()
