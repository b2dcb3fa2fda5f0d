"""The loader: every rule of docs/format.md §1 and §2.2, each a broken file with its finding.

Each case edits the valid ``tests/fixtures/minimal.toml`` in one place and asserts
the line, the column (the offending key or value, found by its text on that line)
and the message, as an author would read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bonsclics_cli.questionnaire.findings import Finding, Severity
from bonsclics_cli.questionnaire.loader import MAX_FILE_BYTES, load_bytes, load_file

FIXTURE = Path(__file__).parent.parent / "fixtures" / "minimal.toml"
BASE = FIXTURE.read_text(encoding="utf-8")

NUMBER_QUESTION = """
[[questions]]
id = "age"
type = "number"
prompt = { fr = "Quel âge avez-vous ?", en = "How old are you?" }
min = 15
max = 110
"""
TEXT_QUESTION = """
[[questions]]
id = "souhait"
type = "text"
prompt = { fr = "Que souhaitez-vous apprendre ?", en = "What would you like to learn?" }
"""


def edited(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"the edit must be unambiguous: {old!r}"
    return text.replace(old, new)


def with_questions(*blocks: str) -> str:
    """The base file with extra questions inserted before the levels."""
    return edited(
        '\n[[levels]]\nid = "a_accompagner"', "".join(blocks) + '\n[[levels]]\nid = "a_accompagner"'
    )


def findings_of(text: str) -> list[Finding]:
    return load_bytes(text.encode("utf-8"), "q.toml").findings


def position(text: str, line: int, token: str) -> tuple[int, int]:
    line_text = text.splitlines()[line - 1]
    assert token in line_text, f"{token!r} is not on line {line}: {line_text!r}"
    return line, line_text.index(token) + 1


def test_the_fixture_is_valid() -> None:
    result = load_file(FIXTURE)
    assert result.findings == []
    assert result.questionnaire is not None
    assert result.sha256 is not None and len(result.sha256) == 64


# (case id, edited text, line, token at the reported column, words of the message)
CASES: list[tuple[str, str, int, str, str]] = [
    ("format-2", edited("format = 1", "format = 2"), 2, "2", "unsupported format 2"),
    ("format-string", edited("format = 1", 'format = "1"'), 2, '"1"', "unsupported format '1'"),
    ("format-bool", edited("format = 1", "format = true"), 2, "true", "unsupported format True"),
    (
        "unknown-key",
        edited('title = { fr = "Exemple"', 'titel = { fr = "Exemple"'),
        6,
        "titel",
        "unknown key 'titel'; did you mean 'title'?",
    ),
    (
        "unknown-option-key",
        edited(
            'label = { fr = "Non", en = "No" }, points', 'label = { fr = "Non", en = "No" }, pionts'
        ),
        19,
        "pionts",
        "question 'smartphone', option 'non': unknown key 'pionts'; did you mean 'points'?",
    ),
    (
        "slug",
        edited('id = "exemple"', 'id = "Exemple"'),
        3,
        '"Exemple"',
        "'Exemple' is not a questionnaire id",
    ),
    (
        "version",
        edited('version = "1.0.0"', 'version = "1.0"'),
        4,
        '"1.0"',
        "'1.0' is not a version MAJOR.MINOR.PATCH",
    ),
    (
        "version-type",
        edited('version = "1.0.0"', "version = 1.0"),
        4,
        "1.0",
        "expected a string, found a float",
    ),
    (
        "language-code",
        edited('languages = ["fr", "en"]', 'languages = ["fr", "EN"]'),
        5,
        '"EN"',
        "'EN' is not a language code",
    ),
    (
        "languages-empty",
        edited('languages = ["fr", "en"]', "languages = []"),
        5,
        "[]",
        "at least 1 item",
    ),
    (
        "languages-duplicate",
        edited('languages = ["fr", "en"]', 'languages = ["fr", "en", "fr"]'),
        5,
        '"fr"]',
        "language 'fr' is listed twice",
    ),
    (
        "text-string-many-languages",
        edited('title = { fr = "Exemple", en = "Example" }', 'title = "Exemple"'),
        6,
        '"Exemple"',
        "the title of the questionnaire must be given in every language (fr, en); write it as a table",
    ),
    (
        "text-missing-language",
        edited('title = { fr = "Exemple", en = "Example" }', 'title = { fr = "Exemple" }'),
        6,
        "{",
        "the title of the questionnaire has no 'en' text",
    ),
    (
        "text-extra-language",
        edited(
            'title = { fr = "Exemple", en = "Example" }',
            'title = { fr = "Exemple", en = "Example", de = "Beispiel" }',
        ),
        6,
        "de =",
        "the title of the questionnaire has a 'de' text, but 'de' is not in languages",
    ),
    (
        "text-wrong-type",
        edited('title = { fr = "Exemple", en = "Example" }', "title = 3"),
        6,
        "3",
        "expected a text",
    ),
    (
        "text-empty",
        edited('{ fr = "Oui", en = "Yes" }', '{ fr = "  ", en = "Yes" }'),
        18,
        '"  "',
        "the label of option 'oui' of question 'smartphone' (fr) is empty",
    ),
    (
        "text-control",
        edited('en = "Do you have a smartphone?"', 'en = "Do you have\\u001b[2J a smartphone?"'),
        16,
        '"Do you',
        "contains a forbidden character (a control character, U+001B)",
    ),
    (
        "text-bidi",
        edited('en = "Do you have a smartphone?"', 'en = "Do you have \\u202e a smartphone?"'),
        16,
        '"Do you',
        "contains a forbidden character (RIGHT-TO-LEFT OVERRIDE, U+202E)",
    ),
    (
        "domain-id",
        edited('id = "equipement"', 'id = "Equipement"'),
        9,
        '"Equipement"',
        "'Equipement' is not an identifier",
    ),
    (
        "weight-zero",
        edited(
            'title = { fr = "Équipement", en = "Equipment" }',
            'title = { fr = "Équipement", en = "Equipment" }\nweight = 0',
        ),
        11,
        "0",
        "domain 'equipement': weight: expected a number above 0",
    ),
    (
        "weight-string",
        edited(
            'title = { fr = "Équipement", en = "Equipment" }',
            'title = { fr = "Équipement", en = "Equipment" }\nweight = "2"',
        ),
        11,
        '"2"',
        "expected a number",
    ),
    (
        "domain-unused",
        edited(
            '\n[[questions]]\nid = "smartphone"',
            '\n[[domains]]\nid = "securite"\ntitle = { fr = "Sécurité", en = "Safety" }\n\n[[questions]]\nid = "smartphone"',
        ),
        13,
        '"securite"',
        "domain 'securite' has no scored question",
    ),
    (
        "domain-duplicate",
        edited(
            '\n[[questions]]\nid = "smartphone"',
            '\n[[domains]]\nid = "equipement"\ntitle = { fr = "Bis", en = "Bis" }\n\n[[questions]]\nid = "smartphone"',
        ),
        13,
        '"equipement"',
        "duplicate domain id 'equipement'",
    ),
    (
        "question-reserved",
        edited(
            'id = "smartphone"',
            'id = "score_total"',
            edited(
                "smartphone == 'oui'",
                "'appels' in usages",
                edited("'aucun' in usages", "'aucun' not in usages"),
            ),
        ),
        13,
        '"score_total"',
        "question id 'score_total' is reserved",
    ),
    (
        "question-duplicate",
        edited('id = "usages"', 'id = "smartphone"'),
        23,
        '"smartphone"',
        "duplicate question id 'smartphone'",
    ),
    (
        "question-type",
        edited('type = "single"', 'type = "singel"'),
        14,
        '"singel"',
        "unknown question type 'singel'; did you mean 'single'?",
    ),
    (
        "question-type-missing",
        edited('type = "single"\n', ""),
        12,
        "[[questions]]",
        "question 'smartphone': missing required key 'type'",
    ),
    (
        "question-domain",
        edited(
            'domain = "equipement"\nprompt = { fr = "Avez',
            'domain = "equipment"\nprompt = { fr = "Avez',
        ),
        15,
        '"equipment"',
        "names domain 'equipment', which is not defined; did you mean 'equipement'?",
    ),
    (
        "question-mode",
        edited('type = "single"', 'type = "single"\nmode = "observe"'),
        15,
        '"observe"',
        "'observe' is not allowed here; expected 'declared' or 'observed'; did you mean 'observed'?",
    ),
    (
        "question-key-of-other-type",
        edited('type = "single"', 'type = "single"\nmin = 1'),
        15,
        "min",
        "key 'min' does not belong to a question of type 'single'; 'min' is for number questions",
    ),
    (
        "options-too-few",
        edited('  { value = "non", label = { fr = "Non", en = "No" }, points = 0 },\n', ""),
        17,
        "[",
        "at least 2 items",
    ),
    (
        "option-duplicate",
        edited('{ value = "non"', '{ value = "oui"'),
        19,
        '"oui"',
        "duplicate option value in question 'smartphone' 'oui'",
    ),
    (
        "option-value",
        edited('{ value = "non"', '{ value = "Non !"'),
        19,
        '"Non !"',
        "'Non !' is not an identifier",
    ),
    (
        "option-exclusive-on-single",
        edited('en = "No" }, points = 0 }', 'en = "No" }, points = 0, exclusive = true }'),
        19,
        "exclusive",
        "key 'exclusive' is only for options of multiple questions",
    ),
    (
        "points-negative",
        edited("points = 2 }", "points = -2 }"),
        18,
        "-2",
        "expected a number of at least 0",
    ),
    ("points-nan", edited("points = 2 }", "points = nan }"), 18, "nan", "expected a finite number"),
    ("points-bool", edited("points = 2 }", "points = true }"), 18, "true", "expected a number"),
    (
        "points-missing",
        edited(", points = 2 }", " }"),
        18,
        "{ value",
        "option 'oui' of scored question 'smartphone' has no points",
    ),
    (
        "points-unscored",
        edited('domain = "equipement"\nprompt = { fr = "Avez', 'prompt = { fr = "Avez'),
        17,
        "points",
        "option 'oui' has points, but question 'smartphone' has no domain",
    ),
    (
        "zero-maximum",
        edited("points = 2 }", "points = 0 }"),
        17,
        "[",
        "scored question 'smartphone' can give at most 0 points",
    ),
    (
        "max-points-zero",
        edited("max_points = 2", "max_points = 0"),
        28,
        "0",
        "expected a number above 0",
    ),
    (
        "scored-number",
        with_questions(
            edited('type = "number"', 'type = "number"\ndomain = "equipement"', NUMBER_QUESTION)
        ),
        38,
        "domain",
        "a number question cannot be scored",
    ),
    (
        "number-bounds",
        with_questions(edited("max = 110", "max = 10", NUMBER_QUESTION)),
        40,
        "10",
        "question 'age' has max (10) below min (15)",
    ),
    (
        "number-options",
        with_questions(edited("max = 110", "max = 110\noptions = []", NUMBER_QUESTION)),
        41,
        "options",
        "key 'options' does not belong to a question of type 'number'; 'options' is for single, multiple questions",
    ),
    (
        "integer-type",
        with_questions(edited("max = 110", 'max = 110\ninteger = "oui"', NUMBER_QUESTION)),
        41,
        '"oui"',
        "expected true or false, found a string",
    ),
    (
        "text-max-length",
        with_questions(TEXT_QUESTION + "max_length = 0\n"),
        39,
        "0",
        "greater than or equal to 1",
    ),
    ("level-no-zero", edited("min = 0", "min = 5"), 35, "[[levels]]", "no level has min = 0"),
    (
        "level-duplicate-min",
        edited("min = 75", "min = 0"),
        42,
        "0",
        "level 'autonome' has min = 0, like level 'a_accompagner'",
    ),
    ("level-range", edited("min = 75", "min = 101"), 42, "101", "less than or equal to 100"),
    (
        "level-float",
        edited("min = 75", "min = 75.5"),
        42,
        "75.5",
        "expected an integer, found a float",
    ),
    (
        "advice-link",
        edited('audience = "person"', 'audience = "person"\nlink = "http://exemple.fr"'),
        50,
        '"http',
        "'http://exemple.fr' is not an https:// address",
    ),
    (
        "advice-audience",
        edited('audience = "person"', 'audience = "persons"'),
        49,
        '"persons"',
        "did you mean 'person'?",
    ),
    (
        "advice-when-missing",
        edited("when = \"score < 75 or 'aucun' in usages\"\n", ""),
        45,
        "[[advice]]",
        "advice 'atelier': missing required key 'when'",
    ),
    (
        "minutes",
        edited("format = 1", "format = 1\nestimated_minutes = 0"),
        3,
        "0",
        "greater than or equal to 1",
    ),
    # conditions (§2.2), located at the offending name inside the condition
    (
        "condition-syntax",
        edited("smartphone == 'oui'", "smartphone = 'oui'"),
        26,
        "= 'oui'",
        "syntax error in condition at character 12: unexpected '='; to compare, write '=='",
    ),
    (
        "condition-name",
        edited("smartphone == 'oui'", "smartfone == 'oui'"),
        26,
        "smartfone",
        "unknown name 'smartfone': no question has this id; did you mean 'smartphone'?",
    ),
    (
        "condition-later",
        edited("when = \"smartphone == 'oui'\"\n", "").replace(
            'type = "single"', 'type = "single"\nwhen = "\'appels\' in usages"'
        ),
        15,
        "usages",
        "'usages' is a question defined later in the file",
    ),
    (
        "condition-self",
        edited("smartphone == 'oui'", "'appels' in usages"),
        26,
        "usages",
        "'usages' is a question defined later in the file",
    ),
    (
        "condition-score-in-question",
        edited("smartphone == 'oui'", "score > 50"),
        26,
        "score",
        "'score' is a score name: it can be used in advice conditions only",
    ),
    (
        "condition-option",
        edited("smartphone == 'oui'", "smartphone == 'yes'"),
        26,
        "smartphone",
        "'yes' is not an option value of 'smartphone'; expected one of: non, oui",
    ),
    (
        "condition-multiple",
        edited("'aucun' in usages", "usages == 'aucun'"),
        47,
        "usages",
        "'usages' is a multiple-choice question; write 'value' in usages",
    ),
    (
        "condition-multiple-value",
        edited("'aucun' in usages", "'rien' in usages"),
        47,
        "usages",
        "'rien' is not an option value of 'usages'",
    ),
    (
        "condition-number-string",
        with_questions(NUMBER_QUESTION).replace("'aucun' in usages", "age == 'vieux'"),
        54,
        "age ==",
        "'age' is a number question and cannot be compared with a string",
    ),
    (
        "condition-text",
        with_questions(TEXT_QUESTION).replace("'aucun' in usages", "souhait == 'x'"),
        52,
        "souhait",
        "'souhait' is a text question and cannot be used in a condition",
    ),
    (
        "condition-advice-score-string",
        edited("score < 75", "score == 'bon'"),
        47,
        "score",
        "'score' is a score and cannot be compared with a string",
    ),
    (
        "condition-advice-level",
        edited("score < 75", "level == 'autonom'"),
        47,
        "level",
        "'autonom' is not a level id of 'level'; did you mean 'autonome'?",
    ),
    (
        "condition-advice-domain-level",
        edited("score < 75", "level_equipement == 'x'"),
        47,
        "level_equipement",
        "'x' is not a level id of 'level_equipement'",
    ),
    (
        "condition-advice-unknown-domain",
        edited("score < 75", "score_securite < 75"),
        47,
        "score_securite",
        "unknown name 'score_securite'",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "token", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_rule_is_a_located_finding(text: str, line: int, token: str, message: str) -> None:
    found = findings_of(text)
    matching = [finding for finding in found if message in f"{finding.message}; {finding.hint}"]
    assert matching, "\n".join(str(finding) for finding in found)
    finding = matching[0]
    assert (finding.line, finding.column) == position(text, line, token), str(finding)
    assert finding.file == "q.toml"


def test_the_edits_leave_the_rest_valid() -> None:
    """Each case above breaks one rule only: no unrelated finding hides in the table."""
    for case_id, text, _line, _token, message in CASES:
        found = findings_of(text)
        others = [f for f in found if message not in f"{f.message}; {f.hint}"]
        allowed = {"question-reserved", "question-duplicate", "level-no-zero", "text-max-length"}
        assert case_id in allowed or len(others) <= 1, (case_id, [str(f) for f in found])


def test_warnings_are_not_errors() -> None:
    result = load_bytes(edited("points = 2 }", "points = 0 }").encode(), "q.toml")
    assert [finding.severity for finding in result.findings] == [Severity.WARNING]
    assert result.questionnaire is not None


def test_every_finding_of_a_file_is_reported() -> None:
    text = edited("smartphone == 'oui'", "smartfone == 'oui'")
    text = edited("score < 75", "score < 75 oor", text)
    text = edited("min = 75", "min = 0", text)
    text = edited('domain = "equipement"\nwhen', 'domain = "equipment"\nwhen', text)
    messages = [finding.message for finding in findings_of(text)]
    assert len(messages) == 4, messages


def test_structural_errors_are_all_reported_together() -> None:
    text = edited('title = { fr = "Exemple"', 'titel = { fr = "Exemple"')
    text = edited('type = "single"', 'type = "singel"', text)
    text = edited("points = 2 }", "points = -2 }", text)
    codes = [finding.code for finding in findings_of(text)]
    assert len(codes) >= 3, codes


def test_findings_are_sorted_by_position() -> None:
    text = edited("min = 75", "min = 0", edited('version = "1.0.0"', 'version = "x"'))
    found = findings_of(text)
    assert [(f.line, f.column) for f in found] == sorted((f.line, f.column) for f in found)


def test_the_finding_reads_like_a_compiler_message() -> None:
    found = [
        str(f) for f in findings_of(edited('title = { fr = "Exemple"', 'titel = { fr = "Exemple"'))
    ]
    assert "q.toml:6:1: error: unknown key 'titel'; did you mean 'title'?" in found


def test_a_byte_order_mark_is_ignored() -> None:
    result = load_bytes(b"\xef\xbb\xbf" + BASE.encode(), "q.toml")
    assert result.findings == []
    text = edited('version = "1.0.0"', 'version = "1.0"')
    broken = load_bytes(b"\xef\xbb\xbf" + text.encode(), "q.toml")
    assert (broken.findings[0].line, broken.findings[0].column) == (4, 11)


def test_the_hash_ignores_formatting_and_comments() -> None:
    plain = load_bytes(BASE.encode(), "a.toml").sha256
    commented = load_bytes(("# a comment\n" + BASE.replace(" = ", "   =   ")).encode(), "b.toml")
    assert commented.sha256 == plain
    assert load_bytes(edited("points = 2 }", "points = 3 }").encode(), "c.toml").sha256 != plain


def test_invalid_utf8_is_located() -> None:
    data = BASE.encode().replace(b"Exemple", b"Ex\xe9mple", 1)
    finding = load_bytes(data, "q.toml").findings[0]
    assert (finding.line, finding.column, finding.code) == (6, 19, "encoding")
    assert "not valid UTF-8" in finding.message


def test_other_encodings_are_refused() -> None:
    finding = load_bytes(BASE.encode("utf-16"), "q.toml").findings[0]
    assert finding.code == "encoding"


def test_toml_syntax_errors_are_located() -> None:
    finding = findings_of(edited('id = "exemple"', 'id = "exemple'))[0]
    assert (finding.line, finding.code) == (3, "toml-syntax")
    assert finding.message.startswith("TOML syntax error: ")
    assert "(at line" not in finding.message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    finding = load_bytes(b"x = " + b"[" * 50_000 + b"]" * 50_000, "deep.toml").findings[0]
    # x is level 1, each '[' one more: the 32nd '[' (column 36) would be level 33.
    assert (finding.line, finding.column, finding.code) == (1, 36, "too-deep")


def test_oversized_files_are_refused() -> None:
    finding = load_bytes(b"#" * (MAX_FILE_BYTES + 1), "big.toml").findings[0]
    assert finding.code == "too-large"


def test_an_empty_file_lists_the_required_keys() -> None:
    messages = [finding.message for finding in findings_of("")]
    assert "missing required key 'format'" in messages
    assert "missing required key 'questions'" in messages


def test_one_language_files_may_use_plain_strings() -> None:
    text = BASE.replace('languages = ["fr", "en"]', 'languages = ["fr"]')
    import re

    text = re.sub(r'\{ fr = ("[^"]*"), en = "[^"]*" \}', r"\1", text)
    result = load_bytes(text.encode(), "fr.toml")
    assert result.findings == []
    assert result.questionnaire is not None
    assert result.questionnaire.text(result.questionnaire.title, "fr") == "Exemple"


def test_a_structural_error_does_not_hide_the_other_parts_problems() -> None:
    text = edited('type = "single"', 'type = "singel"')  # question 1 fails as a whole
    text = edited('{ fr = "Photos", en = "Photos" }', '{ fr = "Photos" }', text)
    text = edited("score < 75 or", "score < 75 oor", text)
    text = edited(
        'title = { fr = "Autonome", en = "Independent" }',
        'title = { fr = "", en = "Independent" }',
        text,
    )
    found = findings_of(text)
    assert [(f.line, f.code) for f in found] == [
        (14, "invalid-value"),
        (31, "text-language"),
        (43, "text-empty"),
        (47, "condition"),
    ], [str(f) for f in found]
