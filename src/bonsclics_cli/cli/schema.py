"""``bonsclics schema``: the JSON Schema of the questionnaire format, for editors."""

from __future__ import annotations

import typer


def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of questionnaire files."""
    from bonsclics_cli.questionnaire.schema import schema_json

    typer.echo(schema_json(), nl=False)
