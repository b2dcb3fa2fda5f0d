"""``bonsclics import``: answers files collected elsewhere, stored under their person."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import (
    DataDir,
    Force,
    QuestionnairePaths,
    lang_option,
    no_answers_file,
    output_option,
)
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _


def import_answers(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=N_("FILE|FOLDER"),
            help=N_(
                "Answers files (.json, or .jsonl with one per line), or folders searched for both."
            ),
        ),
    ] = None,
    extra: QuestionnairePaths = None,
    data_dir: DataDir = None,
    from_table: Annotated[
        Path | None,
        typer.Option(
            "--from-table",
            metavar=N_("FILE"),
            help=N_(
                "A spreadsheet (.csv or .xlsx), one row per person, read against the one "
                "--questionnaire given."
            ),
        ),
    ] = None,
    template: Annotated[
        bool,
        typer.Option(
            "--template",
            help=N_("Write an empty .xlsx sheet for --questionnaire, with a drop-down per column."),
        ),
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            metavar=N_("FILE"),
            help=N_(
                "The columns' mapping (JSON): read when it exists, written with what was "
                "recognised (default: beside the table)."
            ),
        ),
    ] = None,
    lang: Annotated[
        str | None, lang_option(N_("Language (default: the questionnaire's first)."))
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar=N_("CHARACTER"),
            help=N_("CSV delimiter (default: guessed, ';' or ',')."),
        ),
    ] = None,
    output: Annotated[
        Path | None, output_option(N_("The template file (default: QUESTIONNAIRE.xlsx)."))
    ] = None,
    force: Force = False,
) -> None:
    """Check answers files as 'score' does and store them in the data folder; or import a
    spreadsheet of answers (--from-table), or write its template (--template)."""
    if from_table is not None or template:
        from bonsclics_cli.cli.import_table import TableRequest, run_table_request
        from bonsclics_cli.errors import UsageError

        if files or (from_table is not None and template):
            raise UsageError(
                _("give answers files, or --from-table FILE, or --template: one of the three")
            )
        run_table_request(
            use(ctx),
            TableRequest(
                from_table,
                template,
                list(extra or ()),
                mapping,
                lang,
                delimiter,
                output,
                force,
                data_dir,
            ),
        )
        return
    if not files:
        from bonsclics_cli.errors import UsageError

        raise UsageError(
            _("give answers files to import, or --from-table FILE with --questionnaire ID")
        )
    from rich.text import Text

    from bonsclics_cli.answers.shards import ANSWERS_SUFFIXES
    from bonsclics_cli.errors import UsageError
    from bonsclics_cli.files import find_files
    from bonsclics_cli.store.importing import Outcome, import_files

    app = use(ctx)
    sources = find_files(files, ANSWERS_SUFFIXES)
    if not sources:
        raise UsageError(no_answers_file(files))
    results = import_files(app.folder(data_dir), app.catalog(extra), sources)
    console = app.console()
    said = {
        Outcome.IMPORTED: _("imported"),
        Outcome.SKIPPED: _("already there"),
        Outcome.REFUSED: _("refused"),
        Outcome.FAILED: _("failed"),
    }
    for result in results:
        for warning in result.warnings:
            app.error(warning)
        if result.ok:
            console.print(
                Text(f"{said[result.outcome]}: {result.source}: {result.message}"), soft_wrap=True
            )
        else:
            app.error(result.message)
    counts = {outcome: sum(r.outcome is outcome for r in results) for outcome in Outcome}
    console.print(
        _(
            "{imported} imported, {skipped} already there, {refused} refused, {failed} failed."
        ).format(
            imported=counts[Outcome.IMPORTED],
            skipped=counts[Outcome.SKIPPED],
            refused=counts[Outcome.REFUSED],
            failed=counts[Outcome.FAILED],
        )
    )
    if counts[Outcome.REFUSED] or counts[Outcome.FAILED]:
        raise typer.Exit(ExitCode.INVALID)
