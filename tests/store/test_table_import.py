"""``bonsclics import --from-table`` and ``--template``: spreadsheets of answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from cli_runner import Outcome, run_cli

from bonsclics_cli import i18n

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tool's messages in English, whatever the machine's locale."""
    monkeypatch.setenv("BONSCLICS_LANG", "en")
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


RR = "reperage-rapide"
RR_HEADER = (
    "Horodateur;Identifiant;Utilisez-vous un smartphone, un ordinateur ou une tablette ?;"
    "Envoyez-vous des e-mails ?;demarches;urgence"
)


def _write(path: Path, text: str, *, bom: bool = True, encoding: str = "utf-8") -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def _import(table: Path, data: Path, *more: str | Path, questionnaire: str = RR) -> Outcome:
    return run_cli(
        [
            "import",
            "--from-table",
            table,
            "--questionnaire",
            questionnaire,
            "--data-dir",
            data,
            *more,
        ]
    )


def _sessions(data: Path) -> dict[str, list[dict[str, object]]]:
    """Every stored answers document, by person."""
    found: dict[str, list[dict[str, object]]] = {}
    for path in sorted((data / "sessions").glob("*/*.json")):
        found.setdefault(path.parent.name, []).append(json.loads(path.read_text("utf-8")))
    return found


def test_good_rows_become_answers_files_that_score_reads(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "reperage.csv",
        RR_HEADER
        + "\n01/12/2026 10:15:00;BC-AAA;Oui, souvent;Oui, sans aide;Sans aide;Non"
        + "\n2026-11-30;BC-BBB;non;Je ne sais pas;Ne souhaite pas répondre;oui\n",
    )
    data = tmp_path / "data"
    result = _import(table, data)
    assert result.exit_code == 0, result.stderr
    sessions = _sessions(data)
    assert set(sessions) == {"BC-AAA", "BC-BBB"}
    first = sessions["BC-AAA"][0]
    assert first["answers"] == {
        "utilise_appareil": {"value": "souvent"},
        "email": {"value": "seul"},
        "demarches": {"value": "seul"},
        "urgence": {"value": "non"},
    }
    assert str(first["started_at"]).startswith("2026-12-01T10:15:00")
    assert first["completed_at"] == first["started_at"]
    assert first["questionnaire"]["id"] == RR  # type: ignore[index]
    second = sessions["BC-BBB"][0]["answers"]
    assert second["email"] == {"state": "dont_know"}  # type: ignore[index]
    assert second["demarches"] == {"state": "declined"}  # type: ignore[index]

    scored = run_cli(["score", data / "sessions", "--format", "json"])
    assert scored.exit_code == 0, scored.stderr
    assert sorted(r["person"] for r in json.loads(scored.stdout)) == ["BC-AAA", "BC-BBB"]

    again = _import(table, data)  # the same table twice: nothing new, nothing refused
    assert again.exit_code == 0
    assert len(_sessions(data)["BC-AAA"]) == 1


def test_a_bad_cell_is_located_and_its_row_leaves_nothing_behind(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "t.csv",
        RR_HEADER
        + "\n01/12/2026;BC-OK1;Oui, souvent;Oui, sans aide;Sans aide;Non"
        + "\n01/12/2026;BC-BAD;Peut-être;Oui, sans aide;Sans aide;Non"
        + "\n32/13/2026;BC-BAD2;Non;Non;Sans aide;Non"
        + "\nhier;Jean Dupont;Non;Non;Sans aide;Non"
        + "\n02/12/2026;BC-OK2;Non;Non;Avec de l'aide;Oui\n",
    )
    data = tmp_path / "data"
    result = _import(table, data)
    assert result.exit_code == 1
    assert f"{table}:3:C: 'Peut-être' is not an answer of question 'utilise_appareil'" in (
        result.stderr
    )
    assert "Oui, souvent; Oui, de temps en temps; Non" in result.stderr
    assert f"{table}:4:A: '32/13/2026' is not a date" in result.stderr
    # every bad cell of a row is reported, not only the first
    assert f"{table}:5:A: 'hier' is not a date" in result.stderr
    assert f"{table}:5:B: 'Jean Dupont' is not a pseudonymous id" in result.stderr
    assert set(_sessions(data)) == {"BC-OK1", "BC-OK2"}
    assert not (data / "sessions" / "BC-BAD").exists()


