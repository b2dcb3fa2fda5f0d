"""``bonsclics persons`` and ``bonsclics history``: following each person over time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from store_helpers import PARIS, SUIVI_AGE, catalog, make_sheet, run_cli, store

from bonsclics_cli.answers.checks import LoadedAnswers
from bonsclics_cli.answers.sheet import Answer, AnswerSheet
from bonsclics_cli.store.folder import DataFolder, read_sessions
from bonsclics_cli.store.history import Previous, PreviousSessions, person_history

JANUARY = datetime(2026, 1, 10, 9, 0, tzinfo=PARIS)
MARCH = datetime(2026, 3, 14, 10, 15, tzinfo=PARIS)
JUNE = datetime(2026, 6, 2, 14, 30, tzinfo=PARIS)


def three_sessions(data: Path) -> None:
    """BC-1: low in January, high in March, unfinished in June (e-mail only)."""
    store(make_sheet("BC-1", JANUARY, profile="low"), data)
    store(make_sheet("BC-1", MARCH, profile="high"), data)
    partial = {"email": Answer.of("oublie"), "obs_piece_jointe": Answer.of("avec_aide")}
    store(make_sheet("BC-1", JUNE, answers=partial, complete=False), data)


def test_history_orders_sessions_and_computes_changes(tmp_path: Path) -> None:
    three_sessions(tmp_path / "data")
    stored = read_sessions(DataFolder(tmp_path / "data"), catalog(), "BC-1")
    [history] = person_history(list(reversed(stored.loaded)))
    assert [e.card.sheet.started_at for e in history.entries] == [JANUARY, MARCH, JUNE]
    scores = [e.card.score for e in history.entries]
    assert scores == [0, 100, 43]  # June: email 1/3 + attachment with help 2/4 -> 3/7
    assert [e.change for e in history.entries] == [None, 100, -57]
    june = history.entries[2]
    assert june.domain_change("messagerie") == -57
    assert june.domain_change("securite") is None  # not evaluated in June


def test_the_previous_session_is_the_last_scored_one_before(tmp_path: Path) -> None:
    data = tmp_path / "data"
    three_sessions(data)
    entry = catalog().find("autonomie-numerique")
    assert entry is not None
    sessions = PreviousSessions(DataFolder(data), catalog())

    def before(sheet: AnswerSheet) -> Previous | None:
        return sessions.before(LoadedAnswers(tmp_path / "new.json", sheet, entry))

    previous = before(make_sheet("BC-1", datetime(2026, 9, 1, 9, 0, tzinfo=PARIS)))
    assert previous is not None and previous.card.sheet.started_at == JUNE
    assert previous.path.parent == data / "sessions" / "BC-1"
    assert before(make_sheet("BC-1", JANUARY)) is None
    assert before(make_sheet("BC-404")) is None


def test_questionnaires_are_never_compared(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet("BC-1", JANUARY, profile="low"), data)
    store(make_sheet("BC-1", MARCH, questionnaire="suivi-age"), data)
    stored = read_sessions(DataFolder(data), catalog(), "BC-1")
    histories = person_history(stored.loaded)
    assert [h.questionnaire.id for h in histories] == ["autonomie-numerique", "suivi-age"]
    assert all(entry.change is None for h in histories for entry in h.entries)


def test_history_command_shows_chart_table_and_changes(tmp_path: Path) -> None:
    three_sessions(tmp_path / "data")
    result = run_cli(["history", "BC-1"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "BC-1: 3 sessions" in out
    assert "Diagnostic d'autonomie numérique (autonomie-numerique)" in out
    lines = out.splitlines()
    january = next(line for line in lines if line.startswith("  Jan 10, 2026 "))
    march = next(line for line in lines if line.startswith("  Mar 14, 2026 "))
    june = next(line for line in lines if line.startswith("  Jun 2, 2026* "))
    assert "░" * 20 in january and "█" not in january
    assert "█" * 20 in march and " 100 +100 " in march and "Autonome" in march
    assert "█" * 9 + "░" * 11 in june and "  43  -57 " in june
    assert "E-mail et documents" in out
    assert "100 (+100)" in out and "43 (-57)" in out
    assert "* unfinished" in out


def test_history_of_many_sessions_shows_the_last_six_columns(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for month in range(1, 9):
        store(make_sheet("BC-1", datetime(2026, month, 3, 9, 0, tzinfo=PARIS)), data)
    result = run_cli(["history", "BC-1"])
    assert result.exit_code == 0
    assert "The last 6 of 8 sessions" in result.stdout
    assert "  Jan 3, 2026 " in result.stdout  # still in the chart


def test_history_unknown_person_is_an_error(tmp_path: Path) -> None:
    store(make_sheet("BC-1"), tmp_path / "data")
    result = run_cli(["history", "BC-2"])
    assert result.exit_code == 1
    assert "no sessions of 'BC-2'" in result.stderr


def test_history_unsafe_id_is_a_usage_error_and_creates_nothing(tmp_path: Path) -> None:
    result = run_cli(["history", "../BC-1"])
    assert result.exit_code == 2
    assert "not a valid person id" in result.stderr
    assert not (tmp_path / "data").exists()


def test_history_reports_a_damaged_session_and_shows_the_rest(tmp_path: Path) -> None:
    data = tmp_path / "data"
    three_sessions(data)
    (data / "sessions/BC-1/2026-07-01-090000-autonomie-numerique.json").write_text("{", "utf-8")
    result = run_cli(["history", "BC-1"])
    assert result.exit_code == 1
    assert "2026-07-01-090000-autonomie-numerique.json:1:" in result.stderr
    assert "BC-1: 3 sessions" in result.stdout


def test_history_text_from_files_is_not_markup(tmp_path: Path) -> None:
    questionnaire = tmp_path / "q.toml"
    questionnaire.write_text(
        SUIVI_AGE.read_text("utf-8")
        .replace('id = "suivi-age"', 'id = "suivi-markup"')
        .replace('title = "Équipement"', 'title = "[bold red]Équipement[/]"'),
        "utf-8",
    )
    from bonsclics_cli.questionnaire.catalog import Catalog

    entry = Catalog([questionnaire]).find("suivi-markup")
    assert entry is not None
    sheet = make_sheet("BC-1", questionnaire="suivi-age").model_copy(
        update={
            "questionnaire": make_sheet(questionnaire="suivi-age").questionnaire.model_copy(
                update={"id": "suivi-markup", "sha256": entry.sha256}
            )
        }
    )
    store(sheet, tmp_path / "data")
    result = run_cli(["history", "BC-1", "-q", questionnaire])
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Équipement[/]" in result.stdout


def test_persons_lists_sessions_last_date_and_level(tmp_path: Path) -> None:
    data = tmp_path / "data"
    three_sessions(data)
    store(make_sheet("BC-2", MARCH, profile="low"), data)
    result = run_cli(["persons"])
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "BC-" in line]
    assert "BC-1" in rows[0] and " 3 " in rows[0] and "Jun 2, 2026" in rows[0]
    assert "unfinished: no level" in result.stdout  # BC-1's last session is unfinished
    assert "* unfinished: the scores cover the answers given so far." in result.stdout
    bc2 = next(row for row in rows if "BC-2" in row)
    assert " 1 " in bc2 and "Mar 14, 2026" in bc2 and " 0 " in bc2


def test_persons_on_an_empty_folder(tmp_path: Path) -> None:
    result = run_cli(["persons"])
    assert result.exit_code == 0
    assert "No sessions in" in result.stdout
    assert not (tmp_path / "data").exists()


def test_persons_flags_a_session_filed_under_another_person(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = store(make_sheet("BC-1"), data)
    moved = data / "sessions" / "BC-2" / path.name
    moved.parent.mkdir()
    moved.write_bytes(path.read_bytes())
    result = run_cli(["persons"])
    assert result.exit_code == 1
    assert "names another person than its folder" in result.stderr


def test_persons_needs_q_for_other_questionnaires(tmp_path: Path) -> None:
    store(make_sheet("BC-1", questionnaire="suivi-age"), tmp_path / "data")
    assert run_cli(["persons"]).exit_code == 1
    result = run_cli(["persons", "-q", SUIVI_AGE])
    assert result.exit_code == 0, result.stderr
    assert "Suivi avec âge" in result.stdout  # the questionnaire's title, not its id
