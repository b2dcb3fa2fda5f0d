"""The command tree holds only the command a command line runs (Typer reads the signature
of every command it puts in a tree): what the user sees must not change."""

from __future__ import annotations

import pytest
from cli_runner import run_cli

from bonsclics_cli.cli.app import command_name, command_tree


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["run"], "run"),
        (["--lang", "fr", "run", "--lang", "en"], "run"),
        (["--lang=en", "--plain", "export", "-o", "x.csv"], "export"),
        (["--debug", "structure", "init"], "structure"),
        (["report", "--help"], "report"),
        (["--help"], None),
        (["--version"], None),
        ([], None),
        (["rnu"], None),  # a typo: the whole tree, so that Click can suggest the command
        (["--lang", "run"], None),  # "run" is the value of --lang here, not a command
    ],
)
def test_the_command_a_line_runs(argv: list[str], name: str | None) -> None:
    assert command_name(argv) == name


def test_a_tree_for_one_command_holds_it_alone() -> None:
    tree = command_tree("en", "structure")
    assert list(tree.commands) == ["structure"]  # type: ignore[attr-defined]
    assert len(command_tree("en").commands) > 10  # type: ignore[attr-defined]


def test_a_typo_is_still_answered_with_the_command_meant() -> None:
    out = run_cli(["--lang", "en", "rnu"])
    assert out.exit_code == 2
    assert "No such command 'rnu'. Did you mean 'run'?" in out.stderr


def test_the_global_help_still_lists_every_command() -> None:
    out = run_cli(["--lang", "en", "--help"]).stdout
    for name in ("run", "report", "persons", "export", "forget", "purge", "structure"):
        assert f"\n  {name} " in out, name
