"""Tests for the TOML source map used to locate questionnaire errors."""

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from toml_suite import LISTING, SUITE, cases

from bonsclics_cli.compat import tomllib
from bonsclics_cli.questionnaire.locations import Located, PathKey, Position, SourceMap

LineCol = tuple[int, int]
# (document path, expected key position, expected value position)
Case = tuple[PathKey, LineCol, LineCol]

EXAMPLE = """\
format = 1
title = { fr = "Bonjour", en = "Hello" }

[[domains]]
id = "equipement"

[[questions]]
id = "a"
options = [
  { value = "oui", label = "Oui", points = 1 },
  { value = "non", label = "Non", points = 0 },
]
[questions.extra]
x.y = 2
"""

EXAMPLE_CASES: list[Case] = [
    (("format",), (1, 1), (1, 10)),
    (("title",), (2, 1), (2, 9)),
    (("title", "fr"), (2, 11), (2, 16)),
    (("title", "en"), (2, 27), (2, 32)),
    (("domains",), (4, 1), (4, 1)),
    (("domains", 0), (4, 1), (4, 1)),
    (("domains", 0, "id"), (5, 1), (5, 6)),
    (("questions",), (7, 1), (7, 1)),
    (("questions", 0), (7, 1), (7, 1)),
    (("questions", 0, "id"), (8, 1), (8, 6)),
    (("questions", 0, "options"), (9, 1), (9, 11)),
    (("questions", 0, "options", 0), (10, 3), (10, 3)),
    (("questions", 0, "options", 1), (11, 3), (11, 3)),
    (("questions", 0, "options", 1, "value"), (11, 5), (11, 13)),
    (("questions", 0, "options", 1, "points"), (11, 35), (11, 44)),
    (("questions", 0, "extra"), (13, 1), (13, 1)),
    (("questions", 0, "extra", "x"), (14, 1), (14, 1)),
    (("questions", 0, "extra", "x", "y"), (14, 1), (14, 7)),
]

ARRAYS_OF_TABLES = """\
[[questions]]
id = "a"
[[questions.options]]
value = "oui"
[[questions.options]]
value = "non"
[[questions]]
id = "b"
[questions.meta]
k = 1
[[questions.options]]
value = "x"
"""

ARRAYS_OF_TABLES_CASES: list[Case] = [
    (("questions", 0), (1, 1), (1, 1)),
    (("questions", 0, "options"), (3, 1), (3, 1)),
    (("questions", 0, "options", 0), (3, 1), (3, 1)),
    (("questions", 0, "options", 1), (5, 1), (5, 1)),
    (("questions", 0, "options", 1, "value"), (6, 1), (6, 9)),
    (("questions", 1), (7, 1), (7, 1)),
    (("questions", 1, "id"), (8, 1), (8, 6)),
    (("questions", 1, "meta"), (9, 1), (9, 1)),
    (("questions", 1, "meta", "k"), (10, 1), (10, 5)),
    (("questions", 1, "options"), (11, 1), (11, 1)),
    (("questions", 1, "options", 0, "value"), (12, 1), (12, 9)),
]

TABLES = """\
[a.b]
x = 1
[a]
y = 2
[ c . "d.e" . 'f' ]   # comment [x]
z = 3
"""

TABLES_CASES: list[Case] = [
    # `[a]` defines the table explicitly, which beats its mention in `[a.b]`.
    (("a",), (3, 1), (3, 1)),
    (("a", "b"), (1, 1), (1, 1)),
    (("a", "b", "x"), (2, 1), (2, 5)),
    (("a", "y"), (4, 1), (4, 5)),
    # Implicit super-tables point at their segment inside the header.
    (("c",), (5, 3), (5, 3)),
    (("c", "d.e"), (5, 7), (5, 7)),
    (("c", "d.e", "f"), (5, 1), (5, 1)),
    (("c", "d.e", "f", "z"), (6, 1), (6, 5)),
]

KEYS = """\
bare_key-1 = 1
"quoted key" = 2
'literal "key"' = 3
"a\\u0062" = 4
"tab\\there" = 5
site . "google.com" . x = true
1.2 = "dotted numbers"
"" = "empty"
"\\U0001F600\\"" = 6
"""

