"""How ``bonsclics score`` shows its results: table, CSV, JSON, JSON Lines, the cohort view.

Imported only when the command runs. JSON Lines and JSON are written as files
are scored; the table and the CSV (whose columns are the domains of every
questionnaire met) once all are. Everything that came from a file (person ids,
paths, messages) goes into Rich ``Text`` objects or through ``sanitize``, never
into markup.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from bonsclics_cli.cli.console import bar, make_console, print_error, sanitize
from bonsclics_cli.files import open_private
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.reports.spreadsheet import csv_layout, csv_text, domain_columns
from bonsclics_cli.scoring.batch import Failed, Outcome, Scored, encode_json
from bonsclics_cli.scoring.cohort import Cohort

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

BAR_WIDTH = 30


@dataclass
class Batch:
    """The files to score, and what happened to them as they stream by."""

    files: Iterable[Path]
    catalog: Catalog
    jobs: int | None
    encode: bool
    failed: list[Failed] = field(default_factory=list)
    count: int = 0  # files given so far: the list is streamed, never held

    def _counted(self) -> Iterator[Path]:
        for path in self.files:
            self.count += 1
            yield path

    def outcomes(self) -> Iterator[Outcome]:
        """Each file's outcome in order; warnings go to stderr as they come."""
        # Through the public API, like any other client.
        from bonsclics_cli import api

        for outcome in api.score_files(
            self._counted(), self.catalog, jobs=self.jobs, encode=self.encode
        ):
            if isinstance(outcome, Failed):
                self.failed.append(outcome)
            else:
                for warning in outcome.warnings:
                    warn(warning)
            yield outcome


def warn(message: str) -> None:
    sys.stderr.write(f"Warning: {sanitize(message)}\n")


def _target(output: Path | None, newline: str = "\n") -> AbstractContextManager[TextIO]:
    return open_private(output, newline=newline) if output else nullcontext(sys.stdout)


def write_json(batch: Batch, output: Path | None, *, lines: bool) -> None:
    """§5 objects as they come: one per line, or a JSON array (one object per line)."""
    with _target(output) as stream:
        if lines:
            for outcome in batch.outcomes():
                stream.write(encode_json(outcome) + "\n")
            return
        stream.write("[")
        for index, outcome in enumerate(batch.outcomes()):
            stream.write("\n  " if index == 0 else ",\n  ")
            stream.write(encode_json(outcome))
        stream.write("\n]\n")


def write_csv(batch: Batch, output: Path | None, delimiter: str) -> None:
    header, rows = csv_layout(list(batch.outcomes()))
    if output is None and hasattr(sys.stdout, "buffer"):
        # Bytes, so that the CSV's CRLF is not translated again (to CR CR LF on Windows).
        sys.stdout.flush()
        for piece in csv_text(header, rows, delimiter):
            sys.stdout.buffer.write(piece.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    with _target(output, newline="") as stream:
        for piece in csv_text(header, rows, delimiter):
            stream.write(piece)


def show_table(batch: Batch) -> None:
    """A Rich table for a screenful of files; beyond, plain aligned lines as files are scored.

    Thousands of Rich rows cost seconds and memory for a table nobody reads on a
    screen; the plain lines keep the same columns in the memory of one row.
    """
    console = make_console()
    screenful = max(console.size.height - 8, 10)
    scored = (item for item in batch.outcomes() if isinstance(item, Scored))
    first = list(itertools.islice(scored, screenful + 1))
    if len(first) <= screenful:
        render_table(console, first)
        return
    write_plain_table(console.file, itertools.chain(first, scored))


def write_plain_table(stream: IO[str], scored: Iterable[Scored]) -> None:
    """The table as plain aligned lines, one per file, streamed.

    A header (with the domain legend) opens each run of files of one questionnaire;
    the level a requirement refused is in the "score alone" column.
    """
    current = None
    count = 0
    for item in scored:
        result = item.result
        name = _questionnaire_name(result)
        domains = [domain["id"] for domain in result["domains"]]
        if (name, domains) != current:
            current = (name, domains)
            short = _short_names(domains)
            stream.write(f"\n{sanitize(name)}\n")
            legends = [f"{short[d]} = {d}" for d in domains if short[d] != d]
            if legends:
                stream.write(sanitize(", ".join(legends)) + "\n")
            cells = ["person", "date", "score", "level", "score alone"]
            stream.write(_plain_row(cells, [short[d] for d in domains], "flags") + "\n")
        held = result["score_level"] if result["score_level"] != result["level"] else ""
        cells = [
            result["person"],
            item.date or "",
            _score_plain(result["score"]),
            result["level"] or "—",
            held or "",
        ]
        scores = [_score_plain(domain["score"]) for domain in result["domains"]]
        stream.write(sanitize(_plain_row(cells, scores, _flags(result))) + "\n")
        count += 1
    stream.write(f"\n{count} file{'s' if count != 1 else ''} scored\n")


_PLAIN_WIDTHS = (20, 10, 5, 14, 14)


def _plain_row(cells: list[str], scores: list[str], flags: str) -> str:
    left = [
        cell.ljust(width) if i != 2 else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(cells, _PLAIN_WIDTHS, strict=True))
    ]
    return "  ".join([*left, *(score.rjust(6) for score in scores), flags]).rstrip()