def _age_questionnaire(tmp_path: Path) -> Path:
    questionnaire = tmp_path / "age.toml"
    questionnaire.write_text(
        'format = 1\nid = "age-test"\nversion = "1.0.0"\nlanguages = ["fr"]\n'
        'title = "Âge"\n[[domains]]\nid = "d"\ntitle = "D"\n'
        '[[questions]]\nid = "q"\ntype = "single"\ndomain = "d"\nprompt = "Q ?"\n'
        'options = [{ value = "a", label = "A", points = 1 }, { value = "b", label = "B", points = 0 }]\n'
        '[[questions]]\nid = "age"\ntype = "number"\nprompt = "Âge ?"\nmin = 15\nmax = 120\n'
        '[[levels]]\nid = "l"\nmin = 0\ntitle = "L"\n',
        encoding="utf-8",
    )
    return questionnaire


def test_a_value_out_of_bounds_is_refused_as_score_refuses_it(tmp_path: Path) -> None:
    questionnaire = _age_questionnaire(tmp_path)
    table = _write(
        tmp_path / "ages.csv", "person,date,q,age\nP1,2026-12-01,A,54\nP2,2026-12-01,B,200\n"
    )
    result = _import(table, tmp_path / "data", questionnaire=str(questionnaire))
    assert result.exit_code == 1
    assert f"{table}:3:D: 200 is above the maximum 120" in result.stderr
    stored = _sessions(tmp_path / "data")
    assert list(stored) == ["P1"] and stored["P1"][0]["answers"]["age"] == {"value": 54}  # type: ignore[index]


def test_unknown_columns_are_named_once_and_left_out(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "t.csv",
        RR_HEADER + ";Commentaire;Score\n01/12/2026;BC-AAA;Non;Non;Sans aide;Non;rien;12\n",
    )
    data = tmp_path / "data"
    result = _import(table, data)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("columns matching no question") == 1
    assert "« Commentaire »; « Score »" in result.stderr
    mapping = json.loads((tmp_path / "t.csv.mapping.json").read_text("utf-8"))
    assert mapping["columns"]["Commentaire"] is None
    assert mapping["columns"]["Identifiant"] == "person"


def test_the_same_person_and_date_twice_is_reported(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "t.csv",
        RR_HEADER
        + "\n01/12/2026;BC-AAA;Non;Non;Sans aide;Non"
        + "\n01/12/2026;BC-AAA;Oui, souvent;Non;Sans aide;Non"
        + "\n01/06/2026;BC-AAA;Non;Non;Avec de l'aide;Non\n",
    )
    data = tmp_path / "data"
    result = _import(table, data)
    assert result.exit_code == 1
    assert f"{table}:3: the same person and date as row 2" in result.stderr
    # a person diagnosed again on another day is two sessions
    stored = _sessions(data)["BC-AAA"]
    assert len(stored) == 2
    assert {s["answers"]["utilise_appareil"]["value"] for s in stored} == {"non"}  # type: ignore[index]


