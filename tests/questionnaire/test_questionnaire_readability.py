"""``validate --readability``: plain-language warnings on what the person hears, located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

from bonsclics_cli.questionnaire.catalog import bundled_dir
from bonsclics_cli.questionnaire.loader import load_bytes, load_file
from bonsclics_cli.questionnaire.readability import (
    check_readability,
    sentence_words,
    sentences,
)

LONG_FR = "Avez-vous déjà utilisé un ordinateur ou une tablette pour faire une démarche en ligne cette année ?"
LONG_EN = "Have you ever used a computer or a tablet to do an online procedure this year at all?"

FILE = f'''format = 1
id = "lisible"
version = "1.0.0"
languages = ["fr", "en"]
title = {{ fr = "Lisible", en = "Readable" }}
intro.fr = """\\
Bonjour.
Nous allons parler ensemble de votre usage du numérique, du téléphone, de l'ordinateur et d'internet aujourd'hui."""
intro.en = """
Hello. This is short."""

[[domains]]
id = "usages"
title = {{ fr = "Usages", en = "Uses" }}

[[questions]]
id = "demarche"
type = "single"
domain = "usages"
prompt.fr = "Bonjour. {LONG_FR}"
prompt.en = "{LONG_EN}"
options = [
  {{ value = "oui", points = 1, label = {{ fr = "Oui, seul(e)", en = "Yes" }} }},
  {{ value = "non", points = 0, label = {{ fr = "Non", en = "No" }} }},
]

[[questions]]
id = "obs"
type = "single"
domain = "usages"
mode = "observed"
prompt.fr = "Demandez à la personne d'ouvrir le navigateur et de chercher les horaires de la mairie de sa commune, puis observez."
prompt.en = "Ask."
options = [
  {{ value = "seul", points = 1, label = {{ fr = "Réussi seul(e)", en = "Alone" }} }},
  {{ value = "echec", points = 0, label = {{ fr = "Non", en = "No" }} }},
]

[[levels]]
id = "debut"
min = 0
title = {{ fr = "Début", en = "Start" }}
description = {{ fr = "Vous êtes informé(e)s de tout.", en = "You know." }}

[[domain_levels]]
id = "a_decouvrir"
min = 0
title = {{ fr = "À découvrir", en = "To discover" }}

[[advice]]
id = "pro"
when = "score < 50"
audience = "professional"
text = {{ fr = "{LONG_FR}", en = "{LONG_EN}" }}

