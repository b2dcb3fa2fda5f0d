"""Rich rendering of a person's history: a bar chart of the overall score, a table of domains."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from bonsclics_cli.cli.console import bar, short_date
from bonsclics_cli.i18n import _

if TYPE_CHECKING:
    from bonsclics_cli.store.history import HistoryEntry, QuestionnaireHistory

MAX_COLUMNS = 6  # sessions shown side by side in the domain table, at most
_SCORE_COLUMN = 13  # "100 (+100)" and the table's padding and rule
_DOMAIN_COLUMN = 18  # the domains' titles wrap, at their spaces, within this width


def change_text(change: int | None) -> str:
    return "" if change is None else f"{change:+d}"


def _date(entry: HistoryEntry) -> str:
    mark = "" if entry.card.complete else "*"
    return f"{short_date(entry.card.sheet.started_at.date())}{mark}"


def _header(entry: HistoryEntry) -> Text:
    """The date on two lines (``13 juil.`` over ``2026*``), so that columns stay narrow."""
    day, _space, year = _date(entry).rpartition(" ")
    return Text(f"{day.rstrip(',')}\n{year}")


def columns_that_fit(width: int) -> int:
    """How many sessions fit side by side beside the domains' titles in ``width``."""
    return max(1, min(MAX_COLUMNS, (width - _DOMAIN_COLUMN - 4) // _SCORE_COLUMN))


def history_renderables(
    history: QuestionnaireHistory, *, plain: bool = False, width: int = 100
) -> Iterator[RenderableType]:
    """The chart of the overall score (no bars when ``plain``), then the domains' table
    with as many sessions as fit in ``width``."""
    q = history.questionnaire
    language = q.default_language
    yield Text(f"{q.text(q.title, language)} ({q.id})", style="bold")
    yield Text(_("Overall score over time (change since the previous session):"))
    date_width = max(len(_date(entry)) for entry in history.entries)
    for entry in history.entries:
        card = entry.card
        drawn = "" if plain else f"{bar(card.score)} "
        line = Text(f"  {_date(entry):<{date_width}} {drawn}")
        line.append(f"{'-' if card.score is None else card.score:>3}")
        line.append(f" {change_text(entry.change):>4}  ")
        if not card.complete:
            line.append(_("unfinished: no level"))
        else:
            line.append(q.text(card.level.title, language) if card.level else _("no score yet"))
        yield line
        yield from _held_down(entry, language)

    shown = history.entries[-columns_that_fit(width) :]
    table = Table(title=None, show_lines=False)
    table.add_column(_("domain"), min_width=_DOMAIN_COLUMN, ratio=1)
    for entry in shown:
        table.add_column(_header(entry), justify="right", no_wrap=True)
    table.add_row(_("Overall"), *(_score_cell(e.card.score, e.change) for e in shown))
    for domain in history.domains:
        cells = []
        for entry in shown:
            domain_score = entry.domain(domain.id)
            cells.append(
                _score_cell(
                    domain_score.score if domain_score else None, entry.domain_change(domain.id)
                )
            )
        table.add_row(Text(q.text(domain.title, language)), *cells)
    yield table
    if len(history.entries) > len(shown):
        yield Text(
            _(
                "The last {shown} of {total} sessions; 'bonsclics export --person ID' has them all."
            ).format(shown=len(shown), total=len(history.entries))
        )
    if any(not entry.card.complete for entry in history.entries):
        yield Text(_("* unfinished: the scores cover the answers given so far."))


def _held_down(entry: HistoryEntry, language: str) -> Iterator[RenderableType]:
    """When a requirement held the level below the score's, say which, with the answers."""
    from bonsclics_cli.reports.view import explain_held

    explanation = explain_held(entry.card, language)
    if explanation is None:
        return
    yield Text(f"      {explanation.headline}")
    for because, evidence in explanation.reasons:
        yield Text(f"        - {because}")
        for item in evidence:
            yield Text(f"          {item}")


def _score_cell(score: int | None, change: int | None) -> str:
    if score is None:
        return "-"
    return f"{score} ({change:+d})" if change is not None else str(score)
