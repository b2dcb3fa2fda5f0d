"""The documentation site: it builds with every warning an error, each French page has its
English counterpart, and no example holds a placeholder."""

from __future__ import annotations

import re
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
]


@pytest.mark.slow  # runs MkDocs in a process of its own
def test_the_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="the docs extra: pip install -e '.[docs]'")
    pytest.importorskip("material", reason="the docs extra: pip install -e '.[docs]'")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "guide-professionnel.en" / "index.html").is_file()
    assert "Guide du professionnel" in (tmp_path / "index.html").read_text(encoding="utf-8")


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
