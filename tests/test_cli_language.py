"""The command line in its user's language: every help in French and in English, French
output without English words (checked on the catalogue and on what commands print),
Typer's own words translated, and the language chosen as documented."""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cli_runner import Outcome, run_cli
from prompt_toolkit.input import PipeInput
from typer.main import get_command

from bonsclics_cli import i18n
from bonsclics_cli.cli.app import COMMANDS, GROUP_EXAMPLES, app
from bonsclics_cli.cli.context import AppContext

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS / "store"))  # the data folder's helpers (sessions to list)
from store_helpers import make_sheet, store  # noqa: E402

# Every command the app has, however it was registered (not only those of COMMANDS).
NAMES = list(get_command(app).commands)  # type: ignore[attr-defined]
# And every command of a group (``structure init``), each help a user may ask for.
PATHS = [
    [name, *([sub] if sub else [])]
    for name, command in get_command(app).commands.items()  # type: ignore[attr-defined]
    for sub in (list(getattr(command, "commands", {})) or [None])
]

# Common English words that no French sentence uses. Options (--person), choices (text,
# json), ids and paths are code, and are left out of the words before the check.
_ENGLISH_WORDS = """
    the and of is are was not no with without this that these file files folder folders
    error errors warning warnings missing invalid usage shows exit try found could cannot
    please should must only each every which your you answer answers unfinished finished
    evaluated mean median erased nothing been has have there than from by be to at it its
    write print list check erase store keep kept don't know prefers
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
# Common French words that no English sentence uses.
_FRENCH_WORDS = """
    le la les des une du pour avec dans fichier fichiers dossier dossiers entretien
    entretiens aucun aucune erreur est sur pas ou et personne utilisation exemple
