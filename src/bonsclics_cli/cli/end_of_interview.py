"""The end of ``bonsclics run``: the person's summary first, then, after a key press, the
professional's details, their own note and next appointment, and the person's page.

The person sits beside the screen: nothing meant for the professional (scores, their
advice, their note) is on screen before the person's summary has been read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bonsclics_cli.cli.console import sanitize
from bonsclics_cli.i18n import translation

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from bonsclics_cli.answers.sheet import AnswerSheet
    from bonsclics_cli.cli.asker import QuestionaryAsker
    from bonsclics_cli.scoring.rules import ScoreCard
    from bonsclics_cli.store.folder import DataFolder
    from bonsclics_cli.structure.model import Structure


@dataclass(frozen=True)
class Ending:
    """What the end of an interview needs besides the result."""

    language: str
    structure: Structure | None
    folder: DataFolder
    plain: bool


def show_person_summary(console: Console, card: ScoreCard, ending: Ending) -> None:
    """The person-safe summary: the level as a path, what they can do, their next steps."""
    from bonsclics_cli.reports.person_page import can_do, next_steps, page_words

    language = ending.language
    t = translation(language)
    words = page_words(language)
    q = card.questionnaire
    head = Text()
    if not card.complete:
        head.append(t.gettext("The check is not finished: we will see the result together later."))
    elif card.level is not None:
        head.append(sanitize(q.text(card.level.title, language)), style="bold")
        if card.level.description:
            head.append("\n" + sanitize(q.text(card.level.description, language)))
    head.append("\n\n" + sanitize(t.gettext("What you can already do")), style="bold")
    lines = _marked_lines()
    for sentence in can_do(card, language):
        lines.add_row("✓ ", Text(sanitize(sentence)))
    parts: list[RenderableType] = [head, lines]
    steps = next_steps(card, ending.structure, language)
    if steps:
        title = words.next_steps if len(steps) > 1 else words.next_step
        parts.append(Text("\n" + sanitize(title), style="bold"))
        numbered = _marked_lines()
        for number, step in enumerate(steps, start=1):
            numbered.add_row(f"{number}. ", Text(sanitize(step.text)))
            if step.offer is not None:
                offer = step.offer
                details = _marked_lines()
                details.add_row("→ ", Text(sanitize(offer.title), style="bold"))
                for label, value in offer.details(words):
                    details.add_row("  ", Text(f"{sanitize(label)} {sanitize(value)}"))
                numbered.add_row("", details)
        parts.append(numbered)
    body = Group(*parts)
    console.print()
    heading = Text(t.gettext("Your result"))
    console.print(body if ending.plain else Panel(body, title=heading, expand=False))


def _marked_lines() -> Table:
    """Lines after a mark or a number, in a column of its own: a wrapped line starts under
    the first letter of its text, not at the edge."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    return grid


def ask_notes(asker: QuestionaryAsker, sheet: AnswerSheet, language: str) -> AnswerSheet:
    """The professional's note and next appointment, kept in the answers file (extra keys)."""
    from bonsclics_cli.answers.notes import (
        MAX_APPOINTMENT,
        MAX_NOTE,
        next_appointment,
        professional_note,
        with_notes,
    )

    t = translation(language)
    asker.console.print()
    asker.console.print(
        Text(t.gettext("For you only: never on the person's page, never in an export."))
    )
    note = asker.ask_free_text(
        t.gettext("Your note (Enter to skip):"), MAX_NOTE
    ) or professional_note(sheet)
    appointment = asker.ask_free_text(
        t.gettext("Next appointment: date, time, place (Enter to skip):"), MAX_APPOINTMENT
    ) or next_appointment(sheet)
    return with_notes(sheet, note, appointment)


def offer_person_page(
    asker: QuestionaryAsker, card: ScoreCard, ending: Ending, today: date
) -> Path | None:
    """Offer to write the person's page into the data folder and open it for printing."""
    t = translation(ending.language)
    choice = asker.choose(
        t.gettext("Write the person's page and open it for printing?"),
        [("yes", t.gettext("Yes, write and open it")), ("no", t.gettext("No"))],
    )
    if choice != "yes":
        return None
    import webbrowser

    from bonsclics_cli.reports.html_report import person
    from bonsclics_cli.reports.registry import ReportNames, ReportRequest
    from bonsclics_cli.store.report_files import ReportFiles

    view = ReportRequest(
        card=card,
        language=ending.language,
        generated_on=today,
        current_sha256=card.questionnaire.sha256,
        structure=ending.structure,
    ).view()
    files = ReportFiles(ending.folder, None, to_folder=False, force=True)
    name = ReportNames("person", "html").name_for(card.sheet)
    path = files.write(card.sheet.person, name, person(view))
    asker.console.print(
        Text(t.gettext("The person's page: {path}").format(path=path)), soft_wrap=True
    )
    if len(view.page_steps) < len(view.next_steps):  # the summary above showed them all
        held = t.gettext(
            "It holds {kept} of the {count} next steps, as many as one sheet has room for; "
            "the professional's report names them all."
        )
        asker.console.print(
            Text(held.format(kept=len(view.page_steps), count=len(view.next_steps))),
            soft_wrap=True,
        )
    webbrowser.open(path.resolve().as_uri())
    return path
