"""The person's page holds on one A4 sheet: an estimate of its printed height, and what
gives way when it would not fit.

The page prints at 14 pt, nothing smaller, so its room is fixed: about 47 lines of body
text on A4 within its margins (``person.html.j2``'s print measures). Three next steps,
each with a local offer of four lines, three things the person can do and their own
words can take more. A second sheet would carry the structure's contact away from the
rest, and is easily lost. So the page (``ReportView.page_can_do`` and ``page_steps``)
drops, in this order, its third thing the person can do, its third step, its second
thing, then its second step, until the estimate fits; then it takes back the things the
person can do that the room left by a dropped step holds. The page always keeps its
first step. What it drops stays in the professional's report: its priorities name every
step; what the person was handed names the page's offers.

The estimate counts lines as a wide sans-serif (DejaVu Sans, the usual fallback) lays
them out, with a margin for its error measured against Chromium (docs/architecture.md);
``tests/reports/test_reports_pages.py`` prints the longest pages in Chromium and
WeasyPrint.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from bonsclics_cli.reports.person_page import NextStep, OfferLines, PageWords, page_words

if TYPE_CHECKING:
    from bonsclics_cli.reports.view import ReportView

PAGE_LINES = 47.4
"""Body lines (14 pt, line height 1.2: 16.8 pt) between the 8 mm margins of A4."""

ROOM = PAGE_LINES - 1.6
"""What the estimate may fill: a margin for its error, which was at most 1.1 lines too
short against 180 random pages printed by Chromium (each of them then held on one sheet
in Chromium and in WeasyPrint)."""

# Characters on one line, by how far the line is indented (from the page's measures).
_FULL = 70  # across the page
_STEP = 64  # a step's text, beside its number
_OFFER = 57  # a line in an offer's box, beside its pictogram
_HEADING = 1.8  # a section's title with its margins and rule
_QR_LINES = 3.6  # a QR code's height, 2.1 cm
_QR_WIDTH = 6  # the characters a QR code takes from the lines beside it


def lines_of(text: str, width: int) -> int:
    """Lines that ``text`` takes at ``width`` characters a line, wrapped at words; a word
    longer than a line breaks where the line ends (``overflow-wrap``)."""
    if not text:
        return 0
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) <= width:
            used += 1 + len(word)
            continue
        if used:  # the word starts a new line
            lines += 1
        full, used = divmod(len(word), width)
        if used == 0:  # it ends a line exactly
            full, used = full - 1, width
        lines += full
    return lines


def _path_boxes(view: ReportView) -> list[float]:
    """The widths of the level path's boxes, in characters: a dot for each step behind,
    the person's step in bold, an arrow and a title for each step ahead."""
    widths: list[float] = []
    for index, step in enumerate(view.steps, start=1):
        if view.step is not None and index < view.step:
            widths.append(1.5)
        elif step.current:
            widths.append(1.1 * len(f"{step.title} · {view.words.you_are_here}") + 3)
        else:
            widths.append(len(f"→ {step.title}") + 3)
    return widths


def _rows(widths: list[float], room: int) -> int:
    """Rows that boxes of ``widths`` fill, side by side, when a box never breaks."""
    rows, used = (1, 0.0) if widths else (0, 0.0)
    for width in widths:
        if used and used + 1 + width > room:
            rows, used = rows + 1, width
        else:
            used += width + (1 if used else 0)
    return rows


def offer_height(offer: OfferLines, words: PageWords) -> float:
    """An offer's box: its title, each detail given, its link; at least its QR code, which
    narrows the lines beside it."""
    texts = [(offer.title, _OFFER - 4)]  # bold
    texts += [(f"{label} {value}", _OFFER - 2) for label, value in offer.details(words)]
    lines: float = 0
    for text, width in texts:
        beside_qr = offer.link is not None and lines < _QR_LINES
        lines += lines_of(text, width - (_QR_WIDTH if beside_qr else 0))
    if offer.link:
        lines = max(lines + 1, _QR_LINES)
    return lines + 0.3  # its padding


def step_height(step: NextStep, words: PageWords) -> float:
    """A step: its text (beside a QR code when it has a link and no offer), its offer."""
    beside_qr = bool(step.link and not step.offer)
    lines: float = lines_of(step.text, _STEP - (_QR_WIDTH if beside_qr else 0))
    if beside_qr:
        lines = max(lines + 1, _QR_LINES)
    if step.offer is not None:
        lines += offer_height(step.offer, words) + 0.15
    return lines + 0.25  # the space before the next step


def page_height(view: ReportView, can_do: tuple[str, ...], steps: tuple[NextStep, ...]) -> float:
    """The person's page, in body lines, as ``person.html.j2`` prints it."""
    w, p = view.words, page_words(view.language)
    reference = f"{w.person_reference} {view.person}"
    if not view.generated_is_session_day:
        reference += f" · {w.printed_on.format(date=view.generated_on)}"
    height: float = lines_of(reference, _FULL)
    # The title (20 pt, bold: about 1.6 times as wide a character) with the date beside it,
    # or under it when both do not hold on one line.
    title = 1.6 * len(w.person_title) + 1.1 * len(w.person_date.format(date=view.day)) + 2
    height += 1.5 if title <= _FULL else 2.6
    height += lines_of(p.intro, _FULL) + 0.3
    if view.improved and view.previous is not None:
        height += lines_of(w.improved.format(date=view.previous.day), _FULL - 2) + 0.6
    # The level: its path of steps (rounded boxes, a line and a half each row), or a text.
    height += _HEADING
    if view.complete and view.level:
        height += 1.4 * _rows(_path_boxes(view), _FULL)
        height += lines_of(view.level_description or "", _FULL) + 0.2
    else:
        height += lines_of(w.unfinished_person if not view.complete else w.no_level, _FULL) + 1
    height += _HEADING + sum(lines_of(sentence, _FULL - 3) + 0.15 for sentence in can_do)
    height += _HEADING
    height += sum(step_height(step, p) for step in steps) if steps else 1
    if view.own_words:
        wish = f"{p.wish} {w.open_quote}{view.own_words[0].text}{w.close_quote}"
        height += min(lines_of(wish, _FULL), 3)
    # The contact, under its rule: name and phone, address and hours, "keep this page".
    height += 0.7
    if view.structure is not None:
        s = view.structure
        height += lines_of(f"{p.contact} {s.name} · {s.phone}", _FULL - 5)
        place = " · ".join(part for part in (s.address, s.hours) if part)
        height += lines_of(place, _FULL - 3)
    else:
        height += lines_of(p.contact_none, _FULL - 3)
    return height + lines_of(p.keep, _FULL) + 0.4


def fit_person_page(view: ReportView) -> ReportView:
    """``view`` with the things the person can do and the next steps its printed page holds
    (at least one of each), dropped in the order the module's docstring gives."""
    can_do, steps = view.can_do, view.next_steps
    cuts = (("can_do", 2), ("steps", 2), ("can_do", 1), ("steps", 1))
    for part, keep in cuts:
        if page_height(view, can_do, steps) <= ROOM:
            break
        if part == "can_do":
            can_do = can_do[:keep]
        else:
            steps = steps[:keep]
    # A step dropped may leave room for things the person can do dropped before it.
    while len(can_do) < len(view.can_do):
        more = view.can_do[: len(can_do) + 1]
        if page_height(view, more, steps) > ROOM:
            break
        can_do = more
    return dataclasses.replace(view, page_can_do=can_do, page_steps=steps)
