"""One A4 page for the person, a one-page synthesis for the professional: measured.

The three profiles of the default questionnaire (a person far from digital tools, one in
the middle, one at ease), in French and English, with a structure's profile, printed by
headless Chromium and by WeasyPrint (the 'pdf' extra). ``.ci/run`` installs both; each
skips only when it is missing. ``BONSCLICS_REPORT_SHOTS=/folder`` keeps PDFs and PNGs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from printing import CHROMIUM, pdf_pages, pdf_text, print_pdf, smallest_word
from profiles import PROFILES, long_structure, profile_card, structure

from bonsclics_cli.reports.page_fit import ROOM, page_height
from bonsclics_cli.reports.registry import ReportRequest, render
from bonsclics_cli.reports.view import build_view

POPPLER = shutil.which("pdfinfo") is not None and shutil.which("pdftotext") is not None
pytestmark = [
    pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdfinfo, pdftotext) is not installed"),
    pytest.mark.timeout(180),
    pytest.mark.slow,
]
TODAY = date(2026, 12, 1)
CASES = [(name, language) for name in PROFILES for language in ("fr", "en")]
# pdftotext's word boxes are ascent + descent high: 1.16 em in DejaVu Sans (the fallback
# font); 14 pt text gives 16.3 pt boxes, 13 pt gives 15.1 pt.
SMALLEST_BOX = 14 * 1.1


# The professional's note at its longest (500 characters) and an appointment.
NOTE = ("Madame a une démarche de retraite urgente; elle a peur de se tromper. " * 8)[:500]
APPOINTMENT = "Mardi 8 décembre 2026 à 14 h, bureau 4, avec Mme Martin"


def _page(name: str, language: str, audience: str = "person") -> str:
    from bonsclics_cli.answers.notes import APPOINTMENT_KEY, NOTE_KEY
    from bonsclics_cli.scoring.rules import score

    extra = {NOTE_KEY: NOTE, APPOINTMENT_KEY: APPOINTMENT}
    card = profile_card(name, language)
    card = score(card.questionnaire, card.sheet.model_copy(update=extra))
    request = ReportRequest(card, language, TODAY, structure=structure())
    return render("html", audience, request)


def _chromium_pdf(html: str, folder: Path, stem: str) -> Path:
    page = folder / f"{stem}.html"
    page.write_text(html, encoding="utf-8")
    return print_pdf(page)


def _weasyprint_pdf(html: str, folder: Path, stem: str) -> Path:
    from bonsclics_cli.reports.pdf import html_to_pdf

    pdf = folder / f"{stem}.weasyprint.pdf"
    pdf.write_bytes(html_to_pdf(html))
    return pdf


def _text(pdf: Path, page: int | None = None) -> str:
    return _flat(pdf_text(pdf, page))


def _loose(text: str) -> str:
    return re.sub(r"[\s\-\u2010]", "", _flat(text))


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


def _keep(pdf: Path) -> None:
    folder = os.environ.get("BONSCLICS_REPORT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, Path(folder) / pdf.name)
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(Path(folder) / pdf.stem)],
            check=False,
            capture_output=True,
        )


def _expected(name: str, language: str) -> list[str]:
    """What the person's page must say, wherever the lines break."""
    card = profile_card(name, language)
    view = build_view(card, language=language, generated_on=TODAY, structure=structure())
    assert view.structure is not None
    texts = [view.words.person_title, view.person, view.level or "", *view.page_can_do]
    for step in view.page_steps:
        texts.append(step.text)
        if step.offer:
            texts += [step.offer.title, step.offer.place, step.offer.when, step.offer.contact]
    return [*texts, view.structure.name, view.structure.phone]


def _check_person_page(pdf: Path, name: str, language: str) -> None:
    assert pdf_pages(pdf) == 1
    text = _text(pdf)
    # lines may break at a hyphen ("e-|mail"): compared without spaces and hyphens
    loose = _loose(text)
    assert [item for item in _expected(name, language) if _loose(item) not in loose] == []
    assert smallest_word(pdf) >= SMALLEST_BOX  # nothing printed below 14 pt


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize(("name", "language"), CASES)
def test_the_person_page_is_one_a4_page_in_chromium(
    tmp_path: Path, name: str, language: str
) -> None:
    pdf = _chromium_pdf(_page(name, language), tmp_path, f"person-{name}-{language}")
    _keep(pdf)
    _check_person_page(pdf, name, language)


@pytest.mark.parametrize(("name", "language"), CASES)
def test_the_person_page_is_one_a4_page_with_the_pdf_extra(
    tmp_path: Path, name: str, language: str
) -> None:
    _need_weasyprint()
    pdf = _weasyprint_pdf(_page(name, language), tmp_path, f"person-{name}-{language}")
    _keep(pdf)
    _check_person_page(pdf, name, language)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize(("name", "language"), CASES)
