"""Helpers for the scoring tests: small questionnaires written for one rule each, answers
sheets built from plain values, and a CLI runner that goes through ``main`` (the one error
handler), so stderr and exit codes are the real ones."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from cli_runner import Outcome as Outcome
from cli_runner import run_cli as run_cli

from bonsclics_cli.answers.sheet import Answer, AnswerSheet, QuestionnaireRef
from bonsclics_cli.questionnaire.catalog import Catalog, Entry
from bonsclics_cli.questionnaire.loader import load_bytes
from bonsclics_cli.questionnaire.model import Questionnaire

PARIS = timezone(timedelta(hours=1))
STARTED = datetime(2026, 11, 29, 10, 15, tzinfo=PARIS)

# Three domains of different weights; a follow-up question; a capped multiple choice;
# decimal points; an unscored text; advice on domain scores, the level and a no-value test.
RULES_TOML = """
format = 1
id = "regles"
version = "1.0.0"
languages = ["fr"]
title = "Règles de calcul"

[[domains]]
id = "acces"
title = "Accès"

[[domains]]
id = "usages"
title = "Usages"
weight = 3

[[domains]]
id = "securite"
title = "Sécurité"

[[questions]]
id = "connexion"
type = "single"
domain = "acces"
prompt = "Connexion ?"
options = [
  { value = "fibre", label = "Fibre", points = 5 },
  { value = "mobile", label = "Mobile", points = 3 },
  { value = "aucune", label = "Aucune", points = 0 },
]

[[questions]]
id = "wifi"
type = "single"
domain = "acces"
when = "connexion == 'fibre'"
prompt = "Wifi ?"
options = [
  { value = "oui", label = "Oui", points = 3 },
  { value = "non", label = "Non", points = 0 },
]

[[questions]]
id = "usages_courants"
type = "multiple"
domain = "usages"
prompt = "Usages ?"
max_points = 4
options = [
  { value = "mails", label = "Mails", points = 2 },
  { value = "achats", label = "Achats", points = 2 },
  { value = "videos", label = "Vidéos", points = 1 },
  { value = "aucun", label = "Aucun", points = 0, exclusive = true },
]

[[questions]]
id = "mots_de_passe"
type = "single"
domain = "securite"
prompt = "Mots de passe ?"
options = [
  { value = "differents", label = "Différents", points = 1.5 },
  { value = "parfois", label = "Parfois", points = 0.75 },
  { value = "identiques", label = "Identiques", points = 0 },
]

[[questions]]
id = "age"
type = "number"
prompt = "Âge ?"
min = 16
max = 120

[[questions]]
id = "remarque"
type = "text"
prompt = "Remarque ?"
max_length = 20

[[levels]]
id = "debutant"
min = 0
title = "Débutant"

[[levels]]
id = "intermediaire"
min = 50
title = "Intermédiaire"

[[levels]]
id = "autonome"
min = 80
title = "Autonome"

[[advice]]
id = "atelier_acces"
when = "score_acces < 50"
text = "Atelier accès."

[[advice]]
id = "bravo"
when = "level == 'autonome'"
text = "Bravo."

[[advice]]
id = "pas_de_fibre"
when = "not (connexion == 'fibre')"
text = "Pas de fibre (ou pas de réponse)."

[[advice]]
id = "securite_inconnue"
when = "level_securite != 'autonome'"
text = "Sécurité à revoir."
"""

# One domain, one question: a chosen option gives exactly the ratio to test rounding with.
ROUNDING_TOML = """
format = 1
id = "arrondi"
version = "1.0.0"
languages = ["fr"]
title = "Arrondi"

[[domains]]
id = "seul"
title = "Seul"

[[questions]]
id = "choix"
type = "single"
domain = "seul"
prompt = "Choix ?"
options = [
  { value = "plein", label = "Plein", points = 200 },
  { value = "p159", label = "159", points = 159 },
  { value = "p125", label = "125", points = 125 },
  { value = "p1", label = "1", points = 1 },
  { value = "zero", label = "Zéro", points = 0 },
]

[[levels]]
id = "bas"
min = 0
title = "Bas"

[[levels]]
id = "haut"
min = 80
title = "Haut"
"""

# 0.3 out of 0.8 is 37.5 as written, but 37.4999... with binary floats.
DECIMAL_TOML = """
format = 1
id = "decimales"
version = "1.0.0"
languages = ["fr"]
title = "Décimales"

[[domains]]
id = "seul"
title = "Seul"

[[questions]]
id = "choix"
type = "single"
domain = "seul"
prompt = "Choix ?"
options = [
  { value = "haut", label = "Haut", points = 0.8 },
  { value = "bas", label = "Bas", points = 0.3 },
]

[[levels]]
id = "niveau"
min = 0
title = "Niveau"
"""


def questionnaire(text: str) -> Questionnaire:
    result = load_bytes(text.encode("utf-8"), "test.toml")
    assert result.questionnaire is not None, [str(f) for f in result.errors]
    return result.questionnaire


def write_questionnaire(folder: Path, text: str, name: str = "regles.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def entry_of(path: Path) -> Entry:
    catalog = Catalog([path])
    loaded = load_bytes(path.read_bytes(), str(path))
    assert loaded.questionnaire is not None
    found = catalog.find(loaded.questionnaire.id, loaded.questionnaire.version)
    assert found is not None
    return found


def answer(value: Any) -> Answer:
    """A plain value, or the states spelt ``"?"`` (dont_know) and ``"-"`` (declined)."""
    if value == "?":
        return Answer.stated("dont_know")
    if value == "-":
        return Answer.stated("declined")
    return Answer.of(value)


def sheet(
    q: Questionnaire,
    answers: Mapping[str, Any],
    *,
    complete: bool = True,
    person: str = "BC-7F3K9Q",
    sha256: str = "0" * 64,
    started_at: datetime = STARTED,
) -> AnswerSheet:
    return AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=sha256),
        person=person,
        language=q.default_language,
        started_at=started_at,
        updated_at=started_at + timedelta(minutes=20),
        completed_at=started_at + timedelta(minutes=20) if complete else None,
        answers={key: answer(value) for key, value in answers.items()},
    )


def document(q: Questionnaire, answers: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    """The JSON object of an answers file, to break on purpose."""
    base: dict[str, Any] = json.loads(sheet(q, answers).to_json())
    base.update(changes)
    return base


def write_json(path: Path, content: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path
