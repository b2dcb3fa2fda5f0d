"""The JSON Schema: generated from the model, committed, and in agreement with it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from cli_runner import run_cli

from bonsclics_cli.compat import tomllib
from bonsclics_cli.questionnaire.schema import schema_json

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema" / "questionnaire.schema.json"


def test_the_committed_schema_is_in_sync_with_the_model() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), (
        "schema/questionnaire.schema.json is stale: run "
        "'bonsclics schema > schema/questionnaire.schema.json'"
    )


def test_the_command_prints_a_draft_2020_12_schema() -> None:
    result = run_cli(["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "questionnaires").glob("*.toml")),
        ROOT / "tests" / "fixtures" / "minimal.toml",
    ],
)
def test_valid_questionnaires_satisfy_the_schema(path: Path) -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(tomllib.loads(path.read_text("utf-8")))


def test_the_schema_catches_what_an_editor_should_flag() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    document = tomllib.loads((ROOT / "tests" / "fixtures" / "minimal.toml").read_text("utf-8"))
    document["questions"][0]["pionts"] = 1
    document["questions"][1]["type"] = "multipel"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert errors
