"""Run ``bonsclics`` as a user does, through ``main``, and capture what they would see."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from bonsclics_cli.cli.app import main


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run_cli(
    args: Sequence[str | Path],
    *,
    input: str | None = None,
    terminal: bool = False,
    env: Mapping[str, str | None] | None = None,
) -> Outcome:
    """Run ``bonsclics ARGS``; ``input`` is typed on stdin, ``terminal`` makes stdout a tty,
    ``env`` changes the environment for the command only."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as (out, err, _):
        if terminal:
            sys.stdout.isatty = lambda: True  # type: ignore[method-assign]
        code = 0
        try:
            main([str(arg) for arg in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        raw = out.getvalue()
        return Outcome(code, raw.decode("utf-8"), err.getvalue().decode("utf-8"), raw)
