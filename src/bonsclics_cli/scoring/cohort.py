"""The cohort view of many scored files (``bonsclics score --summary``), pure.

Counts are kept as they come (a histogram of the 101 possible scores per
domain), so a summary of 100,000 files takes no more memory than one of 100,
and the median is exact. Files are grouped by questionnaire id and version:
levels, domains and advice only compare within the same questionnaire.

Only complete results count by default (docs/format.md §3.4): an unfinished
interview has scores over a few answers and no level, and would pull means and
medians towards what was not yet asked. ``include_incomplete`` counts their
scores and advice too; they never have a level to count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.model import DomainLevel, Questionnaire
from bonsclics_cli.scoring.batch import Failed, Outcome, Scored


@dataclass
class ScoreSpread:
    """How one score (overall or a domain's) is spread over the files."""

    histogram: list[int] = field(default_factory=lambda: [0] * 101)
    not_evaluated: int = 0
    levels: Counter[str] = field(default_factory=Counter)

    def add(self, score: int | None, level: str | None) -> None:
        if score is None:
            self.not_evaluated += 1
            return
        self.histogram[score] += 1
        if level is not None:
            self.levels[level] += 1

    @property
    def evaluated(self) -> int:
        return sum(self.histogram)

    @property
    def mean(self) -> float | None:
        count = self.evaluated
        if not count:
            return None
        return round(sum(score * n for score, n in enumerate(self.histogram)) / count, 1)

    @property
    def median(self) -> int | float | None:
        count = self.evaluated
        if not count:
            return None
        low, high = self._nth((count - 1) // 2), self._nth(count // 2)
        middle = (low + high) / 2
        return int(middle) if middle.is_integer() else middle

    def _nth(self, index: int) -> int:
        """The score at 0-based position ``index`` in sorted order."""
        seen = 0
        for score, n in enumerate(self.histogram):
            seen += n
            if seen > index:
                return score
        raise IndexError(index)


@dataclass
class QuestionnaireGroup:
    """The files of one questionnaire (id and version)."""

    questionnaire: Questionnaire
    include_incomplete: bool = False
    files: int = 0
    complete: int = 0
    held_down: int = 0  # complete results whose level a requirement held below the score's
    overall: ScoreSpread = field(default_factory=ScoreSpread)
    domains: dict[str, ScoreSpread] = field(default_factory=dict)
    advice: Counter[str] = field(default_factory=Counter)

    def add(self, result: dict[str, Any]) -> None:
        self.files += 1
        if result["complete"]:
            self.complete += 1
            self.held_down += result["level"] != result["score_level"]
        elif not self.include_incomplete:
            return
        self.overall.add(result["score"], result["level"])
        for domain in result["domains"]:
            spread = self.domains.setdefault(domain["id"], ScoreSpread())
            spread.add(domain["score"], domain["level"])
        self.advice.update(result["advice"])

    @property
    def unfinished(self) -> int:
        return self.files - self.complete

    @property
    def left_out(self) -> int:
        """Unfinished results not counted in the statistics."""
        return 0 if self.include_incomplete else self.unfinished

    def level_counts(
        self, spread: ScoreSpread, scale: Sequence[DomainLevel]
    ) -> list[dict[str, Any]]:
        """Every level of ``scale``, lowest band first, with its count."""
        ordered = sorted(scale, key=lambda level: level.min)
        return [{"id": level.id, "count": spread.levels[level.id]} for level in ordered]

    def most_frequent_advice(self) -> list[dict[str, Any]]:
        """The advice given at least once, most often first (ties in file order)."""
        order = {advice.id: i for i, advice in enumerate(self.questionnaire.advice)}
        ranked = sorted(self.advice.items(), key=lambda item: (-item[1], order.get(item[0], 0)))
        return [{"id": advice_id, "count": count} for advice_id, count in ranked]

    def to_json(self) -> dict[str, Any]:
        q = self.questionnaire
        return {
            "id": q.id,
            "version": q.version,
            "files": self.files,
            "complete": self.complete,
            "unfinished": self.unfinished,
            "left_out": self.left_out,
            "held_down": self.held_down,
            "score": _spread_json(self.overall),
            "levels": self.level_counts(self.overall, q.levels),
            "domains": [
                {"id": domain.id}
                | _spread_json(spread := self.domains.get(domain.id, ScoreSpread()))
                | {"levels": self.level_counts(spread, q.domain_scale)}
                for domain in q.domains
            ],
            "advice": self.most_frequent_advice(),
        }


def _spread_json(spread: ScoreSpread) -> dict[str, Any]:
    return {
        "evaluated": spread.evaluated,
        "not_evaluated": spread.not_evaluated,
        "mean": spread.mean,
        "median": spread.median,
    }


class Cohort:
    """Add outcomes one by one; read the summary at the end."""

    def __init__(self, catalog: Catalog, include_incomplete: bool = False) -> None:
        self._catalog = catalog
        self._include_incomplete = include_incomplete
        self.groups: dict[tuple[str, str], QuestionnaireGroup] = {}
        self.failed: list[Failed] = []
        self.files = 0

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if isinstance(outcome, Failed):
            self.failed.append(outcome)
            return
        self._group(outcome).add(outcome.result)

    def _group(self, scored: Scored) -> QuestionnaireGroup:
        reference = scored.result["questionnaire"]
        key = (reference["id"], reference["version"])
        group = self.groups.get(key)
        if group is None:
            entry = self._catalog.find(*key)
            if entry is None:  # scored against it a moment ago: cannot happen
                raise LookupError(f"questionnaire {key[0]} {key[1]} is no longer available")
            group = self.groups[key] = QuestionnaireGroup(
                entry.questionnaire, self._include_incomplete
            )
        return group

    @property
    def scored(self) -> int:
        return self.files - len(self.failed)

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "scored": self.scored,
            "failed": len(self.failed),
            "questionnaires": [group.to_json() for group in self.groups.values()],
            "errors": [failed.to_json() for failed in self.failed],
        }
