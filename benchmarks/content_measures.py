"""Measures of the bundled questionnaires: item counts, time, and sentence lengths.

    python benchmarks/content_measures.py [FILE.toml ...]

For each questionnaire: declared questions and observed tasks (and how many are
asked only when a condition holds), the file's ``estimated_minutes`` against a
simple model of an interview read aloud (about 45 seconds per declared question,
3 minutes per observed task), and the words per sentence of every text the person
hears or reads (the texts ``validate --readability`` checks), per language:
maximum, mean, and how many sentences exceed 15 words. Figures, not a pass/fail.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from bonsclics_cli.questionnaire.catalog import bundled_dir
from bonsclics_cli.questionnaire.loader import load_file
from bonsclics_cli.questionnaire.readability import (
    DEFAULT_MAX_WORDS,
    check_readability,
    sentence_words,
)

SECONDS_PER_DECLARED = 45
SECONDS_PER_OBSERVED = 180


def measure(path: Path) -> None:
    q = load_file(path).questionnaire
    if q is None:
        raise SystemExit(f"{path}: not a valid questionnaire (run 'bonsclics validate')")
    declared = [question for question in q.questions if not question.observed]
    observed = [question for question in q.questions if question.observed]
    conditional = sum(question.when is not None for question in q.questions)
    modelled = (len(declared) * SECONDS_PER_DECLARED + len(observed) * SECONDS_PER_OBSERVED) / 60
    print(f"{q.id} {q.version}")
    print(
        f"  items: {len(declared)} declared + {len(observed)} observed = "
        f"{len(q.questions)} ({conditional} asked only when a condition holds); "
        f"{len(q.domains)} domain(s), {len(q.advice)} advice"
    )
    print(
        f"  time: estimated_minutes = {q.estimated_minutes}; modelled at most "
        f"{modelled:.1f} min ({SECONDS_PER_DECLARED} s a question, "
        f"{SECONDS_PER_OBSERVED // 60} min a task)"
    )
    for language, counts in sentence_words(q).items():
        over = sum(count > DEFAULT_MAX_WORDS for count in counts)
        print(
            f"  {language}: {len(counts)} person-facing sentences, max {max(counts)} words, "
            f"mean {statistics.fmean(counts):.1f}, over {DEFAULT_MAX_WORDS}: {over}"
        )
    print(f"  readability warnings: {len(check_readability(q))}")


def main(arguments: list[str]) -> None:
    paths = [Path(argument) for argument in arguments] or sorted(bundled_dir().glob("*.toml"))
    for path in paths:
        measure(path)


if __name__ == "__main__":
    main(sys.argv[1:])
