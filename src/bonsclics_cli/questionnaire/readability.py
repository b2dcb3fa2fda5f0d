"""Plain-language checks on the texts the person hears or reads (``validate --readability``).

Print and reading guidance for people with low literacy asks for one idea per
sentence, about 15 words at most, and no « seul(e) »-style forms. These rules are
advice to authors, so they give warnings, never errors, and only when asked for.

The texts measured are those read to or by the person: the intro, the prompts
and option labels of declared questions, level titles and descriptions (overall
and per domain), and advice for the person (``person`` or ``both``). Observed
tasks are left out: their prompt is an instruction for the professional and
their options are what the professional saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from bonsclics_cli.i18n import N_, _
from bonsclics_cli.questionnaire.findings import PathKey, Problem, Severity
from bonsclics_cli.questionnaire.model import (
    DomainLevel,
    Level,
    MultipleQuestion,
    Questionnaire,
    SingleQuestion,
    TextValue,
)

DEFAULT_MAX_WORDS = 15

# A sentence ends at . ! ? or … (with any closing « » or parenthesis) followed by a
# space, or at a line break; "impots.gouv.fr" and "1,99 €" stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?…])((?:[ \u00a0\u202f]*[»\"”)])*)\s+|\n+")
# A word holds a letter or a digit: "–", ":" and "«" are not words; "l'appareil" is one.
_WORD = re.compile(r"\S*[^\W_]\S*")
# « seul(e) », « informé(e)s », « ami·e·s »: forms that cannot be read aloud as written.
_GENDER_FORM = re.compile(
    r"[^\W\d_]+(?:\((?:e|es|ne|nes|le|les|se|ses|euse|euses|rice|rices|trice|trices)\)s?"
    r"|·(?:e|ne|le|se|euse|rice|trice)(?:·?s)?)(?![^\W\d_])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PersonText:
    """One text the person hears or reads, in one language, and where it is in the file."""

    path: PathKey
    name: str
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    offset: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, each with its offset in ``text``."""
    found: list[Sentence] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = len(text) if match is None else match.end(1) if match.group(1) else match.start()
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            found.append(Sentence(start + piece.index(stripped[0]), stripped))
        if match is not None:
            start = match.end()
    return found


def person_texts(questionnaire: Questionnaire) -> Iterator[PersonText]:
    """Every text read to or by the person, in file order, one per language."""
    yield from _texts(("intro",), _("intro"), questionnaire.intro, questionnaire.languages)
    for index, question in enumerate(questionnaire.questions):
        if question.observed:
            continue
        name = _("prompt of question '{id}'").format(id=question.id)
        yield from _texts(
            ("questions", index, "prompt"), name, question.prompt, questionnaire.languages
        )
        if isinstance(question, SingleQuestion | MultipleQuestion):
            for position, option in enumerate(question.options):
                yield from _texts(
                    ("questions", index, "options", position, "label"),
                    _("label of option '{value}' of question '{id}'").format(
                        value=option.value, id=question.id
                    ),
                    option.label,
                    questionnaire.languages,
                )
    yield from _level_texts("levels", questionnaire.levels, questionnaire.languages)
    yield from _level_texts(
        "domain_levels", questionnaire.domain_levels or (), questionnaire.languages
    )
    for index, advice in enumerate(questionnaire.advice):
        if advice.is_for("person"):
            yield from _texts(
                ("advice", index, "text"),
                _("text of advice '{id}'").format(id=advice.id),
                advice.text,
                questionnaire.languages,
            )


def check_readability(
    questionnaire: Questionnaire, max_words: int = DEFAULT_MAX_WORDS
) -> list[Problem]:
    """A warning for each long sentence and each « seul(e) »-style form, at its place."""
    problems: list[Problem] = []
    for item in person_texts(questionnaire):
        for sentence in sentences(item.text):
            if sentence.words > max_words:
                problems.append(
                    _located(
                        item,
                        sentence.offset,
                        "readability-length",
                        _(
                            "a sentence of the {name} ({language}) has {words} words, "
                            "more than {limit}: « {excerpt} »"
                        ).format(
                            name=item.name,
                            language=item.language,
                            words=sentence.words,
                            limit=max_words,
                            excerpt=_excerpt(sentence.text),
                        ),
                        _("split it, one idea per sentence"),
                    )
                )
        for match in _GENDER_FORM.finditer(item.text):
            problems.append(
                _located(
                    item,
                    match.start(),
                    "readability-gender-form",
                    _(
                        "the {name} ({language}) uses « {form} », "
                        "which cannot be read aloud as written"
                    ).format(name=item.name, language=item.language, form=match.group()),
                    _("address the person directly (« vous »), or rephrase without the form"),
                )
            )
    return problems


def sentence_words(questionnaire: Questionnaire) -> dict[str, list[int]]:
    """The word count of every person-facing sentence, by language (for measurements)."""
    counts: dict[str, list[int]] = {language: [] for language in questionnaire.languages}
    for item in person_texts(questionnaire):
        counts.setdefault(item.language, []).extend(s.words for s in sentences(item.text))
    return counts


def _located(item: PersonText, offset: int, code: str, message: str, hint: str) -> Problem:
    return Problem(item.path, Severity.WARNING, code, message, hint, offset=offset)


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _texts(
    path: PathKey, name: str, value: TextValue | None, languages: Sequence[str]
) -> Iterator[PersonText]:
    if value is None:
        return
    if isinstance(value, str):
        yield PersonText(path, name, languages[0], value)
        return
    yield from _by_language(path, name, value)


def _by_language(path: PathKey, name: str, value: Mapping[str, str]) -> Iterator[PersonText]:
    for language, text in value.items():
        yield PersonText((*path, language), name, language, text)


def _level_texts(
    section: str, levels: Sequence[Level | DomainLevel], languages: Sequence[str]
) -> Iterator[PersonText]:
    if section == "levels":
        names = {
            "title": N_("title of level '{id}'"),
            "description": N_("description of level '{id}'"),
        }
    else:
        names = {
            "title": N_("title of domain level '{id}'"),
            "description": N_("description of domain level '{id}'"),
        }
    for index, level in enumerate(levels):
        for key in ("title", "description"):
            yield from _texts(
                (section, index, key),
                _(names[key]).format(id=level.id),
                getattr(level, key),
                languages,
            )
