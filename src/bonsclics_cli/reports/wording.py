"""The reports' own words, in French and English.

The person's words are in easy-to-read French (short sentences, everyday words,
"vous"); the professional's are plain and precise. A questionnaire in another
language gets its own texts with the English frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

_MONTHS_FR = tuple(
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
)
_MONTHS_EN = tuple(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


@dataclass(frozen=True, slots=True)
class Words:
    """Every fixed text of a report, in one language."""

    code: str
    decimal: str
    open_quote: str
    close_quote: str
    # -- for the person --
    person_title: str
    person_intro: str
    person_reference: str
    person_date: str
    printed_on: str
    your_level: str
    no_level: str
    step_of: str
    you_are_here: str
    already_can: str
    already_can_none: str
    learn_next: str
    learn_next_none: str
    your_words: str
    get_help: str
    no_help_advice: str
    your_contact: str
    improved: str
    unfinished_title: str
    unfinished_person: str
    seen_so_far: str
    closing: str
    # -- for the professional --
    professional_title: str
    person: str
    started: str
    completed: str
    generated: str
    status: str
    complete: str
    unfinished: str
    unfinished_detail: str
    unfinished_open: str
    summary: str
    overall: str
    level: str
    not_evaluated: str
    out_of_100: str
    domains: str
    domain: str
    score: str
    points: str
    change: str
    previous_session: str
    chart_title: str
    chart_summary: str
    chart_previous: str
    declared: str
    declared_note: str
    observed: str
    observed_note: str
    no_observed: str
    context: str
    question: str
    answer: str
    dont_know: str
    declined: str
    unanswered: str
    none_chosen: str
    counts: str
    not_asked: str
    not_asked_none: str
    asked_only_if: str
    answer_given: str
    not_asked_answer: str
    orientation: str
    orientation_none: str
    for_person_too: str
    told_to_person: str
    traceability: str
    questionnaire: str
    version: str
    sha256: str
    sha256_current: str
    generator: str
    # -- conditions in words --
    answer_to: str
    overall_score_name: str
    domain_score_name: str
    domain_level_name: str
    held_down: str
    held_because: str
    evidence: str
    no_level_unfinished: str
    is_: str
    is_not: str
    is_one_of: str
    is_none_of: str
    includes: str
    includes_one_of: str
    excludes: str
    below: str
    at_most: str
    above: str
    at_least: str
    and_: str
    or_: str
    not_: str
    list_or: str

    def quote(self, text: str) -> str:
        return f"{self.open_quote}{text}{self.close_quote}"

    def day(self, value: date) -> str:
        """A date in words: ``29 novembre 2026``, ``29 November 2026``."""
        if self.code == "fr":
            day = "1er" if value.day == 1 else str(value.day)
            return f"{day} {_MONTHS_FR[value.month - 1]} {value.year}"
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"

    def moment(self, value: datetime) -> str:
        """A time in words, in the offset it was recorded in: ``29 novembre 2026 à 10 h 15``."""
        if self.code == "fr":
            return f"{self.day(value.date())} à {value.hour} h {value.minute:02d}"
        return f"{self.day(value.date())}, {value.hour:02d}:{value.minute:02d}"

    def choices(self, items: tuple[str, ...] | list[str]) -> str:
        """Several chosen labels on one line; labels may hold commas, so ``;`` separates."""
        return (" ; " if self.code == "fr" else "; ").join(items)

    def one_of(self, items: list[str]) -> str:
        """``a, b ou c`` / ``a, b or c``."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.list_or} " + items[-1]


