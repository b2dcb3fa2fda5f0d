"""Rich tables that present a questionnaire for review; every file text shown literally."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from bonsclics_cli.cli.console import sanitize
from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextQuestion,
    TextValue,
)
from bonsclics_cli.reports.explain import Explainer
from bonsclics_cli.reports.wording import words_for


def questionnaire_tables(q: Questionnaire, language: str) -> Iterator[RenderableType]:
    def t(value: TextValue | None) -> Text:
        return Text(sanitize(q.text(value, language)))

    header = Text.assemble(
        (sanitize(q.text(q.title, language)), "bold"),
        f"  {q.id} {q.version} ({', '.join(q.languages)})",
    )
    yield header
    if q.description:
        yield t(q.description)
    if q.preparation:
        yield Text.assemble(("To prepare before the interview: ", "bold"), t(q.preparation))

    domains = Table("domain", "title", "weight", "questions", title="Domains", title_justify="left")
    for domain in q.domains:
        count = sum(question.domain == domain.id for question in q.questions)
        domains.add_row(Text(domain.id), t(domain.title), str(domain.weight), str(count))
    yield domains

    questions = Table(
        "#",
        "question",
        "type",
        "domain",
        "asked when",
        "options (points)",
        title="Questions",
        title_justify="left",
        show_lines=True,
    )
    for number, question in enumerate(q.questions, start=1):
        prompt = t(question.prompt)
        if question.observed:
            prompt = Text.assemble(("[observed task] ", "italic"), prompt)
        questions.add_row(
            str(number),
            Text.assemble((question.id, "bold"), "\n", prompt),
            question.type,
            Text(question.domain or "-"),
            Text(question.when.source if question.when else "always"),
            _details(q, question, language),
        )
    yield questions

    explainer = Explainer(q, language, words_for(language))
    levels = Table(
        "min", "level", "title", "requires", title="Levels", title_justify="left", show_lines=True
    )
    for level in sorted(q.levels, key=lambda level: level.min):
        requires = Text("-")
        if level.requires is not None:
            requires = Text(sanitize(explainer.condition(level.requires)))
            requires.append(f"\n({level.requires.source})", style="dim")
        levels.add_row(str(level.min), Text(level.id), t(level.title), requires)
    yield levels
    if q.domain_levels is not None:
        scale = Table("min", "level", "title", title="Domain levels", title_justify="left")
        for band in sorted(q.domain_levels, key=lambda band: band.min):
            scale.add_row(str(band.min), Text(band.id), t(band.title))
        yield scale

    if q.advice:
        advice = Table(
            "advice", "when", "for", "text", title="Advice", title_justify="left", show_lines=True
        )
        for item in q.advice:
            text = t(item.text)
            if item.link:
                text.append(f"\n{sanitize(item.link)}", style="underline")
            advice.add_row(Text(item.id), Text(item.when.source), item.audience, text)
        yield advice


def _details(
    q: Questionnaire,
    question: SingleQuestion | MultipleQuestion | NumberQuestion | TextQuestion,
    language: str,
) -> Text:
    if isinstance(question, SingleQuestion | MultipleQuestion):
        lines = Text()
        for option in question.options:
            points = "" if option.points is None else f" ({option.points})"
            exclusive = " [exclusive]" if getattr(option, "exclusive", False) else ""
            lines.append(f"{option.value}{points}{exclusive}: ")
            lines.append(sanitize(q.text(option.label, language)) + "\n")
        if isinstance(question, MultipleQuestion) and question.max_points is not None:
            lines.append(f"at most {question.max_points} points")
        lines.rstrip()
        return lines
    if isinstance(question, NumberQuestion):
        kind = "whole number" if question.integer else "number"
        bounds = f" from {question.min if question.min is not None else '…'}"
        bounds += f" to {question.max if question.max is not None else '…'}"
        unit = f" {q.text(question.unit, language)}" if question.unit else ""
        return Text(sanitize(f"{kind}{bounds}{unit}"))
    return Text(f"free text, at most {question.max_length} characters")
