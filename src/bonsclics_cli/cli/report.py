"""``bonsclics report``: a report per answers file, for the person or the professional."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bonsclics_cli.cli.questionnaires import QuestionnairePaths

if TYPE_CHECKING:
    from bonsclics_cli.answers import AnswerSheet, LoadedAnswers
    from bonsclics_cli.questionnaire.catalog import Catalog
    from bonsclics_cli.scoring import ScoreCard
    from bonsclics_cli.store import DataFolder


class ReportFormat(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"


class ReportAudience(StrEnum):
    PERSON = "person"
    PROFESSIONAL = "professional"


def report(
    paths: Annotated[
        list[Path], typer.Argument(help="Answers files, or folders searched for *.json.")
    ],
    extra: QuestionnairePaths = None,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.HTML,
    audience: Annotated[
        ReportAudience, typer.Option("--audience", "-a", help="Who the report is for.")
    ] = ReportAudience.PROFESSIONAL,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language (default: the interview's).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="A file for one answers file, a folder for several (default: standard "
            "output, md and json only).",
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Where earlier sessions are looked up for the change."),
    ] = None,
) -> None:
    """Write a report for each answers file: HTML (default), Markdown or JSON."""
    import json
    from datetime import datetime

    from bonsclics_cli.answers import load_answers, write_private
    from bonsclics_cli.cli.console import print_error, sanitize
    from bonsclics_cli.errors import BonsclicsError, InvalidInputError, UsageError
    from bonsclics_cli.questionnaire.catalog import Catalog, find_files
    from bonsclics_cli.reports.registry import ReportRequest, render, report_file_name
    from bonsclics_cli.scoring import score
    from bonsclics_cli.store import DataFolder, default_data_dir, make_private_dir

    files = find_files(paths, ".json")
    if output is not None and output.is_dir():  # never read our own JSON reports back
        files = [file for file in files if not file.resolve().is_relative_to(output.resolve())]
    if not files:
        raise UsageError("no answers file (*.json) found in " + ", ".join(map(str, paths)))
    several = len(files) > 1 or any(path.is_dir() for path in paths)
    to_folder = output is not None and (several or output.is_dir())
    if output is None and several and output_format is ReportFormat.HTML:
        raise UsageError("several answers files: give -o FOLDER to write one HTML report each")
    if to_folder and output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"{output} is a file; give a folder to write several reports")

    catalog = Catalog(extra or [])
    history = _History(DataFolder(data_dir or default_data_dir()), catalog)
    today = datetime.now().astimezone().date()
    documents: list[str] = []
    failures: list[dict[str, str]] = []
    used: set[str] = set()
    for file in files:
        try:
            loaded = load_answers(file, catalog)
            for warning in loaded.warnings:
                typer.echo(f"Warning: {sanitize(warning)}", err=True)
            questionnaire, sheet = loaded.questionnaire, loaded.sheet
            language = lang or sheet.language
            if language not in questionnaire.languages:
                raise InvalidInputError(
                    f"{file}: language '{language}' is not one of the questionnaire's "
                    f"({', '.join(questionnaire.languages)})"
                )
            previous = history.previous(loaded)
            request = ReportRequest(
                card=score(questionnaire, sheet),
                language=language,
                generated_on=today,
                previous=previous[0] if previous else None,
                file=str(file),
                previous_file=str(previous[1]) if previous else None,
                current_sha256=loaded.entry.sha256,
            )
            text = render(output_format.value, audience.value, request)
        except BonsclicsError as exc:
            print_error(sanitize(str(exc)))
            failures.append({"file": str(file), "error": str(exc)})
            if output is None and output_format is ReportFormat.JSON:
                documents.append(json.dumps(failures[-1], ensure_ascii=False, indent=2))
            continue
        if to_folder and output is not None:
            name = report_file_name(
                sheet.person,
                sheet.started_at.date(),
                questionnaire.id,
                audience.value,
                output_format.value,
            )
            target = _unused(make_private_dir(output) / name, used)
            write_private(target, text)
            typer.echo(str(target))
        elif output is not None:
            write_private(output, text)
            typer.echo(str(output))
        else:
            documents.append(text.rstrip("\n"))

    if output is None and documents:
        if output_format is ReportFormat.JSON:
            typer.echo("[\n" + ",\n".join(documents) + "\n]")
        else:
            typer.echo("\n\n---\n\n".join(documents))
    if failures:
        raise typer.Exit(1)


def _unused(path: Path, used: set[str]) -> Path:
    """``path``, or ``name-2.ext``… when this run already wrote a report under that name."""
    candidate, counter = path, 2
    while str(candidate) in used:
        candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
        counter += 1
    used.add(str(candidate))
    return candidate


class _History:
    """The earlier session of the same person and questionnaire, from the data folder."""

    def __init__(self, folder: DataFolder, catalog: Catalog) -> None:
        self.folder = folder
        self.catalog = catalog
        self._sessions: dict[str, list[tuple[Path, AnswerSheet]]] = {}

    def previous(self, loaded: LoadedAnswers) -> tuple[ScoreCard, Path] | None:
        from bonsclics_cli.answers import load_answers, parse_sheet, read_sheet_bytes
        from bonsclics_cli.errors import BonsclicsError
        from bonsclics_cli.scoring import score

        sheet = loaded.sheet
        if sheet.person not in self._sessions:
            found = []
            try:
                paths = self.folder.sessions(sheet.person)
            except (BonsclicsError, OSError):
                paths = []
            for path in paths:
                try:
                    found.append((path, parse_sheet(read_sheet_bytes(path), str(path))))
                except BonsclicsError:
                    continue  # a broken earlier session: no change shown from it
            self._sessions[sheet.person] = found
        current = loaded.path.resolve()
        earlier = sorted(
            (
                (other.started_at, path)
                for path, other in self._sessions[sheet.person]
                if path.resolve() != current
                and other.questionnaire.id == sheet.questionnaire.id
                and other.started_at < sheet.started_at
            ),
            reverse=True,
        )
        for _, path in earlier:
            try:
                before = load_answers(path, self.catalog)
            except BonsclicsError:
                continue
            return score(before.questionnaire, before.sheet), path
        return None
