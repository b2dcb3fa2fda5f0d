"""Run the test suite on every supported Python found on the machine: `nox`.

`nox -s tests-3.10` runs one; `nox -- -m "not slow"` passes pytest its arguments.
A Python that is not installed is skipped (CI sets NOX_REQUIRE_PYTHONS=1 to fail instead).
"""

from __future__ import annotations

import os

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = os.environ.get("NOX_REQUIRE_PYTHONS") == "1"
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The suite on one Python, from a fresh install of the project with its test extra."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)
