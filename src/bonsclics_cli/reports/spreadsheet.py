"""CSV that is safe to open in a spreadsheet: UTF-8 with BOM, ';' by default, no formulas."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bonsclics_cli.scoring.batch import Failed, Outcome

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters but tab, CR and LF: dropped in one pass of the regular expression engine.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
BOM = "\ufeff"


def safe_cell(value: object, *, decimal_comma: bool = False) -> str:
    """A cell's text, neutralised when a spreadsheet could read it as a formula.

    Numbers stay numbers (a negative number is data, not a formula), written with a
    decimal comma when ``decimal_comma`` (French spreadsheets read ``3.5`` as text);
    any text that starts with = + - @, a tab or a carriage return gets a leading
    apostrophe, the mitigation OWASP recommends. Other control characters are dropped.
    """
    kind = type(value)  # the common types first, by identity: called for every cell
    if kind is str:
        text: str = value  # type: ignore[assignment]
    elif value is None:
        return ""
    elif kind is int:
        return str(value)
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, float) and decimal_comma:
        return str(value).replace(".", ",")
    elif isinstance(value, int | float):
        return str(value)
    else:
        text = str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    # Printable text holds no control character: the expression runs only on the rest.
    return text if text.isprintable() else _CONTROL.sub("", text)


def _safe_row(row: Sequence[object], decimal_comma: bool) -> list[str]:
    """``safe_cell`` of every cell, with the common cells (plain text, whole numbers,
    empty) handled inline: the sanitiser runs for every cell of an export."""
    cells: list[str] = []
    append = cells.append
    for value in row:
        kind = type(value)
        if kind is str:
            text: str = value  # type: ignore[assignment]
            if text.isprintable() and not text.startswith(_FORMULA_STARTS):
                append(text)
                continue
        elif value is None:
            append("")
            continue
        elif kind is int:
            append(str(value))
            continue
        append(safe_cell(value, decimal_comma=decimal_comma))
    return cells


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
        writer.writerow(_safe_row(row, decimal_comma))
        yield flush()


def domain_columns(results: Iterable[dict[str, Any]]) -> list[str]:
    """The domain ids of the results, in the order they first appear."""
    seen: dict[str, None] = {}
    for result in results:
        for domain in result["domains"]:
            seen.setdefault(domain["id"], None)
    return list(seen)


def csv_layout(outcomes: Sequence[Outcome]) -> tuple[list[str], list[list[object]]]:
    """The CSV of ``score``: one row per file, one score and one level column per domain."""
    domains = domain_columns(item.result for item in outcomes if not isinstance(item, Failed))
    header = ["file", "person", "questionnaire", "version", "date", "complete", "score"]
    header += ["score_level", "level"]
    for domain in domains:
        header += [f"{domain}_score", f"{domain}_level"]
    header += ["dont_know", "declined", "advice", "error"]
    rows: list[list[object]] = []
    for item in outcomes:
        if isinstance(item, Failed):
            rows.append([item.file, *[None] * (len(header) - 2), item.error])
            continue
        result = item.result
        by_id = {domain["id"]: domain for domain in result["domains"]}
        row: list[object] = [
            item.file,
            result["person"],
            result["questionnaire"]["id"],
            result["questionnaire"]["version"],
            item.date,
            result["complete"],
            result["score"],
            result["score_level"],
            result["level"],
        ]
        for domain in domains:
            row += (
                [by_id[domain]["score"], by_id[domain]["level"]] if domain in by_id else [None] * 2
            )
        row += [len(result["dont_know"]), len(result["declined"]), " ".join(result["advice"]), None]
        rows.append(row)
    return header, rows
