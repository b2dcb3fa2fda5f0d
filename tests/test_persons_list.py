"""``bonsclics persons`` beyond a screenful: plain aligned lines, one per person, with what
the table shows (sessions, last date, unfinished, score, level title)."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cli_runner import run_cli

sys.path.insert(0, str(Path(__file__).parent / "store"))
from store_helpers import make_sheet, store

PARIS = timezone(timedelta(hours=1))
PERSONS = 60  # beyond the screenful of a test terminal (25 lines)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for number in range(PERSONS):
        started = datetime(2026, 3, 1, 10, 0, tzinfo=PARIS) + timedelta(days=number)
        profile = "high" if number % 2 else "low"
        store(make_sheet(f"BC-{number:03d}", started, profile=profile), data)
    store(make_sheet("BC-000", datetime(2026, 9, 1, 10, 0, tzinfo=PARIS), complete=False), data)
    return data


def test_a_long_list_is_one_plain_line_per_person_in_french(many: Path) -> None:
    out = run_cli(["--lang", "fr", "persons"])
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Diagnostic d'autonomie numérique"  # the questionnaire titles the list
    assert lines[1].split() == ["personne", "entretiens", "dernier", "entretien", "score", "niveau"]
    rows = {line.split()[0]: line for line in lines[2:-1]}
    assert len(rows) == PERSONS and len(lines) == PERSONS + 3
    assert not set("┃│━─┏┓└┘╭╮") & set(out.stdout)  # no box: nothing drawn per row
    # Two sessions, the last one unfinished: its score is starred, it has no level, and the
    # note under the list says what the star means.
    assert rows["BC-000"].split()[1:6] == ["2", "1", "sept.", "2026", "100*"]
    assert rows["BC-000"].split()[6:] == ["inachevé", ":", "pas", "de", "niveau"]
    assert (
        lines[-1].replace("\u00a0", " ")
        == "* inachevé : les scores portent sur les réponses données jusque-là."
    )
    # The level by its title, in the questionnaire's words; the date in French.
    assert rows["BC-001"].split()[1:] == ["1", "2", "mars", "2026", "100", "Autonome"]
    assert rows["BC-002"].split()[-2:] == ["Avec", "guidage"]


def test_the_columns_line_up_under_their_headers(many: Path) -> None:
    lines = run_cli(["--lang", "en", "persons"]).stdout.splitlines()
    header = lines[1]
    score_end = header.index("score") + len("score")
    level_start = header.index("level")
    for line in lines[2:-1]:
        assert line[score_end - 1] != " ", line  # scores are right-aligned under "score"
        assert line[level_start - 1] == " " and line[level_start] != " ", line


def test_a_short_list_stays_a_table(many: Path, tmp_path: Path) -> None:
    few = tmp_path / "few"
    store(make_sheet("BC-1", datetime(2026, 3, 1, 10, 0, tzinfo=PARIS)), few)
    out = run_cli(["--lang", "fr", "persons", "--data-dir", few])
    assert "┃" in out.stdout or "│" in out.stdout
    assert "BC-1" in out.stdout and "Autonome" in out.stdout


def test_several_questionnaires_are_sections_that_keep_to_80_columns(tmp_path: Path) -> None:
    data = tmp_path / "mixed"
    deeper = "autonomie-numerique-approfondi"
    for number in range(40):
        started = datetime(2026, 3, 1, 10, 0, tzinfo=PARIS) + timedelta(days=number)
        questionnaire = deeper if number % 3 == 0 else "autonomie-numerique"
        store(make_sheet(f"BC-{number:03d}", started, questionnaire=questionnaire), data)
    lines = run_cli(["--lang", "fr", "persons", "--data-dir", data]).stdout.splitlines()
    first = lines.index("Diagnostic d'autonomie numérique")
    second = lines.index("Diagnostic d'autonomie numérique approfondi")
    assert first < second  # by title; within each, the persons in order
    deeper_rows = [line.split()[0] for line in lines[second + 2 :] if line.startswith("BC-")]
    assert deeper_rows == [f"BC-{n:03d}" for n in range(0, 40, 3)]
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
