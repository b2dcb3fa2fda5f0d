"""The one place where a question becomes a prompt (questionary), and the start-up prompts.

Every prompt offers the same ways out: "je ne sais pas", "ne souhaite pas répondre"
and going back. Text from a questionnaire or a person is shown literally: Rich
gets ``Text`` objects, questionary gets plain strings after ``sanitize``, so no
markup or escape sequence in a file can restyle or clear the terminal.

``plain`` (for screen readers): no boxes, bars or redrawn lists; each question is
printed as lines and answered on one line, with the option's number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.key_binding import KeyPressEvent
from prompt_toolkit.layout.dimension import Dimension
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl
from rich.text import Text

from bonsclics_cli.answers.sheet import PERSON_PATTERN, Answer, AnswerValue, State
from bonsclics_cli.cli.console import bar, sanitize
from bonsclics_cli.cli.wording import Wording
from bonsclics_cli.interview.engine import BACK, Reply, Step
from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    SingleQuestion,
    TextQuestion,
)

if TYPE_CHECKING:
    from rich.console import Console

# Choice values of the extra choices: option values are identifiers, so these never clash.
DONT_KNOW = ":dont_know"
DECLINED = ":declined"
GO_BACK = ":back"
WRITE = ":write"
_STATES: dict[str, State] = {DONT_KNOW: "dont_know", DECLINED: "declined"}
_PERSON = re.compile(PERSON_PATTERN)


def _share_default_key_bindings() -> None:
    """Build prompt_toolkit's default key bindings once, not for every prompt.

    Every questionary prompt makes up to three prompt_toolkit Applications, and each
    rebuilds the ~2,000 default (emacs and vi) bindings: about 40 ms per question on a
    modest laptop, most of the wait between two questions. The bindings hold no
    state of their own (their filters ask the running application), so one set can
    serve every prompt.
    """
    import prompt_toolkit.application.application as application

    load = getattr(application, "load_key_bindings", None)
    if load is not None and not hasattr(load, "cache_info"):
        setattr(application, "load_key_bindings", functools.cache(load))  # noqa: B010


_share_default_key_bindings()


class QuestionaryAsker:
    """Asks the interview's questions in a terminal; see the module docstring."""

    def __init__(self, console: Console, wording: Wording, *, plain: bool = False) -> None:
        self.console = console
        self.words = wording
        self.plain = plain
        self._unsaved: tuple[Step, Reply] | None = None

    # --- the interview ----------------------------------------------------------------

    def ask(self, step: Step) -> Reply:
        self._show_question(step)
        question = step.question
        while True:
            if isinstance(question, SingleQuestion):
                reply = self._single(step, question)
            elif isinstance(question, MultipleQuestion):
                reply = self._multiple(step, question)
            else:
                reply = self._typed(step, question)
            if reply is not None:
                self._unsaved = (step, reply)
                return reply

    def show_saved_reply(self) -> None:
        """Show the last reply, once the session holding it is on disk.

        Called by the session after each save, so the line "→ answer" never shows an
        answer that a crash at that moment would lose.
        """
        if self._unsaved is not None:
            step, reply = self._unsaved
            self._unsaved = None
            self._show_reply(step, reply)

    def _show_question(self, step: Step) -> None:
        words, question = self.words, step.question
        where = words.question_of.format(number=step.number, total=step.total)
        domain = step.text(step.domain.title) if step.domain else ""
        tag = words.observed_tag if question.observed else words.declared_tag
        prompt = step.text(question.prompt)
        help_text = step.text(question.help)
        console = self.console
        console.print()
        if self.plain:
            console.print(Text(f"{where}." + (f" {sanitize(domain)}." if domain else "")))
            console.print(Text(f"{tag}."))
        else:
            progress = bar(step.number - 1, max(step.total, 1))
            header = Text(f"{where}  {progress}")
            if domain:
                header.append(f"  {sanitize(domain)}", style="bold")
            console.print(header)
            console.print(Text(tag, style="reverse" if question.observed else "italic"))
        console.print(Text(sanitize(prompt), style="" if self.plain else "bold"))
        if help_text:
            console.print(Text(words.help_label + sanitize(help_text)))

    def _extras(self, step: Step) -> list[tuple[str, str]]:
        words = self.words
        observed = step.question.observed
        extras = [
            (DONT_KNOW, words.observed_dont_know if observed else words.dont_know),
            (DECLINED, words.observed_declined if observed else words.declined),
        ]
        if step.can_go_back:
            extras.append((GO_BACK, words.back))
        return extras

    def _label(self, step: Step) -> str:
        observed = step.question.observed
        return self.words.observed_answer_label if observed else self.words.answer_label

    def _single(self, step: Step, question: SingleQuestion) -> Reply | None:
        entries = [(o.value, sanitize(step.text(o.label))) for o in question.options]
        entries += self._extras(step)
        default = _default_value(step.previous)
        if self.plain:
            picked = self._plain_pick(entries, [default] if default else [], multiple=False)
            return _to_reply(picked[0]) if picked else None
        selected = _ask(
            _select(
                self._label(step),
                entries,
                separator_at=len(question.options),
                default=default if default in {v for v, _ in entries} else None,
                instruction=self.words.select_instruction,
            )
        )
        return _to_reply(selected)

    def _multiple(self, step: Step, question: MultipleQuestion) -> Reply | None:
        options = [(o.value, sanitize(step.text(o.label))) for o in question.options]
        extras = self._extras(step)
        previous = step.previous
        ticked = set(previous.value) if previous and isinstance(previous.value, list) else set()
        if previous and previous.state:
            ticked = {DONT_KNOW if previous.state == "dont_know" else DECLINED}
        alone = {o.value for o in question.options if o.exclusive} | {v for v, _ in extras}
        exclusive_labels = [label for value, label in options if value in alone]
        if self.plain:
            ordered = [value for value, _ in options + extras if value in ticked]
            picked = self._plain_pick(options + extras, ordered, multiple=True, alone=alone)
            if not picked and exclusive_labels:
                self.console.print(Text(self.words.tick_one.format(option=exclusive_labels[0])))
                return None
            return _to_multiple_reply(picked or [], options)
        entries = options + extras
        choices: list[Choice | Separator] = [
            Choice(f"{n}) {label}", value=value, checked=value in ticked)
            for n, (value, label) in enumerate(entries, start=1)
        ]
        choices.insert(len(options), Separator(" "))

        def validate(values: list[str]) -> bool | str:
            if not values and exclusive_labels:
                return self.words.tick_one.format(option=exclusive_labels[0])
            return True

        prompt = questionary.checkbox(
            self._label(step),
            choices=choices,
            validate=validate,
            use_jk_keys=False,
            instruction=self.words.checkbox_instruction,
            erase_when_done=True,
        )
        _tick_exclusively(prompt, [value for value, _ in entries], alone)
        _fit_to_screen(prompt)
        selected: list[str] = _ask(prompt)
        return _to_multiple_reply(selected, options)

    def _typed(self, step: Step, question: NumberQuestion | TextQuestion) -> Reply | None:
        previous = step.previous
        value = None if previous is None else previous.value
        if isinstance(question, NumberQuestion) and isinstance(value, int | float):
            default = self.words.number(value)  # "40,5" in French: the parser reads it back
        else:
            default = "" if value is None else str(value)
        parse = (
            _number_parser(question, self.words) if isinstance(question, NumberQuestion) else None
        )
        label = self._label(step)
        if isinstance(question, NumberQuestion) and question.unit is not None:
            label += f" ({sanitize(step.text(question.unit))})"

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True
            if parse is not None:
                result = parse(text)
                return result if isinstance(result, str) else True
            if isinstance(question, TextQuestion) and len(text.strip()) > question.max_length:
                return self.words.too_long.format(max=question.max_length, length=len(text.strip()))
            return True

        typed: str = _ask(
            questionary.text(
                label,
                default=sanitize(default),
                validate=validate,
                instruction=self.words.text_instruction,
                qmark="" if self.plain else "?",
                erase_when_done=not self.plain,
            )
        )
        if typed.strip():
            if parse is None:
                return Answer.of(typed.strip())
            number = parse(typed)
            assert not isinstance(number, str)
            return Answer.of(number)
        # Nothing written: the other ways out, or back to writing.
        entries = [(WRITE, self.words.write_answer), *self._extras(step)]
        if self.plain:
            picked = self._plain_pick(
                entries, [], multiple=False, question=self.words.other_choices
            )
            choice = picked[0] if picked else WRITE
        else:
            choice = _ask(
                _select(
                    self.words.other_choices, entries, instruction=self.words.select_instruction
                )
            )
        return None if choice == WRITE else _to_reply(choice)

    def _plain_pick(
        self,
        entries: Sequence[tuple[str, str]],
        default: Sequence[str],
        *,
        multiple: bool,
        alone: set[str] | None = None,
        question: str | None = None,
    ) -> list[str] | None:
        """One line per choice, then one line to type the number(s); None when empty."""
        if question:
            self.console.print(Text(question))
        for number, (_, label) in enumerate(entries, start=1):
            self.console.print(Text(f"{number}. {label}"))
        count = len(entries)
        numbers = {value: n for n, (value, _) in enumerate(entries, start=1)}
        template = self.words.plain_choices if multiple else self.words.plain_choice

        def parse(text: str) -> list[str] | str:
            parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
            if not parts or (not multiple and len(parts) > 1):
                return self.words.plain_bad_choice.format(count=count)
            if not all(p.isdigit() and 1 <= int(p) <= count for p in parts):
                return self.words.plain_bad_choice.format(count=count)
            values = list(dict.fromkeys(entries[int(p) - 1][0] for p in parts))
            lone = [v for v in values if alone and v in alone]
            if lone and len(values) > 1:
                label = dict(entries)[lone[0]]
                return self.words.plain_exclusive.format(option=label)
            return values

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True
            result = parse(text)
            return result if isinstance(result, str) else True

        typed: str = _ask(
            questionary.text(
                template.format(count=count),
                default=", ".join(str(numbers[v]) for v in default if v in numbers),
                validate=validate,
                qmark="",
            )
        )
        if not typed.strip():
            return [] if multiple else None
        result = parse(typed)
        assert not isinstance(result, str)
        return result

    def _show_reply(self, step: Step, reply: Reply) -> None:
        if self.plain or not isinstance(reply, Answer):
            return  # plain mode keeps the typed line; going back shows the question again
        self.console.print(Text(f"→ {_describe(step, reply, self.words)}"))

    # --- before the interview -------------------------------------------------------------

    def ask_person_id(self, suggestion: str) -> str:
        def validate(text: str) -> bool | str:
            return True if _PERSON.fullmatch(text.strip()) else self.words.person_invalid

        self.console.print(Text(self.words.person_intro))
        typed: str = _ask(
            questionary.text(
                self.words.person_prompt,
                default=suggestion,
                validate=validate,
                qmark="" if self.plain else "?",
            )
        )
        return typed.strip()

    def choose(self, message: str, entries: Sequence[tuple[str, str]]) -> str:
        """One choice among ``(value, label)`` pairs, after ``message`` on its own lines."""
        self.console.print(Text(sanitize(message)))
        if self.plain:
            picked = None
            while not picked:
                picked = self._plain_pick(entries, [], multiple=False)
            return picked[0]
        selected: str = _ask(
            _select(self.words.choose_label, entries, instruction=self.words.select_instruction)
        )
        label = dict(entries)[selected]
        self.console.print(Text(f"→ {label}"))
        return selected

    # --- after the interview --------------------------------------------------------------

    def pause(self, message: str) -> None:
        """Wait for Enter, after ``message``: what follows is not for the person's eyes."""
        self.console.print()
        _ask(questionary.text(sanitize(message), qmark=""))

    def ask_free_text(self, message: str, max_length: int) -> str:
        """A short line of free text, empty to skip, at most ``max_length`` characters."""

        def validate(text: str) -> bool | str:
            length = len(text.strip())
            return length <= max_length or self.words.too_long.format(max=max_length, length=length)

        typed: str = _ask(
            questionary.text(sanitize(message), validate=validate, qmark="" if self.plain else "?")
        )
        return typed.strip()


