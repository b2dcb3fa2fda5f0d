"""The structure's profile: the template, located errors, hostile files, init/show/validate."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import Outcome, run_cli

from bonsclics_cli.cli.structure import KIND_WORDS
from bonsclics_cli.structure.loader import (
    MAX_FILE_BYTES,
    StructureError,
    load_bytes,
    load_structure,
    template,
)
from bonsclics_cli.structure.locate import STRUCTURE_VARIABLE, locate
from bonsclics_cli.structure.model import OFFER_KINDS

GOOD = """\
format = 1

[structure]
name = "Centre social"
phone = "04 72 00 00 00"

[[offers]]
id = "atelier"
kind = "workshop"
title = "Atelier du mardi"
advice = ["premiers_pas"]
"""


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English, whatever the machine's language."""
    from bonsclics_cli import i18n

    before = i18n.current_language()
    monkeypatch.setenv("BONSCLICS_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def invoke(*args: str) -> Outcome:
    return run_cli(list(args))


def findings(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [str(finding) for finding in load_bytes(data, "s.toml").findings]


def test_the_template_is_a_valid_structure_in_french() -> None:
    result = load_bytes(template().encode("utf-8"), "structure.toml")
    assert result.findings == []
    assert result.structure is not None
    assert result.structure.structure.name == "Centre social des Tilleuls"
    kinds = {offer.kind for offer in result.structure.offers}
    assert kinds == {"workshop", "permanence", "aidants_connect", "equipment"}
    assert template().startswith("# Profil de la structure")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('name = "Centre social"', 'nme = "Centre social"'),
            "s.toml:4:1: error: structure.nme: unknown key 'nme'; did you mean 'name'?",
        ),
        (
            ('name = "Centre social"', 'nom = "Centre social"'),
            "s.toml:3:1: error: structure.name: missing required key",
        ),
        (
            ('phone = "04 72 00 00 00"', 'phone = "appelez-nous"'),
            "s.toml:5:9: error: structure.phone: 'appelez-nous' is not",
        ),
        (
            ('kind = "workshop"', 'kind = "atelier"'),
            "s.toml:9:8: error: offer 'atelier': kind: 'atelier' is not one of: workshop, permanence, aidants_connect, equipment",
        ),
        (
            ('advice = ["premiers_pas"]', "advice = []"),
            "s.toml:11:10: error: offer 'atelier': advice:",
        ),
        (
            ('title = "Atelier du mardi"', "title = 3"),
            "s.toml:10:9: error: offer 'atelier': title:",
        ),
        (
            ('title = "Atelier du mardi"', 'title = ""'),
            "s.toml:10:9: error: offer 'atelier': title:",
        ),
        (("format = 1", "format = 2"), "s.toml:1:10: error: format:"),
        (('phone = "04 72 00 00 00"', 'phone = "04'), "s.toml:5:12: error: TOML syntax error"),
    ],
)
def test_each_defect_is_located(change: tuple[str, str], expected: str) -> None:
    found = findings(GOOD.replace(*change))
    assert any(line.startswith(expected) for line in found), found


def test_a_toml_syntax_error_is_said_in_french_as_for_a_questionnaire() -> None:
    from bonsclics_cli import i18n

    i18n.set_language("fr")  # the suite's autouse fixture puts English back afterwards
    found = findings(GOOD.replace('phone = "04 72 00 00 00"', "phone = "))
    assert found == ["s.toml:5:9: erreur: erreur de syntaxe TOML : valeur non valide"]


def test_two_offers_with_one_id_are_refused_at_the_second() -> None:
    twice = GOOD + GOOD[GOOD.index("[[offers]]") :]
    assert findings(twice) == [
        "s.toml:13:6: error: offers: two offers have the id 'atelier'; give each its own"
    ]


# --- hostile files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "character",
    ["\\u0007", "\\u001b", "\\u202e", "\\u0000", "\\t"],
    ids=["bell", "esc", "bidi", "nul", "tab"],
)
def test_control_and_bidi_characters_are_refused_where_they_are(character: str) -> None:
    found = findings(GOOD.replace('title = "Atelier du mardi"', f'title = "Atelier{character}"'))
    assert len(found) == 1 and found[0].startswith("s.toml:10:9: error: offer 'atelier': title:")
    assert "U+" in found[0]


def test_a_huge_file_is_refused_before_it_is_parsed() -> None:
    huge = GOOD + "# " + "x" * MAX_FILE_BYTES + "\n"
    assert findings(huge) == ["s.toml:1:1: error: " + findings(huge)[0].split("error: ")[1]]
    assert "256" in findings(huge)[0]


def test_a_huge_text_and_too_many_offers_are_refused() -> None:
    long_title = GOOD.replace("Atelier du mardi", "A" * 5000)
    assert "5000" in findings(long_title)[0]
    offers = GOOD[GOOD.index("[[offers]]") :]
    many = GOOD + "".join(offers.replace('"atelier"', f'"a{n}"', 1) for n in range(60))
    assert any("at most 40" in line for line in findings(many))


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe not utf-8", b"a = [" * 100 + b"]" * 100, b"[structure\nname = 1"],
    ids=["encoding", "nesting", "syntax"],
)
def test_broken_bytes_are_one_located_error(data: bytes) -> None:
    found = findings(data)
    assert len(found) == 1 and found[0].startswith("s.toml:") and ": error: " in found[0]


