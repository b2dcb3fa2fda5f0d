"""The professional's guide (French and English): its report section matches the command and
the JSON it documents."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_runner import run_cli
from report_samples import STARTED, TYPICAL, card

from bonsclics_cli.reports.registry import ReportRequest, render

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES = ["guide-professionnel.md", "guide-professionnel.en.md"]


@pytest.fixture(params=GUIDES)
def section(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    guide = (DOCS / name).read_text(encoding="utf-8")
    start = guide.index("<!-- section: report -->")
    return guide[start : guide.index("\n## ", start)]


def test_documented_json_shape_is_the_real_one(section: str) -> None:
    example = json.loads(re.findall(r"```json\n(.*?)```", section, re.DOTALL)[0])
    earlier = card(dict(TYPICAL, obs_recherche="echec"), started_at=STARTED - timedelta(days=90))
    real = json.loads(
        render(
            "json",
            "professional",
            ReportRequest(card(), "fr", date(2026, 11, 29), previous=earlier, file="a.json"),
        )
    )
    assert list(example) == list(real)
    assert list(example["answers"][0]) == list(real["answers"][0])
    assert list(example["previous"]) == list(real["previous"])
    assert list(example["previous"]["domains"][0]) == list(real["previous"]["domains"][0])
    documented = next(item for item in real["answers"] if item["id"] == "gestes_ordinateur")
    assert example["answers"][0] | {"prompt": documented["prompt"]} == documented


def test_documented_options_exist(section: str) -> None:
    help_text = run_cli(["report", "--help"]).stdout
    options = set(re.findall(r"`(-[a-z]/)?(--[a-z][a-z-]+)", section))
    assert {name for _, name in options} >= {"--format", "--audience", "--lang", "--data-dir"}
    for _, name in options:
        assert name in help_text, name
