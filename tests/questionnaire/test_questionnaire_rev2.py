"""Revision 2 of the format in the loader: preparation, requires, domain_levels, level_<d> names.

Each case edits the valid ``tests/fixtures/preuves.toml`` in one place and asserts the
line and column of the finding and its message, as an author reads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bonsclics_cli.questionnaire.findings import Finding, Severity
from bonsclics_cli.questionnaire.loader import load_bytes
from bonsclics_cli.questionnaire.schema import schema_json

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "tests" / "fixtures" / "preuves.toml").read_text(encoding="utf-8")
AUTONOME_REQUIRES = "requires = \"obs_email == 'seul' and obs_demarche == 'seul'\""


def edited(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"the edit must be unambiguous: {old!r}"
    return BASE.replace(old, new)


def findings_of(text: str) -> list[Finding]:
    return load_bytes(text.encode("utf-8"), "q.toml").findings


def line_of(text: str, token: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(token, start)].count("\n") + 1


# (name, text, line, token on that line, message)
CASES: list[tuple[str, str, int, str, str]] = [
    (
        "requires on the lowest level",
        edited(
            'min = 0\ntitle = { fr = "À accompagner"',
            'min = 0\nrequires = "score > 10"\ntitle = { fr = "À accompagner"',
        ),
        80,
        "requires",
        "level 'a_accompagner' has min = 0 and a requirement",
    ),
    (
        "requires may not use level",
        edited(AUTONOME_REQUIRES, "requires = \"level == 'avec_guidage'\""),
        97,
        "level ==",
        "'level' is the overall level, which requires decides",
    ),
    (
        "requires names an unknown question, with a hint",
        edited(AUTONOME_REQUIRES, "requires = \"obs_emial == 'seul'\""),
        97,
        "obs_emial",
        "did you mean 'obs_email'?",
    ),
    (
        "requires compares an option value that does not exist",
        edited(AUTONOME_REQUIRES, "requires = \"obs_email == 'seule'\""),
        97,
        "obs_email",  # a comparison is located at its name
        "'seule' is not an option value of 'obs_email'; did you mean 'seul'?",
    ),
    (
        "requires with a syntax error",
        edited(AUTONOME_REQUIRES, "requires = \"obs_email = 'seul'\""),
        97,
        "= 'seul'",
        "to compare, write '=='",
    ),
    (
        "level_<d> is compared with the domain scale's ids",
        edited(
            "when = \"level_email in ['a_decouvrir', 'en_cours']\"",
            "when = \"level_email == 'autonome'\"",
        ),
        116,
        "level_email",
        "'autonome' is not a level id of 'level_email'; expected one of: a_decouvrir, acquis, en_cours",
    ),
    (
        "level_<d> in requires uses the domain scale too",
        edited(AUTONOME_REQUIRES, "requires = \"level_email == 'acquiss'\""),
        97,
        "level_email",
        "did you mean 'acquis'?",
    ),
    (
        "requires is not for domain levels",
        edited('id = "en_cours"\nmin = 40', 'id = "en_cours"\nrequires = "score > 1"\nmin = 40'),
        106,
        "requires",
        "key 'requires' is only for overall levels",
    ),
    (
        "domain levels need a band from 0",
        edited('id = "a_decouvrir"\nmin = 0', 'id = "a_decouvrir"\nmin = 5'),
        99,
        "[[domain_levels]]",
        "no domain level has min = 0",
    ),
    (
        "domain levels need their own min",
        edited('id = "acquis"\nmin = 75', 'id = "acquis"\nmin = 40'),
        111,
        "40",
        "level 'acquis' has min = 40, like level 'en_cours'",
    ),
    (
        "domain level ids are unique",
        edited('id = "acquis"\nmin = 75', 'id = "en_cours"\nmin = 75'),
        110,
        '"en_cours"',
        "duplicate domain level id 'en_cours'",
    ),
    (
        "a domain level's title in every language",
        edited('title = { fr = "Acquis", en = "Acquired" }', 'title = { fr = "Acquis" }'),
        112,
        "{",  # a text is located at its value
        "the title of domain level 'acquis' has no 'en' text",
    ),
    (
        "preparation in every language",
        edited(
            'preparation = { fr = "Ayez un document d\'exemple.", en = "Have a sample document at hand." }',
            'preparation = { fr = "Ayez un document d\'exemple." }',
        ),
        7,
        "{",
        "the preparation of the questionnaire has no 'en' text",
    ),
    (
        "preparation is a text",
        edited(
            'preparation = { fr = "Ayez un document d\'exemple.", en = "Have a sample document at hand." }',
            "preparation = 3",
        ),
        7,
        "3",
        "expected a text",
    ),
    (
        "a misspelt key of a level gets a hint",
        edited(AUTONOME_REQUIRES, AUTONOME_REQUIRES.replace("requires", "require")),
        97,
        "require",
        "did you mean 'requires'?",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "token", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_revision_2_rule_is_a_located_error(
    text: str, line: int, token: str, message: str
) -> None:
    found = findings_of(text)
    matching = [f for f in found if message in f"{f.message}; {f.hint}"]
    assert matching, "\n".join(str(finding) for finding in found)
    finding = matching[0]
    line_text = text.splitlines()[line - 1]
    assert token in line_text, f"{token!r} is not on line {line}: {line_text!r}"
    assert (finding.line, finding.column) == (line, line_text.index(token) + 1), str(finding)
    assert finding.severity is Severity.ERROR


def test_the_fixture_and_the_bundled_questionnaires_are_valid_without_a_warning() -> None:
    assert findings_of(BASE) == []
    for path in sorted((ROOT / "questionnaires").glob("*.toml")):
        result = load_bytes(path.read_bytes(), path.name)
        assert result.findings == [], [str(f) for f in result.findings]


def test_a_revision_1_file_stays_valid_and_uses_its_levels_for_domains() -> None:
    minimal = (ROOT / "tests" / "fixtures" / "minimal.toml").read_text(encoding="utf-8")
    result = load_bytes(minimal.encode("utf-8"), "minimal.toml")
    assert result.findings == [] and result.questionnaire is not None
    q = result.questionnaire
    assert q.preparation is None and q.domain_levels is None
    assert list(q.domain_scale) == list(q.levels)


def test_the_schema_describes_the_new_keys() -> None:
    schema = schema_json()
    for key in ('"preparation"', '"requires"', '"domain_levels"'):
        assert key in schema
    committed = (ROOT / "schema" / "questionnaire.schema.json").read_text(encoding="utf-8")
    assert committed == schema
