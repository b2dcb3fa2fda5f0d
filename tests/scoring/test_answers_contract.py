"""One answers validator (docs/format.md §4): the model and batch scoring read a file the same way.

The interview's model (``load_answers``, ``parse_sheet``) and batch scoring
(``check_answers``) used to be two implementations that could drift apart; these
tests pin that they are one, and that what it builds is what pydantic would.
"""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scoring_helpers import RULES_TOML, run_cli, write_json, write_questionnaire
from test_scoring_answers import BROKEN, as_bytes, good

from bonsclics_cli.answers.checks import check_answers, check_answers_file, load_answers
from bonsclics_cli.answers.sheet import AnswerSheet, parse_sheet
from bonsclics_cli.errors import InvalidInputError, UsageError
from bonsclics_cli.files import find_files, iter_files
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import Compiled, json_number
from bonsclics_cli.reports.json_report import answers_json
from bonsclics_cli.reports.view import build_view
from bonsclics_cli.scoring.rules import applicable_questions, score, score_result

# Every kind of answer: options, a list, a number, a text, both states; and an extra key.
VARIED = {
    "connexion": "fibre",
    "wifi": {"state": "dont_know"},
    "usages_courants": ["mails", "achats"],
    "mots_de_passe": {"state": "declined"},
    "age": 54,
    "remarque": "impôts <en> & CAF",
}


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog([write_questionnaire(tmp_path / "q", RULES_TOML)])


def varied(**changes: Any) -> dict[str, Any]:
    doc = good(informed_at="2026-11-29T10:14:00+01:00", **changes)
    doc["answers"] = {
        key: value if isinstance(value, dict) else {"value": value} for key, value in VARIED.items()
    }
    return doc


def test_the_sheet_built_from_a_checked_file_is_the_one_pydantic_validates(
    tmp_path: Path, catalog: Catalog
) -> None:
    doc = varied()
    loaded = load_answers(write_json(tmp_path / "f.json", doc), catalog)
    # Built without validating it again: it must be exactly what validation gives.
    validated = AnswerSheet.model_validate_json(loaded.sheet.to_json())
    assert loaded.sheet == validated
    assert loaded.sheet.model_extra == {"informed_at": "2026-11-29T10:14:00+01:00"}
    assert json.loads(loaded.sheet.to_json())["answers"] == doc["answers"]
    assert loaded.sheet.started_at.utcoffset() is not None and loaded.sheet.completed_at


