"""The keys of the score result, in the order docs/format.md §5 gives them: one list for
every test that pins an output to the contract."""

from __future__ import annotations

RESULT_KEYS = [
    "file",
    "person",
    "questionnaire",
    "complete",
    "score",
    "score_level",
    "level",
    "domains",
    "advice",
    "dont_know",
    "declined",
]
DOMAIN_KEYS = ["id", "score", "level", "points", "max_points"]
