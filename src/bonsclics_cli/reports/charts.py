"""Charts as inline SVG: no script, no external resource, every text escaped.

Each chart carries its own text alternative (``<title>`` and ``<desc>``), and
the reports print the same numbers in a table beside it, so nothing is said by
colour or shape alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from bonsclics_cli.reports.explain import short
from bonsclics_cli.reports.view import DomainLine
from bonsclics_cli.reports.wording import Words

WIDTH = 680
LABEL_WIDTH = 250
BAR_X = 262
BAR_WIDTH = 340
VALUE_X = WIDTH - 8
ROW = 30
BAR_HEIGHT = 16
TOP = 26
LABEL_CHARS = 34


def _x(score: float) -> float:
    return BAR_X + BAR_WIDTH * max(0.0, min(score, 100.0)) / 100


def domain_bars(
    domains: Sequence[DomainLine], thresholds: Sequence[int], words: Words, chart_id: str
) -> Markup:
    """Horizontal bars, one per domain, 0 to 100, with the level thresholds marked."""
    height = TOP + ROW * len(domains) + 8
    has_previous = any(d.previous is not None and d.evaluated for d in domains)
    if has_previous:
        height += 22
    summary = "; ".join(
        words.chart_summary.format(
            domain=d.title,
            score=f"{d.score} {words.out_of_100} ({d.level})"
            if d.evaluated
            else words.not_evaluated,
        )
        for d in domains
    )
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(words.chart_title)}</title>',
        f'<desc id="{chart_id}-d">{escape(summary)}</desc>',
    ]
    for mark in [0, *sorted(t for t in thresholds if 0 < t < 100), 100]:
        x = _x(mark)
        parts.append(
            f'<line class="tick" x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" '
            f'y2="{TOP + ROW * len(domains) - 6}"/>'
            f'<text class="tick-label" x="{x:.1f}" y="{TOP - 10}" text-anchor="middle">'
            f"{mark}</text>"
        )
    for index, domain in enumerate(domains):
        y = TOP + ROW * index
        label = escape(short(domain.title, LABEL_CHARS))
        parts.append(
            f'<text class="label" x="{LABEL_WIDTH}" y="{y + BAR_HEIGHT - 3}" '
            f'text-anchor="end">{label}</text>'
            f'<rect class="track" x="{BAR_X}" y="{y}" width="{BAR_WIDTH}" '
            f'height="{BAR_HEIGHT}" rx="3"/>'
        )
        if domain.score is None:
            parts.append(
                f'<rect class="not-evaluated" x="{BAR_X}" y="{y}" width="{BAR_WIDTH}" '
                f'height="{BAR_HEIGHT}" rx="3"/>'
                f'<text class="note" x="{BAR_X + 8}" y="{y + BAR_HEIGHT - 4}">'
                f"{escape(words.not_evaluated)}</text>"
                f'<text class="value" x="{VALUE_X}" y="{y + BAR_HEIGHT - 3}" '
                'text-anchor="end">—</text>'
            )
            continue
        width = _x(domain.score) - BAR_X
        if width > 0:
            parts.append(
                f'<rect class="bar" x="{BAR_X}" y="{y}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" rx="3"/>'
            )
        if domain.previous is not None:
            px, cy = _x(domain.previous), y + BAR_HEIGHT / 2
            parts.append(f'<path class="previous" d="M{px:.1f} {cy - 7:.1f} l6 7 l-6 7 l-6 -7 z"/>')
        parts.append(
            f'<text class="value" x="{VALUE_X}" y="{y + BAR_HEIGHT - 3}" '
            f'text-anchor="end">{domain.score}</text>'
        )
    if has_previous:
        y = TOP + ROW * len(domains) + 10
        parts.append(
            f'<text class="note" x="{BAR_X}" y="{y}">{escape(words.chart_previous)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above went through html.escape
