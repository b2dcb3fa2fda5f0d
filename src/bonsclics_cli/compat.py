"""What Python 3.11 added and bonsclics uses, the same on Python 3.10.

One place for the differences, so that the rest of the code reads as 3.11 code:
``tomllib`` (``tomli`` before 3.11; imported on first use), ``StrEnum``, ``UTC`` and an
ISO 8601 parser that accepts on 3.10 what ``datetime.fromisoformat`` accepts from 3.11
(a ``Z`` offset, a fraction of any length).
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from enum import Enum
from types import ModuleType
from typing import TYPE_CHECKING

__all__ = ["UTC", "StrEnum", "parse_datetime", "tomllib"]

UTC = timezone.utc

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib


def __getattr__(name: str) -> ModuleType:
    """``tomllib``, imported when first asked for: only checking a TOML file needs it,
    and most commands read their questionnaires back from the cache."""
    if name != "tomllib":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if sys.version_info >= (3, 11):
        import tomllib as module
    else:  # pragma: no cover - exercised by the Python 3.10 run of the suite
        import tomli as module
    globals()["tomllib"] = module
    return module


if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - exercised by the Python 3.10 run of the suite

    class StrEnum(str, Enum):
        """An enum whose members are strings and print as their value (3.11's StrEnum)."""

        def __str__(self) -> str:
            return str(self.value)


if sys.version_info >= (3, 11):
    parse_datetime = datetime.fromisoformat
else:  # pragma: no cover - exercised by the Python 3.10 run of the suite
    # 3.10 reads only what isoformat() writes: no `Z`, a fraction of 3 or 6 digits.
    _EXTENDED = re.compile(
        r"(?P<head>\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?)?)"
        r"(?:[.,](?P<fraction>\d+))?(?P<offset>[Zz]|[+-]\d\d(?::?\d\d(?::?\d\d)?)?)?"
    )

    def parse_datetime(text: str) -> datetime:
        """``datetime.fromisoformat`` as Python 3.11 reads the extended ISO 8601 forms."""
        match = _EXTENDED.fullmatch(text)
        if match is None:
            return datetime.fromisoformat(text)  # raises ValueError as 3.11 would
        head, fraction, offset = match.group("head", "fraction", "offset")
        if fraction is not None:
            if len(head) <= 16:  # a fraction needs seconds
                raise ValueError(f"Invalid isoformat string: {text!r}")
            head += "." + fraction[:6].ljust(6, "0")
        if offset in ("Z", "z"):
            offset = "+00:00"
        elif offset is not None and ":" not in offset and len(offset) > 3:
            offset = offset[:3] + ":" + offset[3:5] + (":" + offset[5:] if offset[5:] else "")
        return datetime.fromisoformat(head + (offset or ""))
