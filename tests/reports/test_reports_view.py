"""The view model: what each report says, before any format decides how it looks."""

from __future__ import annotations

from datetime import date

import pytest
from report_samples import BEGINNER, card, entry

from bonsclics_cli.questionnaire.conditions import Condition
from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    SingleQuestion,
    TextQuestion,
)
from bonsclics_cli.reports.explain import Explainer, short
from bonsclics_cli.reports.registry import ReportRequest, render
from bonsclics_cli.reports.view import build_view, clean
from bonsclics_cli.reports.wording import ENGLISH, FRENCH, words_for

TODAY = date(2026, 11, 29)


def _explain(source: str, language: str = "fr") -> str:
    return Explainer(entry().questionnaire, language, words_for(language)).condition(
        Condition.parse(source)
    )


NET = "la réponse à « Avez-vous internet chez vous ou sur votre téléphone ? »"
DEVICES = "la réponse à « Quels appareils avez-vous ? Je vous lis la liste. »"
STUCK = "la réponse à « Votre appareil bloque, ou il n'y a plus de son. Que faites-vous ? »"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("connexion == 'maison'", f"{NET} est « Oui, chez moi seulement »"),
        ("connexion != 'non'", f"{NET} n'est pas « Non, je n'ai pas internet »"),
        ("not (connexion == 'non')", f"{NET} n'est pas « Non, je n'ai pas internet »"),
        (
            "connexion in ['maison', 'mobile']",
            f"{NET} est « Oui, chez moi seulement » ou « Oui, sur mon téléphone seulement »",
        ),
        (
            "not ('aucun' in usages_internet)",
            "la réponse à « Sur internet, qu'avez-vous déjà fait sans aide ? Je vous lis la "
            "liste. » ne comprend pas « Je n'ai jamais utilisé internet »",
        ),
        (
            "'smartphone' in appareils and (probleme_technique == 'de_cote' or "
            "probleme_technique == 'demande')",
            f"{DEVICES} comprend « Un smartphone » et ({STUCK} est « Je laisse l'appareil de "
            f"côté » ou {STUCK} est « Je demande de l'aide à quelqu'un »)",
        ),
        (
            "not ('smartphone' in appareils or 'tablette' in appareils)",
            f"il est faux que ({DEVICES} comprend « Un smartphone » ou « Une tablette »)",
        ),
    ],
)
def test_conditions_in_plain_french(source: str, expected: str) -> None:
    assert _explain(source) == expected


def test_conditions_in_english_and_numbers() -> None:
    assert _explain("probleme_technique == 'de_cote'", "en") == (
        "the answer to “Your device gets stuck, or the sound stops. What do you do?” is "
        "“I put the device aside”"
    )
    assert _explain("score >= 55.5", "fr") == "le score d'autonomie est au moins 55,5"
    assert _explain("score < 10", "en") == "the autonomy score is below 10"


def test_short_cuts_long_prompts_at_a_word() -> None:
    assert short("a " * 10) == "a a a a a a a a a a"
    long = "Demandez à la personne d'ouvrir le navigateur internet et de chercher " * 3
    cut = short(long)
    assert cut.endswith("…") and len(cut) <= 91 and " " not in cut[-2:]


def test_clean_makes_controls_visible_and_keeps_french_spaces() -> None:
    assert clean("a\x1bb\u202ec\td\ne") == "a\\u001bb\\u202ec\td\ne"
    assert clean("Bonjour\u202f!") == "Bonjour\u202f!"


def test_strongest_and_to_learn() -> None:
    view = build_view(card(), language="fr", generated_on=TODAY)
    # Only domains at « Acquis » (75+) on the domain scale: internet (71) is « En cours ».
    assert [d.id for d in view.strongest] == ["ordinateur", "prise_en_main"]
    assert [d.id for d in view.to_learn] == ["communication", "securite", "demarches"]
    assert not {d.id for d in view.strongest} & {d.id for d in view.to_learn}


def test_a_beginner_still_hears_what_they_can_do() -> None:
    view = build_view(card(BEGINNER), language="fr", generated_on=TODAY)
    assert view.level == "Avec guidage"
    # Every domain is « À découvrir »: none is praised, the first step is.
    assert view.strongest == ()
    page = render("html", "person", ReportRequest(card(BEGINNER), "fr", TODAY))
    assert "Aujourd&#39;hui, vous avez fait le point sur le numérique avec nous." in page


def test_nothing_to_learn_when_every_domain_is_at_the_top_level() -> None:
    expert: dict[str, object] = {}
    for question in entry().questionnaire.questions:
        if isinstance(question, SingleQuestion):
            expert[question.id] = max(question.options, key=lambda o: o.points or 0).value
        elif isinstance(question, MultipleQuestion):
            expert[question.id] = [o.value for o in question.options if not o.exclusive]
        elif isinstance(question, NumberQuestion):
            expert[question.id] = max(question.min or 0, min(40, question.max or 40))
        elif isinstance(question, TextQuestion):
            expert[question.id] = "rien à signaler"
    view = build_view(card(expert), language="fr", generated_on=TODAY)
    assert view.score == 100 and view.level == "Autonome"
    assert view.to_learn == ()
    assert len(view.strongest) == 3
    page = render("html", "person", ReportRequest(card(expert), "fr", TODAY))
    assert "Vous pouvez continuer à apprendre." in page
    assert "Étape 3 sur 3" in page


def test_words_for_languages() -> None:
    assert words_for("fr") is FRENCH
    assert words_for("fr-CA") is FRENCH
    assert words_for("en") is ENGLISH
    assert words_for("de") is ENGLISH
    assert FRENCH.day(date(2026, 3, 1)) == "1er mars 2026"
    assert ENGLISH.day(date(2026, 3, 1)) == "1 March 2026"


def test_every_french_word_has_an_english_one() -> None:
    for field in FRENCH.__dataclass_fields__:
        french, english = getattr(FRENCH, field), getattr(ENGLISH, field)
        assert english, field
        if isinstance(french, str) and "{" in french:
            assert sorted(_placeholders(french)) == sorted(_placeholders(english)), field


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"\{(\w+)\}", text)
