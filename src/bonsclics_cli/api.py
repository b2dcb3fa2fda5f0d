"""The public Python API: load a questionnaire, check answers, score them, write a report.

Stable within a minor version (docs/api.md; tests/test_api.py pins the names and the
signatures). Every function is a thin call into the core, the same calls the CLI makes,
so a script, a notebook or a Dask worker gets the CLI's results and messages::

    from bonsclics_cli import api

    questionnaire = api.load_questionnaire("ma-structure/diagnostic.toml")
    checked = api.check_answers(document, [questionnaire])  # a dict, bytes or a path
    result = api.score(checked)  # the score result object of docs/format.md §5
    html = api.report(checked, format="html", audience="person")

A loaded ``Questionnaire`` pickles (its conditions are parsed again on arrival), so
it can be sent to worker processes once instead of each one reading the TOML again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from bonsclics_cli.answers.checks import load_answers_data
from bonsclics_cli.answers.shards import line_documents
from bonsclics_cli.answers.sheet import AnswerSheet, read_sheet_bytes
from bonsclics_cli.errors import BonsclicsError, InvalidInputError
from bonsclics_cli.i18n import _
from bonsclics_cli.questionnaire.catalog import Catalog, Entry, bundled_dir
from bonsclics_cli.questionnaire.findings import Finding
from bonsclics_cli.questionnaire.loader import load_bytes, load_file
from bonsclics_cli.questionnaire.model import Questionnaire
from bonsclics_cli.scoring.batch import (
    Failed,
    Outcome,
    Scored,
    score_document,
    score_path,
)
from bonsclics_cli.scoring.batch import score_files as _score_files
from bonsclics_cli.scoring.rules import ScoreCard
from bonsclics_cli.scoring.rules import score as score_sheet

if TYPE_CHECKING:
    from bonsclics_cli.structure.model import Structure

__all__ = [
    "AnswersDocument",
    "AnswersError",
    "Catalog",
    "CheckedSheet",
    "Failed",
    "Finding",
    "Outcome",
    "Questionnaire",
    "QuestionnaireError",
    "Questionnaires",
    "ScoreCard",
    "Scored",
    "Structure",
    "bundled_questionnaires",
    "check_answers",
    "load_questionnaire",
    "load_structure",
    "report",
    "score",
    "score_card",
    "score_files",
    "score_lines",
    "score_many",
]

AnswersDocument: TypeAlias = Mapping[str, Any] | bytes | str | os.PathLike[str]
"""An answers document (docs/format.md §4): parsed (a dict), its bytes, or a file's path."""

Questionnaires: TypeAlias = Questionnaire | Iterable[Questionnaire] | Catalog | None
"""The questionnaires answers are checked against: one, several, a Catalog, or the bundled."""


class QuestionnaireError(InvalidInputError):
    """A questionnaire that is not valid; ``findings`` are its located errors and warnings."""

    def __init__(self, message: str, findings: Iterable[Finding]) -> None:
        super().__init__(message)
        self.findings: tuple[Finding, ...] = tuple(findings)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (str(self), self.findings)


class AnswersError(InvalidInputError):
    """An answers document that cannot be checked or scored; the message is §4's, named."""


@dataclass(frozen=True, slots=True)
class CheckedSheet:
    """An answers document checked against its questionnaire (§4), ready to score.

    ``name`` is how messages and the §5 ``file`` key name it; ``warnings`` says what
    §4 only warns about (the questionnaire changed without a new version).
    """

    name: str
    sheet: AnswerSheet
    questionnaire: Questionnaire
    warnings: tuple[str, ...] = ()


# --- the structure's profile --------------------------------------------------------------


def load_structure(path: Path) -> Structure:
    """A structure's profile (docs/structure.md): its contact and local offers, for
    ``report(structure=...)``. Raises StructureError (an InvalidInputError) with every
    error located."""
    from bonsclics_cli.structure.loader import load_structure as load

    return load(path)


def __getattr__(name: str) -> Any:
    # ``api.Structure``, imported on first use: its pydantic classes cost every command
    # about 13 ms, and most never see a structure.
    if name == "Structure":
        from bonsclics_cli.structure.model import Structure

        return Structure
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- questionnaires -------------------------------------------------------------------------


def load_questionnaire(
    source: str | os.PathLike[str] | bytes, *, name: str | None = None
) -> Questionnaire:
    """A questionnaire from a TOML file's path or its bytes, checked as ``validate`` does.

    Raises QuestionnaireError, whose ``findings`` are located ``FILE:LINE:COL``, when
    the file cannot be read or is not valid. ``name`` labels the findings (default:
    the path, or ``<questionnaire>`` for bytes).
    """
    if isinstance(source, bytes | bytearray | memoryview):
        label = name or "<questionnaire>"
        result = load_bytes(bytes(source), label)
    else:
        label = name or os.fsdecode(source)
        result = load_file(Path(source), label)
    if result.questionnaire is None:
        details = "\n".join(str(finding) for finding in result.errors)
        raise QuestionnaireError(
            _("{reference} is not a valid questionnaire:").format(reference=label) + "\n" + details,
            result.findings,
        )
    return result.questionnaire


