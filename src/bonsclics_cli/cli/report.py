"""``bonsclics report``: a report per answers file, for the person or the professional."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from bonsclics_cli.cli.data_options import AnswersPaths, DataDir
from bonsclics_cli.cli.questionnaires import QuestionnairePaths
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import ExitCode

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from bonsclics_cli.answers.checks import LoadedAnswers
    from bonsclics_cli.store.folder import DataFolder
    from bonsclics_cli.store.history import PreviousSessions


class ReportFormat(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"


class ReportAudience(StrEnum):
    PERSON = "person"
    PROFESSIONAL = "professional"


def report(
    paths: AnswersPaths,
    extra: QuestionnairePaths = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.HTML,
    audience: Annotated[
        ReportAudience, typer.Option("--audience", "-a", help="Who the report is for.")
    ] = ReportAudience.PROFESSIONAL,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="CODE", help="Language (default: the interview's)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|FOLDER",
            help="A file for one answers file, a folder for several (default: standard output).",
        ),
    ] = None,
    data_dir: DataDir = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing report file given by -o.")
    ] = False,
) -> None:
    """Write a report for each answers file: HTML (default), Markdown or JSON.

    The professional's report shows the change since the person's previous session
    when the data folder holds one.
    """
    import functools
    import json
    from datetime import datetime

    from bonsclics_cli.answers.checks import load_each
    from bonsclics_cli.answers.shards import ANSWERS_SUFFIXES, is_shard
    from bonsclics_cli.cli.console import print_error, sanitize, utf8_stdout
    from bonsclics_cli.cli.data_options import open_folder
    from bonsclics_cli.errors import BonsclicsError, UsageError
    from bonsclics_cli.files import (
        check_output,
        find_files,
        make_private_dir,
        prepare_output,
        write_private,
    )
    from bonsclics_cli.questionnaire.catalog import Catalog
    from bonsclics_cli.reports.registry import report_file_name
    from bonsclics_cli.store.history import PreviousSessions

    files = find_files(paths, ANSWERS_SUFFIXES)
    if output is not None and output.is_dir():  # never read our own JSON reports back
        files = [file for file in files if not file.resolve().is_relative_to(output.resolve())]
    if not files:
        raise UsageError("no answers file (*.json, *.jsonl) found in " + ", ".join(map(str, paths)))
    several = len(files) > 1 or any(path.is_dir() or is_shard(path) for path in files + paths)
    to_folder = output is not None and (several or output.is_dir())
    if output is None and several and output_format is ReportFormat.HTML:
        raise UsageError("several answers files: give -o FOLDER to write one HTML report each")
    if to_folder and output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"{output} is a file; give a folder to write several reports")
    if to_folder and output is not None and not output.exists() and output.suffix in _SUFFIXES:
        raise UsageError(
            f"several answers files: -o needs a folder, and {output} looks like a file name"
        )

    if output is not None and not to_folder:
        _checked(lambda: prepare_output(output, force=force, inputs=files), output)

    if output is None:
        utf8_stdout()  # documents: UTF-8 whatever the terminal's encoding, as with -o
    catalog = Catalog(extra or [])
    data_folder = open_folder(data_dir)
    previous = PreviousSessions(data_folder, catalog)
    today = datetime.now().astimezone().date()
    documents: list[str] = []
    failures = 0
    used: set[Path] = set()
    for file, loaded in (item for path in files for item in load_each(path, catalog)):
        try:
            if isinstance(loaded, BonsclicsError):
                raise loaded
            text = _report(file, loaded, previous, lang, today, output_format, audience)
            if output is None:
                documents.append(text.rstrip("\n"))
                continue
            target = output
            if to_folder:
                sheet = loaded.sheet
                name = report_file_name(
                    sheet.person,
                    sheet.started_at.date(),
                    sheet.questionnaire.id,
                    audience.value,
                    output_format.value,
                )
                folder = _checked(lambda: make_private_dir(output), output)
                target = _unused(folder / name, used)
                check_output(target, force=force, inputs=files)
            _checked(functools.partial(write_private, target, text), target)
            typer.echo(str(target))
        except BonsclicsError as exc:
            print_error(f"{exc}")
            failures += 1
            if output is None and output_format is ReportFormat.JSON:
                failure = {"file": file, "error": str(exc)}
                documents.append(json.dumps(failure, ensure_ascii=False, indent=2))

    for skipped in _data_folder_warnings(data_folder):
        typer.echo(f"Warning: {sanitize(skipped)}", err=True)
    if documents and output_format is ReportFormat.JSON:
        typer.echo("[\n" + ",\n".join(documents) + "\n]")
    elif documents:
        typer.echo("\n\n---\n\n".join(documents))
    if failures:
        raise typer.Exit(ExitCode.INVALID)


_SUFFIXES = {".html", ".htm", ".md", ".json"}

_T = TypeVar("_T")


def _data_folder_warnings(folder: DataFolder) -> list[str]:
    """What the lookup of earlier sessions skipped (links, special files), for people."""
    from bonsclics_cli.errors import UnsafeFolderError

    try:
        folder.check()
    except UnsafeFolderError as exc:
        return [f"{exc}. The reports show no change since an earlier session"]
    return folder.warnings + folder.failures


def _checked(action: Callable[[], _T], target: Path) -> _T:
    """``action()``, with a failure of the file system told as a message (full, read-only)."""
    from bonsclics_cli.errors import BonsclicsError

    try:
        return action()
    except OSError as exc:
        raise BonsclicsError(f"{target}: cannot write the report: {exc.strerror or exc}") from None


def _report(
    file: str,
    loaded: LoadedAnswers,
    previous: PreviousSessions,
    lang: str | None,
    today: date,
    output_format: ReportFormat,
    audience: ReportAudience,
) -> str:
    """One checked answers document's report, with the person's previous session if any."""
    from bonsclics_cli import api
    from bonsclics_cli.cli.console import sanitize

    for warning in loaded.warnings:
        typer.echo(f"Warning: {sanitize(warning)}", err=True)
    before = previous.before(loaded)
    return api.report(
        api.CheckedSheet(file, loaded.sheet, loaded.questionnaire, loaded.warnings),
        format=output_format.value,
        audience=audience.value,
        language=lang,
        previous=before.card if before else None,
        generated_on=today,
        file=file,
        previous_file=str(before.path) if before else None,
    )


def _unused(path: Path, used: set[Path]) -> Path:
    """``path``, or ``name-2.ext``… when this run already wrote a report under that name."""
    candidate, counter = path, 2
    while candidate in used:
        candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
        counter += 1
    used.add(candidate)
    return candidate
