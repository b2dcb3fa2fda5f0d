"""The renderers, in a plain registry: (format, audience) -> (request -> text).

Every renderer is pure: it takes a ``ReportRequest`` (a ScoreCard, the previous
one if any, the date of the report, the language) and returns the document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bonsclics_cli.errors import UsageError
from bonsclics_cli.i18n import _
from bonsclics_cli.reports import json_report
from bonsclics_cli.scoring.rules import ScoreCard

if TYPE_CHECKING:
    from bonsclics_cli.answers.sheet import AnswerSheet
    from bonsclics_cli.reports.view import ReportView
    from bonsclics_cli.structure.model import Structure

Format = Literal["html", "md", "json"]
Audience = Literal["person", "professional"]
FORMATS: tuple[Format, ...] = ("html", "md", "json")
AUDIENCES: tuple[Audience, ...] = ("person", "professional")


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What a report is made from."""

    card: ScoreCard
    language: str
    generated_on: date
    previous: ScoreCard | None = None
    file: str = ""  # the answers file, as the JSON report names it (docs/format.md §5 "file")
    previous_file: str | None = None
    current_sha256: str | None = None  # the questionnaire scored against, if known
    structure: Structure | None = None  # the structure's contact and offers, if set up

    def view(self) -> ReportView:
        from bonsclics_cli.reports.view import build_view

        return build_view(
            self.card,
            language=self.language,
            generated_on=self.generated_on,
            previous=self.previous,
            current_sha256=self.current_sha256,
            structure=self.structure,
        )


Renderer = Callable[[ReportRequest], str]


def _json(request: ReportRequest) -> str:
    return json_report.render(
        json_report.report_json(
            request.card,
            file=request.file,
            language=request.language,
            generated_on=request.generated_on,
            previous=request.previous,
            previous_file=request.previous_file,
        )
    )


def _html(audience: Audience) -> Renderer:
    def renderer(request: ReportRequest) -> str:
        # Imported when asked for: Jinja2 and the charts cost a JSON report nothing.
        from bonsclics_cli.reports import html_report

        page = html_report.person if audience == "person" else html_report.professional
        return page(request.view())

    return renderer


def _markdown(audience: Audience) -> Renderer:
    def renderer(request: ReportRequest) -> str:
        from bonsclics_cli.reports import markdown_report

        page = markdown_report.person if audience == "person" else markdown_report.professional
        return page(request.view())

    return renderer


RENDERERS: dict[tuple[str, str], Renderer] = {
    ("html", "person"): _html("person"),
    ("html", "professional"): _html("professional"),
    ("md", "person"): _markdown("person"),
    ("md", "professional"): _markdown("professional"),
    # JSON is data for tools: the same document whatever the audience.
    ("json", "person"): _json,
    ("json", "professional"): _json,
}


def render(output_format: str, audience: str, request: ReportRequest) -> str:
    renderer = RENDERERS.get((output_format, audience))
    if renderer is None:
        raise UsageError(
            _(
                "no report for format '{format}' and audience '{audience}'; "
                "formats: {formats}; audiences: {audiences}"
            ).format(
                format=output_format,
                audience=audience,
                formats=", ".join(FORMATS),
                audiences=", ".join(AUDIENCES),
            )
        )
    return renderer(request)


def report_file_name(
    person: str, day: date, questionnaire_id: str, audience: str, output_format: str
) -> str:
    """``BC-7F3K9Q_2026-11-29_autonomie-numerique_professional.html``: ids and a date only.

    The person id and the questionnaire id are checked patterns (docs/format.md §1.1, §4),
    safe in a file name; no free text ever goes into a name.
    """
    suffix = "" if output_format == "json" else f"_{audience}"
    return f"{person}_{day.isoformat()}_{questionnaire_id}{suffix}.{output_format}"


_DOCUMENT_SUFFIXES = frozenset({".html", ".htm", ".md", ".json"})


def reports_to_folder(output: Path | None, output_format: str, *, several: bool) -> bool:
    """Whether the reports go one file each into the folder ``output``.

    Refuses what cannot work: several HTML pages on standard output, a file (or a name
    that looks like one) for several reports.
    """
    to_folder = output is not None and (several or output.is_dir())
    if output is None and several and output_format == "html":
        raise UsageError(_("several answers files: give -o FOLDER to write one HTML report each"))
    if to_folder and output is not None and output.exists() and not output.is_dir():
        raise UsageError(
            _("{path} is a file; give a folder to write several reports").format(path=output)
        )
    if (
        to_folder
        and output is not None
        and not output.exists()
        and output.suffix in _DOCUMENT_SUFFIXES
    ):
        raise UsageError(
            _("several answers files: -o needs a folder, and {path} looks like a file name").format(
                path=output
            )
        )
    return to_folder


class ReportNames:
    """The file names of one run's reports: ``name-2.ext``… when the run already used one."""

    def __init__(self, audience: str, output_format: str) -> None:
        self._audience = audience
        self._format = output_format
        self._used: set[str] = set()

    def name_for(self, sheet: AnswerSheet) -> str:
        name = report_file_name(
            sheet.person,
            sheet.started_at.date(),
            sheet.questionnaire.id,
            self._audience,
            self._format,
        )
        stem, _, suffix = name.rpartition(".")
        candidate, counter = name, 2
        while candidate in self._used:
            candidate = f"{stem}-{counter}.{suffix}"
            counter += 1
        self._used.add(candidate)
        return candidate


def failure_json(file: str, error: str) -> str:
    """The JSON that stands for a report that could not be made, among the others."""
    return json.dumps({"file": file, "error": error}, ensure_ascii=False, indent=2)


def joined(output_format: str, documents: Sequence[str]) -> str:
    """Several reports as one output: a JSON array, or documents separated by a rule."""
    if output_format == "json":
        return "[\n" + ",\n".join(documents) + "\n]"
    return "\n\n---\n\n".join(documents)