[[advice]]
id = "personne"
when = "score < 50"
text = {{ fr = "Un atelier. Les amis·es et les voisin·es aident aussi. Apportez vos document(s).", en = "{LONG_EN}" }}
'''


def findings(text: str = FILE, max_words: int = 15) -> list[str]:
    result = load_bytes(
        text.encode(), "q.toml", extra_checks=[lambda q: check_readability(q, max_words)]
    )
    assert result.questionnaire is not None, [str(f) for f in result.errors]
    assert not result.errors
    return [str(finding) for finding in result.findings]


def test_sentences_and_words() -> None:
    found = sentences(
        "Bonjour. Allez sur impots.gouv.fr !\nPayez 1,99 € ici : « Oui » – merci…  Fin"
    )
    assert [s.text for s in found] == [
        "Bonjour.",
        "Allez sur impots.gouv.fr !",
        "Payez 1,99 € ici : « Oui » – merci…",
        "Fin",
    ]
    assert [s.words for s in found] == [1, 3, 5, 1]  # "€", ":", "«", "–" are not words
    assert found[1].offset == 9
    assert sentences("   ") == []
    assert sentences("« Que faites-vous ? » Observez :")[0].text == "« Que faites-vous ? »"


def test_long_sentences_and_gender_forms_are_warned_at_their_place() -> None:
    lines = FILE.splitlines()
    found = findings()
    # The second sentence of a one-line prompt: its own column.
    prompt_line = next(i for i, line in enumerate(lines, 1) if line.startswith('prompt.fr = "Bon'))
    column = lines[prompt_line - 1].index("Avez") + 1
    assert any(
        f.startswith(
            f"q.toml:{prompt_line}:{column}: warning: a sentence of the prompt of "
            "question 'demarche' (fr) has 16 words, more than 15: « Avez-vous"
        )
        for f in found
    ), found
    # A sentence of a multi-line intro: its own line, column 1.
    intro_line = next(i for i, line in enumerate(lines, 1) if line.startswith("Nous allons"))
    assert any(
        f.startswith(f"q.toml:{intro_line}:1: warning: a sentence of the intro (fr)") for f in found
    )
    # Gender forms, in an option label, a level description and person advice.
    label_line = next(i for i, line in enumerate(lines, 1) if "Oui, seul(e)" in line)
    assert any(
        f.startswith(f"q.toml:{label_line}:")
        and "label of option 'oui' of question 'demarche' (fr) uses « seul(e) »" in f
        for f in found
    )
    assert any("description of level 'debut' (fr) uses « informé(e)s »" in f for f in found)
    assert any("text of advice 'personne' (fr) uses « amis·es »" in f for f in found)
    assert any("text of advice 'personne' (fr) uses « voisin·es »" in f for f in found)
    assert any("text of advice 'personne' (en) has 18 words" in f for f in found)
    assert all("readability" not in f or "warning" in f for f in found)


def test_what_the_person_does_not_hear_is_left_alone() -> None:
    found = " ".join(findings())
    assert "question 'obs'" not in found  # an observed task speaks to the professional
    assert "advice 'pro'" not in found  # professional advice
    assert "intro (en)" not in found  # short sentences
    assert "(e-mail)" not in found
    assert "document(s)" not in found  # a plural, not a gender form


def test_the_limit_is_configurable() -> None:
    assert not any("more than 40" in f for f in findings(max_words=40))
    assert any("has 7 words, more than 6" in f for f in findings(max_words=6))


def test_without_the_option_validate_says_nothing_about_readability(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text(FILE, "utf-8")
    assert load_file(path).findings == []
    result = run_cli(["validate", str(path)])
    assert result.exit_code == 0 and "no problems found" in result.stdout


def test_validate_readability_warns_and_strict_fails(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text(FILE, "utf-8")
    warned = run_cli(["validate", "--readability", str(path)])
    assert warned.exit_code == 0
    assert f"{path}:" in warned.stdout and "warning: a sentence of the intro (fr)" in warned.stdout
    assert warned.stdout.strip().endswith("warnings.")
    strict = run_cli(["validate", "--readability", "--strict", str(path)])
    assert strict.exit_code == 1
    as_json = run_cli(["validate", "--readability", "--max-words", "12", "-f", "json", str(path)])
    codes = {item["code"] for item in json.loads(as_json.stdout)["findings"]}
    assert codes == {"readability-length", "readability-gender-form"}
    bad = run_cli(["validate", "--readability", "--max-words", "0", str(path)])
    assert bad.exit_code == 2


@pytest.mark.parametrize("path", sorted(bundled_dir().glob("*.toml")), ids=lambda p: p.stem)
def test_the_bundled_questionnaires_read_plainly(path: Path) -> None:
    result = load_file(path, extra_checks=[check_readability])
    assert result.questionnaire is not None
    assert [str(f) for f in result.findings] == []
    words = sentence_words(result.questionnaire)
    assert set(words) == {"fr", "en"}
    assert max(words["fr"]) <= 15 and max(words["en"]) <= 15
    assert "seul(e)" not in path.read_text("utf-8")


def test_a_sentence_after_escapes_and_a_line_continuation_is_still_located() -> None:
    text = FILE.replace(
        'intro.en = """\nHello. This is short."""',
        'intro.en = """\nSay \\"hi\\" to caf\\u00e9. \\\n    '
        "Then we will talk about your phone, your computer, the internet and every procedure "
        'you do online."""',
    )
    assert text != FILE
    lines = text.splitlines()
    line = next(i for i, content in enumerate(lines, 1) if content.startswith("    Then"))
    found = findings(text)
    assert any(
        f.startswith(f"q.toml:{line}:5: warning: a sentence of the intro (en)") for f in found
    )
