"""How long typing a 12-question paper form in takes (``run --from-paper``).

Drives the real compact asker (``cli.paper_entry.PaperAsker``), the real engine and the
real autosave through prompt_toolkit's pipe input, over a form of the default
questionnaire whose answers ask 12 questions: one key per single choice, the numbers
then Enter for several choices, a few letters for the text. It prints the keys a form
takes, the machine's time per form, and the time at a pace of one key every
``--seconds-per-key`` (eyes on the paper, then on the keyboard) against the one-minute
target.

    .venv/bin/python benchmarks/paper_entry.py [--forms 20] [--seconds-per-key 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console

from bonsclics_cli.cli.paper_entry import PaperAsker, paper_moment
from bonsclics_cli.cli.wording import wording_for
from bonsclics_cli.interview.autosave import SessionSaver
from bonsclics_cli.interview.engine import Interview, Reply, Step, new_sheet
from bonsclics_cli.questionnaire.catalog import DEFAULT_QUESTIONNAIRE, Catalog

TARGET_SECONDS = 60.0
# The keys typed for each question of the default questionnaire: "aucune démarche" skips
# question 2, no account skips question 9, so 12 questions are asked.
KEYS = {
    "demarche_a_faire": "8",
    "appareils": "1\r",
    "connexion": "2",
    "lecture_ecran": "1",
    "email": "1",
    "obs_piece_jointe": "1",
    "comptes": "6\r",
    "demarches_faites": "1",
    "code_sms": "1",
    "obs_sms_frauduleux": "1",
    "aide_actuelle": "1",
    "envie_apprendre": "ameli\r",
}


class KeyedPaperAsker(PaperAsker):
    """The compact asker, typing the keys of ``KEYS`` as each question comes."""

    def __init__(self, console: Console, pipe: PipeInput) -> None:
        super().__init__(console, wording_for("fr"))
        self.pipe = pipe
        self.keys = 0
        self.asked = 0

    def ask(self, step: Step) -> Reply:
        keys = KEYS[step.question.id]
        self.keys += len(keys)
        self.asked += 1
        self.pipe.send_text(keys)
        return super().ask(step)


def one_form(folder: Path, index: int) -> tuple[float, int, int]:
    entry = Catalog().resolve(DEFAULT_QUESTIONNAIRE)
    moment = paper_moment(date(2026, 11, 28))
    with (
        open(os.devnull, "w", encoding="utf-8") as devnull,
        create_pipe_input() as pipe,
        create_app_session(
            input=pipe,
            output=Vt100_Output(devnull, lambda: Size(rows=40, columns=100), term="xterm"),
        ),
    ):
        console = Console(file=devnull, width=100, force_terminal=True, color_system=None)
        asker = KeyedPaperAsker(console, pipe)
        sheet = new_sheet(
            entry.questionnaire, entry.sha256, person="BC-BENCH2", language="fr", started_at=moment
        )
        saver = SessionSaver(folder / f"form-{index}.json")
        start = time.perf_counter()
        Interview(entry.questionnaire, sheet, asker, save=saver.save, clock=lambda: moment).run()
        return time.perf_counter() - start, asker.keys, asker.asked


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--forms", type=int, default=20, help="forms to type in")
    parser.add_argument("--seconds-per-key", type=float, default=2.0, help="a person's pace")
    arguments: Any = parser.parse_args()
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for index in range(arguments.forms):
            seconds, keys, asked = one_form(Path(folder), index)
            times.append(seconds)
    machine = statistics.median(times)
    # the two dates are one Enter each when they are the ones offered
    keys += 2
    human = keys * arguments.seconds_per_key + machine
    print(f"forms: {arguments.forms}, questions asked per form: {asked}, keys per form: {keys}")
    print(f"machine time per form (answers saved after each): median {machine * 1000:.0f} ms")
    print(
        f"at {arguments.seconds_per_key:g} s per key: {human:.0f} s per form; "
        f"target {TARGET_SECONDS:.0f} s: ratio = {human / TARGET_SECONDS:.2f} (<= 1.00 passes)"
    )


if __name__ == "__main__":
    main()
