"""Where people read the verdict (revision 2): reports, history, show, the score table, import.

Driven through the command line on ``tests/fixtures/preuves.toml``, as a professional
would: a level held down by a requirement is explained with the answers that did not
meet it; an unfinished interview has no level anywhere.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run_cli

from bonsclics_cli.answers.sheet import Answer, AnswerSheet, QuestionnaireRef
from bonsclics_cli.compat import UTC
from bonsclics_cli.questionnaire.loader import load_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "preuves.toml"
LOADED = load_file(FIXTURE)
assert LOADED.questionnaire is not None and LOADED.sha256 is not None
STARTED = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
HELD = {
    "acces": "oui",
    "email_declare": "oui",
    "demarches_declare": "oui",
    "obs_email": "aide",
    "obs_demarche": "seul",
}
HEADLINE = (
    "Le score seul donnerait le niveau « Autonome ». Le niveau retenu est "
    "« Autonome avec guidage en cas de besoin », faute des preuves demandées :"
)


def sheet(
    answers: dict[str, Any], *, complete: bool = True, person: str = "P1", days: int = 0
) -> AnswerSheet:
    started = STARTED + timedelta(days=days)
    return AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id="preuves", version="1.0.0", sha256=LOADED.sha256 or ""),
        person=person,
        language="fr",
        started_at=started,
        updated_at=started + timedelta(minutes=15),
        completed_at=started + timedelta(minutes=15) if complete else None,
        answers={key: Answer.of(value) for key, value in answers.items()},
    )


def write(path: Path, content: AnswerSheet) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content.to_json(), encoding="utf-8")
    return path


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BONSCLICS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "100")


def test_the_professional_reports_say_why_the_level_is_below_the_score(tmp_path: Path) -> None:
    answers = write(tmp_path / "s.json", sheet(HELD))
    html = run_cli(["report", answers, "-q", FIXTURE, "-o", "-"])
    assert html.exit_code == 0, html.stderr
    page = html.stdout.replace("&#39;", "'")
    assert HEADLINE in page
    assert "<li>« Mise en situation e-mail » : fait avec aide</li>" in page
    markdown = run_cli(["report", answers, "-q", FIXTURE, "--format", "md"])
    assert f"> **{HEADLINE}**" in markdown.stdout
    assert ">   - « Mise en situation e-mail » : fait avec aide" in markdown.stdout
    [document] = json.loads(run_cli(["report", answers, "-q", FIXTURE, "--format", "json"]).stdout)
    assert (document["score_level"], document["level"]) == ("autonome", "autonome_guidage")
    assert document["held_down"] == [
        {
            "level": "autonome",
            "requires": "obs_email == 'seul' and obs_demarche == 'seul'",
            "names": ["obs_demarche", "obs_email"],
        }
    ]


def test_a_requirement_too_long_for_the_synthesis_is_said_in_full_in_the_annex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bonsclics_cli.reports import html_report

    monkeypatch.setattr(html_report, "SYNTHESIS_HELD", 40)  # as if it were long
    answers = write(tmp_path / "s.json", sheet(HELD))
    html = run_cli(["report", answers, "-q", FIXTURE, "-o", "-"])
    synthesis, annex = html.stdout.replace("&#39;", "'").split('<h2 class="annex">')
    brief = (
        "Le score seul donnerait le niveau « Autonome ». Le niveau retenu est « Autonome avec "
        "guidage en cas de besoin » : il manque les preuves que demandent les niveaux "
        "au-dessus (le détail est dans l'annexe)."
    )
    assert brief in synthesis and HEADLINE not in synthesis
    assert HEADLINE in annex and "« Mise en situation e-mail » : fait avec aide" in annex


def test_the_person_page_never_explains_the_professional_verdict(tmp_path: Path) -> None:
    answers = write(tmp_path / "s.json", sheet(HELD))
    page = run_cli(["report", answers, "-q", FIXTURE, "--audience", "person", "-o", "-"]).stdout
    assert "Autonome avec guidage en cas de besoin" in page
    assert "faute des preuves" not in page


def test_an_unfinished_interview_has_no_level_in_any_report(tmp_path: Path) -> None:
    answers = write(tmp_path / "s.json", sheet(HELD, complete=False))
    person = run_cli(["report", answers, "-q", FIXTURE, "--audience", "person", "-o", "-"]).stdout
    assert "Votre bilan n&#39;est pas terminé" in person
    assert "Autonome" not in person and "vous êtes ici" not in person
    professional = run_cli(["report", answers, "-q", FIXTURE, "--format", "md"]).stdout
    assert "**Niveau :** aucun : l'entretien n'est pas terminé" in professional
    assert "faute des preuves" not in professional


def test_history_says_unfinished_and_why_a_level_was_held_down(tmp_path: Path) -> None:
    assert (
        run_cli(["import", write(tmp_path / "a.json", sheet(HELD)), "-q", FIXTURE]).exit_code == 0
    )
    later = sheet(HELD, complete=False, days=30)
    assert run_cli(["import", write(tmp_path / "b.json", later), "-q", FIXTURE]).exit_code == 0
    result = run_cli(["history", "P1", "-q", FIXTURE])
    assert result.exit_code == 0, result.stderr
    out = flat(result.stdout)
    assert "Autonome avec guidage en cas de besoin" in out
    assert HEADLINE in out
    assert "« Mise en situation e-mail » : fait avec aide" in out
    assert "unfinished: no level" in out


def test_show_prints_the_preparation_and_each_requirement_in_words() -> None:
    result = run_cli(["show", FIXTURE])
    assert result.exit_code == 0, result.stderr
    out = flat(result.stdout)
    assert "To prepare before the interview: Ayez un document d'exemple." in out
    assert "la réponse à « Mise en situation e-mail » est « fait sans aide » et" in out
    assert "Domain levels" in out and "À découvrir" in out


def test_the_score_table_shows_the_level_the_score_alone_would_give(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.json", sheet(HELD))
    write(tmp_path / "in" / "b.json", sheet(HELD, complete=False, person="P2"))
    result = run_cli(["score", tmp_path / "in", "-q", FIXTURE, "-f", "table"])
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.splitlines()
    assert any("score alone" in row for row in rows)
    assert "score alone = the level of the score, refused for want of evidence" in flat(
        result.stdout
    )
    held = next(row for row in rows if row.strip().startswith("P1"))
    unfinished = next(row for row in rows if row.strip().startswith("P2"))
    # The levels by their titles (the level given, then the score's), never their ids.
    assert re.search(r"  Autonome avec guidage en\s+Autonome\s", held), held
    assert "autonome_guidage" not in result.stdout
    assert "Autonome" not in unfinished and "unfinished" in unfinished


def test_report_and_import_read_json_lines_shards_line_by_line(tmp_path: Path) -> None:
    shard = tmp_path / "lot.jsonl"
    lines = [sheet(HELD, person="P1").to_json(), "{broken", sheet(HELD, person="P2").to_json()]
    shard.write_text("\n".join(line.replace("\n", "") for line in lines) + "\n", encoding="utf-8")
    reports = tmp_path / "reports"
    report = run_cli(["report", shard, "-q", FIXTURE, "-o", reports])
    assert report.exit_code == 1  # the broken line
    assert f"{shard}:2:2: invalid JSON" in report.stderr
    assert sorted(path.name.split("_")[0] for path in reports.iterdir()) == ["P1", "P2"]
    imported = run_cli(["import", shard, "-q", FIXTURE])
    assert imported.exit_code == 1
    assert "2 imported, 0 already there, 0 refused, 1 failed." in imported.stdout
    assert f"imported: {shard}:1:" in imported.stdout