KEYS_CASES: list[Case] = [
    (("bare_key-1",), (1, 1), (1, 14)),
    (("quoted key",), (2, 1), (2, 16)),
    (('literal "key"',), (3, 1), (3, 19)),
    (("ab",), (4, 1), (4, 13)),
    (("tab\there",), (5, 1), (5, 15)),
    (("site",), (6, 1), (6, 1)),
    (("site", "google.com"), (6, 8), (6, 8)),
    (("site", "google.com", "x"), (6, 1), (6, 27)),
    (("1",), (7, 1), (7, 1)),
    (("1", "2"), (7, 1), (7, 7)),
    (("",), (8, 1), (8, 6)),
    (('\U0001f600"',), (9, 1), (9, 18)),
]

TRICKY_STRINGS = '''\
s1 = "has # and [[x]] and = and \\" quote"   # real comment
s2 = 'literal # [[x]] = "'
s3 = """
multi # not a comment
[[x]]
a = 1
""\\" still inside "" ""
"""
s4 = \'\'\'
'' [y] # = ''
\'\'\'
s5 = """line \\
     continued"""
s6 = """ends with quotes"""""
after = 1
arr = [ "]", '#', """,]""", \'\'\']\'\'\', # comment ]
  "x" ]
tail = { k = "}", l = 2 }
quotes = [ """a""""", \'\'\'b\'\'\'\'\', 3 ]
'''

TRICKY_STRINGS_CASES: list[Case] = [
    (("s1",), (1, 1), (1, 6)),
    (("s2",), (2, 1), (2, 6)),
    (("s3",), (3, 1), (3, 6)),
    (("s4",), (9, 1), (9, 6)),
    (("s5",), (12, 1), (12, 6)),
    (("s6",), (14, 1), (14, 6)),
    (("after",), (15, 1), (15, 9)),
    (("arr", 0), (16, 9), (16, 9)),
    (("arr", 1), (16, 14), (16, 14)),
    (("arr", 2), (16, 19), (16, 19)),
    (("arr", 3), (16, 29), (16, 29)),
    (("arr", 4), (17, 3), (17, 3)),
    (("tail", "k"), (18, 10), (18, 14)),
    (("tail", "l"), (18, 19), (18, 23)),
    # Up to two quotes may follow the closing delimiter, inside the string.
    (("quotes", 1), (19, 23), (19, 23)),
    (("quotes", 2), (19, 34), (19, 34)),
]

SCALARS = """\
hex = 0xDEAD_beef
oct = 0o755
bin = 0b1101
big = 1_000_000
neg = -17
flt = -3.14e+10
inf1 = +inf
nan1 = -nan
yes = true
no = false
odt = 1979-05-27T07:32:00.999-07:00
odt2 = 1979-05-27 07:32:00Z
ldt = 1979-05-27T07:32:00
ld = 1979-05-27
lt = 07:32:00.5
arr = [ 1979-05-27 07:32:00Z, 0x1, nan, false, 1e3 ]
next = 1
"""

SCALARS_CASES: list[Case] = [
    (("hex",), (1, 1), (1, 7)),
    (("oct",), (2, 1), (2, 7)),
    (("bin",), (3, 1), (3, 7)),
    (("big",), (4, 1), (4, 7)),
    (("neg",), (5, 1), (5, 7)),
    (("flt",), (6, 1), (6, 7)),
    (("inf1",), (7, 1), (7, 8)),
    (("nan1",), (8, 1), (8, 8)),
    (("yes",), (9, 1), (9, 7)),
    (("no",), (10, 1), (10, 6)),
    (("odt",), (11, 1), (11, 7)),
    (("odt2",), (12, 1), (12, 8)),
    (("ldt",), (13, 1), (13, 7)),
    (("ld",), (14, 1), (14, 6)),
    (("lt",), (15, 1), (15, 6)),
    (("arr",), (16, 1), (16, 7)),
    (("arr", 0), (16, 9), (16, 9)),
    (("arr", 1), (16, 31), (16, 31)),
    (("arr", 2), (16, 36), (16, 36)),
    (("arr", 3), (16, 41), (16, 41)),
    (("arr", 4), (16, 48), (16, 48)),
    (("next",), (17, 1), (17, 8)),
]

