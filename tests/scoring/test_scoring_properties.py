"""Properties of scoring that must hold for any answers: hypothesis draws the interviews."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scoring_helpers import RULES_TOML, questionnaire, sheet

from bonsclics_cli.answers.sheet import AnswerValue
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import (
    MultipleQuestion,
    NumberQuestion,
    Questionnaire,
    SingleQuestion,
)
from bonsclics_cli.scoring.rules import (
    _percent,
    applicable_questions,
    round_half_up,
    score,
    score_result,
    standing,
)

RULES = questionnaire(RULES_TOML)
BUNDLED = [entry.questionnaire for entry in Catalog().entries if entry.bundled]
QUESTIONNAIRES = [RULES, *BUNDLED]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def interviews(draw: st.DrawFn, q: Questionnaire) -> dict[str, Any]:
    """Answers as an interview could leave them: applicable questions only, in order,
    each with a value, a state, or nothing yet (the interview stopped)."""
    values: dict[str, AnswerValue | None] = {}
    answers: dict[str, Any] = {}
    for question in q.questions:
        if question.when is not None and not question.when.holds(values):
            continue
        kind = draw(st.sampled_from(["value", "value", "value", "?", "-", "none"]))
        if kind in {"?", "-"}:
            answers[question.id] = kind
            continue
        if kind == "none":
            continue
        value: Any
        if isinstance(question, SingleQuestion):
            value = draw(st.sampled_from([option.value for option in question.options]))
        elif isinstance(question, MultipleQuestion):
            plain = [option.value for option in question.options if not option.exclusive]
            exclusive = [option.value for option in question.options if option.exclusive]
            value = draw(st.lists(st.sampled_from(plain), unique=True)) if plain else []
            if not value and exclusive and draw(st.booleans()):
                value = exclusive[:1]
        elif isinstance(question, NumberQuestion):
            low = int(question.min) if question.min is not None else -1000
            high = int(question.max) if question.max is not None else 1000
            value = draw(st.integers(low, high))
        else:
            value = draw(st.text(max_size=question.max_length))
        answers[question.id] = value
        values[question.id] = value
    return answers


def questionnaire_and_answers() -> st.SearchStrategy[tuple[Questionnaire, dict[str, Any]]]:
    return st.sampled_from(QUESTIONNAIRES).flatmap(lambda q: st.tuples(st.just(q), interviews(q)))


def domain_scores(q: Questionnaire, answers: dict[str, Any]) -> dict[str, int | None]:
    card = score(q, sheet(q, answers))
    return {result.domain.id: result.score for result in card.domains}


def asked(q: Questionnaire, answers: dict[str, Any]) -> list[str]:
    return [question.id for question in applicable_questions(q, sheet(q, answers).answers)[0]]


@SETTINGS
@given(questionnaire_and_answers())
def test_scores_stay_between_0_and_100(drawn: tuple[Questionnaire, dict[str, Any]]) -> None:
    q, answers = drawn
    card = score(q, sheet(q, answers))
    for value in [card.score, *(domain.score for domain in card.domains)]:
        assert value is None or 0 <= value <= 100
    assert (card.score is None) == all(domain.score is None for domain in card.domains)
    if card.level is not None:
        assert card.level.min <= (card.score or 0)


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_raising_the_points_of_one_answer_never_lowers_its_domain_score(
    drawn: tuple[Questionnaire, dict[str, Any]], data: st.DataObject
) -> None:
    q, answers = drawn
    chosen = [
        q.questions_by_id[key]
        for key, value in answers.items()
        if isinstance(q.questions_by_id[key], SingleQuestion)
        and q.questions_by_id[key].domain is not None
        and value not in {"?", "-"}
    ]
    assume(chosen)
    question = data.draw(st.sampled_from(chosen))
    assert isinstance(question, SingleQuestion) and question.domain is not None
    current = question.option(answers[question.id])
    assert current is not None
    better = [o.value for o in question.options if (o.points or 0) >= (current.points or 0)]
    raised = dict(answers, **{question.id: data.draw(st.sampled_from(better))})
    # A different answer may open or close follow-up questions; the property is about
    # the points of this one answer, so the questions asked must stay the same.
    assume(asked(q, raised) == asked(q, answers))
    before = domain_scores(q, answers)[question.domain]
    after = domain_scores(q, raised)[question.domain]
    assert before is not None and after is not None and after >= before


@SETTINGS
@given(questionnaire_and_answers(), st.data())
def test_declining_a_question_changes_no_other_domain(
    drawn: tuple[Questionnaire, dict[str, Any]], data: st.DataObject
) -> None:
    q, answers = drawn
    scored = [key for key in answers if q.questions_by_id[key].domain is not None]
    assume(scored)
    key = data.draw(st.sampled_from(scored))
    declined = dict(answers, **{key: "-"})
    domain = q.questions_by_id[key].domain
    others = {question.id for question in q.questions if question.domain != domain}
    # Declining can close a follow-up question of another domain that depends on this
    # answer (appareils -> gestes_smartphone); the property is for the questions asked.
    assume(
        [k for k in asked(q, declined) if k in others]
        == [k for k in asked(q, answers) if k in others]
    )
    before, after = domain_scores(q, answers), domain_scores(q, declined)
    assert {d: s for d, s in after.items() if d != domain} == {
        d: s for d, s in before.items() if d != domain
    }


def test_in_the_rules_questionnaire_declining_never_moves_another_domain() -> None:
    """No condition there crosses domains, so no assumption is needed at all."""

    @SETTINGS
    @given(interviews(RULES), st.data())
    def check(answers: dict[str, Any], data: st.DataObject) -> None:
        scored = [key for key in answers if RULES.questions_by_id[key].domain is not None]
        assume(scored)
        key = data.draw(st.sampled_from(scored))
        domain = RULES.questions_by_id[key].domain
        before, after = (
            domain_scores(RULES, answers),
            domain_scores(RULES, dict(answers, **{key: "-"})),
        )
        assert {d: s for d, s in after.items() if d != domain} == {
            d: s for d, s in before.items() if d != domain
        }

    check()


@SETTINGS
@given(questionnaire_and_answers(), st.booleans())
def test_batch_scoring_agrees_with_the_model(
    drawn: tuple[Questionnaire, dict[str, Any]], complete: bool
) -> None:
    q, answers = drawn
    one = sheet(q, answers, complete=complete)
    objects = {
        key: {"value": a.value} if a.state is None else {"state": a.state}
        for key, a in one.answers.items()
    }
    result, unanswered = score_result("f", q, one.person, complete, objects)
    card = score(q, one)
    assert result == card.to_json("f")
    assert unanswered == card.unanswered
    # Where it stands (the rows of an export, the list of persons): the card's figures.
    now = standing(q, objects, complete)
    assert (now.complete, now.score, now.level) == (card.complete, card.score, card.level)
    assert now.domain_scores == tuple(domain.score for domain in card.domains)
    assert now.domain_levels == tuple(domain.level for domain in card.domains)
    assert score(q, one, with_advice=False) == dataclasses.replace(card, advice=())


@settings(max_examples=300, deadline=None)
@given(
    st.fractions(min_value=0, max_value=1000, max_denominator=1000),
    st.fractions(min_value=Fraction(1, 1000), max_value=1000, max_denominator=1000),
)
def test_integer_percentages_round_half_up_like_fractions(part: Fraction, whole: Fraction) -> None:
    assume(part <= whole)
    expected = round_half_up(100 * part / whole)
    assert _percent(part, whole) == expected
    if part.denominator == whole.denominator == 1:
        assert _percent(int(part), int(whole)) == expected
