"""Questionnaire -> a printable blank form: one block per question, conditions in words.

The form follows the questionnaire's language (``translation(language)``). Questions are
numbered in file order, the numbers a professional types back in (``run --from-paper``).
A question's ``when`` is said in words at the question ("Only if you answered “No” to
question 3"), and where a question's answer alone decides what comes next, the form says
where to go ("If you answered “No”, go to question 7"), as paper forms do.
"""

from __future__ import annotations

import dataclasses
import gettext
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bonsclics_cli.i18n import base_language, format_decimal, translation
from bonsclics_cli.questionnaire.conditions import All, Comparison, Literal_, Node, Not, Op
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
    TextQuestion,
)

LINE_CHARACTERS = 70
"""About how many handwritten characters one printed line holds."""
MOST_LINES = 6


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    id: str
    kind: str  # single, multiple, number, text
    prompt: str
    help: str
    observed: bool
    options: tuple[str, ...]
    how_many: str  # "One answer." / "Several answers possible."
    unit: str
    bounds: str
    lines: int  # writing lines of a text question
    only_if: str  # the question's condition in words, or ""
    go_to: tuple[str, ...]  # "If you answered “No”, go to question 7."
    dont_know: str
    declined: str


@dataclass(frozen=True)
class PaperForm:
    language: str
    title: str
    description: str
    intro: str
    preparation: str
    reference: str  # id, version and the start of the sha256, printed at the foot
    questions: tuple[PaperQuestion, ...]
    words: Mapping[str, str]