"""
FRENCH = frozenset(_FRENCH_WORDS.split())


def words(text: str) -> list[str]:
    """The words of ``text`` a reader reads: without options, paths, file names, ids."""
    found = []
    for token in text.replace("\u00a0", " ").split():
        core = token.strip(".,;:!?«»()[]{}<>|'\"“”*")
        if core.startswith("-") or any(mark in core for mark in "/\\_=@.|"):
            continue
        found += re.findall(r"[^\W\d_]+(?:'t)?", core.lower().replace("’", "'"))
    return found


def english_in(text: str) -> list[str]:
    return sorted({word for word in words(text) if word in ENGLISH})


def french_in(text: str) -> list[str]:
    return sorted({word for word in words(text) if word in FRENCH})


def test_the_word_checks_can_fail() -> None:
    # The checks below pass only if these do: a check that finds nothing proves nothing.
    assert english_in("Erreur : no such file or folder") == ["file", "folder", "no"]
    assert french_in("Error: aucun fichier") == ["aucun", "fichier"]
    assert english_in("bonsclics run --person AB12 -o /tmp/the_file.html") == []


# --- help -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], *PATHS], ids=["app", *map(" ".join, PATHS)])
def test_each_help_in_french_is_french(command: list[str]) -> None:
    result = run_cli(["--lang", "fr", *command, "--help"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout.replace("\u00a0", " ")
    assert out.startswith("Utilisation : bonsclics")
    assert "Options :" in out and "Afficher cette aide et quitter." in out
    assert english_in(out) == [], out
    for leak in ("Usage:", "<list[", "int range", "<str>", "<int>", "<path>", "{paths}", "{"):
        assert leak not in out, leak
    if command:
        assert "Exemple :" in out and f"bonsclics {command[0]}" in out.split("Exemple :")[1]
    # French spaces before ; : ? ! » never let a wrapped line start with them.
    cut = [line for line in out.splitlines() if line.strip()[:1] in {";", ":", "?", "!", "»"}]
    assert cut == [], cut


@pytest.mark.parametrize("command", [[], *PATHS], ids=["app", *map(" ".join, PATHS)])
def test_each_help_in_english_is_english(command: list[str]) -> None:
    result = run_cli(["--lang", "en", *command, "--help"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Usage: bonsclics")
    assert "Options:" in out and "Show this message and exit." in out
    assert french_in(out) == [], out
    for leak in ("<list[", "int range", "<str>", "<int>", "<path>", "{paths}", "{"):
        assert leak not in out, leak
    if command:
        assert "Example:" in out and f"bonsclics {command[0]}" in out.split("Example:")[1]


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("fr", ["Entretien :", "Comptes rendus :", "Données :", "Questionnaires :"]),
        ("en", ["Interview:", "Reports:", "Data:", "Questionnaires:"]),
    ],
)
def test_the_commands_are_listed_by_job_run_first_on_one_screen(
    language: str, headings: list[str]
) -> None:
    result = run_cli(["--lang", language, "--help"])
    lines = result.stdout.replace("\u00a0", " ").splitlines()
    assert len(lines) <= 40  # one laptop screen, at the 100 columns of the tests
    found = [line for line in lines if line in headings]
    assert found == headings
    first = lines[lines.index(headings[0]) + 1]
    assert first.split()[0] == "run"
    listed = [line.split()[0] for line in lines if line.startswith("  ") and line[2] != " "]
    assert set(NAMES) <= set(listed)


def test_every_command_has_a_job_a_help_and_an_example() -> None:
    # A command registered without them would show English help under a French heading.
    listed = {name: (job, help_text, examples) for name, _f, job, help_text, examples in COMMANDS}
    # a group of commands (``structure``) has its examples by command
    assert sorted([*listed, *GROUP_EXAMPLES]) == sorted(NAMES)
    assert all(GROUP_EXAMPLES.values())
    for job, help_text, examples in listed.values():
        assert job and help_text and examples


def test_a_wide_terminal_keeps_help_on_one_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert len(run_cli(["--lang", "fr", "--help"]).stdout.splitlines()) <= 45


# --- the language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "environ", "usage"),
    [
        (["--lang", "en"], {"BONSCLICS_LANG": "fr", "LANG": "fr_FR.UTF-8"}, "Usage:"),
        ([], {"BONSCLICS_LANG": "fr", "LANG": "en_US.UTF-8"}, "Utilisation :"),
        ([], {"LANG": "en_US.UTF-8"}, "Usage:"),
        ([], {"LANG": "fr_FR.UTF-8"}, "Utilisation :"),
        ([], {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "Usage:"),
        ([], {"LANG": "C.UTF-8"}, "Utilisation :"),  # French, the users' language
        (["--lang=fr"], {"LANG": "en_US.UTF-8"}, "Utilisation :"),
    ],
)
def test_the_language_comes_from_the_flag_then_the_variable_then_the_locale(
    monkeypatch: pytest.MonkeyPatch, flag: list[str], environ: dict[str, str], usage: str
) -> None:
    for name in ("BONSCLICS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    result = run_cli([*flag, "where", "--help"])
    assert result.stdout.replace("\u00a0", " ").startswith(usage)


def test_a_commands_own_lang_is_the_questionnaires_not_the_messages() -> None:
    # `show --lang en` shows the questionnaire in English; the tool still speaks French.
    result = run_cli(["--lang", "fr", "show", "autonomie-numerique", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert "Digital autonomy" in result.stdout or "E-mail and documents" in result.stdout
    assert "Domaines" in result.stdout


def test_the_context_and_the_catalogue_agree_on_the_language() -> None:
    context = AppContext(sys.stdout, sys.stderr, "fr")
    assert i18n.current_language() == "fr" == context.language
    context.language = "en"
    assert i18n.current_language() == "en" == context.language
    assert i18n._("Nothing erased.") == "Nothing erased."


def test_an_unknown_language_is_a_usage_error_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BONSCLICS_LANG", "fr")
    result = run_cli(["--lang", "de", "where"])
    assert result.exit_code == 2
    err = result.stderr.replace("\u00a0", " ")
    assert "Erreur : Valeur non valable pour '--lang' : 'de' n'est pas parmi 'fr', 'en'." in err


# --- Typer's own words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "french", "english"),
    [
        (["validate"], "Erreur : Argument manquant : 'FICHIER|DOSSIER'.", "Missing argument"),
        (["validate", "--bogus", "x"], "Erreur : Option inconnue : --bogus", "No such option"),
        (["nosuch"], "Erreur : Commande inconnue : 'nosuch'.", "No such command 'nosuch'."),
        (
            ["score", "-f", "bad", "x"],
            "Erreur : Valeur non valable pour '--format' / '-f' : 'bad' n'est pas parmi",
            "Invalid value for '--format' / '-f': 'bad' is not one of",
        ),
        (
            ["validate", "--max-words", "0", "x"],
            "la valeur doit être au moins 1",
            "the value must be at least 1",
        ),
        (["score", "--jobs", "x", "y"], "un nombre entier est attendu", "a whole number"),
        (["purge"], "Erreur : Option manquante : '--older-than'.", "Missing option"),
        (
            ["where", "extra"],
            "Erreur : Argument en trop : extra",
            "Unexpected extra argument: extra",
        ),
        (["scor"], "Commande inconnue : 'scor'. Vouliez-vous dire 'score' ?", "Did you mean"),
    ],
)
def test_usage_errors_are_in_the_users_language(args: list[str], french: str, english: str) -> None:
    told = run_cli(["--lang", "fr", *args])
    err = told.stderr.replace("\u00a0", " ")
    assert told.exit_code == 2
    assert french in err, err
    assert "Voir « bonsclics" in err and "--help » pour l'aide." in err
    assert err.startswith("Utilisation : bonsclics")
    assert english_in(err) == [], err
    in_english = run_cli(["--lang", "en", *args])
    assert in_english.exit_code == 2
    assert english in in_english.stderr and "Error: " in in_english.stderr
    assert "Try 'bonsclics" in in_english.stderr


@pytest.mark.parametrize(
    ("args", "french", "english"),
    [
        (["export", "--k"], "Erreur : L'option '--k' attend une valeur.", "needs a value"),
        (["validate", "--strict=1", "x"], "'--strict' ne prend pas de valeur", "takes no value"),
    ],
)
def test_a_misused_option_is_told_in_the_users_language(
    args: list[str], french: str, english: str
) -> None:
    told = run_cli(["--lang", "fr", *args])
    assert told.exit_code == 2
    assert french in told.stderr.replace("\u00a0", " ")
    assert english_in(told.stderr) == []
    in_english = run_cli(["--lang", "en", *args])
    assert in_english.exit_code == 2 and english in in_english.stderr


# --- no English in French: the catalogue, then what the commands print --------------------


def test_no_french_message_of_the_catalogue_holds_an_english_word() -> None:
    from babel.messages.pofile import read_po

    po = TESTS.parent / "src/bonsclics_cli/locale/fr/LC_MESSAGES/bonsclics.po"
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    leaks = {}
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            # Placeholders are filled with data, not words: {name}, {value!r}; what a
            # message quotes (« state », 'answers'), the key it starts with (answers :)
            # and the operators of a condition (not in) are the format's own words.
            bare = re.sub(r"\{[^}]*\}|«[^»]*»|'[^' ]*'|\bnot in\b", "", str(text))
            bare = re.sub(r"^[a-z_]+\s?:", "", bare)
            found = english_in(bare)
            if found:
                leaks[text] = found
    assert leaks == {}


PARIS = timezone(timedelta(hours=1))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder of three persons: one finished, one unfinished, one seen twice."""
    data = tmp_path / "data"
    store(make_sheet("BC-1", datetime(2026, 1, 10, 10, 0, tzinfo=PARIS), profile="low"), data)
    store(make_sheet("BC-1", datetime(2026, 3, 14, 10, 0, tzinfo=PARIS)), data)
    store(make_sheet("BC-2", datetime(2026, 6, 2, 10, 0, tzinfo=PARIS), complete=False), data)
    return data


