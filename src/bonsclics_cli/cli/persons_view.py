"""The list of ``bonsclics persons``: a Rich table for a screenful, plain lines beyond.

A structure's year is a thousand persons: Rich lays out every row of a table before
printing the first, half a second for a list nobody reads on a screen. Beyond a
screenful, the same columns are written as plain aligned lines, as ``score`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from bonsclics_cli.cli.console import aligned, column_widths, sanitize, screenful, short_date
from bonsclics_cli.i18n import _
from bonsclics_cli.store.history import PersonSummary

if TYPE_CHECKING:
    from rich.console import Console


def show_persons(console: Console, summaries: Sequence[PersonSummary]) -> None:
    """The list, then what a star on a score means when a last session is unfinished."""
    from rich.text import Text

    if len(summaries) <= screenful(console):
        _render_table(console, summaries)
    else:
        _write_plain_lines(console.file, summaries)
    if any(_unfinished(summary) for summary in summaries):
        console.print(Text(_("* unfinished: the scores cover the answers given so far.")))


def _render_table(console: Console, summaries: Sequence[PersonSummary]) -> None:
    from rich.table import Column, Table
    from rich.text import Text

    titles = {
        q.text(q.title, q.default_language)
        for q in (s.last.questionnaire for s in summaries if s.last is not None)
    }
    # One questionnaire: it titles the table. Several: each level says which one (on
    # its second line), so that the table keeps to what 80 columns hold uncut.
    several = len(titles) > 1
    table = Table(
        Column(_("person"), no_wrap=True),
        Column(_("sessions"), justify="right", no_wrap=True),
        Column(_("last session").replace(" ", "\n", 1), no_wrap=True),  # narrow
        Column(_("score"), justify="right", no_wrap=True),
        Column(_("level"), min_width=10),
        title=None if several or not titles else Text(next(iter(titles)), style="bold"),
        title_justify="left",
    )
    for summary in summaries:
        person, sessions, last, score, level, title = _cells(summary)
        level_text = Text(level)
        if several and title:
            level_text.append("\n" + title, style="dim")
        table.add_row(Text(person), sessions, last, score, level_text)
    console.print(table)


def _write_plain_lines(stream: IO[str], summaries: Sequence[PersonSummary]) -> None:
    """One line per person, the columns as wide as their longest cell; with several
    questionnaires, a section per questionnaire under its title (persons in order within
    it), so that a line keeps to what 80 columns hold."""
    header = (_("person"), _("sessions"), _("last session"), _("score"), _("level"))
    sections: dict[str, list[tuple[str, ...]]] = {}
    for summary in summaries:
        person, sessions, last, score, level, title = _cells(summary)
        sections.setdefault(title, []).append((person, sessions, last, score, level))
    widths = column_widths([header, *(row for rows in sections.values() for row in rows)])
    for index, (title, section) in enumerate(sorted(sections.items(), key=_titled_first)):
        if index:
            stream.write("\n")
        if title:
            stream.write(sanitize(title) + "\n")
        stream.write(aligned(header, widths, _RIGHT) + "\n")
        for row in section:
            stream.write(sanitize(aligned(row, widths, _RIGHT)) + "\n")


def _titled_first(section: tuple[str, list[tuple[str, ...]]]) -> tuple[bool, str]:
    """Questionnaires by title, then the persons with no readable session (no title)."""
    return (not section[0], section[0])


_RIGHT = (1, 3)  # the numbers: sessions and score


def _unfinished(summary: PersonSummary) -> bool:
    return summary.last is not None and not summary.last.complete


def _cells(summary: PersonSummary) -> tuple[str, str, str, str, str, str]:
    """person, sessions, last date, score, level title, questionnaire title.

    An unfinished session's score covers the answers given so far: it is starred (the
    note under the list says so), and it has no level (§3.4).
    """
    card = summary.last
    if card is None:
        return summary.person, str(summary.sessions), "-", "-", "-", ""
    q = card.questionnaire
    star = "" if card.complete else "*"
    score = "-" if card.score is None else f"{card.score}{star}"
    if not card.complete:
        level = _("unfinished: no level")
    else:
        level = q.text(card.level.title, q.default_language) if card.level else "-"
    return (
        summary.person,
        str(summary.sessions),
        short_date(card.started_at.date()),
        score,
        level,
        q.text(q.title, q.default_language),
    )
