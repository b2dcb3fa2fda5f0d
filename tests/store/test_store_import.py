"""``bonsclics import``: checked like ``score``, stored under the person, duplicates skipped."""

from __future__ import annotations

import json
import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import PARIS, SUIVI_AGE, make_sheet, run_cli, store, write_sheet

from bonsclics_cli.answers.sheet import Answer, parse_sheet

SESSION = Path("sessions/BC-7F3K9Q/2026-03-14-101500-autonomie-numerique.json")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_import_stores_the_file_under_its_person(tmp_path: Path, inbox: Path) -> None:
    sheet = make_sheet()
    source = write_sheet(sheet, inbox)
    result = run_cli(["import", source])
    assert result.exit_code == 0, result.stderr
    stored = tmp_path / "data" / SESSION
    assert parse_sheet(stored.read_bytes(), "stored") == sheet
    assert f"stored as {SESSION.as_posix()}" in result.stdout
    assert "1 imported, 0 already there, 0 refused, 0 failed." in result.stdout
    if sys.platform != "win32":
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600
        assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


def test_import_keeps_keys_other_writers_added(tmp_path: Path, inbox: Path) -> None:
    source = write_sheet(make_sheet(structure="Centre social Nord"), inbox)
    assert run_cli(["import", source]).exit_code == 0
    stored = json.loads((tmp_path / "data" / SESSION).read_text("utf-8"))
    assert stored["structure"] == "Centre social Nord"


def test_the_same_file_twice_is_skipped(tmp_path: Path, inbox: Path) -> None:
    source = write_sheet(make_sheet(), inbox)
    run_cli(["import", source])
    again = run_cli(["import", source])
    assert again.exit_code == 0, again.stderr
    assert "already there: " in again.stdout and "already in the data folder" in again.stdout
    assert "0 imported, 1 already there" in again.stdout
    assert len(list((tmp_path / "data" / "sessions" / "BC-7F3K9Q").glob("*.json"))) == 1


def test_the_same_session_reformatted_is_still_a_duplicate(tmp_path: Path, inbox: Path) -> None:
    sheet = make_sheet()
    source = write_sheet(sheet, inbox)
    run_cli(["import", source])
    compact = inbox / "compact.json"
    compact.write_text(json.dumps(json.loads(source.read_text("utf-8"))), "utf-8")
    assert "1 already there" in run_cli(["import", compact]).stdout


def test_a_different_file_for_the_same_session_is_refused(tmp_path: Path, inbox: Path) -> None:
    first = write_sheet(make_sheet(), inbox, "first.json")
    run_cli(["import", first])
    changed = make_sheet(answers={"demarche_a_faire": Answer.of("caf")}, complete=False)
    second = write_sheet(changed, inbox, "second.json")
    result = run_cli(["import", second])
    assert result.exit_code == 1
    assert "second.json: not imported" in result.stderr
    assert "different session of 'BC-7F3K9Q'" in result.stderr
    assert SESSION.as_posix() in result.stderr
    assert "0 imported, 0 already there, 1 refused, 0 failed." in result.stdout
    stored = parse_sheet((tmp_path / "data" / SESSION).read_bytes(), "stored")
    assert stored == make_sheet()


def test_bad_files_are_reported_and_the_rest_imported(tmp_path: Path, inbox: Path) -> None:
    good = write_sheet(make_sheet(), inbox, "a-good.json")
    (inbox / "b-broken.json").write_text('{"format": 1, ', "utf-8")
    unknown_option = make_sheet("BC-2").model_dump(mode="json")
    unknown_option["answers"]["demarche_a_faire"] = {"value": "centenaire"}
    (inbox / "c-option.json").write_text(json.dumps(unknown_option), "utf-8")
    unknown_q = make_sheet("BC-3").model_dump(mode="json")
    unknown_q["questionnaire"]["id"] = "inconnu"
    (inbox / "d-questionnaire.json").write_text(json.dumps(unknown_q), "utf-8")
    result = run_cli(["import", inbox])
    assert result.exit_code == 1
    assert "b-broken.json:1:" in result.stderr and "invalid JSON" in result.stderr
    assert "c-option.json: question 'demarche_a_faire': unknown option value 'centenaire'" in (
        result.stderr
    )
    assert "d-questionnaire.json: no questionnaire 'inconnu'" in result.stderr
    assert "1 imported, 0 already there, 0 refused, 3 failed." in result.stdout
    assert (tmp_path / "data" / SESSION).is_file()
    assert good.is_file()  # the source is left where it was
    assert sorted(p.name for p in (tmp_path / "data" / "sessions").iterdir()) == ["BC-7F3K9Q"]


def test_an_unsafe_person_id_in_a_file_creates_nothing(tmp_path: Path, inbox: Path) -> None:
    document = make_sheet().model_dump(mode="json")
    document["person"] = "../../etc"
    (inbox / "evil.json").write_text(json.dumps(document), "utf-8")
    result = run_cli(["import", inbox])
    assert result.exit_code == 1
    assert "person: not a safe pseudonymous id" in result.stderr
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "etc").exists()


def test_questionnaires_given_with_q_are_used(tmp_path: Path, inbox: Path) -> None:
    sheet = make_sheet("BC-4", questionnaire="suivi-age")
    source = write_sheet(sheet, inbox)
    without = run_cli(["import", source])
    assert without.exit_code == 1
    assert "no questionnaire 'suivi-age' version" in without.stderr
    assert "1.2.0" in without.stderr
    assert "-q/--questionnaire" in without.stderr
    with_q = run_cli(["import", source, "-q", SUIVI_AGE])
    assert with_q.exit_code == 0, with_q.stderr
    assert (tmp_path / "data/sessions/BC-4/2026-03-14-101500-suivi-age.json").is_file()


def test_a_changed_questionnaire_is_a_warning_not_a_failure(tmp_path: Path, inbox: Path) -> None:
    sheet = make_sheet()
    document = sheet.model_dump(mode="json")
    document["questionnaire"]["sha256"] = "0" * 64
    (inbox / "old.json").write_text(json.dumps(document), "utf-8")
    result = run_cli(["import", inbox])
    assert result.exit_code == 0
    assert "has changed since this file was written" in result.stderr


def test_missing_file_or_empty_folder_is_a_usage_error(tmp_path: Path, inbox: Path) -> None:
    missing = run_cli(["import", tmp_path / "nope.json"])
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.stderr
    empty = run_cli(["import", inbox])
    assert empty.exit_code == 2
    assert "no answers file (*.json, *.jsonl) found" in empty.stderr
    assert not (tmp_path / "data").exists()


def test_import_into_a_folder_with_an_open_interview(tmp_path: Path, inbox: Path) -> None:
    """Another start time is another session: stored beside the existing one."""
    store(make_sheet(complete=False), tmp_path / "data")
    later = make_sheet(started_at=datetime(2026, 4, 1, 14, 0, tzinfo=PARIS))
    result = run_cli(["import", write_sheet(later, inbox)])
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "data/sessions/BC-7F3K9Q").glob("*.json"))) == 2
