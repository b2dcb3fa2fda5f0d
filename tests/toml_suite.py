"""The TOML test suite (toml-test, MIT), read where it lies beside the clone, never copied in.

The project is cloned next to a ``shared/`` folder that holds ``toml-test/``; tests that
need it skip, saying why, when it is not there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SUITE = Path(__file__).resolve().parents[2] / "shared" / "toml-test" / "tests"
LISTING = SUITE / "files-toml-1.0.0"


def cases(kind: str) -> list[str]:
    """The TOML 1.0 cases of one kind (``valid`` or ``invalid``), as paths inside SUITE."""
    if not LISTING.is_file():
        return []
    return sorted(
        line.strip()
        for line in LISTING.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"{kind}/") and line.strip().endswith(".toml")
    )


needs_suite = pytest.mark.skipif(
    not LISTING.is_file(), reason="no copy of the TOML test suite (toml-test) beside the clone"
)
