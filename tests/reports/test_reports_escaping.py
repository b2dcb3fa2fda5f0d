"""Nothing a questionnaire author or a person typed can become markup, a link or a heading."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from report_samples import HOSTILE_TEXT, TYPICAL, card, hostile_card

from bonsclics_cli.reports.registry import AUDIENCES, ReportRequest, render
from bonsclics_cli.reports.view import clean

TODAY = date(2026, 11, 29)

# Raw fragments of the hostile questionnaire and answer that must never reach a report.
RAW_HTML = [
    "<script",
    "<img src=x",
    "<style>body",
    "<marquee>",
    "<em>!</em>",
    "<b>gras</b>",
    "<u>ici</u>",
    "<h1>faux</h1>",
    "</td><script>",
    "<a href='https://evil.example'>",
    '"><script>alert(2)',
    "\x1b",
    "\x07",
    "\u202e",
]


def _html(audience: str, language: str = "fr") -> str:
    return render("html", audience, ReportRequest(hostile_card(language), language, TODAY))


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_html_escapes_every_text(audience: str, language: str) -> None:
    page = _html(audience, language)
    for raw in RAW_HTML:
        assert raw not in page, raw
    assert "&lt;script&gt;alert(" in page
    # the person's page names no step below their own (docs: "a positive path")
    assert ("&lt;marquee&gt;" in page) is (audience == "professional")
    assert "\\u001b" in page  # a control character is shown, never sent to the viewer


def test_html_professional_shows_every_hostile_text_escaped() -> None:
    page = _html("professional")
    assert "Dupont [née Martin]" in page  # square brackets are text, not markup
    assert "=HYPERLINK(&#34;https://evil.example/&#34;,&#34;clic&#34;)" in page
    assert "&lt;img src=x onerror=alert(1)&gt; Avez-vous [un lien](javascript:alert(1)) ?" in page
    assert "Oui &lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;" in page
    assert "&lt;style&gt;body{display:none}&lt;/style&gt;" not in page  # q2 answer is empty
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\\u001b[31m [/bold]" in page
    # the advice link: an attribute value that cannot break out of its quotes
    assert 'href="https://example.org/&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in page


def test_html_chart_texts_are_escaped() -> None:
    page = _html("professional")
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "Dupont [née Martin]" in svg
    assert "# Titre ## &lt;h1&gt;faux&lt;/h1&gt;" in svg
    assert "<h1>" not in svg


def test_html_person_shows_the_text_answer_escaped() -> None:
    page = _html("person")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "=HYPERLINK(&#34;https://evil.example&#34;,&#34;x&#34;)" in page
    assert "Haut &lt;em&gt;!&lt;/em&gt;" in page  # the level title, as text


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_markdown_makes_no_html_link_image_or_heading_from_data(
    audience: str, language: str
) -> None:
    text = render("md", audience, ReportRequest(hostile_card(language), language, TODAY))
    assert not {"\x1b", "\x07", "\u202e"} & set(text)
    # every '<' that remains is an escaped one or the autolink of a checked advice link
    for match in re.finditer("<", text):
        before = text[match.start() - 1] if match.start() else ""
        assert before == "\\" or text.startswith("<https://example.org/", match.start())
    assert not re.search(r"(?<!\\)\]\(", text)  # no unescaped "](": no link syntax survives
    if audience == "professional":
        assert "\\[un lien\\]" in text or "\\[a link\\]" in text
    assert "![" not in text  # no image syntax
    assert "https://evil" not in text  # no bare URL left for an autolinker
    assert "www.evil" not in text
    assert "\\<script\\>" in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert all(not re.search(r"heading|Titre|faux|fake|<", line) for line in headings), headings
    # a table cell cannot be split by data
    for line in text.splitlines():
        if line.startswith("| ") and "Non" in line:
            assert "Non \\| \\*\\*gras\\*\\*" in line


def test_markdown_escapes_the_text_answer() -> None:
    text = render("md", "person", ReportRequest(hostile_card(), "fr", TODAY))
    assert "« \\<script\\>alert('x')\\</script\\>\\\\u001b\\[31m \\[/bold\\]" in text
    assert "Dupont \\[née Martin\\]" in text
    # the answer's newline + '#' did not start a heading
    assert not any(line.startswith("# heading") for line in text.splitlines())


def test_json_keeps_the_raw_text_as_data() -> None:
    text = render("json", "professional", ReportRequest(hostile_card(), "fr", TODAY, file="a"))
    document = json.loads(text)
    answer = next(item for item in document["answers"] if item["id"] == "libre")
    assert answer["value"] == HOSTILE_TEXT
    assert "\x1b" not in text  # JSON escapes control characters (\u001b)
    assert "\u202e" not in text and "\\u202e" in text  # and here, bidi overrides too


class _Quote(HTMLParser):
    """The text of the person's own words, as a browser would read it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.text = ""
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.inside:
            self.tags.append(tag)
        if ("class", "quote") in attrs:
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "span"}:
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(str.strip))
# A text that spells an answer state is still a text.
@example("declined")
@example("dont_know")
def test_any_text_answer_reaches_the_page_as_text(text: str) -> None:
    answers = dict(TYPICAL, envie_apprendre=text)
    page = render("html", "person", ReportRequest(card(answers), "fr", TODAY))
    quote = _Quote()
    quote.feed(page)
    assert quote.tags == []  # no element came from the answer
    # whole, or cut at a word when too long for the one page, spaces joined
    said = " ".join(clean(text).split())
    assert quote.text == said or (quote.text.endswith("…") and said.startswith(quote.text[:-1]))
