"""Shared pieces for the interview tests: the test questionnaire, a clock, a scripted asker."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bonsclics_cli.answers.sheet import Answer
from bonsclics_cli.compat import UTC
from bonsclics_cli.interview.engine import Reply, Step
from bonsclics_cli.questionnaire.loader import load_file
from bonsclics_cli.questionnaire.model import Questionnaire

HERE = Path(__file__).parent
INTERVIEW_TOML = HERE / "interview.toml"
START = datetime(2026, 11, 29, 10, 15, tzinfo=UTC)


def load(path: Path = INTERVIEW_TOML) -> tuple[Questionnaire, str]:
    result = load_file(path)
    assert result.questionnaire is not None and result.sha256 is not None, result.findings
    return result.questionnaire, result.sha256


class TickingClock:
    """A clock that moves one second at every call, from ``START``."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> datetime:
        self.calls += 1
        return START + timedelta(seconds=self.calls)


@dataclass
class Seen:
    question: str
    number: int
    total: int
    previous: Answer | None
    can_go_back: bool


@dataclass
class ScriptedAsker:
    """Replies from a script; ``KeyboardInterrupt`` in the script is raised as Ctrl-C."""

    script: list[Reply | type[KeyboardInterrupt]]
    seen: list[Seen] = field(default_factory=list)

    @classmethod
    def of(cls, replies: Iterable[Reply | type[KeyboardInterrupt]]) -> ScriptedAsker:
        return cls(list(replies))

    def ask(self, step: Step) -> Reply:
        self.seen.append(
            Seen(step.question.id, step.number, step.total, step.previous, step.can_go_back)
        )
        if not self.script:
            raise AssertionError(f"unexpected question {step.question.id}")
        reply = self.script.pop(0)
        if reply is KeyboardInterrupt:
            raise KeyboardInterrupt
        assert not isinstance(reply, type)
        return reply

    @property
    def asked(self) -> list[str]:
        return [seen.question for seen in self.seen]


def value(v: str | list[str] | int | float) -> Answer:
    return Answer.of(v)


def many_options_toml(options: int, *, questions: int = 1, first: bool = True) -> str:
    """A questionnaire of ``questions`` single questions of ``options`` options each.

    With ``first`` false, a yes/no question comes before them, so they offer "back".
    """
    lines = [
        'format = 1\nid = "long"\nversion = "1.0.0"\nlanguages = ["fr"]',
        'title = { fr = "Longue liste" }',
        '[[domains]]\nid = "d"\ntitle = { fr = "Domaine" }',
    ]
    if not first:
        lines.append(
            '[[questions]]\nid = "avant"\ntype = "single"\ndomain = "d"\nprompt = { fr = "Avant ?" }\n'
            'options = [{ value = "oui", label = { fr = "Oui" }, points = 1 },'
            ' { value = "non", label = { fr = "Non" }, points = 0 }]'
        )
    for number in range(1, questions + 1):
        choices = ", ".join(
            f'{{ value = "o{n}", label = {{ fr = "Option {n}" }}, points = {n % 2} }}'
            for n in range(1, options + 1)
        )
        lines.append(
            f'[[questions]]\nid = "q{number}"\ntype = "single"\ndomain = "d"\n'
            f'prompt = {{ fr = "Question longue {number} ?" }}\noptions = [{choices}]'
        )
    lines.append('[[levels]]\nid = "tous"\nmin = 0\ntitle = { fr = "Tous" }')
    lines.append('description = { fr = "Tout le monde." }')
    return "\n\n".join(lines) + "\n"


BONSCLICS = str(Path(sys.executable).with_name("bonsclics"))


def spawn(*args: str, data: Path) -> Any:
    """``bonsclics ARGS`` in a real 80x40 pseudo-terminal, its data folder ``data``."""
    import pexpect

    env = dict(os.environ, COLUMNS="80", LINES="40", TERM="xterm", NO_COLOR="1")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env["BONSCLICS_DATA_DIR"] = str(data)
    return pexpect.spawn(
        BONSCLICS, list(args), env=env, dimensions=(40, 80), encoding="utf-8", timeout=15
    )
