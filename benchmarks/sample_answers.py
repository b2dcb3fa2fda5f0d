"""Realistic answers files for the benchmarks: coherent interviews of the bundled questionnaire."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from bonsclics_cli.answers.sheet import Answer, AnswerSheet, AnswerValue, QuestionnaireRef
from bonsclics_cli.questionnaire.catalog import Entry
from bonsclics_cli.questionnaire.model import MultipleQuestion, NumberQuestion, SingleQuestion


def random_sheet(
    entry: Entry, rng: random.Random, *, person: str, started: datetime
) -> AnswerSheet:
    """A coherent interview: applicable questions only, some states, one in ten unfinished."""
    q = entry.questionnaire
    values: dict[str, AnswerValue | None] = {}
    answers: dict[str, Answer] = {}
    finished = rng.random() < 0.9
    stop = len(q.questions) if finished else rng.randrange(len(q.questions))
    for question in q.questions[:stop]:
        if question.when is not None and not question.when.holds(values):
            continue
        roll = rng.random()
        if roll < 0.05:
            answers[question.id] = Answer.stated("dont_know")
            continue
        if roll < 0.08:
            answers[question.id] = Answer.stated("declined")
            continue
        value: Any
        if isinstance(question, SingleQuestion):
            value = rng.choice(question.options).value
        elif isinstance(question, MultipleQuestion):
            plain = [option.value for option in question.options if not option.exclusive]
            exclusive = [option.value for option in question.options if option.exclusive]
            value = rng.sample(plain, rng.randint(0, len(plain)))
            if not value and exclusive:
                value = exclusive[:1]
        elif isinstance(question, NumberQuestion):
            low = int(question.min if question.min is not None else 0)
            high = int(question.max if question.max is not None else 100)
            value = rng.randint(low, high)
        else:
            value = rng.choice(
                ["Envoyer des photos à mes petits-enfants.", "Les impôts <en ligne> & la CAF."]
            )
        answers[question.id] = Answer.of(value)
        values[question.id] = value
    updated = started + timedelta(minutes=rng.randint(10, 50))
    return AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, sha256=entry.sha256),
        person=person,
        language=rng.choice(q.languages),
        started_at=started,
        updated_at=updated,
        completed_at=updated if finished else None,
        answers=answers,
    )
