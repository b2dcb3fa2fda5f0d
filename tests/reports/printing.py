"""Pages printed as a person would print them: headless Chromium, cut off from the network,
and poppler's pdfinfo and pdftotext to read what came out. Shared by the browser tests."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(page: Path, profile: Path, *arguments: str) -> None:
    """Run headless Chromium on ``page`` with its own ``profile`` folder."""
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            # nothing can reach the network, whatever is asked for (it is still logged)
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            *arguments,
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )


def print_pdf(page: Path, *arguments: str) -> Path:
    """``page`` printed to the PDF beside it, with no header or footer of the browser's."""
    pdf = page.with_suffix(".pdf")
    profile = page.parent / f"profile-{page.stem}"
    chromium(page, profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", *arguments)
    return pdf


def pdf_pages(pdf: Path) -> int:
    info = _poppler("pdfinfo", str(pdf))
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The text of ``pdf``, or of one of its pages, as pdftotext reads it."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _poppler("pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-")


def smallest_word(pdf: Path) -> float:
    """The height of the smallest word box printed, in points (ascent + descent: 1.16 em
    in DejaVu Sans, the fallback font)."""
    boxes = _poppler("pdftotext", "-bbox", str(pdf), "-")
    heights = [
        float(bottom) - float(top)
        for top, bottom in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', boxes)
    ]
    assert heights, f"no word printed in {pdf}"
    return min(heights)


def _poppler(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout
