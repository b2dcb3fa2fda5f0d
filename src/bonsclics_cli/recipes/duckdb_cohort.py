"""A cohort summary of score results in DuckDB: ``pip install 'bonsclics-cli[duckdb]'``.

Reads JSON Lines of §5 objects (``bonsclics score -f jsonl -o results.jsonl``, or
the Dask recipe's output) and counts, per questionnaire, what ``bonsclics score
--summary`` counts: files, complete and unfinished results, the levels given, and
the mean and median overall score. Unfinished interviews are left out of the
statistics (docs/format.md §3.4) unless ``include_incomplete``; they never have a
level. Results that are errors are counted apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

# Only the keys the summary needs; a result's other keys are ignored.
_COLUMNS = {
    "file": "VARCHAR",
    "error": "VARCHAR",
    "questionnaire": "STRUCT(id VARCHAR, version VARCHAR)",
    "complete": "BOOLEAN",
    "score": "INTEGER",
    "level": "VARCHAR",
}

_SUMMARY = """
WITH results AS (
    SELECT * FROM read_json($files, format = 'newline_delimited', columns = $columns)
), counted AS (
    SELECT *, complete OR $include_incomplete AS counted FROM results WHERE error IS NULL
)
SELECT
    questionnaire.id AS id,
    questionnaire.version AS version,
    count(*) AS files,
    count(*) FILTER (WHERE complete) AS complete,
    count(*) FILTER (WHERE NOT complete) AS unfinished,
    count(score) FILTER (WHERE counted) AS evaluated,
    sum(score) FILTER (WHERE counted) AS total,
    median(score) FILTER (WHERE counted) AS median
FROM counted
GROUP BY ALL
ORDER BY id, version
"""

_LEVELS = """
SELECT questionnaire.id, questionnaire.version, level, count(*) AS count
FROM read_json($files, format = 'newline_delimited', columns = $columns)
WHERE error IS NULL AND complete AND level IS NOT NULL
GROUP BY ALL
ORDER BY count DESC, level
"""

_FAILED = """
SELECT count(*) FROM read_json($files, format = 'newline_delimited', columns = $columns)
WHERE error IS NOT NULL
"""


def cohort_summary(
    results: str | Sequence[str],
    *,
    include_incomplete: bool = False,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> dict[str, Any]:
    """Per questionnaire (id, version): counts, levels, mean and median score; and failures."""
    database = connection or duckdb.connect()
    files = [results] if isinstance(results, str) else list(results)
    parameters: dict[str, Any] = {"files": files, "columns": _COLUMNS}
    rows = database.execute(
        _SUMMARY, parameters | {"include_incomplete": include_incomplete}
    ).fetchall()
    levels: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for identifier, version, level, count in database.execute(_LEVELS, parameters).fetchall():
        levels.setdefault((identifier, version), []).append({"id": level, "count": count})
    failed_row = database.execute(_FAILED, parameters).fetchone()
    groups = []
    for identifier, version, count, complete, unfinished, evaluated, total, median in rows:
        groups.append(
            {
                "id": identifier,
                "version": version,
                "files": count,
                "complete": complete,
                "unfinished": unfinished,
                "left_out": 0 if include_incomplete else unfinished,
                # The same arithmetic as ``score --summary``: one decimal, Python's rounding.
                "score": {
                    "evaluated": evaluated,
                    "mean": round(total / evaluated, 1) if evaluated else None,
                    "median": None if median is None else _plain(median),
                },
                "levels": levels.get((identifier, version), []),
            }
        )
    return {"questionnaires": groups, "failed": failed_row[0] if failed_row else 0}


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else float(number)