# --- helpers ------------------------------------------------------------------------------


def _select(
    message: str,
    entries: Sequence[tuple[str, str]],
    *,
    instruction: str,
    separator_at: int | None = None,
    default: str | None = None,
) -> Any:
    """A questionary select over ``(value, label)`` pairs, reachable by number at any length.

    questionary gives shortcut keys (1-9, 0, then a-z) to at most 36 choices and refuses
    longer lists. Beyond that, the choices are numbered in their labels and typing a
    number's digits moves the pointer to it, as the shortcuts do; Enter picks it.
    """
    numbered = len(entries) > len(InquirerControl.SHORTCUT_KEYS)
    choices: list[Choice | Separator] = [
        Choice(f"{n}) {label}" if numbered else label, value=value)
        for n, (value, label) in enumerate(entries, start=1)
    ]
    if separator_at is not None:
        choices.insert(separator_at, Separator(" "))
    prompt = questionary.select(
        message,
        choices=choices,
        default=default,
        use_shortcuts=not numbered,
        use_jk_keys=False,
        instruction=instruction,
        erase_when_done=True,
    )
    _fit_to_screen(prompt)
    if numbered:
        _point_by_number(prompt)
    return prompt


# Lines kept for what is printed above a list: progress, who is addressed, the question,
# its help, the prompt line.
_ABOVE_THE_LIST = 10


