"""The professional's own notes in an answers file: extra keys of the top level (§4).

Written at the end of an interview, for the professional only: never on the person's
page, never in an anonymised export (which drops every extra key).
"""

from __future__ import annotations

from bonsclics_cli.answers.sheet import AnswerSheet

NOTE_KEY = "professional_note"
APPOINTMENT_KEY = "next_appointment"
MAX_NOTE = 500
MAX_APPOINTMENT = 120


def _text(sheet: AnswerSheet, key: str, limit: int) -> str | None:
    value = (sheet.model_extra or {}).get(key)
    if not isinstance(value, str) or not value.strip():
        return None  # another writer's key of another shape: not ours to read
    return value.strip()[:limit]


def professional_note(sheet: AnswerSheet) -> str | None:
    """The professional's short note, if one was recorded."""
    return _text(sheet, NOTE_KEY, MAX_NOTE)


def next_appointment(sheet: AnswerSheet) -> str | None:
    """The next appointment as the professional wrote it (a date, a time, a place)."""
    return _text(sheet, APPOINTMENT_KEY, MAX_APPOINTMENT)


def with_notes(sheet: AnswerSheet, note: str | None, appointment: str | None) -> AnswerSheet:
    """``sheet`` with the note and the appointment given (an empty one is not written)."""
    update = {
        key: value.strip()[:limit]
        for key, value, limit in (
            (NOTE_KEY, note, MAX_NOTE),
            (APPOINTMENT_KEY, appointment, MAX_APPOINTMENT),
        )
        if value is not None and value.strip()
    }
    return sheet.model_copy(update=update) if update else sheet
