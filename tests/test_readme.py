"""The README: short, in French, its Quick start installs a command, its test command is
what CI runs, and its links lead to files of the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_test_command_is_what_ci_runs() -> None:
    command = (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    )
    assert command in README
    assert re.search(r"^python -m pytest$", CI, re.M)
    # CI installs more extras (the recipes, the docs site), and the README says which.
    extras = re.findall(r"pip install --quiet -e '(\.\[[^\]]+\])'", CI)
    assert extras and "test" in extras[0]
    assert f"-e '{extras[0]}'" in README
    assert "mkdocs build --strict" in CI and "mkdocs build --strict" in README


def test_the_quick_start_installs_a_command_a_person_can_type() -> None:
    start = README.index("## Démarrage rapide")
    quick = README[start : README.index("\n## ", start + 1)]
    first = re.search(r"```sh\n(.*?)```", quick, re.S)
    assert first is not None
    assert first.group(1).splitlines() == ["pipx install .", "bonsclics run"]
    assert "uv tool install ." in quick
    # The fallback: a virtual environment, and one line to activate it.
    assert "python3 -m venv .venv && .venv/bin/pip install ." in quick
    assert "```sh\n. .venv/bin/activate\n```" in quick


def test_the_readme_is_short_french_and_ends_with_an_english_summary() -> None:
    assert len(README.splitlines()) <= 200
    headings = re.findall(r"^## (.*)$", README, re.M)
    assert headings[:2] == ["Démarrage rapide", "Un premier diagnostic, pas à pas"]
    assert headings[-1] == "In English"
    for command in ("bonsclics export --person", "bonsclics forget", "bonsclics purge"):
        assert command in README, command


def test_every_link_leads_to_a_file_of_the_repository() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    assert len(links) >= 10
    for link in links:
        assert not link.startswith("http"), link
        assert (ROOT / link).exists(), link
