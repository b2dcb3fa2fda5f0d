"""Answers files (docs/format.md §4): every way a file can be wrong, and the private writer."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scoring_helpers import RULES_TOML, document, questionnaire, sheet, write_questionnaire

from bonsclics_cli.answers.checks import check_answers_file, load_answers
from bonsclics_cli.answers.sheet import Answer, AnswerSheet, parse_sheet, save_sheet
from bonsclics_cli.errors import InvalidInputError
from bonsclics_cli.files import open_private, write_private
from bonsclics_cli.questionnaire.catalog import Catalog

RULES = questionnaire(RULES_TOML)
GOOD = {
    "connexion": "fibre",
    "wifi": "oui",
    "usages_courants": ["mails"],
    "mots_de_passe": "parfois",
    "age": 54,
    "remarque": "rien",
}


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog([write_questionnaire(tmp_path / "q", RULES_TOML)])


def good(**changes: Any) -> dict[str, Any]:
    doc = document(RULES, GOOD)
    doc.update(changes)
    return doc


def with_answer(key: str, entry: Any) -> dict[str, Any]:
    doc = good()
    doc["answers"][key] = entry
    return doc


def without(*path: str) -> dict[str, Any]:
    doc = good()
    target = doc
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return doc


def as_bytes(content: Any) -> bytes:
    if isinstance(content, bytes):
        return content
    return json.dumps(content, ensure_ascii=False).encode("utf-8")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# (name, file content, what the message must say)
BROKEN: list[tuple[str, Any, list[str]]] = [
    ("invalid JSON", b'{"format": 1, "questionnaire": ', ["f.json:1:32: invalid JSON"]),
    (
        "not UTF-8",
        as_bytes(good(person="BC-1")).replace(b"fibre", b"fibr\xe9"),
        ["not valid UTF-8"],
    ),
    ("UTF-16", json.dumps(good()).encode("utf-16"), ["not valid UTF-8 (byte 0)"]),
    ("a list, not an object", b"[1, 2]", ["expected a JSON object at the top level"]),
    ("format 2", good(format=2), ["unsupported format 2; this version reads format 1"]),
    ("format as text", good(format="1"), ["unsupported format '1'"]),
    ("format true", good(format=True), ["unsupported format true"]),
    ("format 1.0", good(format=1.0), ["unsupported format 1.0"]),
    ("no format", without("format"), ['missing "format"']),
    ("no questionnaire", without("questionnaire"), ['missing "questionnaire"']),
    ("no version", without("questionnaire", "version"), ['missing "questionnaire.version"']),
    (
        "questionnaire not an object",
        good(questionnaire="regles"),
        ['questionnaire: expected an object with "id", "version" and "sha256"'],
    ),
    (
        "bad sha256",
        good(questionnaire={"id": "regles", "version": "1.0.0", "sha256": "abc"}),
        ["questionnaire.sha256: expected 64 lowercase hexadecimal digits"],
    ),
    (
        "unknown questionnaire",
        good(questionnaire={"id": "inconnu", "version": "1.0.0", "sha256": "0" * 64}),
        ["no questionnaire 'inconnu' version '1.0.0' is available; add it with -q/--questionnaire"],
    ),
    (
        "unknown version",
        good(questionnaire={"id": "regles", "version": "2.0.0", "sha256": "0" * 64}),
        ["no questionnaire 'regles' version '2.0.0' is available; available version: 1.0.0"],
    ),
    ("unsafe person id", good(person="../../etc"), ["person: not a safe pseudonymous id"]),
    ("person id that is a name", good(person="Jean Dupont"), ["person: not a safe pseudonymous"]),
    ("person not a string", good(person=42), ["person: expected a string"]),
    ("no person", without("person"), ['missing "person"']),
    ("bad language", good(language="français"), ["language: not a language code"]),
    (
        "language not in the questionnaire",
        good(language="de"),
        ["language 'de' is not one of the questionnaire's (fr)"],
    ),
    (
        "time without offset",
        good(started_at="2026-11-29T10:15:00"),
        ["started_at: expected an ISO 8601 time with an offset"],
    ),
    (
        "time not a time",
        good(completed_at="hier"),
        ["completed_at: expected an ISO 8601 time with an offset (or null)"],
    ),
    ("no updated_at", without("updated_at"), ['missing "updated_at"']),
    (
        "answers not an object",
        good(answers=["connexion"]),
        ["answers: expected an object with one entry per question id"],
    ),
    (
        "unknown question",
        with_answer("wiffi", {"value": "oui"}),
        ["answer to unknown question 'wiffi'"],
    ),
    (
        "unknown option",
        with_answer("connexion", {"value": "adsl"}),
        ["question 'connexion': unknown option value 'adsl'"],
    ),
    (
        "unknown option in a list",
        with_answer("usages_courants", {"value": ["mails", "jeux"]}),
        ["question 'usages_courants': unknown option value 'jeux'"],
    ),
    (
        "option listed twice",
        with_answer("usages_courants", {"value": ["mails", "mails"]}),
        ["question 'usages_courants': an option value is listed twice"],
    ),
    (
        "exclusive option with another",
        with_answer("usages_courants", {"value": ["aucun", "mails"]}),
        ["question 'usages_courants': option 'aucun' excludes the other choices"],
    ),
    (
        "list for a single choice",
        with_answer("connexion", {"value": ["fibre"]}),
        ["question 'connexion': expected one option value (a string)"],
    ),
    (
        "text for a multiple choice",
        with_answer("usages_courants", {"value": "mails"}),
        ["question 'usages_courants': expected a list of option values"],
    ),
    (
        "above the maximum",
        with_answer("age", {"value": 130}),
        ["question 'age': 130 is above the maximum 120"],
    ),
    (
        "below the minimum",
        with_answer("age", {"value": 3}),
        ["question 'age': 3 is below the minimum 16"],
    ),
    (
        "not a whole number",
        with_answer("age", {"value": 54.5}),
        ["question 'age': expected a whole number, got 54.5"],
    ),
    (
        "text for a number",
        with_answer("age", {"value": "54"}),
        ["question 'age': expected a number"],
    ),
    (
        "a bool",
        with_answer("age", {"value": True}),
        ["question 'age': \"value\": expected an option value (a string), a list"],
    ),
    (
        "a number too large for a float",
        as_bytes(good()).replace(b'"value": 54', b'"value": 1e400'),
        ["question 'age': \"value\": expected a finite number"],
    ),
    (
        "NaN",
        as_bytes(good()).replace(b'"value": 54', b'"value": NaN'),
        ["invalid JSON: NaN is not a number JSON allows"],
    ),
    (
        "an integer of 5000 digits",
        as_bytes(good()).replace(b'"value": 54', b'"value": ' + b"9" * 5000),
        ["invalid JSON", "digits"],
    ),
    (
        "text too long",
        with_answer("remarque", {"value": "x" * 21}),
        ["question 'remarque': the text is longer than 20 characters"],
    ),
    (
        "value and state",
        with_answer("connexion", {"value": "fibre", "state": "declined"}),
        ['question \'connexion\': an answer needs exactly one of "value" or "state"'],
    ),
    (
        "neither value nor state",
        with_answer("connexion", {}),
        ['question \'connexion\': an answer needs exactly one of "value" or "state"'],
    ),
    (
        "null value",
        with_answer("connexion", {"value": None}),
        ['question \'connexion\': "value" must not be null; use "state" for no answer'],
    ),
    (
        "unknown state",
        with_answer("connexion", {"state": "skipped"}),
        ['question \'connexion\': "state": expected "dont_know" or "declined", not \'skipped\''],
    ),
    (
        "unknown key in an answer",
        with_answer("connexion", {"value": "fibre", "note": "x"}),
        ["question 'connexion': unknown key 'note'"],
    ),
    (
        "answer not an object",
        with_answer("connexion", "fibre"),
        ['question \'connexion\': expected an object with "value" or "state"'],
    ),
    (
        "deep nesting in a kept key",
        f'{{"format": 1, "x": {nested(40)}}}'.encode(),
        ["nested more than 32 levels deep"],
    ),
    (
        "nesting deeper than Python's stack",
        b'{"format": 1, "x": ' + nested(100_000).encode() + b"}",
        ["nested more than 32 levels deep"],
    ),
    (
        "a lone surrogate",
        as_bytes(good()).replace(b'"rien"', b'"\\ud800"'),
        ["a \\u escape stands for half a character"],
    ),
    (
        "control characters in an id",
        with_answer("\x1b[31mrouge", {"value": "oui"}),
        ["answer to unknown question '\\u001b[31mrouge'"],
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_a_broken_file_is_refused_with_a_message_naming_it(
    tmp_path: Path, catalog: Catalog, content: Any, expected: list[str]
) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(as_bytes(content))
    with pytest.raises(InvalidInputError) as loading:
        load_answers(path, catalog, display="f.json")
    message = str(loading.value)
    assert message.startswith("f.json")
    for part in expected:
        assert part in message
    assert "\x1b" not in message and "Jean Dupont" not in message
    # Batch scoring reads the same file the same way and says the same thing.
    with pytest.raises(InvalidInputError) as checking:
        check_answers_file(path, catalog, display="f.json")
    assert str(checking.value) == message


def test_a_file_over_the_size_cap_is_refused_before_it_is_parsed(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b" " * (10 * 1024 * 1024) + as_bytes(good()))
    with pytest.raises(InvalidInputError, match=r"f\.json: the file is larger than 10 MB"):
        load_answers(path, catalog, display="f.json")


def test_an_unreadable_path_is_named(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(InvalidInputError, match="cannot read the file"):
        check_answers_file(tmp_path / "missing.json", catalog)


def test_several_problems_are_all_named_up_to_five(tmp_path: Path, catalog: Catalog) -> None:
    doc = good()
    for number in range(8):
        doc["answers"][f"inconnue_{number}"] = {"value": "x"}
    path = tmp_path / "f.json"
    path.write_bytes(as_bytes(doc))
    with pytest.raises(InvalidInputError) as raised:
        load_answers(path, catalog)
    message = str(raised.value)
    assert "inconnue_0" in message and "inconnue_4" in message and "(and 3 more)" in message


def test_a_utf8_bom_and_unknown_top_level_keys_are_accepted(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"\xef\xbb\xbf" + as_bytes(good(informed_at="2026-11-29T10:14:00+01:00")))
    loaded = load_answers(path, catalog)
    assert loaded.sheet.model_extra == {"informed_at": "2026-11-29T10:14:00+01:00"}
    assert loaded.warnings  # the helper's sha256 is zeros: a changed questionnaire


def test_a_changed_questionnaire_is_a_warning_and_scoring_goes_on(
    tmp_path: Path, catalog: Catalog
) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(as_bytes(good()))
    loaded = load_answers(path, catalog, display="f.json")
    (warning,) = loaded.warnings
    assert warning.startswith("f.json: questionnaire 'regles' 1.0.0 has changed")
    checked = check_answers_file(path, catalog, display="f.json")
    assert checked.warnings == loaded.warnings
    entry = catalog.find("regles")
    assert entry is not None
    path.write_bytes(
        as_bytes(good(questionnaire={"id": "regles", "version": "1.0.0", "sha256": entry.sha256}))
    )
    assert load_answers(path, catalog).warnings == ()


def test_parse_sheet_reads_what_save_sheet_writes(tmp_path: Path) -> None:
    one = sheet(RULES, GOOD, complete=False)
    one = one.model_copy(update={"answers": {**one.answers, "wifi": Answer.stated("declined")}})
    path = tmp_path / "deep" / "er" / "f.json"
    save_sheet(one, path)
    again = parse_sheet(path.read_bytes(), str(path))
    assert again == one
    assert json.loads(path.read_text(encoding="utf-8"))["answers"]["wifi"] == {"state": "declined"}


def test_the_writer_is_atomic_and_private(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    write_private(path, "first\n")
    write_private(path, "second\n")
    assert path.read_text(encoding="utf-8") == "second\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temporary file left


def test_a_failed_streamed_write_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), open_private(path) as stream:
        stream.write("new, half written")
        raise RuntimeError("disk full")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    with open_private(path) as stream:
        stream.write("new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize(
    "make",
    [
        lambda: Answer(),
        lambda: Answer(value="a", state="declined"),
        lambda: Answer(value=None),
        lambda: Answer(value=True),
        lambda: Answer(value=float("nan")),
        lambda: Answer(state="skipped"),  # type: ignore[arg-type]
    ],
)
def test_an_answer_is_a_value_or_a_state(make: Callable[[], Answer]) -> None:
    with pytest.raises(ValueError, match=r"value|state"):
        make()


def test_the_model_refuses_an_unsafe_person_id() -> None:
    with pytest.raises(ValueError, match="person"):
        AnswerSheet.model_validate(
            {**sheet(RULES, {}).model_dump(), "person": "../etc"}, strict=False
        )