def test_formula_looking_cells_are_refused_and_never_stored(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "t.csv",
        "person;date;envie_apprendre;demarche_a_faire\n"
        'BC-F1;01/12/2026;"=HYPERLINK(""http://x"",""clic"")";Une démarche à la CAF\n'
        "BC-F2;01/12/2026;@SUM(A1);Une démarche à la CAF\n"
        "BC-F3;01/12/2026;-rm;Une démarche à la CAF\n"
        "BC-F4;01/12/2026;- lire mes e-mails;Une démarche à la CAF\n"
        "BC-F5;01/12/2026;lire mes e-mails;Une démarche à la CAF\n",
    )
    data = tmp_path / "data"
    result = _import(table, data, questionnaire="autonomie-numerique")
    assert result.exit_code == 1
    for row in (2, 3, 4, 5):
        assert f"{table}:{row}:C:" in result.stderr
    assert "spreadsheet formula" in result.stderr
    assert set(_sessions(data)) == {"BC-F5"}
    stored = _sessions(data)["BC-F5"][0]
    assert stored["answers"]["envie_apprendre"] == {"value": "lire mes e-mails"}  # type: ignore[index]
    assert stored["completed_at"] is None  # most questions have no answer: unfinished


def test_an_xlsx_made_by_openpyxl_with_dates_and_a_formula(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["person", "date", "utilise_appareil", "email", "demarches", "urgence"])
    sheet.append(["BC-X1", datetime(2026, 11, 3, 9, 30), "Oui, souvent", "Non", "Sans aide", "Non"])
    sheet.append(["BC-X2", 46000, "Non", "Non", "Sans aide", "Non"])  # an Excel serial date
    sheet.append(["BC-X3", datetime(2026, 11, 4), "Non", "=B2", "Sans aide", "Non"])
    table = tmp_path / "answers.xlsx"
    workbook.save(table)
    data = tmp_path / "data"
    result = _import(table, data)
    assert result.exit_code == 1
    assert f"{table}:4:D: '=B2' is a spreadsheet formula" in result.stderr
    stored = _sessions(data)
    assert set(stored) == {"BC-X1", "BC-X2"}
    assert str(stored["BC-X1"][0]["started_at"]).startswith("2026-11-03T09:30:00")
    assert str(stored["BC-X2"][0]["started_at"]).startswith("2025-12-09T12:00:00")


def test_a_google_forms_export_with_comma_joined_choices(tmp_path: Path) -> None:
    # Google Forms: a timestamp, the questions' full text as headers, and the ticked
    # labels of a checkbox question joined by ", " (a label may hold a comma itself)
    table = _write(
        tmp_path / "Diagnostic (réponses).csv",
        '"Horodateur","Identifiant","Quels appareils avez-vous ? Je vous lis la liste.",'
        '"Avez-vous internet chez vous ou sur votre téléphone ?"\n'
        '"2026/11/28 14:02:11","BC-G1","Un smartphone, Un téléphone simple, sans internet",'
        '"Oui, chez moi seulement"\n'
        '"2026/11/28 15:40:00","BC-G2","Aucun de ceux-là","Non, je n\'ai pas internet"\n',
        bom=False,
    )
    data = tmp_path / "data"
    result = _import(table, data, questionnaire="autonomie-numerique")
    assert result.exit_code == 0, result.stderr
    first = _sessions(data)["BC-G1"][0]
    assert first["answers"]["appareils"] == {"value": ["smartphone", "telephone_simple"]}  # type: ignore[index]
    assert first["answers"]["connexion"] == {"value": "maison"}  # type: ignore[index]
    assert str(first["started_at"]).startswith("2026-11-28T14:02:11")


def test_a_limesurvey_export_with_codes_and_one_column_per_choice(tmp_path: Path) -> None:
    # LimeSurvey: its own columns first, question codes without '_', and a multiple-choice
    # question as one column per option, "Y" when ticked
    table = _write(
        tmp_path / "results-survey123.csv",
        "id,submitdate,lastpage,startlanguage,seed,startdate,identifiant,"
        "demarcheafaire,appareils[smartphone],appareils[ordinateur],appareils[tablette],"
        "appareils[telephone_simple],appareils[aucun]\n"
        "1,2026-11-27 10:00:00,3,fr,123,2026-11-27 09:55:00,BC-L1,"
        "Les impôts,Y,,Y,,\n",
        bom=False,
    )
    data = tmp_path / "data"
    result = _import(table, data, questionnaire="autonomie-numerique")
    assert result.exit_code == 0, result.stderr
    stored = _sessions(data)["BC-L1"][0]
    assert stored["answers"]["appareils"] == {"value": ["smartphone", "tablette"]}  # type: ignore[index]
    assert stored["answers"]["demarche_a_faire"] == {"value": "impots"}  # type: ignore[index]
    assert str(stored["started_at"]).startswith("2026-11-27T10:00:00")  # the first date column
    assert "« id »" in result.stderr and "« seed »" in result.stderr  # named, left out


