"""``bonsclics report`` through the real command line (as a user runs it, in-process)."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from cli_runner import run_cli
from report_samples import DECLINED, STARTED, TYPICAL, make_sheet, valid_answers, write

from bonsclics_cli.store.folder import DataFolder, default_data_dir


def _sheet_file(folder: Path, name: str = "a.json", **options: object) -> Path:
    answers = options.pop("answers", TYPICAL)
    return write(folder / name, make_sheet(valid_answers(answers), **options))  # type: ignore[arg-type]


def test_one_file_to_standard_output(tmp_path: Path) -> None:
    file = _sheet_file(tmp_path)
    result = run_cli(["report", str(file), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "Compte rendu de diagnostic" in result.stdout
    md = run_cli(["report", str(file), "--format", "md", "--audience", "person"])
    assert md.exit_code == 0
    assert md.stdout.startswith("# Votre bilan numérique")


def test_one_file_to_a_private_file(tmp_path: Path) -> None:
    file = _sheet_file(tmp_path)
    target = tmp_path / "out" / "report.html"
    result = run_cli(["report", str(file), "-o", str(target), "-a", "person"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "<h1>Votre bilan numérique</h1>" in target.read_text(encoding="utf-8")


def test_language_option(tmp_path: Path) -> None:
    file = _sheet_file(tmp_path)
    result = run_cli(["report", str(file), "-f", "md", "--lang", "en"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Diagnostic report")
    bad = run_cli(["report", str(file), "-f", "md", "--lang", "de"])
    assert bad.exit_code == 1
    assert f"{file}: language 'de' is not one of the questionnaire's (fr, en)" in bad.stderr
    assert bad.stdout == ""


def test_a_folder_of_many_answers_files(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    for number in range(30):
        _sheet_file(
            inputs / f"team{number % 3}",
            f"s{number}.json",
            person=f"BC-{number:04d}",
            started_at=STARTED + timedelta(days=number),
            complete=number % 4 != 0,
        )
    out = tmp_path / "reports"
    result = run_cli(["report", str(inputs), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    written = sorted(path.name for path in out.iterdir())
    assert len(written) == 30
    assert "BC-0000_2026-11-29_autonomie-numerique-approfondi_professional.html" in written
    assert "BC-0029_2026-12-28_autonomie-numerique-approfondi_professional.html" in written
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE((out / name).stat().st_mode) == 0o600 for name in written)
    assert len(result.stdout.splitlines()) == 30
    unfinished = (
        out / "BC-0004_2026-12-03_autonomie-numerique-approfondi_professional.html"
    ).read_text()
    assert "ENTRETIEN NON TERMINÉ" in unfinished


def test_broken_files_are_named_and_the_others_still_written(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _sheet_file(inputs, "1-good.json")
    (inputs / "2-not-json.json").write_text("{", encoding="utf-8")
    unknown = make_sheet({}).model_dump(mode="json")
    unknown["questionnaire"]["id"] = "inconnu"
    (inputs / "3-unknown.json").write_text(json.dumps(unknown), encoding="utf-8")
    bad_option = make_sheet({}).model_dump(mode="json")
    bad_option["answers"] = {"connexion": {"value": "fibre"}}
    (inputs / "4-option.json").write_text(json.dumps(bad_option), encoding="utf-8")
    _sheet_file(inputs, "5-good.json", person="BC-OTHER")
    out = tmp_path / "out"
    result = run_cli(["report", str(inputs), "-o", str(out), "-f", "md"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 3
    assert "outside the data folder: 'bonsclics forget'" in result.stderr
    assert (
        errors[0].startswith(f"Error: {inputs / '2-not-json.json'}:")
        and "invalid JSON" in errors[0]
    )
    assert str(inputs / "3-unknown.json") in errors[1] and "no questionnaire 'inconnu'" in errors[1]
    assert (
        str(inputs / "4-option.json") in errors[2] and "unknown option value 'fibre'" in errors[2]
    )
    assert sorted(path.name for path in out.iterdir()) == [
        "BC-7F3K9Q_2026-11-29_autonomie-numerique-approfondi_professional.md",
        "BC-OTHER_2026-11-29_autonomie-numerique-approfondi_professional.md",
    ]


def test_json_to_standard_output_is_an_array_with_errors_in_place(tmp_path: Path) -> None:
    _sheet_file(tmp_path, "a.json")
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    result = run_cli(["report", str(tmp_path), "-f", "json"])
    assert result.exit_code == 1
    documents = json.loads(result.stdout)
    assert [sorted(d)[:2] for d in documents][1] == ["error", "file"]
    assert documents[0]["person"] == "BC-7F3K9Q" and documents[0]["answers"]
    assert documents[1]["file"] == str(tmp_path / "b.json")
    assert "expected a JSON object" in documents[1]["error"]


def test_same_person_same_day_gets_distinct_names(tmp_path: Path) -> None:
    _sheet_file(tmp_path / "in", "morning.json")
    _sheet_file(tmp_path / "in", "afternoon.json", started_at=STARTED + timedelta(hours=4))
    result = run_cli(["report", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "BC-7F3K9Q_2026-11-29_autonomie-numerique-approfondi_professional-2.html",
        "BC-7F3K9Q_2026-11-29_autonomie-numerique-approfondi_professional.html",
    ]


def test_json_reports_written_inside_the_input_folder_are_not_read_back(tmp_path: Path) -> None:
    _sheet_file(tmp_path, "a.json")
    out = tmp_path / "reports"
    for again in ([], ["--force"]):
        command = ["report", str(tmp_path), "-f", "json", "-o", str(out), *again]
        result = run_cli(command)
        assert result.exit_code == 0, result.stderr
    assert [path.name for path in out.iterdir()] == [
        "BC-7F3K9Q_2026-11-29_autonomie-numerique-approfondi.json"
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.json"], "no such file or folder"),
        (["{folder}", "-o", "-"], "give -o FOLDER to write one HTML report each"),
        (["{folder}", "-f", "pdf", "-o", "-"], "a PDF report goes to a file"),
        (["{folder}", "-f", "md", "--open"], "--open needs a report file"),
        (["{folder}", "-o", "{file}"], "is a file; give a folder"),
        (["{empty}"], "no answers file (*.json, *.jsonl) found"),
        (["{folder}", "-o", "{new}", "-f", "md"], "-o needs a folder, and"),
    ],
)
def test_usage_errors(tmp_path: Path, arguments: list[str], message: str) -> None:
    folder = tmp_path / "in"
    _sheet_file(folder, "a.json")
    _sheet_file(folder, "b.json", person="BC-2")
    (tmp_path / "empty").mkdir()
    existing = tmp_path / "existing.html"
    existing.write_text("x", encoding="utf-8")
    names = {
        "folder": str(folder),
        "file": str(existing),
        "empty": str(tmp_path / "empty"),
        "new": str(tmp_path / "all.md"),
    }
    result = run_cli(["report", *[a.format(**names) for a in arguments]])
    assert result.exit_code == 2
    assert message in result.stderr


def test_unknown_format_or_audience_is_a_usage_error(tmp_path: Path) -> None:
    file = _sheet_file(tmp_path)
    assert run_cli(["report", str(file), "-f", "docx"]).exit_code == 2
    assert run_cli(["report", str(file), "-a", "family"]).exit_code == 2


def _session(folder: DataFolder, days_before: int, **options: object) -> Path:
    started = STARTED - timedelta(days=days_before)
    person = str(options.get("person", "BC-7F3K9Q"))
    path = folder.new_session_path(person, "autonomie-numerique-approfondi", started)
    answers = options.pop("answers", TYPICAL)
    return write(path, make_sheet(valid_answers(answers), started_at=started, **options))  # type: ignore[arg-type]


def test_change_since_the_previous_session_in_the_data_folder(tmp_path: Path) -> None:
    folder = DataFolder(default_data_dir())
    _session(folder, 200, answers=dict(TYPICAL, obs_recherche="seul"))  # older still
    earlier = _session(folder, 90, answers=dict(TYPICAL, obs_recherche="echec"))
    (earlier.parent / "2026-10-01-100000-autonomie-numerique-approfondi.json").write_text("{broken")
    current = _session(folder, 0)
    result = run_cli(["report", str(current), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (document,) = json.loads(result.stdout)
    assert document["previous"]["file"] == str(earlier)
    assert document["previous"]["started_at"].startswith("2026-08-31")
    internet = next(d for d in document["previous"]["domains"] if d["id"] == "internet")
    assert internet["change"] > 0
    page = run_cli(["report", str(current), "-o", "-"]).stdout
    assert "Depuis le diagnostic du 31 août 2026" in page
    # the earliest session has nothing before it
    first = sorted(folder.sessions("BC-7F3K9Q"))[0]
    oldest = json.loads(run_cli(["report", str(first), "-f", "json"]).stdout)
    assert oldest[0]["previous"] is None


def test_previous_session_from_another_data_folder(tmp_path: Path) -> None:
    other = DataFolder(tmp_path / "elsewhere")
    _session(other, 30, answers=dict(TYPICAL, obs_recherche="echec"))
    current = _sheet_file(tmp_path, "now.json")
    plain = json.loads(run_cli(["report", str(current), "-f", "json"]).stdout)
    assert plain[0]["previous"] is None
    result = run_cli(["report", str(current), "-f", "json", "--data-dir", str(other.root)])
    assert json.loads(result.stdout)[0]["previous"]["started_at"].startswith("2026-10-30")


def test_only_the_same_person_and_questionnaire_count_as_previous(tmp_path: Path) -> None:
    folder = DataFolder(default_data_dir())
    _session(folder, 30, person="BC-SOMEONE-ELSE")
    current = _session(folder, 0)
    result = run_cli(["report", str(current), "-f", "json"])
    assert json.loads(result.stdout)[0]["previous"] is None


def test_a_previous_session_without_a_score_is_passed_over(tmp_path: Path) -> None:
    folder = DataFolder(default_data_dir())
    scored = _session(folder, 60, answers=dict(TYPICAL, obs_recherche="echec"))
    _session(folder, 30, answers=dict.fromkeys(TYPICAL, DECLINED))  # no score at all
    current = _session(folder, 0)
    result = run_cli(["report", str(current), "-f", "json"])
    assert json.loads(result.stdout)[0]["previous"]["file"] == str(scored)


def test_a_report_that_cannot_be_written_is_named_and_the_others_written(tmp_path: Path) -> None:
    _sheet_file(tmp_path / "in", "a.json")
    _sheet_file(tmp_path / "in", "b.json", person="BC-2")
    out = tmp_path / "out"
    (out / "BC-2_2026-11-29_autonomie-numerique-approfondi_professional.html").mkdir(parents=True)
    result = run_cli(["report", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 1
    assert (
        "BC-2_2026-11-29_autonomie-numerique-approfondi_professional.html is a folder: -o only"
        in (result.stderr)
    )
    assert (out / "BC-7F3K9Q_2026-11-29_autonomie-numerique-approfondi_professional.html").is_file()


def test_a_changed_questionnaire_is_a_warning_and_the_report_is_written(tmp_path: Path) -> None:
    document = make_sheet(valid_answers(TYPICAL)).model_dump(mode="json")
    document["questionnaire"]["sha256"] = "0" * 64
    file = tmp_path / "changed.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli(["report", str(file), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: ") and "has changed since this file" in result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "0" * 64 in page  # the recorded fingerprint, and the one scored against
    assert "Empreinte du questionnaire utilisé (différente" in page


def test_hostile_questionnaire_and_answers_through_the_command(tmp_path: Path) -> None:
    from report_samples import HOSTILE_TOML, hostile_card

    file = write(tmp_path / "h.json", hostile_card().sheet)
    out = tmp_path / "out"
    result = run_cli(
        ["report", str(file), "-q", str(HOSTILE_TOML), "-o", str(out / "r.md"), "-f", "md"]
    )
    assert result.exit_code == 0, result.stderr
    text = (out / "r.md").read_text(encoding="utf-8")
    assert "\\<script\\>" in text and "\x1b" not in text


def test_a_person_id_that_is_free_text_never_names_a_file(tmp_path: Path) -> None:
    document = make_sheet(valid_answers(TYPICAL)).model_dump(mode="json")
    document["person"] = "Dupont [née Martin]"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_text(json.dumps(document), encoding="utf-8")
    _sheet_file(tmp_path / "in", "b.json")
    out = tmp_path / "out"
    result = run_cli(["report", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 1
    assert "a.json" in result.stderr and "not a safe pseudonymous id" in result.stderr
    assert [path.name for path in out.iterdir()] == [
        "BC-7F3K9Q_2026-11-29_autonomie-numerique-approfondi_professional.html"
    ]


def test_several_markdown_reports_to_standard_output(tmp_path: Path) -> None:
    _sheet_file(tmp_path, "a.json")
    _sheet_file(tmp_path, "b.json", person="BC-2", language="en")
    result = run_cli(["report", str(tmp_path), "-f", "md", "-a", "person"])
    assert result.exit_code == 0
    first, second = result.stdout.split("\n\n---\n\n# ")
    assert first.startswith("# Votre bilan numérique") and "BC-7F3K9Q" in first
    assert second.startswith("Your digital skills summary") and "BC-2" in second