NESTED = """\
matrix = [
  [1, 2],   # first row
  [
    3,
    [4, { deep = [5] }],
  ],
]
after = "x"
a = { b = { c = { d = 1 } } }
p = { x.y = 1, x . z = 2 }
"""

NESTED_CASES: list[Case] = [
    (("matrix",), (1, 1), (1, 10)),
    (("matrix", 0), (2, 3), (2, 3)),
    (("matrix", 0, 1), (2, 7), (2, 7)),
    (("matrix", 1), (3, 3), (3, 3)),
    (("matrix", 1, 0), (4, 5), (4, 5)),
    (("matrix", 1, 1), (5, 5), (5, 5)),
    (("matrix", 1, 1, 0), (5, 6), (5, 6)),
    (("matrix", 1, 1, 1), (5, 9), (5, 9)),
    (("matrix", 1, 1, 1, "deep"), (5, 11), (5, 18)),
    (("matrix", 1, 1, 1, "deep", 0), (5, 19), (5, 19)),
    (("after",), (8, 1), (8, 9)),
    (("a", "b", "c"), (9, 13), (9, 17)),
    (("a", "b", "c", "d"), (9, 19), (9, 23)),
    # The first dotted key mentioning `x` locates the implicit table.
    (("p", "x"), (10, 7), (10, 7)),
    (("p", "x", "y"), (10, 7), (10, 13)),
    (("p", "x", "z"), (10, 16), (10, 24)),
]

UNICODE = """\
emoji = { "😀😀" = "é", k = 1 }
"clé" = "日本語" # 注释 = [x]
next = 1
"""

UNICODE_CASES: list[Case] = [
    # Columns count code points: each emoji is one column, not 2 or 4.
    (("emoji", "😀😀"), (1, 11), (1, 18)),
    (("emoji", "k"), (1, 23), (1, 27)),
    (("clé",), (2, 1), (2, 9)),
    (("next",), (3, 1), (3, 8)),
]

DOCUMENTS: dict[str, tuple[str, list[Case]]] = {
    "example": (EXAMPLE, EXAMPLE_CASES),
    "arrays-of-tables": (ARRAYS_OF_TABLES, ARRAYS_OF_TABLES_CASES),
    "tables": (TABLES, TABLES_CASES),
    "keys": (KEYS, KEYS_CASES),
    "tricky-strings": (TRICKY_STRINGS, TRICKY_STRINGS_CASES),
    "scalars": (SCALARS, SCALARS_CASES),
    "nested": (NESTED, NESTED_CASES),
    "unicode": (UNICODE, UNICODE_CASES),
}

# Line endings and a byte order mark must not move any position.
VARIANTS: dict[str, Callable[[str], str]] = {
    "lf": lambda text: text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "bom-crlf": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
}


def _all_cases() -> list[Any]:
    return [
        pytest.param(
            variant(text),
            path,
            key,
            value,
            id=f"{doc_name}-{variant_name}-{'.'.join(map(str, path))}",
        )
        for doc_name, (text, cases) in DOCUMENTS.items()
        for variant_name, variant in VARIANTS.items()
        for path, key, value in cases
    ]


def _lookup(document: Any, path: PathKey) -> Any:
    for part in path:
        document = document[part]
    return document


@pytest.mark.parametrize(("text", "path", "key", "value"), _all_cases())
def test_locates_path(text: str, path: PathKey, key: LineCol, value: LineCol) -> None:
    # Guard against a typo in the table: the path must exist in the document.
    _lookup(tomllib.loads(text.removeprefix("\ufeff")), path)

    assert SourceMap(text).get(path) == Located(Position(*key), Position(*value))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_strings_do_not_create_entries(name: str) -> None:
    text, _ = DOCUMENTS[name]
    source_map = SourceMap(text)

    # `[[x]]`, `a = 1`, `[y]` only appear inside strings or comments.
    assert source_map.get(("x",)) is None
    assert source_map.get(("a", 0)) is None
    assert source_map.get(("y",)) is None


