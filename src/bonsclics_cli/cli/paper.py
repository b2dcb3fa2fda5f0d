"""``bonsclics paper``: a printable blank form of a questionnaire (HTML, or PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import (
    Force,
    QuestionnaireName,
    QuestionnairePaths,
    format_option,
    lang_option,
    output_option,
)
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.i18n import N_


class PaperFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"


def paper(
    ctx: typer.Context,
    questionnaire: QuestionnaireName,
    extra: QuestionnairePaths = None,
    lang: Annotated[
        str | None, lang_option(N_("Language (default: the questionnaire's first)."))
    ] = None,
    output_format: Annotated[
        PaperFormat,
        format_option(N_("html (print it from a browser), or pdf (needs the 'pdf' extra).")),
    ] = PaperFormat.HTML,
    output: Annotated[
        Path | None, output_option(N_("The file to write (default: standard output)."))
    ] = None,
    force: Force = False,
) -> None:
    """Write a printable blank form of a questionnaire, to fill in on paper."""
    from bonsclics_cli.errors import UsageError
    from bonsclics_cli.files import prepare_output, write_private
    from bonsclics_cli.i18n import _
    from bonsclics_cli.questionnaire.catalog import chosen_language
    from bonsclics_cli.reports.paper import paper_form, render_paper

    app = use(ctx)
    entry = app.catalog(extra).resolve(questionnaire)
    language = chosen_language(entry.questionnaire, lang)
    if output is not None:
        prepare_output(output, force=force)
    elif output_format is PaperFormat.PDF and app.stdout_is_terminal():
        raise UsageError(_("a PDF is not for the terminal: add -o FILE.pdf"))
    html = render_paper(paper_form(entry.questionnaire, entry.sha256, language))
    document: str | bytes = html
    if output_format is PaperFormat.PDF:
        from bonsclics_cli.reports.pdf import html_to_pdf

        document = html_to_pdf(html)
    if output is not None:
        write_private(output, document)
        app.echo(str(output))
    elif isinstance(document, bytes):
        app.stdout.flush()
        app.stdout.buffer.write(document)
    else:
        app.utf8_stdout()
        app.write_data(document)
