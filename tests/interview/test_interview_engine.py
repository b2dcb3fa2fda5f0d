"""The interview engine with a scripted asker: order, conditions, back, states, resume."""

from __future__ import annotations

import pytest
from interview_helpers import START, ScriptedAsker, TickingClock, load, value

from bonsclics_cli.answers.sheet import Answer, AnswerSheet
from bonsclics_cli.interview.engine import (
    BACK,
    Interview,
    InterviewInterrupted,
    new_sheet,
    suggest_person_id,
    unanswered_count,
)
from bonsclics_cli.store.folder import check_person_id

DONT_KNOW = Answer.stated("dont_know")
DECLINED = Answer.stated("declined")


def fresh(language: str = "fr", **extra: object) -> AnswerSheet:
    questionnaire, sha256 = load()
    return new_sheet(
        questionnaire, sha256, person="BC-TEST01", language=language, started_at=START, extra=extra
    )


def run(
    script: list[object], sheet: AnswerSheet | None = None
) -> tuple[AnswerSheet, ScriptedAsker, list[AnswerSheet]]:
    questionnaire, _ = load()
    saved: list[AnswerSheet] = []
    asker = ScriptedAsker.of(script)  # type: ignore[arg-type]
    interview = Interview(
        questionnaire, sheet or fresh(), asker, save=saved.append, clock=TickingClock()
    )
    return interview.run(), asker, saved


FULL = [
    value("oui"),
    value(["appels", "photos"]),
    value("seul"),
    value("jamais"),
    value(54),
    value("les e-mails"),
]


def test_a_full_run_asks_every_applicable_question_in_file_order() -> None:
    sheet, asker, _ = run(list(FULL))
    assert asker.asked == ["smartphone", "usages", "obs_photo", "code", "age", "envie"]
    assert [s.number for s in asker.seen] == [1, 2, 3, 4, 5, 6]
    assert sheet.complete
    assert sheet.answers["usages"] == Answer.of(["appels", "photos"])
    assert list(sheet.answers) == ["smartphone", "usages", "obs_photo", "code", "age", "envie"]


