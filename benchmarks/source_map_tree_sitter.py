"""The hand-written TOML source map against tree-sitter-toml: accuracy, time, memory.

    pip install tree-sitter tree-sitter-toml
    python benchmarks/source_map_tree_sitter.py

Both give, for each path of a parsed TOML document, where its key and its value start
(``SourceMap`` in bonsclics_cli.questionnaire.locations). tree-sitter gives a syntax tree;
the paths are derived here from it with the same rules (tables, arrays of tables, dotted
keys, inline tables and arrays). Printed:

- accuracy on the valid cases of toml-test (vendored in tests/fixtures): files that
  tree-sitter-toml parses without an error node, and paths both place at the same spot;
- time, median of runs side by side, on the bundled questionnaires and a large file,
  as a ratio tree-sitter / SourceMap (parse and walk; parse alone);
- memory: the growth of the resident size (Linux) once the large file is mapped and the
  map kept, each in a fresh process.

The decision it informs is written in docs/contributing.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bonsclics_cli.compat import tomllib
from bonsclics_cli.questionnaire.locations import Located, PathKey, Position, SourceMap

try:
    import tree_sitter
    import tree_sitter_toml
except ImportError:
    sys.exit("needs tree-sitter and tree-sitter-toml: pip install tree-sitter tree-sitter-toml")

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "questionnaires").glob("*.toml"))
TOML_TEST = ROOT / "tests" / "fixtures" / "toml-test" / "valid"
PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_toml.language()))


def _key_parts(nodes: list[Any]) -> list[tuple[str, int]]:
    """The decoded parts of a (dotted) key, each with its start byte."""
    parts = []
    for node in nodes:
        if node.type == "dotted_key":
            parts += _key_parts(node.named_children)
        elif node.type in ("bare_key", "quoted_key"):
            text = node.text.decode("utf-8")
            (name,) = tomllib.loads(text + " = 0")
            parts.append((name, node.start_byte))
    return parts


class TreeSitterMap:
    """Paths to (key byte, value byte), walked from the tree-sitter syntax tree."""

    def __init__(self, data: bytes) -> None:
        self.data = data.removeprefix(b"\xef\xbb\xbf")
        self.tree = PARSER.parse(self.data)
        self.entries: dict[PathKey, tuple[int, int]] = {}
        self._arrays: dict[PathKey, int] = {}  # array of tables -> elements so far
        self._walk_document(self.tree.root_node)

    def _record(self, path: PathKey, key: int, value: int, *, explicit: bool) -> None:
        if not explicit and path in self.entries:
            return
        self.entries[path] = (key, value)

    def _concrete(self, names: list[tuple[str, int]]) -> PathKey:
        """A header's names as a path: an array of tables means its last element."""
        path: PathKey = ()
        for name, start in names:
            path = (*path, name)
            self._record(path, start, start, explicit=False)
            if path in self._arrays:
                path = (*path, self._arrays[path] - 1)
        return path

    def _walk_document(self, root: Any) -> None:
        for node in root.named_children:
            if node.type == "pair":
                self._pair(node, ())
            elif node.type in ("table", "table_array_element"):
                keys = [c for c in node.named_children if c.type != "pair" and c.type != "comment"]
                names = _key_parts(keys[:1])
                start = node.start_byte
                table = self._concrete(names[:-1])
                path: PathKey = (*table, names[-1][0])
                if node.type == "table":
                    self._record(path, start, start, explicit=True)
                else:
                    count = self._arrays.get(path, 0)
                    self._arrays[path] = count + 1
                    if count == 0:
                        self._record(path, start, start, explicit=True)
                    path = (*path, count)
                    self._record(path, start, start, explicit=True)
                for child in node.named_children:
                    if child.type == "pair":
                        self._pair(child, path)

    def _pair(self, node: Any, table: PathKey) -> None:
        # The value is what follows `=`; a comment after it is a child of the pair too.
        key = node.named_children[0]
        value = next(c for c in node.named_children[1:] if c.type != "comment")
        names = _key_parts([key])
        path = table
        for name, start in names[:-1]:
            path = (*path, name)
            self._record(path, start, start, explicit=False)
        path = (*path, names[-1][0])
        self._record(path, node.start_byte, value.start_byte, explicit=True)
        self._value(value, path)

    def _value(self, node: Any, path: PathKey) -> None:
        if node.type == "array":
            elements = [c for c in node.named_children if c.type != "comment"]
            for index, element in enumerate(elements):
                start = element.start_byte
                self._record((*path, index), start, start, explicit=True)
                self._value(element, (*path, index))
        elif node.type == "inline_table":
            for child in node.named_children:
                if child.type == "pair":
                    self._pair(child, path)

    def get(self, path: PathKey) -> Located | None:
        offsets = self.entries.get(path)
        if offsets is None:
            return None
        return Located(*(self._position(offset) for offset in offsets))

    def _position(self, offset: int) -> Position:
        # tree-sitter counts bytes; editors and SourceMap count characters.
        line_start = self.data.rfind(b"\n", 0, offset) + 1
        column = len(self.data[line_start:offset].decode("utf-8")) + 1
        return Position(self.data.count(b"\n", 0, offset) + 1, column)


