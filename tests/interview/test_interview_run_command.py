"""``bonsclics run`` through the command line: refusals, and whole interviews on pipe input."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path

import pytest
from cli_runner import Outcome, run_cli
from filelock import FileLock
from interview_helpers import INTERVIEW_TOML, START, load
from prompt_toolkit.input import PipeInput

from bonsclics_cli.answers.sheet import Answer, parse_sheet, save_sheet
from bonsclics_cli.interview.engine import new_sheet
from bonsclics_cli.reports.wording import FRENCH

ENTER, CTRL_C = "\r", "\x03"
TEST_Q = str(INTERVIEW_TOML)
POSIX = sys.platform != "win32"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def invoke(*args: str) -> Outcome:
    return run_cli(list(args))


def sessions(data: Path) -> list[Path]:
    return sorted((data / "sessions").glob("*/*.json"))


# --- refused before anything is created ----------------------------------------------------


def test_no_terminal_exits_2_pointing_to_import(data: Path) -> None:
    result = invoke("run", "--person", "BC-TEST01", "--data-dir", str(data))
    assert result.exit_code == 2
    assert "bonsclics import" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not data.exists()


@pytest.mark.parametrize("person", ["../x", "Jean Dupont", "a/b", "-x", "é"])
def test_unsafe_person_id_exits_2_and_creates_nothing(data: Path, person: str) -> None:
    result = invoke("run", "--person", person, "--data-dir", str(data))
    assert result.exit_code == 2
    assert "not a valid person id" in result.stderr
    assert not data.exists()


def test_unsafe_person_id_is_refused_even_on_a_terminal(data: Path, terminal: PipeInput) -> None:
    result = invoke("run", "--person", "../../etc", "--data-dir", str(data))
    assert result.exit_code == 2 and not data.exists()


def test_unknown_language_exits_2(data: Path) -> None:
    result = invoke("run", "--lang", "de", "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 2
    assert "language 'de' is not one of the questionnaire's: fr, en" in result.stderr


def test_unknown_questionnaire_exits_2(data: Path) -> None:
    result = invoke("run", "autonomie", "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 2
    assert "no questionnaire with id 'autonomie'" in result.stderr


def test_resume_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = invoke("run", "--resume", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "no such answers file" in result.stderr


def test_resume_of_a_broken_file_exits_1_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = invoke("run", "--resume", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:1:2: invalid JSON" in result.stderr


# --- whole interviews -----------------------------------------------------------------------

# The end of every interview: Enter after the person's summary, no note, no appointment,
# and no person's page written (tests/interview/test_interview_ending.py does them).
END_KEYS = [ENTER, ENTER, ENTER, "2" + ENTER]
FULL_KEYS = [
    ENTER,  # informed: yes
    "1" + ENTER,  # smartphone: oui
    "1" + "2" + ENTER,  # usages: appels, photos
    "1" + ENTER,  # obs_photo: seul
    "2" + ENTER,  # code: parfois
    "54" + ENTER,  # age
    "lire mes e-mails" + ENTER,  # envie
    *END_KEYS,
]


def test_a_whole_interview_is_saved_completed_and_shows_the_result(
    data: Path, terminal: PipeInput
) -> None:
    terminal.send_text("".join(FULL_KEYS))
    result = invoke("run", TEST_Q, "--person", "BC-TEST01", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    [path] = sessions(data)
    assert path.parent.name == "BC-TEST01"
    sheet = parse_sheet(path.read_bytes(), str(path))
    assert sheet.complete
    assert sheet.answers["usages"] == Answer.of(["appels", "photos"])
    assert sheet.answers["age"] == Answer.of(54)
    assert sheet.answers["envie"] == Answer.of("lire mes e-mails")
    assert (sheet.model_extra or {})["informed_at"] == sheet.started_at.isoformat()
    out = result.stdout
    assert "Ceci est un test. Seul un identifiant est gardé." in out  # the intro
    assert "l'identifiant BC-TEST01 (jamais le nom)" in out
    assert "Niveau : À accompagner" in out and "Un premier pas." in out
    assert "Score d'autonomie : 50 sur 100" in out
    assert "Équipement" in out and "100" in out
    assert "Ce que vous savez déjà faire" in out
    assert "Un atelier près de chez vous. https://www.lesbonsclics.fr/" in out
    assert "Pour le professionnel" in out and "Parlez des arnaques par SMS." in out
    assert str(path) in out
    # The report goes to a file in the person's reports folder (report's default), never
    # as HTML on the screen.
    assert f"bonsclics report {path.resolve()} --audience person --data-dir {data} -q " in out
    if POSIX:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for folder in (data, data / "sessions", path.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_english_interview_with_lang(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join(FULL_KEYS))
    result = invoke("run", TEST_Q, "--lang", "en", "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert "This is a test." in result.stdout and "Level: Needs support" in result.stdout
    [path] = sessions(data)
    assert json.loads(path.read_text(encoding="utf-8"))["language"] == "en"


def test_plain_mode_has_no_boxes_or_bars(data: Path, terminal: PipeInput) -> None:
    keys = ["1" + ENTER, "1" + ENTER, "1,2" + ENTER, "1" + ENTER, "2" + ENTER]
    terminal.send_text("".join(keys) + "54" + ENTER + "lire" + ENTER + "".join(END_KEYS))
    result = invoke("run", TEST_Q, "--plain", "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert not any(char in result.stdout for char in "█░╭│─•")
    assert "Équipement : 100/100, Autonome." in result.stdout
    assert "1. Oui" in result.stdout.splitlines()


def test_not_informed_stops_and_keeps_nothing(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("2" + ENTER)
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 0
    assert "rien n'a été enregistré" in result.stdout
    assert sessions(data) == []


def test_the_person_id_is_asked_with_a_suggestion(data: Path, terminal: PipeInput) -> None:
    terminal.send_text(ENTER + CTRL_C)  # keep the suggestion, then stop at the intro
    result = invoke("run", TEST_Q, "--data-dir", str(data))
    assert result.exit_code == 130
    assert "Identifiant de la personne : jamais son nom." in result.stdout
    assert re.search(r"l'identifiant BC-[A-HJKMNP-Z2-9]{6} \(jamais le nom\)", result.stdout)
    assert "rien n'a été enregistré" in result.stderr
    assert sessions(data) == []


def test_ctrl_c_keeps_the_answers_and_gives_the_resume_command(
    data: Path, terminal: PipeInput
) -> None:
    terminal.send_text("".join(FULL_KEYS[:3]) + CTRL_C)
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 130
    [path] = sessions(data)
    sheet = parse_sheet(path.read_bytes(), str(path))
    assert list(sheet.answers) == ["smartphone", "usages"] and not sheet.complete
    assert "Entretien interrompu : 2 réponses gardées dans" in result.stderr
    assert f"Pour reprendre : bonsclics run --resume {path.resolve()} -q " in result.stderr
    assert "Error" not in result.stderr and "Traceback" not in result.stderr
    assert not list(path.parent.glob(".*.tmp"))


def test_resume_asks_only_what_is_missing(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join(FULL_KEYS[:3]) + CTRL_C)
    invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    [path] = sessions(data)
    before = parse_sheet(path.read_bytes(), str(path))

    terminal.send_text("".join(FULL_KEYS[3:]))
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 0, result.stderr
    assert "Reprise de l'entretien. Réponses déjà données : 2 ;" in result.stdout
    assert "Question 3 sur 6" in result.stdout and "Question 1 sur" not in result.stdout
    after = parse_sheet(path.read_bytes(), str(path))
    assert after.complete and after.started_at == before.started_at
    assert after.answers["usages"] == before.answers["usages"]
    assert sessions(data) == [path]


def test_unfinished_session_of_the_same_person_is_offered(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join(FULL_KEYS[:2]) + CTRL_C)
    invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    [path] = sessions(data)
    before = parse_sheet(path.read_bytes(), str(path))

    terminal.send_text(ENTER + "".join(FULL_KEYS[2:]))  # "Reprendre cet entretien"
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert "Un entretien non terminé existe pour P1" in result.stdout
    # when it started, in words, and how many answers it holds
    assert len(before.answers) == 1
    started, day = before.started_at, FRENCH.day(before.started_at.date())
    offer = " ".join(result.stdout.split())
    assert f"commencé le {day} à {started.hour} h {started.minute:02d}, 1 réponse." in offer
    assert sessions(data) == [path]
    assert parse_sheet(path.read_bytes(), str(path)).complete


def test_declining_the_offer_starts_a_new_session(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join(FULL_KEYS[:2]) + CTRL_C)
    invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    terminal.send_text("2" + ENTER + "".join(FULL_KEYS[:2]) + CTRL_C)
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 130
    assert len(sessions(data)) == 2


def test_a_session_open_elsewhere_is_refused(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join(FULL_KEYS[:2]) + CTRL_C)
    invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    [path] = sessions(data)
    before = path.read_bytes()
    with FileLock(str(path) + ".lock"):
        result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 1
    assert "is open in another bonsclics process" in result.stderr
    assert path.read_bytes() == before


def write_started(tmp_path: Path, questionnaire_path: Path, answers: dict[str, Answer]) -> Path:
    questionnaire, sha256 = load(questionnaire_path)
    sheet = new_sheet(
        questionnaire, sha256, person="P1", language="fr", started_at=START, extra={}
    ).model_copy(update={"answers": answers})
    path = tmp_path / "started.json"
    save_sheet(sheet, path)
    return path


def test_resume_after_the_questionnaire_changed_goes_on_when_answers_still_fit(
    tmp_path: Path, terminal: PipeInput
) -> None:
    path = write_started(tmp_path, INTERVIEW_TOML, {"smartphone": Answer.of("non")})
    changed = tmp_path / "changed.toml"
    changed.write_text(
        INTERVIEW_TOML.read_text(encoding="utf-8").replace("Jamais", "Jamais, au grand jamais"),
        encoding="utf-8",
    )
    # no informed_at in this file: the intro is read and the confirmation asked first
    terminal.send_text(ENTER + "1" + ENTER + "54" + ENTER + "x" + ENTER + "".join(END_KEYS))
    result = invoke("run", "--resume", str(path), "-q", str(changed))
    assert result.exit_code == 0, result.stderr
    assert "Le questionnaire a été modifié" in result.stdout
    sheet = parse_sheet(path.read_bytes(), str(path))
    assert sheet.complete and sheet.questionnaire.sha256 == load(changed)[1]
    assert sheet.answers["smartphone"] == Answer.of("non")
    assert "informed_at" in (sheet.model_extra or {})


def test_resume_after_the_questionnaire_changed_stops_when_an_answer_no_longer_fits(
    tmp_path: Path,
) -> None:
    path = write_started(tmp_path, INTERVIEW_TOML, {"code": Answer.of("parfois")})
    changed = tmp_path / "changed.toml"
    changed.write_text(
        INTERVIEW_TOML.read_text(encoding="utf-8").replace("parfois", "souvent"),
        encoding="utf-8",
    )
    before = path.read_bytes()
    result = invoke("run", "--resume", str(path), "-q", str(changed))
    assert result.exit_code == 1
    assert "has changed since this interview started" in result.stderr
    assert "unknown option value 'parfois'" in result.stderr
    assert path.read_bytes() == before


def test_resume_of_a_finished_interview_shows_its_result(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join(FULL_KEYS))
    invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    [path] = sessions(data)
    terminal.send_text("".join(END_KEYS))
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 0
    assert "Cet entretien est déjà terminé." in result.stdout
    assert "Score d'autonomie : 50 sur 100" in result.stdout


def test_questionnaire_text_is_shown_literally(
    tmp_path: Path, data: Path, terminal: PipeInput
) -> None:
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(
        INTERVIEW_TOML.read_text(encoding="utf-8").replace(
            "Avez-vous un smartphone ?", "[/bold][red]Avez-vous[/red] un smartphone ?"
        ),
        encoding="utf-8",
    )
    terminal.send_text("".join(FULL_KEYS[:2]) + CTRL_C)
    result = invoke("run", str(hostile), "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 130
    assert "[/bold][red]Avez-vous[/red] un smartphone ?" in result.stdout


def test_data_dir_from_the_environment(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BONSCLICS_DATA_DIR", str(tmp_path / "elsewhere"))
    terminal.send_text("".join(FULL_KEYS[:2]) + CTRL_C)
    invoke("run", TEST_Q, "--person", "P1")
    assert len(sessions(tmp_path / "elsewhere")) == 1
    assert os.environ["BONSCLICS_DATA_DIR"].endswith("elsewhere")


def test_resume_names_an_invalid_questionnaire_file(tmp_path: Path) -> None:
    path = write_started(tmp_path, INTERVIEW_TOML, {})
    broken = tmp_path / "broken.toml"
    broken.write_text(INTERVIEW_TOML.read_text(encoding="utf-8") + "\nnonsense = 1\n")
    result = invoke("run", "--resume", str(path), "-q", str(broken))
    assert result.exit_code == 1
    assert "is not available" in result.stderr
    assert f"{broken} is not a valid questionnaire (run 'bonsclics validate')" in result.stderr


def test_resume_cleans_temporary_files_left_by_a_crash(data: Path, terminal: PipeInput) -> None:
    terminal.send_text("".join(FULL_KEYS[:2]) + CTRL_C)
    invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    [path] = sessions(data)
    leftover = path.parent / f".{path.name}.k3j9x.tmp"
    leftover.write_text('{"half": ', encoding="utf-8")
    terminal.send_text("".join(FULL_KEYS[2:]))
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 0, result.stderr
    assert not leftover.exists()
    assert parse_sheet(path.read_bytes(), str(path)).complete


PREUVES = str(Path(__file__).resolve().parents[1] / "fixtures" / "preuves.toml")


def test_the_preparation_comes_first_and_a_held_down_level_is_explained(
    data: Path, terminal: PipeInput
) -> None:
    keys = [ENTER, "1" + ENTER, "1" + ENTER, "1" + ENTER, "2" + ENTER, "1" + ENTER, *END_KEYS]
    terminal.send_text("".join(keys))
    result = invoke("run", PREUVES, "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.replace("│", " ").split())
    preparation = out.index("À préparer avant l'entretien (pour le professionnel)")
    assert out.index("Ayez un document d'exemple.") > preparation
    assert out.index("Avant de commencer") > preparation  # before the introduction is read
    assert "Niveau : Autonome avec guidage en cas de besoin" in out
    assert (
        "Le score seul donnerait le niveau « Autonome ». Le niveau retenu est "
        "« Autonome avec guidage en cas de besoin », faute des preuves demandées :"
    ) in out
    assert "« Mise en situation e-mail » : fait avec aide" in out
