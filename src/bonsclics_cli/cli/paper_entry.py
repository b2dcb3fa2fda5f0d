"""``bonsclics run --from-paper``: a paper form typed in by the professional, alone.

No introduction is read (the person read it on paper and ticked the consent line): the
professional types the person's number, the date on the form and the date of agreement,
then the answers with the interview's own prompts in a compact mode: the paper's question
numbers, and a choice answered by its number in one keystroke. The session's times are
the paper's date, so a typed-in form reads like the interview it records.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.key_binding import KeyPressEvent
from questionary import Separator
from questionary.prompts.common import InquirerControl
from rich.text import Text

from bonsclics_cli.answers.sheet import AnswerSheet
from bonsclics_cli.cli.asker import (
    QuestionaryAsker,
    _ask,
    _default_value,
    _select,
    _to_reply,
)
from bonsclics_cli.cli.console import sanitize
from bonsclics_cli.interview.engine import Reply, Step, new_sheet
from bonsclics_cli.questionnaire.model import SingleQuestion
from bonsclics_cli.store.folder import check_person_id
from bonsclics_cli.store.resume import ENTERED_KEY, INFORMED_KEY

if TYPE_CHECKING:
    from pathlib import Path

    from bonsclics_cli.cli.context import AppContext
    from bonsclics_cli.questionnaire.catalog import Entry


class PaperAsker(QuestionaryAsker):
    """The interview's prompts, compact: one line per question, a choice in one keystroke."""

    instruction = ""

    def _show_question(self, step: Step) -> None:
        question = step.question
        number = step.questionnaire.questions.index(question) + 1
        tag = self.words.observed_tag if question.observed else ""
        line = Text(f"{number}. {sanitize(step.text(question.prompt))}", style="bold")
        if tag:
            line.append(f"  [{tag}]")
        self.console.print(line)

    def _single(self, step: Step, question: SingleQuestion) -> Reply | None:
        entries = [(o.value, sanitize(step.text(o.label))) for o in question.options]
        entries += self._extras(step)
        default = _default_value(step.previous)
        prompt = _select(
            self._label(step),
            entries,
            separator_at=len(question.options),
            default=default if default in {v for v, _ in entries} else None,
            instruction=self.instruction or self.words.select_instruction,
        )
        _answer_by_key(prompt)
        return _to_reply(_ask(prompt))

    def ask_date(self, message: str, default: date, invalid: str) -> date:
        def validate(text: str) -> bool | str:
            return True if _parse_date(text) is not None else invalid

        typed: str = _ask(
            questionary.text(
                message, default=default.strftime("%d/%m/%Y"), validate=validate, qmark=""
            )
        )
        found = _parse_date(typed)
        assert found is not None
        return found


def _answer_by_key(prompt: Any) -> None:
    """The key shown before a choice (1-9, 0, then a-z) picks it and moves on: no Enter."""
    application = prompt.application
    control = next(
        c for c in application.layout.find_all_controls() if isinstance(c, InquirerControl)
    )
    choices = [c for c in control.choices if not isinstance(c, Separator)]
    keys = InquirerControl.SHORTCUT_KEYS
    if len(choices) > len(keys):
        return  # numbered in full: digits move the pointer, Enter picks (asker._select)
    for key, choice in zip(keys, choices, strict=False):

        def _pick(event: KeyPressEvent, value: Any = choice.value) -> None:
            event.app.exit(result=value)

        application.key_bindings.add(key, eager=True)(_pick)


def _parse_date(text: str) -> date | None:
    cleaned = text.strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", cleaned)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(cleaned)
    except ValueError:
        return None


def paper_moment(day: date) -> datetime:
    """A day from the paper as the session's time: noon, local time, to the second."""
    return datetime.combine(day, time(12)).astimezone()


def type_in_paper(
    app: AppContext,
    entry: Entry,
    language: str,
    person: str | None,
    data_dir: Path | None,
    plain: bool,
) -> None:
    """Type a paper form in; see the module docstring."""
    from bonsclics_cli.cli.interview_session import (
        _command,
        _hold,
        _interview,
        _not_saved,
        _stopped,
        now,
    )
    from bonsclics_cli.cli.result_view import show_result
    from bonsclics_cli.cli.wording import wording_for
    from bonsclics_cli.i18n import translation
    from bonsclics_cli.scoring.rules import score

    t = translation(language)
    words = wording_for(language)
    console = app.console(plain=plain)
    asker = PaperAsker(console, words, plain=plain)
    asker.instruction = t.gettext("(its number: no Enter needed)")
    invalid = t.gettext("A date such as 31/12/2026.")
    try:
        if person is None:
            person = asker.ask_person_id("")
        day = asker.ask_date(t.gettext("Date written on the form:"), now().date(), invalid)
        agreed = asker.ask_date(t.gettext("Date of the person's agreement:"), day, invalid)
    except KeyboardInterrupt:
        _stopped(words.interrupted_before_start)
    check_person_id(person)
    moment = paper_moment(day)
    sheet: AnswerSheet = new_sheet(
        entry.questionnaire,
        entry.sha256,
        person=person,
        language=language,
        started_at=moment,
        extra={INFORMED_KEY: paper_moment(agreed).isoformat(), ENTERED_KEY: now().isoformat()},
    )
    folder = app.folder(data_dir)
    try:
        path = folder.new_session_path(person, entry.questionnaire.id, moment)
    except OSError as exc:
        _not_saved(words, folder.root, exc)
    with contextlib.ExitStack() as held:
        _hold(held, path, words)
        finished = _interview(asker, entry, sheet, path, None, clock=lambda: moment)
    show_result(
        console,
        score(entry.questionnaire, finished),
        words=words,
        language=language,
        saved_in=str(path),
        report_commands=(
            _command(entry, "report", str(path), "--audience", "person"),
            _command(entry, "report", str(path)),
        ),
        plain=plain,
    )
