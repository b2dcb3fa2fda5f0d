"""The recipes of docs/recipes.md, run as the page shows them: Dask shards, a DuckDB cohort.

Each needs its optional extra; CI installs both (``.ci/run``), so they run there. The
page must hold each recipe's file verbatim, so that what is tested is what is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import write_shards
from cli_runner import run_cli

from bonsclics_cli import api

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / "src" / "bonsclics_cli" / "recipes"
PAGE = ROOT / "docs" / "recipes.md"


@pytest.mark.parametrize("name", ["dask_shards.py", "duckdb_cohort.py"])
def test_the_page_shows_each_recipe_file_verbatim(name: str) -> None:
    page = PAGE.read_text(encoding="utf-8")
    block = re.search(
        rf"<!-- file: src/bonsclics_cli/recipes/{re.escape(name)} -->\n```python\n(.*?)```\n",
        page,
        re.DOTALL,
    )
    assert block is not None, f"docs/recipes.md does not include {name}"
    assert block.group(1) == (RECIPES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three shards of 40 lines over the three bundled questionnaires, with broken lines."""
    folder = tmp_path_factory.mktemp("shards")
    return write_shards(folder, api.bundled_questionnaires(), shards=3, lines=40)


def cli_results(shards: list[Path]) -> list[dict[str, Any]]:
    outcome = run_cli(["score", "-f", "jsonl", *shards])
    assert outcome.exit_code == 1  # the broken lines
    return [json.loads(line) for line in outcome.stdout.splitlines()]


def cli_summary(shards: list[Path], *extra: str) -> dict[str, Any]:
    outcome = run_cli(["score", "--summary", "-f", "json", *extra, *shards])
    document: dict[str, Any] = json.loads(outcome.stdout)
    return document


@pytest.mark.slow  # starts its own local cluster, as the page does
def test_the_page_example_runs_as_written(
    shards: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    # Before the tests that share a cluster: the example opens and closes its own.
    for module in ("dask.bag", "distributed", "duckdb"):
        pytest.importorskip(module, reason="the example needs: pip install '.[dask,duckdb]'")
    block = re.search(
        r"<!-- example: run by tests/api/test_recipes.py -->\n```python\n(.*?)```\n",
        PAGE.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    assert block is not None
    (tmp_path / "shards").mkdir()
    for shard in shards:
        (tmp_path / "shards" / shard.name).write_bytes(shard.read_bytes())
    monkeypatch.chdir(tmp_path)
    exec(compile(block.group(1), str(PAGE), "exec"), {"__name__": "__main__"})
    shown = capsys.readouterr().out
    assert "lines that could not be scored: 6" in shown
    assert "autonomie-numerique 2.0.0" in shown
    assert len(list((tmp_path / "results").glob("*.jsonl"))) == len(shards)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    pytest.importorskip("dask.bag", reason="the Dask recipe needs: pip install '.[dask]'")
    distributed = pytest.importorskip(
        "distributed", reason="the Dask recipe needs: pip install '.[dask]'"
    )
    # Two worker processes: the questionnaires and the scoring function really travel.
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.mark.slow  # a local cluster of two worker processes: seconds
def test_dask_scores_shards_as_bonsclics_score_does(
    shards: list[Path], dask_client: object
) -> None:
    from bonsclics_cli.recipes.dask_shards import score_shards

    results = score_shards([str(path) for path in shards]).compute()
    assert results == cli_results(shards)
    assert len(results) == 3 * 40 and sum("error" in result for result in results) == 6
    assert results[1]["file"] == f"{shards[0]}:2"  # the line numbers are the shard's


@pytest.mark.slow  # a local cluster of two worker processes: seconds
def test_dask_scores_against_a_questionnaire_of_ones_own(
    tmp_path: Path, dask_client: object
) -> None:
    from bonsclics_cli.recipes.dask_shards import score_shards

    quick = api.load_questionnaire(ROOT / "questionnaires" / "reperage-rapide.toml")
    folder = write_shards(tmp_path, [quick], shards=2, lines=5)
    results = score_shards([str(path) for path in folder], [quick]).compute()
    scored = [result for result in results if "error" not in result]
    assert len(scored) == 2 * 3 and {r["questionnaire"]["id"] for r in scored} == {quick.id}


def comparable(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """What both summaries say, per questionnaire, levels given at least once."""
    return sorted(
        (
            {
                "id": group["id"],
                "version": group["version"],
                "files": group["files"],
                "complete": group["complete"],
                "unfinished": group["unfinished"],
                "left_out": group["left_out"],
                "score": {key: group["score"][key] for key in ("evaluated", "mean", "median")},
                "levels": sorted(
                    (level["id"], level["count"]) for level in group["levels"] if level["count"]
                ),
            }
            for group in summary["questionnaires"]
        ),
        key=lambda group: (group["id"], group["version"]),
    )


@pytest.mark.parametrize("extra", [(), ("--include-incomplete",)])
def test_duckdb_summarises_score_output_as_score_summary_does(
    shards: list[Path], tmp_path: Path, extra: tuple[str, ...]
) -> None:
    pytest.importorskip("duckdb", reason="the DuckDB recipe needs: pip install '.[duckdb]'")
    from bonsclics_cli.recipes.duckdb_cohort import cohort_summary

    results = tmp_path / "results.jsonl"
    assert run_cli(["score", "-f", "jsonl", "-o", results, *shards]).exit_code == 1
    summary = cohort_summary(str(results), include_incomplete=bool(extra))
    expected = cli_summary(shards, *extra)
    assert comparable(summary) == comparable(expected)
    assert summary["failed"] == expected["failed"] == 6
    left_out = sum(group["left_out"] for group in summary["questionnaires"])
    assert (left_out > 0) is not bool(extra)


@pytest.mark.slow  # a local cluster of two worker processes: seconds
def test_duckdb_reads_what_the_dask_recipe_writes(
    shards: list[Path], tmp_path: Path, dask_client: object
) -> None:
    pytest.importorskip("duckdb", reason="the DuckDB recipe needs: pip install '.[duckdb]'")
    from bonsclics_cli.recipes.dask_shards import score_shards, write_jsonl
    from bonsclics_cli.recipes.duckdb_cohort import cohort_summary

    written = write_jsonl(score_shards([str(path) for path in shards]), str(tmp_path / "out"))
    assert len(written) == len(shards)
    assert comparable(cohort_summary(written)) == comparable(cli_summary(shards))
