"""Hostile questionnaires: time and peak memory of loading them, as ratios to a floor.

Run: python benchmarks/hostile_sizes.py [--only NAME]. Each case is built here (deep
table headers, dotted keys and inline tables, a wide file of headers at the nesting
limit, deep conditions, a 5 MB prompt, a long option list), written to a temporary
folder, and measured in a fresh process so one case's memory cannot hide another's:

- ``load``: ``load_bytes`` on the file's bytes (the pre-scan, tomllib, the source map,
  the model and the checks): its time, then in another process its peak of traced
  allocations (tracemalloc slows everything down, so it is not on while timing);
- ``validate``: the whole ``bonsclics validate FILE`` command, its time and the
  process's peak resident memory (what the issue measured: 640 MB for a 5 MB prompt).

The floor is ``tomllib.loads`` on the same bytes when they are plain TOML of ordinary
shape (the long prompt, the long list). For the deeply nested cases tomllib itself
grows faster than the file (16,000 header levels: 0.3 s and 16 MB; 50,000: 1.8 s and
50 MB), so the floor there is tomllib on a flat file of the same size. Ratios near 1
(or below, when a file is refused before parsing) mean linear work. Not a test: the
machine's load varies.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "tests" / "fixtures" / "minimal.toml").read_text("utf-8")
WHEN = "when = \"smartphone == 'oui'\""
PROMPT = "Avez-vous un smartphone ?"
OPTION = '  { value = "oui", label'
KIB = 1024


def _filled(unit: Callable[[int], str], size: int) -> str:
    parts = [BASE]
    total = len(BASE)
    number = 0
    while total < size:
        part = unit(number)
        parts.append(part)
        total += len(part)
        number += 1
    return "".join(parts)


def _options(count: int) -> str:
    rows = "".join(
        f'  {{ value = "o{n}", label = {{ fr = "Option {n}", en = "Option {n}" }}, points = 1 }},\n'
        for n in range(count)
    )
    return BASE.replace(OPTION, rows + OPTION)


def _deep_when(levels: int) -> str:
    condition = "(" * levels + "smartphone == 'oui'" + ")" * levels
    return BASE.replace(WHEN, f'when = "{condition}"')


CASES: dict[str, tuple[Callable[[], str], bool]] = {
    # name: (the questionnaire's text, whether tomllib on the same bytes is a fair floor)
    "header, 16,000 levels": (lambda: BASE + "[" + ".".join(["a"] * 16_000) + "]\n", False),
    "header, 100 KB": (lambda: BASE + "[" + ".".join(["a"] * 50_000) + "]\n", False),
    "dotted key, 100 KB": (lambda: BASE + ".".join(["a"] * 50_000) + " = 1\n", False),
    "inline tables, 100 KB": (lambda: BASE + "z = " + "{a=" * 33_000 + "1" + "}" * 33_000, False),
    "headers at the limit, 100 KB": (
        lambda: _filled(lambda n: f"[t{n}." + ".".join(["a"] * 30) + "]\nx = 1\n", 100 * KIB),
        True,
    ),
    "condition, 400 parentheses": (lambda: _deep_when(400), True),
    "condition, 100 KB": (lambda: _deep_when(50_000), True),
    "prompt, 5 MB": (lambda: BASE.replace(PROMPT, "x" * (5 * 1024 * KIB - 2 * KIB)), True),
    "prompt, 5 MB of accents": (lambda: BASE.replace(PROMPT, "é" * (5 * 512 * KIB - KIB)), True),
    "prompt, 5 MB with escapes": (
        lambda: BASE.replace(PROMPT, ('\\"' + "x" * 98) * (5 * 1024 * KIB // 100 - 20)),
        True,
    ),
    "options, 1,000": (lambda: _options(1_000), True),
}


def _flat(size: int) -> str:
    """Ordinary TOML of ``size`` characters: the floor for the nested cases."""
    return _filled(lambda n: f'k{n} = "{"x" * 40}"\n', size)


# --- measured in a fresh process ---------------------------------------------------------


def _child(mode: str, path: str) -> None:
    from bonsclics_cli.cli.app import main
    from bonsclics_cli.compat import tomllib
    from bonsclics_cli.questionnaire.loader import load_bytes

    data = Path(path).read_bytes()
    work: Callable[[], object]
    if mode == "validate":
        work = lambda: main(["validate", "--format", "json", path])  # noqa: E731
    elif mode.startswith("load"):
        work = lambda: load_bytes(data, path)  # noqa: E731
    else:
        work = lambda: tomllib.loads(data.decode("utf-8"))  # noqa: E731
    traced = mode.endswith("peak")
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    with contextlib.suppress(SystemExit):
        work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak": peak, "rss": rss}), file=sys.stderr)


def _measure(mode: str, path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stderr.strip().splitlines()[-1]
    measured: dict[str, float] = json.loads(last)
    return measured


def _mb(size: float) -> str:
    return f"{size / 2**20:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="Run only the cases whose name contains this.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        _child(*arguments.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        for name, (build, same_bytes) in CASES.items():
            if arguments.only and arguments.only not in name:
                continue
            text = build()
            path = Path(folder) / "hostile.toml"
            path.write_text(text, encoding="utf-8")
            floor_path = path
            if not same_bytes:
                floor_path = Path(folder) / "floor.toml"
                floor_path.write_text(_flat(len(text)), encoding="utf-8")
            size = path.stat().st_size
            floor = _measure("floor", floor_path)
            floor["peak"] = _measure("floor-peak", floor_path)["peak"]
            load = _measure("load", path)
            load["peak"] = _measure("load-peak", path)["peak"]
            validate = _measure("validate", path)
            empty = _measure("floor", ROOT / "tests" / "fixtures" / "minimal.toml")
            floor_name = "tomllib, same bytes" if same_bytes else "tomllib, flat file"
            print(f"{name} ({size / KIB:,.0f} KiB; floor: {floor_name})")
            print(
                f"  load: {load['seconds'] * 1000:.0f} ms, peak {_mb(load['peak'])}; floor "
                f"{floor['seconds'] * 1000:.0f} ms, peak {_mb(floor['peak'])}; ratios "
                f"{load['seconds'] / floor['seconds']:.2f} (time), "
                f"{load['peak'] / max(floor['peak'], 1):.2f} (memory), "
                f"{load['peak'] / size:.1f} x the file"
            )
            extra_rss = validate["rss"] - empty["rss"]
            print(
                f"  validate: {validate['seconds'] * 1000:.0f} ms, "
                f"peak resident {_mb(validate['rss'])}"
                f" ({_mb(extra_rss)} above loading a small file, {extra_rss / size:.1f} x the file)"
            )


if __name__ == "__main__":
    main()
