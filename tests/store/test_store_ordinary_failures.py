"""Ordinary failures of the machine, never an internal error (issue 11): a full disk, a
read-only or unreadable data folder, a closed pipe, another output encoding, a huge period.

Full and read-only disks are real where the machine allows it (a small tmpfs needs root,
as in CI); each also has a fallback that raises the same OS error from a monkeypatched
call, so the behaviour is proven on every machine.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from store_helpers import PARIS, make_sheet, run_cli, store, write_sheet

from bonsclics_cli.answers.sheet import Answer, AnswerSheet, QuestionnaireRef, save_sheet
from bonsclics_cli.compat import UTC
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.store.retention import Duration

PERSON = "BC-7F3K9Q"
MINIMAL = Path(__file__).parents[1] / "fixtures" / "minimal.toml"


def bonsclics(
    *args: str | Path, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """Run ``bonsclics`` in a real process, as a shell would."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "bonsclics_cli", *map(str, args)],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,
    )


def fill(data: Path, count: int, persons: int = 20) -> None:
    start = datetime(2025, 1, 1, 9, 0, tzinfo=PARIS)
    for index in range(count):
        store(make_sheet(f"BC-{index % persons}", start + timedelta(days=index)), data)


# --- a full disk -------------------------------------------------------------------------


def _mount_tmpfs(point: Path, size: str) -> None:
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


# Each case runs bonsclics in a real process, on a real (small or read-only) disk.
pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB file system, filled up by any real export or import."""
    point = tmp_path / "small-disk"
    _mount_tmpfs(point, "64k")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def read_only_data(tmp_path: Path) -> Iterator[Path]:
    """A data folder with one person, on a file system remounted read-only (root is refused
    too, unlike with chmod)."""
    point = tmp_path / "read-only"
    _mount_tmpfs(point, "4m")
    store(make_sheet(PERSON, datetime(2024, 1, 10, 9, 0, tzinfo=PARIS)), point)
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(point)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        subprocess.run(["umount", "-l", str(point)], check=False)
        pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def test_score_to_a_full_disk_is_a_clear_error(tmp_path: Path, small_disk: Path) -> None:
    fill(tmp_path / "data", 60)
    filler = small_disk / "filler"
    filler.write_bytes(b"x" * 56 * 1024)  # 8 KB left: less than the results
    result = bonsclics("score", tmp_path / "data", "-f", "jsonl", "-o", small_disk / "out.jsonl")
    assert result.returncode == 1
    assert b"internal error" not in result.stderr
    assert b"No space left on device" in result.stderr
    assert list(small_disk.iterdir()) == [filler]  # no half-written file, no temporary left


def test_import_to_a_full_disk_is_a_clear_failure(tmp_path: Path, small_disk: Path) -> None:
    fill(tmp_path / "elsewhere", 60)
    files = sorted((tmp_path / "elsewhere").rglob("*.json"))
    result = bonsclics("import", *files, "--data-dir", small_disk / "data")
    assert result.returncode == 1
    assert b"internal error" not in result.stderr
    assert b"not imported: cannot write in" in result.stderr
    assert b"No space left on device" in result.stderr
    stored = sorted((small_disk / "data").rglob("*.json"))
    assert 0 < len(stored) < len(files)
    for path in stored:  # what was stored is whole
        assert path.read_bytes().rstrip().endswith(b"}")


def test_a_full_disk_fallback_for_score_import_report_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every atomic write fails as on a full disk, at its final step (any machine)."""
    session = store(make_sheet(PERSON), tmp_path / "data")
    data = tmp_path / "data"
    loose = write_sheet(make_sheet("BC-NEW"), tmp_path)

    def full(self: Path, target: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(Path, "replace", full)
    outcomes = {
        "score": run_cli(["score", session, "-f", "csv", "-o", tmp_path / "s.csv"]),
        "import": run_cli(["import", loose, "--data-dir", data]),
        "report": run_cli(["report", session, "-o", tmp_path / "r.html", "--data-dir", data]),
        "export": run_cli(["export", "-o", tmp_path / "e.csv", "--data-dir", data]),
    }
    for name, result in outcomes.items():
        assert result.exit_code == 1, name
        assert "internal error" not in result.stderr, name
        assert "No space left on device" in result.stderr or "the disk is full" in result.stderr
    assert not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob("*.html"))


# --- a read-only data folder ----------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["forget", PERSON, "--yes"],
        ["purge", "--older-than", "1y", "--yes"],
        ["import", "{loose}"],
        ["report", "{loose}", "-o", "{data}/reports/r.html"],
    ],
    ids=lambda command: command[0],
)
def test_a_read_only_data_folder_is_a_clear_error(
    tmp_path: Path, read_only_data: Path, command: list[str]
) -> None:
    loose = write_sheet(make_sheet("BC-NEW"), tmp_path)
    args = [part.format(loose=loose, data=read_only_data) for part in command]
    result = bonsclics(*args, "--data-dir", read_only_data)
    assert result.returncode == 1
    assert b"internal error" not in result.stderr
    assert b"read-only" in result.stderr.lower()
    assert len(list((read_only_data / "sessions" / PERSON).glob("*.json"))) == 1


