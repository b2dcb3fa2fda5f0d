"""What an anonymised export keeps of a session: nothing that points back to a person.

- the person id becomes a random id drawn for this export only (``secrets``), so a
  partner can group one person's sessions but never link two exports or go back;
- dates become the month (``2026-11``);
- numbers become ten-wide bands (``40-49``), with ``<0`` and ``90+`` at the ends;
- free text (``text`` questions) is dropped, and so are the keys writers may add;
- then the rows are made k-anonymous (``k_anonymize``): rows whose quasi-identifiers
  (the month and the answers that describe a person rather than test them) are shared
  by fewer than k persons are generalised, and suppressed if that is not enough.
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

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


# --- k-anonymity -------------------------------------------------------------------------

K_DEFAULT = 5
# Answers that describe what a person has rather than what they can do: known to their
# family, neighbours and other services, so usable to single them out (with the month
# and the context questions, which have no domain). Decided from the bundled
# questionnaires: devices, a device of one's own, the internet connection.
QUASI_IDENTIFYING_DOMAINS = frozenset({"equipement"})
WITHHELD = "withheld"  # the state an answer takes when generalised away: "(withheld)"
LEVELS = (
    "month; numbers in 10-wide bands; every answer",
    "quarter; numbers in 20-wide bands; multiple choices withheld",
    "year; single choices only (numbers and multiple choices withheld)",
    "year; every quasi-identifying answer withheld",
)

QuasiKind = Literal["single", "multiple", "number"]


@dataclass(frozen=True)
class KAnonymity:
    """What making an export k-anonymous did: rows kept as they were, generalised, dropped."""

    k: int
    rows: int  # rows before
    generalised: int  # kept, with coarser quasi-identifiers
    suppressed: int  # dropped: unique even at the coarsest level


def is_quasi_identifier(question_type: str, domain: str | None) -> bool:
    """Whether a question's answer can single a person out: context or equipment."""
    return question_type in {"single", "multiple", "number"} and (
        domain is None or domain in QUASI_IDENTIFYING_DOMAINS
    )


def k_anonymize(
    records: Sequence[dict[str, Any]],
    quasi: Mapping[tuple[str, str], Sequence[tuple[str, QuasiKind]]],
    k: int = K_DEFAULT,
) -> tuple[list[dict[str, Any]], KAnonymity]:
    """Generalise, then suppress, until each row's quasi-identifiers are shared by >= k persons.

    ``records`` are anonymised export rows (``person`` a pseudonym, ``month``, banded
    numbers); ``quasi`` gives, per (questionnaire id, version), the quasi-identifying
    questions and their type. Levels (``LEVELS``) are tried in turn for the rows not yet
    settled: at each, rows whose generalised combination is shared by at least ``k``
    distinct persons among them are published at that level, the others go on to the
    next. So every published combination is shared by at least ``k`` persons (rows of
    two levels that happen to look alike only make a group larger); rows still alone
    after the last level are suppressed. ``k`` <= 1 returns the rows unchanged.
    """
    if k <= 1:
        return list(records), KAnonymity(k, len(records), 0, 0)
    pending = list(records)
    published: list[dict[str, Any]] = []
    generalised = 0
    for level in range(len(LEVELS)):
        candidates = [_generalised(record, quasi, level) for record in pending]
        persons: dict[str, set[str]] = defaultdict(set)
        keys = [_key(candidate, quasi) for candidate in candidates]
        for key, candidate in zip(keys, candidates, strict=True):
            persons[key].add(candidate["person"])
        still: list[dict[str, Any]] = []
        for key, record, candidate in zip(keys, pending, candidates, strict=True):
            if len(persons[key]) >= k:
                published.append(candidate)
                generalised += level > 0
            else:
                still.append(record)
        pending = still
    return published, KAnonymity(k, len(records), generalised, len(pending))


def quasi_identifier_values(
    record: Mapping[str, Any], quasi: Mapping[tuple[str, str], Sequence[tuple[str, QuasiKind]]]
) -> str:
    """A published row's combination of quasi-identifiers, as one comparable string."""
    return _key(record, quasi)


# One encoder for every key: json.dumps with options builds a new one at each call.
_KEY_ENCODER = json.JSONEncoder(sort_keys=True)


def _key(
    record: Mapping[str, Any], quasi: Mapping[tuple[str, str], Sequence[tuple[str, QuasiKind]]]
) -> str:
    questionnaire = record["questionnaire"]
    questions = quasi.get((questionnaire["id"], questionnaire["version"]), ())
    answers = record["answers"]
    return _KEY_ENCODER.encode(
        [
            questionnaire["id"],
            questionnaire["version"],
            record["month"],
            [answers.get(question_id) for question_id, _ in questions],
        ]
    )


def _generalised(
    record: Mapping[str, Any],
    quasi: Mapping[tuple[str, str], Sequence[tuple[str, QuasiKind]]],
    level: int,
) -> dict[str, Any]:
    if level == 0:
        return dict(record)
    questionnaire = record["questionnaire"]
    questions = quasi.get((questionnaire["id"], questionnaire["version"]), ())
    answers = dict(record["answers"])
    for question_id, kind in questions:
        if level >= 3 or kind == "multiple" or (level == 2 and kind == "number"):
            answers[question_id] = {"state": WITHHELD}
        elif kind == "number" and question_id in answers:
            answers[question_id] = _wider(answers[question_id])
    year, month_number = record["month"].split("-")[:2]
    period = f"{year}-Q{(int(month_number) - 1) // 3 + 1}" if level == 1 else year
    return {**record, "month": period, "answers": answers}


def _wider(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A ten-wide band made twenty wide: ``40-49`` and ``50-59`` become ``40-59``."""
    value = answer.get("value")
    if not isinstance(value, str) or "-" not in value.strip("-"):
        return dict(answer)  # a state, or an end band (<0, 90+)
    low = int(value.split("-")[0]) // 20 * 20
    return {"value": f"{low}-{low + 19}"}


def quasi_questions(
    questions: Iterable[tuple[str, str, str | None]],
) -> list[tuple[str, QuasiKind]]:
    """The quasi-identifiers among (id, type, domain) triples, in questionnaire order."""
    found: list[tuple[str, QuasiKind]] = []
    for question_id, question_type, domain in questions:
        if is_quasi_identifier(question_type, domain):
            kind: QuasiKind = (
                "multiple"
                if question_type == "multiple"
                else "number"
                if question_type == "number"
                else "single"
            )
            found.append((question_id, kind))
    return found
