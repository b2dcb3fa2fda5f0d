"""The interview's layers: the engine never loads the terminal libraries, --help never loads
questionary."""

from __future__ import annotations

import subprocess
import sys

TERMINAL = ("questionary", "prompt_toolkit", "rich", "typer")


def loaded_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def test_the_engine_and_its_helpers_import_no_terminal_library() -> None:
    loaded = loaded_after(
        "import bonsclics_cli.interview.engine, bonsclics_cli.interview.autosave, bonsclics_cli.store.resume"
    )
    assert not loaded & set(TERMINAL)


def test_the_command_line_loads_questionary_only_when_an_interview_starts() -> None:
    loaded = loaded_after("import bonsclics_cli.cli.app, bonsclics_cli.cli.run")
    assert "questionary" not in loaded and "prompt_toolkit" not in loaded
