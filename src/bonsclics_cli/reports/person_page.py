"""What the person's one page says beyond the scores: what they can already do, in
sentences drawn from their answers, and their next steps with the structure's offers.

Pure: (ScoreCard, Structure, language) -> plain strings; the HTML escapes them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bonsclics_cli.i18n import N_, translation
from bonsclics_cli.questionnaire.model import MultipleQuestion, SingleQuestion
from bonsclics_cli.scoring.rules import ScoreCard, question_points

if TYPE_CHECKING:
    from bonsclics_cli.structure.model import Offer, Structure

MAX_STEPS = 3
MAX_CAN_DO = 3

_CORE: dict[tuple[str, str], tuple[str, int]] = {
    ("email", "oui"): (N_("You have an e-mail address and you know its password."), 3),
    ("email", "oublie"): (N_("You have an e-mail address."), 1),
    ("email", "proche"): (N_("You have an e-mail address."), 1),
    ("obs_piece_jointe", "seul"): (
        N_("Today, you photographed a document and sent it by e-mail."),
        5,
    ),
    ("obs_piece_jointe", "avec_aide"): (
        N_("Today, you sent a photo by e-mail, with a little help."),
        4,
    ),
    ("obs_piece_jointe", "echec"): (N_("Today, you tried to send a photo by e-mail."), 1),
    ("franceconnect", "seul"): (N_("You log in to public websites with FranceConnect."), 3),
    ("franceconnect", "avec_aide"): (N_("You use FranceConnect, with some help."), 2),
    ("demarches_faites", "seul"): (N_("You do your online procedures by yourself."), 3),
    ("demarches_faites", "aide_parfois"): (
        N_("You do your online procedures, sometimes with a little help."),
        2,
    ),
    ("demarches_faites", "avec_aide"): (
        N_("You do online procedures with someone beside you."),
        1,
    ),
    ("code_sms", "seul"): (N_("You copy a code received by text message."), 3),
    ("code_sms", "avec_aide"): (
        N_("You use a code received by text message, with some help."),
        2,
    ),
    ("obs_sms_frauduleux", "reconnait"): (
        N_("Today, you spotted a fake message and said why."),
        5,
    ),
    ("obs_sms_frauduleux", "doute"): (
        N_("Today, you doubted a fake message. That is the right reflex."),
        4,
    ),
}
_IN_DEPTH: dict[tuple[str, str], tuple[str, int]] = {
    **_CORE,
    ("obs_prise_en_main", "seul"): (N_("Today, you unlocked a device and took a photo."), 5),
    ("obs_prise_en_main", "avec_aide"): (
        N_("Today, you took a photo with a device, with a little help."),
        4,
    ),
    ("obs_ordinateur", "seul"): (N_("Today, you typed a text and saved it on a computer."), 5),
    ("obs_ordinateur", "avec_aide"): (
        N_("Today, you typed a text on a computer, with a little help."),
        4,
    ),
    ("obs_recherche", "seul"): (N_("Today, you searched for information on the internet."), 5),
    ("obs_recherche", "avec_aide"): (
        N_("Today, you searched the internet, with a little help."),
        4,
    ),
    ("probleme_technique", "seul"): (N_("You fix small problems with your device."), 2),
    ("confiance_information", "verifie"): (
        N_("You check where the information you find comes from."),
        2,
    ),
    ("mots_de_passe", "differents"): (N_("You use a different password for each site."), 2),
    ("demande_code", "jamais"): (N_("You never give your bank code to anyone."), 2),
}
_SCREENING: dict[tuple[str, str], tuple[str, int]] = {
    ("utilise_appareil", "souvent"): (N_("You often use a smartphone, a computer or a tablet."), 3),
    ("utilise_appareil", "parfois"): (
        N_("You sometimes use a smartphone, a computer or a tablet."),
        2,
    ),
    ("email", "seul"): (N_("You send e-mails."), 3),
    ("email", "avec_aide"): (N_("You send e-mails, with some help."), 2),
    ("demarches", "seul"): (N_("You do your online procedures by yourself."), 3),
    ("demarches", "avec_aide"): (N_("You do online procedures with someone beside you."), 1),
}
# Sentences for the bundled questionnaires: (question, answer) -> (sentence, weight). A
# hands-on task seen by the professional weighs most, then a skill declared done alone,
# then one done with help, then what the person has. Another questionnaire gets its best
# declared answers quoted (``_generic``).
_SENTENCES: dict[str, dict[tuple[str, str], tuple[str, int]]] = {
    "autonomie-numerique": _CORE,
    "autonomie-numerique-approfondi": _IN_DEPTH,
    "reperage-rapide": _SCREENING,
}
_ACCOUNTS = N_("You have a personal account: {sites}.")
_DEVICES = N_("You have a device that goes online: {devices}.")
_ONLINE_DEVICES = {"smartphone", "ordinateur", "tablette"}
_FIRST_STEP = N_("Today, you took stock of what you do with digital tools.")
_GENERIC = N_("You answered « {answer} » to: {question}")

# A step for an offer answering advice meant for the professional (its text is not for
# the person): said by the kind of offer.
_OFFER_STEPS = {
    "aidants_connect": N_(
        "A registered helper can do your online procedures for you, with your agreement."
    ),
    "equipment": N_("You can find a device at a low price."),
    "workshop": N_("A workshop near you can help you."),
    "permanence": N_("A helper can see you at a drop-in session."),
}


@dataclass(frozen=True, slots=True)
class OfferLines:
    """A local offer, in the page's language: what, where, when, who, what to bring."""

    kind: str
    title: str
    place: str
    when: str
    contact: str
    bring: str
    link: str | None

    def details(self, words: PageWords) -> list[tuple[str, str]]:
        """Where, when, with whom, what to bring: each one given, with the page's label."""
        pairs = (
            (words.where, self.place),
            (words.when, self.when),
            (words.with_, self.contact),
            (words.bring, self.bring),
        )
        return [(label, value) for label, value in pairs if value]


