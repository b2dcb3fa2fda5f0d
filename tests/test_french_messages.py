"""The core's messages in French: a French user meets no English sentence, not even
pydantic's, json's, tomllib's or the system's, in what real bad inputs give."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bonsclics_cli import api, i18n
from bonsclics_cli.files import find_files, os_reason
from bonsclics_cli.questionnaire import loader
from bonsclics_cli.questionnaire.findings import Finding, Severity
from bonsclics_cli.questionnaire.loader import load_bytes
from bonsclics_cli.store.retention import Duration

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.toml").read_text(encoding="utf-8")

# A finding is ``FILE:LINE:COL: severity: message; hint`` in every language (tools read
# it); the French typography is inside the message and the hint.
# Words of English messages that French never uses; ids and keys a message quotes are
# left out before the check (« ... » and '...'), and so is the FILE:LINE:COL: prefix.
_ENGLISH = re.compile(
    r"\b(the|is|are|expected|missing|found|must|should|required|field|input|valid|"
    r"invalid|cannot|unknown|error|warning|please|which|with|has|have|not|such|"
    r"syntax|allowed|value|string|integer|array|answer|answers|file|folder)\b",
    re.IGNORECASE,
)


def english_words(text: str) -> list[str]:
    text = re.sub(r"«[^»]*»", "", text)
    text = re.sub(r"'[^']*'", "", text)
    text = re.sub(r"^\S+?:\d+(:\d+)?: ", "", text)
    return _ENGLISH.findall(text)


def test_the_lexicon_finds_english_and_passes_french() -> None:
    found = english_words("q.toml:1:1: error: missing required key 'version'")
    assert found == ["error", "missing", "required"]
    assert english_words("q.toml:1:1: erreur: la clé obligatoire « version » manque") == []


def edited(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def findings_of(text: str) -> list[Finding]:
    return load_bytes(text.encode("utf-8"), "q.toml").findings


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (edited('version = "1.0.0"\n', ""), "la clé obligatoire « version » manque"),
        (
            edited("min = 75", 'min = "beaucoup"'),
            "niveau « autonome » : min : attendu : un entier ; trouvé : une chaîne",
        ),
        (
            edited('id = "equipement"\n', 'id = "equipement"\ntitel = "x"\n'),
            "clé inconnue « titel »; vouliez-vous dire « title » ?",
        ),
        (
            edited("when = \"smartphone == 'oui'\"", "when = \"smartphone = 'oui'\""),
            "erreur de syntaxe dans la condition, au caractère 12 : "
            "« = » inattendu ; pour comparer, écrivez « == »",
        ),
        (
            edited("'aucun' in usages", "'aucun' in usage"),
            "nom inconnu « usage » : aucune question n’a cet identifiant; "
            "vouliez-vous dire « usages » ?",
        ),
        (
            edited('id = "exemple"', 'id = "exemple'),
            "erreur de syntaxe TOML : une chaîne n’est pas fermée avant la fin de sa ligne",
        ),
        (
            edited('type = "single"', 'type = "singel"'),
            "type de question inconnu : « singel »; vouliez-vous dire « single » ?",
        ),
        (
            edited('{ fr = "Exemple", en = "Example" }', '{ fr = "Exemple" }'),
            "titre du questionnaire : le texte « en » manque; ajoutez-le",
        ),
        (
            edited("min = 75", "min = 101"),
            "min : un nombre inférieur ou égal à 100 est attendu",
        ),
    ],
)
def test_a_bad_questionnaire_is_explained_in_french(text: str, expected: str) -> None:
    found = findings_of(text)
    shown = [str(finding) for finding in found]
    assert any(expected in line for line in shown), "\n".join(shown)
    for line in shown:
        assert re.match(r"q\.toml:\d+:\d+: (erreur|avertissement): ", line), line
        assert english_words(line) == [], line


def test_pydantic_never_speaks_to_a_french_user(french: None) -> None:
    # Every structural error of a file broken in many ways at once.
    text = MINIMAL.replace('version = "1.0.0"\n', "").replace("min = 75", "min = -1")
    text = text.replace("max_points = 2", 'max_points = "deux"').replace(
        'audience = "person"', 'audience = "personne"\nlink = "http://x"'
    )
    shown = "\n".join(str(finding) for finding in findings_of(text))
    for pydantic_english in ("Field required", "Input should", "Value error", "Extra inputs"):
        assert pydantic_english not in shown
    assert english_words(shown) == [], shown


def test_an_error_pydantic_gives_that_we_do_not_know_still_names_the_key(french: None) -> None:
    document = {"questions": [{"id": "age", "type": "number"}]}
    details: Any = {
        "type": "some_future_type",
        "loc": ("questions", 0, "unit"),
        "msg": "Some English sentence",
        "input": 3,
        "ctx": {},
    }
    problem = loader._problem_from(details, document)
    assert problem.message == "question « age » : la valeur de « unit » n’est pas valide ici"


def test_the_severity_has_one_word_per_language_and_json_keeps_the_code(french: None) -> None:
    finding = findings_of(edited('version = "1.0.0"\n', ""))[0]
    assert ": erreur: " in str(finding)
    assert Severity.WARNING.label == "avertissement"
    assert finding.to_json()["severity"] == "error"
    i18n.set_language("en")
    assert ": error: " in str(finding)
    assert Severity.WARNING.label == "warning"


def answers(questionnaire: api.Questionnaire) -> dict[str, Any]:
    return {
        "format": 1,
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "sha256": questionnaire.sha256,
        },
        "person": "BC-7F3K9Q",
        "language": "fr",
        "started_at": "2026-11-29T10:15:00+01:00",
        "updated_at": "2026-11-29T10:25:00+01:00",
        "completed_at": None,
        "answers": {"smartphone": {"value": "oui"}},
    }


def broken(document: dict[str, Any], change: str) -> dict[str, Any] | bytes:
    document = copy.deepcopy(document)
    if change == "json":
        return b"{ format: 1 }"
    if change == "option":
        document["answers"]["smartphone"] = {"value": "peut-etre"}
    elif change == "person":
        del document["person"]
    elif change == "time":
        document["completed_at"] = "hier"
    elif change == "state":
        document["answers"]["smartphone"] = {"state": "sais_pas"}
    elif change == "language":
        document["language"] = "de"
    return document


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("json", "entretien.json:1:3: JSON non valide : une clé entre guillemets"),
        ("option", "valeur d’option inconnue : « peut-etre »"),
        ("person", "« person » manque"),
        ("time", "completed_at : une heure ISO 8601 avec son décalage horaire (ou null)"),
        ("state", "« state » : « dont_know » ou « declined » attendu, pas « sais_pas »"),
        ("language", "la langue « de » n’est pas une langue du questionnaire (fr, en)"),
    ],
)
def test_a_bad_answers_file_is_explained_in_french(
    change: str, expected: str, french: None, minimal_toml: Path
) -> None:
    questionnaire = api.load_questionnaire(minimal_toml)
    with pytest.raises(api.AnswersError) as caught:
        api.check_answers(
            broken(answers(questionnaire), change), questionnaire, name="entretien.json"
        )
    message = str(caught.value)
    assert expected in message
    assert english_words(message) == [], message


def test_several_problems_are_listed_as_each_language_lists_them(minimal_toml: Path) -> None:
    questionnaire = api.load_questionnaire(minimal_toml)
    document = broken(broken(answers(questionnaire), "person"), "time")  # type: ignore[arg-type]
    for language, listed in (
        ("fr", "« person » manque ; completed_at"),
        ("en", 'missing "person"; completed_at'),
    ):
        i18n.set_language(language)
        with pytest.raises(api.AnswersError) as caught:
            api.check_answers(document, questionnaire, name="entretien.json")
        assert listed in str(caught.value).replace("\u00a0", " ")


def test_the_same_bad_answers_read_in_english_by_default(minimal_toml: Path) -> None:
    # The suite's default (tests/conftest.py): the code's English, whatever the locale.
    questionnaire = api.load_questionnaire(minimal_toml)
    with pytest.raises(api.AnswersError, match="unknown option value 'peut-etre'"):
        api.check_answers(broken(answers(questionnaire), "option"), questionnaire)


def test_file_and_data_folder_messages_are_french(french: None, tmp_path: Path) -> None:
    missing = tmp_path / "absent"
    with pytest.raises(Exception) as caught:
        find_files([missing], ".json")
    assert str(caught.value) == f"{missing}: fichier ou dossier introuvable"
    assert os_reason(PermissionError(13, "Permission denied")) == "permission refusée"
    assert str(Duration.parse("2y")) == "2 ans"
    with pytest.raises(Exception, match="n’est pas une durée"):
        Duration.parse("bientôt")


def test_a_french_catalogue_entry_keeps_every_placeholder() -> None:
    # A msgstr that dropped or renamed a {placeholder} would raise or lose the value.
    from babel.messages.pofile import read_po

    pattern = re.compile(r"(?<!\{)\{[a-z_]*(?::[^{}]*)?\}")
    po = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "bonsclics.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    checked = 0
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else message.string
        for translated in strings or ():
            assert sorted(set(pattern.findall(str(ids[-1])))) == sorted(
                set(pattern.findall(str(translated)))
            ), (ids, translated)
            checked += 1
    assert checked > 300


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"BONSCLICS_LANG": "fr"}, ": erreur: la clé obligatoire « version » manque"),
        ({"BONSCLICS_LANG": "", "LANG": "fr_FR.UTF-8"}, ": erreur: la clé obligatoire"),
        ({"BONSCLICS_LANG": "en"}, ": error: missing required key 'version'"),
    ],
)
def test_a_command_speaks_the_language_its_environment_asks_for(
    environment: dict[str, str], expected: str, tmp_path: Path
) -> None:
    bad = tmp_path / "q.toml"
    bad.write_text(edited('version = "1.0.0"\n', ""), encoding="utf-8")
    env = {**os.environ, **environment}
    done = subprocess.run(
        [sys.executable, "-m", "bonsclics_cli", "validate", str(bad)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert expected in done.stdout, done.stdout + done.stderr


def test_a_cached_questionnaire_gives_its_warnings_in_the_language_of_the_day() -> None:
    # Valid with one warning: the checked file is cached, its findings with it.
    text = MINIMAL.replace("points = 1 }", "points = 0 }").replace("max_points = 2\n", "")
    data = text.encode("utf-8")
    english = load_bytes(data, "q.toml")
    assert english.questionnaire is not None
    assert [finding.code for finding in english.findings] == ["zero-maximum"]
    i18n.set_language("fr")
    french = str(load_bytes(data, "q.toml").findings[0])
    assert ": avertissement: la question notée « usages » rapporte au plus 0 point" in french
    i18n.set_language("en")
    assert str(load_bytes(data, "q.toml").findings[0]) == str(english.findings[0])
