"""What an anonymised export keeps of a session: nothing that points back to a person.

- the person id becomes a random id drawn for this export only (``secrets``), so a
  partner can group one person's sessions but never link two exports or go back;
- dates become the month (``2026-11``);
- numbers become ten-wide bands (``40-49``), with ``<0`` and ``90+`` at the ends;
- free text (``text`` questions) is dropped, and so are the keys writers may add.
"""

from __future__ import annotations

import secrets
from datetime import datetime

PSEUDONYM_PREFIX = "anon-"


class Pseudonyms:
    """Random ids, one per person, valid only within one export."""

    def __init__(self) -> None:
        self._given: dict[str, str] = {}
        self._used: set[str] = set()

    def of(self, person: str) -> str:
        pseudonym = self._given.get(person)
        if pseudonym is None:
            pseudonym = PSEUDONYM_PREFIX + secrets.token_hex(4)
            while pseudonym in self._used:
                pseudonym = PSEUDONYM_PREFIX + secrets.token_hex(4)
            self._used.add(pseudonym)
            self._given[person] = pseudonym
        return pseudonym


def month(moment: datetime) -> str:
    """``YYYY-MM``, in the time zone the session was recorded in."""
    return f"{moment:%Y-%m}"


def band(number: int | float) -> str:
    """The ten-wide band holding ``number``: an age of 47 becomes ``40-49``.

    A band ``40-49`` holds every value from 40 up to (not including) 50; the
    extremes, rare and so identifying, are grouped as ``<0`` and ``90+``.
    """
    if number < 0:
        return "<0"
    if number >= 90:
        return "90+"
    low = int(number // 10) * 10
    return f"{low}-{low + 9}"
