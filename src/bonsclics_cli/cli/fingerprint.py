"""``bonsclics fingerprint``: the id, version and sha256 an answers file must name."""

from __future__ import annotations

from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import QuestionnaireName, QuestionnairePaths, format_option
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.i18n import N_


class FingerprintFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def fingerprint(
    ctx: typer.Context,
    questionnaire: QuestionnaireName,
    extra: QuestionnairePaths = None,
    output_format: Annotated[
        FingerprintFormat,
        format_option(
            N_('text (one line each), or json: the "questionnaire" object of an answers file.')
        ),
    ] = FingerprintFormat.TEXT,
) -> None:
    """Print the id, version and sha256 that an answers file of this questionnaire names."""
    import json

    app = use(ctx)
    entry = app.catalog(extra).resolve(questionnaire)
    reference = {
        "id": entry.questionnaire.id,
        "version": entry.questionnaire.version,
        "sha256": entry.sha256,
    }
    if output_format is FingerprintFormat.JSON:
        app.echo(json.dumps(reference, ensure_ascii=False))
        return
    for key, value in reference.items():
        app.echo(f"{key}: {value}")
