"""The background saver: every answer reaches the disk, failures are not silent."""

from __future__ import annotations

import stat
import sys
import threading
from pathlib import Path

import pytest
from interview_helpers import START, load

from bonsclics_cli.answers import Answer, AnswerSheet, parse_sheet
from bonsclics_cli.autosave import BackgroundSaver, SaveFailedError
from bonsclics_cli.interview import new_sheet


def sheet_with(count: int) -> AnswerSheet:
    questionnaire, sha256 = load()
    base = new_sheet(questionnaire, sha256, person="P1", language="fr", started_at=START)
    answers = {"smartphone": Answer.of("non"), "code": Answer.of("jamais"), "age": Answer.of(30)}
    return base.model_copy(update={"answers": dict(list(answers.items())[:count])})


def test_the_last_sheet_handed_over_is_on_disk_after_flush(tmp_path: Path) -> None:
    path = tmp_path / "p" / "s.json"
    with BackgroundSaver(path) as saver:
        for count in range(4):
            saver.submit(sheet_with(count))
        saver.flush()
        assert len(parse_sheet(path.read_bytes(), "s").answers) == 3
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_closing_writes_what_is_pending(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    release = threading.Event()
    written: list[int] = []

    def slow_write(sheet: AnswerSheet, target: Path) -> None:
        release.wait(5)
        written.append(len(sheet.answers))

    saver = BackgroundSaver(path, write=slow_write)
    saver.submit(sheet_with(1))
    saver.submit(sheet_with(2))
    saver.submit(sheet_with(3))
    release.set()
    saver.close()
    # the newest sheet is always written last; sheets in between may be skipped
    assert written[-1] == 3 and len(written) <= 3


def test_submit_does_not_wait_for_the_disk(tmp_path: Path) -> None:
    release = threading.Event()

    def blocked_write(sheet: AnswerSheet, target: Path) -> None:
        release.wait(5)

    saver = BackgroundSaver(tmp_path / "s.json", write=blocked_write)
    saver.submit(sheet_with(1))
    saver.submit(sheet_with(2))  # returns although the first write is still blocked
    assert release.is_set() is False
    release.set()
    saver.close()


def test_a_failed_write_stops_the_interview_at_the_next_answer(tmp_path: Path) -> None:
    def failing_write(sheet: AnswerSheet, target: Path) -> None:
        raise OSError(28, "No space left on device")

    saver = BackgroundSaver(tmp_path / "s.json", write=failing_write)
    saver.submit(sheet_with(1))
    with pytest.raises(SaveFailedError, match=r"cannot save the answers to .*No space left"):
        saver.flush()
    saver.close()


def test_a_failed_write_is_raised_on_close_too(tmp_path: Path) -> None:
    def failing_write(sheet: AnswerSheet, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    saver = BackgroundSaver(tmp_path / "s.json", write=failing_write)
    saver.submit(sheet_with(1))
    with pytest.raises(SaveFailedError, match="Permission denied"):
        saver.close()
