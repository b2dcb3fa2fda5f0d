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

from bonsclics_cli.i18n import N_

__all__ = ["MAX_NESTING", "Located", "PathKey", "Position", "SourceMap", "too_deep"]

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

MAX_NESTING = 32
"""The deepest key path a questionnaire may have; real ones nest about 5 deep.

Each dotted part of a table header or of a key counts one level, and so does
each array in a value (an inline table counts through its keys). ``too_deep``
checks it on the text, before parsing: parsing, and mapping every prefix of a
path as ``SourceMap`` does, both grow with the square of the depth.
"""

# Paths deeper than this are not mapped: no recursion towards Python's limit, and no
# square of the depth in prefixes. Twice MAX_NESTING, since the index of each array
# element is a level of a path too; the loader refuses deeper files beforehand.
_MAX_DEPTH = 2 * MAX_NESTING

# Spaces and tabs only: TOML does not treat other whitespace as separators.
_WS = re.compile(r"[ \t]*")
# Whitespace and newlines: what separates statements and elements, with comments.
_SPACES = re.compile(r"[ \t\r\n]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# Strings are skipped run by run up to the next quote, backslash or newline. A
# pattern such as `"(?:[^"\\]|\\.)*"` keeps one backtracking frame per
# character: matching a 5 MB prompt took 700 MB.
_BASIC_RUN = re.compile(r'[^"\\\n]*')
_ML_BASIC_RUN = re.compile(r'[^"\\]*')
# Numbers, booleans, dates and times.  A date-time is the only scalar that may
# contain a space (`1979-05-27 07:32:00`), hence the first alternative.
_SCALAR = re.compile(
    r"\d{4}-\d\d-\d\d[Tt ]\d[0-9A-Za-z_+\-.:]*|[0-9A-Za-z_+\-.:]+",
)
_ESCAPE = re.compile(
    r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))",
    re.DOTALL,
)
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

    __slots__ = ("_line_starts", "_offsets", "_text")

    def __init__(self, text: str) -> None:
        # Editors do not show a byte order mark, so columns must not count it.
        text = text.removeprefix("\ufeff")
        self._text = text
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

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its newline; "" past the end."""
        if not 1 <= number <= len(self._line_starts):
            return ""
        start = self._line_starts[number - 1]
        end = self._text.find("\n", start)
        return self._text[start : len(self._text) if end < 0 else end].removesuffix("\r")

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
        if not segments or len(table) + len(segments) > _MAX_DEPTH:
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
            if len(segments) > _MAX_DEPTH:
                # Each segment records every prefix of its path: mapping a deeper key
                # would grow with the square of its depth.
                return []
            after = _WS.match(self.text, self.pos)
            if after is None or not self.text.startswith(".", after.end()):
                return segments
            self.pos = after.end() + 1

    def _key_segment(self) -> str | None:
        start = self.pos
        end = _key_segment_end(self.text, start)
        if end is None:
            return None
        self.pos = end
        char = self.text[start]
        if char == '"':
            return _unescape(self.text[start + 1 : end - 1])
        if char == "'":
            return self.text[start + 1 : end - 1]
        return self.text[start:end]

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
        end = string_end(self.text, self.pos)
        if end is not None:
            self.pos = end
        else:
            # Unterminated (invalid input): consume the rest of the line.
            newline = self.text.find("\n", self.pos)
            self.pos = len(self.text) if newline < 0 else newline

    # -- helpers ------------------------------------------------------------

    def _skip_ws(self) -> None:
        match = _WS.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()

    def _skip_blank(self) -> bool:
        """Skip whitespace, newlines and comments; False at end of text."""
        self.pos = _skip_blank(self.text, self.pos)
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


# --- lexing helpers, linear in time and constant in memory -----------------------------------


def _after(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """The offset after ``pattern`` (one that may match nothing) at ``pos``."""
    match = pattern.match(text, pos)
    return pos if match is None else match.end()


def _skip_blank(text: str, pos: int) -> int:
    """The offset after the whitespace, newlines and comments at ``pos``."""
    end = len(text)
    while True:
        pos = _after(_SPACES, text, pos)
        if not text.startswith("#", pos):
            return pos
        newline = text.find("\n", pos)
        pos = end if newline < 0 else newline


def string_end(text: str, pos: int) -> int | None:
    """The offset after the TOML string starting at ``pos``; None if it is unterminated."""
    if text.startswith('"""', pos):
        return _multiline_end(text, pos + 3, '"')
    if text.startswith("'''", pos):
        return _multiline_end(text, pos + 3, "'")
    return _one_line_end(text, pos)


def _one_line_end(text: str, pos: int) -> int | None:
    if text.startswith("'", pos):
        end = text.find("'", pos + 1)
        if end < 0 or text.find("\n", pos + 1, end) >= 0:
            return None
        return end + 1
    pos += 1
    while True:
        pos = _after(_BASIC_RUN, text, pos)
        char = text[pos : pos + 1]
        if char == '"':
            return pos + 1
        if char != "\\" or text[pos + 1 : pos + 2] in {"", "\n"}:
            return None  # a newline or the end of the text before the closing quote
        pos += 2


