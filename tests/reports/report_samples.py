"""Answers files for the report tests: realistic, hostile, unfinished."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from bonsclics_cli.answers.sheet import Answer, AnswerSheet, QuestionnaireRef, save_sheet
from bonsclics_cli.questionnaire.catalog import Catalog, Entry
from bonsclics_cli.scoring.rules import ScoreCard, score

PARIS = timezone(timedelta(hours=1))

# The two answer states, written as states: a text answer may be any string, even
# "declined", and must reach the sheet as a text.
DONT_KNOW = Answer.stated("dont_know")
DECLINED = Answer.stated("declined")
STARTED = datetime(2026, 11, 29, 10, 15, tzinfo=PARIS)

# A person who is fairly at ease, in the in-depth diagnostic (six domains, five tasks):
# "autonome avec guidage" overall.
REPORTED = "autonomie-numerique-approfondi"
TYPICAL: dict[str, Any] = {
    "tranche_age": "de_40_a_59",
    "demarche_a_faire": "impots",
    "demarche_urgente": "non",
    "appareils": ["smartphone", "ordinateur"],
    "connexion": "maison_et_mobile",
    "lecture_ecran": "facile",
    "gestes_smartphone": ["appeler", "photo", "wifi", "application"],
    "probleme_technique": "demande",
    "obs_prise_en_main": "seul",
    "gestes_ordinateur": ["souris", "clavier", "arobase", "enregistrer"],
    "obs_ordinateur": "seul",
    "usages_internet": ["rechercher", "videos", "formulaire"],
    "confiance_information": "parfois",
    "obs_recherche": "avec_aide",
    "email": "oui",
    "usages_email": ["lire", "ecrire"],
    "echanges_proches": ["sms", "messagerie"],
    "obs_piece_jointe": DONT_KNOW,
    "comptes": ["ameli", "caf"],
    "gestes_comptes": ["creer_compte", "telecharger_pdf"],
    "franceconnect": "avec_aide",
    "identite_numerique": "non",
    "demarches_faites": "aide_parfois",
    "code_sms": "seul",
    "verrouillage": "oui",
    "mots_de_passe": "meme_partout",
    "demande_code": "verifie",
    "obs_sms_frauduleux": "doute",
    "aide_actuelle": "proche",
    "envie_apprendre": "Faire ma déclaration d'impôts seule.",
}


@cache
def catalog() -> Catalog:
    return Catalog()


def entry(questionnaire_id: str = REPORTED) -> Entry:
    found = catalog().find(questionnaire_id)
    assert found is not None
    return found


def make_sheet(
    answers: dict[str, Any],
    *,
    entry_: Entry | None = None,
    person: str = "BC-7F3K9Q",
    language: str = "fr",
    started_at: datetime = STARTED,
    complete: bool = True,
) -> AnswerSheet:
    """A sheet; an `Answer` (DONT_KNOW, DECLINED) is kept, any other value becomes a value."""
    chosen = entry_ or entry()
    q = chosen.questionnaire
    built: dict[str, Answer] = {}
    for key, value in answers.items():
        if key not in q.questions_by_id:
            continue
        built[key] = value if isinstance(value, Answer) else Answer.of(value)
    return AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=chosen.sha256),
        person=person,
        language=language,
        started_at=started_at,
        updated_at=started_at + timedelta(minutes=30),
        completed_at=started_at + timedelta(minutes=31) if complete else None,
        answers=built,
    )


def valid_answers(sheet_answers: dict[str, Any], entry_: Entry | None = None) -> dict[str, Any]:
    """Only the answers to applicable questions, so that the file is coherent."""
    chosen = entry_ or entry()
    probe = score(chosen.questionnaire, make_sheet(sheet_answers, entry_=chosen))
    asked = {question.id for question in probe.applicable}
    return {key: value for key, value in sheet_answers.items() if key in asked}


def card(answers: dict[str, Any] | None = None, **options: Any) -> ScoreCard:
    chosen = options.get("entry_") or entry()
    sheet = make_sheet(valid_answers(answers or TYPICAL, chosen), **options)
    return score(chosen.questionnaire, sheet)


def write(path: Path, sheet: AnswerSheet) -> Path:
    save_sheet(sheet, path)
    return path


HOSTILE_TOML = Path(__file__).parent / "fixtures" / "hostile.toml"
HOSTILE_TEXT = (
    '<script>alert(\'x\')</script>\x1b[31m [/bold] =HYPERLINK("https://evil.example","x") '
    "Dupont [née Martin]\u202e\x07\n# heading\n[lien](https://evil.example) www.evil.example"
)


@cache
def hostile_entry() -> Entry:
    found = Catalog([HOSTILE_TOML], include_bundled=False).find("hostile")
    assert found is not None
    return found


def hostile_card(language: str = "fr", complete: bool = True) -> ScoreCard:
    chosen = hostile_entry()
    answers = {"q1": "oui", "q2": [], "libre": HOSTILE_TEXT}
    return score(
        chosen.questionnaire,
        make_sheet(answers, entry_=chosen, language=language, complete=complete),
    )


# A person far from digital tools: the longest person's report (most advice for them).
BEGINNER: dict[str, Any] = {
    "tranche_age": "plus_de_70",
    "demarche_a_faire": "retraite",
    "demarche_urgente": "oui",
    "appareils": ["telephone_simple"],
    "connexion": "non",
    "lecture_ecran": "vue",
    "probleme_technique": "demande",
    "obs_prise_en_main": "echec",
    "gestes_ordinateur": ["aucun"],
    "obs_ordinateur": "echec",
    "usages_internet": ["aucun"],
    "email": "non",
    "obs_piece_jointe": "echec",
    "comptes": ["aucun"],
    "gestes_comptes": ["aucun"],
    "demarches_faites": "proche",
    "code_sms": "jamais_recu",
    "demande_code": "donne",
    "obs_sms_frauduleux": "piege",
    "aide_actuelle": "personne_besoin",
    "envie_apprendre": (
        "Je voudrais apprendre à envoyer des photos à mes petits-enfants, à prendre un "
        "rendez-vous chez le médecin sur internet, et à lire les courriers de la CAF sans "
        "demander à ma voisine. J'aimerais aussi savoir reconnaître les faux messages, "
        "parce que j'ai déjà eu peur d'en recevoir un sur mon téléphone."
    ),
}
