"""The paper form in a real browser: headless Chromium prints it; its pages, text and type.

Skips only when Chromium or poppler-utils are missing (``.ci/run`` installs them).
Set ``BONSCLICS_REPORT_SHOTS=/some/folder`` to keep the PDFs and a PNG of each page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from printing import CHROMIUM, pdf_pages, pdf_text, print_pdf, smallest_word

from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.reports.paper import paper_form, render_paper

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
    pytest.mark.skipif(
        any(shutil.which(tool) is None for tool in ("pdftotext", "pdfinfo", "pdftoppm")),
        reason="poppler-utils (pdftotext, pdfinfo, pdftoppm) is not installed",
    ),
    pytest.mark.timeout(180),
    pytest.mark.slow,  # a real browser: seconds per page
]

# (questionnaire, language): the most pages its A4 form may take
FORMS = {
    ("reperage-rapide", "fr"): 2,
    ("reperage-rapide", "en"): 2,
    ("autonomie-numerique", "fr"): 8,
    ("autonomie-numerique", "en"): 8,
}
# DejaVu Sans, the fallback font here, draws a glyph box 1.164 em high: 12 pt text gives
# boxes about 14 pt high, 11 pt text under 12.9 pt.
SMALLEST_BOX = 12 * 1.1


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


def _flat(text: str) -> str:
    """Text to compare: no spaces, and no hyphens (pdftotext drops the hyphen of a word
    such as « faites-vous » cut at the end of a line, taking it for hyphenation)."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("-", "")
    return "".join(text.split())


@pytest.mark.parametrize(("questionnaire", "language"), list(FORMS))
def test_the_form_prints_on_few_pages_with_every_question_in_large_type(
    tmp_path: Path, questionnaire: str, language: str
) -> None:
    entry = Catalog().resolve(questionnaire)
    form = paper_form(entry.questionnaire, entry.sha256, language)
    page = tmp_path / f"paper-{questionnaire}-{language}.html"
    page.write_text(render_paper(form), encoding="utf-8")
    pdf = print_pdf(page)

    assert 1 <= pdf_pages(pdf) <= FORMS[(questionnaire, language)]

    text = _flat(pdf_text(pdf))
    expected = [
        form.title,
        form.words["person_id"],
        form.words["consent"],
        form.words["end"],
        *(q.prompt for q in form.questions),
        *(label for q in form.questions for label in q.options),
        *(line for q in form.questions for line in q.go_to),
        *(q.only_if for q in form.questions if q.only_if),
    ]
    missing = [item for item in expected if _flat(item) not in text]
    assert missing == []

    # no text under 12 pt: the height of every word's box on the printed pages
    assert smallest_word(pdf) >= SMALLEST_BOX

    folder = os.environ.get("BONSCLICS_REPORT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, Path(folder) / pdf.name)
        _run("pdftoppm", "-r", "60", "-png", str(pdf), str(Path(folder) / pdf.stem))