def bundled_questionnaires() -> list[Questionnaire]:
    """The questionnaires bundled with bonsclics-cli, loaded (once per process)."""
    return [entry.questionnaire for entry in _bundled().entries]


_BUNDLED: list[Catalog] = []


def _bundled() -> Catalog:
    if not _BUNDLED:
        _BUNDLED.append(Catalog([bundled_dir()], include_bundled=False))
    return _BUNDLED[0]


def _catalog(questionnaires: Questionnaires) -> Catalog:
    if questionnaires is None:
        return _bundled()
    if isinstance(questionnaires, Catalog):
        return questionnaires
    items = [questionnaires] if isinstance(questionnaires, Questionnaire) else questionnaires
    entries = []
    for questionnaire in items:
        if questionnaire.sha256 is None:
            raise ValueError(
                f"questionnaire {questionnaire.id!r} was not loaded from a file "
                "(use load_questionnaire): its sha256 is unknown"
            )
        path = Path(f"<{questionnaire.id}>")
        entries.append(Entry(questionnaire, questionnaire.sha256, path, bundled=False))
    return Catalog.of(entries)


# --- answers ---------------------------------------------------------------------------------


def check_answers(
    document: AnswersDocument, questionnaires: Questionnaires = None, *, name: str | None = None
) -> CheckedSheet:
    """Check one answers document against the questionnaire it names (§4).

    ``document`` is a parsed dict, the document's bytes, or the path of an answers
    file (a ``str`` is always a path). Raises AnswersError with the message ``bonsclics
    score`` gives, naming ``name`` (default: the path, or ``<answers>``).
    """
    label, data = _read(document, name, "<answers>")
    try:
        loaded = load_answers_data(data, Path(label), _catalog(questionnaires), label)
    except BonsclicsError as exc:
        raise AnswersError(str(exc)) from None
    return CheckedSheet(label, loaded.sheet, loaded.questionnaire, loaded.warnings)