def paper_form(questionnaire: Questionnaire, sha256: str, language: str) -> PaperForm:
    """The blank form of ``questionnaire`` in ``language``."""
    t = translation(language)
    q = questionnaire
    numbers = {question.id: n for n, question in enumerate(q.questions, start=1)}
    speaker = _Speaker(q, language, numbers, t)
    questions = []
    for question in q.questions:
        observed = question.observed
        options: tuple[str, ...] = ()
        how_many = ""
        if isinstance(question, SingleQuestion | MultipleQuestion):
            options = tuple(q.text(option.label, language) for option in question.options)
            how_many = (
                t.gettext("Several answers possible.")
                if isinstance(question, MultipleQuestion)
                else t.gettext("One answer.")
            )
        unit = bounds = ""
        lines = 0
        if isinstance(question, NumberQuestion):
            unit = q.text(question.unit, language)
            bounds = speaker.bounds(question)
        if isinstance(question, TextQuestion):
            lines = max(2, min(MOST_LINES, -(-question.max_length // LINE_CHARACTERS)))
        questions.append(
            PaperQuestion(
                number=numbers[question.id],
                id=question.id,
                kind=question.type,
                prompt=q.text(question.prompt, language),
                help=q.text(question.help, language),
                observed=observed,
                options=options,
                how_many=how_many,
                unit=unit,
                bounds=bounds,
                lines=lines,
                only_if=speaker.only_if(question),
                go_to=speaker.go_to(question),
                dont_know=speaker.dont_know(observed),
                declined=speaker.declined(observed),
            )
        )
    tidy = _kept_together(language)
    return PaperForm(
        language=language,
        title=tidy(q.text(q.title, language)),
        description=tidy(q.text(q.description, language)),
        intro=tidy(q.text(q.intro, language)),
        preparation=tidy(q.text(q.preparation, language)),
        reference=f"{q.id} {q.version} · sha256 {sha256[:12]}",
        questions=tuple(_tidied(question, tidy) for question in questions),
        words={key: tidy(text) for key, text in _words(t).items()},
    )


def _tidied(question: PaperQuestion, tidy: Callable[[str], str]) -> PaperQuestion:
    texts = ("prompt", "help", "how_many", "unit", "bounds", "only_if", "dont_know", "declined")
    changes: dict[str, object] = {name: tidy(getattr(question, name)) for name in texts}
    changes["options"] = tuple(tidy(label) for label in question.options)
    changes["go_to"] = tuple(tidy(line) for line in question.go_to)
    return dataclasses.replace(question, **changes)  # type: ignore[arg-type]


_BEFORE_PUNCTUATION = re.compile(r" ([?!:;»])")
_AFTER_QUOTE = re.compile(r"« ")


def _kept_together(language: str) -> Callable[[str], str]:
    """French sets a space before ? ! : ; and inside « »: make it one that never breaks,
    so a line never starts with a lone "?" on paper."""
    if base_language(language) != "fr":
        return lambda text: text

    def tidy(text: str) -> str:
        return _AFTER_QUOTE.sub("«\u00a0", _BEFORE_PUNCTUATION.sub("\u00a0\\1", text))

    return tidy


def render_paper(form: PaperForm) -> str:
    """The form as one self-contained HTML page (inline CSS, no script), A4, large type."""
    from bonsclics_cli.reports.html_report import environment

    page: str = environment().get_template("paper.html.j2").render(f=form, w=form.words)
    return page


def _words(t: gettext.NullTranslations) -> dict[str, str]:
    gettext = t.gettext
    return {
        "paper_form": gettext("Paper form"),
        "person_id": gettext("Person's number:"),
        "person_id_hint": gettext("A number, never the name. Written by the professional."),
        "date": gettext("Date of the interview:"),
        "date_blank": gettext("____ / ____ / ________"),
        "consent_title": gettext("Before answering"),
        "consent": gettext("I have read this text, or it was read to me. I agree to answer."),
        "consent_date": gettext("Date of agreement:"),
        "professional": gettext("For the professional only"),
        "observed": gettext("Observed task: the person does it, you tick what you saw."),
        "instructions": gettext("Instructions:"),
        "help": gettext("Help:"),
        "end": gettext("End of the questionnaire. Thank you for your answers."),
    }


class _Speaker:
    """Conditions said in words, in one language, with the form's question numbers."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        language: str,
        numbers: Mapping[str, int],
        t: gettext.NullTranslations,
    ) -> None:
        self.q = questionnaire
        self.language = language
        self.numbers = numbers
        self.t = t

    # --- the question's own condition ----------------------------------------------------

    def only_if(self, question: AnyQuestion) -> str:
        if question.when is None or question.when.root is None:
            return ""
        root = question.when.root
        if isinstance(root, Not):
            return self.t.gettext("Skip this question if {condition}.").format(
                condition=self.clause(root.operand, nested=False)
            )
        return self.t.gettext("Only if {condition}.").format(
            condition=self.clause(root, nested=False)
        )

    def clause(self, node: Node, *, nested: bool, negated: bool = False) -> str:
        if isinstance(node, Comparison):
            return self.comparison(node, negated=negated)
        if isinstance(node, Not):
            return self.clause(node.operand, nested=nested, negated=not negated)
        # De Morgan: "not (a and b)" is said "not a, or not b"
        conjunction = isinstance(node, All) != negated
        merged = None if conjunction else self.ticked_any(node.operands, negated=negated)
        if merged is not None:
            return merged
        parts = [self.clause(part, nested=True, negated=negated) for part in node.operands]
        joined = parts[0]
        for part in parts[1:]:
            template = (
                self.t.gettext("{first} and {second}")
                if conjunction
                else self.t.gettext("{first} or {second}")
            )
            joined = template.format(first=joined, second=part)
        return f"({joined})" if nested and len(parts) > 1 else joined

    def ticked_any(self, operands: Sequence[Node], *, negated: bool) -> str | None:
        """ "you ticked “A” or “B” at question 4" for 'a' in x or 'b' in x, else None."""
        if negated or not all(
            isinstance(node, Comparison) and node.op is Op.CONTAINS for node in operands
        ):
            return None
        comparisons = [node for node in operands if isinstance(node, Comparison)]
        names = {node.name for node in comparisons}
        question = self.q.questions_by_id.get(next(iter(names)))
        if len(names) != 1 or not isinstance(question, MultipleQuestion):
            return None
        labels = [
            self.q.text(option.label, self.language)
            for node in comparisons
            if (option := question.option(str(node.literals[0]))) is not None
        ]
        return self.t.gettext("you ticked {answers} at question {number}").format(
            answers=self.either(labels), number=self.numbers.get(question.id, 0)
        )

    def comparison(self, node: Comparison, *, negated: bool) -> str:
        gettext = self.t.gettext
        question = self.q.questions_by_id.get(node.name)
        number = self.numbers.get(node.name, 0)
        if isinstance(question, SingleQuestion):
            chosen = {str(literal) for literal in node.literals}
            if node.op in (Op.NE, Op.NOT_IN):
                chosen = {o.value for o in question.options} - chosen
            labels = [
                self.q.text(option.label, self.language)
                for option in question.options
                if option.value in chosen
            ]
            others = [
                self.q.text(option.label, self.language)
                for option in question.options
                if option.value not in chosen
            ]
            if not negated and others and len(others) < len(labels):
                return gettext(
                    "you ticked another answer than {answers} at question {number}"
                ).format(answers=self.either(others), number=number)
            template = (
                gettext("you did not answer {answers} to question {number}")
                if negated
                else gettext("you answered {answers} to question {number}")
            )
            return template.format(answers=self.either(labels), number=number)
        if isinstance(question, MultipleQuestion):
            option = question.option(str(node.literals[0]))
            label = self.quoted(self.q.text(option.label, self.language) if option else "")
            ticked = (node.op is Op.CONTAINS) != negated
            if ticked and negated:
                template = gettext("you ticked {answer} at question {number}, or did not answer it")
            elif ticked:
                template = gettext("you ticked {answers} at question {number}")
            elif negated:
                template = gettext("you did not tick {answer} at question {number}")
            else:
                template = gettext("you answered question {number} without ticking {answer}")
            return template.format(answer=label, answers=label, number=number)
        relation = self.relation(node.op, node.literals, negated=negated)
        template = (
            gettext("your answer to question {number} is {relation}, or there is none")
            if negated
            else gettext("your answer to question {number} is {relation}")
        )
        return template.format(number=number, relation=relation)

    def relation(self, op: Op, literals: Sequence[Literal_], *, negated: bool) -> str:
        gettext = self.t.gettext
        inverse = {
            Op.GE: Op.LT,
            Op.LT: Op.GE,
            Op.GT: Op.LE,
            Op.LE: Op.GT,
            Op.EQ: Op.NE,
            Op.NE: Op.EQ,
            Op.IN: Op.NOT_IN,
            Op.NOT_IN: Op.IN,
        }
        if negated:
            op = inverse.get(op, op)
        shown = [self.number(literal) for literal in literals]
        if op in (Op.EQ, Op.IN):
            return self.either(shown, quote=False)
        if op in (Op.NE, Op.NOT_IN):
            return gettext("other than {values}").format(values=self.either(shown, quote=False))
        templates = {
            Op.GE: gettext("at least {value}"),
            Op.GT: gettext("more than {value}"),
            Op.LE: gettext("at most {value}"),
            Op.LT: gettext("less than {value}"),
        }
        return templates[op].format(value=shown[0])

    # --- where to go next ----------------------------------------------------------------

    def go_to(self, question: AnyQuestion) -> tuple[str, ...]:
        """ "If you answered X, go to question N", when this answer alone decides it."""
        if not isinstance(question, SingleQuestion | MultipleQuestion):
            return ()
        questions = self.q.questions
        index = questions.index(question)
        block = []
        for later in questions[index + 1 :]:
            if later.when is None or later.when.test is None:
                break
            if later.when.names() != {question.id}:
                break
            block.append(later)
        if not block:
            return ()
        rest = questions[index + 1 + len(block) :]
        after = rest[0] if rest else None
        answers: list[tuple[str, str | list[str] | None]] = []
        if isinstance(question, SingleQuestion):
            answers = [(self.q.text(o.label, self.language), o.value) for o in question.options]
        else:
            answers = [
                (self.q.text(o.label, self.language), [o.value])
                for o in question.options
                if o.exclusive
            ]
        observed = question.observed
        answers += [(self.dont_know(observed), None), (self.declined(observed), None)]
        targets: dict[int | None, list[str]] = {}
        for label, value in answers:
            values = {} if value is None else {question.id: value}
            first = next((q for q in block if q.when and q.when.holds(values)), None)
            if first is block[0]:
                continue
            target = first or after
            key = None if target is None else self.numbers[target.id]
            targets.setdefault(key, []).append(label)
        lines = []
        for number, labels in targets.items():
            if number is None:
                template = self.t.gettext(
                    "If you answered {answers}, the questionnaire is finished."
                )
            else:
                template = self.t.gettext("If you answered {answers}, go to question {number}.")
            lines.append(template.format(answers=self.either(labels), number=number))
        return tuple(lines)

    # --- small words ---------------------------------------------------------------------

    def dont_know(self, observed: bool) -> str:
        if observed:
            return self.t.gettext("The person says they cannot do it")
        return self.t.gettext("I don't know")

    def declined(self, observed: bool) -> str:
        if observed:
            return self.t.gettext("The person did not want to try")
        return self.t.gettext("I prefer not to answer")

    def bounds(self, question: NumberQuestion) -> str:
        gettext = self.t.gettext
        low, high = question.min, question.max
        if low is not None and high is not None:
            return gettext("Between {min} and {max}.").format(
                min=self.number(low), max=self.number(high)
            )
        if low is not None:
            return gettext("At least {min}.").format(min=self.number(low))
        if high is not None:
            return gettext("At most {max}.").format(max=self.number(high))
        return ""

    def number(self, value: Literal_) -> str:
        if isinstance(value, str):
            return value
        return format_decimal(value, self.language)

    def quoted(self, label: str) -> str:
        return self.t.gettext("“{label}”").format(label=label)

    def either(self, labels: Sequence[str], *, quote: bool = True) -> str:
        shown = [self.quoted(label) if quote else label for label in labels]
        if len(shown) <= 1:
            return "".join(shown)
        return self.t.gettext("{items} or {last}").format(
            items=", ".join(shown[:-1]), last=shown[-1]
        )
