"""Shared fixtures: a pinned terminal, the bundled questionnaires, a minimal one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from bonsclics_cli import i18n
from bonsclics_cli.cli import interview_session, invocation

# Property tests draw the same examples on every run (a seed from each test's code), so
# a run cannot pass and fail by chance, and nothing is read from or saved to the
# `.hypothesis/` example database: a failure is reproduced from the printed falsifying
# example, never replayed from a local file after the cause is gone. To explore new
# examples, run with HYPOTHESIS_PROFILE=explore (random draws, examples saved locally).
# No deadline either: a slow example on a busy machine is not a failure (speed is measured
# by the benchmarks, never asserted by the tests).
settings.register_profile(
    "repeatable", derandomize=True, database=None, deadline=None, print_blob=True
)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# Checked questionnaires are cached between commands (questionnaire/cache.py): the tests
# keep theirs in a folder of this run's own, never in the user's cache.
os.environ.setdefault("BONSCLICS_CACHE_DIR", tempfile.mkdtemp(prefix="bonsclics-cache-"))

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
ROOT = TESTS.parent
BUNDLED = ROOT / "questionnaires"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Property tests are slow: `pytest -m "not slow"` leaves them to the full run."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Same terminal for every test, and never the user's real data folder."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("BONSCLICS_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tool's own messages in English in every test, whatever the machine's locale.

    The code's English is what most tests assert; ``BONSCLICS_LANG=en`` also makes a
    command run in the test (``--lang`` absent) choose English. A test of the French
    messages asks for the ``french`` fixture.
    """
    monkeypatch.setenv("BONSCLICS_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tool's own messages in French, as a French user's locale gives them."""
    monkeypatch.setenv("BONSCLICS_LANG", "fr")
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


@pytest.fixture
def minimal_toml() -> Path:
    return FIXTURES / "minimal.toml"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[PipeInput]:
    """A pretend terminal for the interview: keys through the pipe, prompts drawn nowhere."""
    monkeypatch.setattr(interview_session, "_is_terminal", lambda: True)
    # Commands the interview prints start as the program did (cli/invocation.py); here,
    # as if `bonsclics` on PATH were this program (tests/test_invocation.py checks how).
    monkeypatch.setattr(invocation, "program", lambda: ["bonsclics"])
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe
