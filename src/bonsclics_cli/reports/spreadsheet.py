"""CSV that is safe to open in a spreadsheet: UTF-8 with BOM, ';' by default, no formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: object, *, decimal_comma: bool = False) -> str:
    """A cell's text, neutralised when a spreadsheet could read it as a formula.

    Numbers stay numbers (a negative number is data, not a formula), written with a
    decimal comma when ``decimal_comma`` (French spreadsheets read ``3.5`` as text);
    any text that starts with = + - @, a tab or a carriage return gets a leading
    apostrophe, the mitigation OWASP recommends. Other control characters are dropped.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and decimal_comma:
        return str(value).replace(".", ",")
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return "".join(char for char in text if char >= " " or char in "\t\r\n")


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[object]], delimiter: str = ";"
) -> Iterable[str]:
    """The CSV document, piece by piece (header first, with a BOM), for streaming.

    With the French ``;`` delimiter, decimals take a comma, as French spreadsheets expect.
    """
    decimal_comma = delimiter == ";"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([safe_cell(cell) for cell in header])
    yield BOM + flush()
    for row in rows:
        writer.writerow([safe_cell(cell, decimal_comma=decimal_comma) for cell in row])
        yield flush()
