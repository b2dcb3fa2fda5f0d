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

from bonsclics_cli.cli.console import (
    aligned,
    bar,
    print_error,
    print_warning,
    sanitize,
    screenful,
)
from bonsclics_cli.files import open_private
from bonsclics_cli.i18n import _, format_decimal, ngettext
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import Questionnaire
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
    _running: list[Iterator[Outcome]] = field(default_factory=list, repr=False)

    def _counted(self) -> Iterator[Path]:
        for path in self.files:
            self.count += 1
            yield path

    def outcomes(self) -> Iterator[Outcome]:
        """Each file's outcome in order; warnings go to stderr as they come."""
        # Through the public API, like any other client.
        from bonsclics_cli import api

        running = api.score_files(self._counted(), self.catalog, jobs=self.jobs, encode=self.encode)
        self._running.append(running)
        for outcome in running:
            if isinstance(outcome, Failed):
                self.failed.append(outcome)
            else:
                for warning in outcome.warnings:
                    warn(warning)
            yield outcome

    def close(self) -> None:
        """Stop the worker processes now. Ctrl-C or a closed pipe often lands while the
        outcomes are being written, outside the scoring generators: left to the garbage
        collector, their workers would run on (and be waited for at exit)."""
        for running in self._running:
            close = getattr(running, "close", None)
            if close is not None:
                close()


def warn(message: str) -> None:
    print_warning(message)


class Titles:
    """The titles a person reads in place of the ids of a result (levels, domains, advice),
    in the questionnaire's language; the id itself when the questionnaire is not at hand."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def _questionnaire(self, reference: dict[str, Any]) -> Questionnaire | None:
        entry = self._catalog.find(reference["id"], reference.get("version"))
        return entry.questionnaire if entry is not None else None

    def questionnaire(self, reference: dict[str, Any]) -> str:
        q = self._questionnaire(reference)
        title = q.text(q.title, q.default_language) if q else reference["id"]
        return f"{title} ({reference['id']} {reference['version']})"

    def level(self, reference: dict[str, Any], level: str | None, *, domain: bool = False) -> str:
        if level is None:
            return "—"
        q = self._questionnaire(reference)
        if q is None:
            return level
        scale = q.domain_scale if domain else q.levels
        found = next((item for item in scale if item.id == level), None)
        return q.text(found.title, q.default_language) if found else level

    def domain(self, reference: dict[str, Any], domain: str) -> str:
        q = self._questionnaire(reference)
        found = q.domains_by_id.get(domain) if q else None
        return q.text(found.title, q.default_language) if q and found else domain

    def advice(self, reference: dict[str, Any], advice: str) -> str:
        """An advice by its first sentence: it says what the advice is about."""
        q = self._questionnaire(reference)
        found = next((item for item in q.advice if item.id == advice), None) if q else None
        if q is None or found is None:
            return advice
        text = q.text(found.text, q.default_language)
        first, stop, _rest = text.partition(". ")
        return first + "." if stop else text


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


def show_table(batch: Batch, console: Console) -> None:
    """A Rich table for a screenful of files; beyond, plain aligned lines as files are scored.

    Thousands of Rich rows cost seconds and memory for a table nobody reads on a
    screen; the plain lines keep the same columns in the memory of one row.
    """
    titles = Titles(batch.catalog)
    most = screenful(console)
    scored = (item for item in batch.outcomes() if isinstance(item, Scored))
    first = list(itertools.islice(scored, most + 1))
    if len(first) <= most:
        render_table(console, first, titles)
        return
    write_plain_table(console.file, itertools.chain(first, scored), titles)


def _headers() -> list[str]:
    return [_("person"), _("date"), _("score"), _("level"), _("score alone")]


def write_plain_table(stream: IO[str], scored: Iterable[Scored], titles: Titles) -> None:
    """The table as plain aligned lines, one per file, streamed.

    A header (with the domain legend) opens each run of files of one questionnaire;
    the level a requirement refused is in the "score alone" column.
    """
    current = None
    count = 0
    for item in scored:
        result = item.result
        reference = result["questionnaire"]
        name = titles.questionnaire(reference)
        domains = [domain["id"] for domain in result["domains"]]
        if (name, domains) != current:
            current = (name, domains)
            short = _short_names(domains, titles, reference)
            stream.write(f"\n{sanitize(name)}\n")
            stream.write(sanitize(_legend(domains, short, titles, reference)) + "\n")
            stream.write(_plain_row(_headers(), [short[d] for d in domains], _("flags")) + "\n")
        held = result["score_level"] if result["score_level"] != result["level"] else None
        cells = [
            result["person"],
            _date(item.date),
            _score_plain(result["score"]),
            titles.level(reference, result["level"]),
            titles.level(reference, held) if held else "",
        ]
        scores = [_score_plain(domain["score"]) for domain in result["domains"]]
        stream.write(sanitize(_plain_row(cells, scores, _flags(result))) + "\n")
        count += 1
    scored_count = ngettext("{n} file scored", "{n} files scored", count)
    stream.write("\n" + scored_count.format(n=format_decimal(count)))
    stream.write("\n")


_PLAIN_WIDTHS = (20, 12, 5, 24, 24)


def _date(day: str | None) -> str:
    """The day of the interview as the user's language writes it (ISO stays in the data)."""
    from datetime import date

    from bonsclics_cli.cli.console import short_date

    try:
        return short_date(date.fromisoformat(day)) if day else ""
    except ValueError:
        return day or ""