def _fit_to_screen(prompt: Any) -> None:
    """Keep a long list within the terminal, scrolling with the pointer.

    Drawn whole, a list taller than the terminal pushes the question off the top of the
    screen; limited in height, prompt_toolkit scrolls it to keep the pointed choice in view.
    """
    application = prompt.application
    window = next(
        w for w in application.layout.find_all_windows() if isinstance(w.content, InquirerControl)
    )

    def height() -> Dimension:
        rows = application.output.get_size().rows
        return Dimension(max=max(5, rows - _ABOVE_THE_LIST))

    window.height = height


def _point_by_number(prompt: Any) -> None:
    """Typing digits points at the choice of that number: "1" then "2" points at 12.

    A digit extends the number typed so far while such a choice exists and the pointer
    has not moved since (arrow keys start a new number); otherwise it starts a new one.
    """
    application = prompt.application
    control = next(
        c for c in application.layout.find_all_controls() if isinstance(c, InquirerControl)
    )
    indexes = [i for i, c in enumerate(control.choices) if not isinstance(c, Separator)]
    typed = {"number": 0}

    def point(number: int) -> bool:
        if not 1 <= number <= len(indexes):
            return False
        typed["number"] = number
        control.pointed_at = indexes[number - 1]
        return True

    def _digit(event: KeyPressEvent) -> None:
        digit = int(event.key_sequence[0].key)
        number = typed["number"]
        still_there = number and control.pointed_at == indexes[number - 1]
        if not (still_there and point(number * 10 + digit)):
            point(digit)

    for digit in "0123456789":
        application.key_bindings.add(digit, eager=True)(_digit)


