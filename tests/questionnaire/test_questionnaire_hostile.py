"""Hostile questionnaires: deep nesting, deep conditions, huge texts, long option lists.

Each attack is replayed and must end in a located finding, never in a crash, and one
bad file in a folder must not stop the others. How fast and how small this stays is
measured by benchmarks/hostile_sizes.py, not asserted here.
"""

from __future__ import annotations

import json
import tracemalloc
from datetime import datetime
from pathlib import Path

import pytest
from cli_runner import run_cli

from bonsclics_cli.answers.sheet import Answer, AnswerSheet, QuestionnaireRef
from bonsclics_cli.compat import UTC, tomllib
from bonsclics_cli.questionnaire import checks
from bonsclics_cli.questionnaire.checks import MAX_LISTED_OPTIONS
from bonsclics_cli.questionnaire.conditions import MAX_DEPTH, Condition, ConditionSyntaxError
from bonsclics_cli.questionnaire.loader import load_bytes
from bonsclics_cli.questionnaire.locations import MAX_NESTING, Position, SourceMap, too_deep

FIXTURE = Path(__file__).parent.parent / "fixtures" / "minimal.toml"
BASE = FIXTURE.read_text("utf-8")
LINES = BASE.count("\n")  # the appended text starts on line LINES + 1
# ... inside the last table, [[advice]]: its keys start at level 2.
WHEN = "when = \"smartphone == 'oui'\""
WHEN_LINE = BASE.splitlines().index(WHEN) + 1


def findings(text: str) -> list[str]:
    return [str(finding) for finding in load_bytes(text.encode("utf-8"), "q.toml").findings]


def only_error(text: str) -> tuple[int, int, str, str]:
    result = load_bytes(text.encode("utf-8"), "q.toml")
    assert result.questionnaire is None
    assert len(result.errors) == 1, [str(f) for f in result.findings]
    error = result.errors[0]
    return error.line, error.column, error.code, error.message


def deep_when(levels: int) -> str:
    condition = "(" * levels + "smartphone == 'oui'" + ")" * levels
    return BASE.replace(WHEN, f'when = "{condition}"')


# --- TOML nesting ------------------------------------------------------------------------


def test_a_deeply_dotted_table_header_is_refused_where_it_goes_too_deep() -> None:
    header = "[" + ".".join(["a"] * 16_000) + "]"
    line, column, code, message = only_error(BASE + header + "\nx = 1\n")
    # 'a.' is two columns: the 33rd part starts at column 2 + 2 * 32.
    assert (line, column, code) == (LINES + 1, 2 + 2 * MAX_NESTING, "too-deep")
    assert message == f"this table header nests more than {MAX_NESTING} levels deep"


def test_the_message_has_a_location_and_a_hint() -> None:
    text = BASE + "[" + ".".join(["a"] * 40) + "]\n"
    assert findings(text) == [
        f"q.toml:{LINES + 1}:66: error: this table header nests more than 32 levels deep; "
        "a questionnaire needs about 5 levels; use shorter dotted names or flatter values"
    ]


@pytest.mark.parametrize(
    ("statement", "column", "what"),
    [
        # a dotted key under [[advice]]: the 32nd part (level 33) starts at 1 + 2 * 31
        (".".join(["k"] * 100) + " = 1", 1 + 2 * 31, "key"),
        # quoted parts and spaces around the dots count the same
        ("[" + " . ".join(['"a"'] * 100) + "]", 2 + 6 * 32, "table header"),
        # nested inline tables: z is level 2, each '{a=' one more: the 31st 'a' is level 33
        ("z = " + "{a=" * 100 + "1" + "}" * 100, 5 + 3 * 30 + 1, "inline table"),
        # nested arrays: z is level 2, each '[' one more: the 31st '[' is level 33
        ("z = " + "[" * 100 + "1" + "]" * 100, 5 + 30, "array"),
        # arrays across lines, with comments in between: the 30th '[' line
        ("z = [ # open\n" + "[\n" * 100 + "1" + "]" * 101, 30, "array"),
    ],
)
def test_every_way_of_nesting_is_bounded(statement: str, column: int, what: str) -> None:
    line, found_column, code, message = only_error(BASE + statement + "\n")
    assert code == "too-deep"
    assert message == f"this {what} nests more than {MAX_NESTING} levels deep"
    if "\n" not in statement:
        assert (line, found_column) == (LINES + 1, column)
    else:
        assert line == LINES + 1 + column and found_column == 1


def test_a_key_under_a_deep_header_counts_both() -> None:
    text = BASE + "[" + ".".join(["a"] * 30) + "]\nb.c.d = 1\n"
    line, column, code, _ = only_error(text)
    assert (line, column, code) == (LINES + 2, 5, "too-deep")


