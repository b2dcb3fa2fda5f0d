"""The command reference (docs/commandes.md, docs/commandes.en.md) is the CLI's own help.

The pages are regenerated in memory from ``bonsclics COMMAND --help`` in each language and
compared with the files: a help text changed without regenerating the pages fails here,
with the command that fixes it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Sixty processes (every command's --help, in two languages): the full run checks the
# pages, the fast inner loop leaves them out.
pytestmark = pytest.mark.slow


def _script() -> ModuleType:
    path = ROOT / "scripts" / "command_reference.py"
    spec = importlib.util.spec_from_file_location("command_reference", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["command_reference"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages() -> dict[Path, str]:
    generated: dict[Path, str] = _script().generate()
    return generated


def test_the_pages_are_what_the_cli_prints(pages: dict[Path, str]) -> None:
    for path, text in pages.items():
        written = path.read_text(encoding="utf-8") if path.is_file() else ""
        assert written == text, (
            f"{path.relative_to(ROOT)} differs from the CLI's help: "
            "run `python scripts/command_reference.py` and commit the pages"
        )


def test_every_command_and_option_is_on_both_pages(pages: dict[Path, str]) -> None:
    script = _script()
    names = [" ".join(("bonsclics", *path)) for path, _ in script.commands()]
    assert {"bonsclics run", "bonsclics report", "bonsclics forget", "bonsclics purge"} <= set(
        names
    )
    for text in pages.values():
        for name in names:
            assert f"`{name}`" in text, name
        assert "--data-dir" in text and "--older-than" in text
    french, english = (pages[page.path] for page in script.PAGES)
    assert "# Référence des commandes" in french and "# Command reference" in english


def test_check_names_the_stale_page_and_the_command_to_run(
    pages: dict[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = _script()
    fresh = pages
    monkeypatch.setattr(script, "ROOT", tmp_path)
    for path, text in fresh.items():
        copy = tmp_path / path.name
        copy.write_text(text.replace("--data-dir", "--data-folder", 1), encoding="utf-8")
    monkeypatch.setattr(
        script, "generate", lambda: {tmp_path / p.name: t for p, t in fresh.items()}
    )
    assert script.main(["--check"]) == 1
    shown = capsys.readouterr().out
    assert (
        "commandes.md differs from the CLI's help; run: python scripts/command_reference.py"
        in shown
    )
    assert "commandes.en.md differs" in shown
    for path, text in fresh.items():
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    assert script.main(["--check"]) == 0
