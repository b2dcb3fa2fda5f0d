"""The bundled questionnaires: valid with no warning, and what the field needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonsclics_cli.questionnaire.catalog import Catalog, bundled_dir
from bonsclics_cli.questionnaire.loader import load_file
from bonsclics_cli.questionnaire.model import MultipleQuestion, Questionnaire, SingleQuestion

BUNDLED = sorted(bundled_dir().glob("*.toml"))


def load(name: str) -> Questionnaire:
    result = load_file(bundled_dir() / f"{name}.toml")
    assert result.questionnaire is not None, [str(f) for f in result.findings]
    return result.questionnaire


@pytest.mark.parametrize("path", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_bundled_questionnaires_are_valid_without_warnings(path: Path) -> None:
    result = load_file(path)
    assert result.findings == []
    assert result.questionnaire is not None
    assert result.questionnaire.id == path.stem
    assert result.questionnaire.languages == ["fr", "en"]


def test_the_three_questionnaires_are_bundled() -> None:
    expected = {"autonomie-numerique", "autonomie-numerique-approfondi", "reperage-rapide"}
    assert {path.stem for path in BUNDLED} == expected
    ids = {entry.questionnaire.id for entry in Catalog().entries}
    assert expected <= ids


def test_the_default_diagnostic_fits_a_first_appointment() -> None:
    q = load("autonomie-numerique")
    declared = [question for question in q.questions if not question.observed]
    observed = [question for question in q.questions if question.observed]
    assert 10 <= len(declared) <= 12
    assert [question.id for question in observed] == ["obs_piece_jointe", "obs_sms_frauduleux"]
    assert q.estimated_minutes is not None and q.estimated_minutes <= 15
    # What blocks access to rights today, each in its question.
    for needed in ("demarche_a_faire", "demarche_urgente", "appareils", "connexion"):
        assert needed in q.questions_by_id
    for needed in ("lecture_ecran", "email", "comptes", "franceconnect", "demarches_faites"):
        assert needed in q.questions_by_id
    for needed in ("code_sms", "aide_actuelle", "envie_apprendre"):
        assert needed in q.questions_by_id
    barriers = ("demarche_a_faire", "appareils", "connexion", "lecture_ecran", "aide_actuelle")
    assert not any(q.questions_by_id[name].scored for name in barriers)
    assert q.intro is not None and q.preparation is not None


def test_the_in_depth_diagnostic_adds_what_was_missing() -> None:
    q = load("autonomie-numerique-approfondi")
    assert 5 <= len(q.domains) <= 7 and "ordinateur" in q.domains_by_id
    assert sum(question.observed for question in q.questions) == 5
    computer = [question for question in q.questions if question.domain == "ordinateur"]
    assert any(question.observed for question in computer)
    accounts = q.questions_by_id["comptes"]
    gestures = q.questions_by_id["gestes_comptes"]
    assert isinstance(accounts, MultipleQuestion) and isinstance(gestures, MultipleQuestion)
    assert {"ants", "msa", "retraite"} <= {option.value for option in accounts.options}
    assert {"creer_compte", "mot_de_passe_oublie", "envoyer_fichier"} <= {
        option.value for option in gestures.options
    }
    assert {"code_sms", "identite_numerique"} <= set(q.questions_by_id)
    assert q.estimated_minutes is not None and q.estimated_minutes > 15


def test_levels_speak_the_coop_vocabulary_and_need_observed_tasks() -> None:
    for name in ("autonomie-numerique", "autonomie-numerique-approfondi"):
        q = load(name)
        titles = [q.text(level.title, "fr") for level in sorted(q.levels, key=lambda x: x.min)]
        assert titles == ["Avec guidage", "Autonome avec guidage en cas de besoin", "Autonome"]
        assert [q.text(level.title, "fr") for level in q.domain_levels or []] == [
            "À découvrir",
            "En cours",
            "Acquis",
        ]
        for level in q.levels:
            assert (level.requires is None) == (level.min == 0), level.id
            if level.requires is not None:
                assert {question.id for question in q.questions if question.observed} & set(
                    level.requires.names()
                ), level.id
        # Acting for the person is advice, never a level.
        assert all("aidant" not in level.id for level in q.levels)
        assert any("aidantsconnect" in (advice.link or "") for advice in q.advice)


def test_domain_advice_fires_on_the_domain_scale() -> None:
    # No domain can fall between a band and its workshop: workshops name the bands.
    q = load("autonomie-numerique-approfondi")
    for advice in q.advice:
        names = advice.when.names()
        assert not any(name.startswith("score_") for name in names), advice.id


def test_every_link_is_official_and_the_paused_line_is_gone() -> None:
    official = (
        "https://aidantsconnect.beta.gouv.fr/",
        "https://cartographie.societenumerique.gouv.fr/",
        "https://www.cybermalveillance.gouv.fr/",
        "https://www.lesbonsclics.fr/",
        "https://pix.fr/",
        "https://lidentitenumerique.laposte.fr/",
    )
    maps = 0
    for path in BUNDLED:
        text = path.read_text("utf-8")
        assert "01 70 772 372" not in text and "solidarite-numerique" not in text
        for advice in load(path.stem).advice:
            assert advice.link is None or advice.link in official, advice.link
            maps += advice.link == "https://cartographie.societenumerique.gouv.fr/"
    assert maps >= 3


def test_observed_tasks_tell_the_professional_how_to_run_them() -> None:
    for name in ("autonomie-numerique", "autonomie-numerique-approfondi"):
        q = load(name)
        for question in q.questions:
            if question.observed:
                assert question.help is not None, question.id


def test_conditions_only_name_earlier_questions() -> None:
    q = load("autonomie-numerique-approfondi")
    dependent = [question for question in q.questions if question.when is not None]
    assert len(dependent) >= 3
    names = set().union(*(question.when.names() for question in dependent if question.when))
    assert names <= set(q.questions_by_id)


def test_age_is_asked_in_the_coop_bands() -> None:
    q = load("autonomie-numerique-approfondi")
    age = q.questions_by_id["tranche_age"]
    assert isinstance(age, SingleQuestion) and not age.scored
    assert [q.text(option.label, "en") for option in age.options] == [
        "18 to 24",
        "25 to 39",
        "40 to 59",
        "60 to 69",
        "70 or over",
    ]


def test_the_screening_is_short_and_routes_by_rule() -> None:
    q = load("reperage-rapide")
    assert len(q.questions) == 4
    assert q.estimated_minutes is not None and q.estimated_minutes <= 5
    top = max(q.levels, key=lambda level: level.min)
    assert top.requires is not None
    assert {"demarches", "urgence"} <= set(top.requires.names())


def test_the_documentation_says_why_each_question_is_there() -> None:
    folder = Path(__file__).parents[2] / "docs"
    for page in ("questionnaires.md", "questionnaires.en.md"):  # French, then English
        docs = (folder / page).read_text("utf-8")
        for path in BUNDLED:
            for question in load(path.stem).questions:
                assert f"`{question.id}`" in docs, (page, path.stem, question.id)
        for source in ("https://pix.fr/abc-diag", "https://www.lesbonsclics.fr/"):
            assert source in docs
        assert "https://coop-numerique.anct.gouv.fr/" in docs
        assert "https://aidantsconnect.beta.gouv.fr/" in docs