FRENCH = Words(
    code="fr",
    decimal=",",
    open_quote="« ",
    close_quote=" »",
    person_title="Votre bilan numérique",
    person_intro=(
        "Ce bilan n'est pas une note. "
        "Il montre ce que vous savez déjà faire, et ce qui peut vous aider."
    ),
    person_reference="Votre numéro de dossier",
    person_date="Bilan du {date}",
    printed_on="Imprimé le {date}",
    your_level="Votre niveau aujourd'hui",
    no_level=(
        "Nous n'avons pas assez de réponses pour donner un niveau. "
        "Ce n'est pas grave. Nous pourrons en parler une autre fois."
    ),
    step_of="Étape {step} sur {steps}",
    you_are_here="vous êtes ici",
    already_can="Ce que vous savez déjà faire",
    already_can_none=(
        "Vous avez fait un premier pas aujourd'hui : vous avez fait le point. C'est le début."
    ),
    learn_next="Ce que vous pouvez apprendre ensuite",
    learn_next_none="Vous pouvez continuer à apprendre à votre rythme.",
    your_words="Ce que vous nous avez dit",
    get_help="Où trouver de l'aide",
    no_help_advice="Demandez conseil à la personne qui a fait ce bilan avec vous.",
    your_contact="Votre contact :",
    improved="Bravo ! Vous avez progressé depuis votre bilan du {date}.",
    unfinished_title="Votre bilan n'est pas terminé",
    unfinished_person=(
        "Nous n'avons pas encore fini le bilan. "
        "Nous vous dirons où vous en êtes quand il sera fini."
    ),
    seen_so_far="Ce que nous avons déjà vu ensemble",
    closing="Vous pouvez garder cette feuille. Montrez-la quand vous demandez de l'aide.",
    professional_title="Compte rendu de diagnostic",
    person="Personne (identifiant)",
    started="Commencé le",
    completed="Terminé le",
    generated="Compte rendu produit le",
    status="État",
    complete="Entretien terminé",
    unfinished="ENTRETIEN NON TERMINÉ",
    unfinished_detail=(
        "{count} question(s) posée(s) sans réponse : les scores ne portent que sur les "
        "réponses données."
    ),
    unfinished_open=(
        "toutes les questions posées ont une réponse, mais l'entretien n'a pas été clos."
    ),
    summary="Résultat",
    overall="Score d'autonomie",
    level="Niveau",
    not_evaluated="non évalué",
    out_of_100="sur 100",
    domains="Domaines",
    domain="Domaine",
    score="Score",
    points="Points",
    change="Évolution",
    previous_session="Depuis le diagnostic du {date} : {change} point(s) (score {score}, {level}).",
    chart_title="Score par domaine, sur 100",
    chart_summary="{domain} : {score}",
    chart_previous="◆ score du diagnostic précédent",
    declared="Réponses déclarées",
    declared_note="Ce que la personne dit savoir faire ou avoir.",
    observed="Mises en situation observées",
    observed_note="Ce que le professionnel a vu la personne faire.",
    no_observed="Aucune mise en situation dans cet entretien.",
    context="Contexte (hors score)",
    question="Question",
    answer="Réponse",
    dont_know="Je ne sais pas",
    declined="Ne souhaite pas répondre",
    unanswered="Pas de réponse (entretien non terminé)",
    none_chosen="Aucun choix coché",
    counts="« Je ne sais pas » : {dont_know} ; « ne souhaite pas répondre » : {declined}.",
    not_asked="Questions non posées",
    not_asked_none="Toutes les questions ont été posées.",
    asked_only_if="Posée seulement si {condition}.",
    answer_given="Réponse donnée à {question} : {answer}.",
    not_asked_answer="question non posée",
    orientation="Orientation et conseils pour le professionnel",
    orientation_none="Aucun conseil d'orientation ne s'applique.",
    for_person_too="aussi dans le bilan de la personne",
    told_to_person="Conseils donnés dans le bilan de la personne",
    traceability="Traçabilité",
    questionnaire="Questionnaire",
    version="Version",
    sha256="Empreinte SHA-256",
    sha256_current=(
        "Empreinte du questionnaire utilisé (différente : modifié sans changer de version)"
    ),
    generator="Produit par",
    answer_to="la réponse à {question}",
    overall_score_name="le score d'autonomie",
    domain_score_name="le score du domaine {domain}",
    domain_level_name="le niveau du domaine {domain}",
    held_down=(
        "Le score seul donnerait le niveau {score_level}. "
        "Le niveau retenu est {level}, faute des preuves demandées :"
    ),
    held_because="{level} demande : {requirement}.",
    evidence="{question} : {answer}",
    no_level_unfinished="aucun : l'entretien n'est pas terminé",
    is_="est {value}",
    is_not="n'est pas {value}",
    is_one_of="est {values}",
    is_none_of="n'est aucune de celles-ci : {values}",
    includes="comprend {value}",
    includes_one_of="comprend {values}",
    excludes="ne comprend pas {value}",
    below="est inférieure à {value}",
    at_most="est au plus {value}",
    above="est supérieure à {value}",
    at_least="est au moins {value}",
    and_="et",
    or_="ou",
    not_="il est faux que",
    list_or="ou",
)

