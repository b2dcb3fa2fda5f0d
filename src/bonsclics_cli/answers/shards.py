"""JSON Lines shards (docs/format.md §5): one answers document per line, named ``<path>:<line>``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bonsclics_cli.answers.document import (
    MAX_ANSWERS_BYTES,
    LineName,
)
from bonsclics_cli.errors import InvalidInputError

ANSWERS_SUFFIXES = (".json", ".jsonl")
"""What folders are searched for: answers files, and JSON Lines shards of them (§5)."""


def is_shard(path: Path) -> bool:
    """A JSON Lines file: one answers document per line (§5)."""
    return path.name.lower().endswith(".jsonl")


def shard_documents(path: Path, name: str | None = None) -> Iterator[tuple[str, bytes]]:
    """Each non-blank line of a JSON Lines shard, named ``<path>:<line>`` (from 1).

    Lines are read one at a time, so a shard of any size takes the memory of its
    longest line, itself capped: a longer line is skipped to its end and given
    whole to the checks, which refuse it by its size. A shard that cannot be read
    raises InvalidInputError after the lines read so far.
    """
    shown = name or str(path)
    try:
        with open(path, "rb") as stream:  # noqa: PTH123 - a descriptor we iterate line by line
            number = 0
            while line := stream.readline(MAX_ANSWERS_BYTES + 1):
                number += 1
                if len(line) > MAX_ANSWERS_BYTES and not line.endswith(b"\n"):
                    while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass
                if line.strip():
                    yield LineName(f"{shown}:{number}"), line.rstrip(b"\r\n")
    except OSError as exc:
        raise InvalidInputError(f"{shown}: cannot read the file: {exc.strerror or exc}") from None