def _plain_row(cells: list[str], scores: list[str], flags: str) -> str:
    # Fixed widths, the rows being written as files are scored; the numbers to the right.
    widths = [*_PLAIN_WIDTHS, *[6] * len(scores), len(flags)]
    right = {2, *range(len(_PLAIN_WIDTHS), len(_PLAIN_WIDTHS) + len(scores))}
    return aligned([*cells, *scores, flags], widths, right)


def _score_plain(score: int | None) -> str:
    return "—" if score is None else str(score)


def show_summary(
    batch: Batch,
    console: Console | None,
    fmt: str,
    output: Path | None,
    include_incomplete: bool,
) -> None:
    """The group's summary: on ``console`` as text and bars, else as JSON."""
    cohort = Cohort(batch.catalog, include_incomplete)
    for outcome in batch.outcomes():
        cohort.add(outcome)
    if console is not None:
        render_summary(console, cohort.to_json(), Titles(batch.catalog))
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
            ngettext(
                "{n} of {total} file could not be scored.",
                "{n} of {total} files could not be scored.",
                total,
            ).format(n=format_decimal(len(batch.failed)), total=format_decimal(total))
        )


# --- table ------------------------------------------------------------------------------


def render_table(console: Console, scored: Sequence[Scored], titles: Titles) -> None:
    """One table per questionnaire (its own domain columns), one row per file, in input order:
    person, date, score, level, a column per domain, flags. Domain headers are shortened
    to keep the table narrow, and spelt out in the caption."""
    groups: dict[str, list[Scored]] = {}
    for item in scored:
        groups.setdefault(titles.questionnaire(item.result["questionnaire"]), []).append(item)
    for name, items in groups.items():
        console.print(_table(name, items, titles, console.size.width))


def _table(name: str, scored: Sequence[Scored], titles: Titles, width: int = 100) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    reference = scored[0].result["questionnaire"]
    domains = domain_columns(item.result for item in scored)
    short = _short_names(domains, titles, reference)
    held = any(item.result["score_level"] != item.result["level"] for item in scored)
    legend = _legend(domains, short, titles, reference)
    if held:
        legend = _("score alone = the level of the score, refused for want of evidence") + (
            "\n" + legend if legend else ""
        )
    files = ngettext("{n} file", "{n} files", len(scored)).format(n=len(scored))
    table = Table(
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
        title=Text(f"{name}: {files}"),
        title_justify="left",
        caption=Text(legend) if legend else None,
        caption_justify="left",
    )
    person, date, score, level, alone = _headers()
    people = max(len(person), *(len(item.result["person"]) for item in scored))
    dates = max(len(date), *(len(_date(item.date)) for item in scored))
    # Ids and dates are never cut: when the domains do not fit beside them as columns,
    # they share one column, a line per domain.
    fixed = people + dates + len(score) + 10 + 12 + (10 if held else 0)
    apart = fixed + sum(max(len(short[d]), 3) + 2 for d in domains) + 3 * 5 <= width
    table.add_column(person, no_wrap=True, min_width=people)
    table.add_column(date, no_wrap=True, min_width=dates)
    table.add_column(score, justify="right", no_wrap=True)
    table.add_column(level, min_width=10)
    if held:  # the level a requirement refused, beside the one given
        table.add_column(alone, min_width=10)
    if apart:
        for domain in domains:
            table.add_column(short[domain], justify="right", no_wrap=True)
    else:
        table.add_column(_("domains"), min_width=12)
    table.add_column(_("flags"), min_width=12)
    for item in scored:
        result = item.result
        by_id = {domain["id"]: domain for domain in result["domains"]}
        scores = [_score_plain(by_id[d]["score"] if d in by_id else None) for d in domains]
        table.add_row(
            Text(result["person"]),
            Text(_date(item.date)),
            _score_text(result["score"]),
            Text(titles.level(reference, result["level"])),
            *([_held_text(result, titles, reference)] if held else []),
            *(
                [Text(score) for score in scores]
                if apart
                else [
                    Text("\n".join(f"{short[d]} {n}" for d, n in zip(domains, scores, strict=True)))
                ]
            ),
            Text(_flags(result)),
        )
    return table