def _score_plain(score: int | None) -> str:
    return "—" if score is None else str(score)


def show_summary(
    batch: Batch, terminal: bool, fmt: str, output: Path | None, include_incomplete: bool
) -> None:
    cohort = Cohort(batch.catalog, include_incomplete)
    for outcome in batch.outcomes():
        cohort.add(outcome)
    if terminal:
        render_summary(make_console(), cohort.to_json())
        return
    with _target(output) as stream:
        indent = 2 if fmt == "json" else None
        stream.write(json.dumps(cohort.to_json(), ensure_ascii=False, indent=indent) + "\n")


def report_failures(batch: Batch, *, listed: bool) -> None:
    """On stderr: each failure when ``listed``, then how many files could not be scored."""
    if listed:
        for item in batch.failed:
            print_error(sanitize(item.error))
    if batch.failed:
        total = batch.count
        print_error(
            f"{len(batch.failed)} of {total} file{'s' if total != 1 else ''} could not be scored."
        )


# --- table ------------------------------------------------------------------------------


def render_table(console: Console, scored: Sequence[Scored]) -> None:
    """One table per questionnaire (its own domain columns), one row per file, in input order:
    person, date, score, level, a column per domain, flags. Domain headers are shortened
    to keep the table narrow, and spelt out in the caption."""
    groups: dict[str, list[Scored]] = {}
    for item in scored:
        groups.setdefault(_questionnaire_name(item.result), []).append(item)
    for name, items in groups.items():
        console.print(_table(name, items))