@dataclass(frozen=True, slots=True)
class NextStep:
    advice_id: str
    text: str
    link: str | None
    offer: OfferLines | None


@dataclass(frozen=True, slots=True)
class StructureLines:
    name: str
    address: str
    phone: str
    email: str
    hours: str
    website: str | None


def offer_lines(structure: Structure, offer: Offer, language: str) -> OfferLines:
    text = structure.text
    return OfferLines(
        kind=offer.kind,
        title=_clean(text(offer.title, language)),
        place=_clean(text(offer.place, language)),
        when=_clean(text(offer.when, language)),
        contact=_clean(text(offer.contact, language)),
        bring=_clean(text(offer.bring, language)),
        link=offer.link,
    )


def structure_lines(structure: Structure | None, language: str) -> StructureLines | None:
    if structure is None:
        return None
    contact, text = structure.structure, structure.text
    return StructureLines(
        name=_clean(text(contact.name, language)),
        address=_clean(text(contact.address, language)),
        phone=contact.phone or "",
        email=contact.email or "",
        hours=_clean(text(contact.hours, language)),
        website=contact.website,
    )


def offers_by_advice(
    card: ScoreCard, structure: Structure | None, language: str
) -> dict[str, OfferLines]:
    """For each advice the answers call for, the structure's offer that answers it."""
    if structure is None:
        return {}
    found = {}
    for advice in card.advice:
        offer = structure.offer_for(advice.id)
        if offer is not None:
            found[advice.id] = offer_lines(structure, offer, language)
    return found


def next_steps(card: ScoreCard, structure: Structure | None, language: str) -> tuple[NextStep, ...]:
    """At most three steps, in the questionnaire's order: the person's advice, each with
    the structure's offer that answers it; then, while there is room, the offers that
    answer the professional's advice (said by their kind)."""
    q = card.questionnaire
    t = translation(language)
    personal = [advice for advice in card.advice if advice.is_for("person")]
    chosen = personal[:MAX_STEPS]
    if structure is not None and len(chosen) < MAX_STEPS:
        used = {offer.id for a in chosen if (offer := structure.offer_for(a.id)) is not None}
        for advice in card.advice:
            offer = structure.offer_for(advice.id)
            if len(chosen) == MAX_STEPS:
                break
            if advice.is_for("person") or offer is None or offer.id in used:
                continue  # one step per offer: two advice answered by one desk, one step
            used.add(offer.id)
            chosen.append(advice)
        order = {advice.id: index for index, advice in enumerate(q.advice)}
        chosen.sort(key=lambda advice: order[advice.id])
    steps = []
    offered: set[str] = set()
    for advice in chosen:
        offer = structure.offer_for(advice.id) if structure is not None else None
        if offer is not None and offer.id in offered:
            offer = None  # the same offer once, under the first step it answers
        if offer is not None:
            offered.add(offer.id)
        if advice.is_for("person"):
            text = _clean(q.text(advice.text, language))
            link = advice.link
        elif offer is not None:
            text = t.gettext(_OFFER_STEPS[offer.kind])
            link = None
        else:  # an offer already under an earlier step: nothing more to say here
            continue
        lines = offer_lines(structure, offer, language) if structure and offer else None
        steps.append(NextStep(advice.id, text, link, lines))
    return tuple(steps)


