"""The renderers, in a plain registry: (format, audience) -> (request -> text).

Every renderer is pure: it takes a ``ReportRequest`` (a ScoreCard, the previous
one if any, the date of the report, the language) and returns the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bonsclics_cli.errors import UsageError
from bonsclics_cli.reports import html_report, json_report, markdown_report
from bonsclics_cli.reports.view import ReportView, build_view
from bonsclics_cli.scoring.rules import ScoreCard

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

    def view(self) -> ReportView:
        return build_view(
            self.card,
            language=self.language,
            generated_on=self.generated_on,
            previous=self.previous,
            current_sha256=self.current_sha256,
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


RENDERERS: dict[tuple[str, str], Renderer] = {
    ("html", "person"): lambda request: html_report.person(request.view()),
    ("html", "professional"): lambda request: html_report.professional(request.view()),
    ("md", "person"): lambda request: markdown_report.person(request.view()),
    ("md", "professional"): lambda request: markdown_report.professional(request.view()),
    # JSON is data for tools: the same document whatever the audience.
    ("json", "person"): _json,
    ("json", "professional"): _json,
}


def render(output_format: str, audience: str, request: ReportRequest) -> str:
    renderer = RENDERERS.get((output_format, audience))
    if renderer is None:
        raise UsageError(
            f"no report for format '{output_format}' and audience '{audience}'; "
            f"formats: {', '.join(FORMATS)}; audiences: {', '.join(AUDIENCES)}"
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
