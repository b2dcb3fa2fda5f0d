"""The HTML reports in a real browser: headless Chromium prints them to PDF and PNG.

Skips only when Chromium or poppler-utils are missing (``.ci/run`` installs them).
Set ``BONSCLICS_REPORT_SHOTS=/some/folder`` to keep the PDFs and PNGs for a look.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from printing import CHROMIUM, chromium, pdf_pages, pdf_text, print_pdf
from report_samples import BEGINNER, DECLINED, STARTED, TYPICAL, card

from bonsclics_cli.reports.html_report import shortened
from bonsclics_cli.reports.person_page import page_words
from bonsclics_cli.reports.registry import ReportRequest, render
from bonsclics_cli.reports.view import build_view

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="poppler-utils (pdftotext, pdfinfo) is not installed",
    ),
    pytest.mark.timeout(180),
    pytest.mark.slow,  # a real browser: seconds per page
]
TODAY = date(2026, 12, 1)


def _print(page: Path) -> tuple[Path, list[str]]:
    """Print ``page`` to PDF; return it and the URLs the page itself asked for."""
    netlog = page.with_suffix(".netlog.json")
    pdf = print_pdf(page, f"--log-net-log={netlog}")
    return pdf, _page_requests(netlog)


def _page_requests(netlog: Path) -> list[str]:
    """Network requests started by the page (Chromium's own have no origin)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requested = []
    for event in log["events"]:
        params = event.get("params") or {}
        url = params.get("url", "")
        if event["type"] != start or not url or params.get("initiator") == "not an origin":
            continue
        if not url.startswith(("file:", "data:")):
            requested.append(url)
    return requested


def _screenshot(page: Path, width: int) -> Path:
    png = page.with_suffix(".png")
    chromium(
        page,
        page.parent / f"profile-shot-{page.stem}",
        f"--screenshot={png}",
        f"--window-size={width},2200",
        "--hide-scrollbars",
    )
    return png


def _text(pdf: Path) -> str:
    return _flat(pdf_text(pdf))


def _loose(text: str) -> str:
    return re.sub(r"[\s\-\u2010]", "", _flat(text))


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


def _keep(*files: Path) -> None:
    folder = os.environ.get("BONSCLICS_REPORT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for file in files:
            shutil.copy(file, Path(folder) / file.name)


PERSONS = {
    "typical-fr": (TYPICAL, "fr", True, None),
    "typical-en": (TYPICAL, "en", True, None),
    # the longest: most advice for the person, a long text answer, unfinished, progress
    "beginner-fr": (BEGINNER, "fr", False, dict(BEGINNER, probleme_technique="de_cote")),
    "beginner-en": (BEGINNER, "en", False, dict(BEGINNER, probleme_technique="de_cote")),
}


@pytest.mark.parametrize("name", PERSONS)
def test_person_report_prints_on_one_a4_page_with_all_its_text(tmp_path: Path, name: str) -> None:
    answers, language, complete, earlier = PERSONS[name]
    this = card(answers, language=language, complete=complete)
    previous = (
        card(earlier, language=language, started_at=STARTED - timedelta(days=60))
        if earlier
        else None
    )
    request = ReportRequest(this, language, TODAY, previous=previous)
    page = tmp_path / f"person-{name}.html"
    page.write_text(render("html", "person", request), encoding="utf-8")

    pdf, requests = _print(page)
    png = _screenshot(page, 820)
    _keep(pdf, png)

    assert requests == []
    assert pdf_pages(pdf) == 1
    text = _text(pdf)
    view = build_view(this, language=language, generated_on=TODAY, previous=previous)
    expected = [
        view.words.person_title,
        view.words.person_date.format(date=view.day),
        view.person,
        *view.can_do,
        *(shortened(item.text) for item in view.own_words[:1]),
        *(step.text for step in view.next_steps),
        *(step.link.removeprefix("https://").rstrip("/") for step in view.next_steps if step.link),
        page_words(language).keep,
    ]
    if complete:
        expected += [view.level or "", view.level_description or ""]
    else:
        expected.append(view.words.unfinished_person)
    if earlier is not None:
        assert view.improved and view.previous
        expected.append(view.words.improved.format(date=view.previous.day))
    # lines may break at a hyphen ("e-|mail"): compared without spaces and hyphens
    loose = _loose(text)
    missing = [item for item in expected if _loose(item) not in loose]
    assert missing == []
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize("language", ["fr", "en"])
def test_professional_report_prints_with_its_chart_and_nothing_from_the_network(
    tmp_path: Path, language: str
) -> None:
    earlier = card(dict(TYPICAL, obs_recherche="echec"), started_at=STARTED - timedelta(days=60))
    this = card(dict(TYPICAL, probleme_technique=DECLINED), language=language, complete=False)
    request = ReportRequest(this, language, TODAY, previous=earlier)
    page = tmp_path / f"professional-{language}.html"
    page.write_text(render("html", "professional", request), encoding="utf-8")

    pdf, requests = _print(page)
    png = _screenshot(page, 1000)
    _keep(pdf, png)

    assert requests == []
    text = _text(pdf)
    view = build_view(this, language=language, generated_on=TODAY, previous=earlier)
    for domain in view.domains:
        assert _flat(domain.title) in text
    assert view.words.unfinished in text
    assert view.questionnaire_sha256 in text
    assert _flat(view.words.declined) in text
    # the chart's own texts are drawn (SVG text is real text in the PDF)
    assert _flat(view.words.chart_previous) in text
    pages = pdf_pages(pdf)
    assert pages >= 2
    # every printed page says whose report it is, and which page of how many
    footer = _flat(f"{view.person} · {view.words.professional_title} · {view.day}")
    assert text.count(footer) == pages
    assert re.search(rf"\b1 ?/ ?{pages}\b", text) and re.search(rf"\b{pages} ?/ ?{pages}\b", text)


def test_the_network_check_sees_a_request_when_there_is_one(tmp_path: Path) -> None:
    """Guard for the check above: without the CSP, an image address is requested."""
    html = render("html", "person", ReportRequest(card(), "fr", TODAY))
    html = html.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x"')
    html = html.replace("</main>", '<img src="https://example.invalid/pixel.png" alt=""></main>')
    page = tmp_path / "leaky.html"
    page.write_text(html, encoding="utf-8")
    _, requests = _print(page)
    assert requests == ["https://example.invalid/pixel.png"]


def test_the_csp_alone_blocks_an_injected_resource(tmp_path: Path) -> None:
    html = render("html", "person", ReportRequest(card(), "fr", TODAY))
    html = html.replace("</main>", '<img src="https://example.invalid/pixel.png" alt=""></main>')
    page = tmp_path / "guarded.html"
    page.write_text(html, encoding="utf-8")
    _, requests = _print(page)
    assert requests == []