def _table(name: str, scored: Sequence[Scored]) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    domains = domain_columns(item.result for item in scored)
    short = _short_names(domains)
    held = any(item.result["score_level"] != item.result["level"] for item in scored)
    legends = [f"{short[d]} = {d}" for d in domains if short[d] != d]
    if held:
        legends.insert(0, "score alone = the level of the score, refused for want of evidence")
    legend = ", ".join(legends)
    table = Table(
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
        title=Text(f"{name}: {len(scored)} file{'s' if len(scored) != 1 else ''}"),
        title_justify="left",
        caption=Text(legend) if legend else None,
        caption_justify="left",
    )
    table.add_column("person", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("level", overflow="fold")
    if held:  # the level a requirement refused, beside the one given
        table.add_column("score alone", overflow="fold")
    for domain in domains:
        table.add_column(short[domain], justify="right", no_wrap=True)
    table.add_column("flags", min_width=10)
    for item in scored:
        result = item.result
        by_id = {domain["id"]: domain for domain in result["domains"]}
        table.add_row(
            Text(result["person"]),
            Text(item.date or ""),
            _score_text(result["score"]),
            Text(result["level"] or "—"),
            *([_held_text(result)] if held else []),
            *(_score_text(by_id[d]["score"] if d in by_id else None) for d in domains),
            Text(_flags(result)),
        )
    return table


def _held_text(result: dict[str, Any]) -> RenderableType:
    """The score level when a requirement held the level below it; blank otherwise."""
    from rich.text import Text

    differs = result["score_level"] != result["level"]
    return Text(result["score_level"] if differs else "")


def _short_names(domains: list[str], width: int = 6) -> dict[str, str]:
    """Column headers for the domains: their first letters, unique, explained in a caption."""
    short: dict[str, str] = {}
    for index, domain in enumerate(domains, start=1):
        name = domain if len(domain) <= width else domain[: width - 1] + "."
        short[domain] = name if name not in short.values() else f"{name[: width - 2]}{index}"
    return short


def _questionnaire_name(result: dict[str, Any]) -> str:
    return f"{result['questionnaire']['id']} {result['questionnaire']['version']}"


def _score_text(score: int | None) -> RenderableType:
    from rich.text import Text

    return Text("—" if score is None else str(score))


def _flags(result: dict[str, Any]) -> str:
    flags = [] if result["complete"] else ["unfinished"]
    if result["dont_know"]:
        flags.append(f"{len(result['dont_know'])} don't know")
    return ", ".join(flags)


# --- the cohort view ------------------------------------------------------------------------


def render_summary(console: Console, summary: dict[str, Any]) -> None:
    """The cohort: counts, level bars overall and per domain, means, medians, advice."""
    from rich.text import Text

    console.print(
        Text(
            f"{summary['files']} file{'s' if summary['files'] != 1 else ''}: "
            f"{summary['scored']} scored, {summary['failed']} could not be scored.",
            style="bold",
        )
    )
    for group in summary["questionnaires"]:
        console.print()
        console.print(
            Text(
                f"{group['id']} {group['version']}: {group['files']} files, "
                f"{group['complete']} finished, {group['unfinished']} unfinished",
                style="bold",
            )
        )
        counted = group["files"] - group["left_out"]
        if group["left_out"]:
            console.print(
                Text(
                    f"{group['left_out']} unfinished left out of the figures below: they have "
                    "no level (--include-incomplete counts their scores)."
                )
            )
        if group["held_down"]:
            console.print(
                Text(
                    f"{group['held_down']} given a lower level than their score, "
                    "for want of the evidence the level requires."
                )
            )
        console.print(_spread_line("Overall score", group["score"]))
        console.print(_bars(group["levels"], group["score"]["not_evaluated"]))
        console.print(_domain_table(group["domains"]))
        for domain in group["domains"]:
            console.print(Text(f"Levels in {domain['id']}", style="bold"))
            console.print(_bars(domain["levels"], domain["not_evaluated"]))
        console.print(_advice_table(group["advice"], counted))


def _spread_line(title: str, spread: dict[str, Any]) -> RenderableType:
    from rich.text import Text

    return Text(
        f"{title}: mean {_number(spread['mean'])}, median {_number(spread['median'])} "
        f"({spread['evaluated']} evaluated, {spread['not_evaluated']} not evaluated)"
    )


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _bars(levels: list[dict[str, Any]], not_evaluated: int) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    rows = [(level["id"], level["count"]) for level in levels]
    if not_evaluated:
        rows.append(("not evaluated", not_evaluated))
    total = sum(count for _, count in rows) or 1
    widest = max((count for _, count in rows), default=0) or 1
    table = Table.grid(padding=(0, 2))
    table.add_column()
    table.add_column()
    table.add_column(justify="right")
    table.add_column(justify="right")
    for name, count in rows:
        table.add_row(
            Text(name),
            Text(bar(count, widest, width=BAR_WIDTH, track=" ")),
            str(count),
            f"{100 * count / total:.0f}%",
        )
    return table


def _domain_table(domains: list[dict[str, Any]]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table("domain", "evaluated", "not evaluated", "mean", "median")
    for column in table.columns[1:]:
        column.justify = "right"
    for domain in domains:
        table.add_row(
            Text(domain["id"]),
            str(domain["evaluated"]),
            str(domain["not_evaluated"]),
            _number(domain["mean"]),
            _number(domain["median"]),
        )
    return table


def _advice_table(advice: list[dict[str, Any]], files: int, most: int = 10) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table("advice given most often", "files", "share", title=None)
    for column in table.columns[1:]:
        column.justify = "right"
    for item in advice[:most]:
        share = f"{100 * item['count'] / files:.0f}%" if files else "—"
        table.add_row(Text(item["id"]), str(item["count"]), share)
    return table
