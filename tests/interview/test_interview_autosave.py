"""Saving: every answer is on disk before the next question; a failed save is not silent;
a copy left by a save killed before its rename is recovered, never thrown away."""

from __future__ import annotations

import errno
import os
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from interview_helpers import START, ScriptedAsker, TickingClock, load, value

from bonsclics_cli.answers.sheet import Answer, AnswerSheet, parse_sheet, read_sheet, save_sheet
from bonsclics_cli.interview.autosave import SaveFailedError, SessionSaver, recover_interrupted_save
from bonsclics_cli.interview.engine import Interview, Reply, Step, new_sheet


def sheet_with(count: int, *, person: str = "P1") -> AnswerSheet:
    questionnaire, sha256 = load()
    base = new_sheet(questionnaire, sha256, person=person, language="fr", started_at=START)
    answers = {"smartphone": Answer.of("non"), "code": Answer.of("jamais"), "age": Answer.of(30)}
    return base.model_copy(
        update={
            "answers": dict(list(answers.items())[:count]),
            "updated_at": START + timedelta(seconds=count),
        }
    )


def test_a_saved_sheet_is_on_disk_when_save_returns(tmp_path: Path) -> None:
    path = tmp_path / "p" / "s.json"
    saver = SessionSaver(path)
    for count in range(4):
        saver.save(sheet_with(count))
        assert len(parse_sheet(path.read_bytes(), "s").answers) == count
    assert saver.saved == sheet_with(3)
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


class DiskWatchingAsker(ScriptedAsker):
    """Before answering, reads the session file: what a kill -9 at this moment would leave."""

    path: Path | None = None
    on_disk: list[int]

    def ask(self, step: Step) -> Reply:
        assert self.path is not None
        self.on_disk.append(len(read_sheet(self.path).answers))
        return super().ask(step)


def test_every_answer_is_on_disk_before_the_next_question_is_asked(tmp_path: Path) -> None:
    questionnaire, sha256 = load()
    path = tmp_path / "s.json"
    sheet = new_sheet(questionnaire, sha256, person="P1", language="fr", started_at=START)
    asker = DiskWatchingAsker([value("non"), value("jamais"), value(54), value("e-mails")])
    asker.path, asker.on_disk = path, []
    saver = SessionSaver(path)
    saver.save(sheet)
    done = Interview(questionnaire, sheet, asker, save=saver.save, clock=TickingClock()).run()
    # smartphone=non: 4 questions apply; before question n, n-1 answers are in the file
    assert asker.on_disk == [0, 1, 2, 3]
    assert read_sheet(path) == done and done.complete


def test_a_failed_write_says_what_is_still_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    full = False

    def write(sheet: AnswerSheet, target: Path) -> None:
        if full:
            raise OSError(errno.ENOSPC, "No space left on device")
        save_sheet(sheet, target)

    saver = SessionSaver(path, write=write)
    saver.save(sheet_with(1))
    full = True
    with pytest.raises(SaveFailedError, match=r"cannot save the answers to .*No space left") as e:
        saver.save(sheet_with(2))
    assert e.value.disk_full and e.value.saved == sheet_with(1)
    assert len(read_sheet(path).answers) == 1  # the file still holds the first answer


def test_a_refused_first_write_has_nothing_on_disk(tmp_path: Path) -> None:
    def write(sheet: AnswerSheet, target: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with pytest.raises(SaveFailedError, match="Permission denied") as caught:
        SessionSaver(tmp_path / "s.json", write=write).save(sheet_with(0))
    assert caught.value.saved is None and not caught.value.disk_full


# --- a save killed between its fsync and its rename ------------------------------------------


def leave_copy(path: Path, sheet: AnswerSheet | str, tag: str = "k3j9x") -> Path:
    """The temporary file a save writes before renaming it over ``path``."""
    copy = path.parent / f".{path.name}.{tag}.tmp"
    copy.write_text(sheet if isinstance(sheet, str) else sheet.to_json(), encoding="utf-8")
    return copy


def test_a_complete_newer_copy_replaces_the_session(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    save_sheet(sheet_with(1), path)
    copy = leave_copy(path, sheet_with(2))
    assert recover_interrupted_save(path) is True
    assert read_sheet(path) == sheet_with(2)
    assert not copy.exists()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_newest_of_several_copies_wins_and_the_others_go(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    save_sheet(sheet_with(0), path)
    older = leave_copy(path, sheet_with(1), "aaaa")
    newer = leave_copy(path, sheet_with(3), "bbbb")
    half = leave_copy(path, sheet_with(3).to_json()[:40], "cccc")
    assert recover_interrupted_save(path) is True
    assert len(read_sheet(path).answers) == 3
    assert not older.exists() and not newer.exists() and not half.exists()


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(sheet_with(2).to_json()[:-30], id="half-written"),
        pytest.param(sheet_with(0), id="older-than-the-session"),
        pytest.param(sheet_with(3, person="P2"), id="another-person"),
        pytest.param(
            sheet_with(3).model_copy(update={"started_at": START + timedelta(days=1)}),
            id="another-interview",
        ),
    ],
)
def test_a_copy_that_is_not_a_newer_state_of_the_session_is_removed(
    tmp_path: Path, copy: AnswerSheet | str
) -> None:
    path = tmp_path / "s.json"
    save_sheet(sheet_with(1), path)
    leftover = leave_copy(path, copy)
    assert recover_interrupted_save(path) is False
    assert read_sheet(path) == sheet_with(1)
    assert not leftover.exists()


def test_copies_are_left_alone_when_the_session_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{ broken", encoding="utf-8")
    leftover = leave_copy(path, sheet_with(2))
    assert recover_interrupted_save(path) is False
    assert leftover.exists()


def test_copies_of_a_session_never_written_are_removed(tmp_path: Path) -> None:
    # an interview's first write (no answer yet) or an import, cut before the rename
    path = tmp_path / "s.json"
    leftover = leave_copy(path, sheet_with(0))
    assert recover_interrupted_save(path) is False
    assert not leftover.exists() and not path.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_copy_is_never_opened(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    save_sheet(sheet_with(1), path)
    os.mkfifo(path.parent / f".{path.name}.fifo.tmp")
    assert recover_interrupted_save(path) is False  # returns: nothing waits on the FIFO
    assert read_sheet(path) == sheet_with(1)
