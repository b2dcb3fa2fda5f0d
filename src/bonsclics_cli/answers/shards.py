"""JSON Lines shards (docs/format.md §5): one answers document per line, named ``<path>:<line>``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from bonsclics_cli.answers.document import (
    MAX_ANSWERS_BYTES,
    LineName,
)
from bonsclics_cli.errors import InvalidInputError
from bonsclics_cli.files import os_reason
from bonsclics_cli.i18n import _

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
            yield from line_documents(_capped_lines(stream), shown)
    except OSError as exc:
        raise InvalidInputError(
            _("{name}: cannot read the file: {reason}").format(name=shown, reason=os_reason(exc))
        ) from None


def line_documents(lines: Iterable[bytes], source: str) -> Iterator[tuple[str, bytes]]:
    """The documents of a shard's lines, however they were read: each non-blank line,
    without its line ending, named ``<source>:<line>`` (blank lines count too)."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield LineName(f"{source}:{number}"), line.rstrip(b"\r\n")


def _capped_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``stream``, each cut after the answers size cap (the rest skipped)."""
    while line := stream.readline(MAX_ANSWERS_BYTES + 1):
        if len(line) > MAX_ANSWERS_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line
