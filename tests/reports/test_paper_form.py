"""The printable blank form (``bonsclics paper``): what it says, in which language."""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli

from bonsclics_cli import i18n
from bonsclics_cli.questionnaire.catalog import Catalog
from bonsclics_cli.questionnaire.loader import load_file
from bonsclics_cli.reports.paper import PaperForm, paper_form, render_paper


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tool's messages in English, whatever the machine's locale."""
    monkeypatch.setenv("BONSCLICS_LANG", "en")
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


CONDITIONS = """\
format = 1
id = "formulaire-test"
version = "1.0.0"
languages = ["fr", "en"]
title = { fr = "Formulaire de test", en = "Test form" }
intro = { fr = "Seul un numéro est gardé.", en = "Only a number is kept." }

[[domains]]
id = "usages"
title = { fr = "Usages", en = "Use" }

[[questions]]
id = "smartphone"
type = "single"
domain = "usages"
prompt = { fr = "Avez-vous un smartphone ?", en = "Do you have a smartphone?" }
options = [
  { value = "oui", label = { fr = "Oui", en = "Yes" }, points = 1 },
  { value = "non", label = { fr = "Non", en = "No" }, points = 0 },
]

[[questions]]
id = "usages_tel"
type = "multiple"
domain = "usages"
when = "smartphone == 'oui'"
prompt = { fr = "Que faites-vous avec ?", en = "What do you use it for?" }
options = [
  { value = "appels", label = { fr = "Appeler", en = "Calls" }, points = 1 },
  { value = "photos", label = { fr = "Photos", en = "Photos" }, points = 1 },
  { value = "aucun", label = { fr = "Rien de cela", en = "None of these" }, points = 0, exclusive = true },
]

[[questions]]
id = "age"
type = "number"
prompt = { fr = "Quel âge avez-vous ?", en = "How old are you?" }
min = 15
max = 120
unit = { fr = "ans", en = "years" }

[[questions]]
id = "aide"
type = "single"
when = "not (age >= 60 and 'photos' in usages_tel)"
prompt = { fr = "Qui vous aide ?", en = "Who helps you?" }
options = [
  { value = "personne", label = { fr = "Personne", en = "Nobody" } },
  { value = "proche", label = { fr = "Un proche", en = "A relative" } },
]

[[questions]]
id = "obs_photo"
type = "single"
domain = "usages"
mode = "observed"
help = { fr = "Tendez le téléphone et demandez une photo du document.", en = "Hand over the phone and ask for a photo of the document." }
prompt = { fr = "Prendre un document en photo.", en = "Take a photo of a document." }
options = [
  { value = "seul", label = { fr = "Réussi sans aide", en = "Done without help" }, points = 2 },
  { value = "echec", label = { fr = "Pas réussi", en = "Not done" }, points = 0 },
]

[[questions]]
id = "envie"
type = "text"
max_length = 200
prompt = { fr = "Qu'aimeriez-vous apprendre ?", en = "What would you like to learn?" }

[[levels]]
id = "debut"
min = 0
title = { fr = "Début", en = "Beginning" }
"""


@pytest.fixture
def form_file(tmp_path: Path) -> Path:
    path = tmp_path / "formulaire-test.toml"
    path.write_text(CONDITIONS, encoding="utf-8")
    return path


def _form(path: Path, language: str) -> PaperForm:
    loaded = load_file(path)
    assert loaded.questionnaire is not None and loaded.sha256 is not None
    return paper_form(loaded.questionnaire, loaded.sha256, language)


def _spaced(text: str) -> str:
    """French punctuation's non-breaking spaces as plain ones, to compare texts."""
    return text.replace("\u00a0", " ")


def test_french_never_breaks_a_line_before_a_question_mark(form_file: Path) -> None:
    form = _form(form_file, "fr")
    assert form.questions[0].prompt == "Avez-vous un smartphone\u00a0?"
    assert form.questions[0].go_to[0].startswith("Si vous avez répondu «\u00a0Non\u00a0»")
    assert _form(form_file, "en").questions[0].prompt == "Do you have a smartphone?"


def test_conditions_are_said_in_words_with_the_paper_numbers(form_file: Path) -> None:
    questions = {q.id: q for q in _form(form_file, "fr").questions}
    assert tuple(map(_spaced, questions["smartphone"].go_to)) == (
        "Si vous avez répondu « Non », « Je ne sais pas » ou « Je ne souhaite pas répondre », "
        "passez à la question 3.",
    )
    assert _spaced(questions["usages_tel"].only_if) == (
        "Seulement si vous avez répondu « Oui » à la question 1."
    )
    # not (a and b) is said as its own sentence: "skip this question if a and b"
    assert _spaced(questions["aide"].only_if) == (
        "Passez cette question si votre réponse à la question 3 est au moins 60 "
        "et vous avez coché « Photos » à la question 2."
    )
    assert questions["age"].bounds == "Entre 15 et 120."
    assert questions["age"].only_if == "" and questions["age"].go_to == ()


