"""The questionary adapter, driven by keys through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from interview_helpers import load, many_options_toml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console

from bonsclics_cli.answers.sheet import Answer
from bonsclics_cli.cli.asker import QuestionaryAsker, _number_parser
from bonsclics_cli.cli.wording import ENGLISH, FRENCH, wording_for
from bonsclics_cli.interview.engine import BACK, Reply, Step
from bonsclics_cli.questionnaire.model import NumberQuestion, Questionnaire

ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


class Screen:
    def __init__(self, *, plain: bool = False, language: str = "fr") -> None:
        self.file = io.StringIO()
        console = Console(file=self.file, width=80, no_color=True, force_terminal=False)
        self.asker = QuestionaryAsker(console, wording_for(language), plain=plain)
        self.questionnaire: Questionnaire = load()[0]
        self.language = language

    def step(self, question_id: str, *, previous: Answer | None = None, back: bool = True) -> Step:
        q = self.questionnaire
        return Step(q, q.questions_by_id[question_id], self.language, 2, 6, previous, back)

    def ask(self, question_id: str, **kwargs: object) -> Reply:
        reply = self.asker.ask(self.step(question_id, **kwargs))  # type: ignore[arg-type]
        self.asker.show_saved_reply()  # what the session does once the answer is saved
        return reply

    @property
    def text(self) -> str:
        return self.file.getvalue()


# --- single -------------------------------------------------------------------------------


def test_single_number_shortcut_then_enter_picks_that_option(keys: PipeInput) -> None:
    screen = Screen()
    keys.send_text("2" + ENTER)
    assert screen.ask("smartphone") == Answer.of("non")
    assert "→ Non" in screen.text


def test_single_arrows_and_enter(keys: PipeInput) -> None:
    keys.send_text(DOWN + ENTER)
    assert Screen().ask("smartphone") == Answer.of("non")


def test_single_enter_keeps_the_previous_answer(keys: PipeInput) -> None:
    keys.send_text(ENTER)
    assert Screen().ask("smartphone", previous=Answer.of("non")) == Answer.of("non")


def test_single_offers_dont_know_declined_and_back_after_the_options(keys: PipeInput) -> None:
    keys.send_text("3" + ENTER + "4" + ENTER + "5" + ENTER)
    screen = Screen()
    assert screen.ask("smartphone") == Answer.stated("dont_know")
    assert screen.ask("smartphone") == Answer.stated("declined")
    assert screen.ask("smartphone") is BACK
    assert "→ Je ne sais pas" in screen.text and "→ Ne souhaite pas répondre" in screen.text


def test_single_without_back_on_the_first_question(keys: PipeInput) -> None:
    # only 4 choices: "5" is not a shortcut, so Enter takes the pointed (first) one
    keys.send_text("5" + ENTER)
    assert Screen().ask("smartphone", back=False) == Answer.of("oui")


def test_the_screen_shows_progress_domain_prompt_help_and_who_is_addressed(
    keys: PipeInput,
) -> None:
    keys.send_text(ENTER)
    screen = Screen()
    screen.ask("smartphone")
    assert "Question 2 sur 6" in screen.text
    assert "Équipement" in screen.text
    assert "À demander à la personne" in screen.text
    assert "Avez-vous un smartphone ?" in screen.text
    assert "Aide : Un téléphone qui va sur internet." in screen.text
    assert "█" * 3 in screen.text and "░" in screen.text  # 1 of 6 done: a bar, not a colour


def test_observed_tasks_are_marked_for_the_professional_with_their_own_words(
    keys: PipeInput,
) -> None:
    keys.send_text("3" + ENTER)
    screen = Screen()
    assert screen.ask("obs_photo") == Answer.stated("dont_know")
    assert "Mise en situation : consigne pour le professionnel" in screen.text
    assert "→ La personne dit ne pas savoir faire" in screen.text


def test_english_words(keys: PipeInput) -> None:
    keys.send_text("4" + ENTER)
    screen = Screen(language="en")
    assert screen.ask("smartphone") == Answer.stated("declined")
    assert "Question 2 of 6" in screen.text and "→ Prefers not to answer" in screen.text


def test_ctrl_c_raises_keyboard_interrupt(keys: PipeInput) -> None:
    keys.send_text(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        Screen().ask("smartphone")


# --- single, with more options than questionary has shortcut keys (36) ---------------------


def long_step(tmp_path: Path, options: int, *, first: bool) -> Step:
    path = tmp_path / "long.toml"
    path.write_text(many_options_toml(options, first=first), encoding="utf-8")
    questionnaire = load(path)[0]
    number = 1 if first else 2
    question = questionnaire.questions_by_id["q1"]
    return Step(questionnaire, question, "fr", number, number, None, not first)


@pytest.mark.parametrize("options", [35, 36, 40, 120])
def test_single_with_many_options_picks_by_number(
    keys: PipeInput, tmp_path: Path, options: int
) -> None:
    # 35 options and "je ne sais pas", "ne souhaite pas répondre": 37 choices, which once
    # ended the interview with "internal error (ValueError)"
    screen = Screen()
    step = long_step(tmp_path, options, first=True)
    keys.send_text("3" + "4" + ENTER)
    assert screen.asker.ask(step) == Answer.of("o34")


def test_single_with_many_options_reaches_the_states_and_back(
    keys: PipeInput, tmp_path: Path
) -> None:
    screen = Screen()
    step = long_step(tmp_path, 40, first=False)  # 40 options, then 41, 42, 43
    keys.send_text("4" + "1" + ENTER + "4" + "2" + ENTER + "4" + "3" + ENTER)
    assert screen.asker.ask(step) == Answer.stated("dont_know")
    assert screen.asker.ask(step) == Answer.stated("declined")
    assert screen.asker.ask(step) is BACK


def test_single_with_many_options_arrows_and_digits_start_a_new_number(
    keys: PipeInput, tmp_path: Path
) -> None:
    screen = Screen()
    step = long_step(tmp_path, 40, first=True)
    keys.send_text("1" + "2" + DOWN + "5" + ENTER)  # 12, then the arrow: "5" is 5, not 125
    keys.send_text("9" + "9" + ENTER)  # 99 does not exist: the second 9 starts again
    keys.send_text(DOWN * 38 + ENTER)  # the arrows reach every option
    assert screen.asker.ask(step) == Answer.of("o5")
    assert screen.asker.ask(step) == Answer.of("o9")
    assert screen.asker.ask(step) == Answer.of("o39")


def test_single_with_many_options_keeps_the_previous_answer(
    keys: PipeInput, tmp_path: Path
) -> None:
    screen = Screen()
    step = long_step(tmp_path, 50, first=True)
    keys.send_text(ENTER)
    step = Step(step.questionnaire, step.question, "fr", 1, 1, Answer.of("o47"), False)
    assert screen.asker.ask(step) == Answer.of("o47")
    screen.asker.show_saved_reply()
    assert "→ Option 47" in screen.text


def test_a_long_list_stays_within_the_screen(tmp_path: Path) -> None:
    # Drawn whole, 60 options pushed the question off the top of a 24-line terminal.
    drawn = io.StringIO()
    output = Vt100_Output(drawn, lambda: Size(rows=24, columns=80), term="xterm")
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        screen = Screen()
        step = long_step(tmp_path, 60, first=True)
        # Only Enter: typing a number scrolls the list, and what a redraw then shows
        # depends on when the renderer runs (it made this test flaky under load).
        pipe.send_text(ENTER)
        assert screen.asker.ask(step) == Answer.of("o1")
    shown = {int(n) for n in re.findall(r"(\d+)\) Option", drawn.getvalue())}
    # 24 lines, 10 kept for the question: 14 options drawn
    assert shown == set(range(1, 15))


# --- multiple -----------------------------------------------------------------------------


def test_multiple_ticks_with_space_or_digits_in_option_order(keys: PipeInput) -> None:
    keys.send_text(DOWN + " " + "1" + ENTER)
    screen = Screen()
    assert screen.ask("usages") == Answer.of(["appels", "photos"])
    assert "→ Appeler, Photos" in screen.text


def test_multiple_exclusive_option_clears_the_others_and_is_cleared_by_them(
    keys: PipeInput,
) -> None:
    keys.send_text("1" + "2" + "3" + ENTER)  # "aucun" clears appels and photos
    keys.send_text("3" + "1" + ENTER)  # appels clears "aucun"
    screen = Screen()
    assert screen.ask("usages") == Answer.of(["aucun"])
    assert screen.ask("usages") == Answer.of(["appels"])


def test_multiple_select_all_and_invert_are_off(keys: PipeInput) -> None:
    keys.send_text("a" + "2" + ENTER)  # "a" would tick everything, back included
    assert Screen().ask("usages") == Answer.of(["photos"])


def test_multiple_shows_previous_ticks_and_enter_keeps_them(keys: PipeInput) -> None:
    keys.send_text(ENTER)
    screen = Screen()
    assert screen.ask("usages", previous=Answer.of(["photos"])) == Answer.of(["photos"])


def test_multiple_nothing_ticked_is_refused_when_a_none_option_exists(keys: PipeInput) -> None:
    keys.send_text(ENTER + "3" + ENTER)  # first Enter refused, then "Aucun de ceux-là"
    assert Screen().ask("usages") == Answer.of(["aucun"])


def test_multiple_states_and_back_are_choices_that_go_alone(keys: PipeInput) -> None:
    keys.send_text("1" + "4" + ENTER)  # "je ne sais pas" clears "Appeler"
    keys.send_text("5" + ENTER)
    keys.send_text("2" + "6" + ENTER)
    screen = Screen()
    assert screen.ask("usages") == Answer.stated("dont_know")
    assert screen.ask("usages") == Answer.stated("declined")
    assert screen.ask("usages") is BACK


# --- number and text ----------------------------------------------------------------------


def test_number_checked_against_bounds_and_whole_numbers(keys: PipeInput) -> None:
    # 12 is below 16, 40,5 is not whole, "abc" is not a number: each refused in place
    keys.send_text("12" + ENTER + "\b\b" + "40,5" + ENTER + "\b" * 4 + "abc" + ENTER)
    keys.send_text("\b" * 3 + "54" + ENTER)
    screen = Screen()
    assert screen.ask("age") == Answer.of(54)
    assert "→ 54" in screen.text


@pytest.mark.parametrize(("language", "written"), [("fr", "40,5"), ("en", "40.5")])
def test_a_decimal_number_is_written_as_the_language_writes_it(
    keys: PipeInput, language: str, written: str
) -> None:
    keys.send_text("40,5" + ENTER)
    screen = Screen(language=language)
    question = screen.questionnaire.questions_by_id["age"].model_copy(
        update={"integer": False, "min": 16.5, "max": 120.25}
    )
    step = Step(screen.questionnaire, question, language, 2, 6, None, True)
    assert screen.asker.ask(step) == Answer.of(40.5)
    screen.asker.show_saved_reply()
    assert f"→ {written}" in screen.text
    assert isinstance(question, NumberQuestion)
    parse, sign = _number_parser(question, wording_for(language)), written[2]
    below, above = parse("12"), parse("121")
    assert isinstance(below, str) and below.endswith(f"16{sign}5.")
    assert isinstance(above, str) and above.endswith(f"120{sign}25.")


def test_number_previous_value_is_the_default(keys: PipeInput) -> None:
    keys.send_text(ENTER)
    assert Screen().ask("age", previous=Answer.of(61)) == Answer.of(61)


def test_text_longer_than_max_length_is_refused(keys: PipeInput) -> None:
    keys.send_text("x" * 25 + ENTER + "\b" * 6 + ENTER)
    assert Screen().ask("envie") == Answer.of("x" * 19)


def test_text_empty_enter_opens_the_other_choices(keys: PipeInput) -> None:
    keys.send_text(ENTER + "2" + ENTER)  # 1 write, 2 dont know, 3 declined, 4 back
    keys.send_text(ENTER + "4" + ENTER)
    keys.send_text(ENTER + "1" + ENTER + "lire" + ENTER)  # back to writing
    screen = Screen()
    assert screen.ask("envie") == Answer.stated("dont_know")
    assert screen.ask("envie") is BACK
    assert screen.ask("envie") == Answer.of("lire")


def test_text_is_kept_as_typed_but_shown_without_control_characters(keys: PipeInput) -> None:
    keys.send_text("[/bold]ok" + ENTER)
    screen = Screen()
    assert screen.ask("envie") == Answer.of("[/bold]ok")
    assert "→ [/bold]ok" in screen.text


# --- plain mode ---------------------------------------------------------------------------


def test_plain_lists_choices_one_per_line_and_reads_a_number(keys: PipeInput) -> None:
    keys.send_text("9" + ENTER + "\b" + "2" + ENTER)  # 9 is refused, 2 taken
    screen = Screen(plain=True)
    assert screen.ask("smartphone") == Answer.of("non")
    lines = screen.text.splitlines()
    assert "1. Oui" in lines and "2. Non" in lines
    assert "3. Je ne sais pas" in lines and "5. Revenir à la question précédente" in lines
    assert not any(char in screen.text for char in "█░│─╭")


def test_plain_multiple_reads_numbers_separated_by_commas(keys: PipeInput) -> None:
    keys.send_text("1, 3" + ENTER + "\b" * 4 + "2,1" + ENTER)  # "aucun" with another: refused
    assert Screen(plain=True).ask("usages") == Answer.of(["appels", "photos"])


def test_plain_multiple_back(keys: PipeInput) -> None:
    keys.send_text("6" + ENTER)
    assert Screen(plain=True).ask("usages") is BACK


# --- before the interview -----------------------------------------------------------------


def test_person_id_suggestion_is_kept_with_enter(keys: PipeInput) -> None:
    keys.send_text(ENTER)
    assert Screen().asker.ask_person_id("BC-7F3K9Q") == "BC-7F3K9Q"


def test_person_id_unsafe_is_refused_until_safe(keys: PipeInput) -> None:
    keys.send_text("\b" * 9 + "../x" + ENTER + "\b" * 4 + "Jean Dupont" + ENTER)
    keys.send_text("\b" * 11 + "P-42" + ENTER)
    assert Screen().asker.ask_person_id("BC-7F3K9Q") == "P-42"


def test_choose_returns_the_value(keys: PipeInput) -> None:
    keys.send_text("2" + ENTER)
    screen = Screen()
    assert screen.asker.choose("?", [("a", "A"), ("b", "B")]) == "b"


def test_wording_falls_back_to_english() -> None:
    assert wording_for("de") is ENGLISH
    assert wording_for("fr-CA") is FRENCH


def test_default_key_bindings_are_built_once_for_every_prompt() -> None:
    import prompt_toolkit.application.application as application

    # importing the asker shares them: building them took most of the wait between questions
    load = getattr(application, "load_key_bindings")  # noqa: B009
    assert load() is load()


def test_ctrl_d_on_an_empty_line_stops_like_ctrl_c(keys: PipeInput) -> None:
    keys.send_text("\x04")
    with pytest.raises(KeyboardInterrupt):
        Screen().ask("envie")
