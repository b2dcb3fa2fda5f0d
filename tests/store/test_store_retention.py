"""``bonsclics forget`` and ``bonsclics purge``: erasure and the retention limit."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from store_helpers import PARIS, make_sheet, run_cli, store

from bonsclics_cli.compat import UTC
from bonsclics_cli.errors import UsageError
from bonsclics_cli.store.folder import DataFolder
from bonsclics_cli.store.retention import Duration, forget, mentions, stale_persons

PERSON = "BC-7F3K9Q"
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def all_bytes(root: Path) -> bytes:
    """Every file name and every byte under ``root``."""
    chunks = []
    for path in sorted(root.rglob("*")):
        chunks.append(str(path.relative_to(root)).encode())
        if path.is_file():
            chunks.append(path.read_bytes())
    return b"\n".join(chunks)


def months_ago(months: int, now: datetime = NOW) -> datetime:
    return Duration(months, "m").before(now).astimezone(PARIS)


def fill_person(data: Path, person: str = PERSON) -> None:
    """Two sessions, an open-then-closed lock, a temporary left by a crash, and a report."""
    first = store(make_sheet(person, datetime(2026, 1, 10, 9, 0, tzinfo=PARIS)), data)
    store(make_sheet(person, datetime(2026, 3, 14, 10, 15, tzinfo=PARIS), complete=False), data)
    with DataFolder.lock(first):
        pass
    (first.parent / f".{first.name}.x1y2.tmp").write_text(f'{{"person": "{person}"', "utf-8")
    report = data / "reports" / person / "compte-rendu.html"
    report.parent.mkdir(parents=True)
    report.write_text(f"<p>{person}</p>", "utf-8")


# --- durations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24m", datetime(2024, 11, 29, 10, 0, tzinfo=UTC)),
        ("2y", datetime(2024, 11, 29, 10, 0, tzinfo=UTC)),
        ("90d", NOW - timedelta(days=90)),
        ("3W", NOW - timedelta(weeks=3)),
        ("1m", datetime(2026, 10, 29, 10, 0, tzinfo=UTC)),
    ],
)
def test_durations(text: str, expected: datetime) -> None:
    assert Duration.parse(text).before(NOW) == expected


def test_a_month_back_from_the_31st_is_the_end_of_a_shorter_month() -> None:
    moment = datetime(2026, 3, 31, tzinfo=UTC)
    assert Duration.parse("1m").before(moment) == datetime(2026, 2, 28, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "24", "m", "0m", "2 years", "-3d", "1.5y", "24mo"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UsageError, match="not a duration"):
        Duration.parse(text)


# --- forget ------------------------------------------------------------------------------


def test_forget_leaves_no_byte_of_the_id_anywhere(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill_person(data)
    fill_person(data, "BC-OTHER")
    assert PERSON.encode() in all_bytes(data)
    result = run_cli(["forget", PERSON, "--yes"])
    assert result.exit_code == 0, result.stderr
    assert "Erased 5 files about BC-7F3K9Q." in result.stdout
    assert PERSON.encode() not in all_bytes(data)
    assert mentions(data, PERSON) == []
    # Nobody else was touched.
    assert DataFolder(data).persons() == ["BC-OTHER"]
    assert len(DataFolder(data).person_files("BC-OTHER")) == 5


def test_forget_asks_first_and_no_means_nothing_erased(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill_person(data)
    before = all_bytes(data)
    result = run_cli(["forget", PERSON], input="n\n")
    assert result.exit_code == 1
    assert "This erases 5 files about BC-7F3K9Q" in result.stdout
    assert "including 2 sessions" in result.stdout
    assert "Nothing erased." in result.stdout
    assert all_bytes(data) == before


def test_forget_yes_at_the_prompt_erases(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill_person(data)
    result = run_cli(["forget", PERSON], input="y\n")
    assert result.exit_code == 0, result.stderr
    assert PERSON.encode() not in all_bytes(data)


def test_forget_without_an_answer_erases_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill_person(data)
    result = run_cli(["forget", PERSON])
    assert result.exit_code == 1
    assert DataFolder(data).sessions(PERSON)


@pytest.mark.parametrize("person", ["../BC-1", "BC 1", "/etc", ".hidden", "a" * 65, ""])
def test_forget_refuses_unsafe_ids_and_creates_nothing(tmp_path: Path, person: str) -> None:
    result = run_cli(["forget", person, "--yes"])
    assert result.exit_code == 2
    assert "not a valid person id" in result.stderr
    assert not (tmp_path / "data").exists()


def test_forget_an_unknown_person(tmp_path: Path) -> None:
    fill_person(tmp_path / "data")
    result = run_cli(["forget", "BC-404", "--yes"])
    assert result.exit_code == 1
    assert "nothing is kept about 'BC-404'" in result.stderr


def test_forget_refuses_while_an_interview_is_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill_person(data)
    session = DataFolder(data).sessions(PERSON)[0]
    from filelock import FileLock

    other = FileLock(str(session) + ".lock", thread_local=False, is_singleton=False)
    other.acquire()
    try:
        # Another process holds it: a second lock object in this process is refused too.
        result = run_cli(["forget", PERSON, "--yes"])
    finally:
        other.release()
    if result.exit_code == 0:
        pytest.skip("this platform's file locks are per process")
    assert result.exit_code == 1
    assert "open in another bonsclics process" in result.stderr
    assert len(DataFolder(data).sessions(PERSON)) == 2


def test_forget_names_files_elsewhere_that_still_mention_the_person(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fill_person(data)
    fill_person(data, "BC-7F3K9Q0")  # an id that contains the other: not a mention
    shared = data / "exports" / "partenaires.csv"
    shared.parent.mkdir()
    shared.write_text(f"person;score\n{PERSON};54\nBC-2;80\n", "utf-8")
    result = run_cli(["forget", PERSON, "--yes"])
    assert result.exit_code == 1
    assert "1 other file of the data folder still mentions BC-7F3K9Q" in result.stderr
    assert "partenaires.csv" in result.stderr
    assert shared.is_file()  # left alone: it holds other people's data too
    assert not (data / "sessions" / PERSON).exists()
    assert (data / "sessions" / "BC-7F3K9Q0").is_dir()


# --- purge -------------------------------------------------------------------------------


def test_stale_persons_by_their_last_session_with_a_fixed_clock(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet("BC-OLD", months_ago(25)), data)
    store(make_sheet("BC-RECENT", months_ago(23)), data)
    store(make_sheet("BC-BACK", months_ago(30)), data)
    store(make_sheet("BC-BACK", months_ago(2)), data)  # came back: kept
    stale = stale_persons(DataFolder(data), Duration.parse("24m"), NOW)
    assert [s.person for s in stale] == ["BC-OLD"]
    assert stale[0].last == months_ago(25) + timedelta(minutes=31)


def test_the_last_update_counts_not_the_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sheet = make_sheet("BC-1", months_ago(26))
    store(sheet.model_copy(update={"updated_at": months_ago(1)}), data)
    assert stale_persons(DataFolder(data), Duration.parse("24m"), NOW) == []


def test_a_report_only_person_is_dated_by_the_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    report = data / "reports" / "BC-R" / "r.html"
    report.parent.mkdir(parents=True)
    report.write_text("x")
    old = (NOW - timedelta(days=800)).timestamp()
    os.utime(report, (old, old))
    [stale] = stale_persons(DataFolder(data), Duration.parse("2y"), NOW)
    assert stale.person == "BC-R"


def test_purge_core_erases_with_forget(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet("BC-OLD", months_ago(25)), data)
    folder = DataFolder(data)
    [stale] = stale_persons(folder, Duration.parse("24m"), NOW)
    erasure = forget(folder, stale.person)
    assert erasure.sessions == 1 and erasure.leftovers == ()
    assert b"BC-OLD" not in all_bytes(data)


def real_months_ago(months: int) -> datetime:
    return Duration(months, "m").before(datetime.now(UTC)).astimezone(PARIS)


def test_purge_dry_run_lists_and_erases_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet("BC-OLD", real_months_ago(25)), data)
    store(make_sheet("BC-RECENT", real_months_ago(23)), data)
    result = run_cli(["purge", "--older-than", "24m", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert "1 person with no session in the last 24 months" in result.stdout
    assert "BC-OLD" in result.stdout and "BC-RECENT" not in result.stdout
    assert "Dry run: nothing erased." in result.stdout
    assert DataFolder(data).persons() == ["BC-OLD", "BC-RECENT"]


def test_a_long_purge_list_is_plain_lines_and_still_erases_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    persons = [f"BC-OLD{number:02d}" for number in range(40)]  # beyond a test screenful
    for person in persons:
        store(make_sheet(person, real_months_ago(25)), data)
    result = run_cli(["purge", "--older-than", "24m", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["person", "last", "session"]
    assert [line.split()[0] for line in lines[2:-1]] == persons
    assert not set("┃│━─┏┓└┘") & set(result.stdout)
    assert lines[-1] == "Dry run: nothing erased."
    assert DataFolder(data).persons() == persons


def test_purge_erases_after_confirmation(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet("BC-OLD", real_months_ago(25)), data)
    store(make_sheet("BC-RECENT", real_months_ago(23)), data)
    refused = run_cli(["purge", "--older-than", "24m"], input="n\n")
    assert refused.exit_code == 1 and "Nothing erased." in refused.stdout
    assert DataFolder(data).persons() == ["BC-OLD", "BC-RECENT"]
    result = run_cli(["purge", "--older-than", "24m", "--yes"])
    assert result.exit_code == 0, result.stderr
    assert "Erased 1 of 1 person." in result.stdout
    assert DataFolder(data).persons() == ["BC-RECENT"]
    assert b"BC-OLD" not in all_bytes(data)


def test_purge_with_nobody_to_erase(tmp_path: Path) -> None:
    store(make_sheet("BC-RECENT", real_months_ago(1)), tmp_path / "data")
    result = run_cli(["purge", "--older-than", "2y"])
    assert result.exit_code == 0
    assert "No person's last session is older than 2 years." in result.stdout


def test_purge_bad_duration_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["purge", "--older-than", "deux ans"])
    assert result.exit_code == 2
    assert "not a duration" in result.stderr
    missing = run_cli(["purge"])
    assert missing.exit_code == 2
    assert "--older-than" in missing.stderr


def test_a_report_made_today_does_not_keep_an_old_person(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store(make_sheet("BC-OLD", months_ago(25)), data)
    report = DataFolder(data).report_dir("BC-OLD") / "BC-OLD_person.html"
    report.write_text("<p>page</p>")  # made from the old session, today
    [stale] = stale_persons(DataFolder(data), Duration.parse("24m"), NOW)
    assert stale.person == "BC-OLD"
    forget(DataFolder(data), "BC-OLD")
    assert not report.exists() and not report.parent.exists()