def _held_text(result: dict[str, Any], titles: Titles, reference: dict[str, Any]) -> RenderableType:
    """The score level when a requirement held the level below it; blank otherwise."""
    from rich.text import Text

    differs = result["score_level"] != result["level"]
    return Text(titles.level(reference, result["score_level"]) if differs else "")


def _short_names(
    domains: list[str], titles: Titles, reference: dict[str, Any], width: int = 6
) -> dict[str, str]:
    """Column headers for the domains: the first letters of their titles, unique,
    explained in a caption."""
    short: dict[str, str] = {}
    for index, domain in enumerate(domains, start=1):
        words = titles.domain(reference, domain).split()
        word = next((word for word in words if len(word) > 2), words[0] if words else domain)
        word = word[:1].upper() + word[1:]
        name = word if len(word) <= width else word[: width - 1] + "."
        short[domain] = name if name not in short.values() else f"{name[: width - 2]}{index}"
    return short


def _legend(
    domains: list[str], short: dict[str, str], titles: Titles, reference: dict[str, Any]
) -> str:
    """``Commu. = Communiquer, ...``: what each shortened domain header stands for."""
    spelt = [f"{short[d]} = {titles.domain(reference, d)}" for d in domains]
    return ", ".join(
        item
        for d, item in zip(domains, spelt, strict=True)
        if short[d] != titles.domain(reference, d)
    )


def _score_text(score: int | None) -> RenderableType:
    from rich.text import Text

    return Text("—" if score is None else str(score))


def _flags(result: dict[str, Any]) -> str:
    """What a reader of the score must know: unfinished, « je ne sais pas », « ne souhaite
    pas répondre »."""
    flags = [] if result["complete"] else [_("unfinished")]
    dont_know = len(result["dont_know"])
    if dont_know:
        flags.append(
            ngettext("{n} answer “don't know”", "{n} answers “don't know”", dont_know).format(
                n=dont_know
            )
        )
    declined = len(result.get("declined", ()))
    if declined:
        flags.append(
            ngettext(
                "{n} answer “prefers not to answer”",
                "{n} answers “prefers not to answer”",
                declined,
            ).format(n=declined)
        )
    return ", ".join(flags)


# --- the cohort view ------------------------------------------------------------------------


