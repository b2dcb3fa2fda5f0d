"""The same behaviour on Python 3.10 as on 3.11 and later (nox runs this on each)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bonsclics_cli.compat import UTC, StrEnum, parse_datetime, tomllib

PARIS = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-29T10:15:00+01:00", datetime(2026, 11, 29, 10, 15, tzinfo=PARIS)),
        ("2026-11-29T09:15:00Z", datetime(2026, 11, 29, 9, 15, tzinfo=UTC)),
        ("2026-11-29 10:15:00.5+01:00", datetime(2026, 11, 29, 10, 15, 0, 500000, tzinfo=PARIS)),
        ("2026-11-29T10:15+0100", datetime(2026, 11, 29, 10, 15, tzinfo=PARIS)),
        ("2026-11-29T10:15:00", datetime(2026, 11, 29, 10, 15)),
        ("2026-11-29", datetime(2026, 11, 29)),
    ],
)
def test_iso_times_read_as_python_3_11_reads_them(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected
    assert parse_datetime(text).utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["", "yesterday", "2026-13-01T10:00:00Z", "2026-11-29T25:00Z"])
def test_what_is_not_a_time_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(text)


def test_a_str_enum_is_its_value() -> None:
    class Format(StrEnum):
        JSON = "json"

    assert str(Format.JSON) == "json"
    assert f"{Format.JSON}" == "json"
    assert Format("json") is Format.JSON
    assert isinstance(Format.JSON, str)


def test_toml_reader_is_the_standard_one_or_tomli() -> None:
    assert tomllib.loads('a = "é"') == {"a": "é"}
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads("a = ")
