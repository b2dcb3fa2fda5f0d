"""The interview's own words (buttons, hints, messages), by language.

Questionnaires bring their own texts; these are the few words the tool adds
around them. A language the questionnaire has but this module does not falls
back to English.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Wording:
    language: str
    # each question
    question_of: str  # {number} {total}
    declared_tag: str
    observed_tag: str
    colon: str
    date_format: str
    help_label: str
    answer_label: str
    observed_answer_label: str
    dont_know: str
    declined: str
    observed_dont_know: str
    observed_declined: str
    back: str
    select_instruction: str
    checkbox_instruction: str
    text_instruction: str
    other_choices: str
    choose_label: str
    write_answer: str
    nothing_ticked: str
    tick_one: str  # {option}
    not_a_number: str
    not_whole: str
    below_min: str  # {min}
    above_max: str  # {max}
    too_long: str  # {max} {length}
    plain_choice: str  # {count}
    plain_choices: str  # {count}
    plain_bad_choice: str  # {count}
    plain_exclusive: str  # {option}
    # start
    person_intro: str
    person_prompt: str
    person_invalid: str
    resume_offer: str  # {person} {date} {answers}
    resume_choice: str
    new_choice: str
    before_start: str
    preparation_title: str
    kept_notice: str  # {person}
    informed_question: str
    informed_yes: str
    informed_no: str
    not_started: str
    resumed: str  # {count}
    questionnaire_changed: str
    already_complete: str
    # stop
    interrupted: str  # {kept} {path} {command}
    interrupted_before_start: str
    # the disk refused a write
    save_failed: str  # {reason} {kept} {path} {command}
    not_saved: str  # {folder} {reason}
    disk_full: str
    access_denied: str
    read_only: str
    # end
    result_title: str
    level_label: str
    score_line: str  # {score}
    no_score: str
    unfinished_result: str
    score_so_far: str  # {score}
    domains_title: str
    not_evaluated: str
    strengths_title: str
    seen_so_far_title: str
    no_strength: str
    advice_person_title: str
    advice_professional_title: str
    states_line: str  # {dont_know} {declined}
    saved_in: str
    report_person: str
    report_professional: str

    def answers_kept(self, count: int) -> str:
        if self.language == "fr":
            return f"{count} réponse gardée" if count <= 1 else f"{count} réponses gardées"
        return f"{count} answer kept" if count == 1 else f"{count} answers kept"

    def reason(self, number: int | None, fallback: str) -> str:
        """Why the system refused a write, in these words when it is a common reason."""
        if number in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}:
            return self.disk_full
        if number in {errno.EACCES, errno.EPERM}:
            return self.access_denied
        if number == errno.EROFS:
            return self.read_only
        return fallback

    def answers_given(self, count: int) -> str:
        if self.language == "fr":
            return f"{count} réponse" if count <= 1 else f"{count} réponses"
        return f"{count} answer" if count == 1 else f"{count} answers"


FRENCH = Wording(
    language="fr",
    question_of="Question {number} sur {total}",
    declared_tag="À demander à la personne",
    observed_tag="Mise en situation : consigne pour le professionnel",
    colon=" : ",
    date_format="%d/%m/%Y à %H:%M",
    help_label="Aide : ",
    answer_label="Réponse",
    observed_answer_label="Ce que vous avez observé",
    dont_know="Je ne sais pas",
    declined="Ne souhaite pas répondre",
    observed_dont_know="La personne dit ne pas savoir faire",
    observed_declined="La personne ne souhaite pas faire l'exercice",
    back="Revenir à la question précédente",
    select_instruction="(flèches ou chiffre, puis Entrée)",
    checkbox_instruction="(Espace ou chiffre pour cocher, Entrée pour valider)",
    text_instruction="(Entrée sans rien écrire : autres choix)",
    other_choices="Pas de réponse écrite. Que voulez-vous faire ?",
    choose_label="Votre choix",
    write_answer="Écrire une réponse",
    nothing_ticked="aucune case cochée",
    tick_one="Cochez au moins une réponse avec Espace, ou « {option} ».",
    not_a_number="Écrivez un nombre, par exemple 12.",
    not_whole="Écrivez un nombre entier, sans virgule.",
    below_min="Le nombre doit être au moins {min}.",
    above_max="Le nombre doit être au plus {max}.",
    too_long="Le texte fait {length} caractères ; {max} au plus.",
    plain_choice="Votre choix, un numéro de 1 à {count}",
    plain_choices="Vos choix, des numéros de 1 à {count} séparés par des virgules",
    plain_bad_choice="Tapez un numéro de 1 à {count}.",
    plain_exclusive="« {option} » se choisit seul.",
    person_intro=(
        "Identifiant de la personne : jamais son nom. Entrée pour garder celui proposé, "
        "ou tapez celui qu'elle a déjà."
    ),
    person_prompt="Identifiant",
    person_invalid=(
        "Lettres, chiffres, « _ », « . » ou « - », 64 au plus, sans espace ni barre oblique. "
        "Jamais un nom."
    ),
    resume_offer="Un entretien non terminé existe pour {person} : commencé le {date}, {answers}.",
    resume_choice="Reprendre cet entretien",
    new_choice="Commencer un nouvel entretien",
    before_start="Avant de commencer",
    preparation_title="À préparer avant l'entretien (pour le professionnel)",
    kept_notice=(
        "Ce qui est gardé : l'identifiant {person} (jamais le nom) et les réponses, "
        "sur cet ordinateur, dans un dossier que seul votre compte peut lire."
    ),
    informed_question=(
        "La personne a-t-elle été informée de ce qui est gardé, et accepte-t-elle de continuer ?"
    ),
    informed_yes="Oui, elle est informée et d'accord",
    informed_no="Non, arrêter ici",
    not_started="Entretien non commencé : rien n'a été enregistré.",
    resumed="Reprise de l'entretien. Réponses déjà données : {count} ; elles restent inchangées.",
    questionnaire_changed=(
        "Le questionnaire a été modifié depuis le début de cet entretien ; "
        "toutes les réponses déjà données restent valables."
    ),
    already_complete="Cet entretien est déjà terminé.",
    interrupted="Entretien interrompu : {kept} dans {path}\nPour reprendre : {command}",
    interrupted_before_start="Entretien interrompu avant de commencer : rien n'a été enregistré.",
    save_failed=(
        "Erreur : la dernière réponse n'a pas pu être enregistrée ({reason}).\n"
        "{kept} dans {path}\n"
        "Libérez de la place ou vérifiez le dossier, puis reprenez : {command}"
    ),
    not_saved=(
        "Erreur : l'entretien ne peut pas être enregistré dans {folder} ({reason}) : "
        "rien n'a été enregistré.\n"
        "Libérez de la place, ou choisissez un dossier où vous pouvez écrire (--data-dir)."
    ),
    disk_full="disque plein",
    access_denied="accès refusé",
    read_only="dossier en lecture seule",
    result_title="Résultat",
    level_label="Niveau : ",
    score_line="Score d'autonomie : {score} sur 100",
    no_score="Pas encore de score : aucune question notée n'a reçu de réponse.",
    unfinished_result=(
        "Le bilan n'est pas terminé : aucun niveau n'est donné sur une partie des réponses."
    ),
    score_so_far="Score sur les réponses déjà données : {score} sur 100",
    domains_title="Par domaine",
    not_evaluated="non évalué",
    strengths_title="Ce que vous savez déjà faire",
    seen_so_far_title="Ce que nous avons déjà vu ensemble",
    no_strength="Vous avez fait un premier pas aujourd'hui.",
    advice_person_title="Pour la suite",
    advice_professional_title="Pour le professionnel",
    states_line="« Je ne sais pas » : {dont_know} ; « ne souhaite pas répondre » : {declined}",
    saved_in="Réponses enregistrées dans :",
    report_person="Compte rendu pour la personne :",
    report_professional="Compte rendu pour le professionnel :",
)

ENGLISH = Wording(
    language="en",
    question_of="Question {number} of {total}",
    declared_tag="Ask the person",
    observed_tag="Hands-on task: instructions for the professional",
    colon=": ",
    date_format="%Y-%m-%d at %H:%M",
    help_label="Help: ",
    answer_label="Answer",
    observed_answer_label="What you observed",
    dont_know="I don't know",
    declined="Prefers not to answer",
    observed_dont_know="The person says they don't know how",
    observed_declined="The person prefers not to do the task",
    back="Go back to the previous question",
    select_instruction="(arrow keys or a number, then Enter)",
    checkbox_instruction="(Space or a number to tick, Enter to confirm)",
    text_instruction="(Enter on an empty line: other choices)",
    other_choices="No answer written. What do you want to do?",
    choose_label="Your choice",
    write_answer="Write an answer",
    nothing_ticked="nothing ticked",
    tick_one='Tick at least one answer with Space, or "{option}".',
    not_a_number="Type a number, for example 12.",
    not_whole="Type a whole number.",
    below_min="The number must be at least {min}.",
    above_max="The number must be at most {max}.",
    too_long="The text has {length} characters; {max} at most.",
    plain_choice="Your choice, a number from 1 to {count}",
    plain_choices="Your choices, numbers from 1 to {count} separated by commas",
    plain_bad_choice="Type a number from 1 to {count}.",
    plain_exclusive='"{option}" goes on its own.',
    person_intro=(
        "The person's id: never their name. Enter to keep the one suggested, "
        "or type the one they already have."
    ),
    person_prompt="Id",
    person_invalid=(
        "Letters, digits, '_', '.' or '-', at most 64, no spaces or slashes. Never a name."
    ),
    resume_offer="{person} has an unfinished interview: started {date}, {answers}.",
    resume_choice="Resume this interview",
    new_choice="Start a new interview",
    before_start="Before we start",
    preparation_title="To prepare before the interview (for the professional)",
    kept_notice=(
        "What is kept: the id {person} (never the name) and the answers, on this computer, "
        "in a folder only your account can read."
    ),
    informed_question="Was the person told what is kept, and do they agree to go on?",
    informed_yes="Yes, they know and agree",
    informed_no="No, stop here",
    not_started="Interview not started: nothing was saved.",
    resumed="Resuming the interview. Answers already given: {count}; they stay unchanged.",
    questionnaire_changed=(
        "The questionnaire has changed since this interview started; "
        "every answer already given still fits."
    ),
    already_complete="This interview is already finished.",
    interrupted="Interview stopped: {kept} in {path}\nTo resume: {command}",
    interrupted_before_start="Interview stopped before it started: nothing was saved.",
    save_failed=(
        "Error: the last answer could not be saved ({reason}).\n"
        "{kept} in {path}\n"
        "Free some space or check the folder, then resume: {command}"
    ),
    not_saved=(
        "Error: the interview cannot be saved in {folder} ({reason}): nothing was saved.\n"
        "Free some space, or choose a folder you can write to (--data-dir)."
    ),
    disk_full="disk full",
    access_denied="permission denied",
    read_only="read-only folder",
    result_title="Result",
    level_label="Level: ",
    score_line="Autonomy score: {score} out of 100",
    no_score="No score yet: no scored question was answered.",
    unfinished_result="The check is not finished: no level is given on part of the answers.",
    score_so_far="Score on the answers given so far: {score} out of 100",
    domains_title="By area",
    not_evaluated="not evaluated",
    strengths_title="What you can already do",
    seen_so_far_title="What we have already seen together",
    no_strength="You took a first step today.",
    advice_person_title="What next",
    advice_professional_title="For the professional",
    states_line='"I don\'t know": {dont_know}; "prefers not to answer": {declined}',
    saved_in="Answers saved in:",
    report_person="Report for the person:",
    report_professional="Report for the professional:",
)

_BY_LANGUAGE = {"fr": FRENCH, "en": ENGLISH}


def wording_for(language: str) -> Wording:
    """The words for ``language`` (``fr-CA`` uses ``fr``), English when we have none."""
    return _BY_LANGUAGE.get(language) or _BY_LANGUAGE.get(language.split("-")[0]) or ENGLISH