def test_the_source_map_alone_does_not_square_a_deep_header() -> None:
    # Mapping every prefix of a 16,000-part path took about 1 GB; past its own depth
    # bound the source map maps nothing of the header (the loader refuses it anyway).
    text = "[" + ".".join(["a"] * 16_000) + "]\nx = 1\n"
    tracemalloc.start()
    source = SourceMap(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert source.get(("a",)) is None
    assert peak < len(text)


def test_nesting_up_to_the_limit_is_left_to_the_other_checks() -> None:
    text = BASE + "[" + ".".join(["a"] * (MAX_NESTING - 1)) + "]\nx = 1\n"
    (finding,) = findings(text)
    assert "unknown key 'a'" in finding


def test_brackets_dots_and_braces_in_strings_and_comments_do_not_count() -> None:
    noise = "[[[[{{{{a.a.a.a.a.a" * 20
    text = BASE.replace(
        'prompt = { fr = "Avez-vous un smartphone ?"',
        f'prompt = {{ fr = """{noise} \\""" \'""", en = \'{noise}\' }}\n# {noise}\n'
        f"help = {{ fr = '''{noise}''', en = \"{noise} \\\" {noise}\"",
    ).replace(', en = "Do you have a smartphone?" }', "}", 1)
    assert too_deep(text) is None
    assert load_bytes(text.encode(), "q.toml").errors == []


def test_the_bundled_questionnaires_are_far_from_the_limit() -> None:
    for path in (Path(__file__).parents[2] / "questionnaires").glob("*.toml"):
        assert too_deep(path.read_text("utf-8"), limit=6) is None, path


# --- conditions --------------------------------------------------------------------------


def test_four_hundred_parentheses_are_a_located_error_not_a_recursion_error() -> None:
    line, column, code, message = only_error(deep_when(400))
    # The value's quote is at column 8; the 33rd parenthesis is character 33 after it.
    assert (line, column, code) == (WHEN_LINE, 8 + 33, "condition")
    assert message == (
        "syntax error in condition at character 33: more than 32 levels of parentheses "
        "and 'not'; split the condition or simplify it"
    )


def test_a_chain_of_not_is_bounded_too() -> None:
    with pytest.raises(ConditionSyntaxError) as raised:
        Condition.parse("not " * 1000 + "x == 1")
    assert raised.value.offset == 4 * MAX_DEPTH


def test_a_huge_deep_condition_fails_at_the_limit_without_reading_all_of_it() -> None:
    source = "(" * 1_000_000 + "x == 1"
    tracemalloc.start()
    condition = Condition.parse_leniently(source)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert condition.syntax_error is not None and condition.syntax_error.offset == MAX_DEPTH
    # Tokens are read as the parser needs them: not one object per parenthesis.
    assert peak < len(source) // 10


def test_conditions_up_to_the_limit_still_work() -> None:
    condition = Condition.parse("(" * MAX_DEPTH + "x == 1" + ")" * MAX_DEPTH)
    assert condition.holds({"x": 1}) and not condition.holds({"x": 2})
    assert load_bytes(deep_when(MAX_DEPTH).encode(), "q.toml").errors == []


# --- one bad file in a folder --------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "questionnaires"
    root.mkdir()
    (root / "a-deep-when.toml").write_text(deep_when(400), "utf-8")
    (root / "b-deep-header.toml").write_text(BASE + "[" + ".".join(["a"] * 16_000) + "]\n")
    (root / "c-good.toml").write_text(BASE, "utf-8")
    return root


def test_validate_reports_each_bad_file_and_checks_the_others(folder: Path) -> None:
    result = run_cli(["validate", "-f", "json", folder])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [Path(file).name for file in document["files"]] == [
        "a-deep-when.toml",
        "b-deep-header.toml",
        "c-good.toml",
    ]
    assert document["errors"] == 2
    assert [(Path(f["file"]).name, f["line"], f["code"]) for f in document["findings"]] == [
        ("a-deep-when.toml", WHEN_LINE, "condition"),
        ("b-deep-header.toml", LINES + 1, "too-deep"),
    ]


def test_questionnaires_lists_the_good_file_and_names_the_bad_ones(folder: Path) -> None:
    result = run_cli(["questionnaires", "-q", folder])
    assert result.exit_code == 1
    assert "exemple 1.0.0" in result.stdout and "c-good.toml" in result.stdout
    assert "a-deep-when.toml is not a valid questionnaire" in result.stderr
    assert "b-deep-header.toml is not a valid questionnaire" in result.stderr


def test_score_scores_against_the_good_file(folder: Path, tmp_path: Path) -> None:
    good = load_bytes((folder / "c-good.toml").read_bytes(), "c-good.toml")
    assert good.questionnaire is not None and good.sha256 is not None
    when = datetime(2026, 11, 29, 10, 15, tzinfo=UTC)
    sheet = AnswerSheet(
        format=1,
        questionnaire=QuestionnaireRef(id="exemple", version="1.0.0", sha256=good.sha256),
        person="BC-7F3K9Q",
        language="fr",
        started_at=when,
        updated_at=when,
        completed_at=when,
        answers={"smartphone": Answer.of("oui"), "usages": Answer.of(["appels"])},
    )
    (tmp_path / "answers.json").write_text(sheet.to_json(), "utf-8")
    result = run_cli(["score", "-q", folder, "-f", "jsonl", tmp_path / "answers.json"])
    assert result.exit_code == 1  # the bad questionnaires are named, and fail the run
    assert "b-deep-header.toml is not a valid questionnaire" in result.stderr
    assert json.loads(result.stdout)["person"] == "BC-7F3K9Q"


def test_an_unexpected_error_while_loading_one_file_is_a_finding_of_that_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setenv("BONSCLICS_CACHE_DIR", "")  # the file must really be checked
    monkeypatch.setattr(checks, "check_questionnaire", broken)
    result = run_cli(["validate", "-f", "json", folder])
    document = json.loads(result.stdout)
    good = [f for f in document["findings"] if f["file"].endswith("c-good.toml")]
    assert good == [
        {
            "file": str(folder / "c-good.toml"),
            "line": 1,
            "column": 1,
            "severity": "error",
            "code": "internal",
            "message": "internal error while loading (RecursionError); please report it",
            "hint": None,
        }
    ]
    assert document["errors"] == 3


def test_an_unreadable_file_is_an_error_of_that_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, whom no permission stops: refuse the one file by hand.
    real_open = Path.open
    unreadable = folder / "c-good.toml"

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refusing_open)
    (folder / "d-good.toml").write_text(BASE, "utf-8")
    result = run_cli(["validate", folder])
    assert result.exit_code == 1
    assert f"{unreadable}:1:1: error: cannot read the file: Permission denied" in result.stdout
    assert "4 files checked: 3 errors." in result.stdout
    listed = run_cli(["questionnaires", "-q", folder])
    assert "d-good.toml" in listed.stdout
    assert f"{unreadable} is not a valid questionnaire" in listed.stderr