def can_do(card: ScoreCard, language: str) -> tuple[str, ...]:
    """Two or three sentences of what the person can already do, from their answers."""
    t = translation(language)
    q = card.questionnaire
    table = _SENTENCES.get(q.id)
    found: list[tuple[int, int, str]] = []  # (weight, order, sentence)
    for order, question in enumerate(card.applicable):
        answer = card.answer(question.id)
        if answer is None or answer.value is None:
            continue
        value = answer.value
        if table is None:
            sentence = _generic(card, question, language)
            if sentence:
                found.append((2, order, sentence))
            continue
        if isinstance(value, str) and (question.id, value) in table:
            msgid, weight = table[(question.id, value)]
            found.append((weight, order, t.gettext(msgid)))
        elif isinstance(question, MultipleQuestion) and isinstance(value, list):
            labels: list[str] = list(q.option_labels(question, value, language) or [])
            chosen = dict(zip(value, labels, strict=False))
            if question.id == "comptes" and q.id in _SENTENCES and "aucun" not in value and value:
                sites = ", ".join(_clean(chosen[v]) for v in value)
                found.append((2, order, t.gettext(_ACCOUNTS).format(sites=sites)))
            online = [v for v in value if v in _ONLINE_DEVICES]
            if question.id == "appareils" and online:
                devices = ", ".join(_clean(chosen[v]).lower() for v in online)
                found.append((1, order, t.gettext(_DEVICES).format(devices=devices)))
    best = sorted(found, key=lambda item: (-item[0], item[1]))[:MAX_CAN_DO]
    sentences = [sentence for _, _, sentence in sorted(best, key=lambda item: item[1])]
    if len(sentences) < 2:
        sentences.insert(0, t.gettext(_FIRST_STEP))
    return tuple(sentences)


def _generic(card: ScoreCard, question: object, language: str) -> str | None:
    """A scored single question answered with its best option, quoted."""
    if not isinstance(question, SingleQuestion) or not question.scored or question.observed:
        return None
    answer = card.answer(question.id)
    if answer is None or not isinstance(answer.value, str):
        return None
    got = question_points(question, answer)
    if got is None or got < question.maximum or question.maximum == 0:
        return None
    q = card.questionnaire
    labels = q.option_labels(question, answer.value, language) or [answer.value]
    return (
        translation(language)
        .gettext(_GENERIC)
        .format(answer=_clean(labels[0]), question=_clean(q.text(question.prompt, language)))
    )


def _clean(text: str) -> str:
    from bonsclics_cli.reports.view import clean

    return clean(text)


@dataclass(frozen=True, slots=True)
class PageWords:
    """The fixed texts of the one-page person report and of the professional's synthesis."""

    intro: str
    your_path: str
    behind: str
    next_step: str
    next_steps: str
    where: str
    when: str
    with_: str
    bring: str
    wish: str
    contact: str
    contact_none: str
    synthesis: str
    level_why: str
    priorities: str
    priorities_none: str
    orientation: str
    orientation_none: str
    handed: str
    handed_page: str  # with no local offer on it
    handed_page_offers: str  # followed by the offers printed on it
    appointment: str
    appointment_none: str
    note: str
    annex: str
    score_line: str
    keep: str
    domain_level: str


def more_in_annex(count: int, language: str) -> str:
    """What the synthesis says of the orientation it has no room for."""
    return (
        translation(language)
        .ngettext(
            "and {count} more piece of advice, in the annex",
            "and {count} more pieces of advice, in the annex",
            count,
        )
        .format(count=count)
    )


@functools.cache
def page_words(language: str) -> PageWords:
    t = translation(language)
    return PageWords(
        intro=t.gettext("This is not a grade. Here is what you can do, and what comes next."),
        your_path=t.gettext("Your path"),
        behind=t.gettext("a step behind you"),
        next_step=t.gettext("Your next step"),
        next_steps=t.gettext("Your next steps"),
        where=t.gettext("Where:"),
        when=t.gettext("When:"),
        with_=t.gettext("With:"),
        bring=t.gettext("Bring:"),
        wish=t.gettext("You would like to learn:"),
        contact=t.gettext("Your contact:"),
        contact_none=t.gettext("Your contact: the person who did this check with you."),
        synthesis=t.gettext("Synthesis"),
        level_why=t.gettext("Level and why"),
        priorities=t.gettext("Priorities"),
        priorities_none=t.gettext("No next step: the answers call for none."),
        orientation=t.gettext("Orientation given (in full in the annex)"),
        orientation_none=t.gettext("No orientation advice for these answers."),
        handed=t.gettext("Handed to the person"),
        handed_page=t.gettext("The person's page « {title} »."),
        handed_page_offers=t.gettext("The person's page « {title} », with these offers:"),
        appointment=t.gettext("Next appointment"),
        appointment_none=t.gettext("None recorded."),
        note=t.gettext("Professional's note"),
        annex=t.gettext("Annex: the detailed answers"),
        score_line=t.gettext("Score {score} out of 100."),
        domain_level=t.gettext("{domain}: {level}"),
        keep=t.gettext("Keep this page. Show it when you ask for help."),
    )
