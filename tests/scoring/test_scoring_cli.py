"""``bonsclics score`` as a trainer uses it: formats, broken files in a batch, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from result_keys import RESULT_KEYS
from scoring_helpers import (
    RULES_TOML,
    document,
    questionnaire,
    run_cli,
    sheet,
    write_json,
    write_questionnaire,
)
from test_scoring_answers import BROKEN, as_bytes

from bonsclics_cli.questionnaire.catalog import Catalog

RULES = questionnaire(RULES_TOML)
GOLDEN = Path(__file__).parent / "golden" / "score.json"
DEFAULT = Catalog().find("autonomie-numerique")
assert DEFAULT is not None


def default_sheet(answers: dict[str, Any], **changes: Any) -> dict[str, Any]:
    assert DEFAULT is not None
    doc: dict[str, Any] = json.loads(
        sheet(DEFAULT.questionnaire, answers, sha256=DEFAULT.sha256, **changes).to_json()
    )
    return doc


@pytest.fixture
def cohort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small cohort in ./sessions, with the questionnaire of two of them in ./q."""
    monkeypatch.chdir(tmp_path)
    write_questionnaire(tmp_path / "q", RULES_TOML)
    sessions = tmp_path / "sessions"
    write_json(
        sessions / "BC-0001" / "a.json",
        document(
            RULES,
            {
                "connexion": "fibre",
                "wifi": "non",
                "usages_courants": ["mails", "achats", "videos"],
                "mots_de_passe": "parfois",
                "age": 54,
                "remarque": "rien",
            },
            person="BC-0001",
        ),
    )
    write_json(
        sessions / "BC-0002" / "b.json",
        document(
            RULES,
            {"connexion": "-", "usages_courants": ["videos"]},
            person="BC-0002",
            completed_at=None,
        ),
    )
    write_json(
        sessions / "BC-0003" / "c.json",
        default_sheet(
            {
                "demarche_a_faire": "retraite",
                "demarche_urgente": "oui",
                "appareils": ["telephone_simple"],
                "connexion": "non",
                "lecture_ecran": "?",
                "email": "non",
                "obs_piece_jointe": "echec",
                "comptes": ["aucun"],
                "demarches_faites": "proche",
                "code_sms": "jamais_recu",
                "obs_sms_frauduleux": "doute",
                "aide_actuelle": "-",
                "envie_apprendre": "-",
            },
            person="BC-0003",
        ),
    )
    return sessions


