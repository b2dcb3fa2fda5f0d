"""``bonsclics export``: the sessions as CSV or JSON Lines, anonymised on request, or
everything kept about one person (the right of access)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bonsclics_cli.cli.context import AppContext, use
from bonsclics_cli.cli.options import (
    DataDir,
    Delimiter,
    Force,
    QuestionnairePaths,
    format_option,
    output_option,
    person_option,
)
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bonsclics_cli.store.anonymize import KAnonymity


class ExportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat | None, format_option(N_("csv (default) or jsonl."))
    ] = None,
    output: Annotated[
        Path | None, output_option(N_("Write to FILE (private, 0600), not standard output."))
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar=N_("DATE"),
            help=N_("Only sessions started on or after this date (YYYY-MM-DD)."),
        ),
    ] = None,
    anonymize: Annotated[
        bool,
        typer.Option("--anonymize", help=N_("For partners: no ids, no free text, months, bands.")),
    ] = False,
    k: Annotated[
        int | None,
        typer.Option(
            "--k",
            min=1,
            metavar="K",
            help=N_(
                "With --anonymize: each row shares its quasi-identifiers with at least K "
                "persons (default 5; 1 turns this off)."
            ),
        ),
    ] = None,
    person: Annotated[
        str | None, person_option(N_("Everything kept about this person, in JSON."))
    ] = None,
    questionnaire_id: Annotated[
        str | None,
        typer.Option(
            "--questionnaire-id",
            metavar=N_("CODE"),
            help=N_("Only sessions of this questionnaire (its id)."),
        ),
    ] = None,
    delimiter: Delimiter = ";",
    extra: QuestionnairePaths = None,
    data_dir: DataDir = None,
    force: Force = False,
) -> None:
    """Export the sessions, one row each, or a person's data (--person)."""
    import json
    from datetime import date, datetime

    from bonsclics_cli.compat import UTC
    from bonsclics_cli.errors import UsageError
    from bonsclics_cli.store.anonymize import K_DEFAULT
    from bonsclics_cli.store.export import build_export, person_document, select
    from bonsclics_cli.store.folder import check_person_id, read_sessions

    app = use(ctx)
    folder = app.folder(data_dir)
    if output is not None:
        _prepare(output, force)
    catalog = app.catalog(extra)
    if person is not None:
        clashing = [
            name
            for name, given in (
                ("--format", output_format),
                ("--since", since),
                ("--anonymize", anonymize or None),
                ("--k", k),
                ("--questionnaire-id", questionnaire_id),
            )
            if given is not None
        ]
        if clashing:
            raise UsageError(
                _("--person exports everything, in JSON: drop {options}").format(
                    options=", ".join(clashing)
                )
            )
        document = person_document(folder, catalog, check_person_id(person), datetime.now(UTC))
        _write(app, [json.dumps(document, ensure_ascii=False, indent=2) + "\n"], output)
        for message in folder.warnings + folder.failures:
            app.error(message)
        if folder.warnings or folder.failures:
            raise typer.Exit(ExitCode.INVALID)
        return
    if len(delimiter) != 1 or delimiter in "\"'\r\n" or delimiter.isalnum():
        raise UsageError(
            _("--delimiter takes one character such as ';' or ',', not {given}").format(
                given=repr(delimiter)
            )
        )
    try:
        since_date = date.fromisoformat(since) if since else None
    except ValueError:
        raise UsageError(
            _("--since: {given} is not a date; use YYYY-MM-DD").format(given=repr(since))
        ) from None
    if k is not None and not anonymize:
        raise UsageError(_("--k applies to --anonymize: add it, or drop --k"))
    stored = read_sessions(folder, catalog)
    chosen = select(stored.loaded, since_date, questionnaire_id)
    result = build_export(chosen, anonymize=anonymize, k=K_DEFAULT if k is None else k)
    if output_format is ExportFormat.JSONL:
        _write(app, result.jsonl(), output)
    else:
        _write(app, result.csv(delimiter), output)
    if not chosen:
        app.console(stderr=True).print(_("No sessions to export."))
    elif result.k_anonymity is not None:
        app.console(stderr=True).print(_k_summary(result.k_anonymity), soft_wrap=True)
    for message in stored.warnings + stored.failures:
        app.error(message)
    if stored.failures:
        raise typer.Exit(ExitCode.INVALID)


def _k_summary(done: KAnonymity) -> str:
    rows = ngettext("{n} row", "{n} rows", done.rows).format(n=done.rows)
    if done.k <= 1:
        return _(
            "k-anonymity is off (--k 1): a row may be the only one of its kind and single "
            "a person out. Exported: {rows}."
        ).format(rows=rows)
    kept = done.rows - done.generalised - done.suppressed
    return _(
        "k-anonymity (k = {k}): of {rows}, {kept} kept as they were, "
        "{generalised} generalised (quarter or year, wider bands, answers withheld), "
        "{suppressed} suppressed (still shared by fewer than {k} persons)."
    ).format(
        k=done.k,
        rows=rows,
        kept=kept,
        generalised=done.generalised,
        suppressed=done.suppressed,
    )


def _prepare(output: Path, force: bool) -> None:
    from bonsclics_cli.errors import BonsclicsError
    from bonsclics_cli.files import os_reason, prepare_output

    try:
        prepare_output(output, force=force)
    except OSError as exc:
        raise BonsclicsError(
            _("{file}: cannot write the export: {reason}").format(
                file=output, reason=os_reason(exc)
            )
        ) from None


def _write(app: AppContext, chunks: Iterable[str], output: Path | None) -> None:
    from bonsclics_cli.errors import BonsclicsError
    from bonsclics_cli.files import os_reason, write_private

    if output is None:
        for chunk in chunks:
            app.write_data(chunk)  # UTF-8 whatever the terminal's encoding, as in a file
        return
    try:
        write_private(output, "".join(chunks))
    except OSError as exc:
        raise BonsclicsError(
            _("{file}: cannot write the export: {reason}").format(
                file=output, reason=os_reason(exc)
            )
        ) from None
