"""The one context object: a command run with an injected context writes to its streams,
uses its data folder and speaks its language, and never to the process's own."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bonsclics_cli.cli.app import main
from bonsclics_cli.cli.context import AppContext

BUNDLED = Path(__file__).resolve().parents[1] / "questionnaires"


class FakeContext(AppContext):
    """Streams that are plain strings; nothing reaches the terminal."""

    def __init__(self, *, language: str = "en", data_dir: Path | None = None) -> None:
        super().__init__(io.StringIO(), io.StringIO(), language, data_dir)

    @property
    def out(self) -> str:
        assert isinstance(self.stdout, io.StringIO)
        return self.stdout.getvalue()

    @property
    def err(self) -> str:
        assert isinstance(self.stderr, io.StringIO)
        return self.stderr.getvalue()


def run_with(context: AppContext, *args: str) -> int:
    try:
        main(list(args), context=context)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


@pytest.fixture
def fake(tmp_path: Path) -> FakeContext:
    return FakeContext(data_dir=tmp_path / "injected-data")


def test_where_writes_to_the_injected_stdout_and_uses_its_data_folder(
    fake: FakeContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_with(fake, "where", "--path") == 0
    assert fake.out == f"{tmp_path / 'injected-data'}\n"
    assert capsys.readouterr() == ("", "")  # nothing on the process's own streams


def test_a_table_goes_to_the_injected_stdout(
    fake: FakeContext, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_with(fake, "questionnaires") == 0
    assert "autonomie-numerique" in fake.out
    assert "reperage-rapide" in fake.out
    assert capsys.readouterr().out == ""


def test_json_output_is_written_to_the_injected_stream(fake: FakeContext) -> None:
    assert run_with(fake, "validate", "--format", "json", str(BUNDLED)) == 0
    document = json.loads(fake.out)
    assert document["errors"] == 0
    assert len(document["files"]) == len(list(BUNDLED.glob("*.toml")))


def test_errors_go_to_the_injected_stderr_in_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    french = FakeContext(language="fr", data_dir=tmp_path / "data")
    assert run_with(french, "history", "BC-NOBODY") == 1
    assert french.err.startswith("Erreur : aucun entretien de «\u00a0BC-NOBODY\u00a0»")
    assert french.out == ""
    assert capsys.readouterr().err == ""
    english = FakeContext(language="en", data_dir=tmp_path / "data")
    assert run_with(english, "history", "BC-NOBODY") == 1
    assert english.err.startswith("Error: no sessions of 'BC-NOBODY'")


def test_an_internal_error_is_told_on_the_injected_stderr(
    fake: FakeContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("bonsclics_cli.store.history.summarize_persons", broken)
    assert run_with(fake, "persons") == 1
    assert "internal error (RuntimeError); please report it" in fake.err
    assert "Traceback" not in fake.err
    fake.stderr = io.StringIO()
    assert run_with(fake, "--debug", "persons") == 1
    assert "Traceback" in fake.err and "RuntimeError: a bug" in fake.err


def test_the_injected_data_folder_gives_way_to_data_dir(fake: FakeContext, tmp_path: Path) -> None:
    assert run_with(fake, "where", "--path", "--data-dir", str(tmp_path / "given")) == 0
    assert fake.out == f"{tmp_path / 'given'}\n"


def test_without_an_injected_context_the_process_streams_are_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run_with_default("where", "--path", "--data-dir", str(tmp_path / "d")) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'd'}\n"


def run_with_default(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


def test_one_catalog_per_invocation(fake: FakeContext) -> None:
    assert fake.catalog() is fake.catalog([])
    assert fake.catalog([BUNDLED]) is not fake.catalog()