ENGLISH = Words(
    code="en",
    decimal=".",
    open_quote="“",
    close_quote="”",
    person_title="Your digital skills summary",
    person_intro=("This is not a grade. It shows what you can already do, and what can help you."),
    person_reference="Your file number",
    person_date="Summary of {date}",
    printed_on="Printed on {date}",
    your_level="Your level today",
    no_level=(
        "We do not have enough answers to give a level. "
        "That is fine. We can talk about it another time."
    ),
    step_of="Step {step} of {steps}",
    you_are_here="you are here",
    already_can="What you can already do",
    already_can_none="You took a first step today: you took stock. It is a start.",
    learn_next="What you can learn next",
    learn_next_none="You can keep learning at your own pace.",
    your_words="What you told us",
    get_help="Where to get help",
    no_help_advice="Ask the person who did this summary with you for advice.",
    your_contact="Your contact:",
    improved="Well done! You have made progress since your summary of {date}.",
    unfinished_title="Your check is not finished",
    unfinished_person=(
        "We have not finished the check yet. We will tell you where you stand when it is."
    ),
    seen_so_far="What we have already seen together",
    closing="You can keep this sheet. Show it when you ask for help.",
    professional_title="Diagnostic report",
    person="Person (identifier)",
    started="Started",
    completed="Completed",
    generated="Report produced on",
    status="Status",
    complete="Interview complete",
    unfinished="INTERVIEW NOT FINISHED",
    unfinished_detail=(
        "{count} question(s) asked without an answer: the scores only cover the answers given."
    ),
    unfinished_open="every question asked has an answer, but the interview was not closed.",
    summary="Result",
    overall="Autonomy score",
    level="Level",
    not_evaluated="not evaluated",
    out_of_100="out of 100",
    domains="Domains",
    domain="Domain",
    score="Score",
    points="Points",
    change="Change",
    previous_session="Since the check of {date}: {change} point(s) (score {score}, {level}).",
    chart_title="Score per domain, out of 100",
    chart_summary="{domain}: {score}",
    chart_previous="◆ score at the previous check",
    declared="Declared answers",
    declared_note="What the person says they can do or have.",
    observed="Observed tasks",
    observed_note="What the professional saw the person do.",
    no_observed="No hands-on task in this interview.",
    context="Context (not scored)",
    question="Question",
    answer="Answer",
    dont_know="I don't know",
    declined="Prefers not to answer",
    unanswered="No answer (interview not finished)",
    none_chosen="Nothing ticked",
    counts="“I don't know”: {dont_know}; “prefers not to answer”: {declined}.",
    not_asked="Questions not asked",
    not_asked_none="Every question was asked.",
    asked_only_if="Asked only if {condition}.",
    answer_given="Answer given to {question}: {answer}.",
    not_asked_answer="question not asked",
    orientation="Orientation and advice for the professional",
    orientation_none="No orientation advice applies.",
    for_person_too="also in the person's summary",
    told_to_person="Advice given in the person's summary",
    traceability="Traceability",
    questionnaire="Questionnaire",
    version="Version",
    sha256="SHA-256 fingerprint",
    sha256_current=(
        "Fingerprint of the questionnaire used (different: changed without a new version)"
    ),
    generator="Produced by",
    answer_to="the answer to {question}",
    overall_score_name="the autonomy score",
    domain_score_name="the score of the domain {domain}",
    domain_level_name="the level of the domain {domain}",
    held_down=(
        "The score alone would give the level {score_level}. "
        "The level given is {level}, for want of the evidence it requires:"
    ),
    held_because="{level} requires: {requirement}.",
    evidence="{question}: {answer}",
    no_level_unfinished="none: the interview is not finished",
    is_="is {value}",
    is_not="is not {value}",
    is_one_of="is {values}",
    is_none_of="is none of these: {values}",
    includes="includes {value}",
    includes_one_of="includes {values}",
    excludes="does not include {value}",
    below="is below {value}",
    at_most="is at most {value}",
    above="is above {value}",
    at_least="is at least {value}",
    and_="and",
    or_="or",
    not_="it is not the case that",
    list_or="or",
)


def words_for(language: str) -> Words:
    """French for ``fr`` and its regional variants, English otherwise."""
    return FRENCH if language.split("-")[0] == "fr" else ENGLISH
