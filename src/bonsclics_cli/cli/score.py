"""``bonsclics score``: score saved answers files, one or thousands, as a table, CSV or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import (
    AnswersPaths,
    Delimiter,
    Force,
    QuestionnairePaths,
    format_option,
    no_answers_file,
    output_option,
)
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _


class ScoreFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


def score(
    ctx: typer.Context,
    paths: AnswersPaths,
    extra: QuestionnairePaths = None,
    output_format: Annotated[
        ScoreFormat | None,
        format_option(
            N_("table (the default on a terminal), csv, json, or jsonl (the default otherwise).")
        ),
    ] = None,
    output: Annotated[
        Path | None, output_option(N_("Write csv, json or jsonl to FILE (private, 0600)."))
    ] = None,
    delimiter: Delimiter = ";",
    summary: Annotated[
        bool,
        typer.Option("--summary", help=N_("The group's summary instead of one row per file.")),
    ] = False,
    include_incomplete: Annotated[
        bool,
        typer.Option(
            "--include-incomplete",
            help=N_(
                "With --summary: count the scores of unfinished interviews too "
                "(never their levels, which they do not have)."
            ),
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar=N_("NUMBER"),
            help=N_("Processes to use, at most one per core (the default)."),
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Score answers files (docs/format.md §3, §5); a broken file is named and the rest go on."""
    import itertools

    from bonsclics_cli.answers.shards import ANSWERS_SUFFIXES
    from bonsclics_cli.cli import score_views as views
    from bonsclics_cli.errors import BonsclicsError, UsageError
    from bonsclics_cli.files import iter_files, os_reason, prepare_output
    from bonsclics_cli.scoring.batch import available_cores

    app = use(ctx)
    terminal = app.stdout_is_terminal()
    chosen = output_format or (ScoreFormat.TABLE if terminal else ScoreFormat.JSONL)
    if output is not None and chosen is ScoreFormat.TABLE:
        raise UsageError(_("--output writes csv, json or jsonl; choose one with --format"))
    if include_incomplete and not summary:
        raise UsageError(_("--include-incomplete is an option of --summary"))
    if summary and chosen is ScoreFormat.CSV:
        raise UsageError(_("--summary is shown as a table or as JSON (--format json)"))
    if len(delimiter) != 1 or delimiter in {'"', "\r", "\n"}:
        raise UsageError(
            _("--delimiter takes one character such as ';' or ',', not {given}").format(
                given=repr(delimiter)
            )
        )
    if jobs is not None and jobs > (cores := available_cores()):
        raise UsageError(
            _(
                "--jobs is at most the number of cores here ({cores}), not {jobs}; "
                "leave it out to use them all"
            ).format(cores=cores, jobs=jobs)
        )
    # Streamed: a million files are scored in the memory of a few.
    found = iter_files(paths, ANSWERS_SUFFIXES)
    first = next(found, None)
    if first is None:
        raise UsageError(no_answers_file(paths))
    files = itertools.chain([first], found)
    if output is not None:
        try:
            prepare_output(output, force=force, inputs=iter_files(paths, ANSWERS_SUFFIXES))
        except OSError as exc:
            raise BonsclicsError(
                _("{file}: cannot write the results: {reason}").format(
                    file=output, reason=os_reason(exc)
                )
            ) from None
    catalog = app.catalog(extra)
    for result in catalog.invalid:
        views.warn(
            _("{file} is not a valid questionnaire (run 'bonsclics validate')").format(
                file=result.file
            )
        )

    if output is None and chosen is not ScoreFormat.TABLE:
        app.utf8_stdout()  # data: UTF-8 whatever the terminal's encoding, as with -o
    encode = not summary and chosen in {ScoreFormat.JSON, ScoreFormat.JSONL}
    batch = views.Batch(files, catalog, jobs, encode=encode)
    try:
        if summary:
            views.show_summary(
                batch,
                app.console() if chosen == ScoreFormat.TABLE else None,
                chosen.value,
                output,
                include_incomplete,
            )
        elif chosen is ScoreFormat.TABLE:
            views.show_table(batch, app.console())
        elif chosen is ScoreFormat.CSV:
            views.write_csv(batch, output, delimiter)
        else:
            views.write_json(batch, output, lines=chosen is ScoreFormat.JSONL)
    except BrokenPipeError:
        raise  # `bonsclics score DIR | head`: stopped quietly by the one error handler
    except OSError as exc:  # a full disk, a read-only folder: nothing half-written is left
        raise BonsclicsError(
            _("{file}: cannot write the results: {reason}").format(
                file=exc.filename or output, reason=os_reason(exc)
            )
        ) from None
    finally:
        batch.close()
    views.report_failures(batch, listed=chosen is ScoreFormat.TABLE)
    if batch.failed or catalog.invalid:
        raise typer.Exit(ExitCode.INVALID)