def test_the_form_follows_the_questionnaires_language(form_file: Path) -> None:
    english = {q.id: q for q in _form(form_file, "en").questions}
    assert english["usages_tel"].only_if == "Only if you answered “Yes” to question 1."
    assert english["smartphone"].dont_know == "I don't know"
    html = html_text.unescape(render_paper(_form(form_file, "en")))
    assert '<html lang="en">' in html
    assert "Person's number:" in html and "I agree to answer." in html
    assert "Numéro de la personne" not in html


def test_every_question_is_a_block_with_boxes_lines_and_the_two_ways_out(form_file: Path) -> None:
    html = _spaced(html_text.unescape(render_paper(_form(form_file, "fr"))))
    blocks = re.findall(r'<section class="question" id="q(\d+)">(.*?)</section>', html, re.S)
    assert [number for number, _ in blocks] == ["1", "2", "3", "4", "5", "6"]
    for _number, block in blocks:
        assert "Je ne sais pas" in block or "dit ne pas savoir faire" in block
    by_number = dict(blocks)
    assert by_number["1"].count('class="box round"') == 2 + 2  # two options, two states
    assert by_number["2"].count('class="box"') == 3 + 2
    assert "Plusieurs réponses possibles." in by_number["2"]
    assert 'class="number-line"' in by_number["3"] and "ans" in by_number["3"]
    assert by_number["6"].count('class="write-line"') == 3  # 200 characters
    assert "Numéro de la personne :" in html
    assert "J'ai lu ce texte, ou on me l'a lu. J'accepte de répondre." in html
    assert "Seul un numéro est gardé." in html  # the intro, above the consent line


def test_an_observed_task_stands_in_a_frame_for_the_professional_with_its_instructions(
    form_file: Path,
) -> None:
    html = _spaced(render_paper(_form(form_file, "fr")))
    block = re.search(r'id="q5">(.*?)</section>', html, re.S)
    assert block is not None
    frame = block[1]
    assert '<div class="professional">' in frame and "Réservé au professionnel" in frame
    assert "Consigne :" in frame and "Tendez le téléphone" in frame
    assert "La personne dit ne pas savoir faire" in frame
    # declared questions are not in the professional's frame
    declared = re.search(r'id="q1">(.*?)</section>', html, re.S)
    assert declared is not None and "Réservé au professionnel" not in declared[1]


def test_no_text_is_set_under_12_points() -> None:
    html = render_paper(_bundled("autonomie-numerique"))
    sizes = re.findall(r"font-size:\s*([\d.]+)(pt|px|em|rem|%)", html)
    assert sizes, "the form sets its type sizes"
    assert all(unit == "pt" for _, unit in sizes)
    assert min(float(size) for size, _ in sizes) >= 12


def _bundled(questionnaire_id: str) -> PaperForm:
    entry = Catalog().resolve(questionnaire_id)
    return paper_form(entry.questionnaire, entry.sha256, "fr")


def test_a_question_text_cannot_become_markup(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text(
        CONDITIONS.replace("Quel âge avez-vous ?", "<script>alert(1)</script>"), encoding="utf-8"
    )
    html = render_paper(_form(path, "fr"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_paper_command_writes_the_form_in_the_language_asked(tmp_path: Path) -> None:
    target = tmp_path / "form.html"
    result = run_cli(["paper", "reperage-rapide", "--lang", "en", "-o", target])
    assert result.exit_code == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert "Quick screening" in html and "Do you send e-mails?" in html
    assert (target.stat().st_mode & 0o777) == 0o600

    again = run_cli(["paper", "reperage-rapide", "-o", target])
    assert again.exit_code == 2 and "--force" in again.stderr

    stdout = run_cli(["paper", "reperage-rapide"])
    assert stdout.exit_code == 0 and "Repérage rapide" in stdout.stdout


def test_paper_command_refuses_a_language_the_questionnaire_lacks() -> None:
    result = run_cli(["paper", "reperage-rapide", "--lang", "de"])
    assert result.exit_code == 2
    assert "de" in result.stderr and "fr, en" in result.stderr


def test_a_pdf_without_weasyprint_says_how_to_install_it(tmp_path: Path) -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        pass
    else:
        pytest.skip("WeasyPrint is installed: the PDF is made")
    result = run_cli(["paper", "reperage-rapide", "-f", "pdf", "-o", tmp_path / "f.pdf"])
    assert result.exit_code == 1
    assert "bonsclics-cli[pdf]" in result.stderr
    assert not (tmp_path / "f.pdf").exists()
