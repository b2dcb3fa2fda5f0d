"""CSV cells that a spreadsheet opens safely, as the trainer and the partner see them."""

from __future__ import annotations

import csv
import io

import pytest

from bonsclics_cli.reports.spreadsheet import csv_text, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x","clic")', '\'=HYPERLINK("http://x","clic")'),
        ("+33 6 12", "'+33 6 12"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Dupont [née Martin]", "Dupont [née Martin]"),
        ("bip\x07\x1b[2J", "bip[2J"),
        (-3, "-3"),
        (2.5, "2.5"),
        (None, ""),
        (True, "true"),
    ],
)
def test_cells_are_data_never_formulas(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def read(pieces: list[str], delimiter: str) -> list[list[str]]:
    text = "".join(pieces)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


def test_french_csv_writes_decimal_commas() -> None:
    rows = read(list(csv_text(["age", "note"], [[54, 12.5], [-1, "=1+1"]])), ";")
    assert rows == [["age", "note"], ["54", "12,5"], ["-1", "'=1+1"]]


def test_comma_separated_csv_keeps_decimal_points() -> None:
    rows = read(list(csv_text(["note"], [[12.5]], delimiter=",")), ",")
    assert rows == [["note"], ["12.5"]]


def test_every_cell_of_a_row_is_written_as_safe_cell_writes_it_alone() -> None:
    # The rows take a quicker path for plain cells; it must give what safe_cell gives.
    cells: list[object] = [
        "plain",
        "",
        "=1+1",
        "-2",
        "\tindent",
        "\rreturn",
        "line\nbreak",
        "bell\x07",
        "nbsp\xa0and\u2028separator",
        "é è « »",
        0,
        -7,
        12.5,
        -0.5,
        True,
        False,
        None,
    ]
    for delimiter, decimal_comma in ((";", True), (",", False)):
        _, row = read(list(csv_text(["x"] * len(cells), [cells], delimiter)), delimiter)
        assert row == [safe_cell(cell, decimal_comma=decimal_comma) for cell in cells]
