"""Rich tables that present a questionnaire for review; every file text shown literally."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.table import Column, Table
from rich.text import Text

from bonsclics_cli.cli.console import sanitize
from bonsclics_cli.i18n import N_, _, format_decimal
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

_QUESTION_TYPES = {
    "single": N_("one choice"),
    "multiple": N_("several choices"),
    "number": N_("number"),
    "text": N_("free text"),
}
_AUDIENCES = {
    "person": N_("the person"),
    "professional": N_("the professional"),
    "both": N_("both"),
}


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
        yield Text.assemble((_("To prepare before the interview:") + " ", "bold"), t(q.preparation))

    # An id is never broken across lines: its column is at least as wide as the longest.
    domains = Table(
        Column(_("domain"), no_wrap=True),
        _("title"),
        Column(_("weight"), justify="right"),
        Column(_("questions"), justify="right"),
        title=_("Domains"),
        title_justify="left",
    )
    for domain in q.domains:
        count = sum(question.domain == domain.id for question in q.questions)
        domains.add_row(Text(domain.id), t(domain.title), str(domain.weight), str(count))
    yield domains

    # The id, type, domain and condition of a question go with its prompt, so that the
    # table keeps three columns at 80 characters and no id is cut.
    longest_id = max(len(question.id) for question in q.questions)
    longest_value = max(
        (len(option.value) for item in q.questions for option in getattr(item, "options", ())),
        default=0,
    )
    questions = Table(
        "#",
        Column(_("question"), ratio=3, min_width=longest_id),
        Column(_("options (points)"), ratio=2, min_width=longest_value + 1),
        title=_("Questions"),
        title_justify="left",
        show_lines=True,
    )
    for number, question in enumerate(q.questions, start=1):
        about = Text.assemble((question.id, "bold"), "\n")
        about.append(_(_QUESTION_TYPES.get(question.type, question.type)), style="dim")
        if question.domain:
            about.append(" · " + _("domain") + " " + question.domain, style="dim")
        if question.observed:
            about.append("\n[" + _("observed task") + "]", style="italic")
        about.append("\n")
        about.append_text(t(question.prompt))
        if question.when:
            about.append("\n" + _("asked when") + " " + question.when.source, style="dim")
        questions.add_row(str(number), about, _details(q, question, language))
    yield questions

    explainer = Explainer(q, language, words_for(language))
    levels = Table(
        Column(_("min"), justify="right"),
        Column(_("level"), no_wrap=True),
        _("title"),
        _("requires"),
        title=_("Levels"),
        title_justify="left",
        show_lines=True,
    )
    for level in sorted(q.levels, key=lambda level: level.min):
        requires = Text("-")
        if level.requires is not None:
            requires = Text(sanitize(explainer.condition(level.requires)))
            requires.append(f"\n({level.requires.source})", style="dim")
        levels.add_row(str(level.min), Text(level.id), t(level.title), requires)
    yield levels
    if q.domain_levels is not None:
        scale = Table(
            Column(_("min"), justify="right"),
            Column(_("level"), no_wrap=True),
            _("title"),
            title=_("Domain levels"),
            title_justify="left",
        )
        for band in sorted(q.domain_levels, key=lambda band: band.min):
            scale.add_row(str(band.min), Text(band.id), t(band.title))
        yield scale

    if q.advice:
        longest = max(len(item.id) for item in q.advice)
        advice = Table(
            Column(_("advice"), ratio=1, min_width=longest),
            Column(_("text"), ratio=1),
            title=_("Advice"),
            title_justify="left",
            show_lines=True,
        )
        for item in q.advice:
            text = t(item.text)
            if item.link:
                # A link is one word: folded rather than cut, so it can still be copied.
                text.append(f"\n{sanitize(item.link)}", style="underline")
                text.overflow = "fold"
            about = Text(item.id, style="bold")
            audience = _(_AUDIENCES.get(item.audience, item.audience))
            about.append("\n" + _("for") + " " + audience, style="dim")
            about.append("\n" + _("when") + " " + item.when.source, style="dim")
            advice.add_row(about, text)
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
            exclusive = " [" + _("exclusive") + "]" if getattr(option, "exclusive", False) else ""
            lines.append(f"{option.value}{points}{exclusive}: ")
            lines.append(sanitize(q.text(option.label, language)) + "\n")
        if isinstance(question, MultipleQuestion) and question.max_points is not None:
            lines.append(_("at most {n} points").format(n=format_decimal(question.max_points)))
        lines.rstrip()
        return lines
    if isinstance(question, NumberQuestion):
        kind = _("whole number") if question.integer else _("number")
        bounds = _("from {min} to {max}").format(
            min="…" if question.min is None else format_decimal(question.min),
            max="…" if question.max is None else format_decimal(question.max),
        )
        unit = f" {q.text(question.unit, language)}" if question.unit else ""
        return Text(sanitize(f"{kind} {bounds}{unit}"))
    return Text(
        _("free text, at most {n} characters").format(n=format_decimal(question.max_length))
    )
