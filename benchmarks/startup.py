"""How long `bonsclics --help` takes, as a ratio to a bare two-command Typer app.

Run: python benchmarks/startup.py [--runs N]. Prints the medians and the ratio, and
compares the ratio with the floor of 1.3 (not a test: the machine's load varies).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.3
BARE_APP = '''
import typer

app = typer.Typer({options})


@app.command()
def hello(name: str) -> None:
    """Say hello."""
    typer.echo(f"Hello {name}")


@app.command()
def goodbye(name: str) -> None:
    """Say goodbye."""
    typer.echo(f"Goodbye {name}")


if __name__ == "__main__":
    app()
'''


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    ours = median_seconds([sys.executable, "-m", "bonsclics_cli", "--help"], runs)
    print(f"bonsclics --help: {ours * 1000:.1f} ms (median of {runs})")
    # Typer's defaults render help with Rich; bonsclics renders plain help
    # (rich_markup_mode=None), so the fair floor is the bare app with the same setting.
    variants = {"defaults": "", "plain help, as bonsclics": "rich_markup_mode=None"}
    with tempfile.TemporaryDirectory() as folder:
        for name, options in variants.items():
            bare = Path(folder) / "bare_app.py"
            bare.write_text(BARE_APP.replace("{options}", options), encoding="utf-8")
            bare_time = median_seconds([sys.executable, str(bare), "--help"], runs)
            ratio = ours / bare_time
            verdict = "within" if ratio <= TARGET else "ABOVE"
            print(
                f"bare two-command Typer app ({name}): {bare_time * 1000:.1f} ms; "
                f"ratio {ratio:.2f} ({verdict} the target of {TARGET})"
            )


if __name__ == "__main__":
    main()
