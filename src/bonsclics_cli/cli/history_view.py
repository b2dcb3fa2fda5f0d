"""Rich rendering of a person's history: a bar chart of the overall score, a table of domains."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from bonsclics_cli.cli.console import bar

if TYPE_CHECKING:
    from bonsclics_cli.store.history import HistoryEntry, QuestionnaireHistory

MAX_COLUMNS = 6  # sessions shown side by side in the domain table


def change_text(change: int | None) -> str:
    return "" if change is None else f"{change:+d}"


def _date(entry: HistoryEntry) -> str:
    mark = "" if entry.card.complete else "*"
    return f"{entry.card.sheet.started_at:%Y-%m-%d}{mark}"


def history_renderables(history: QuestionnaireHistory) -> Iterator[RenderableType]:
    q = history.questionnaire
    language = q.default_language
    yield Text(f"{q.text(q.title, language)} ({q.id})", style="bold")
    yield Text("Overall score over time (change since the previous session):")
    for entry in history.entries:
        card = entry.card
        line = Text(f"  {_date(entry):<11} {bar(card.score)} ")
        line.append(f"{'-' if card.score is None else card.score:>3}")
        line.append(f" {change_text(entry.change):>4}  ")
        if not card.complete:
            line.append("unfinished: no level")
        else:
            line.append(q.text(card.level.title, language) if card.level else "no score yet")
        yield line
        yield from _held_down(entry, language)

    shown = history.entries[-MAX_COLUMNS:]
    table = Table(title=None, show_lines=False)
    table.add_column("domain")
    for entry in shown:
        table.add_column(_date(entry), justify="right")
    table.add_row("Overall", *(_score_cell(e.card.score, e.change) for e in shown))
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
            f"The last {len(shown)} of {len(history.entries)} sessions; "
            "'bonsclics export --person ID' has them all."
        )
    if any(not entry.card.complete for entry in history.entries):
        yield Text("* unfinished: the scores cover the answers given so far.")


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