def in_french(*args: str | Path) -> Outcome:
    return run_cli(["--lang", "fr", *args])


def check_french(result: Outcome) -> None:
    """What the user reads (stdout and stderr) holds no English word."""
    text = result.stdout + "\n" + result.stderr
    assert english_in(text) == [], text


def test_score_table_and_summary_in_french(folder: Path) -> None:
    table = in_french("score", folder / "sessions", "-f", "table")
    assert table.exit_code == 0, table.stderr
    assert "personne" in table.stdout and "à noter" in table.stdout
    assert "inachevé" in table.stdout and "autonomie-numerique 2.0.0" in table.stdout
    check_french(table)
    summary = in_french("score", folder / "sessions", "--summary", "-f", "table")
    assert "3 fichiers. Calculés : 3 ;" in summary.stdout.replace("\u00a0", " ")
    check_french(summary)


def test_history_persons_and_where_in_french(folder: Path) -> None:
    history = in_french("history", "BC-1")
    assert "BC-1 : 2 entretiens" in history.stdout.replace("\u00a0", " ")
    assert "10 janv. 2026" in history.stdout and "14 mars 2026" in history.stdout
    check_french(history)
    persons = in_french("persons")
    assert "┃ dernier " in persons.stdout and "inachevé" in persons.stdout
    check_french(persons)
    where = in_french("where")
    assert "Dossier des données" in where.stdout and "entretiens : 3" in where.stdout.replace(
        "\u00a0", " "
    )
    check_french(where)


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--since", "mars"],
        ["export", "--k", "3"],
        ["export", "--person", "BC-1", "--since", "2026-01-01"],
        ["export", "--delimiter", "ab"],
        ["history", "BC-NOBODY"],
        ["forget", "BC-NOBODY"],
        ["validate", "--bogus"],
        ["import", "nowhere"],
    ],
)
def test_errors_in_french(folder: Path, args: list[str]) -> None:
    result = in_french(*args)
    assert result.exit_code in {1, 2}
    assert result.stderr.replace("\u00a0", " ").splitlines()[-1].startswith("Erreur : ")
    check_french(result)


