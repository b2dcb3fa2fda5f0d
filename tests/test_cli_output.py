"""What every command's output respects: a reader that stops early (exit 141, no message),
NO_COLOR and --plain, and ids never cut at 80 or 100 columns."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cli_runner import run_cli

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS / "store"))  # the data folder's helpers (sessions to list)
from store_helpers import make_sheet, store  # noqa: E402

PARIS = timezone(timedelta(hours=1))
BOXES = set("┃│━─┏┓└┘╭╮")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for day in range(1, 4):
        started = datetime(2026, 3, day, 10, 0, tzinfo=PARIS)
        store(make_sheet(f"BC-LONG-PERSON-ID-{day:04d}", started), data)
    store(make_sheet("BC-1", datetime(2026, 1, 10, 10, 0, tzinfo=PARIS), profile="low"), data)
    store(make_sheet("BC-1", datetime(2026, 3, 14, 10, 0, tzinfo=PARIS)), data)
    deeper = "autonomie-numerique-approfondi"  # six domains, long titles
    store(make_sheet("BC-LONG-PERSON-ID-0009", questionnaire=deeper, complete=False), data)
    return data


# --- a reader that stops early --------------------------------------------------------------


def _closed_reader(args: list[str], data: Path) -> subprocess.CompletedProcess[bytes]:
    """``bonsclics ARGS`` writing to a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)  # the reader stops before the first byte: every write fails
    env = dict(os.environ, BONSCLICS_DATA_DIR=str(data), BONSCLICS_LANG="fr")
    try:
        return subprocess.run(
            [sys.executable, "-m", "bonsclics_cli", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and SIGPIPE")
@pytest.mark.parametrize(
    "args",
    [["export"], ["persons"], ["questionnaires"], ["schema"], ["history", "BC-1"]],
    ids=["export-csv", "persons-table", "questionnaires-table", "schema-json", "history"],
)
def test_a_reader_that_stops_early_ends_the_command_quietly_with_141(
    folder: Path, args: list[str]
) -> None:
    # `bonsclics export | head -1`: no "internal error", no traceback, the shells' 128+13.
    result = _closed_reader(args, folder)
    assert result.returncode == 141, result.stderr
    assert result.stderr == b""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and SIGPIPE")
def test_score_with_a_reader_that_stops_early(folder: Path) -> None:
    result = _closed_reader(["score", str(folder / "sessions"), "-f", "jsonl"], folder)
    assert result.returncode == 141, result.stderr
    assert result.stderr == b""


def test_a_broken_pipe_inside_a_command_is_told_as_141_without_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bonsclics_cli.store.folder import DataFolder

    def broken(self: DataFolder) -> bool:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(DataFolder, "exists", broken)
    monkeypatch.setattr("bonsclics_cli.cli.app.quiet_closed_stdout", lambda: None)
    result = run_cli(["where"])
    assert result.exit_code == 141
    assert result.stderr == ""


# --- NO_COLOR and --plain ----------------------------------------------------------------


def test_plain_writes_no_escape_sequence_even_to_a_terminal(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    styled = run_cli(["history", "BC-1"], terminal=True)
    assert "\x1b[" in styled.stdout  # the check below can fail
    assert "\x1b[" not in run_cli(["--plain", "history", "BC-1"], terminal=True).stdout


def test_no_color_turns_colour_off_in_every_console(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from bonsclics_cli.cli.console import make_console

    monkeypatch.delenv("NO_COLOR")
    assert make_console(file=io.StringIO()).no_color is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert make_console(file=io.StringIO()).no_color is True
    assert make_console(stderr=True).no_color is True


@pytest.mark.parametrize(
    "args",
    [
        ["persons"],
        ["history", "BC-1"],
        ["questionnaires"],
        ["show", "autonomie-numerique"],
        ["purge", "--older-than", "1d", "--dry-run"],
        ["score", "{sessions}", "-f", "table"],
        ["score", "{sessions}", "--summary", "-f", "table"],
    ],
    ids=["persons", "history", "questionnaires", "show", "purge", "score", "summary"],
)
def test_plain_draws_no_box_and_no_bar(folder: Path, args: list[str]) -> None:
    args = [arg.format(sessions=folder / "sessions") for arg in args]
    drawn = run_cli(args)
    assert drawn.exit_code == 0, drawn.stderr
    assert BOXES & set(drawn.stdout) or "█" in drawn.stdout  # the check below can fail
    plain = run_cli(["--plain", *args])
    assert plain.exit_code == 0, plain.stderr
    assert not BOXES & set(plain.stdout), plain.stdout
    assert "█" not in plain.stdout and "░" not in plain.stdout


# --- no id cut in two ----------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["80", "100"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_ids_and_titles_are_never_cut_mid_word(
    folder: Path, monkeypatch: pytest.MonkeyPatch, columns: str, language: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    persons = run_cli(["--lang", language, "persons"]).stdout
    for day in range(1, 4):
        assert f"BC-LONG-PERSON-ID-{day:04d}" in persons
    score = run_cli(["--lang", language, "score", folder / "sessions", "-f", "table"]).stdout
    for day in range(1, 4):
        assert f"BC-LONG-PERSON-ID-{day:04d}" in score
    assert "autonomie-numerique 2.0.0" in score
    shown = run_cli(["--lang", language, "show", "autonomie-numerique"]).stdout
    for identifier in (
        "demarche_a_faire",
        "demarche_urgente",
        "telephone_simple",
        "autonome_avec_guidage",
        "aidants_connect",
    ):
        assert identifier in shown, identifier
    listed = run_cli(["--lang", language, "questionnaires"]).stdout
    assert "autonomie-numerique-approfondi" in listed
    for output in (persons, score, shown, listed):
        assert all(len(line) <= int(columns) for line in output.splitlines())
    for output in (persons, score):
        assert "…" not in output  # nothing cut short: titles and levels wrap between words


@pytest.mark.parametrize(("columns", "shown"), [("80", 4), ("100", 6)])
def test_a_long_history_shows_the_sessions_that_fit_uncut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str, shown: int
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    data = tmp_path / "data"
    for month in range(1, 9):
        started = datetime(2026, month, 13, 10, 0, tzinfo=PARIS)
        store(make_sheet("BC-1", started, profile="low" if month % 2 else "high"), data)
    out = run_cli(["--lang", "fr", "history", "BC-1"]).stdout
    assert "…" not in out  # no date nor title cut short
    assert f"Les {shown} derniers entretiens sur 8" in out
    table = out[out.index("┏") : out.index("┘") + 1]
    assert all(len(line) <= int(columns) for line in table.splitlines())
    for word in ("démarches", "protéger", "arnaques"):  # titles wrap between words only
        assert word in table