def test_the_professional_report_opens_with_a_one_page_synthesis(
    tmp_path: Path, name: str, language: str
) -> None:
    html = _page(name, language, "professional")
    pdf = _chromium_pdf(html, tmp_path, f"professional-{name}-{language}")
    _keep(pdf)
    first, second = _text(pdf, 1), _text(pdf, 2)
    synthesis, annex = ("Synthèse", "Annexe") if language == "fr" else ("Synthesis", "Annex")
    assert synthesis in first and annex not in first
    assert second.startswith(annex)
    view = build_view(
        profile_card(name, language), language=language, generated_on=TODAY, structure=structure()
    )
    loose = _loose(first)
    for step in view.next_steps:  # the three priorities are on the first page
        assert _loose(step.text) in loose
    assert _loose(NOTE) in loose and _loose(APPOINTMENT) in loose


def _longest_page(name: str, language: str) -> tuple[str, list[str]]:
    """The page with the longest offers the format allows, and what it must still say:
    its first step and offer, and the structure's contact."""
    card, the_structure = profile_card(name, language), long_structure()
    view = build_view(card, language=language, generated_on=TODAY, structure=the_structure)
    assert page_height(view, view.page_can_do, view.page_steps) <= ROOM
    first = view.page_steps[0]
    assert view.structure is not None and first.offer is not None
    must = [first.text, first.offer.title, first.offer.place, view.structure.phone]
    request = ReportRequest(card, language, TODAY, structure=the_structure)
    return render("html", "person", request), must


def _check_longest(pdf: Path, must: list[str]) -> None:
    assert pdf_pages(pdf) == 1
    loose = _loose(_text(pdf))
    assert [item for item in must if _loose(item) not in loose] == []
    assert smallest_word(pdf) >= SMALLEST_BOX


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize(("name", "language"), CASES)
def test_the_longest_offers_still_give_one_page_in_chromium(
    tmp_path: Path, name: str, language: str
) -> None:
    html, must = _longest_page(name, language)
    pdf = _chromium_pdf(html, tmp_path, f"person-longest-{name}-{language}")
    _keep(pdf)
    _check_longest(pdf, must)


@pytest.mark.parametrize(("name", "language"), CASES)
def test_the_longest_offers_still_give_one_page_with_the_pdf_extra(
    tmp_path: Path, name: str, language: str
) -> None:
    _need_weasyprint()
    html, must = _longest_page(name, language)
    pdf = _weasyprint_pdf(html, tmp_path, f"person-longest-{name}-{language}")
    _keep(pdf)
    _check_longest(pdf, must)


LONG_WORD = "https://www.exemple.fr/inscription?code=" + "AZERTYUIOP" * 12  # nowhere to wrap


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize("audience", ["person", "professional"])
def test_a_word_longer_than_a_line_breaks_and_the_page_keeps_its_size(
    tmp_path: Path, audience: str
) -> None:
    # A browser prints a page wider than the sheet shrunk to fit: 14 pt would become 9.
    from profiles import profile_sheet

    from bonsclics_cli.scoring.rules import score

    sheet = profile_sheet("middle", "fr")
    answers = dict(sheet.answers)
    answers["envie_apprendre"] = answers["envie_apprendre"].model_copy(update={"value": LONG_WORD})
    card = score(
        profile_card("middle").questionnaire, sheet.model_copy(update={"answers": answers})
    )
    request = ReportRequest(card, "fr", TODAY, structure=structure())
    pdf = _chromium_pdf(render("html", audience, request), tmp_path, f"long-word-{audience}")
    _keep(pdf)
    if audience == "person":
        assert pdf_pages(pdf) == 1
        assert smallest_word(pdf) >= SMALLEST_BOX
    else:
        assert smallest_word(pdf) >= 7  # the footer's 8 pt, not shrunk further
    assert "AZERTYUIOP" * 2 in _loose(_text(pdf))  # printed, in pieces


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
@pytest.mark.parametrize(("name", "language"), CASES)
def test_the_synthesis_holds_on_its_page_with_the_longest_offers(
    tmp_path: Path, name: str, language: str, engine: str
) -> None:
    from bonsclics_cli.answers.notes import APPOINTMENT_KEY, NOTE_KEY
    from bonsclics_cli.scoring.rules import score

    if engine == "chromium" and CHROMIUM is None:
        pytest.skip("chromium is not installed")
    if engine == "weasyprint":
        _need_weasyprint()
    card = profile_card(name, language)
    extra = {NOTE_KEY: NOTE, APPOINTMENT_KEY: APPOINTMENT}
    card = score(card.questionnaire, card.sheet.model_copy(update=extra))
    request = ReportRequest(card, language, TODAY, structure=long_structure())
    html = render("html", "professional", request)
    print_pdf = _chromium_pdf if engine == "chromium" else _weasyprint_pdf
    pdf = print_pdf(html, tmp_path, f"synthesis-{name}-{language}")
    _keep(pdf)
    annex = "Annexe" if language == "fr" else "Annex"
    assert _text(pdf, 2).startswith(annex)  # the synthesis, note included, is page 1
    assert _loose(NOTE) in _loose(_text(pdf, 1))


def _need_weasyprint() -> None:
    """Skip unless the 'pdf' extra works here (WeasyPrint and its Pango library)."""
    from bonsclics_cli.reports.pdf import PdfUnavailableError, check_pdf

    try:
        check_pdf()
    except PdfUnavailableError as exc:
        pytest.skip(str(exc))