@pytest.mark.parametrize("command", ["forget", "purge"])
def test_a_read_only_folder_fallback_for_forget_and_purge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    data = tmp_path / "data"
    store(make_sheet(PERSON, datetime(2024, 1, 10, 9, 0, tzinfo=PARIS)), data)

    def read_only(self: Path, missing_ok: bool = False) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "unlink", read_only)
    args = ["forget", PERSON] if command == "forget" else ["purge", "--older-than", "1y"]
    result = run_cli([*args, "--yes", "--data-dir", data])
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert "cannot erase: Read-only file system" in result.stderr
    assert "run the command again" in result.stderr


def test_an_unreadable_person_folder_is_a_clear_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root reads any folder whatever its mode, so the refusal is simulated at os.scandir."""
    data = tmp_path / "data"
    store(make_sheet(PERSON), data)
    store(make_sheet("BC-OTHER"), data)
    real_scandir = os.scandir
    locked = str(data / "sessions" / PERSON)

    def scandir(path: str | os.PathLike[str]) -> object:
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for command in (["persons"], ["export"], ["where"]):
        result = run_cli([*command, "--data-dir", data])
        assert result.exit_code == 1, command
        assert "internal error" not in result.stderr
        assert f"{locked}: cannot read this folder: Permission denied" in result.stderr


# --- a closed pipe, another encoding, a huge period ---------------------------------------


def test_export_into_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill(data, 300)  # far more than a pipe holds
    process = subprocess.Popen(
        [sys.executable, "-m", "bonsclics_cli", "export", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # `| head -1`
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141  # 128 + SIGPIPE, as shells report it
    assert first.startswith(b"\xef\xbb\xbfperson;")
    assert stderr == b""  # neither "internal error" nor "Exception ignored"


def _odd_questionnaire(tmp_path: Path) -> Path:
    """The minimal questionnaire with titles cp1252 cannot encode."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('"Exemple"', '"Exemple → ✓ Ω"').replace('"Autonome"', '"Autonome ✓"')
    path = tmp_path / "odd.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _odd_session(questionnaire: Path, data: Path) -> Path:
    entry = Catalog([questionnaire]).find("exemple")
    assert entry is not None
    start = datetime(2026, 3, 14, 10, 0, tzinfo=PARIS)
    sheet = AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(
            id="exemple", version=entry.questionnaire.version, sha256=entry.sha256
        ),
        person=PERSON,
        language="fr",
        started_at=start,
        updated_at=start,
        completed_at=start,
        answers={"smartphone": Answer.of("oui"), "usages": Answer.of(["appels", "photos"])},
    )
    path = store(sheet, data)
    save_sheet(sheet, path)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        ["export", "--anonymize", "--k", "1"],
        ["history", PERSON],
        ["persons"],
        ["show", "{odd}"],
        ["score", "{data}", "-f", "table"],
        ["score", "{data}", "-f", "csv"],
        ["score", "{data}", "-f", "json"],
        ["report", "{session}", "-f", "md"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_output_in_another_encoding_never_crashes(tmp_path: Path, command: list[str]) -> None:
    odd, data = _odd_questionnaire(tmp_path), tmp_path / "data"
    session = _odd_session(odd, data)
    args = [part.format(odd=odd, data=data, session=session) for part in command]
    in_data_folder = command[0] in {"export", "history", "persons", "report"}
    result = bonsclics(
        *args,
        "-q",
        odd,
        *(["--data-dir", str(data)] if in_data_folder else []),
        env={"PYTHONIOENCODING": "cp1252", "BONSCLICS_DATA_DIR": str(data)},
    )
    assert result.returncode == 0, result.stderr
    assert b"internal error" not in result.stderr
    assert result.stdout
    if command[0] == "export":  # data is written as UTF-8 whatever the terminal says
        text = result.stdout.decode("utf-8")
        assert text.startswith("\ufeffperson;") and "exemple" in text
    if command[0] == "report":  # documents stay UTF-8 too
        assert "Exemple → ✓ Ω" in result.stdout.decode("utf-8")
    if command[-1] == "csv":
        assert result.stdout.decode("utf-8").startswith("\ufefffile;")


def test_a_period_longer_than_the_calendar_erases_no_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet(PERSON, datetime(2024, 1, 10, 9, 0, tzinfo=PARIS)), data)
    for period in ("2026y", "9999y", "9999m", "9999w", "9999d"):
        result = run_cli(["purge", "--older-than", period, "--yes", "--data-dir", data])
        assert result.exit_code == 0, (period, result.stderr)
        assert "No person's last session is older than" in result.stdout
    assert Duration(9999, "y").before(datetime(2026, 1, 1, tzinfo=UTC)) == datetime.min.replace(
        tzinfo=UTC
    )
    assert len(list(data.rglob("*.json"))) == 1
