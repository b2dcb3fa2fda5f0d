"""Source positions for the paths of a TOML document.

``tomllib`` returns plain dictionaries without any position information, so
on its own the loader could only name the dotted path of a faulty entry.  This
module re-scans the TOML text and records, for every document path (the same
keys and indices as in the parsed dictionary), where its key and its value
start, so that errors can be reported as ``FILE:LINE:COL: message``.

The scanner only ever sees text that ``tomllib`` has already accepted, so it
does not validate anything.  It must still never raise: on anything it does
not understand it stops and keeps what it has mapped so far.
"""

import contextlib
import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Located", "PathKey", "Position", "SourceMap"]

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column; columns count characters (code points)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Located:
    """Where the key and the value of one document path start.

    For a ``[table]`` / ``[[array]]`` header and for array elements there is
    no separate key, so ``key`` and ``value`` are the same position.
    """

    key: Position
    value: Position


_START = Position(1, 1)

# Deeper nesting than this is treated as unparsable rather than recursing
# towards Python's recursion limit.
_MAX_DEPTH = 200

# Spaces and tabs only: TOML does not treat other whitespace as separators.
_WS = re.compile(r"[ \t]*")
# Whitespace, newlines and comments: what separates statements and elements.
_BLANK = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
# Multi-line strings may contain one or two quotes anywhere, and up to two
# more right before the closing delimiter (`""""` ends with a quote).
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"{1,2}(?!"))*"""(?:"{1,2})?', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']|'{1,2}(?!'))*'''(?:'{1,2})?")
# Numbers, booleans, dates and times.  A date-time is the only scalar that may
# contain a space (`1979-05-27 07:32:00`), hence the first alternative.
_SCALAR = re.compile(
    r"\d{4}-\d\d-\d\d[Tt ]\d[0-9A-Za-z_+\-.:]*|[0-9A-Za-z_+\-.:]+",
)
_ESCAPE = re.compile(
    r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))",
    re.DOTALL,
)
_KEY_PATTERNS = {'"': _BASIC, "'": _LITERAL}
_SIMPLE_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


class SourceMap:
    """Map document paths of a TOML text to the positions of keys and values."""

    __slots__ = ("_line_starts", "_offsets")

    def __init__(self, text: str) -> None:
        # Editors do not show a byte order mark, so columns must not count it.
        text = text.removeprefix("\ufeff")
        # Offsets are only turned into positions on lookup: a document is
        # scanned whole, but only the few paths with errors are ever asked for.
        self._offsets = _scan(text)
        self._line_starts = [0]
        self._line_starts.extend(m.end() for m in re.finditer("\n", text))

    def get(self, path: PathKey) -> Located | None:
        """Return the exact location of ``path``, or ``None`` if unknown."""
        offsets = self._offsets.get(tuple(path))
        if offsets is None:
            return None
        key, value = offsets
        return Located(self._position(key), self._position(value))

    def key(self, path: PathKey) -> Position:
        """Position of the key of ``path`` or of its nearest located ancestor."""
        located = self._nearest(path)
        return located.key if located is not None else _START

    def value(self, path: PathKey) -> Position:
        """Position of the value of ``path`` or of its nearest located ancestor."""
        located = self._nearest(path)
        return located.value if located is not None else _START

    def _nearest(self, path: PathKey) -> Located | None:
        path = tuple(path)
        for end in range(len(path), 0, -1):
            located = self.get(path[:end])
            if located is not None:
                return located
        return None

    def _position(self, offset: int) -> Position:
        line = bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1)


# Start offsets of the key and of the value of one path, in the text.
_Offsets = tuple[int, int]


def _scan(text: str) -> dict[PathKey, _Offsets]:
    scanner = _Scanner(text)
    # Positions are a convenience for error messages: whatever goes wrong
    # (including RecursionError on absurd nesting), keep what was mapped.
    with contextlib.suppress(Exception):
        scanner.run()
    return scanner.entries


def _unescape(raw: str) -> str:
    """Decode the escapes of a basic-quoted key, as tomllib does."""
    return _ESCAPE.sub(_decode_escape, raw)


def _decode_escape(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2) or match.group(3)
    if digits is not None:
        code = int(digits, 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)
    return _SIMPLE_ESCAPES.get(match.group(4), match.group(0))


class _Scanner:
    """Single forward pass over the text, recording positions as it goes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.entries: dict[PathKey, _Offsets] = {}
        # Current length of each array of tables, keyed by its concrete path,
        # so that `[[a]]` headers and `[a.b]` below them get the right index.
        self._aot_lengths: dict[PathKey, int] = {}

    # -- statements ---------------------------------------------------------

    def run(self) -> None:
        table: PathKey = ()
        end = len(self.text)
        while True:
            self._skip_blank()
            if self.pos >= end:
                return
            if self.text[self.pos] == "[":
                table = self._header(table)
            else:
                self._key_value(table, 0)
            # Whatever follows a statement on its line is a comment (or, in
            # invalid input, junk): resume on the next line either way.
            newline = self.text.find("\n", self.pos)
            self.pos = end if newline < 0 else newline + 1

    def _header(self, current: PathKey) -> PathKey:
        """Parse a `[table]` or `[[array]]` header; return the new table path."""
        start = self.pos
        is_array = self.text.startswith("[[", start)
        self.pos += 2 if is_array else 1
        segments = self._key()
        self._skip_ws()
        closing = "]]" if is_array else "]"
        if not segments or not self.text.startswith(closing, self.pos):
            return current
        self.pos += len(closing)

        path: PathKey = ()
        for name, offset in segments[:-1]:
            path = (*path, name)
            self._record(path, offset, offset, explicit=False)
            # A header below an array of tables extends its latest element.
            length = self._aot_lengths.get(path)
            if length:
                path = (*path, length - 1)
        path = (*path, segments[-1][0])
        if is_array:
            self._record(path, start, start, explicit=False)
            index = self._aot_lengths.get(path, 0)
            self._aot_lengths[path] = index + 1
            path = (*path, index)
        self._record(path, start, start, explicit=True)
        return path

    def _key_value(self, table: PathKey, depth: int) -> bool:
        """Parse `key = value` relative to ``table``; False if it is not one."""
        segments = self._key()
        if not segments:
            return False
        self._skip_ws()
        if not self.text.startswith("=", self.pos):
            return False
        self.pos += 1
        self._skip_ws()

        path = table
        for name, offset in segments[:-1]:
            path = (*path, name)
            self._record(path, offset, offset, explicit=False)
        path = (*path, segments[-1][0])
        # For a dotted key the key position is where the whole key starts.
        self._record(path, segments[0][1], self.pos, explicit=True)
        self._value(path, depth)
        return True

    # -- keys ---------------------------------------------------------------

    def _key(self) -> list[tuple[str, int]]:
        """Parse a possibly dotted key into (name, start offset) segments.

        Leaves ``pos`` right after the last segment; returns [] on failure.
        """
        segments: list[tuple[str, int]] = []
        while True:
            self._skip_ws()
            start = self.pos
            name = self._key_segment()
            if name is None:
                return []
            segments.append((name, start))
            after = _WS.match(self.text, self.pos)
            if after is None or not self.text.startswith(".", after.end()):
                return segments
            self.pos = after.end() + 1

    def _key_segment(self) -> str | None:
        char = self.text[self.pos : self.pos + 1]
        pattern = _KEY_PATTERNS.get(char, _BARE_KEY)
        match = pattern.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        if char == '"':
            return _unescape(match.group()[1:-1])
        if char == "'":
            return match.group()[1:-1]
        return match.group()

    # -- values -------------------------------------------------------------

    def _value(self, path: PathKey, depth: int) -> None:
        """Skip the value at ``pos``, recording the paths nested inside it."""
        if depth > _MAX_DEPTH:
            return
        char = self.text[self.pos : self.pos + 1]
        if char == "[":
            self._array(path, depth)
        elif char == "{":
            self._inline_table(path, depth)
        elif char in ('"', "'"):
            self._string()
        else:
            match = _SCALAR.match(self.text, self.pos)
            if match is not None:
                self.pos = match.end()

    def _array(self, path: PathKey, depth: int) -> None:
        self.pos += 1
        index = 0
        while self._skip_blank():
            if self.text[self.pos] == "]":
                self.pos += 1
                return
            start = self.pos
            self._value((*path, index), depth + 1)
            if self.pos == start:
                return  # not a value: give up on this array
            self._record((*path, index), start, start, explicit=True)
            index += 1
            if not self._separator("]"):
                return

    def _inline_table(self, path: PathKey, depth: int) -> None:
        self.pos += 1
        # Newlines and comments are only valid here from TOML 1.1 on, but
        # tolerating them costs nothing.
        while self._skip_blank():
            if self.text[self.pos] == "}":
                self.pos += 1
                return
            if not self._key_value(path, depth + 1):
                return
            if not self._separator("}"):
                return

    def _separator(self, closing: str) -> bool:
        """Consume a comma (True: continue) or ``closing`` (False: done)."""
        self._skip_blank()
        if self.text.startswith(",", self.pos):
            self.pos += 1
            return True
        if self.text.startswith(closing, self.pos):
            self.pos += 1
        return False

    def _string(self) -> None:
        text, pos = self.text, self.pos
        if text.startswith('"""', pos):
            pattern = _ML_BASIC
        elif text.startswith("'''", pos):
            pattern = _ML_LITERAL
        else:
            pattern = _BASIC if text[pos] == '"' else _LITERAL
        match = pattern.match(text, pos)
        if match is not None:
            self.pos = match.end()
        else:
            # Unterminated (invalid input): consume the rest of the line.
            newline = text.find("\n", pos)
            self.pos = len(text) if newline < 0 else newline

    # -- helpers ------------------------------------------------------------

    def _skip_ws(self) -> None:
        match = _WS.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()

    def _skip_blank(self) -> bool:
        """Skip whitespace, newlines and comments; False at end of text."""
        match = _BLANK.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()
        return self.pos < len(self.text)

    def _record(self, path: PathKey, key_offset: int, value_offset: int, *, explicit: bool) -> None:
        """Locate ``path``.

        A table is often mentioned before (or without) being defined: as a
        prefix of a header or of a dotted key.  Such implicit mentions keep the
        first position but give way to the table's own definition, e.g. `[a]`
        after `[a.b]`.
        """
        if not explicit and path in self.entries:
            return
        self.entries[path] = (key_offset, value_offset)
