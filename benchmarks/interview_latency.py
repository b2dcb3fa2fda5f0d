"""How long the person waits between an answer and the next question.

Drives whole interviews of the default questionnaire through prompt_toolkit's
pipe input, with the real engine, the real questionary asker, a Rich console and
a VT100 output (both writing to the null device, so drawing costs are counted)
and the real autosave (each answer fsynced before the next question) to a
temporary folder. For every answer it
measures the time from the answer being accepted (the prompt returns) to the
next prompt being drawn on screen, and prints the median against the 50 ms target
and against a floor: drawing the same prompt with questionary alone.

    .venv/bin/python benchmarks/interview_latency.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import questionary
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console

from bonsclics_cli.cli.asker import QuestionaryAsker
from bonsclics_cli.cli.interview_session import now
from bonsclics_cli.cli.wording import wording_for
from bonsclics_cli.interview.autosave import SessionSaver
from bonsclics_cli.interview.engine import Interview, Reply, Step, new_sheet
from bonsclics_cli.questionnaire.catalog import DEFAULT_QUESTIONNAIRE, Catalog
from bonsclics_cli.questionnaire.model import MultipleQuestion, SingleQuestion

TARGET_MS = 50.0


class Timeline:
    """Times at which answers were accepted and prompts first drawn."""

    def __init__(self) -> None:
        self.answered: float | None = None
        self.waits: list[float] = []
        self.floors: list[float] = []

    def drawn(self) -> None:
        if self.answered is not None:
            self.waits.append(time.perf_counter() - self.answered)
            self.answered = None


@contextmanager
def instrumented(timeline: Timeline) -> Iterator[None]:
    """Hook questionary's prompts: note when each is first drawn and when it returns."""
    original: Callable[..., Any] = questionary.Question.unsafe_ask

    def unsafe_ask(self: Any, patch_stdout: bool = False) -> Any:
        first = [True]

        def after_render(_: Any) -> None:
            if first[0]:
                first[0] = False
                timeline.drawn()

        self.application.after_render += after_render
        result = original(self, patch_stdout)
        timeline.answered = time.perf_counter()
        return result

    questionary.Question.unsafe_ask = unsafe_ask  # type: ignore[method-assign]
    try:
        yield
    finally:
        questionary.Question.unsafe_ask = original  # type: ignore[method-assign]


class KeyedAsker(QuestionaryAsker):
    """The real asker, typing the first option (or a short text) for every question."""

    def __init__(self, console: Console, pipe: PipeInput) -> None:
        super().__init__(console, wording_for("fr"))
        self.pipe = pipe

    def ask(self, step: Step) -> Reply:
        question = step.question
        if isinstance(question, SingleQuestion | MultipleQuestion):
            self.pipe.send_text("1\r")
        else:
            self.pipe.send_text("apprendre les e-mails\r")
        return super().ask(step)


def null_output(stream: Any) -> Vt100_Output:
    return Vt100_Output(stream, lambda: Size(rows=40, columns=80), term="xterm")


def one_interview(folder: Path, index: int, timeline: Timeline) -> int:
    entry = Catalog().resolve(DEFAULT_QUESTIONNAIRE)
    with (
        open(os.devnull, "w", encoding="utf-8") as devnull,
        create_pipe_input() as pipe,
        create_app_session(input=pipe, output=null_output(devnull)),
    ):
        console = Console(file=devnull, width=80, force_terminal=True, color_system=None)
        sheet = new_sheet(
            entry.questionnaire, entry.sha256, person="BC-BENCH1", language="fr", started_at=now()
        )
        path = folder / f"session-{index}.json"
        saver = SessionSaver(path)
        interview = Interview(
            entry.questionnaire, sheet, KeyedAsker(console, pipe), save=saver.save, clock=now
        )
        done = interview.run()
        timeline.answered = None
        return len(done.answers)


def floor(timeline: Timeline, samples: int) -> None:
    """The same kind of prompt drawn by questionary alone: what we cannot go below."""
    with (
        open(os.devnull, "w", encoding="utf-8") as devnull,
        create_pipe_input() as pipe,
        create_app_session(input=pipe, output=null_output(devnull)),
    ):
        choices = [f"Réponse numéro {n}" for n in range(1, 8)]
        for _ in range(samples):
            pipe.send_text("1\r")
            start = time.perf_counter()
            question = questionary.select("Réponse", choices=choices, use_shortcuts=True)
            drawn: list[float] = []

            def note(_: Any, drawn: list[float] = drawn) -> None:
                drawn.append(time.perf_counter())

            question.application.after_render += note
            question.unsafe_ask()
            timeline.floors.append(drawn[0] - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="whole interviews to run")
    runs = parser.parse_args().runs

    timeline = Timeline()
    answers = 0
    with tempfile.TemporaryDirectory() as folder, instrumented(timeline):
        for index in range(runs):
            answers += one_interview(Path(folder), index, timeline)
    floor(timeline, 200)

    waits = sorted(1000 * wait for wait in timeline.waits)
    median = statistics.median(waits)
    p90 = waits[int(0.9 * (len(waits) - 1))]
    floor_median = statistics.median(1000 * f for f in timeline.floors)
    print(f"interviews: {runs}, answers: {answers}, measured waits: {len(waits)}")
    print(f"answer -> next question drawn: median {median:.1f} ms, 90th percentile {p90:.1f} ms")
    print(f"target {TARGET_MS:.0f} ms: median / target = {median / TARGET_MS:.2f} (<= 1.00 passes)")
    print(
        f"floor (questionary alone, prompt built and drawn): median {floor_median:.1f} ms; "
        f"ratio to floor = {median / floor_median:.1f}"
    )


if __name__ == "__main__":
    main()