def _multiline_end(text: str, pos: int, quote: str) -> int | None:
    while True:
        if quote == '"':
            pos = _after(_ML_BASIC_RUN, text, pos)
            if text.startswith("\\", pos):
                if pos + 1 >= len(text):
                    return None
                pos += 2
                continue
        else:
            pos = text.find(quote, pos)
        if pos < 0 or pos >= len(text):
            return None
        run = pos
        while text.startswith(quote, run) and run - pos < 5:
            run += 1
        if run - pos >= 3:
            # Up to two quotes of the content may come right before the delimiter.
            return run
        pos = run


def _key_segment_end(text: str, pos: int) -> int | None:
    """The offset after one part of a key (bare or quoted) at ``pos``; None if none."""
    char = text[pos : pos + 1]
    if char in {'"', "'"}:
        if text.startswith(char * 3, pos):
            return None  # multi-line strings are not keys
        return _one_line_end(text, pos)
    match = _BARE_KEY.match(text, pos)
    return match.end() if match is not None else None


# --- nesting, checked before parsing ---------------------------------------------------------


class _TooDeep(Exception):
    def __init__(self, offset: int, what: str) -> None:
        super().__init__(what)
        self.offset = offset
        self.what = what


def too_deep(text: str, limit: int = MAX_NESTING) -> tuple[Position, str] | None:
    """Where ``text`` first nests deeper than ``limit`` levels, and in what; else None.

    One forward pass in linear time and memory bounded by ``limit``, so that a
    hostile file is refused before ``tomllib`` sees it. Whatever is not valid
    TOML ends the scan quietly: the parser will report it.
    """
    try:
        _DepthScanner(text, limit).run()
    except _TooDeep as found:
        line = text.count("\n", 0, found.offset) + 1
        column = found.offset - (text.rfind("\n", 0, found.offset) + 1) + 1
        return Position(line, column), found.what
    return None


class _DepthScanner:
    """Counts the depth of every key and value; raises ``_TooDeep`` past the limit."""

    def __init__(self, text: str, limit: int) -> None:
        self.text = text
        self.limit = limit
        self.pos = 0

    def run(self) -> None:
        text, end = self.text, len(self.text)
        table = 0
        while True:
            self.pos = _skip_blank(text, self.pos)
            if self.pos >= end:
                return
            if text[self.pos] == "[":
                closing = "]]" if text.startswith("[[", self.pos) else "]"
                self.pos += len(closing)
                depth = self._key(0, N_("table header"))
                if depth is None or not text.startswith(closing, self.pos):
                    return
                self.pos += len(closing)
                table = depth
                continue
            depth = self._key(table, N_("key"))
            if depth is None or not self._equals():
                return
            if not self._value(depth):
                return

    def _key(self, base: int, what: str) -> int | None:
        """Skip a dotted key; its depth below ``base``, or None if there is no key."""
        text = self.text
        depth = base
        while True:
            self.pos = _after(_WS, text, self.pos)
            end = _key_segment_end(text, self.pos)
            if end is None:
                return None
            depth += 1
            if depth > self.limit:
                raise _TooDeep(self.pos, what)
            self.pos = _after(_WS, text, end)
            if not text.startswith(".", self.pos):
                return depth
            self.pos += 1

    def _equals(self) -> bool:
        self.pos = _after(_WS, self.text, self.pos)
        if not self.text.startswith("=", self.pos):
            return False
        self.pos += 1
        return True

    def _value(self, depth: int) -> bool:
        """Skip one value at ``depth``, with all it contains; False on what is not TOML."""
        text = self.text
        # Open arrays and inline tables: ("[", depth of elements) or ("{", depth of the table).
        stack: list[tuple[str, int]] = []
        expecting = True
        while True:
            self.pos = _skip_blank(text, self.pos) if stack else self._skip_ws()
            char = text[self.pos : self.pos + 1]
            if expecting:
                if char == "[":
                    if depth + 1 > self.limit:
                        raise _TooDeep(self.pos, N_("array"))
                    self.pos += 1
                    stack.append(("[", depth + 1))
                    depth += 1
                    self.pos = _skip_blank(text, self.pos)
                    if text.startswith("]", self.pos):
                        self.pos += 1
                        stack.pop()
                        expecting = False
                    continue
                if char == "{":
                    self.pos += 1
                    stack.append(("{", depth))
                    self.pos = _skip_blank(text, self.pos)
                    if text.startswith("}", self.pos):
                        self.pos += 1
                        stack.pop()
                        expecting = False
                        continue
                    key_depth = self._key(depth, N_("inline table"))
                    if key_depth is None or not self._equals():
                        return False
                    depth = key_depth
                    continue
                if char in {'"', "'"}:
                    end = string_end(text, self.pos)
                    if end is None:
                        return False
                    self.pos = end
                else:
                    match = _SCALAR.match(text, self.pos)
                    if match is None:
                        return False
                    self.pos = match.end()
                expecting = False
                continue
            if not stack:
                return True
            kind, level = stack[-1]
            if char == ("]" if kind == "[" else "}"):
                self.pos += 1
                stack.pop()
                continue
            if char != ",":
                return False
            self.pos = _skip_blank(text, self.pos + 1)
            if text.startswith("]" if kind == "[" else "}", self.pos):
                continue  # a trailing comma
            if kind == "[":
                depth = level
            else:
                key_depth = self._key(level, N_("inline table"))
                if key_depth is None or not self._equals():
                    return False
                depth = key_depth
            expecting = True

    def _skip_ws(self) -> int:
        return _after(_WS, self.text, self.pos)
