"""Conditions in plain words, so a report can say why a question was not asked.

``'smartphone' in appareils or 'tablette' in appareils`` becomes
« the answer to “Which devices do you have?” includes “A smartphone” or “A tablet” ».
"""

from __future__ import annotations

from bonsclics_cli.questionnaire.conditions import (
    All,
    Any_,
    Comparison,
    Condition,
    Literal_,
    Node,
    Not,
    Op,
)
from bonsclics_cli.questionnaire.model import (
    AnyQuestion,
    MultipleQuestion,
    Questionnaire,
    SingleQuestion,
)
from bonsclics_cli.reports.wording import Words

MAX_PROMPT = 90


def short(text: str, limit: int = MAX_PROMPT) -> str:
    """``text`` on one line, cut at a word boundary near ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def format_number(value: float | int, words: Words) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", words.decimal)


class Explainer:
    """Turns the conditions of one questionnaire into sentences in one language."""

    def __init__(self, questionnaire: Questionnaire, language: str, words: Words) -> None:
        self.questionnaire = questionnaire
        self.language = language
        self.words = words

    def condition(self, condition: Condition) -> str:
        if condition.root is None:  # only in a questionnaire that failed validation
            return condition.source
        return self._node(condition.root, top=True)

    def subject(self, name: str) -> str:
        question = self.questionnaire.questions_by_id.get(name)
        if question is None:
            return self.words.quote(name)
        return self.words.quote(short(self.questionnaire.text(question.prompt, self.language)))

    def phrase(self, name: str) -> str:
        """What a name stands for, as the subject of a sentence (§2.3 names included)."""
        q, words = self.questionnaire, self.words
        if name == "score":
            return words.overall_score_name
        for prefix, template in (
            ("score_", words.domain_score_name),
            ("level_", words.domain_level_name),
        ):
            domain = q.domains_by_id.get(name.removeprefix(prefix))
            if name.startswith(prefix) and domain is not None:
                title = short(q.text(domain.title, self.language))
                return template.format(domain=words.quote(title))
        return words.answer_to.format(question=self.subject(name))

    def literal(self, name: str, literal: Literal_) -> str:
        if not isinstance(literal, str):
            return format_number(literal, self.words)
        if name.startswith("level_") or name == "level":
            scale = (
                self.questionnaire.levels if name == "level" else self.questionnaire.domain_scale
            )
            level = next((each for each in scale if each.id == literal), None)
            if level is not None:
                return self.words.quote(self.questionnaire.text(level.title, self.language))
        question: AnyQuestion | None = self.questionnaire.questions_by_id.get(name)
        if isinstance(question, SingleQuestion | MultipleQuestion):
            option = question.option(literal)
            if option is not None:
                return self.words.quote(self.questionnaire.text(option.label, self.language))
        return self.words.quote(literal)

    def _node(self, node: Node, top: bool = False) -> str:
        match node:
            case Comparison():
                return self._comparison(node)
            case Not(operand=Comparison() as inner) if inner.op in _NEGATION:
                return self._comparison(
                    Comparison(inner.name, _NEGATION[inner.op], inner.literals, inner.offset)
                )
            case Not():
                return f"{self.words.not_} ({self._node(node.operand, top=True)})"
            case All():
                text = f" {self.words.and_} ".join(self._node(each) for each in node.operands)
                return text if top else f"({text})"
            case Any_():
                parts = [self._node(each) for each in _merge_contains(node.operands)]
                text = f" {self.words.or_} ".join(parts)
                return text if top else f"({text})"

    def _comparison(self, comparison: Comparison) -> str:
        words, name = self.words, comparison.name
        values = [self.literal(name, literal) for literal in comparison.literals]
        value = values[0]
        match comparison.op:
            case Op.EQ:
                verb = words.is_.format(value=value)
            case Op.NE:
                verb = words.is_not.format(value=value)
            case Op.IN:
                verb = words.is_one_of.format(values=words.one_of(values))
            case Op.NOT_IN:
                verb = words.is_none_of.format(values=", ".join(values))
            case Op.CONTAINS if len(values) > 1:
                verb = words.includes_one_of.format(values=words.one_of(values))
            case Op.CONTAINS:
                verb = words.includes.format(value=value)
            case Op.NOT_CONTAINS:
                verb = words.excludes.format(value=value)
            case Op.LT:
                verb = words.below.format(value=value)
            case Op.LE:
                verb = words.at_most.format(value=value)
            case Op.GT:
                verb = words.above.format(value=value)
            case _:
                verb = words.at_least.format(value=value)
        return f"{self.phrase(name)} {verb}"


_NEGATION = {
    Op.EQ: Op.NE,
    Op.NE: Op.EQ,
    Op.IN: Op.NOT_IN,
    Op.NOT_IN: Op.IN,
    Op.CONTAINS: Op.NOT_CONTAINS,
    Op.NOT_CONTAINS: Op.CONTAINS,
}


def _merge_contains(operands: tuple[Node, ...]) -> list[Node]:
    """Join ``'a' in x or 'b' in x`` into one comparison with several values."""
    merged: list[Node] = []
    for node in operands:
        last = merged[-1] if merged else None
        if (
            isinstance(node, Comparison)
            and isinstance(last, Comparison)
            and node.op is Op.CONTAINS
            and last.op is Op.CONTAINS
            and node.name == last.name
        ):
            merged[-1] = Comparison(
                last.name, Op.CONTAINS, last.literals + node.literals, last.offset
            )
        else:
            merged.append(node)
    return merged
