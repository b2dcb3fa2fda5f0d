"""The interview's own words (buttons, hints, messages), in the questionnaire's language.

Questionnaires bring their own texts; these are the few words the tool adds around
them, from the message catalogue (English in the code, French in
``locale/fr/LC_MESSAGES/bonsclics.po``). A language the questionnaire has but the
tool does not speak gets the English frame.
"""

from __future__ import annotations

import errno
import functools
from dataclasses import dataclass
from datetime import datetime

from bonsclics_cli.i18n import frame_language, translation


@dataclass(frozen=True, slots=True)
class Wording:
    language: str
    # each question
    question_of: str  # {number} {total}
    declared_tag: str
    observed_tag: str
    colon: str
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
        t = translation(self.language)
        return t.ngettext("{count} answer kept", "{count} answers kept", count).format(count=count)

    def number(self, value: float) -> str:
        """``12``, ``40,5`` / ``40.5``: a number as the language writes it (the interview
        reads either sign back)."""
        if float(value).is_integer():
            return str(int(value))
        from bonsclics_cli.reports.wording import words_for

        return str(value).replace(".", words_for(self.language).decimal)

    def moment(self, value: datetime) -> str:
        """When something happened, as the reports write it: ``1er décembre 2026 à 10 h 15``."""
        from bonsclics_cli.reports.wording import words_for  # the reports' words: on demand

        return words_for(self.language).moment(value)

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
        t = translation(self.language)
        return t.ngettext("{count} answer", "{count} answers", count).format(count=count)


@functools.cache
def _wording(code: str) -> Wording:
    t = translation(code)
    # Translators: what ends a label, with the space French puts before it.
    colon = t.gettext(":") + " "
    return Wording(
        language=code,
        question_of=t.gettext("Question {number} of {total}"),
        declared_tag=t.gettext("Ask the person"),
        observed_tag=t.gettext("Hands-on task: instructions for the professional"),
        colon=colon,
        help_label=t.gettext("Help") + colon,
        answer_label=t.gettext("Answer"),
        observed_answer_label=t.gettext("What you observed"),
        dont_know=t.gettext("I don't know"),
        declined=t.gettext("Prefers not to answer"),
        observed_dont_know=t.gettext("The person says they don't know how"),
        observed_declined=t.gettext("The person prefers not to do the task"),
        back=t.gettext("Go back to the previous question"),
        select_instruction=t.gettext("(arrow keys or a number, then Enter)"),
        checkbox_instruction=t.gettext("(Space or a number to tick, Enter to confirm)"),
        text_instruction=t.gettext("(Enter on an empty line: other choices)"),
        other_choices=t.gettext("No answer written. What do you want to do?"),
        choose_label=t.gettext("Your choice"),
        write_answer=t.gettext("Write an answer"),
        nothing_ticked=t.gettext("nothing ticked"),
        tick_one=t.gettext('Tick at least one answer with Space, or "{option}".'),
        not_a_number=t.gettext("Type a number, for example 12."),
        not_whole=t.gettext("Type a whole number."),
        below_min=t.gettext("The number must be at least {min}."),
        above_max=t.gettext("The number must be at most {max}."),
        too_long=t.gettext("The text has {length} characters; {max} at most."),
        plain_choice=t.gettext("Your choice, a number from 1 to {count}"),
        plain_choices=t.gettext("Your choices, numbers from 1 to {count} separated by commas"),
        plain_bad_choice=t.gettext("Type a number from 1 to {count}."),
        plain_exclusive=t.gettext('"{option}" goes on its own.'),
        person_intro=t.gettext(
            "The person's id: never their name. Enter to keep the one suggested, "
            "or type the one they already have."
        ),
        person_prompt=t.gettext("Id"),
        person_invalid=t.gettext(
            "Letters, digits, '_', '.' or '-', at most 64, no spaces or slashes. Never a name."
        ),
        resume_offer=t.gettext("{person} has an unfinished interview: started {date}, {answers}."),
        resume_choice=t.gettext("Resume this interview"),
        new_choice=t.gettext("Start a new interview"),
        before_start=t.gettext("Before we start"),
        preparation_title=t.gettext("To prepare before the interview (for the professional)"),
        kept_notice=t.gettext(
            "What is kept: the id {person} (never the name) and the answers, on this computer, "
            "in a folder only your account can read."
        ),
        informed_question=t.gettext(
            "Was the person told what is kept, and do they agree to go on?"
        ),
        informed_yes=t.gettext("Yes, they know and agree"),
        informed_no=t.gettext("No, stop here"),
        not_started=t.gettext("Interview not started: nothing was saved."),
        resumed=t.gettext(
            "Resuming the interview. Answers already given: {count}; they stay unchanged."
        ),
        questionnaire_changed=t.gettext(
            "The questionnaire has changed since this interview started; "
            "every answer already given still fits."
        ),
        already_complete=t.gettext("This interview is already finished."),
        interrupted=t.gettext("Interview stopped: {kept} in {path}\nTo resume: {command}"),
        interrupted_before_start=t.gettext(
            "Interview stopped before it started: nothing was saved."
        ),
        save_failed=t.gettext(
            "Error: the last answer could not be saved ({reason}).\n"
            "{kept} in {path}\n"
            "Free some space or check the folder, then resume: {command}"
        ),
        not_saved=t.gettext(
            "Error: the interview cannot be saved in {folder} ({reason}): nothing was saved.\n"
            "Free some space, or choose a folder you can write to (--data-dir)."
        ),
        disk_full=t.gettext("disk full"),
        access_denied=t.gettext("permission denied"),
        read_only=t.gettext("read-only folder"),
        result_title=t.gettext("Result"),
        level_label=t.gettext("Level") + colon,
        score_line=t.gettext("Autonomy score: {score} out of 100"),
        no_score=t.gettext("No score yet: no scored question was answered."),
        unfinished_result=t.gettext(
            "The check is not finished: no level is given on part of the answers."
        ),
        score_so_far=t.gettext("Score on the answers given so far: {score} out of 100"),
        domains_title=t.gettext("By area"),
        # Translators: a score, a level or a domain that has no value (singular).
        not_evaluated=t.pgettext("score", "not evaluated"),
        strengths_title=t.gettext("What you can already do"),
        seen_so_far_title=t.gettext("What we have already seen together"),
        no_strength=t.gettext("You took a first step today."),
        advice_person_title=t.gettext("What next"),
        advice_professional_title=t.gettext("For the professional"),
        states_line=t.gettext('"I don\'t know": {dont_know}; "prefers not to answer": {declined}'),
        saved_in=t.gettext("Answers saved in:"),
        report_person=t.gettext("Report for the person:"),
        report_professional=t.gettext("Report for the professional:"),
    )


def wording_for(language: str) -> Wording:
    """The words for ``language`` (``fr-CA`` uses ``fr``), English when we have none."""
    return _wording(frame_language(language))


def __getattr__(name: str) -> Wording:
    # FRENCH and ENGLISH, built from the catalogue when first asked for.
    if name == "FRENCH":
        return _wording("fr")
    if name == "ENGLISH":
        return _wording("en")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
