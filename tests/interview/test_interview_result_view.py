"""The end screen: level in words, a bar per domain, strengths, advice by audience."""

from __future__ import annotations

import io

from interview_helpers import START, load
from rich.console import Console

from bonsclics_cli.answers.sheet import Answer
from bonsclics_cli.cli.result_view import show_result
from bonsclics_cli.cli.wording import wording_for
from bonsclics_cli.interview.engine import new_sheet
from bonsclics_cli.scoring.rules import ScoreCard, score


def card(answers: dict[str, Answer]) -> ScoreCard:
    questionnaire, sha256 = load()
    sheet = new_sheet(questionnaire, sha256, person="P1", language="fr", started_at=START)
    done = sheet.model_copy(update={"answers": answers, "completed_at": START})
    return score(questionnaire, done)


def render(result: ScoreCard, *, plain: bool = False, language: str = "fr") -> str:
    out = io.StringIO()
    console = Console(file=out, width=80, no_color=True, force_terminal=False)
    show_result(
        console,
        result,
        words=wording_for(language),
        language=language,
        saved_in="/data/sessions/P1/s.json",
        report_commands=("bonsclics report s.json --audience person", "bonsclics report s.json"),
        plain=plain,
    )
    return out.getvalue()


STRONG = {
    "smartphone": Answer.of("oui"),
    "usages": Answer.of(["appels"]),
    "code": Answer.of("jamais"),
    "age": Answer.of(40),
    "envie": Answer.stated("declined"),
}
WEAK = {
    "smartphone": Answer.of("non"),
    "code": Answer.stated("declined"),
    "age": Answer.stated("dont_know"),
    "envie": Answer.of("x"),
}


def test_strengths_are_domains_scored_50_or_more_best_first() -> None:
    result = card(STRONG)
    assert [(d.domain.id, d.score) for d in result.strengths()] == [
        ("securite", 100),
        ("equipement", 75),
    ]
    assert card(WEAK).strengths() == []


def test_the_screen_says_the_level_bars_strengths_and_next_steps() -> None:
    text = render(card(STRONG))
    assert "Niveau : Autonome" in text and "Vous faites seul(e)." in text
    assert "Score d'autonomie : 88 sur 100" in text
    assert "Équipement" in text and "█" * 15 + "░" * 5 in text  # 75 %: a bar, not a colour
    assert "Ce que vous savez déjà faire" in text and "Sécurité (100/100)" in text
    assert text.index("Sécurité (100/100)") < text.index("Équipement (75/100)")
    assert "Réponses enregistrées dans :\n  /data/sessions/P1/s.json" in text
    assert "Compte rendu pour la personne :\n  bonsclics report s.json --audience person" in text
    assert "« Je ne sais pas » : 0 ; « ne souhaite pas répondre » : 1" in text
    # no advice holds: no empty headings
    assert "Pour la suite" not in text and "Pour le professionnel" not in text


def test_weak_result_not_evaluated_domain_and_advice_apart_by_audience() -> None:
    text = render(card({**WEAK, "code": Answer.of("parfois")}))
    assert "Niveau : À accompagner" in text
    assert "Vous avez fait un premier pas aujourd'hui." in text
    assert "Pour la suite" in text and "Un atelier près de chez vous." in text
    assert "https://www.lesbonsclics.fr/" in text
    professional = text.index("Pour le professionnel")
    assert text.index("Parlez des arnaques par SMS.") > professional
    assert text.index("Un atelier près de chez vous.") < professional

    text = render(card(WEAK))
    assert "non évalué" in text  # securite: its only question was declined


def test_fits_80_columns_except_paths_and_commands_left_whole_for_copying() -> None:
    text = render(card(STRONG))
    long_lines = [line for line in text.splitlines() if len(line) > 80]
    assert long_lines == []


def test_plain_result_has_no_boxes_or_bars_and_reads_as_sentences() -> None:
    text = render(card(STRONG), plain=True)
    assert not any(char in text for char in "█░╭│─•")
    assert "Équipement : 75/100, Autonome." in text
    assert "- Sécurité (100/100)" in text


def test_english_result() -> None:
    text = render(card(STRONG), language="en")
    assert "Level: Independent" in text and "Autonomy score: 88 out of 100" in text
    assert "What you can already do" in text


def test_no_scored_answer_means_no_score_yet() -> None:
    declined = Answer.stated("declined")
    everything = {key: declined for key in ("smartphone", "code", "age", "envie")}
    text = render(card(everything))
    assert "Pas encore de score" in text


def test_an_unfinished_interview_gets_no_level_on_the_end_screen() -> None:
    text = " ".join(
        render(card({"smartphone": Answer.of("non"), "code": Answer.of("jamais")})).split()
    )
    assert "Le bilan n'est pas terminé : aucun niveau n'est donné" in text
    assert "Niveau :" not in text
    assert "Ce que nous avons déjà vu ensemble" in text