def _paths(node: Any, path: PathKey = ()) -> list[PathKey]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*path, index))
    return found


def accuracy() -> None:
    files = sorted(TOML_TEST.rglob("*.toml")) + BUNDLED
    errors = same = differ = missing = total = 0
    for path in files:
        data = path.read_bytes()
        document = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
        ours, theirs = SourceMap(data.decode("utf-8")), TreeSitterMap(data)
        errors += theirs.tree.root_node.has_error
        for key in _paths(document):
            total += 1
            located = theirs.get(key)
            if located is None:
                missing += 1
            elif located == ours.get(key):
                same += 1
            else:
                differ += 1
    print(f"accuracy on {len(files)} valid files ({total} paths):")
    print(f"  tree-sitter-toml: {errors} files with a syntax error node (a valid file refused)")
    print(f"  same position as SourceMap: {same}; different: {differ}; unmapped: {missing}")


def _median(function: Any, argument: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _large() -> bytes:
    # The in-depth questionnaire's questions, repeated into a file of about 2 MB.
    text = (ROOT / "questionnaires" / "autonomie-numerique-approfondi.toml").read_text("utf-8")
    head, _, questions = text.partition("[[questions]]")
    return (head + ("[[questions]]" + questions) * 30).encode("utf-8")


def speed() -> None:
    print("time, median (ratio tree-sitter / SourceMap):")
    cases = [(path.name, path.read_bytes()) for path in BUNDLED] + [("large", _large())]
    for name, data in cases:
        runs = 5 if len(data) > 500_000 else 30
        text = data.decode("utf-8")
        ours = _median(SourceMap, text, runs)
        walked = _median(TreeSitterMap, data, runs)
        parsed = _median(PARSER.parse, data, runs)
        print(
            f"  {name} ({len(data) / 1000:.0f} kB): SourceMap {ours * 1000:.1f} ms; "
            f"tree-sitter parse+walk {walked * 1000:.1f} ms ({walked / ours:.2f}), "
            f"parse alone {parsed * 1000:.1f} ms ({parsed / ours:.2f})"
        )


def _peak_growth(method: str) -> int:
    code = (
        "import os, sys; sys.path.insert(0, 'benchmarks');"
        "import source_map_tree_sitter as b; data = b._large(); text = data.decode();"
        "rss = lambda: int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGESIZE');"
        "before = rss();"
        f"kept = b.SourceMap(text) if {method!r} == 'ours' else b.TreeSitterMap(data);"
        "print((rss() - before) // 1024)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(done.stdout)


def memory() -> None:
    ours, theirs = _peak_growth("ours"), _peak_growth("tree-sitter")
    print(f"memory, resident growth with the map of the large file ({len(_large()) / 1e6:.1f} MB):")
    print(f"  SourceMap {ours / 1024:.1f} MiB; tree-sitter {theirs / 1024:.1f} MiB")


if __name__ == "__main__":
    accuracy()
    speed()
    memory()
