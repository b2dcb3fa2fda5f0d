"""``bonsclics report``: a report per answers file, for the person or the professional."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from bonsclics_cli.cli.structure import StructureFile
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _

if TYPE_CHECKING:
    from bonsclics_cli.store.folder import DataFolder


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    MD = "md"
    JSON = "json"


class ReportAudience(StrEnum):
    PERSON = "person"
    PROFESSIONAL = "professional"


def report(
    ctx: typer.Context,
    paths: AnswersPaths,
    extra: QuestionnairePaths = None,
    output_format: Annotated[
        ReportFormat, format_option(N_("Report format; pdf needs the 'pdf' extra."))
    ] = ReportFormat.HTML,
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
            N_(
                "A file for one answers file, a folder for several, '-' for standard output "
                "(default: HTML and PDF into the data folder, reports/PERSON/; Markdown and "
                "JSON to standard output)."
            ),
            metavar=N_("FILE|FOLDER"),
        ),
    ] = None,
    data_dir: DataDir = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace an existing report file given by -o."))
    ] = False,
    structure: StructureFile = None,
    open_it: Annotated[
        bool,
        typer.Option("--open", help=N_("Open the report in the default browser, to print it.")),
    ] = False,
) -> None:
    """Write a report for each answers file: HTML (default), PDF, Markdown or JSON.

    HTML and PDF reports go into the data folder (reports/PERSON/), where 'forget' and
    'purge' erase them with the sessions. The professional's report opens with a
    one-page synthesis, and shows the change since the person's previous session when
    the data folder holds one.
    """
    from datetime import datetime

    from bonsclics_cli import api
    from bonsclics_cli.answers.checks import load_each
    from bonsclics_cli.answers.shards import ANSWERS_SUFFIXES, is_shard
    from bonsclics_cli.errors import BonsclicsError, UsageError
    from bonsclics_cli.files import find_files, prepare_output
    from bonsclics_cli.reports.registry import (
        ReportNames,
        failure_json,
        joined,
        reports_to_folder,
    )
    from bonsclics_cli.store.history import PreviousSessions
    from bonsclics_cli.store.report_files import ReportFiles, report_write
    from bonsclics_cli.structure.locate import structure_or_none

    app = use(ctx)
    # Documents to print go into the data folder; text for case files and tools, out.
    if output is not None and str(output) == "-":
        output, to_stdout = None, True
    else:
        to_stdout = output is None and output_format in {ReportFormat.MD, ReportFormat.JSON}
    in_data_folder = output is None and not to_stdout
    if open_it and to_stdout:
        raise UsageError(_("--open needs a report file: leave out -o, or give -o FILE"))
    if output_format is ReportFormat.PDF:
        if to_stdout:
            raise UsageError(_("a PDF report goes to a file: leave out -o, or give -o FILE"))
        from bonsclics_cli.reports.pdf import check_pdf

        check_pdf()  # once, before any answers file is read
    files = find_files(paths, ANSWERS_SUFFIXES)
    if output is not None and output.is_dir():  # never read our own JSON reports back
        files = [file for file in files if not file.resolve().is_relative_to(output.resolve())]
    if not files:
        raise UsageError(no_answers_file(paths))
    several = len(files) > 1 or any(path.is_dir() or is_shard(path) for path in files + paths)
    to_folder = not in_data_folder and reports_to_folder(
        output, output_format.value, several=several
    )
    if output is not None and not to_folder:
        report_write(lambda: prepare_output(output, force=force, inputs=files), output)

    if to_stdout:
        app.utf8_stdout()  # documents: UTF-8 whatever the terminal's encoding, as with -o
    profile = structure_or_none(structure)
    catalog = app.catalog(extra)
    data_folder = app.folder(data_dir)
    writer = ReportFiles(data_folder, output, to_folder=to_folder, force=force, inputs=files)
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
                format="html" if output_format is ReportFormat.PDF else output_format.value,
                audience=audience.value,
                language=lang,
                previous=before.card if before else None,
                generated_on=today,
                file=file,
                previous_file=str(before.path) if before else None,
                structure=profile,
            )
            if to_stdout:
                documents.append(text.rstrip("\n"))
                continue
            content: str | bytes = text
            if output_format is ReportFormat.PDF:
                from bonsclics_cli.reports.pdf import html_to_pdf

                content = html_to_pdf(text)
            name = names.name_for(loaded.sheet)
            app.echo(str(writer.write(loaded.sheet.person, name, content)))
        except BonsclicsError as exc:
            app.error(str(exc))
            failures += 1
            if to_stdout and output_format is ReportFormat.JSON:
                documents.append(failure_json(file, str(exc)))

    for skipped in _data_folder_warnings(data_folder):
        app.warn(skipped)
    if documents:
        app.echo(joined(output_format.value, documents))
    if writer.outside:
        app.warn(
            _(
                "these reports are outside the data folder: 'bonsclics forget' and "
                "'bonsclics purge' will not erase them; delete them yourself when the "
                "person's data must go"
            )
        )
    if open_it:
        _open(writer.written)
    if failures:
        raise typer.Exit(ExitCode.INVALID)


def _open(paths: list[Path]) -> None:
    """Each report in the default browser (or PDF viewer), for printing."""
    import webbrowser

    for path in paths:
        webbrowser.open(path.resolve().as_uri())


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
