"""The guides' examples work as written, in each language: the author's example
questionnaire is valid, and the ``validate`` output shown is what ``validate`` prints."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run_cli

from bonsclics_cli import i18n
from bonsclics_cli.cli.app import app
from bonsclics_cli.questionnaire.loader import load_bytes

DOCS = Path(__file__).resolve().parents[1] / "docs"
AUTHOR = {"fr": DOCS / "guide-auteur.md", "en": DOCS / "guide-auteur.en.md"}


def blocks(text: str, language: str) -> list[str]:
    """The fenced code blocks of ``text`` opened with ```language ("" for plain blocks)."""
    found: list[str] = []
    current: list[str] | None = None
    wanted = False
    for line in text.splitlines(keepends=True):
        if current is None and line.startswith("```"):
            current, wanted = [], line.strip() == f"```{language}"
        elif current is not None and line.startswith("```"):
            if wanted:
                found.append("".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return found


@pytest.fixture(params=sorted(AUTHOR))
def language(request: pytest.FixtureRequest) -> str:
    code: str = request.param
    return code


def test_the_example_questionnaire_is_valid(language: str) -> None:
    (example,) = blocks(AUTHOR[language].read_text(encoding="utf-8"), "toml")
    result = load_bytes(example.encode(), "exemple.toml")
    assert result.findings == []
    assert result.questionnaire is not None


def test_both_languages_show_the_same_example() -> None:
    examples = [blocks(path.read_text(encoding="utf-8"), "toml") for path in AUTHOR.values()]
    assert examples[0] == examples[1]


def test_the_validate_example_output_is_what_validate_prints(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = AUTHOR[language].read_text(encoding="utf-8")
    (example,) = blocks(page, "toml")
    mine = example.replace("smartphone == 'oui'", "smartfone == 'oui'")
    mine = mine.replace("score < 75 or", "score < 75 oor")
    (tmp_path / "mine.toml").write_text(mine, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("BONSCLICS_LANG", language)
    monkeypatch.setenv("LANG", {"fr": "fr_FR.UTF-8", "en": "en_GB.UTF-8"}[language])
    before = i18n.current_language()
    i18n.set_language(language)
    try:
        result = run_cli(["validate", "mine.toml"])
    finally:
        i18n.set_language(before)
    shown = next(block for block in blocks(page, "") if block.startswith("mine.toml:"))
    assert result.exit_code == 1
    assert result.stdout == shown


def _documented_commands(text: str) -> list[list[str]]:
    """Every ``bonsclics …`` command line written in code, as its words."""
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    lines = [
        line
        for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
        for line in block.splitlines()
    ]
    found = []
    for code in spans + lines:
        code = code.strip().split(" #")[0].removeprefix("$ ")
        # "$(bonsclics where --path)" inside another command is a command of its own.
        for part in [re.sub(r"\$\([^)]*\)", "X", code), *re.findall(r"\$\(([^)]*)\)", code)]:
            for match in re.finditer(r"(?:^|[|;&] *)bonsclics ((?:[^ |;&]+ ?)*)", part):
                found.append(match.group(1).split())
    return found


ROOT = DOCS.parent
# Every page but the command reference, which is the CLI's own help.
PAGES = [
    path.relative_to(ROOT)
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    if not path.name.startswith("commandes.")
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_every_documented_command_and_option_exists(page: Path) -> None:
    import typer

    group = typer.main.get_command(app)
    commands: dict[str, Any] = getattr(group, "commands", {})
    common = {opt for param in group.params for opt in param.opts} | {"--help"}
    checked = 0
    for words in _documented_commands((ROOT / page).read_text(encoding="utf-8")):
        if not words or words[0].startswith("-") or words[0].isupper():
            continue  # the group's own options, or a placeholder (COMMANDE)
        name = words[0]
        assert name in commands, f"{page}: bonsclics {' '.join(words)}: no command {name!r}"
        known = {opt for param in commands[name].params for opt in param.opts} | common
        for word in words[1:]:
            option = word.split("=")[0]
            if option.startswith("-") and option not in {"-", "--"}:
                assert option in known, f"{page}: bonsclics {' '.join(words)}: no option {option}"
        checked += 1
    if page.name == "README.md" or page.name.startswith(("guide-", "index.")):
        assert checked >= 3, f"{page}: its commands were not found"
