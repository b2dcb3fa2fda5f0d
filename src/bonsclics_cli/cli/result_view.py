"""The end screen of an interview: the result in words, bars by domain, advice, next steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bonsclics_cli.cli.console import bar, sanitize
from bonsclics_cli.cli.wording import Wording

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from bonsclics_cli.scoring.rules import ScoreCard


def show_result(
    console: Console,
    card: ScoreCard,
    *,
    words: Wording,
    language: str,
    saved_in: str,
    report_commands: tuple[str, str],
    plain: bool = False,
) -> None:
    """Print the result; ``report_commands`` are (for the person, for the professional)."""
    q = card.questionnaire

    def text(value: object) -> str:
        return sanitize(q.text(value, language))  # type: ignore[arg-type]

    out: list[RenderableType | _Unwrapped] = [
        Text(""),
        Text(words.result_title, style="bold underline"),
    ]
    level_lines = Text()
    if not card.complete:  # a level read from a few answers would be taken for a verdict
        level_lines.append(words.unfinished_result, style="bold")
        if card.score is not None:
            level_lines.append("\n" + words.score_so_far.format(score=card.score))
    elif card.level is not None:
        level_lines.append(words.level_label)
        level_lines.append(text(card.level.title), style="bold")
        if card.level.description:
            level_lines.append("\n" + text(card.level.description))
        level_lines.append("\n" + words.score_line.format(score=card.score))
        level_lines.append_text(_held_down(card, language))
    else:
        level_lines.append(words.no_score)
    out.append(level_lines if plain else Panel(level_lines, expand=False))

    out.append(_heading(words.domains_title))
    if plain:
        for domain in card.domains:
            line = text(domain.domain.title) + words.colon
            if domain.score is None:
                line += words.not_evaluated
            else:
                line += f"{domain.score}/100"
                line += f", {text(domain.level.title)}" if domain.level else ""
            out.append(Text(line + "."))
    else:
        table = Table.grid(padding=(0, 1))
        table.add_column(ratio=3)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=3)
        for domain in card.domains:
            if domain.score is None:
                table.add_row(
                    Text(text(domain.domain.title)),
                    Text(bar(None)),
                    Text("—"),
                    Text(words.not_evaluated),
                )
                continue
            table.add_row(
                Text(text(domain.domain.title)),
                Text(bar(domain.score)),
                Text(str(domain.score)),
                Text(text(domain.level.title) if domain.level else ""),
            )
        out.append(table)

    out.append(_heading(words.strengths_title if card.complete else words.seen_so_far_title))
    strong = card.strengths()
    if strong:
        out += _bullets([f"{text(d.domain.title)} ({d.score}/100)" for d in strong], plain)
    else:
        out.append(Text(words.no_strength))

    for audience, title in (
        ("person", words.advice_person_title),
        ("professional", words.advice_professional_title),
    ):
        items = [
            a
            for a in card.advice
            if (a.is_for("person") if audience == "person" else a.audience == "professional")
        ]
        if items:
            out.append(_heading(title))
            out += _bullets(
                [text(a.text) + (f" {sanitize(a.link)}" if a.link else "") for a in items], plain
            )

    if card.dont_know or card.declined:
        out.append(Text(""))
        out.append(
            Text(
                words.states_line.format(dont_know=len(card.dont_know), declined=len(card.declined))
            )
        )

    out.append(Text(""))
    person_command, professional_command = report_commands
    for label, value in (
        (words.saved_in, saved_in),
        (words.report_person, person_command),
        (words.report_professional, professional_command),
    ):
        out.append(Text(label))
        out.append(_Unwrapped(Text(sanitize(value) if plain else "  " + sanitize(value))))

    for renderable in out:
        if isinstance(renderable, _Unwrapped):
            console.print(renderable.text, soft_wrap=True)  # paths and commands stay one line
        else:
            console.print(renderable)


def _held_down(card: ScoreCard, language: str) -> Text:
    """Why the level is below the score's: each unmet requirement and the answers it reads."""
    from bonsclics_cli.reports.view import explain_held

    said = Text()
    explanation = explain_held(card, language)
    if explanation is None:
        return said
    said.append("\n\n" + sanitize(explanation.headline), style="bold")
    for because, evidence in explanation.reasons:
        said.append("\n- " + sanitize(because))
        for item in evidence:
            said.append("\n    " + sanitize(item))
    return said


class _Unwrapped:
    def __init__(self, text: Text) -> None:
        self.text = text


def _heading(title: str) -> Text:
    return Text("\n" + title, style="bold")


def _bullets(lines: Sequence[str], plain: bool) -> list[RenderableType]:
    if plain:
        return [Text(f"- {line}") for line in lines]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row(Text("•"), Text(line))
    return [grid]
