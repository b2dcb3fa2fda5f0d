"""``bonsclics run`` when things go wrong around it: another process, a hand-edited file,
a full disk, a folder it cannot write. Nothing confirmed is lost, and no internal error."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest
from cli_runner import Outcome, run_cli
from filelock import FileLock, Timeout
from interview_helpers import INTERVIEW_TOML, START, load
from prompt_toolkit.input import PipeInput

from bonsclics_cli import files
from bonsclics_cli.answers import sheet as answers_module
from bonsclics_cli.answers.sheet import Answer, parse_sheet, read_sheet, save_sheet
from bonsclics_cli.cli import interview_session
from bonsclics_cli.interview.engine import new_sheet
from bonsclics_cli.store import folder as store

ENTER = "\r"
END = ENTER + ENTER + ENTER + "2" + ENTER  # summary read, no note, no appointment, no page
TEST_Q = str(INTERVIEW_TOML)
CONSENT = "La personne a-t-elle été informée de ce qui est gardé"


def invoke(*args: str) -> Outcome:
    return run_cli(list(args))


def started(tmp_path: Path, answers: dict[str, Answer], **extra: object) -> Path:
    questionnaire, sha256 = load()
    sheet = new_sheet(
        questionnaire, sha256, person="P1", language="fr", started_at=START, extra=extra
    ).model_copy(update={"answers": answers})
    path = tmp_path / "sessions" / "P1" / "2026-11-29-101500-entretien-test.json"
    save_sheet(sheet, path)
    return path


def no_internal_error(result: Outcome) -> None:
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


# --- two processes on one session -------------------------------------------------------------


def test_the_session_is_locked_before_it_is_read_and_while_consent_is_asked(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The attack: a second `run --resume` read the file, waited at the consent prompt
    # while the first process added answers, then wrote its stale copy over them.
    path = started(tmp_path, {"smartphone": Answer.of("non")})  # no informed_at: asked
    other_process_could_write: list[bool] = []
    informed = interview_session._informed

    def consent_while_another_process_tries(*args: object) -> bool:
        try:
            FileLock(str(path) + ".lock", timeout=0).acquire()
            other_process_could_write.append(True)
        except Timeout:
            other_process_could_write.append(False)
        return informed(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(interview_session, "_informed", consent_while_another_process_tries)
    terminal.send_text(ENTER + "1" + ENTER + "54" + ENTER + "lire" + ENTER + END)
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 0, result.stderr
    assert other_process_could_write == [False]
    assert read_sheet(path).complete


def test_a_resume_waiting_for_another_process_never_writes_its_stale_copy(
    tmp_path: Path, terminal: PipeInput
) -> None:
    path = started(tmp_path, {"smartphone": Answer.of("non")}, informed_at=START.isoformat())
    with FileLock(str(path) + ".lock"):
        result = invoke("run", "--resume", str(path), "-q", TEST_Q)
        # the other process goes on answering while this one is refused
        newer = read_sheet(path).model_copy(
            update={"answers": {"smartphone": Answer.of("non"), "code": Answer.of("jamais")}}
        )
        save_sheet(newer, path)
    assert result.exit_code == 1
    assert "is open in another bonsclics process" in result.stderr
    assert list(read_sheet(path).answers) == ["smartphone", "code"]


# --- consent ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, "", "hier", "2026-11-29T10:15:00", "2026-13-40T10:15:00+01:00", 1732871700, True],
    ids=["null", "empty", "words", "no-offset", "impossible-date", "number", "true"],
)
def test_resume_asks_consent_again_unless_informed_at_is_a_valid_time(
    tmp_path: Path, terminal: PipeInput, value: object
) -> None:
    path = started(tmp_path, {"smartphone": Answer.of("non")}, informed_at=value)
    terminal.send_text("2" + ENTER)  # "Non, arrêter ici"
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 0, result.stderr
    assert CONSENT in result.stdout
    assert "Entretien non commencé" in result.stdout
    assert (read_sheet(path).model_extra or {})["informed_at"] == value  # not touched


def test_resume_after_consent_again_records_when_the_person_was_informed(
    tmp_path: Path, terminal: PipeInput
) -> None:
    path = started(tmp_path, {"smartphone": Answer.of("non")}, informed_at=None)
    terminal.send_text(ENTER + "1" + ENTER + "54" + ENTER + "lire" + ENTER + END)
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 0, result.stderr
    informed = (read_sheet(path).model_extra or {})["informed_at"]
    assert isinstance(informed, str) and informed.startswith("20")


def test_resume_with_a_valid_informed_at_does_not_ask_again(
    tmp_path: Path, terminal: PipeInput
) -> None:
    path = started(tmp_path, {"smartphone": Answer.of("non")}, informed_at=START.isoformat())
    terminal.send_text("1" + ENTER + "54" + ENTER + "lire" + ENTER + END)
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 0, result.stderr
    assert CONSENT not in result.stdout
    assert (read_sheet(path).model_extra or {})["informed_at"] == START.isoformat()


# --- the disk refuses a write -----------------------------------------------------------------


def fail_writes_after(monkeypatch: pytest.MonkeyPatch, good: int, code: int) -> None:
    """The disk takes ``good`` more writes of answers, then refuses with ``code``."""
    write = files.write_private
    count = {"writes": 0}

    def refusing(path: Path, text: str) -> None:
        count["writes"] += 1
        if count["writes"] > good:
            raise OSError(code, os.strerror(code))
        write(path, text)

    monkeypatch.setattr(answers_module, "write_private", refusing)


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "disque plein"), (errno.EACCES, "accès refusé"), (errno.EIO, "")],
)
def test_a_failed_save_mid_interview_exits_1_keeping_what_was_confirmed(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    data = tmp_path / "data"
    fail_writes_after(monkeypatch, 3, code)  # the start, then 2 answers
    terminal.send_text(ENTER + "1" + ENTER + "1" + ENTER + "1" + ENTER + "1" + ENTER)
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 1
    no_internal_error(result)
    [path] = sorted((data / "sessions").glob("*/*.json"))
    stderr = result.stderr.replace("\n", " ")
    assert "Erreur : la dernière réponse n'a pas pu être enregistrée" in stderr
    assert (reason or os.strerror(code)) in stderr
    assert f"2 réponses gardées dans {path.resolve()}" in stderr
    assert f"reprenez : bonsclics run --resume {path.resolve()} -q " in stderr
    sheet = parse_sheet(path.read_bytes(), str(path))
    assert sheet.answers == {"smartphone": Answer.of("oui"), "usages": Answer.of(["appels"])}
    assert "→ Appeler" in result.stdout and "→ Réussi seul(e)" not in result.stdout
    assert not list(path.parent.glob(".*.tmp"))


def test_a_failed_save_on_resume_keeps_the_file_as_it_was(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = started(tmp_path, {"smartphone": Answer.of("non")}, informed_at=START.isoformat())
    before = path.read_bytes()
    fail_writes_after(monkeypatch, 0, errno.ENOSPC)
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 1
    no_internal_error(result)
    assert "1 réponse gardée dans" in result.stderr and "disque plein" in result.stderr
    assert path.read_bytes() == before


def test_a_full_disk_in_english(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_writes_after(monkeypatch, 1, errno.ENOSPC)
    terminal.send_text(ENTER + "1" + ENTER)
    data = tmp_path / "data"
    result = invoke("run", TEST_Q, "--lang", "en", "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 1
    stderr = result.stderr.replace("\n", " ")
    assert "Error: the last answer could not be saved (disk full)" in stderr
    assert "0 answers kept in" in stderr and "then resume: bonsclics run --resume" in stderr


@pytest.mark.parametrize(
    ("code", "fr", "en"),
    [
        (errno.EACCES, "accès refusé", "permission denied"),
        (errno.EROFS, "dossier en lecture seule", "read-only folder"),
        (errno.ENOSPC, "disque plein", "disk full"),
    ],
)
def test_a_data_folder_that_refuses_the_new_session_exits_1_after_consent(
    tmp_path: Path,
    terminal: PipeInput,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    fr: str,
    en: str,
) -> None:
    def refuse(path: Path) -> Path:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(store, "make_private_dir", refuse)
    data = tmp_path / "data"
    for language, reason, nothing in (("fr", fr, "rien n'a été enregistré"), ("en", en, "")):
        terminal.send_text(ENTER)
        result = invoke(
            "run", TEST_Q, "--lang", language, "--person", "P1", "--data-dir", str(data)
        )
        assert result.exit_code == 1
        no_internal_error(result)
        stderr = result.stderr.replace("\n", " ")
        assert f"{data} ({reason})" in stderr
        assert nothing in stderr and "--data-dir" in stderr
    assert not data.exists()


def test_a_data_folder_that_cannot_be_read_exits_1_before_anything_is_asked(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(self: store.DataFolder, person: str | None = None) -> list[Path]:
        raise PermissionError(errno.EACCES, "Permission denied", str(self.sessions_root))

    monkeypatch.setattr(store.DataFolder, "sessions", unreadable)
    data = tmp_path / "data"
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    assert result.exit_code == 1
    no_internal_error(result)
    stderr = result.stderr.replace("\n", " ")
    assert f"{data / 'sessions'} (accès refusé) : rien n'a été enregistré" in stderr
    assert CONSENT not in result.stdout


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
def test_a_read_only_data_folder_exits_1_after_consent(tmp_path: Path, terminal: PipeInput) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o500)
    terminal.send_text(ENTER)
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(data))
    data.chmod(0o700)
    assert result.exit_code == 1
    no_internal_error(result)
    assert "accès refusé" in result.stderr


def test_a_session_that_cannot_be_locked_exits_1_unchanged(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = started(tmp_path, {"smartphone": Answer.of("non")}, informed_at=START.isoformat())
    before = path.read_bytes()

    def refuse(self: FileLock, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileLock, "acquire", refuse)
    result = invoke("run", "--resume", str(path), "-q", TEST_Q)
    assert result.exit_code == 1
    no_internal_error(result)
    assert "cannot lock the session: Permission denied; the folder must be writable" in (
        result.stderr.replace("\n", " ")
    )
    assert path.read_bytes() == before


def test_the_answer_line_shows_only_once_the_answer_is_saved(
    tmp_path: Path, terminal: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_writes_after(monkeypatch, 1, errno.ENOSPC)  # the start is written, the answer is not
    terminal.send_text(ENTER + "2" + ENTER)
    result = invoke("run", TEST_Q, "--person", "P1", "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert "→ Non" not in result.stdout