def test_the_model_and_batch_scoring_give_the_same_result_for_the_same_file(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = write_json(tmp_path / "f.json", varied())
    loaded = load_answers(path, catalog, display="f.json")
    checked = check_answers_file(path, catalog, display="f.json")
    assert checked.warnings == loaded.warnings
    from_model = score(loaded.questionnaire, loaded.sheet).to_json("f.json")
    from_document, _ = score_result(
        "f.json", checked.entry.questionnaire, checked.person, checked.completed, checked.answers
    )
    assert from_model == from_document
    assert from_model["declined"] == ["mots_de_passe"] and from_model["dont_know"] == ["wifi"]


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_every_reader_of_a_broken_file_says_the_same_thing(
    tmp_path: Path, catalog: Catalog, content: Any, expected: list[str]
) -> None:
    data = as_bytes(content)
    messages = set()
    for read in (
        lambda: load_answers(write_bytes(tmp_path / "f.json", data), catalog, display="f.json"),
        lambda: check_answers(data, catalog, "f.json"),
    ):
        with pytest.raises(InvalidInputError) as raised:
            read()
        messages.add(str(raised.value))
    (message,) = messages
    assert message.startswith("f.json")
    assert all(part in message for part in expected)


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_structure_problems_are_all_named_before_the_questionnaire_is_looked_for(
    catalog: Catalog,
) -> None:
    doc = good(person="Jean Dupont", questionnaire={"id": "x", "version": "9", "sha256": "0" * 64})
    doc["answers"]["wifi"] = {"value": True}
    with pytest.raises(InvalidInputError) as raised:
        check_answers(as_bytes(doc), catalog, "f.json")
    message = str(raised.value)
    assert "person: not a safe pseudonymous id" in message
    assert "question 'wifi': \"value\": expected an option value" in message
    assert "Jean Dupont" not in message and "no questionnaire" not in message
    # With a sound header, a wrong answer type still comes before an unknown questionnaire.
    doc["person"] = "BC-1"
    with pytest.raises(InvalidInputError) as raised:
        check_answers(as_bytes(doc), catalog, "f.json")
    assert "question 'wifi'" in str(raised.value) and "no questionnaire" not in str(raised.value)
    del doc["answers"]["wifi"]
    with pytest.raises(InvalidInputError, match=r"f\.json: no questionnaire 'x' version '9'"):
        check_answers(as_bytes(doc), catalog, "f.json")


def test_parse_sheet_refuses_what_the_validator_refuses_before_the_questionnaire(
    catalog: Catalog,
) -> None:
    doc = good()
    doc["answers"]["wifi"] = {"value": "oui", "state": "declined"}
    data = as_bytes(doc)
    with pytest.raises(InvalidInputError) as parsed:
        parse_sheet(data, "f.json")
    with pytest.raises(InvalidInputError) as checked:
        check_answers(data, catalog, "f.json")
    assert str(parsed.value) == str(checked.value)
    assert 'exactly one of "value" or "state"' in str(parsed.value)


def test_what_is_compiled_from_a_questionnaire_stays_with_it_and_is_never_pickled(
    catalog: Catalog,
) -> None:
    entry = catalog.find("regles")
    assert entry is not None
    q = entry.questionnaire
    check_answers(as_bytes(good()), catalog, "f.json")
    compiled = dict(q.compiled)
    assert compiled, "the validator keeps its quick tests on the questionnaire"
    check_answers(as_bytes(good()), catalog, "g.json")
    assert all(q.compiled[build] is made for build, made in compiled.items())  # built once
    assert pickle.loads(pickle.dumps(q.compiled)) == Compiled()


def test_the_interview_and_scoring_walk_the_same_questions(catalog: Catalog) -> None:
    entry = catalog.find("regles")
    assert entry is not None
    sheet = parse_sheet(as_bytes(varied()), "f.json")
    asked, values = applicable_questions(entry.questionnaire, sheet.answers)
    card = score(entry.questionnaire, sheet)
    assert [q.id for q in asked] == [q.id for q in card.applicable]
    assert "wifi" not in values and values["connexion"] == "fibre"


def test_reports_show_the_same_option_labels(catalog: Catalog) -> None:
    entry = catalog.find("regles")
    assert entry is not None
    q = entry.questionnaire
    card = score(q, parse_sheet(as_bytes(varied()), "f.json"))
    in_json = {item["id"]: item["labels"] for item in answers_json(card, "fr")}
    view = build_view(card, language="fr", generated_on=date(2026, 11, 29))
    lines = (*view.declared, *view.observed, *view.context)
    on_page = {line.id: list(line.labels) for line in lines}
    assert in_json["usages_courants"] == on_page["usages_courants"]
    assert in_json["connexion"] == on_page["connexion"] != ["fibre"]


def test_json_numbers_are_integers_only_when_whole_and_integral() -> None:
    from fractions import Fraction

    assert json_number(3) == 3 and type(json_number(3)) is int
    assert type(json_number(Fraction(6, 2))) is int
    assert json_number(Fraction(5, 2)) == 2.5
    assert type(json_number(3, integral=False)) is float


def test_the_file_list_is_streamed_in_path_order(tmp_path: Path) -> None:
    for name in ("b/2.json", "a.json", "a/z.json", "a/b/1.jsonl", "B.json", "a/notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = iter_files([tmp_path], (".json", ".jsonl"))
    assert not isinstance(found, list)
    names = [path.relative_to(tmp_path).as_posix() for path in found]
    assert names == sorted(names, key=lambda name: name.split("/"))
    assert names == ["B.json", "a/b/1.jsonl", "a/z.json", "a.json", "b/2.json"]
    assert find_files([tmp_path], ".json") == [tmp_path / n for n in names if n.endswith("json")]
    with pytest.raises(UsageError, match="missing: no such file or folder"):
        iter_files([tmp_path, tmp_path / "missing"], ".json")


def test_a_table_longer_than_a_screen_is_plain_aligned_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LINES", "20")  # a screenful is 12 rows
    write_questionnaire(tmp_path / "q", RULES_TOML)
    for number in range(30):
        doc = good(person=f"BC-{number:04d}")
        write_json(tmp_path / "sessions" / f"BC-{number:04d}" / "a.json", doc)
    result = run_cli(["score", "sessions", "-q", "q", "-f", "table"])
    lines = result.stdout.splitlines()
    rows = [line for line in lines if line.startswith("BC-")]
    assert [row.split()[0] for row in rows] == [f"BC-{n:04d}" for n in range(30)]
    header = next(line for line in lines if line.startswith("person"))
    assert header.index("score") == rows[0].index("2026") + 6  # columns line up
    assert len({row.index(row.split()[2]) for row in rows}) == 1
    assert "Règles de calcul (regles 1.0.0)" in lines and "30 files scored" in lines
    assert "─" not in result.stdout  # not a Rich table
    monkeypatch.setenv("LINES", "60")
    assert "─" in run_cli(["score", "sessions", "-q", "q", "-f", "table"]).stdout


def test_csv_cells_lose_control_characters_and_formulas() -> None:
    from bonsclics_cli.reports.spreadsheet import safe_cell

    assert safe_cell("a\x00b\x1bc\td\r\ne\x7f") == "abc\td\r\ne\x7f"
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("\t=1\x01") == "'\t=1"
    assert safe_cell(-3) == "-3" and safe_cell(2.5, decimal_comma=True) == "2,5"
    assert safe_cell(True) == "true" and safe_cell(None) == ""