def test_key_and_value_fall_back_to_nearest_ancestor() -> None:
    source_map = SourceMap(EXAMPLE)

    assert source_map.get(("questions", 0, "options", 1, "nope")) is None
    assert source_map.key(("questions", 0, "options", 1, "nope", 3)) == Position(11, 3)
    assert source_map.value(("questions", 0, "id", "deeper")) == Position(8, 6)
    assert source_map.key(("questions", 0, "id", "deeper")) == Position(8, 1)
    assert source_map.key(("questions", 7)) == Position(7, 1)


def test_unknown_path_falls_back_to_document_start() -> None:
    source_map = SourceMap(EXAMPLE)

    assert source_map.get(("nope",)) is None
    assert source_map.key(("nope", "deeper")) == Position(1, 1)
    assert source_map.value(()) == Position(1, 1)
    assert SourceMap("").value(("anything",)) == Position(1, 1)


def test_crlf_inside_multiline_string() -> None:
    text = 's = """a\r\nb # c\r\n[[d]]\r\n"""\r\nafter = { e = 1 }\r\n'
    source_map = SourceMap(text)

    assert source_map.get(("after", "e")) == Located(Position(5, 11), Position(5, 15))
    assert source_map.get(("d",)) is None


def test_absurd_nesting_does_not_stop_the_scan() -> None:
    source_map = SourceMap("a = " + "[" * 5000 + "\nb = 1\n")

    assert source_map.get(("b",)) == Located(Position(2, 1), Position(2, 5))


def test_invalid_text_keeps_what_was_mapped_before_the_fault() -> None:
    # The loader asks for positions in files tomllib refused, too.
    source_map = SourceMap('a = 1\n[t]\nb = "x"\nc = """never closed\nd = 4\n')

    assert source_map.get(("a",)) == Located(Position(1, 1), Position(1, 5))
    assert source_map.get(("t", "b")) == Located(Position(3, 1), Position(3, 5))


def test_maps_a_thousand_lines() -> None:
    # Its speed is measured by benchmarks/hostile_sizes.py, not asserted here.
    question = (
        '[[questions]]\nid = "q"  # comment\ntext.fr = """Une question\n'
        'sur deux lignes ? # pas un commentaire"""\noptions = [\n'
        '  { value = "oui", label = "Oui", points = 1 },\n'
        '  { value = "non", label = "Non", points = 0 },\n]\n\n'
    )
    text = question * 112  # about 1,000 lines

    located = SourceMap(text).get(("questions", 111, "options", 1, "points"))

    assert located == Located(Position(1006, 35), Position(1006, 44))


# -- the contract --------------------------------------------------------------

BUNDLED = Path(__file__).resolve().parents[2] / "questionnaires"