def test_the_mapping_file_names_what_could_not_be_guessed(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "t.csv",
        "Numéro;Quand;utilise_appareil;email;demarches;urgence\n"
        "BC-M1;01/12/2026;Des fois;Non;Sans aide;Non\n",
    )
    data = tmp_path / "data"
    mapping = tmp_path / "mapping.json"
    first = _import(table, data, "--mapping", mapping)
    assert first.exit_code == 1
    assert "no column for the person's id / the date" in first.stderr
    guessed = json.loads(mapping.read_text("utf-8"))
    assert guessed["columns"] == {
        "Numéro": None,
        "Quand": None,
        "utilise_appareil": "utilise_appareil",
        "email": "email",
        "demarches": "demarches",
        "urgence": "urgence",
    }
    guessed["columns"].update({"Numéro": "person", "Quand": "date"})
    mapping.write_text(json.dumps(guessed), encoding="utf-8")
    second = _import(table, data, "--mapping", mapping)
    assert second.exit_code == 1
    assert f"{table}:2:C: 'Des fois'" in second.stderr
    assert not (data / "sessions" / "BC-M1").exists()

    edited = json.loads(mapping.read_text("utf-8"))
    edited["values"]["utilise_appareil"] = {"Des fois": "parfois"}
    mapping.write_text(json.dumps(edited), encoding="utf-8")
    third = _import(table, data, "--mapping", mapping)
    assert third.exit_code == 0, third.stderr
    assert _sessions(data)["BC-M1"][0]["answers"]["utilise_appareil"] == {"value": "parfois"}  # type: ignore[index]


def test_a_mapping_that_names_no_question_is_refused(tmp_path: Path) -> None:
    table = _write(tmp_path / "t.csv", "person;date\nP1;01/12/2026\n")
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps({"format": 1, "questionnaire": RR, "columns": {"x": "emial"}, "values": {}}),
        encoding="utf-8",
    )
    result = _import(table, tmp_path / "data", "--mapping", mapping)
    assert result.exit_code == 1
    assert f"{mapping}: column 'x': 'emial' is not a question id" in result.stderr


def test_comma_delimiter_and_windows_1252(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "t.csv",
        "person,date,utilise_appareil,email,demarches,urgence\n"
        "P1,01/12/2026,Non,Non,Avec de l'aide,Non\n",
        bom=False,
        encoding="cp1252",
    )
    result = _import(table, tmp_path / "data")
    assert result.exit_code == 0, result.stderr
    assert _sessions(tmp_path / "data")["P1"][0]["answers"]["demarches"] == {  # type: ignore[index]
        "value": "avec_aide"
    }


