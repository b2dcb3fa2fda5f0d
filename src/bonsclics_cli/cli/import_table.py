"""``bonsclics import --from-table`` and ``--template``: spreadsheets of answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bonsclics_cli.cli.context import AppContext
from bonsclics_cli.errors import ExitCode, UsageError
from bonsclics_cli.i18n import _, joined, ngettext

if TYPE_CHECKING:
    from bonsclics_cli.questionnaire.catalog import Entry


@dataclass(frozen=True)
class TableRequest:
    table: Path | None
    template: bool
    questionnaire: list[Path]
    mapping: Path | None
    language: str | None
    delimiter: str | None
    output: Path | None
    force: bool
    data_dir: Path | None


def run_table_request(app: AppContext, request: TableRequest) -> None:
    from bonsclics_cli.files import prepare_output, write_private
    from bonsclics_cli.questionnaire.catalog import chosen_language

    entry = _questionnaire(app, request.questionnaire)
    if request.template:
        from bonsclics_cli.store.table_template import template_xlsx

        language = chosen_language(entry.questionnaire, request.language)
        target = request.output or Path(f"{entry.questionnaire.id}.xlsx")
        if target.suffix.lower() != ".xlsx":
            raise UsageError(_("{path}: the template is an .xlsx file").format(path=target))
        prepare_output(target, force=request.force)
        write_private(target, template_xlsx(entry.questionnaire, language))
        app.echo(str(target))
        return
    assert request.table is not None
    if not request.table.is_file():
        raise UsageError(_("{path}: no such file").format(path=request.table))
    from rich.text import Text

    from bonsclics_cli.store.importing import Outcome
    from bonsclics_cli.store.table_import import import_table

    outcome = import_table(
        app.folder(request.data_dir),
        entry,
        request.table,
        mapping_path=request.mapping,
        language=request.language,
        delimiter=request.delimiter,
    )
    if outcome.ignored:
        app.warn(
            _("{path}: columns matching no question, left out: {columns}").format(
                path=request.table, columns=joined(f"« {c} »" for c in outcome.ignored)
            )
        )
    console = app.console()
    for result in outcome.results:
        for warning in result.warnings:
            app.warn(warning)
        if result.ok:
            console.print(Text(f"{result.source}: {result.message}"), soft_wrap=True)
        else:
            app.error(result.message)
    counts = {kind: sum(r.outcome is kind for r in outcome.results) for kind in Outcome}
    console.print(
        Text(
            ngettext("{n} row imported", "{n} rows imported", counts[Outcome.IMPORTED]).format(
                n=counts[Outcome.IMPORTED]
            )
            + ", "
            + _("{skipped} already there, {failed} not imported.").format(
                skipped=counts[Outcome.SKIPPED],
                failed=counts[Outcome.FAILED] + counts[Outcome.REFUSED],
            )
        )
    )
    console.print(
        Text(
            _("Mapping of the columns written to {path} (reuse it with --mapping).").format(
                path=outcome.mapping_path
            )
        ),
        soft_wrap=True,
    )
    if counts[Outcome.FAILED] or counts[Outcome.REFUSED]:
        raise typer.Exit(ExitCode.INVALID)


def _questionnaire(app: AppContext, given: list[Path]) -> Entry:
    """The one questionnaire a table is read against: an id or a file."""
    if len(given) != 1:
        raise UsageError(
            _("a table is read against one questionnaire: give --questionnaire ID or FILE once")
        )
    reference = given[0]
    files = [reference] if reference.exists() else []
    return app.catalog(files).resolve(str(reference))