def _walk(node: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _walk(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _walk(child, (*path, index))


def _offset(text: str, position: Position) -> int:
    line_start = 0
    for _ in range(position.line - 1):
        line_start = text.index("\n", line_start) + 1
    return line_start + position.column - 1


def _same(parsed: Any, expected: Any) -> bool:
    if isinstance(parsed, float) and isinstance(expected, float):
        return parsed == expected or (math.isnan(parsed) and math.isnan(expected))
    if isinstance(parsed, list) and isinstance(expected, list):
        return len(parsed) == len(expected) and all(map(_same, parsed, expected))
    if isinstance(parsed, dict) and isinstance(expected, dict):
        return parsed.keys() == expected.keys() and all(
            _same(parsed[key], expected[key]) for key in parsed
        )
    return type(parsed) is type(expected) and parsed == expected


def _value_text_at(text: str, offset: int, expected: Any) -> bool:
    """Whether the text of a value starting at ``offset`` parses back to ``expected``."""
    container = isinstance(expected, dict | list)
    for end in range(offset + 1, len(text) + 1):
        # A value can only end before a delimiter (or the end of the text), and an
        # inline array or table only after its closing bracket.
        if end < len(text) and text[end] not in ",]}#\r\n \t":
            continue
        if container and text[end - 1] not in "]}":
            continue
        try:
            parsed = tomllib.loads("x = " + text[offset:end])["x"]
        except tomllib.TOMLDecodeError:
            continue
        if _same(parsed, expected):
            return True
    return False


def _dotted_key_at(text: str, offset: int) -> list[str]:
    """The parts of the dotted key (or of the table header) that starts at ``offset``."""
    start = offset
    while start < len(text) and text[start] in "[ \t":
        start += 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    longest: list[str] = []
    for end in range(start + 1, line_end + 1):
        if end < line_end and text[end] not in " \t=].":
            continue
        try:
            node: Any = tomllib.loads(text[start:end] + " = 0")
        except tomllib.TOMLDecodeError:
            continue
        parts = []
        while isinstance(node, dict) and len(node) == 1:
            (key, node) = next(iter(node.items()))
            parts.append(key)
        longest = parts
    return longest


def _contract_breaches(text: str) -> tuple[int, list[str]]:
    """Check the map of one valid TOML text; return the paths checked and the breaches."""
    body = text.removeprefix("\ufeff")
    document = tomllib.loads(body)
    source_map = SourceMap(text)
    lines = body.split("\n")
    breaches = []
    checked = 0
    for path, node in _walk(document):
        if not path:
            continue
        checked += 1
        located = source_map.get(path)
        if located is None:
            breaches.append(f"{path}: not mapped")
            continue
        if not all(
            1 <= position.line <= len(lines)
            and 1 <= position.column <= len(lines[position.line - 1]) + 1
            for position in (located.key, located.value)
        ):
            breaches.append(f"{path}: {located} is outside the text")
            continue
        key, value = (_offset(body, position) for position in (located.key, located.value))
        # The name of the entry: its own key, or for an array element its array's key.
        name = next((part for part in reversed(path) if isinstance(part, str)), None)
        if isinstance(path[-1], str) and path[-1] not in _dotted_key_at(body, key):
            breaches.append(f"{path}: key at {located.key} reads {body[key : key + 30]!r}")
        elif isinstance(path[-1], int) and key != value:
            breaches.append(f"{path}: an array element has no key of its own")
        elif key > value:
            breaches.append(f"{path}: the value {located.value} precedes the key {located.key}")
        # The value starts with its own text (`1`, `"a"`, `[…]`, `{…}`), or, for a table
        # or an array of tables, with the header or the dotted key that opens it.
        elif not (
            isinstance(node, dict | list) and name in _dotted_key_at(body, value)
        ) and not _value_text_at(body, value, node):
            breaches.append(f"{path}: value at {located.value} reads {body[value : value + 30]!r}")
    return checked, breaches


def test_every_key_and_value_is_located_where_its_text_starts() -> None:
    """What the source map promises, on every valid TOML 1.0 case and on the bundled files.

    For each key and value of the parsed document, `SourceMap.get` gives a position in
    the text; the key's position is where a key (or table header) naming it starts, and
    the value's position is where text that parses back to that very value starts (for
    a table or an array of tables: its header or dotted key). A byte order mark and
    CRLF line endings move no position.
    """
    valid = [SUITE / case for case in cases("valid")]
    files = valid + sorted(BUNDLED.glob("*.toml"))
    assert len(valid) >= 200 or not LISTING.is_file(), "the toml-test valid cases are missing"
    checked = 0
    breaches: list[str] = []
    for path in files:
        # Bytes, then decode: text mode would turn CRLF into LF.
        text = path.read_bytes().decode("utf-8")
        count, found = _contract_breaches(text)
        checked += count
        breaches += [f"{path.name}: {breach}" for breach in found]
        if path.parent == BUNDLED:
            bom_crlf = "\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")
            if SourceMap(bom_crlf).get(("questions", 0, "id")) != SourceMap(text).get(
                ("questions", 0, "id")
            ):
                breaches.append(f"{path.name}: a byte order mark or CRLF moved a position")
    assert breaches == []
    # The promise was checked on real documents, not on a few (the bundled files alone
    # when no copy of toml-test is beside the clone, as on a fresh CI machine).
    assert checked > (3000 if LISTING.is_file() else 1500)
