"""``bonsclics schema``: the JSON Schema of the questionnaire format, for editors."""

from __future__ import annotations

import typer

from bonsclics_cli.cli.context import use


def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema (draft 2020-12) of questionnaire files."""
    from bonsclics_cli.questionnaire.schema import schema_json

    use(ctx).write_data(schema_json())
