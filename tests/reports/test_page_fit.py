"""The person's page holds on one sheet: what gives way, in which order, and what never does.

The estimate itself is checked against real printing in ``test_reports_pages.py``.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import cast

import pytest
from markupsafe import escape
from profiles import PROFILES, long_structure, profile_card, structure

from bonsclics_cli.reports.html_report import person, professional
from bonsclics_cli.reports.page_fit import ROOM, lines_of, page_height
from bonsclics_cli.reports.person_page import can_do, next_steps, page_words
from bonsclics_cli.reports.view import build_view

TODAY = date(2026, 12, 1)
CASES = [(name, language) for name in PROFILES for language in ("fr", "en")]


def test_lines_wrap_at_words_and_a_long_word_takes_its_own_line() -> None:
    assert lines_of("", 10) == 0
    assert lines_of("un deux trois", 13) == 1
    assert lines_of("un deux trois", 12) == 2
    assert lines_of("anticonstitutionnellement et", 30) == 1
    # a word longer than a line breaks anywhere: 25 characters at 10 a line
    assert lines_of("anticonstitutionnellement", 10) == 3
    assert lines_of("un anticonstitutionnellement", 10) == 4
    assert lines_of("x" * 20, 10) == 2


@pytest.mark.parametrize(("name", "language"), CASES)
def test_with_the_longest_offers_the_page_keeps_what_fits_and_its_first_step(
    name: str, language: str
) -> None:
    card, the_structure = profile_card(name, language), long_structure()
    view = build_view(card, language=language, generated_on=TODAY, structure=the_structure)
    assert view.next_steps == next_steps(card, the_structure, language)  # every one
    assert view.can_do == can_do(card, language)
    assert page_height(view, view.page_can_do, view.page_steps) <= ROOM
    assert view.page_steps == view.next_steps[: len(view.page_steps)]  # the first, in order
    assert view.page_can_do == view.can_do[: len(view.page_can_do)]
    assert view.page_steps and view.page_can_do


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_step_left_off_the_page_stays_a_priority_but_was_not_handed_over(
    language: str,
) -> None:
    card, the_structure = profile_card("beginner", language), long_structure()
    view = build_view(card, language=language, generated_on=TODAY, structure=the_structure)
    assert len(view.page_steps) < len(view.next_steps)  # these offers do not all hold
    dropped = view.next_steps[len(view.page_steps)]
    kept = view.page_steps[0]
    assert dropped.offer is not None and kept.offer is not None
    page = person(view)
    assert dropped.offer.title not in page and kept.offer.title in page
    words = page_words(language)
    synthesis = professional(view).split('<h2 class="annex">')[0]
    priorities = synthesis.split(f"<h3>{words.priorities}</h3>")[1].split("<h3>")[0]
    handed = synthesis.split(f"<h3>{words.handed}</h3>")[1].split("<h3>")[0]
    assert dropped.offer.title in priorities and kept.offer.title in priorities
    assert kept.offer.title in handed and dropped.offer.title not in handed


@pytest.mark.parametrize(("name", "language"), CASES)
def test_a_page_that_holds_loses_nothing(name: str, language: str) -> None:
    card = profile_card(name, language)
    for the_structure in (None, structure()):
        view = build_view(card, language=language, generated_on=TODAY, structure=the_structure)
        assert view.page_steps == view.next_steps == next_steps(card, the_structure, language)
        assert view.page_can_do == view.can_do == can_do(card, language)


def test_the_things_the_person_can_do_go_before_a_step() -> None:
    card, the_structure = profile_card("beginner", "fr"), long_structure()
    view = build_view(card, language="fr", generated_on=TODAY, structure=the_structure)
    assert len(view.page_steps) < len(view.next_steps)
    # A step is dropped only when the page could not hold it with one thing the person
    # can do; what it can hold of those is taken back afterwards.
    one_more = view.next_steps[: len(view.page_steps) + 1]
    assert page_height(view, view.can_do[:1], one_more) > ROOM
    if len(view.page_can_do) < len(view.can_do):
        more = view.can_do[: len(view.page_can_do) + 1]
        assert page_height(view, more, view.page_steps) > ROOM


@pytest.mark.parametrize(
    ("language", "more"),
    [("fr", "et 5 autres conseils, dans l'annexe"), ("en", "and 5 more pieces of advice")],
)
def test_the_synthesis_names_the_first_orientation_and_counts_the_rest(
    language: str, more: str
) -> None:
    card = profile_card("beginner", language)
    view = build_view(card, language=language, generated_on=TODAY, structure=structure())
    orientation = [a for a in view.advice_professional if a.audience == "professional"]
    assert len(orientation) == 10
    words = page_words(language)
    synthesis, annex = professional(view).split('<h2 class="annex">')
    shown = synthesis.split(f"<h3>{escape(words.orientation)}</h3>")[1].split("<h3>")[0]
    assert shown.count("<li") == 6 and escape(more) in shown
    for advice in orientation:
        sentence = escape(advice.text.split(". ")[0])
        assert sentence in annex  # all of it, in the annex
        assert (sentence in shown) == (advice in orientation[:5])


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "Elle garde 1 des 3 prochaines étapes, autant qu'en tient une feuille"),
        ("en", "It holds 1 of the 3 next steps, as many as one sheet has room for"),
    ],
)
def test_the_end_of_run_says_when_the_page_holds_fewer_steps_than_it_showed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    import webbrowser

    from rich.console import Console

    from bonsclics_cli.cli.asker import QuestionaryAsker
    from bonsclics_cli.cli.end_of_interview import Ending, offer_person_page
    from bonsclics_cli.store.folder import DataFolder

    class Yes:
        """The professional answers "yes" to writing the page."""

        console = Console(file=io.StringIO(), width=200)

        def choose(self, prompt: str, choices: list[tuple[str, str]]) -> str:
            return "yes"

    monkeypatch.setattr(webbrowser, "open", lambda *args, **kwargs: True)
    asker = Yes()
    ending = Ending(language, long_structure(), DataFolder(tmp_path / "data"), plain=True)
    card = profile_card("beginner", language)
    path = offer_person_page(cast(QuestionaryAsker, asker), card, ending, TODAY)
    assert path is not None and path.exists()
    out = " ".join(cast(io.StringIO, asker.console.file).getvalue().split())
    assert said in out
    # with short offers, all three steps hold: nothing to say
    asker.console = Console(file=io.StringIO(), width=200)
    ending = Ending(language, structure(), DataFolder(tmp_path / "data"), plain=True)
    offer_person_page(cast(QuestionaryAsker, asker), card, ending, TODAY)
    out = " ".join(cast(io.StringIO, asker.console.file).getvalue().split())
    assert out and said not in out