def _read(document: AnswersDocument, name: str | None, default: str) -> tuple[str, bytes]:
    if isinstance(document, bytes | bytearray | memoryview):
        return name or default, bytes(document)
    if isinstance(document, Mapping):
        label = name or default
        try:
            text = json.dumps(document, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:  # a datetime, a NaN, a cycle
            raise AnswersError(
                _("{name}: not a JSON document: {reason}").format(name=label, reason=exc)
            ) from None
        return label, text.encode("utf-8", errors="surrogatepass")
    if isinstance(document, str | os.PathLike):
        label = name or os.fsdecode(document)
        try:
            return label, read_sheet_bytes(Path(document), label)
        except BonsclicsError as exc:
            raise AnswersError(str(exc)) from None
    raise TypeError(f"expected a dict, bytes or a path, not {type(document).__name__}")


# --- scoring ---------------------------------------------------------------------------------


def score(
    answers: CheckedSheet | AnswersDocument,
    questionnaires: Questionnaires = None,
    *,
    name: str | None = None,
) -> dict[str, Any]:
    """The score result object of docs/format.md §5 for one answers document.

    ``answers`` is a CheckedSheet, or a document as ``check_answers`` takes (then
    checked first, on the quick path batch scoring uses). Raises AnswersError.
    """
    if isinstance(answers, CheckedSheet):
        return score_sheet(answers.questionnaire, answers.sheet).to_json(answers.name)
    label, data = _read(answers, name, "<answers>")
    outcome = score_document(data, _catalog(questionnaires), label)
    if not isinstance(outcome, Scored):
        raise AnswersError(outcome.error)
    return outcome.result


def score_card(
    answers: CheckedSheet | AnswersDocument,
    questionnaires: Questionnaires = None,
    *,
    name: str | None = None,
) -> ScoreCard:
    """The ScoreCard of one answers document: the §5 result with its models, for reports."""
    if isinstance(answers, CheckedSheet):
        checked = answers
    else:
        checked = check_answers(answers, questionnaires, name=name)
    return score_sheet(checked.questionnaire, checked.sheet)


def score_many(
    documents: Iterable[AnswersDocument | tuple[str, AnswersDocument]],
    questionnaires: Questionnaires = None,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Score many answers documents, in order, in this process: one §5 object each.

    Each item is a document, or a ``(name, document)`` pair. A path is scored like
    ``bonsclics score`` scores it (a ``.jsonl`` shard gives one object per line,
    ``<path or name>:<line>``); a document that cannot be scored gives
    ``{"file": ..., "error": ...}`` and the rest go on. ``on_warning`` receives each
    warning (default: they are dropped).
    """
    catalog = _catalog(questionnaires)
    for number, item in enumerate(documents, start=1):
        label, document = item if isinstance(item, tuple) else (None, item)
        if isinstance(document, str | os.PathLike):
            outcomes: Iterable[Outcome] = score_path(Path(document), catalog, label)
        else:
            try:
                text_name, data = _read(document, label, f"<document {number}>")
            except AnswersError as exc:
                yield {"file": label or f"<document {number}>", "error": str(exc)}
                continue
            outcomes = (score_document(data, catalog, text_name),)
        yield from _results(outcomes, on_warning)


def score_files(
    paths: Iterable[str | os.PathLike[str]],
    questionnaires: Catalog | None = None,
    *,
    jobs: int | None = None,
    encode: bool = False,
) -> Iterator[Outcome]:
    """Score answers files and JSON Lines shards as ``bonsclics score`` does, over processes.

    Lazily and in the order of ``paths`` (read as they are needed: a million paths take
    the memory of a few). ``jobs`` is the number of processes (default: one per
    available core; 1 scores in this process, as do batches too small to share).
    ``questionnaires`` is a Catalog (default: the bundled questionnaires); a worker that
    cannot inherit it (macOS, Windows) loads it again from the paths it was made with.
    Each outcome is a ``Scored`` or a ``Failed``; ``outcome.to_json()`` is its §5 object.
    With ``encode``, that object comes as one line of JSON in ``outcome.encoded``, made
    in the worker (``result`` is then empty): the quick way to write JSON Lines.
    """
    catalog = questionnaires if questionnaires is not None else _bundled()
    return _score_files(
        (path if isinstance(path, Path) else Path(path) for path in paths),
        catalog.extra_paths,
        catalog=catalog,
        workers=jobs,
        encode=encode,
    )


def score_lines(
    lines: Iterable[bytes | str],
    source: str,
    questionnaires: Questionnaires = None,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Score the lines of one JSON Lines shard, read elsewhere (Dask, an object store).

    One §5 object per non-blank line, named ``<source>:<line>`` (from 1) exactly as
    ``bonsclics score`` names the lines of the shard ``source``. A ``str`` line is
    encoded back to UTF-8 (``surrogateescape`` keeps bytes that were not UTF-8).
    """
    catalog = _catalog(questionnaires)

    encoded = (
        line if isinstance(line, bytes) else line.encode("utf-8", "surrogateescape")
        for line in lines
    )
    outcomes = (
        score_document(data, catalog, name) for name, data in line_documents(encoded, source)
    )
    yield from _results(outcomes, on_warning)


def _results(
    outcomes: Iterable[Outcome], on_warning: Callable[[str], None] | None
) -> Iterator[dict[str, Any]]:
    for outcome in outcomes:
        if on_warning is not None and isinstance(outcome, Scored):
            for warning in outcome.warnings:
                on_warning(warning)
        yield outcome.to_json()


# --- reports ---------------------------------------------------------------------------------


def report(
    answers: CheckedSheet | ScoreCard,
    *,
    format: str = "html",
    audience: str = "professional",
    language: str | None = None,
    previous: CheckedSheet | ScoreCard | None = None,
    generated_on: date | None = None,
    file: str | None = None,
    previous_file: str | None = None,
    structure: Structure | None = None,
) -> str:
    """A report as text: ``format`` html, md or json; ``audience`` person or professional.

    ``language`` defaults to the interview's; ``previous``, an earlier session of the
    same person, adds the change since then to the professional's report. ``file``
    and ``previous_file`` name the answers in the JSON report (default: the
    CheckedSheet's names). Raises AnswersError for a language the questionnaire
    does not have, UsageError for an unknown format or audience. ``structure`` (see
    ``load_structure``) puts the structure's contact and local offers on the pages.
    """
    from bonsclics_cli.reports.registry import ReportRequest, render

    card = answers if isinstance(answers, ScoreCard) else score_card(answers)
    label = file if file is not None else getattr(answers, "name", "")
    chosen = language or card.sheet.language
    questionnaire = card.questionnaire
    if chosen not in questionnaire.languages:
        raise AnswersError(
            _(
                "{name}: language '{language}' is not one of the questionnaire's ({languages})"
            ).format(name=label, language=chosen, languages=", ".join(questionnaire.languages))
        )
    before = previous if not isinstance(previous, CheckedSheet) else score_card(previous)
    if previous_file is None and isinstance(previous, CheckedSheet):
        previous_file = previous.name
    request = ReportRequest(
        card=card,
        language=chosen,
        generated_on=generated_on or datetime.now().astimezone().date(),
        previous=before,
        file=label,
        previous_file=previous_file,
        current_sha256=questionnaire.sha256,
        structure=structure,
    )
    return render(format, audience, request)
