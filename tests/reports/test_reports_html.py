"""HTML reports: self-contained, accessible, printable, and saying the right things."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from html_checks import assert_self_contained, parse
from report_samples import DECLINED, DONT_KNOW, STARTED, TYPICAL, card, hostile_card

from bonsclics_cli.reports import html_report
from bonsclics_cli.reports.registry import AUDIENCES, ReportRequest, render

TODAY = date(2026, 11, 29)


def _page(audience: str, language: str = "fr", **options: object) -> str:
    request = ReportRequest(
        options.pop("card", None) or card(language=language),  # type: ignore[arg-type]
        language,
        TODAY,
        **options,  # type: ignore[arg-type]
    )
    return render("html", audience, request)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_self_contained(audience: str, language: str) -> None:
    assert_self_contained(_page(audience, language))
    assert_self_contained(
        render("html", audience, ReportRequest(hostile_card(language), language, TODAY))
    )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_real_headings_in_order_and_the_page_language(audience: str) -> None:
    page = _page(audience, "en")
    found = parse(page)
    assert found.headings[0].startswith("h1:")
    assert sum(heading.startswith("h1:") for heading in found.headings) == 1
    assert len([h for h in found.headings if h.startswith("h2:")]) >= (
        3 if audience == "person" else 4
    )
    assert '<html lang="en">' in page


def test_print_stylesheet_for_a4_with_page_breaks() -> None:
    page = _page("professional")
    assert "@page { size: A4;" in page
    assert "@media print" in page
    assert "break-before: page" in page
    assert re.search(r"figure, svg[^{]*\{ break-inside: avoid", page)


def test_person_report_in_plain_words_without_points() -> None:
    page = _page("person")
    assert "<h1>Votre bilan numérique</h1>" in page
    assert "Bilan du 29 novembre 2026" in page
    assert "Autonome avec guidage en cas de besoin" in page
    assert "Vous faites déjà beaucoup de choses sans aide." in page  # the level's description
    assert "Étape 2 sur 3" in page
    assert "vous êtes ici" in page
    # a path from the person's step: the step below is a dot, never named
    assert "Avec guidage" not in page and page.count('class="done"') == 1
    # what the person can do, in sentences drawn from the answers, not domain names
    can = page[page.index('id="can"') : page.index('id="next"')]
    assert "Aujourd&#39;hui, vous avez ouvert un appareil et pris une photo." in can
    assert "Ordinateur, clavier et fichiers" not in can and "Comptes et démarches" not in can
    # at most three next steps, the person's advice in the questionnaire's order
    steps = re.findall(r'<li class="step" data-advice="([a-z_]+)">', page)
    assert steps == ["envoyer_document", "atelier_demarches", "messages_frauduleux"]
    # the person's own words, and each link written out for paper with its QR code
    assert "Faire ma déclaration d&#39;impôts seule." in page
    assert '<p class="link">cartographie.societenumerique.gouv.fr</p>' in page
    assert len(re.findall(r'<svg viewBox="0 0 \d+ \d+" class="segno">', page)) == 2
    assert "Attention aux faux messages." in page  # audience person
    assert "Refaites ce diagnostic" not in page  # audience professional
    assert "www.lesbonsclics.fr" not in page  # for the professional only
    # no table of points, no score; a contact, never a blank line to fill in
    assert "<table" not in page
    assert "/ 16" not in page and "67" not in page
    assert "Votre contact : la personne qui a fait ce bilan avec vous." in page
    assert "……" not in page


def test_person_report_in_english() -> None:
    page = _page("person", "en")
    assert "<h1>Your digital skills summary</h1>" in page
    assert "Summary of 29 November 2026" in page
    assert "Autonomous, with guidance when needed" in page
    assert "Step 2 of 3" in page
    assert "Bilan" not in page


def test_professional_report_content() -> None:
    page = _page("professional")
    assert "<h1>Compte rendu de diagnostic</h1>" in page
    assert '<p class="score">67 <small>sur 100</small></p>' in page
    # option labels, not codes
    assert "Oui, chez moi et sur mon téléphone" in page and "maison_et_mobile" not in page
    assert "<li>Un smartphone</li><li>Un ordinateur</li>" in page
    # declared apart from observed
    declared = page[page.index('id="declared"') : page.index('id="observed"')]
    observed = page[page.index('id="observed"') : page.index('id="not-asked"')]
    assert "Avez-vous internet chez vous ou sur votre téléphone ?" in declared
    assert "Demandez à la personne" not in declared
    assert "Demandez à la personne de déverrouiller" in observed
    assert '<span class="state">Je ne sais pas</span>' in observed  # obs_piece_jointe
    # questions not asked, and why in plain words
    assert "Questions non posées" in page
    assert "Toutes les questions ont été posées." in page
    # orientation for the professional; traceability
    assert "Refaites ce diagnostic" in page
    assert "autonomie-numerique-approfondi" in page and "1.0.0" in page
    assert card().sheet.questionnaire.sha256 in page
    assert "ENTRETIEN NON TERMINÉ" not in page


def test_declined_and_dont_know_shown_as_such() -> None:
    answers = dict(TYPICAL, connexion=DECLINED, probleme_technique=DONT_KNOW)
    page = _page("professional", card=card(answers))
    assert '<span class="state">Ne souhaite pas répondre</span>' in page
    assert '<span class="state">Je ne sais pas</span>' in page
    assert "« Je ne sais pas » : 2 ; « ne souhaite pas répondre » : 1." in page


def test_not_asked_reason_names_the_question_it_depends_on() -> None:
    answers = dict(TYPICAL, appareils=["telephone_simple"])
    page = _page("professional", card=card(answers))
    not_asked = page[page.index('id="not-asked"') : page.index('id="trace"')]
    assert "Sur votre téléphone ou votre tablette, que faites-vous sans aide ?" in not_asked
    assert (
        "Posée seulement si la réponse à « Quels appareils avez-vous ? Je vous lis la "
        "liste. » comprend « Un smartphone » ou « Une tablette »."
    ) in not_asked
    assert "Réponse donnée à « Quels appareils avez-vous ? Je vous lis la liste. » : " in (
        not_asked
    )
    assert "» : Un téléphone simple, sans internet." in not_asked
    # merged alternatives: "comprend A, B ou C"
    assert "comprend « Un smartphone », « Une tablette » ou « Un ordinateur »" in not_asked


def test_unfinished_interview_is_flagged_in_both_reports() -> None:
    answers = {key: TYPICAL[key] for key in list(TYPICAL)[:8]}
    unfinished = card(answers, complete=False)
    professional = _page("professional", card=unfinished)
    assert "ENTRETIEN NON TERMINÉ" in professional
    assert len(unfinished.unanswered) > 1
    assert f"{len(unfinished.unanswered)} questions posées sans réponse" in professional
    assert "Pas de réponse (entretien non terminé)" in professional
    person = _page("person", card=unfinished)
    assert "Votre bilan n&#39;est pas terminé" in person
    # No level and no "vous êtes ici" scale from a few answers: only what was seen.
    assert "vous êtes ici" not in person and "Votre niveau aujourd" not in person
    assert "Ce que nous avons déjà vu ensemble" in person
    assert "aucun : l&#39;entretien n&#39;est pas terminé" in professional
    english = _page("professional", "en", card=card(answers, complete=False, language="en"))
    assert "INTERVIEW NOT FINISHED" in english


def test_every_answer_given_but_not_closed_is_still_flagged() -> None:
    page = _page("professional", card=card(complete=False))
    assert "ENTRETIEN NON TERMINÉ — toutes les questions posées ont une réponse" in page
    assert "0 question" not in page


def test_change_since_the_previous_session() -> None:
    earlier_answers = dict(TYPICAL, obs_recherche="echec", franceconnect="non")
    earlier = card(earlier_answers, started_at=STARTED - timedelta(days=90))
    now = card()
    page = _page("professional", card=now, previous=earlier)
    assert "Depuis le diagnostic du 31 août 2026 : +" in page
    assert '<th scope="col" class="num">Évolution</th>' in page
    internet = next(d for d in now.domains if d.domain.id == "internet")
    before = next(d for d in earlier.domains if d.domain.id == "internet")
    assert internet.score is not None and before.score is not None
    assert f"+{internet.score - before.score}" in page
    assert "◆ score du diagnostic précédent" in page
    assert '<path class="previous"' in page
    person = _page("person", card=now, previous=earlier)
    assert "Bravo ! Vous avez progressé depuis votre bilan du 31 août 2026." in person


def test_no_progress_message_when_the_score_went_down() -> None:
    better = card(dict(TYPICAL, obs_recherche="seul"), started_at=STARTED - timedelta(days=30))
    person = _page("person", card=card(), previous=better)
    assert "Bravo" not in person
    professional = _page("professional", card=card(), previous=better)
    assert re.search(r"Depuis le diagnostic du [^<]* : −\d+ points? \(score", professional)


def test_chart_at_zero_full_and_not_evaluated() -> None:
    page = render("html", "professional", ReportRequest(hostile_card(), "fr", TODAY))
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    bars = re.findall(r'<rect class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)
    assert bars == ["340.0"]  # 100 % is the full track; 0 % draws no bar
    assert svg.count('class="not-evaluated"') == 1
    assert ">non évalué</text>" in svg
    values = re.findall(r'<text class="value"[^>]*>([^<]*)</text>', svg)
    assert values == ["100", "0", "—"]
    # the text alternative says the same, and the table beside it gives every number
    assert "Dupont [née Martin] : 100 sur 100" in svg
    assert ": non évalué</desc>" in svg
    table = page[page.index("<table") : page.index("</table>")]
    assert '<td class="num">100</td>' in table and '<td class="num">0</td>' in table
    assert '<span class="state">non évalué</span>' in table


def test_an_empty_multiple_choice_says_nothing_was_ticked() -> None:
    page = render("html", "professional", ReportRequest(hostile_card(), "fr", TODAY))
    assert "<td>Aucun choix coché</td>" in page


def test_nothing_evaluated() -> None:
    answers = dict.fromkeys(TYPICAL, DECLINED)
    nothing = card(answers)
    assert nothing.score is None
    professional = _page("professional", card=nothing)
    assert "<small>non évalué</small>" in professional
    person = _page("person", card=nothing)
    assert "Nous n&#39;avons pas assez de réponses pour donner un niveau." in person


def test_css_string_filter_cannot_close_the_string_or_the_style() -> None:
    assert html_report.css_string("BC-7F3K9Q · 1er mai") == "BC-7F3K9Q · 1er mai"
    hostile = html_report.css_string("</style><script>\"x\\\n'&")
    assert not set(hostile) & set("<>\"'&\n")
    assert hostile.startswith("\\3c /style\\3e ")


def test_link_text_and_signed_filters() -> None:
    assert html_report.link_text("https://pix.fr/") == "pix.fr"
    assert html_report.link_text("https://a.fr/b/") == "a.fr/b/"
    assert html_report.signed(3) == "+3"
    assert html_report.signed(-2) == "−2"
    assert html_report.signed(0) == "0"
    assert html_report.signed(None) == "—"


@pytest.mark.parametrize(
    "intruder",
    [
        '<img src="https://tracker.example/p.gif">',
        "<style>@import 'https://cdn.example/x.css';</style>",
        "<style>body { background: url(https://cdn.example/x.png) }</style>",
        '<link rel="stylesheet" href="https://cdn.example/x.css">',
        "<script>fetch('https://x.example')</script>",
        '<svg><image href="https://x.example/a.png"/></svg>',
    ],
)
def test_the_self_containment_check_catches_an_external_resource(intruder: str) -> None:
    page = _page("person").replace("</main>", intruder + "</main>")
    with pytest.raises(AssertionError):
        assert_self_contained(page)


def test_a_small_questionnaire_without_descriptions_or_links() -> None:
    from report_samples import make_sheet

    from bonsclics_cli.questionnaire.catalog import Catalog
    from bonsclics_cli.scoring.rules import score

    found = Catalog(
        [Path(__file__).resolve().parents[1] / "fixtures" / "minimal.toml"], include_bundled=False
    ).find("exemple")
    assert found is not None
    sheet = make_sheet({"smartphone": "non"}, entry_=found, language="en")
    small = score(found.questionnaire, sheet)
    person = render("html", "person", ReportRequest(small, "en", TODAY))
    assert_self_contained(person)
    assert "Needs support" in person and "Step 1 of 2" in person
    assert "A workshop near you." in person
    # nothing to be proud of yet: said kindly
    assert "Today, you took stock of what you do with digital tools." in person
    professional = render("html", "professional", ReportRequest(small, "en", TODAY))
    assert "Do you have a smartphone?" in professional
    assert "Asked only if the answer to “Do you have a smartphone?” is “Yes”." in professional
    assert "Answer given to “Do you have a smartphone?”: No." in professional
    assert "No hands-on task in this interview." in professional