def test_validate_frames_its_findings_in_french(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nid = "x"\n', encoding="utf-8")
    result = in_french("validate", bad)
    assert result.exit_code == 1
    out = result.stdout.replace("\u00a0", " ")
    assert f"{bad}:" in out and ": erreur: " in out
    assert out.splitlines()[-1].startswith("1 fichier vérifié : ")
    check_french(result)


def test_the_interview_not_in_a_terminal_is_refused_in_french() -> None:
    result = in_french("run", "--person", "BC-1")
    assert result.exit_code == 2
    assert "pose ses questions dans un terminal" in result.stderr
    check_french(result)


def test_a_whole_interview_in_french_has_no_english_word(
    tmp_path: Path, terminal: PipeInput
) -> None:
    # informed, each answer, then the end: summary read, no note, no appointment, no page
    keys = ["", "1", "12", "1", "2", "54", "lire mes e-mails", "", "", "", "2"]
    terminal.send_text("".join(key + "\r" for key in keys))
    interview = TESTS / "interview" / "interview.toml"
    result = in_french("run", interview, "--person", "BC-TEST01", "--data-dir", tmp_path / "data")
    assert result.exit_code == 0, result.stderr
    assert "Niveau : À accompagner" in result.stdout.replace("\u00a0", " ")
    check_french(result)


def test_a_confirmation_is_asked_and_answered_in_the_users_language(folder: Path) -> None:
    refused = run_cli(["--lang", "fr", "forget", "BC-2"], input="n\n")
    assert "Les effacer ? [o/N]" in refused.stdout.replace("\u00a0", " ")
    assert refused.exit_code == 1 and "Rien n'a été effacé." in refused.stdout
    erased = run_cli(["--lang", "fr", "forget", "BC-2"], input="oui\n")
    assert erased.exit_code == 0, erased.stderr
    assert "1 fichier effacé sur BC-2." in erased.stdout
    assert not (folder / "sessions" / "BC-2").exists()
    in_english = run_cli(["--lang", "en", "forget", "BC-1"], input="y\n")
    assert "Erase them? [y/N]" in in_english.stdout and in_english.exit_code == 0


def test_lang_is_handed_to_the_processes_a_command_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A worker started afresh (spawn, on macOS and Windows) reads BONSCLICS_LANG.
    import os

    monkeypatch.setenv("BONSCLICS_LANG", "en")
    assert run_cli(["--lang", "fr", "where", "--path"]).exit_code == 0
    assert os.environ["BONSCLICS_LANG"] == "fr"
