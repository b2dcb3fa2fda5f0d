"""Benchmark: professional HTML reports for 1,000 answers files.

Run: ``.venv/bin/python benchmarks/report_batch.py [COUNT]``. Prints the time per
report for the whole command (read, check, score, look up the previous session,
render, write 0600) and for rendering alone, and their ratio to a floor: reading
and scoring the same files, the work no report can avoid. Target: under 20 ms per
report for the whole command.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sample_answers import random_sheet

from bonsclics_cli.answers.checks import load_answers
from bonsclics_cli.answers.sheet import save_sheet
from bonsclics_cli.cli.app import main
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.reports.registry import ReportRequest, render
from bonsclics_cli.scoring.rules import score

TARGET_MS = 20.0


def main_benchmark(count: int) -> None:
    catalog = Catalog()
    entry = catalog.find("autonomie-numerique")
    assert entry is not None
    rng = random.Random(20261129)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        inputs, out = root / "answers", root / "reports"
        inputs.mkdir()
        start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
        for number in range(count):
            sheet = random_sheet(
                entry, rng, person=f"BC-{number:05d}", started=start + timedelta(hours=number)
            )
            save_sheet(sheet, inputs / f"{number:05d}.json")
        files = sorted(inputs.glob("*.json"))

        began = time.perf_counter()
        loaded = [load_answers(file, catalog) for file in files]
        cards = [score(item.questionnaire, item.sheet) for item in loaded]
        floor = time.perf_counter() - began

        today = datetime.now().astimezone().date()
        began = time.perf_counter()
        for item, card in zip(loaded, cards, strict=True):
            render("html", "professional", ReportRequest(card, item.sheet.language, today))
        rendering = time.perf_counter() - began

        began = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the command lists what it wrote
            try:
                main(["report", str(inputs), "-o", str(out), "--data-dir", str(root / "data")])
            except SystemExit as exit_:
                if exit_.code not in (0, None):
                    raise
        command = time.perf_counter() - began
        written = len(list(out.iterdir()))

    per = {
        name: 1000 * seconds / count
        for name, seconds in (("floor", floor), ("render", rendering), ("command", command))
    }
    print(f"{count} answers files, {written} professional HTML reports written")
    print(f"floor (read + check + score):  {per['floor']:6.2f} ms per file")
    print(
        f"render only (view + HTML):     {per['render']:6.2f} ms per report  "
        f"({per['render'] / per['floor']:.1f} x floor)"
    )
    print(
        f"whole command (bonsclics report -o DIR): {per['command']:6.2f} ms per report  "
        f"({per['command'] / per['floor']:.1f} x floor)  target < {TARGET_MS:.0f} ms: "
        + ("met" if per["command"] < TARGET_MS else "MISSED")
    )


if __name__ == "__main__":
    main_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
