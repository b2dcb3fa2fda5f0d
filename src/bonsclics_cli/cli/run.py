"""``bonsclics run``: a diagnostic in the terminal, with the person beside you."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import (
    DataDir,
    Plain,
    QuestionnairePaths,
    lang_option,
    person_option,
)
from bonsclics_cli.cli.structure import StructureFile
from bonsclics_cli.i18n import N_


def run(
    ctx: typer.Context,
    questionnaire: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("QUESTIONNAIRE"),
            help=N_("A questionnaire id or file (default: autonomie-numerique)."),
        ),
    ] = None,
    extra: QuestionnairePaths = None,
    lang: Annotated[
        str | None,
        lang_option(
            N_(
                "The interview's language (default: the resumed interview's, else the "
                "questionnaire's first)."
            )
        ),
    ] = None,
    person: Annotated[
        str | None,
        person_option(N_("The person's pseudonymous id, never a name (asked if left out).")),
    ] = None,
    data_dir: DataDir = None,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", metavar=N_("FILE"), help=N_("Resume an unfinished interview.")),
    ] = None,
    plain: Plain = False,
    from_paper: Annotated[
        bool,
        typer.Option(
            "--from-paper",
            help=N_(
                "Type in a paper form, alone: no introduction, the dates written on the form, "
                "a choice answered by its number in one keystroke."
            ),
        ),
    ] = False,
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
            plain=plain or use(ctx).plain,
            from_paper=from_paper,
            structure=structure,
        ),
    )
