"""``bonsclics import``: answers files collected elsewhere, stored under their person."""

from __future__ import annotations

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import AnswersPaths, DataDir, QuestionnairePaths, no_answers_file
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import _


def import_answers(
    ctx: typer.Context,
    files: AnswersPaths,
    extra: QuestionnairePaths = None,
    data_dir: DataDir = None,
) -> None:
    """Check answers files as 'score' does and store them in the data folder."""
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
