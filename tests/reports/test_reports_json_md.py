"""The JSON report's documented shape, and the Markdown report's content."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st
from report_samples import DECLINED, STARTED, TYPICAL, card
from result_keys import RESULT_KEYS

from bonsclics_cli.reports.markdown_report import md
from bonsclics_cli.reports.registry import ReportRequest, render, report_file_name

TODAY = date(2026, 11, 29)
SCORE_KEYS = RESULT_KEYS
REPORT_KEYS = [
    "report_format",
    "language",
    "generated_on",
    "questionnaire_sha256",
    "started_at",
    "completed_at",
    "unanswered",
    "answers",
    "previous",
    "held_down",
]
ANSWER_KEYS = [
    "id",
    "type",
    "domain",
    "mode",
    "prompt",
    "when",
    "status",
    "value",
    "labels",
    "points",
    "max_points",
]


def _json(**options: object) -> dict[str, object]:
    request = ReportRequest(
        options.pop("card", None) or card(),  # type: ignore[arg-type]
        str(options.pop("language", "fr")),
        TODAY,
        file="sessions/BC-7F3K9Q/a.json",
        **options,  # type: ignore[arg-type]
    )
    document = json.loads(render("json", "professional", request))
    assert isinstance(document, dict)
    return document


def test_json_starts_with_the_score_result_of_section_5() -> None:
    document = _json()
    assert list(document) == SCORE_KEYS + REPORT_KEYS
    this = card()
    assert {key: document[key] for key in SCORE_KEYS} == this.to_json("sessions/BC-7F3K9Q/a.json")
    assert document["report_format"] == 1
    assert document["generated_on"] == "2026-11-29"
    assert document["started_at"] == "2026-11-29T10:15:00+01:00"
    assert document["questionnaire_sha256"] == this.sheet.questionnaire.sha256
    assert document["previous"] is None


def test_json_answers_with_labels_in_the_chosen_language() -> None:
    document = _json(card=card(language="en"), language="en")
    answers = {item["id"]: item for item in document["answers"]}  # type: ignore[attr-defined]
    assert all(list(item) == ANSWER_KEYS for item in answers.values())
    assert answers["gestes_ordinateur"] == {
        "id": "gestes_ordinateur",
        "type": "multiple",
        "domain": "ordinateur",
        "mode": "declared",
        "prompt": "On a computer, what do you do without help? I will read you the list.",
        "when": None,
        "status": "answered",
        "value": ["souris", "clavier", "arobase", "enregistrer"],
        "labels": [
            "Use the mouse: click, double-click",
            "Type on the keyboard, with capitals and accents",
            "Type the @ of an e-mail address",
            "Save a file and find it in a folder",
        ],
        "points": 4,
        "max_points": 5,
    }
    assert answers["appareils"]["labels"] == ["A smartphone", "A computer"]
    assert answers["appareils"]["points"] is None  # a barrier: context, not scored
    assert answers["obs_piece_jointe"]["status"] == "dont_know"
    assert answers["obs_piece_jointe"]["mode"] == "observed"
    assert answers["obs_piece_jointe"]["points"] == 0
    assert answers["envie_apprendre"]["labels"] == []
    assert answers["envie_apprendre"]["value"] == TYPICAL["envie_apprendre"]
    assert answers["tranche_age"]["points"] is None  # context: not scored


def test_json_states_and_questions_not_asked() -> None:
    answers = dict(TYPICAL, appareils=["telephone_simple"], probleme_technique=DECLINED)
    document = _json(card=card(answers))
    items = {item["id"]: item for item in document["answers"]}  # type: ignore[attr-defined]
    assert items["gestes_smartphone"]["status"] == "not_asked"
    assert (
        items["gestes_smartphone"]["when"] == "'smartphone' in appareils or 'tablette' in appareils"
    )
    assert items["gestes_smartphone"]["value"] is None
    assert items["probleme_technique"]["status"] == "declined"
    assert items["probleme_technique"]["points"] is None  # declined: excluded from the maximum


def test_json_unfinished() -> None:
    answers = {key: TYPICAL[key] for key in list(TYPICAL)[:6]}  # up to lecture_ecran
    document = _json(card=card(answers, complete=False))
    assert document["complete"] is False
    assert document["completed_at"] is None
    assert "gestes_smartphone" in document["unanswered"]  # type: ignore[operator]
    items = {item["id"]: item for item in document["answers"]}  # type: ignore[attr-defined]
    assert items["gestes_smartphone"]["status"] == "unanswered"
    assert document["level"] is None  # no level from a few answers


def test_json_previous_session_and_change() -> None:
    earlier = card(dict(TYPICAL, obs_recherche="echec"), started_at=STARTED - timedelta(days=60))
    document = _json(previous=earlier, previous_file="old.json")
    previous = document["previous"]
    assert isinstance(previous, dict)
    assert list(previous) == ["file", "started_at", "score", "level", "change", "domains"]
    assert previous["file"] == "old.json"
    assert previous["change"] == card().score - earlier.score  # type: ignore[operator]
    internet = next(d for d in previous["domains"] if d["id"] == "internet")
    assert internet["change"] > 0
    assert list(internet) == ["id", "score", "change"]


def test_markdown_professional_sections_and_tables() -> None:
    text = render("md", "professional", ReportRequest(card(), "fr", TODAY))
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:4] == [
        "# Compte rendu de diagnostic",
        "## Résultat",
        "## Domaines",
        "## Orientation et conseils pour le professionnel",
    ]
    assert "## Réponses déclarées" in headings and "## Mises en situation observées" in headings
    assert "| Ordinateur, clavier et fichiers | 86 | Acquis | 6 / 7 |" in text
    assert "| Avez\\-vous" not in text  # '-' is left alone: it cannot start a block
    assert "| Avez-vous une adresse e-mail ? | Oui, et je connais mon mot de passe | 3 / 3 |" in (
        text
    )
    assert "*\\[ Je ne sais pas \\]*" in text
    assert "Un smartphone ; Un ordinateur" in text
    assert f"`{card().sheet.questionnaire.sha256}`" in text


def test_markdown_person_in_english_has_no_table() -> None:
    text = render("md", "person", ReportRequest(card(language="en"), "en", TODAY))
    assert text.startswith("# Your digital skills summary\n")
    assert "**Summary of 29 November 2026**" in text
    # a path from the person's step, nothing named below it
    assert "**Autonomous, with guidance when needed** ← you are here → Autonomous" in text
    assert "With guidance" not in text
    assert "|" not in text
    assert "<https://cartographie.societenumerique.gouv.fr/>" in text
    assert "- Today, you unlocked a device and took a photo." in text
    assert "……" not in text and "**Your contact: the person who did this check" in text


def test_md_escape_function() -> None:
    assert md("a\n# b") == "a \\# b"
    assert md("<b>x</b>") == "\\<b\\>x\\</b\\>"
    assert md("[x](https://e.example)") == "\\[x\\](https\\://e.example)"
    assert md("www.e.example a@b.fr") == "www\\.e.example a\\@b.fr"
    assert md("a | b * c _ d ` e ~ f & g") == "a \\| b \\* c \\_ d \\` e \\~ f \\& g"
    assert md("Dupont [née Martin]") == "Dupont \\[née Martin\\]"


def test_report_file_names_come_from_ids_and_the_date_only() -> None:
    day = date(2026, 11, 29)
    assert (
        report_file_name("BC-7F3K9Q", day, "autonomie-numerique", "professional", "html")
        == "BC-7F3K9Q_2026-11-29_autonomie-numerique_professional.html"
    )
    assert report_file_name("p1", day, "x", "person", "md") == "p1_2026-11-29_x_person.md"
    assert report_file_name("p1", day, "x", "person", "json") == "p1_2026-11-29_x.json"


def test_markdown_flags_an_unfinished_interview() -> None:
    answers = {key: TYPICAL[key] for key in list(TYPICAL)[:4]}
    unfinished = card(answers, complete=False)
    text = render("md", "professional", ReportRequest(unfinished, "fr", TODAY))
    assert len(unfinished.unanswered) > 1
    assert f"> **⚠ ENTRETIEN NON TERMINÉ** — {len(unfinished.unanswered)} questions posées" in text
    assert "- **État :** **ENTRETIEN NON TERMINÉ**" in text
    assert "*\\[ Pas de réponse (entretien non terminé) \\]*" in text
    person = render("md", "person", ReportRequest(unfinished, "fr", TODAY))
    assert "## Votre bilan n'est pas terminé" in person
    assert "vous êtes ici" not in person and "Votre niveau aujourd" not in person


@given(st.text())
@example("xhttps://evil.example WWW.evil.example JavaScript:alert(1) a@b.fr")
@example("<https://x.example> [a](b) ![i](j) `code` # h | t &amp; ~~s~~ {x}")
def test_md_escape_leaves_nothing_active(text: str) -> None:
    out = md(text)
    assert "\n" not in out and "\r" not in out
    bare = re.sub(r"\\.", "", out)  # what is left once every escaped character is removed
    assert not set(bare) & set("\\`*_[]<>|~&#{}@")
    assert "://" not in bare.lower() and "www." not in bare.lower()
    assert not re.search(r"(?i)(javascript|data|mailto):", bare)