def _ask(question: Any) -> Any:
    """Ask one prompt; Ctrl-D on an empty line stops like Ctrl-C (everything is saved)."""
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def _default_value(previous: Answer | None) -> str | None:
    if previous is None:
        return None
    if previous.state is not None:
        return DONT_KNOW if previous.state == "dont_know" else DECLINED
    return previous.value if isinstance(previous.value, str) else None


def _to_reply(choice: str) -> Reply:
    if choice == GO_BACK:
        return BACK
    if choice in _STATES:
        return Answer.stated(_STATES[choice])
    return Answer.of(choice)


def _to_multiple_reply(selected: list[str], options: Sequence[tuple[str, str]]) -> Reply:
    for special in (GO_BACK, DONT_KNOW, DECLINED):
        if special in selected:
            return _to_reply(special)
    order = [value for value, _ in options]
    return Answer.of(sorted(selected, key=order.index))


def _number_parser(question: NumberQuestion, words: Wording) -> Callable[[str], int | float | str]:
    """Text -> number within the question's bounds, or the message saying what is wrong."""

    def parse(text: str) -> int | float | str:
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
        if not re.fullmatch(r"-?\d{1,15}(\.\d{1,15})?", cleaned):
            return words.not_a_number
        as_float = float(cleaned)
        number: int | float = as_float
        if as_float.is_integer():
            number = int(as_float)
        elif question.integer:
            return words.not_whole
        if question.min is not None and number < question.min:
            return words.below_min.format(min=words.number(question.min))
        if question.max is not None and number > question.max:
            return words.above_max.format(max=words.number(question.max))
        return number

    return parse


def _describe(step: Step, answer: Answer, words: Wording) -> str:
    """The answer in words, for the line that stays on screen after the prompt."""
    observed = step.question.observed
    if answer.state == "dont_know":
        return words.observed_dont_know if observed else words.dont_know
    if answer.state == "declined":
        return words.observed_declined if observed else words.declined
    question = step.question
    value: AnswerValue | None = answer.value
    if isinstance(question, SingleQuestion | MultipleQuestion):
        values = value if isinstance(value, list) else [value]
        labels = [
            sanitize(step.text(option.label))
            for item in values
            if isinstance(item, str) and (option := question.option(item)) is not None
        ]
        return ", ".join(labels) or words.nothing_ticked
    if isinstance(question, NumberQuestion) and isinstance(value, int | float):
        return words.number(value)
    return sanitize(str(value))


def _tick_exclusively(prompt: Any, order: list[str], alone: set[str]) -> None:
    """Make a checkbox honour exclusive choices, and tick choice n with the digit n.

    questionary's checkbox has no notion of exclusive options ("Aucun de ceux-là",
    and here "je ne sais pas" too): ticking one clears the others, and ticking
    another clears it. "Select all" and "invert" are turned off for the same reason.
    """
    application = prompt.application
    control = next(
        c for c in application.layout.find_all_controls() if isinstance(c, InquirerControl)
    )
    bindings = application.key_bindings

    def tick(value: str) -> None:
        selected: list[str] = control.selected_options
        if value in selected:
            selected.remove(value)
        elif value in alone:
            selected[:] = [value]
        else:
            selected[:] = [v for v in selected if v not in alone] + [value]
        control.error_message = None

    def _space(event: KeyPressEvent) -> None:
        tick(str(control.get_pointed_at().value))

    bindings.add(" ", eager=True)(_space)

    for key in ("a", "i"):
        bindings.add(key, eager=True)(lambda event: None)

    for number, value in enumerate(order[:9], start=1):

        def _digit(event: KeyPressEvent, value: str = value) -> None:
            tick(value)
            control.pointed_at = next(i for i, c in enumerate(control.choices) if c.value == value)

        bindings.add(str(number), eager=True)(_digit)
