"""The house rules import-linter cannot express: the core never prints or exits, names
shadow no standard module, and ``--help`` stays light. (The layers and "only cli/ imports
the terminal libraries" are import-linter contracts in pyproject.toml.)"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "bonsclics_cli"
CORE = sorted(
    path for path in PACKAGE.rglob("*.py") if "cli" not in path.relative_to(PACKAGE).parts
)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_shadows_the_standard_library(path: Path) -> None:
    assert path.stem not in sys.stdlib_module_names or path.stem == "__main__"


@pytest.mark.parametrize("path", CORE, ids=[str(p.relative_to(PACKAGE)) for p in CORE])
def test_the_core_never_exits_or_prints(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            assert name not in {"print", "exit", "_exit"}, f"{path.name}:{node.lineno}"


def test_help_loads_neither_questionary_nor_pydantic() -> None:
    code = (
        "import sys; from bonsclics_cli.cli.app import app; "
        "heavy = [m for m in ('questionary', 'pydantic', 'jinja2') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
