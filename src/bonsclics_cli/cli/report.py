"""``bonsclics report``: a report per answers file, for the person or the professional."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import (
    AnswersPaths,
    DataDir,
    QuestionnairePaths,
    format_option,
    lang_option,
    no_answers_file,
    output_option,
)
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Callable

    from bonsclics_cli.store.folder import DataFolder


class ReportFormat(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"


class ReportAudience(StrEnum):
    PERSON = "person"
    PROFESSIONAL = "professional"


def report(
    ctx: typer.Context,
    paths: AnswersPaths,
    extra: QuestionnairePaths = None,
    output_format: Annotated[ReportFormat, format_option(N_("Report format."))] = ReportFormat.HTML,
    audience: Annotated[
        ReportAudience,
        typer.Option("--audience", "-a", help=N_("Who the report is for: person or professional.")),
    ] = ReportAudience.PROFESSIONAL,
    lang: Annotated[
        str | None, lang_option(N_("The report's language (default: the interview's)."))
    ] = None,
    output: Annotated[
        Path | None,
        output_option(
            N_("A file for one answers file, a folder for several (default: standard output)."),
            metavar=N_("FILE|FOLDER"),
        ),
    ] = None,
    data_dir: DataDir = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace an existing report file given by -o."))
    ] = False,
) -> None:
    """Write a report for each answers file: HTML (default), Markdown or JSON.

    The professional's report shows the change since the person's previous session
    when the data folder holds one.
    """
    import functools
    from datetime import datetime

    from bonsclics_cli import api
    from bonsclics_cli.answers.checks import load_each
    from bonsclics_cli.answers.shards import ANSWERS_SUFFIXES, is_shard
    from bonsclics_cli.errors import BonsclicsError, UsageError
    from bonsclics_cli.files import (
        check_output,
        find_files,
        make_private_dir,
        prepare_output,
        write_private,
    )
    from bonsclics_cli.reports.registry import (
        ReportNames,
        failure_json,
        joined,
        reports_to_folder,
    )
    from bonsclics_cli.store.history import PreviousSessions

    app = use(ctx)
    files = find_files(paths, ANSWERS_SUFFIXES)
    if output is not None and output.is_dir():  # never read our own JSON reports back
        files = [file for file in files if not file.resolve().is_relative_to(output.resolve())]
    if not files:
        raise UsageError(no_answers_file(paths))
    several = len(files) > 1 or any(path.is_dir() or is_shard(path) for path in files + paths)
    to_folder = reports_to_folder(output, output_format.value, several=several)
    if output is not None and not to_folder:
        _checked(lambda: prepare_output(output, force=force, inputs=files), output)

    if output is None:
        app.utf8_stdout()  # documents: UTF-8 whatever the terminal's encoding, as with -o
    catalog = app.catalog(extra)
    data_folder = app.folder(data_dir)
    previous = PreviousSessions(data_folder, catalog)
    today = datetime.now().astimezone().date()
    names = ReportNames(audience.value, output_format.value)
    documents: list[str] = []
    failures = 0
    for file, loaded in (item for path in files for item in load_each(path, catalog)):
        try:
            if isinstance(loaded, BonsclicsError):
                raise loaded
            for warning in loaded.warnings:
                app.warn(warning)
            before = previous.before(loaded)
            text = api.report(
                api.CheckedSheet(file, loaded.sheet, loaded.questionnaire, loaded.warnings),
                format=output_format.value,
                audience=audience.value,
                language=lang,
                previous=before.card if before else None,
                generated_on=today,
                file=file,
                previous_file=str(before.path) if before else None,
            )
            if output is None:
                documents.append(text.rstrip("\n"))
                continue
            target = output
            if to_folder:
                folder = _checked(lambda: make_private_dir(output), output)
                target = folder / names.name_for(loaded.sheet)
                check_output(target, force=force, inputs=files)
            _checked(functools.partial(write_private, target, text), target)
            app.echo(str(target))
        except BonsclicsError as exc:
            app.error(str(exc))
            failures += 1
            if output is None and output_format is ReportFormat.JSON:
                documents.append(failure_json(file, str(exc)))

    for skipped in _data_folder_warnings(data_folder):
        app.warn(skipped)
    if documents:
        app.echo(joined(output_format.value, documents))
    if failures:
        raise typer.Exit(ExitCode.INVALID)


_T = TypeVar("_T")


def _data_folder_warnings(folder: DataFolder) -> list[str]:
    """What the lookup of earlier sessions skipped (links, special files), for people."""
    from bonsclics_cli.errors import UnsafeFolderError

    try:
        folder.check()
    except UnsafeFolderError as exc:
        return [
            _("{problem}. The reports show no change since an earlier session").format(problem=exc)
        ]
    return folder.warnings + folder.failures


def _checked(action: Callable[[], _T], target: Path) -> _T:
    """``action()``, with a failure of the file system told as a message (full, read-only)."""
    from bonsclics_cli.errors import BonsclicsError
    from bonsclics_cli.files import os_reason

    try:
        return action()
    except OSError as exc:
        raise BonsclicsError(
            _("{file}: cannot write the report: {reason}").format(
                file=target, reason=os_reason(exc)
            )
        ) from None
