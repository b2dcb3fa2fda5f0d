"""Benchmark: the Dask recipe (docs/recipes.md) against ``bonsclics score`` on the same shards.

Run: ``.venv/bin/python benchmarks/dask_shards.py [SHARDS] [LINES]`` (default 4 × 5,000),
with the extra installed (``pip install -e '.[dask]'``).

Writes SHARDS JSON Lines shards of LINES coherent interviews of the default
questionnaire, then times, once each, wall clock:

- the floor: a fresh Python process that reads every line and ``json.loads`` it;
- ``bonsclics score -f jsonl -o FILE SHARDS...`` (one process: a handful of shards
  is below the size at which ``score`` starts its own workers);
- the Dask recipe on a ``LocalCluster`` of 2 worker processes (1 thread each):
  ``score_shards`` then ``write_jsonl``, the cluster already started (its start-up
  is printed apart), and checks that it wrote the same results as the command.

Prints the ratios. On a cluster, Dask's time divides by the workers; here it shows
what the recipe's overhead costs on one machine. Timings depend on what else the
machine does; the ratios are what to compare.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sample_answers import random_sheet

from bonsclics_cli.questionnaire.catalog import DEFAULT_QUESTIONNAIRE, Catalog, Entry

BARE_LOOP = """
import json, sys
for name in sys.argv[1:]:
    with open(name, "rb") as stream:
        for line in stream:
            if line.strip():
                json.loads(line)
"""


def write_shards(folder: Path, entry: Entry, shards: int, lines: int) -> list[Path]:
    rng = random.Random(10)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    paths = []
    for shard in range(shards):
        rows = []
        for line in range(lines):
            sheet = random_sheet(entry, rng, person=f"BC-{shard:02d}{line:05d}", started=start)
            rows.append(json.dumps(json.loads(sheet.to_json()), ensure_ascii=False))
        path = folder / f"shard-{shard:02d}.jsonl"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    shards = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    from distributed import Client, LocalCluster

    from bonsclics_cli import api
    from bonsclics_cli.recipes.dask_shards import score_shards, write_jsonl

    entry = Catalog().find(DEFAULT_QUESTIONNAIRE)
    assert entry is not None
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        paths = write_shards(folder, entry, shards, lines)
        names = [str(path) for path in paths]
        floor = timed([sys.executable, "-c", BARE_LOOP, *names])
        cli_output = folder / "cli.jsonl"
        bonsclics = [sys.executable, "-m", "bonsclics_cli", "score", "-f", "jsonl"]
        command = timed([*bonsclics, "-o", str(cli_output), *names])

        started = time.perf_counter()
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster),
        ):
            startup = time.perf_counter() - started
            begin = time.perf_counter()
            written = write_jsonl(
                score_shards(names, api.bundled_questionnaires()), str(folder / "dask")
            )
            dask_time = time.perf_counter() - begin
        from_dask = [line for name in written for line in Path(name).read_text().splitlines()]
        same = [json.loads(line) for line in from_dask] == [
            json.loads(line) for line in cli_output.read_text().splitlines()
        ]

    total = shards * lines
    print(f"{shards} shards × {lines:,} lines = {total:,} answers documents, one run each")
    print(f"floor (read + json.loads, 1 process): {floor:6.2f} s")
    print(f"bonsclics score -f jsonl (1 process): {command:6.2f} s  ratio {command / floor:4.1f}")
    print(
        f"Dask recipe, 2 worker processes:      {dask_time:6.2f} s  ratio {dask_time / floor:4.1f}"
        f"  ({dask_time / command:.2f} × bonsclics score; cluster start-up {startup:.1f} s apart)"
    )
    print(f"same results as bonsclics score: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
