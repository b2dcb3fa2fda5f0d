"""The three profiles of the default questionnaire (autonomie-numerique): a person far
from digital tools, one in the middle, one at ease; with a structure's profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from report_samples import card, entry, make_sheet, valid_answers

from bonsclics_cli.answers.sheet import AnswerSheet
from bonsclics_cli.scoring.rules import ScoreCard
from bonsclics_cli.structure.loader import load_bytes, template
from bonsclics_cli.structure.model import Structure

DEFAULT = "autonomie-numerique"

BEGINNER: dict[str, Any] = {
    "demarche_a_faire": "retraite",
    "demarche_urgente": "oui",
    "appareils": ["telephone_simple"],
    "connexion": "non",
    "lecture_ecran": "vue",
    "email": "non",
    "obs_piece_jointe": "echec",
    "comptes": ["aucun"],
    "demarches_faites": "proche",
    "code_sms": "jamais_recu",
    "obs_sms_frauduleux": "piege",
    "aide_actuelle": "personne_besoin",
    # longer than the page keeps (160 characters): the longest page there is
    "envie_apprendre": (
        "Je voudrais envoyer des photos à mes petits-enfants, prendre un rendez-vous "
        "chez le médecin sur internet, et lire les courriers de la CAF sans demander à ma "
        "voisine, qui n'est pas toujours là."
    ),
}
MIDDLE: dict[str, Any] = {
    "demarche_a_faire": "caf",
    "demarche_urgente": "non",
    "appareils": ["smartphone"],
    "connexion": "mobile",
    "lecture_ecran": "facile",
    "email": "oui",
    "obs_piece_jointe": "avec_aide",
    "comptes": ["caf", "ameli"],
    "franceconnect": "avec_aide",
    "demarches_faites": "aide_parfois",
    "code_sms": "seul",
    "obs_sms_frauduleux": "doute",
    "aide_actuelle": "proche",
    "envie_apprendre": "Faire ma déclaration à la CAF sur mon téléphone.",
}
ADVANCED: dict[str, Any] = {
    "demarche_a_faire": "impots",
    "demarche_urgente": "non",
    "appareils": ["smartphone", "ordinateur"],
    "connexion": "maison_et_mobile",
    "lecture_ecran": "facile",
    "email": "oui",
    "obs_piece_jointe": "seul",
    "comptes": ["caf", "ameli", "impots"],
    "franceconnect": "seul",
    "demarches_faites": "seul",
    "code_sms": "seul",
    "obs_sms_frauduleux": "reconnait",
    "aide_actuelle": "personne",
    "envie_apprendre": "Ranger mes documents sur l'ordinateur.",
}
PROFILES = {"beginner": BEGINNER, "middle": MIDDLE, "advanced": ADVANCED}


STRUCTURE_TOML = template()  # the commented template: a realistic structure, five offers


def structure() -> Structure:
    result = load_bytes(STRUCTURE_TOML.encode("utf-8"), "structure.toml")
    assert result.structure is not None, result.findings
    return result.structure


LONG_STRUCTURE = Path(__file__).parent / "fixtures" / "structure-long.toml"


def long_structure() -> Structure:
    """Texts as long as the format allows, an offer for every advice: the longest pages."""
    result = load_bytes(LONG_STRUCTURE.read_bytes(), LONG_STRUCTURE.name)
    assert result.structure is not None, result.findings
    return result.structure


def profile_sheet(name: str, language: str = "fr", **extra: Any) -> AnswerSheet:
    chosen = entry(DEFAULT)
    sheet = make_sheet(valid_answers(PROFILES[name], chosen), entry_=chosen, language=language)
    return sheet.model_copy(update=extra) if extra else sheet


def profile_card(name: str, language: str = "fr") -> ScoreCard:
    chosen = entry(DEFAULT)
    return card(PROFILES[name], entry_=chosen, language=language)


def write_structure(folder: Path) -> Path:
    path = folder / "structure.toml"
    path.write_text(STRUCTURE_TOML, encoding="utf-8")
    return path