def test_questions_whose_condition_fails_are_not_asked() -> None:
    sheet, asker, _ = run([value("non"), value("jamais"), value(30), value("rien")])
    assert asker.asked == ["smartphone", "code", "age", "envie"]
    assert [(s.number, s.total) for s in asker.seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert "usages" not in sheet.answers


def test_progress_counts_the_questions_that_apply_given_the_answers_so_far() -> None:
    _, asker, _ = run(list(FULL))
    # usages and obs_photo start to apply once their conditions hold
    assert [(s.number, s.total) for s in asker.seen] == [
        (1, 4),
        (2, 5),
        (3, 6),
        (4, 6),
        (5, 6),
        (6, 6),
    ]


def test_the_first_question_cannot_go_back_the_others_can() -> None:
    _, asker, _ = run(list(FULL))
    assert [s.can_go_back for s in asker.seen] == [False, True, True, True, True, True]


def test_back_shows_the_previous_answer_and_keeps_it_when_confirmed() -> None:
    script = [value("oui"), BACK, value("oui"), *FULL[1:]]
    sheet, asker, _ = run(script)
    assert asker.asked[:3] == ["smartphone", "usages", "smartphone"]
    assert asker.seen[2].previous == Answer.of("oui")
    assert sheet.answers["smartphone"] == Answer.of("oui")


def test_back_at_the_first_question_asks_it_again() -> None:
    sheet, asker, _ = run([BACK, *FULL])
    assert asker.asked[:2] == ["smartphone", "smartphone"]
    assert sheet.complete


def test_going_back_and_changing_an_answer_drops_answers_no_longer_asked() -> None:
    script = [
        value("oui"),
        value(["photos"]),
        value("seul"),
        BACK,  # at code: back to obs_photo
        BACK,  # back to usages
        BACK,  # back to smartphone
        value("non"),  # usages and obs_photo no longer apply
        value("jamais"),
        value(40),
        value("rien"),
    ]
    sheet, asker, saved = run(script)
    assert asker.asked == [
        "smartphone",
        "usages",
        "obs_photo",
        "code",
        "obs_photo",
        "usages",
        "smartphone",
        "code",
        "age",
        "envie",
    ]
    assert "usages" not in sheet.answers and "obs_photo" not in sheet.answers
    assert sheet.complete
    # the drop is saved at once, with the changed answer
    changed = next(s for s in saved if s.answers.get("smartphone") == Answer.of("non"))
    assert "usages" not in changed.answers and "obs_photo" not in changed.answers


def test_going_back_then_forward_shows_the_same_questions_with_their_answers() -> None:
    script = [
        value("oui"),
        value(["photos"]),
        value("seul"),
        BACK,  # at code: back to obs_photo
        BACK,  # back to usages
        value(["appels", "photos"]),  # obs_photo still applies: shown again
        value("seul"),
        value("jamais"),  # code: shown again though it had no answer yet
        value(40),
        value("rien"),
    ]
    sheet, asker, _ = run(script)
    assert asker.asked[3:8] == ["code", "obs_photo", "usages", "obs_photo", "code"]
    assert asker.seen[5].previous == Answer.of(["photos"])
    assert asker.seen[6].previous == Answer.of("seul")
    assert sheet.answers["usages"] == Answer.of(["appels", "photos"])
    assert sheet.answers["obs_photo"] == Answer.of("seul")


def test_dont_know_and_declined_are_recorded_as_states_and_count_as_no_value() -> None:
    # "je ne sais pas" to smartphone: its condition has no value, so usages is not asked
    sheet, asker, _ = run([DONT_KNOW, DECLINED, value(70), DECLINED])
    assert asker.asked == ["smartphone", "code", "age", "envie"]
    assert sheet.answers["smartphone"] == DONT_KNOW
    assert sheet.answers["code"] == DECLINED
    assert sheet.answers["envie"] == DECLINED
    assert '"state": "dont_know"' in sheet.to_json()


def test_every_answer_is_saved_at_once_with_the_clock_time() -> None:
    sheet, _, saved = run(list(FULL))
    # one save per answer, then the completed sheet
    assert len(saved) == len(FULL) + 1
    assert [len(s.answers) for s in saved] == [1, 2, 3, 4, 5, 6, 6]
    assert [s.updated_at for s in saved[:2]] == [
        START.replace(second=1),
        START.replace(second=2),
    ]
    assert saved[-1].completed_at is not None and saved[-1] == sheet
    assert all(s.completed_at is None for s in saved[:-1])


def test_back_alone_saves_nothing() -> None:
    _, _, saved = run([value("oui"), BACK, value("oui"), *FULL[1:]])
    assert len(saved) == len(FULL) + 2  # two answers to smartphone, no save for BACK


def test_ctrl_c_saves_and_raises_interrupted_with_the_answers_so_far() -> None:
    with pytest.raises(InterviewInterrupted) as caught:
        run([value("oui"), value(["appels"]), KeyboardInterrupt])
    assert caught.value.exit_code == 130
    assert list(caught.value.sheet.answers) == ["smartphone", "usages"]
    assert not caught.value.sheet.complete


def test_ctrl_c_hands_the_last_sheet_to_save_again() -> None:
    questionnaire, _ = load()
    saved: list[AnswerSheet] = []
    asker = ScriptedAsker.of([value("non"), KeyboardInterrupt])
    interview = Interview(questionnaire, fresh(), asker, save=saved.append, clock=TickingClock())
    with pytest.raises(InterviewInterrupted):
        interview.run()
    assert [list(s.answers) for s in saved] == [["smartphone"], ["smartphone"]]


def test_resume_asks_only_what_is_missing_and_keeps_earlier_answers() -> None:
    questionnaire, _ = load()
    earlier = fresh().model_copy(
        update={"answers": {"smartphone": Answer.of("oui"), "usages": Answer.of(["appels"])}}
    )
    assert unanswered_count(questionnaire, earlier) == 3  # code, age, envie
    sheet, asker, _ = run([value("parfois"), value(20), value("x")], earlier)
    assert asker.asked == ["code", "age", "envie"]
    assert asker.seen[0].number == 3 and asker.seen[0].total == 5
    assert sheet.answers["smartphone"] == Answer.of("oui")
    assert sheet.answers["usages"] == Answer.of(["appels"])
    assert sheet.started_at == START


def test_resume_skips_answered_questions_after_a_gap() -> None:
    # A file whose middle question is missing (e.g. typed in by hand): only that one is asked.
    earlier = fresh().model_copy(
        update={
            "answers": {
                "smartphone": Answer.of("non"),
                "age": Answer.of(33),
                "envie": Answer.of("x"),
            }
        }
    )
    sheet, asker, _ = run([value("jamais")], earlier)
    assert asker.asked == ["code"]
    assert sheet.complete and sheet.answers["age"] == Answer.of(33)


def test_going_back_in_a_resumed_interview_reaches_earlier_answers() -> None:
    earlier = fresh().model_copy(update={"answers": {"smartphone": Answer.of("non")}})
    sheet, asker, _ = run([BACK, value("non"), value("jamais"), value(20), value("x")], earlier)
    assert asker.asked == ["code", "smartphone", "code", "age", "envie"]
    assert asker.seen[1].previous == Answer.of("non")
    assert sheet.complete


def test_a_completed_sheet_is_returned_without_asking_or_saving() -> None:
    done, _, _ = run(list(FULL))
    sheet, asker, saved = run([], done)
    assert sheet == done and asker.asked == [] and saved == []


def test_extra_keys_such_as_informed_at_are_kept_through_the_interview() -> None:
    sheet, _, saved = run(list(FULL), fresh(informed_at="2026-11-29T10:15:00+00:00"))
    assert sheet.model_extra == {"informed_at": "2026-11-29T10:15:00+00:00"}
    assert '"informed_at": "2026-11-29T10:15:00+00:00"' in saved[0].to_json()


def test_english_interview_steps_carry_the_language() -> None:
    questionnaire, _ = load()
    seen_texts: list[str] = []

    class Asker:
        def ask(self, step):  # type: ignore[no-untyped-def]
            seen_texts.append(step.text(step.question.prompt))
            raise KeyboardInterrupt

    with pytest.raises(InterviewInterrupted):
        Interview(
            questionnaire, fresh("en"), Asker(), save=lambda s: None, clock=TickingClock()
        ).run()
    assert seen_texts == ["Do you have a smartphone?"]


def test_an_invalid_reply_from_an_asker_is_a_bug_not_an_answer() -> None:
    with pytest.raises(ValueError, match="invalid answer to smartphone"):
        run([value("peut-etre")])


def test_suggested_person_ids_are_safe_and_unambiguous() -> None:
    ids = {suggest_person_id() for _ in range(200)}
    assert len(ids) > 190
    for person in ids:
        assert check_person_id(person) == person
        assert person.startswith("BC-") and len(person) == 9
        assert not set(person[3:]) & set("01OIL")
