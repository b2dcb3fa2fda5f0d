"""Score JSON Lines shards on Dask with the public API: ``pip install 'bonsclics-cli[dask]'``.

Each shard is one partition, read line by line; each line gives the score result
object of docs/format.md §5, named ``<shard>:<line>`` as ``bonsclics score`` names
it. The questionnaires are loaded once, here, and sent to each worker once,
already parsed. The same code runs on a laptop and on a cluster: only the
``distributed.Client`` the caller opens differs.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Iterable, Sequence
from typing import Any

import dask
import dask.bag as db

from bonsclics_cli import api, i18n


def score_partition(
    lines: Iterable[tuple[str, str]],
    questionnaires: Sequence[api.Questionnaire],
    language: str = i18n.DEFAULT_LANGUAGE,
) -> list[dict[str, Any]]:
    """The §5 objects of one partition's ``(line, shard path)`` pairs, in line order;
    the errors in ``language`` (the caller's: a worker has its own environment)."""
    i18n.set_language(language)
    results: list[dict[str, Any]] = []
    for shard, group in itertools.groupby(lines, key=operator.itemgetter(1)):
        results.extend(api.score_lines((line for line, _ in group), shard, questionnaires))
    return results


def score_shards(
    shards: str | Sequence[str], questionnaires: Sequence[api.Questionnaire] | None = None
) -> db.Bag:
    """A bag of §5 objects for every non-blank line of ``shards`` (paths, globs or URLs).

    ``questionnaires`` default to the bundled ones; give ``api.load_questionnaire``'s
    for your own.
    """
    chosen = list(questionnaires) if questionnaires is not None else api.bundled_questionnaires()
    lines = db.read_text(
        shards,
        blocksize=None,  # one partition per shard, so that line numbers are the shard's
        encoding="utf-8",
        errors="surrogateescape",  # a line that is not UTF-8 is reported, not fatal
        linedelimiter="\n",
        include_path=True,
    )
    return lines.map_partitions(
        score_partition, dask.delayed(chosen, pure=True), i18n.current_language()
    )


def write_jsonl(results: db.Bag, folder: str) -> list[str]:
    """Write the results as JSON Lines, one file per shard: what DuckDB reads next."""
    encoded = results.map(json.dumps, ensure_ascii=False)
    written: list[str] = encoded.to_textfiles(f"{folder}/*.jsonl", encoding="utf-8")
    return written
