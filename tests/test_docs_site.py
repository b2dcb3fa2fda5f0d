"""The documentation site: it builds with every warning an error, each French page has its
English counterpart, and no example holds a placeholder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The pages for users, in French, each with its English counterpart `page.en.md`.
FRENCH = [
    "index.md",
    "guide-professionnel.md",
    "guide-formateur.md",
    "guide-auteur.md",
    "questionnaires.md",
    "commandes.md",
    "format.md",
    "structure.md",
    "papier.md",
]


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``config`` into ``site``, as CI runs it."""
    pytest.importorskip("mkdocs", reason="the docs extra: pip install -e '.[docs]'")
    pytest.importorskip("material", reason="the docs extra: pip install -e '.[docs]'")
    command = ["-m", "mkdocs", "build", "--strict", "-f", str(config), "--site-dir", str(site)]
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.slow  # runs MkDocs in a process of its own
def test_the_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    done = _build(ROOT / "mkdocs.yml", tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "guide-professionnel.en" / "index.html").is_file()
    assert "Guide du professionnel" in (tmp_path / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow  # runs MkDocs in a process of its own
def test_a_page_not_yet_in_the_nav_builds_but_its_broken_link_does_not(tmp_path: Path) -> None:
    """Pages written in parallel wait for their place in the nav without breaking the
    build; their links are checked all the same."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("docs_dir: docs", f"docs_dir: {docs}"), encoding="utf-8")
    page = docs / "nouvelle-page.md"  # a page no other page links to
    page.write_text("# Nouvelle page\n\nVoir le [guide](guide-professionnel.md).\n")
    assert _build(config, tmp_path / "site").returncode == 0
    assert (tmp_path / "site" / "nouvelle-page" / "index.html").is_file()
    page.write_text("# Nouvelle page\n\nVoir le [guide](guide-absent.md).\n")
    broken = _build(config, tmp_path / "site")
    assert broken.returncode == 1
    assert "guide-absent.md" in broken.stderr


def _nav_pages() -> list[str]:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s*- [^:]+: (\S+\.md)$", config, re.M)


def test_every_user_page_is_in_the_nav_with_its_english_counterpart() -> None:
    nav = _nav_pages()
    for page in FRENCH:
        english = page.replace(".md", ".en.md")
        assert (DOCS / page).is_file() and (DOCS / english).is_file(), page
        assert page in nav and english in nav, page
    assert all((DOCS / page).is_file() for page in nav)


@pytest.mark.parametrize("page", [p for p in FRENCH if p not in {"format.md", "commandes.md"}])
def test_each_english_counterpart_is_complete(page: str) -> None:
    """The same sections, in the same order, and the same examples (the format and the
    command reference have tests of their own)."""

    def shape(path: Path) -> tuple[list[str], list[str]]:
        text = path.read_text(encoding="utf-8")
        levels = re.findall(r"^(#{1,4}) ", text, re.M)
        # A command's name and options; its comment and placeholders are in the page's words.
        commands = [
            " ".join(
                [line.split()[0], *(w for w in line.split("#")[0].split() if w.startswith("-"))]
            )
            for line in re.findall(r"^\$ bonsclics (.*)$", text, re.M)
        ]
        return levels, commands

    french, english = shape(DOCS / page), shape(DOCS / page.replace(".md", ".en.md"))
    assert french[0] == english[0], "the headings differ"
    assert french[1] == english[1], "the example commands differ"


def test_no_placeholder_is_left_in_the_examples() -> None:
    texts = [ROOT / "README.md", ROOT / ".pre-commit-hooks.yaml", *DOCS.rglob("*.md")]
    placeholders = re.compile(r"OWNER|example\.(?:com|org)/|<(?:this|your) repository")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in texts
        for match in placeholders.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# Words that French prose never uses: one of them outside code means English crept in.
ENGLISH = {"the", "and", "with", "which", "when", "file", "files", "folder", "you", "your"}
ENGLISH |= {"is", "are", "of", "to", "this", "that", "from", "by", "each", "every", "its"}


def _prose(text: str) -> str:
    """The words a reader reads as sentences: no code, no link target, no comment."""
    for pattern in (r"```.*?```", r"<!--.*?-->", r"`[^`]*`", r"\]\([^)]*\)", r"https?://\S+"):
        text = re.sub(pattern, "", text, flags=re.S)
    # The line that links to the English counterpart, by its English title.
    return re.sub(r"^\*English version: .*$", "", text, flags=re.M)


@pytest.mark.parametrize("page", ["README.md", *(f"docs/{p}" for p in FRENCH[:5])])
def test_the_french_pages_hold_no_english_prose(page: str) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    if page == "README.md":
        text = text[: text.index("## In English")]
    found = [
        line
        for line in _prose(text).splitlines()
        if ENGLISH & {word.lower() for word in re.findall(r"\w+", line)}
    ]
    assert found == []
