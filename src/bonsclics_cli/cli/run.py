"""``bonsclics run``: a diagnostic in the terminal, with the person beside you."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import DataDir, Plain, QuestionnairePaths, lang_option
from bonsclics_cli.cli.structure import StructureFile


def run(
    ctx: typer.Context,
    questionnaire: Annotated[
        str | None,
        typer.Argument(help="A questionnaire id or file (default: autonomie-numerique)."),
    ] = None,
    extra: QuestionnairePaths = None,
    lang: Annotated[
        str | None, lang_option("the resumed interview's, else the questionnaire's first")
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person", help="The person's pseudonymous id, never a name (asked if left out)."
        ),
    ] = None,
    data_dir: DataDir = None,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", metavar="FILE", help="Resume an unfinished interview."),
    ] = None,
    plain: Plain = False,
    structure: StructureFile = None,
) -> None:
    """Run a diagnostic with the person beside you; answers are saved after every answer."""
    from bonsclics_cli.cli.interview_session import RunRequest, run_session

    run_session(
        use(ctx),
        RunRequest(
            questionnaire=questionnaire,
            extra=tuple(extra or ()),
            language=lang,
            person=person,
            data_dir=data_dir,
            resume=resume,
            plain=plain,
            structure=structure,
        ),
    )
