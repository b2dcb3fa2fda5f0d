"""``validate``, ``schema``, ``questionnaires`` and ``show`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

FIXTURE = Path(__file__).parent.parent / "fixtures" / "minimal.toml"
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, columns: int = 100) -> tuple[int, str, str]:
    result = run_cli(list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    text = FIXTURE.read_text("utf-8").replace('type = "single"', 'type = "singel"')
    path.write_text(text.replace("min = 75", "min = 175"), "utf-8")
    return path


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    path = tmp_path / "warned.toml"
    path.write_text(FIXTURE.read_text("utf-8").replace("points = 2 }", "points = 0 }"), "utf-8")
    return path


def test_valid_files_exit_0_with_a_summary() -> None:
    code, out, _ = run("validate", str(ROOT / "questionnaires"), str(FIXTURE))
    assert code == 0
    assert out.strip() == "4 files checked: no problems found."


def test_invalid_files_exit_1_with_one_line_per_finding(broken: Path) -> None:
    code, out, _ = run("validate", str(broken), str(FIXTURE))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0] == (
        f"{broken}:14:8: error: question 'smartphone': unknown question type 'singel'; "
        "did you mean 'single'?"
    )
    assert lines[-1] == "2 files checked: 2 errors."


def test_warnings_pass_unless_strict(warned: Path) -> None:
    code, out, _ = run("validate", str(warned))
    assert code == 0
    assert "warning: scored question 'smartphone' can give at most 0 points" in out
    assert out.strip().endswith("1 file checked: 1 warning.")
    assert run("validate", "--strict", str(warned))[0] == 1


def test_json_output_has_stable_keys(broken: Path) -> None:
    code, out, _ = run("validate", "--format", "json", str(broken))
    assert code == 1
    document = json.loads(out)
    assert set(document) == {"files", "errors", "warnings", "findings"}
    assert document["errors"] == 2 and document["warnings"] == 0
    first = document["findings"][0]
    assert list(first) == ["file", "line", "column", "severity", "code", "message", "hint"]
    assert (first["line"], first["column"], first["severity"]) == (14, 8, "error")
    assert first["code"] == "invalid-value"


def test_github_annotations_escape_the_message(tmp_path: Path) -> None:
    path = tmp_path / "a,b.toml"
    text = FIXTURE.read_text("utf-8").replace("smartphone == 'oui'", "smartphone == 'o%i'")
    path.write_text(text, "utf-8")
    code, out, _ = run("validate", "--format", "github", str(path))
    assert code == 1
    line = out.strip().splitlines()[0]
    assert line.startswith(f"::error file={str(path).replace(',', '%2C')},line=26,col=9,")
    assert "title=bonsclics condition::" in line
    assert "'o%25i' is not an option value" in line


def test_folders_are_searched_recursively(tmp_path: Path, broken: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "ok.toml").write_text(FIXTURE.read_text("utf-8"), "utf-8")
    code, out, _ = run("validate", str(tmp_path))
    assert code == 1
    assert out.strip().endswith("2 files checked: 2 errors.")


def test_a_missing_file_is_a_usage_error() -> None:
    code, _, err = run("validate", "nowhere.toml")
    assert code == 2
    assert "nowhere.toml: no such file or folder" in err


def test_a_folder_without_questionnaires_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path))
    assert code == 2
    assert "no questionnaire file" in err


def test_an_unknown_format_is_a_usage_error() -> None:
    assert run("validate", "--format", "xml", str(FIXTURE))[0] == 2


def test_hostile_text_in_a_finding_cannot_drive_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    text = FIXTURE.read_text("utf-8").replace('"equipement"\nwhen', '"\\u001b[2J"\nwhen')
    path.write_bytes(text.encode())
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert "\x1b" not in out


def test_questionnaires_lists_bundled_and_extra() -> None:
    code, out, _ = run("questionnaires", "-q", str(FIXTURE), columns=300)
    assert code == 0
    for expected in (
        "autonomie-numerique 2.0.0",
        "autonomie-numerique-approfondi 1.0.0",
        "reperage-rapide 2.0.0",
        "exemple",
        "minimal.toml",
        "fr, en",
    ):
        assert expected in out


def test_questionnaires_reports_invalid_extra_files(broken: Path) -> None:
    code, out, err = run("questionnaires", "-q", str(broken))
    assert code == 1
    assert "autonomie-numerique" in out
    assert f"{broken} is not a valid questionnaire" in err


def test_show_prints_every_part_of_a_questionnaire() -> None:
    code, out, _ = run("show", str(FIXTURE), columns=200)
    assert code == 0
    for expected in (
        "Domains",
        "Questions",
        "Levels",
        "Advice",
        "smartphone == 'oui'",
        "Avez-vous un smartphone ?",
        "À accompagner",
        "[exclusive]",
    ):
        assert expected in out


def test_show_by_id_in_english() -> None:
    code, out, _ = run("show", "reperage-rapide", "--lang", "en")
    assert code == 0
    assert "Questions" in out


def test_show_refuses_an_unknown_id_with_a_hint() -> None:
    code, _, err = run("show", "autonomie-numeriqe")
    assert code == 2
    assert "did you mean 'autonomie-numerique'?" in err


def test_show_refuses_an_invalid_file(broken: Path) -> None:
    code, _, err = run("show", str(broken))
    assert code == 1
    assert "unknown question type 'singel'" in err


def test_show_prints_file_text_literally(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    text = FIXTURE.read_text("utf-8").replace(
        "Avez-vous un smartphone ?", "[/bold][red]Avez-vous[/red] un smartphone ?"
    )
    path.write_text(text, "utf-8")
    code, out, _ = run("show", str(path), columns=200)
    assert code == 0
    assert "[/bold][red]Avez-vous[/red] un smartphone ?" in out


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("bonsclics ")
    code, out, _ = run("--help")
    assert code == 0
    for command in ("validate", "schema", "questionnaires", "show"):
        assert command in out


def test_error_messages_cannot_drive_the_terminal(tmp_path: Path) -> None:
    code, _, err = run("show", "\x1b[2Jquestionnaire")
    assert code == 2
    assert "\x1b" not in err
    assert "\\u001b[2Jquestionnaire" in err