def test_markup_and_scripts_are_kept_as_text_and_escaped_on_the_page() -> None:
    hostile = GOOD.replace(
        'title = "Atelier du mardi"',
        "title = \"<script>alert('x')</script><img src=x onerror=alert(1)>\"\n"
        'place = "[/bold] =HYPERLINK(\\"https://evil.example\\") <b>gras</b>"',
    ).replace('name = "Centre social"', 'name = "<style>body{display:none}</style>"')
    result = load_bytes(hostile.encode("utf-8"), "s.toml")
    assert result.structure is not None, result.findings
    from bonsclics_cli.reports.person_page import structure_lines

    lines = structure_lines(result.structure, "fr")
    assert lines is not None and lines.name == "<style>body{display:none}</style>"


def test_load_structure_raises_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        GOOD.replace('kind = "workshop"', 'kind = "x"').replace("format = 1", "format = 9")
    )
    with pytest.raises(StructureError) as raised:
        load_structure(path)
    assert len(raised.value.findings) == 2 and raised.value.exit_code == 1


# --- where the file comes from ---------------------------------------------------------------


def test_the_flag_then_the_variable_then_the_per_user_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(STRUCTURE_VARIABLE, raising=False)
    assert locate(None) is None  # nothing set up: the pages print no structure
    if sys.platform.startswith("linux"):
        mine = tmp_path / "config" / "bonsclics" / "structure.toml"
        mine.parent.mkdir(parents=True)
        mine.write_text(GOOD)
        assert locate(None) == mine
    assert locate(None, {STRUCTURE_VARIABLE: "/env.toml"}) == Path("/env.toml")
    assert locate(Path("flag.toml"), {STRUCTURE_VARIABLE: "/env.toml"}) == Path("flag.toml")


# --- the commands ----------------------------------------------------------------------------


def test_init_writes_the_template_privately_and_never_over_a_file(tmp_path: Path) -> None:
    target = tmp_path / "conf" / "structure.toml"
    result = invoke("structure", "init", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert target.read_text(encoding="utf-8") == template()
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    again = invoke("structure", "init", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert invoke("structure", "init", str(target), "--force").exit_code == 0


def test_show_prints_the_profile_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.toml"
    path.write_text(GOOD.replace("Atelier du mardi", "Atelier \\u001b[31m <b>rouge</b>"))
    monkeypatch.setenv(STRUCTURE_VARIABLE, str(path))
    result = invoke("structure", "show")
    assert result.exit_code == 1  # the escape character is refused, located
    assert f"{path}:10:9" in result.stderr
    path.write_text(GOOD.replace("Atelier du mardi", "Atelier <b>rouge</b>"))
    result = invoke("structure", "show")
    assert result.exit_code == 0, result.stderr
    assert "Centre social" in result.stdout and "[atelier] Atelier <b>rouge</b>" in result.stdout
    assert "premiers_pas" in result.stdout


def test_show_says_an_offers_kind_in_words_of_the_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, french: None
) -> None:
    path = tmp_path / "s.toml"
    path.write_text(GOOD)
    monkeypatch.setenv(STRUCTURE_VARIABLE, str(path))
    result = invoke("structure", "show")
    assert result.exit_code == 0, result.stderr
    assert "[atelier] Atelier du mardi (atelier)" in result.stdout
    assert "(workshop)" not in result.stdout
    assert set(KIND_WORDS) == set(OFFER_KINDS)  # a new kind gets its words


def test_show_without_a_profile_and_with_a_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "empty"))
    monkeypatch.delenv(STRUCTURE_VARIABLE, raising=False)
    result = invoke("structure", "show")
    assert result.exit_code == 2 and "structure init" in result.stderr
    missing = invoke("structure", "show", "--structure", str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2 and "nope.toml" in missing.stderr


def test_validate_checks_structures_and_warns_on_an_unknown_advice_naming_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "structure.toml"
    path.write_text(
        GOOD.replace('["premiers_pas"]', '["premiers_pas", "premier_pas", "mon_conseil"]')
    )
    result = invoke("validate", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["errors"] == 0 and document["warnings"] == 2
    first, second = document["findings"]
    assert (first["file"], first["line"], first["column"]) == (str(path), 11, 27)
    assert first["code"] == "unknown-advice" and "premier_pas" in first["message"]
    assert "premiers_pas" in first["hint"]  # did you mean
    assert "autonomie-numerique" in first["message"]  # the questionnaires it was checked against
    assert "mon_conseil" in second["message"]
    assert invoke("validate", str(path), "--strict").exit_code == 1


def test_validate_knows_the_advice_of_questionnaires_given_with_it_or_with_q(
    tmp_path: Path,
) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    path = tmp_path / "structure.toml"
    path.write_text(GOOD.replace('["premiers_pas"]', '["atelier"]'))
    alone = invoke("validate", str(path))
    assert alone.exit_code == 0
    assert "warning: offer 'atelier': no questionnaire has the advice 'atelier'" in alone.stdout
    with_q = invoke("validate", str(path), "-q", str(fixtures / "minimal.toml"))
    together = invoke("validate", str(path), str(fixtures / "minimal.toml"))
    for result in (with_q, together):
        assert result.exit_code == 0
        assert "warning" not in result.stdout.lower() and "avertissement" not in result.stdout


def test_validate_reports_structure_errors_located(tmp_path: Path) -> None:
    path = tmp_path / "structure.toml"
    path.write_text(GOOD.replace('kind = "workshop"', 'kind = "cours"'))
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:9:8: error: offer 'atelier': kind: 'cours'" in result.stdout