# --- big texts ---------------------------------------------------------------------------


def test_a_five_megabyte_prompt_is_loaded_and_findings_after_it_are_located() -> None:
    prompt = "é" * (5 * 2**20 // 2 - 1000)
    text = BASE.replace("Avez-vous un smartphone ?", prompt).replace("min = 75", "min = 175")
    result = load_bytes(text.encode(), "q.toml")
    (error,) = result.errors
    assert error.line == BASE.splitlines().index("min = 75") + 1
    assert (error.column, error.code) == (7, "less-than-equal")


def test_the_source_map_skips_a_long_string_in_constant_memory() -> None:
    # An escape every 100 characters, like a long help text with quotes in it.
    body = ("x" * 98 + '\\"') * 20_000
    text = f'a = "{body}"\nb = """{body}"""\nc = 1\n'
    tracemalloc.start()
    source = SourceMap(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert source.get(("c",)) is not None and source.value(("c",)).line == 3
    # Matching it with one backtracking frame per character took 145 bytes a character.
    assert peak < len(text)


# --- long option lists -----------------------------------------------------------------------


def options(count: int) -> str:
    rows = "".join(
        f'  {{ value = "o{n}", label = {{ fr = "O{n}", en = "O{n}" }}, points = 1 }},\n'
        for n in range(count - 2)  # and the fixture's own two
    )
    return BASE.replace('  { value = "oui", label', rows + '  { value = "oui", label')


def test_a_list_too_long_for_the_terminal_is_a_located_warning() -> None:
    result = load_bytes(options(MAX_LISTED_OPTIONS + 1).encode(), "q.toml")
    assert result.questionnaire is not None  # a warning, not an error
    (warning,) = result.warnings
    assert (warning.line, warning.code) == (BASE.splitlines().index("options = [") + 1, "long-list")
    assert str(warning).endswith(
        "warning: question 'smartphone' has 21 options: in a terminal, a list of more "
        "than 20 scrolls past one screen and is hard to go through; keep at most 20 "
        "options, or split the question: a first one narrows the choice and conditions "
        "(when) show the rest"
    )


def test_twenty_options_are_fine() -> None:
    assert load_bytes(options(MAX_LISTED_OPTIONS).encode(), "q.toml").findings == []


def test_validate_strict_fails_on_a_long_list(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text(options(35), "utf-8")
    assert run_cli(["validate", path]).exit_code == 0
    strict = run_cli(["validate", "--strict", path])
    assert strict.exit_code == 1
    assert "question 'smartphone' has 35 options" in strict.stdout


@pytest.mark.parametrize(
    "value",
    [
        '"""ends with a quote""""',
        '"""ends with two quotes"""""',
        "'''literal with quotes'''''",
        '"""escaped \\""" inside"""',
        '"""spans\nlines with "quotes" and \\\\"""',
        '"an escaped \\" quote and a \\\\"',
        "'a literal with a \" and a \\'",
        '""',
    ],
)
def test_the_source_map_skips_every_kind_of_string(value: str) -> None:
    text = f"a = {value}\nb = [1, {value}]\nc = 1\n"
    tomllib.loads(text)  # the case is valid TOML
    source = SourceMap(text)
    assert source.get(("c",)) is not None
    assert source.value(("c",)) == Position(text.count("\n"), 5)
    assert source.value(("b", 1)).line == 2 + value.count("\n")
    assert too_deep(text, limit=2) is None
