"""``bonsclics validate``: check questionnaire files, for authors and CI."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bonsclics_cli.cli.context import use
from bonsclics_cli.cli.options import QuestionnairePaths, format_option
from bonsclics_cli.compat import StrEnum
from bonsclics_cli.errors import ExitCode
from bonsclics_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from bonsclics_cli.questionnaire.findings import Finding


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar=N_("FILE|FOLDER"),
            help=N_("Questionnaire or structure files, or folders searched for *.toml."),
        ),
    ],
    output_format: Annotated[
        ValidateFormat,
        format_option(N_("text (default), json, or github (annotations for CI).")),
    ] = ValidateFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Fail on warnings too."))] = False,
    readability: Annotated[
        bool,
        typer.Option(
            "--readability",
            help=N_("Also warn on long sentences and « seul(e) » forms in what the person hears."),
        ),
    ] = False,
    max_words: Annotated[
        int,
        typer.Option(
            "--max-words",
            min=1,
            metavar=N_("NUMBER"),
            help=N_("Words per sentence for --readability."),
        ),
    ] = 15,
    extra: QuestionnairePaths = None,
) -> None:
    """Check questionnaire files: every problem, located as FILE:LINE:COL.

    A structure's profile (a file with a [structure] table) is checked too; an offer
    naming an advice id that no questionnaire has (the bundled ones, those of -q and
    those checked here) is a warning.
    """
    from bonsclics_cli.cli.console import sanitize
    from bonsclics_cli.errors import UsageError
    from bonsclics_cli.files import find_files
    from bonsclics_cli.questionnaire.findings import findings_document
    from bonsclics_cli.questionnaire.loader import load_file
    from bonsclics_cli.questionnaire.readability import check_readability

    app = use(ctx)
    files = find_files(paths, ".toml")
    if not files:
        raise UsageError(
            _("no questionnaire file (*.toml) found in {paths}").format(
                paths=", ".join(map(str, paths))
            )
        )
    checks = [partial(check_readability, max_words=max_words)] if readability else []
    findings: list[Finding] = []
    structures = []
    known: dict[str, list[str]] = {}
    for file in files:
        if _is_structure(file):
            structures.append(file)
            continue
        result = load_file(file, extra_checks=checks)
        findings.extend(result.findings)
        if result.questionnaire is not None:
            known[result.questionnaire.id] = [a.id for a in result.questionnaire.advice]
    if structures:
        from bonsclics_cli.structure.loader import validate_file

        for entry in app.catalog(extra).entries:
            known.setdefault(entry.questionnaire.id, [a.id for a in entry.questionnaire.advice])
        for file in structures:
            findings.extend(validate_file(file, known))
    errors = sum(finding.is_error for finding in findings)
    warnings = len(findings) - errors

    if output_format is ValidateFormat.JSON:
        import json

        document = findings_document(map(str, files), findings)
        app.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif output_format is ValidateFormat.GITHUB:
        for finding in findings:
            app.echo(_github_annotation(finding))
    else:
        for finding in findings:
            app.echo(sanitize(str(finding)))
        app.echo(_summary(len(files), errors, warnings))
    if errors or (strict and warnings):
        raise typer.Exit(ExitCode.INVALID)


def _is_structure(path: Path) -> bool:
    from bonsclics_cli.structure.loader import MAX_FILE_BYTES, looks_like_structure

    try:
        with path.open("rb") as stream:
            return looks_like_structure(stream.read(MAX_FILE_BYTES))
    except OSError:
        return False  # the questionnaire loader names the file it cannot read


def _summary(files: int, errors: int, warnings: int) -> str:
    checked = ngettext("{n} file checked", "{n} files checked", files).format(n=files)
    if not errors and not warnings:
        return _("{checked}: no problems found.").format(checked=checked)
    parts = [ngettext("{n} error", "{n} errors", errors).format(n=errors)] if errors else []
    if warnings:
        parts.append(ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
    return _("{checked}: {problems}.").format(checked=checked, problems=", ".join(parts))


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_annotation(finding: Finding) -> str:
    message = finding.message + (f"; {finding.hint}" if finding.hint else "")
    return (
        f"::{finding.severity} file={_escape_property(finding.file)},line={finding.line},"
        f"col={finding.column},title={_escape_property('bonsclics ' + finding.code)}"
        f"::{_escape_data(message)}"
    )