def test_english_labels_are_read_too(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "t.csv",
        "person;date;Do you use a smartphone, a computer or a tablet?;email;demarches;urgence\n"
        "P1;2026-12-01;Yes, often;Yes, with help;I don't know;No\n",
    )
    result = _import(table, tmp_path / "data", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    stored = _sessions(tmp_path / "data")["P1"][0]
    assert stored["language"] == "en"
    assert stored["answers"] == {
        "utilise_appareil": {"value": "souvent"},
        "email": {"value": "avec_aide"},
        "demarches": {"state": "dont_know"},
        "urgence": {"value": "non"},
    }


def test_the_template_has_the_headers_and_a_drop_down_per_choice_column(tmp_path: Path) -> None:
    target = tmp_path / "modele.xlsx"
    result = run_cli(
        ["import", "--template", "--questionnaire", "autonomie-numerique", "-o", target]
    )
    assert result.exit_code == 0, result.stderr
    workbook = openpyxl.load_workbook(target)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["person", "date", "demarche_a_faire", "demarche_urgente"]
    assert "Quelle démarche" in sheet["C1"].comment.text
    lists = {
        str(validation.sqref): validation
        for validation in sheet.data_validations.dataValidation
        if validation.type == "list"
    }
    assert set(lists) >= {"C2:C501", "E2:E501"}  # a single and a multiple choice
    formula = lists["C2:C501"].formula1
    assert formula.startswith("=lists!$C$1")
    labels = [row[0].value for row in workbook["lists"][formula.split("!")[1].replace("$", "")]]
    assert labels[0] == "Une démarche à la CAF" and labels[-2:] == [
        "Je ne sais pas",
        "Je ne souhaite pas répondre",
    ]

    # filled in, it imports
    sheet.append(["BC-T1", datetime(2026, 12, 1, 9, 0), "Aucune démarche en ce moment"])
    workbook.save(target)
    imported = _import(target, tmp_path / "data", questionnaire="autonomie-numerique")
    assert imported.exit_code == 0, imported.stderr
    assert "BC-T1" in _sessions(tmp_path / "data")

    refused = run_cli(["import", "--template", "--questionnaire", RR, "-o", target])
    assert refused.exit_code == 2 and "--force" in refused.stderr


def test_import_with_neither_files_nor_table_is_a_usage_error() -> None:
    result = run_cli(["import"])
    assert result.exit_code == 2
    assert "--from-table" in result.stderr
    both = run_cli(["import", "a.json", "--from-table", "t.csv", "-q", RR])
    assert both.exit_code == 2


def test_an_english_google_forms_export_writes_the_month_first(tmp_path: Path) -> None:
    table = _write(
        tmp_path / "Screening (Responses).csv",
        "Timestamp,Person's number,Do you send e-mails?\n"
        '11/28/2026 14:02:11,P1,"Yes, with help"\n'
        "12/1/2026 9:05:00,P2,No\n",
        bom=False,
    )
    result = _import(table, tmp_path / "data")
    assert result.exit_code == 0, result.stderr
    stored = _sessions(tmp_path / "data")
    assert str(stored["P1"][0]["started_at"]).startswith("2026-11-28T14:02:11")
    # 12/1 is December 1st here, since 11/28 can only be month first
    assert str(stored["P2"][0]["started_at"]).startswith("2026-12-01T09:05:00")
    assert stored["P1"][0]["answers"] == {"email": {"value": "avec_aide"}}
    assert stored["P1"][0]["completed_at"] is None


def test_a_file_that_is_not_a_workbook_is_named(tmp_path: Path) -> None:
    table = tmp_path / "answers.xlsx"
    table.write_text("not a zip", encoding="utf-8")
    result = _import(table, tmp_path / "data")
    assert result.exit_code == 1
    assert f"{table}: not a readable xlsx workbook" in result.stderr
    other = tmp_path / "answers.ods"
    other.write_text("x", encoding="utf-8")
    refused = _import(other, tmp_path / "data")
    assert refused.exit_code == 2 and "give a .csv or an .xlsx file" in refused.stderr


def test_a_spreadsheets_whole_number_is_stored_as_one(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["person", "date", "q", "age"])
    workbook.active.append(["P1", "01/12/2026", "A", 54.0])
    table = tmp_path / "ages.xlsx"
    workbook.save(table)
    result = _import(table, tmp_path / "data", questionnaire=str(_age_questionnaire(tmp_path)))
    assert result.exit_code == 0, result.stderr
    stored = (tmp_path / "data" / "sessions" / "P1").glob("*.json")
    assert '"age": {\n      "value": 54\n' in next(stored).read_text("utf-8")
