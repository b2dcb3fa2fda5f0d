"""Questionnaire -> AnswerSheet: walk the questions, apply conditions, go back, resume.

The engine never prompts: it asks through an ``Asker`` (questionary in the CLI, a
scripted fake in tests), hands every new state of the sheet to a ``save``
callback, and reads the time from a ``clock``.

Walking rules:
- questions come in file order; only applicable ones (docs/format.md §3.1) are asked;
- the first question asked is the first applicable one without an answer, so a
  resumed interview asks only what is missing;
- "back" goes to the previous applicable question, showing its answer;
- after an answer, the next question is the following applicable one that has no
  answer yet or was already shown in this run (so going back then forward walks
  through the same questions again, and earlier answers are never re-asked);
- when an answer changes which questions apply, the answers of questions that no
  longer apply are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol, TypeAlias

from bonsclics_cli.answers.applicable import applicable_questions
from bonsclics_cli.answers.checks import value_problem
from bonsclics_cli.answers.sheet import Answer, AnswerSheet, QuestionnaireRef
from bonsclics_cli.errors import Interrupted
from bonsclics_cli.i18n import _
from bonsclics_cli.questionnaire.model import AnyQuestion, Domain, Questionnaire

Clock: TypeAlias = Callable[[], datetime]
Save: TypeAlias = Callable[[AnswerSheet], None]


class GoBack:
    """The reply "go back to the previous question"."""

    _instance: GoBack | None = None

    def __new__(cls) -> GoBack:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BACK"


BACK: Final = GoBack()
Reply: TypeAlias = Answer | GoBack


@dataclass(frozen=True, slots=True)
class Step:
    """One question to ask, with what the person at the screen should see around it."""

    questionnaire: Questionnaire
    question: AnyQuestion
    language: str
    number: int  # 1-based position among the questions that apply now
    total: int  # how many questions apply now
    previous: Answer | None  # the answer already given, shown as the default
    can_go_back: bool

    @property
    def domain(self) -> Domain | None:
        if self.question.domain is None:
            return None
        return self.questionnaire.domains_by_id.get(self.question.domain)

    def text(self, value: Any) -> str:
        """A questionnaire text in the interview's language."""
        return self.questionnaire.text(value, self.language)


class Asker(Protocol):
    def ask(self, step: Step) -> Reply:
        """The answer to ``step.question``, or ``BACK``; Ctrl-C raises KeyboardInterrupt."""
        ...


class InterviewInterrupted(Interrupted):
    """Ctrl-C during the interview, after the answers so far were handed to ``save``."""

    def __init__(self, sheet: AnswerSheet) -> None:
        super().__init__(_("interview interrupted"))
        self.sheet = sheet


def new_sheet(
    questionnaire: Questionnaire,
    sha256: str,
    *,
    person: str,
    language: str,
    started_at: datetime,
    extra: Mapping[str, Any] | None = None,
) -> AnswerSheet:
    """An empty answers sheet for a new interview; ``extra`` holds documented extra keys."""
    return AnswerSheet.model_validate(
        {
            "format": 1,
            "questionnaire": QuestionnaireRef(
                id=questionnaire.id, version=questionnaire.version, sha256=sha256
            ),
            "person": person,
            "language": language,
            "started_at": started_at,
            "updated_at": started_at,
            "completed_at": None,
            "answers": {},
            **(extra or {}),
        }
    )


def unanswered_count(questionnaire: Questionnaire, sheet: AnswerSheet) -> int:
    """How many questions that apply now still have no answer."""
    applicable, _ = applicable_questions(questionnaire, sheet.answers)
    return sum(question.id not in sheet.answers for question in applicable)


class Interview:
    """One run of the interview over ``sheet``, new or resumed."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        sheet: AnswerSheet,
        asker: Asker,
        *,
        save: Save,
        clock: Clock,
    ) -> None:
        if sheet.language not in questionnaire.languages:
            raise ValueError(f"language {sheet.language!r} is not one of the questionnaire's")
        self.questionnaire = questionnaire
        self.sheet = sheet
        self._asker = asker
        self._save = save
        self._clock = clock
        self._shown: set[str] = set()

    def run(self) -> AnswerSheet:
        """Ask until every applicable question has an answer; return the completed sheet.

        Ctrl-C hands the sheet to ``save`` once more and raises InterviewInterrupted.
        """
        if self.sheet.complete:
            return self.sheet
        try:
            current = self._first_missing()
            while current is not None:
                current = self._ask(current)
            now = self._clock()
            self.sheet = self.sheet.model_copy(update={"completed_at": now, "updated_at": now})
            self._save(self.sheet)
            return self.sheet
        except KeyboardInterrupt:
            self._save(self.sheet)
            raise InterviewInterrupted(self.sheet) from None

    # --- one step -------------------------------------------------------------------------

    def _applicable(self, answers: Mapping[str, Answer]) -> list[AnyQuestion]:
        return applicable_questions(self.questionnaire, dict(answers))[0]

    def _first_missing(self) -> AnyQuestion | None:
        answers = self.sheet.answers
        return next((q for q in self._applicable(answers) if q.id not in answers), None)

    def _ask(self, question: AnyQuestion) -> AnyQuestion | None:
        """Ask ``question``; return the next question to ask, or None when done."""
        answers = dict(self.sheet.answers)
        applicable = self._applicable(answers)
        index = next(i for i, q in enumerate(applicable) if q.id == question.id)
        self._shown.add(question.id)
        reply = self._asker.ask(
            Step(
                questionnaire=self.questionnaire,
                question=question,
                language=self.sheet.language,
                number=index + 1,
                total=len(applicable),
                previous=answers.get(question.id),
                can_go_back=index > 0,
            )
        )
        if isinstance(reply, GoBack):
            return applicable[index - 1] if index > 0 else question
        if reply.value is not None:
            problem = value_problem(question, reply.value)
            if problem:
                raise ValueError(f"the asker gave an invalid answer to {question.id}: {problem}")

        before = {q.id for q in applicable}
        answers[question.id] = reply
        applicable = self._applicable(answers)
        after = {q.id for q in applicable}
        for dropped in before - after:
            answers.pop(dropped, None)
        self._record(answers)

        index = next(i for i, q in enumerate(applicable) if q.id == question.id)
        return next(
            (
                q
                for q in applicable[index + 1 :]
                if q.id not in self.sheet.answers or q.id in self._shown
            ),
            None,
        )

    def _record(self, answers: Mapping[str, Answer]) -> None:
        in_file_order = {
            q.id: answers[q.id] for q in self.questionnaire.questions if q.id in answers
        }
        self.sheet = self.sheet.model_copy(
            update={"answers": in_file_order, "updated_at": self._clock()}
        )
        self._save(self.sheet)


# Letters and digits that cannot be confused when read aloud or copied by hand (no 0/O, 1/I/L).
_ID_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def suggest_person_id(prefix: str = "BC-", length: int = 6) -> str:
    """A random pseudonymous id such as ``BC-7F3K9Q``, so no name needs typing."""
    import secrets

    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))
