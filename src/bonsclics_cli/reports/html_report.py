"""HTML reports: one self-contained file each (inline CSS and SVG, no script, a strict CSP).

Jinja2 escapes every value (autoescape); the templates live in ``templates/``
and install with the package.
"""

from __future__ import annotations

from functools import cache

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
)
from markupsafe import Markup

from bonsclics_cli.questionnaire.cache import private_subfolder
from bonsclics_cli.reports.charts import domain_bars
from bonsclics_cli.reports.view import ReportView


def link_text(url: str) -> str:
    """An address as a person would copy it from paper: no ``https://``, no trailing ``/``."""
    text = url.removeprefix("https://").removeprefix("http://")
    return text[:-1] if text.endswith("/") and text.count("/") == 1 else text


def signed(change: int | None) -> str:
    """``+5``, ``−3`` (a real minus sign), ``0``, or ``—`` when there is nothing to compare."""
    if change is None:
        return "—"
    return f"+{change}" if change > 0 else f"−{-change}" if change < 0 else "0"


def css_string(text: str) -> str:
    """``text`` for the inside of a double-quoted CSS string: only letters, digits, spaces
    and plain punctuation stay; anything else becomes a CSS escape (``\\3c ``)."""
    return "".join(
        char if char.isalnum() or char in " .,:;!?()-_/·" else f"\\{ord(char):x} " for char in text
    )


OWN_WORDS = 160  # the person's words on their page: two printed lines at 14 pt
SYNTHESIS_ORIENTATION = 5  # pieces of orientation on the synthesis page; all in the annex
SYNTHESIS_HELD = 400  # characters of unmet requirements the synthesis says in full


def shortened(text: str, limit: int = OWN_WORDS) -> str:
    """``text`` whole when it holds on the page, else cut at a word and marked with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def first_sentence(text: str) -> str:
    """The first sentence of an advice, for the synthesis (the annex has it whole)."""
    for index, char in enumerate(text):
        if char in ".!?" and (index + 1 == len(text) or text[index + 1] == " ") and index > 20:
            return text[: index + 1]
    return text


@cache
def qr_svg(url: str) -> Markup:
    """A QR code of ``url`` as inline SVG (no size: the page's CSS sets it).

    Only the modules are drawn: the address is in no attribute or text, so nothing
    from the questionnaire is ever markup.
    """
    import segno

    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=1, border=2, omitsize=True, dark="#000"))  # noqa: S704


def _bytecode_cache() -> BytecodeCache | None:
    """The templates compiled once, not at every report (named by each template's source,
    so an edited template is compiled again); None when the private cache is off."""
    folder = private_subfolder("templates")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None


@cache
def environment() -> Environment:
    """The reports' Jinja environment (every template of ``reports/templates``), made once."""
    made = Environment(
        loader=PackageLoader("bonsclics_cli.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
    )
    made.filters["link_text"] = link_text
    made.filters["signed"] = signed
    made.filters["css_string"] = css_string
    made.filters["qr"] = qr_svg
    made.filters["first_sentence"] = first_sentence
    made.filters["shortened"] = shortened
    return made


def person(view: ReportView) -> str:
    """The person's report: plain words, large type, one A4 page."""
    from bonsclics_cli.reports.person_page import page_words

    return (
        environment()
        .get_template("person.html.j2")
        .render(v=view, w=view.words, p=page_words(view.language))
    )


def professional(view: ReportView) -> str:
    """The professional's report: a one-page synthesis, then scores, chart, every answer,
    orientation and traceability as its annex."""
    thresholds = sorted({step.minimum for step in view.steps})
    from bonsclics_cli.reports.person_page import more_in_annex, page_words

    chart = domain_bars(view.domains, thresholds, view.words, "domains-chart")
    # The synthesis holds on one page: the first pieces of orientation, the rest counted;
    # requirements too long to say there are said in the annex.
    orientation = [a for a in view.advice_professional if a.audience == "professional"]
    shown = orientation[:SYNTHESIS_ORIENTATION]
    more = len(orientation) - len(shown)
    return (
        environment()
        .get_template("professional.html.j2")
        .render(
            v=view,
            w=view.words,
            chart=chart,
            p=page_words(view.language),
            orientation=shown,
            orientation_more=more_in_annex(more, view.language) if more else None,
            held_in_full=view.held is not None
            and sum(len(because) for because, _ in view.held.reasons) <= SYNTHESIS_HELD,
        )
    )
