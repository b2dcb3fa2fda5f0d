"""Finding and reopening unfinished interviews (``run --resume``, or the offer at start)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bonsclics_cli.answers.checks import check_against
from bonsclics_cli.answers.sheet import AnswerSheet, QuestionnaireRef, read_sheet
from bonsclics_cli.compat import parse_datetime
from bonsclics_cli.errors import InvalidInputError, UsageError
from bonsclics_cli.i18n import _, joined
from bonsclics_cli.questionnaire.catalog import Catalog, Entry
from bonsclics_cli.store.folder import DataFolder

# The time the professional confirmed that the person was told what is kept.
INFORMED_KEY = "informed_at"
ENTERED_KEY = "entered_at"
"""A typed-in paper form's extra key: when it was typed in (its other times are the paper's)."""


def informed_at(sheet: AnswerSheet) -> datetime | None:
    """When the person was informed, if the sheet says so with a valid time (with its offset).

    Anything else (missing, null, not a time) means the person must be asked again:
    an imported or hand-edited file cannot skip the question.
    """
    value = (sheet.model_extra or {}).get(INFORMED_KEY)
    if not isinstance(value, str):
        return None
    try:
        when = parse_datetime(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


@dataclass(frozen=True)
class Resumable:
    """An answers file ready to be resumed against ``entry``."""

    path: Path
    sheet: AnswerSheet
    entry: Entry
    questionnaire_changed: bool  # same id and version, different sha256, every answer fits


def unfinished_sessions(
    folder: DataFolder, person: str, questionnaire_id: str
) -> list[tuple[Path, AnswerSheet]]:
    """The person's unfinished interviews of that questionnaire, oldest first.

    Files that cannot be read are left out here: the offer to resume is a convenience,
    and ``bonsclics score`` reports broken files.
    """
    found = []
    for path in folder.sessions(person):
        try:
            sheet = read_sheet(path)
        except InvalidInputError:
            continue
        if sheet.questionnaire.id == questionnaire_id and not sheet.complete:
            found.append((path, sheet))
    return found


def open_for_resume(path: Path, catalog: Catalog, chosen: Entry | None = None) -> Resumable:
    """Read ``path`` and find its questionnaire; refuse, explaining why, when it cannot go on.

    ``chosen`` is the questionnaire named on the command line, if any: it must be the
    one the file was started with.
    """
    if not path.is_file():
        raise UsageError(_("{path}: no such answers file").format(path=path))
    sheet = read_sheet(path)
    ref = sheet.questionnaire
    entry = _entry_for(path, ref, catalog, chosen)
    problems = check_against(sheet, entry.questionnaire)
    changed = entry.sha256 != ref.sha256
    if problems and changed:
        raise InvalidInputError(
            _(
                "{path}: questionnaire '{id}' {version} has changed since this interview "
                "started, and some answers no longer fit: {problems}. The interview cannot be "
                "resumed with the current questionnaire; score it as it is, or start a new "
                "interview"
            ).format(path=path, id=ref.id, version=ref.version, problems=joined(problems))
        )
    if problems:
        raise InvalidInputError(f"{path}: " + joined(problems))
    if changed:
        # From now on the file is written against the current questionnaire.
        new_ref = ref.model_copy(update={"sha256": entry.sha256})
        sheet = sheet.model_copy(update={"questionnaire": new_ref})
    return Resumable(path, sheet, entry, changed)


def _entry_for(path: Path, ref: QuestionnaireRef, catalog: Catalog, chosen: Entry | None) -> Entry:
    if chosen is not None:
        q = chosen.questionnaire
        if (q.id, q.version) != (ref.id, ref.version):
            raise UsageError(
                _(
                    "{path} was started with questionnaire '{id}' {version}, "
                    "not '{other_id}' {other_version}; leave out the questionnaire to resume it"
                ).format(
                    path=path,
                    id=ref.id,
                    version=ref.version,
                    other_id=q.id,
                    other_version=q.version,
                )
            )
        return chosen
    entry = catalog.find(ref.id, ref.version)
    if entry is None:
        other = catalog.find(ref.id)
        hint = (
            _("only version {version} is available").format(version=other.questionnaire.version)
            if other
            else _("add it with -q/--questionnaire PATH")
        )
        invalid = "".join(
            _("; ")
            + _("{file} is not a valid questionnaire (run 'bonsclics validate')").format(
                file=result.file
            )
            for result in catalog.invalid
        )
        message = _(
            "{path}: questionnaire '{id}' version {version} is not available "
            "({hint}); the interview cannot be resumed"
        ).format(path=path, id=ref.id, version=ref.version, hint=hint)
        raise InvalidInputError(message + invalid)
    return entry