def render_summary(console: Console, summary: dict[str, Any], titles: Titles) -> None:
    """The group: counts, level bars overall and per domain, means, medians, advice."""
    from rich.text import Text

    files = summary["files"]
    console.print(
        Text(
            ngettext(
                "{n} file: {scored} scored, {failed} could not be scored.",
                "{n} files: {scored} scored, {failed} could not be scored.",
                files,
            ).format(
                n=format_decimal(files),
                scored=format_decimal(summary["scored"]),
                failed=format_decimal(summary["failed"]),
            ),
            style="bold",
        )
    )
    for group in summary["questionnaires"]:
        reference = {"id": group["id"], "version": group["version"]}
        console.print()
        console.print(
            Text(
                ngettext(
                    "{questionnaire}: {n} file, {complete} finished, {unfinished} unfinished",
                    "{questionnaire}: {n} files, {complete} finished, {unfinished} unfinished",
                    group["files"],
                ).format(
                    questionnaire=titles.questionnaire(reference),
                    n=format_decimal(group["files"]),
                    complete=format_decimal(group["complete"]),
                    unfinished=format_decimal(group["unfinished"]),
                ),
                style="bold",
            )
        )
        counted = group["files"] - group["left_out"]
        if group["left_out"]:
            console.print(
                Text(
                    _(
                        "Unfinished interviews left out of the figures below: {n}. They have "
                        "no level (--include-incomplete counts their scores)."
                    ).format(n=group["left_out"])
                )
            )
        if group["held_down"]:
            console.print(
                Text(
                    _(
                        "Given a lower level than their score, for want of the evidence the "
                        "level requires: {n}."
                    ).format(n=group["held_down"])
                )
            )
        console.print(_spread_line(_("Overall score"), group["score"]))
        plain = getattr(console, "plain", False)
        console.print(
            _bars(group["levels"], group["score"]["not_evaluated"], titles, reference, plain=plain)
        )
        console.print(_domain_table(group["domains"], titles, reference))
        for domain in group["domains"]:
            heading = _("Levels in {domain}").format(domain=titles.domain(reference, domain["id"]))
            console.print(Text(heading, style="bold"))
            console.print(
                _bars(
                    domain["levels"],
                    domain["not_evaluated"],
                    titles,
                    reference,
                    domain=True,
                    plain=plain,
                )
            )
        console.print(_advice_table(group["advice"], counted, titles, reference))


def _spread_line(title: str, spread: dict[str, Any]) -> RenderableType:
    from rich.text import Text

    return Text(
        _(
            "{title}: mean {mean}, median {median} ({evaluated} evaluated, "
            "{not_evaluated} not evaluated)"
        ).format(
            title=title,
            mean=_number(spread["mean"]),
            median=_number(spread["median"]),
            evaluated=spread["evaluated"],
            not_evaluated=spread["not_evaluated"],
        )
    )


def _number(value: float | None) -> str:
    return "—" if value is None else format_decimal(value)


def _percent(part: float, whole: float) -> str:
    return f"{format_decimal(round(100 * part / whole))} %" if whole else "—"


def _bars(
    levels: list[dict[str, Any]],
    not_evaluated: int,
    titles: Titles,
    reference: dict[str, Any],
    *,
    domain: bool = False,
    plain: bool = False,
) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    rows = [
        (titles.level(reference, level["id"], domain=domain), level["count"]) for level in levels
    ]
    if not_evaluated:
        rows.append((_("not evaluated"), not_evaluated))
    total = sum(count for _name, count in rows) or 1
    widest = max((count for _name, count in rows), default=0) or 1
    table = Table.grid(padding=(0, 2))
    table.add_column(ratio=1)
    if not plain:
        table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for name, count in rows:
        drawn = [] if plain else [Text(bar(count, widest, width=BAR_WIDTH, track=" "))]
        table.add_row(Text(name), *drawn, str(count), _percent(count, total))
    return table


def _domain_table(
    domains: list[dict[str, Any]], titles: Titles, reference: dict[str, Any]
) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(_("domain"), _("evaluated"), _("not evaluated"), _("mean"), _("median"))
    for column in table.columns[1:]:
        column.justify = "right"
    for domain in domains:
        table.add_row(
            Text(titles.domain(reference, domain["id"])),
            str(domain["evaluated"]),
            str(domain["not_evaluated"]),
            _number(domain["mean"]),
            _number(domain["median"]),
        )
    return table


def _advice_table(
    advice: list[dict[str, Any]],
    files: int,
    titles: Titles,
    reference: dict[str, Any],
    most: int = 10,
) -> RenderableType:
    from rich.table import Column, Table
    from rich.text import Text

    table = Table(
        Column(_("advice given most often"), ratio=1),
        Column(_("files"), justify="right", no_wrap=True),
        Column(_("share"), justify="right", no_wrap=True),
        title=None,
    )
    for item in advice[:most]:
        table.add_row(
            Text(titles.advice(reference, item["id"])),
            str(item["count"]),
            _percent(item["count"], files),
        )
    return table