def test_json_output_is_the_golden_file(cohort: Path) -> None:
    result = run_cli(["score", "sessions", "-q", "q", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    if os.environ.get("BONSCLICS_WRITE_GOLDEN"):  # after a deliberate change, then review it
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(GOLDEN.read_text(encoding="utf-8"))
    # The golden file pins the key order of §5 as well as the values.
    first = json.loads(result.stdout)[0]
    assert list(first) == RESULT_KEYS
    assert list(first["domains"][0]) == ["id", "score", "level", "points", "max_points"]


def test_jsonl_is_the_default_off_a_terminal_one_object_per_line(cohort: Path) -> None:
    lines = run_cli(["score", "sessions", "-q", "q"]).stdout.splitlines()
    array = json.loads(run_cli(["score", "sessions", "-q", "q", "-f", "json"]).stdout)
    assert [json.loads(line) for line in lines] == array
    assert [item["file"] for item in array] == [
        os.path.join("sessions", "BC-0001", "a.json"),
        os.path.join("sessions", "BC-0002", "b.json"),
        os.path.join("sessions", "BC-0003", "c.json"),
    ]


def test_files_are_scored_in_the_order_given(cohort: Path) -> None:
    c, a = cohort / "BC-0003" / "c.json", cohort / "BC-0001" / "a.json"
    result = run_cli(["score", c, a, "-q", "q"])
    assert [json.loads(line)["person"] for line in result.stdout.splitlines()] == [
        "BC-0003",
        "BC-0001",
    ]


def test_every_broken_file_is_named_and_the_good_ones_around_it_are_scored(
    cohort: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    good = as_bytes(default_sheet({"demarche_a_faire": "caf"}, complete=False))
    for index, (name, content, _) in enumerate(BROKEN):
        (folder / f"{index:02d}-good.json").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:02d}-good.json").write_bytes(good)
        broken = as_bytes(content)
        if name not in {"unknown questionnaire", "unknown version"}:
            # the cases are written for the rules questionnaire: point them at the default one
            broken = broken.replace(b'"regles"', b'"autonomie-numerique"')
        (folder / f"{index:02d}-z-broken.json").write_bytes(broken)
    result = run_cli(["score", folder, "-q", "q", "-f", "jsonl"])
    assert result.exit_code == 1
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 2 * len(BROKEN)
    for index in range(len(BROKEN)):
        scored, failed = objects[2 * index], objects[2 * index + 1]
        assert scored["file"].endswith(f"{index:02d}-good.json") and "error" not in scored
        assert scored["complete"] is False and scored["dont_know"] == []
        assert set(failed) == {"file", "error"}, BROKEN[index][0]
        assert failed["file"].endswith(f"{index:02d}-z-broken.json")
        assert failed["error"].startswith(failed["file"])
    assert f"Error: {len(BROKEN)} of {2 * len(BROKEN)} files could not be scored" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stdout


def test_the_table_shows_one_row_per_file_and_lists_errors_after_it(
    cohort: Path, tmp_path: Path
) -> None:
    write_json(cohort / "zz-broken.json", "{")
    result = run_cli(["score", "sessions", "-q", "q", "-f", "table"])
    assert result.exit_code == 1
    out = result.stdout
    for person in ("BC-0001", "BC-0002", "BC-0003"):
        assert person in out
    assert "(regles 1.0.0): 2 files" in out and "(autonomie-numerique 2.0.0): 1 file" in out
    assert "Nov 29, 2026" in out and "unfinished" in out and "1 answer “don't know”" in out
    # Domains by their titles: shortened in the header, spelt out below the table.
    assert "Accès" in out and "Sécur. = Sécurité" in out and "Proté. = Se protéger des" in out
    assert out.index("BC-0001") < out.index("BC-0002") < out.index("BC-0003")
    assert result.stderr.splitlines()[-2:] == [
        f"Error: {os.path.join('sessions', 'zz-broken.json')}:1:2: invalid JSON: "
        "Expecting property name enclosed in double quotes",
        "Error: 1 of 4 files could not be scored.",
    ]


def test_csv_opens_in_a_french_spreadsheet(cohort: Path) -> None:
    write_json(cohort / "broken-HYPERLINK.json", "[]")
    result = run_cli(["score", "sessions", "-q", "q", "-f", "csv"])
    assert result.exit_code == 1
    assert result.stdout_bytes.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[:9] == [
        "file",
        "person",
        "questionnaire",
        "version",
        "date",
        "complete",
        "score",
        "score_level",
        "level",
    ]
    assert header[9:13] == ["acces_score", "acces_level", "usages_score", "usages_level"]
    assert "messagerie_score" in header and header[-4:] == [
        "dont_know",
        "declined",
        "advice",
        "error",
    ]
    by_person = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    first = by_person["BC-0001"]
    assert (first["score"], first["level"], first["acces_score"]) == ("83", "autonome", "63")
    assert first["complete"] == "true" and first["messagerie_score"] == ""
    assert by_person["BC-0002"]["complete"] == "false" and by_person["BC-0002"]["declined"] == "1"
    broken = next(row for row in rows[1:] if "HYPERLINK" in row[0])
    assert broken[1:-1] == [""] * (len(header) - 2)
    assert broken[-1].endswith("expected a JSON object at the top level")
    assert "\r\n" in result.stdout


@pytest.mark.parametrize("name", ["=1+1.json", "+cmd.json", "-x.json", "@SUM(A1).json"])
def test_csv_cells_that_look_like_formulas_are_neutralised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_questionnaire(tmp_path / "q", RULES_TOML)
    write_json(tmp_path / name, document(RULES, {"connexion": "fibre"}))
    result = run_cli(["score", "-q", "q", "-f", "csv", "--delimiter", ",", "--", name])
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[1][0] == "'" + name
    assert rows[1][6] == "100"  # numbers stay numbers


def test_output_file_is_private_and_stdout_stays_empty(cohort: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "scores.csv"
    result = run_cli(["score", "sessions", "-q", "q", "-f", "csv", "-o", target])
    assert result.exit_code == 0 and result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"\xef\xbb\xbffile;person;")
    jsonl = tmp_path / "scores.jsonl"
    assert run_cli(["score", "sessions", "-q", "q", "-f", "jsonl", "-o", jsonl]).exit_code == 0
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 3


def test_summary_as_json(cohort: Path) -> None:
    write_json(cohort / "zz-broken.json", "{")
    result = run_cli(["score", "sessions", "-q", "q", "-f", "json", "--summary"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert list(summary) == ["files", "scored", "failed", "questionnaires", "errors"]
    assert (summary["files"], summary["scored"], summary["failed"]) == (4, 3, 1)
    rules = summary["questionnaires"][0]
    assert (rules["id"], rules["files"], rules["complete"], rules["unfinished"]) == (
        "regles",
        2,
        1,
        1,
    )
    # The unfinished file (score 25) is left out: only the finished one counts.
    assert (rules["left_out"], rules["held_down"]) == (1, 0)
    assert rules["levels"] == [
        {"id": "debutant", "count": 0},
        {"id": "intermediaire", "count": 0},
        {"id": "autonome", "count": 1},
    ]
    acces = rules["domains"][0]
    assert acces == {
        "id": "acces",
        "evaluated": 1,
        "not_evaluated": 0,
        "mean": 63.0,
        "median": 63,
        "levels": [
            {"id": "debutant", "count": 0},
            {"id": "intermediaire", "count": 1},
            {"id": "autonome", "count": 0},
        ],
    }
    assert rules["score"]["median"] == 83
    assert rules["advice"] == [
        {"id": "bravo", "count": 1},
        {"id": "securite_inconnue", "count": 1},
    ]
    assert summary["errors"][0]["error"].endswith(
        "invalid JSON: Expecting property name enclosed in double quotes"
    )


def test_summary_on_the_terminal_has_bars(cohort: Path) -> None:
    result = run_cli(["score", "sessions", "-q", "q", "-f", "table", "--summary"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "3 files: 3 scored, 0 could not be scored." in out
    assert "(regles 1.0.0): 2 files, 1 finished, 1 unfinished" in out
    assert "█" in out and "Levels in Accès" in out and "advice given most often" in out


def test_a_changed_questionnaire_is_a_warning_not_an_error(cohort: Path) -> None:
    result = run_cli(["score", "sessions", "-q", "q"])
    assert result.exit_code == 0
    assert "Warning: " + os.path.join("sessions", "BC-0001", "a.json") in result.stderr
    assert "has changed since this file was written" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "nowhere"], "nowhere: no such file or folder"),
        (["score", "empty"], "no answers file (*.json, *.jsonl) found in empty"),
        (["score", "sessions", "-f", "table", "-o", "x.txt"], "--output writes csv, json or jsonl"),
        (["score", "sessions", "-f", "csv", "--summary"], "--summary is shown as a table or"),
        (["score", "sessions", "-f", "csv", "--delimiter", ";;"], "--delimiter takes one"),
        (["score", "sessions", "-f", "yaml"], "Invalid value for '--format'"),
        (["score", "sessions", "--jobs", "0"], "Invalid value for '--jobs'"),
    ],
)
def test_usage_errors_exit_2(cohort: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli(args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_an_invalid_questionnaire_given_with_q_is_reported_and_exits_1(
    cohort: Path, tmp_path: Path
) -> None:
    write_questionnaire(tmp_path / "bad", "format = 1\n", name="bad.toml")
    result = run_cli(["score", "sessions/BC-0003", "-q", "bad"])
    assert result.exit_code == 1
    assert "bad.toml is not a valid questionnaire (run 'bonsclics validate')" in result.stderr
    assert json.loads(result.stdout)["person"] == "BC-0003"


def test_parallel_jobs_give_the_same_output(cohort: Path, tmp_path: Path) -> None:
    one = run_cli(["score", "sessions", "-q", "q", "--jobs", "1"])
    two = run_cli(["score", "sessions", "-q", "q", "--jobs", "2"])
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 0


def test_the_table_is_the_default_on_a_terminal(cohort: Path) -> None:
    result = run_cli(["score", "sessions", "-q", "q"], terminal=True)
    assert result.exit_code == 0
    assert "(regles 1.0.0): 2 files" in result.stdout and "BC-0003" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_summary_can_include_the_scores_of_unfinished_interviews_never_their_levels(
    cohort: Path,
) -> None:
    result = run_cli(
        ["score", "sessions", "-q", "q", "-f", "json", "--summary", "--include-incomplete"]
    )
    assert result.exit_code == 0, result.stderr
    rules = json.loads(result.stdout)["questionnaires"][0]
    assert (rules["left_out"], rules["unfinished"]) == (0, 1)
    assert rules["score"]["median"] == 54  # (83 + 25) / 2
    assert rules["score"]["evaluated"] == 2
    assert sum(level["count"] for level in rules["levels"]) == 1  # the finished one only
    assert rules["advice"] == [  # ties keep the questionnaire's order
        {"id": "bravo", "count": 1},
        {"id": "pas_de_fibre", "count": 1},
        {"id": "securite_inconnue", "count": 1},
    ]


def test_summary_table_says_how_many_unfinished_were_left_out(cohort: Path) -> None:
    result = run_cli(["score", "sessions", "-q", "q", "-f", "table", "--summary"])
    assert result.exit_code == 0, result.stderr
    assert "Unfinished interviews left out of the figures below: 1." in " ".join(
        result.stdout.split()
    )


def test_include_incomplete_needs_summary(cohort: Path) -> None:
    result = run_cli(["score", "sessions", "-q", "q", "--include-incomplete"])
    assert result.exit_code == 2
    assert "--include-incomplete is an option of --summary" in result.stderr
