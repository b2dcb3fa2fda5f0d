"""The reports' own words, from the message catalogue, in the questionnaire's language.

The person's words are in easy-to-read French (short sentences, everyday words,
"vous"); the professional's are plain and precise. The English texts are the
messages in the code; their French is in ``locale/fr/LC_MESSAGES/bonsclics.po``.
A questionnaire in a language the tool does not speak gets its own texts with the
English frame. Dates and times are written by Babel, with the patterns the
catalogue gives each language.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bonsclics_cli.i18n import (
    format_date,
    format_decimal,
    format_time,
    frame_language,
    translation,
)


@dataclass(frozen=True, slots=True)
class Counted:
    """A text that counts something: ``.format(count=3)`` takes the form the language
    gives that number (singular or plural, by the catalogue's plural rule), then fills
    in every placeholder, like ``str.format``.

    ``key`` names the placeholder that holds the number. Its value may be an ``int``
    or already written with a sign (``+5``, ``−3``): the digits are the number.
    """

    key: str
    forms: Callable[[int], str]

    def format(self, **values: object) -> str:
        return self.forms(_count(values[self.key])).format(**values)

    def __str__(self) -> str:
        return self.forms(2)


def _count(value: object) -> int:
    if isinstance(value, int):
        return abs(value)
    digits = "".join(char for char in str(value) if char.isdigit())
    return int(digits) if digits else 2  # "—" (nothing to count) reads as a plural


@dataclass(frozen=True, slots=True)
class Words:
    """Every fixed text of a report, in one language."""

    code: str
    decimal: str
    open_quote: str
    close_quote: str
    colon: str  # what ends a label: ":" / " :"
    separator: str  # between chosen labels: "; " / " ; "
    day_pattern: str  # Babel patterns
    first_day_pattern: str
    time_pattern: str
    moment_form: str  # {date} {time}
    # -- for the person --
    person_title: str
    person_intro: str
    person_reference: str
    person_date: str
    printed_on: str
    your_level: str
    no_level: str
    step_of: str
    you_are_here: str
    already_can: str
    learn_next_none: str
    improved: str
    unfinished_title: str
    unfinished_person: str
    seen_so_far: str
    # -- for the professional --
    professional_title: str
    person: str
    started: str
    completed: str
    generated: str
    status: str
    complete: str
    unfinished: str
    unfinished_detail: Counted  # {count}
    unfinished_open: str
    summary: str
    overall: str
    level: str
    not_evaluated: str
    out_of_100: str
    domains: str
    domain: str
    score: str
    points: str
    change: str
    previous_session: Counted  # {date} {change} {score} {level}, counted by {change}
    chart_title: str
    chart_summary: str
    chart_previous: str
    declared: str
    declared_note: str
    observed: str
    observed_note: str
    no_observed: str
    context: str
    question: str
    answer: str
    dont_know: str
    declined: str
    unanswered: str
    none_chosen: str
    counts: str
    not_asked: str
    not_asked_none: str
    asked_only_if: str
    answer_given: str
    not_asked_answer: str
    orientation: str
    orientation_none: str
    for_person_too: str
    told_to_person: str
    traceability: str
    questionnaire: str
    version: str
    sha256: str
    sha256_current: str
    generator: str
    # -- conditions in words --
    answer_to: str
    overall_score_name: str
    domain_score_name: str
    domain_level_name: str
    held_down: str
    held_down_brief: str
    held_because: str
    evidence: str
    no_level_unfinished: str
    is_: str
    is_not: str
    is_one_of: str
    is_none_of: str
    includes: str
    includes_one_of: str
    excludes: str
    below: str
    at_most: str
    above: str
    at_least: str
    and_: str
    or_: str
    not_: str
    list_or: str

    def quote(self, text: str) -> str:
        return f"{self.open_quote}{text}{self.close_quote}"

    def day(self, value: date) -> str:
        """A date in words: ``29 novembre 2026``, ``1er mars 2026``, ``29 November 2026``."""
        pattern = self.first_day_pattern if value.day == 1 else self.day_pattern
        return format_date(value, self.code, form=pattern)

    def moment(self, value: datetime) -> str:
        """A time in words, in the offset it was recorded in: ``29 novembre 2026 à 10 h 15``."""
        return self.moment_form.format(
            date=self.day(value.date()), time=format_time(value, self.code, form=self.time_pattern)
        )

    def choices(self, items: tuple[str, ...] | list[str]) -> str:
        """Several chosen labels on one line; labels may hold commas, so ``;`` separates."""
        return self.separator.join(items)

    def one_of(self, items: list[str]) -> str:
        """``a, b ou c`` / ``a, b or c``."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.list_or} " + items[-1]


def _decimal_sign(code: str) -> str:
    """``,`` in French, ``.`` in English: as Babel writes a decimal number."""
    return next((char for char in format_decimal(1.5, code) if not char.isdigit()), ".")


@functools.cache
def _words(code: str) -> Words:
    t = translation(code)
    return Words(
        code=code,
        decimal=_decimal_sign(code),
        # Translators: the opening quotation mark, with the space that follows it.
        open_quote=t.gettext("“"),
        # Translators: the closing quotation mark, with the space that precedes it.
        close_quote=t.gettext("”"),
        # Translators: what ends a label, with the space French puts before it.
        colon=t.gettext(":"),
        # Translators: between several chosen answers on one line (labels may hold commas).
        separator=t.gettext("; "),
        # Translators: a date in a report, as a Babel pattern (d: day, MMMM: month, y: year).
        day_pattern=t.gettext("d MMMM y"),
        # Translators: the first day of a month, as a Babel pattern (French: « 1er »).
        first_day_pattern=t.gettext("1 MMMM y"),
        # Translators: a time of day in a report, as a Babel pattern (H: hour, mm: minutes).
        time_pattern=t.gettext("HH:mm"),
        moment_form=t.gettext("{date}, {time}"),
        person_title=t.gettext("Your digital skills summary"),
        person_intro=t.gettext(
            "This is not a grade. It shows what you can already do, and what can help you."
        ),
        person_reference=t.gettext("Your file number"),
        person_date=t.gettext("Summary of {date}"),
        printed_on=t.gettext("Printed on {date}"),
        your_level=t.gettext("Your level today"),
        no_level=t.gettext(
            "We do not have enough answers to give a level. "
            "That is fine. We can talk about it another time."
        ),
        step_of=t.gettext("Step {step} of {steps}"),
        you_are_here=t.gettext("you are here"),
        already_can=t.gettext("What you can already do"),
        learn_next_none=t.gettext("You can keep learning at your own pace."),
        improved=t.gettext("Well done! You have made progress since your summary of {date}."),
        unfinished_title=t.gettext("Your check is not finished"),
        unfinished_person=t.gettext(
            "We have not finished the check yet. We will tell you where you stand when it is."
        ),
        seen_so_far=t.gettext("What we have already seen together"),
        professional_title=t.gettext("Diagnostic report"),
        person=t.gettext("Person (identifier)"),
        # Translators: labels before a date and time in the report ("Commencé le").
        started=t.pgettext("report", "Started"),
        completed=t.pgettext("report", "Completed"),
        generated=t.gettext("Report produced on"),
        status=t.gettext("Status"),
        complete=t.gettext("Interview complete"),
        unfinished=t.gettext("INTERVIEW NOT FINISHED"),
        unfinished_detail=Counted(
            "count",
            lambda n: t.ngettext(
                "{count} question asked without an answer: "
                "the scores only cover the answers given.",
                "{count} questions asked without an answer: "
                "the scores only cover the answers given.",
                n,
            ),
        ),
        unfinished_open=t.gettext(
            "every question asked has an answer, but the interview was not closed."
        ),
        summary=t.gettext("Result"),
        overall=t.gettext("Autonomy score"),
        level=t.gettext("Level"),
        # Translators: a score, a level or a domain that has no value (singular).
        not_evaluated=t.pgettext("score", "not evaluated"),
        out_of_100=t.gettext("out of 100"),
        domains=t.gettext("Domains"),
        domain=t.gettext("Domain"),
        score=t.gettext("Score"),
        points=t.gettext("Points"),
        change=t.gettext("Change"),
        previous_session=Counted(
            "change",
            lambda n: t.ngettext(
                "Since the check of {date}: {change} point (score {score}, {level}).",
                "Since the check of {date}: {change} points (score {score}, {level}).",
                n,
            ),
        ),
        chart_title=t.gettext("Score per domain, out of 100"),
        chart_summary=t.gettext("{domain}: {score}"),
        chart_previous=t.gettext("◆ score at the previous check"),
        declared=t.gettext("Declared answers"),
        declared_note=t.gettext("What the person says they can do or have."),
        observed=t.gettext("Observed tasks"),
        observed_note=t.gettext("What the professional saw the person do."),
        no_observed=t.gettext("No hands-on task in this interview."),
        context=t.gettext("Context (not scored)"),
        question=t.gettext("Question"),
        answer=t.gettext("Answer"),
        dont_know=t.gettext("I don't know"),
        declined=t.gettext("Prefers not to answer"),
        unanswered=t.gettext("No answer (interview not finished)"),
        none_chosen=t.gettext("Nothing ticked"),
        counts=t.gettext("“I don't know”: {dont_know}; “prefers not to answer”: {declined}."),
        not_asked=t.gettext("Questions not asked"),
        not_asked_none=t.gettext("Every question was asked."),
        asked_only_if=t.gettext("Asked only if {condition}."),
        answer_given=t.gettext("Answer given to {question}: {answer}."),
        not_asked_answer=t.gettext("question not asked"),
        orientation=t.gettext("Orientation and advice for the professional"),
        orientation_none=t.gettext("No orientation advice applies."),
        for_person_too=t.gettext("also in the person's summary"),
        told_to_person=t.gettext("Advice given in the person's summary"),
        traceability=t.gettext("Traceability"),
        questionnaire=t.gettext("Questionnaire"),
        version=t.gettext("Version"),
        sha256=t.gettext("SHA-256 fingerprint"),
        sha256_current=t.gettext(
            "Fingerprint of the questionnaire used (different: changed without a new version)"
        ),
        generator=t.gettext("Produced by"),
        answer_to=t.gettext("the answer to {question}"),
        overall_score_name=t.gettext("the autonomy score"),
        domain_score_name=t.gettext("the score of the domain {domain}"),
        domain_level_name=t.gettext("the level of the domain {domain}"),
        held_down=t.gettext(
            "The score alone would give the level {score_level}. "
            "The level given is {level}, for want of the evidence it requires:"
        ),
        held_down_brief=t.gettext(
            "The score alone would give the level {score_level}. The level given is {level}: "
            "the evidence the levels above require is missing (in full in the annex)."
        ),
        held_because=t.gettext("{level} requires: {requirement}."),
        evidence=t.gettext("{question}: {answer}"),
        no_level_unfinished=t.gettext("none: the interview is not finished"),
        # Translators: the conditions of a questionnaire in words: "the answer to “…” is …".
        is_=t.gettext("is {value}"),
        is_not=t.gettext("is not {value}"),
        is_one_of=t.gettext("is {values}"),
        is_none_of=t.gettext("is none of these: {values}"),
        includes=t.gettext("includes {value}"),
        includes_one_of=t.gettext("includes {values}"),
        excludes=t.gettext("does not include {value}"),
        below=t.gettext("is below {value}"),
        at_most=t.gettext("is at most {value}"),
        above=t.gettext("is above {value}"),
        at_least=t.gettext("is at least {value}"),
        and_=t.gettext("and"),
        or_=t.gettext("or"),
        not_=t.gettext("it is not the case that"),
        list_or=t.gettext("or"),
    )


def words_for(language: str) -> Words:
    """The words for a questionnaire in ``language``: French for ``fr`` and its regional
    variants, English for English and for a language the tool does not speak."""
    return _words(frame_language(language))


def __getattr__(name: str) -> Words:
    # FRENCH and ENGLISH, built from the catalogue when first asked for.
    if name == "FRENCH":
        return _words("fr")
    if name == "ENGLISH":
        return _words("en")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
