"""The structure's profile as data: its contact and its local offers (docs/structure.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from bonsclics_cli.questionnaire.model import IDENTIFIER_PATTERN, LANGUAGE_PATTERN

OFFER_KINDS = ("workshop", "permanence", "aidants_connect", "equipment")
MAX_OFFERS = 40
MAX_TEXT = 200  # one field of an offer holds on two printed lines at 14 pt

Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 .()-]{1,28}[0-9]$")]
Email = Annotated[
    str, StringConstraints(pattern=r"^[^@\s<>\"']{1,64}@[^@\s<>\"']{1,190}\.[a-z]{2,}$")
]
Link = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"']{1,300}$")]

LocalText = str | dict[Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)], str]


def _check_text(value: str) -> str:
    """Printable text, on one or a few lines, never empty, never longer than a field holds."""
    if not value.strip():
        raise PydanticCustomError("text_empty", "empty text")
    if len(value) > MAX_TEXT:
        raise PydanticCustomError(
            "text_too_long", "too long", {"length": len(value), "limit": MAX_TEXT}
        )
    for char in value:
        if char != "\n" and not char.isprintable() and char != " ":
            raise PydanticCustomError("text_control", "control", {"code": f"U+{ord(char):04X}"})
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _texts(cls, value: object) -> object:
        if isinstance(value, str):
            return _check_text(value)
        if isinstance(value, dict):
            for item in value.values():
                _check_text(item)
        return value


class Contact(_Strict):
    """The structure itself: printed at the foot of the person's page."""

    name: LocalText
    address: LocalText | None = None
    phone: Phone | None = None
    email: Email | None = None
    hours: LocalText | None = None
    website: Link | None = None


class Offer(_Strict):
    """A local offer: a workshop, a permanence, an Aidants Connect desk, equipment help."""

    id: Identifier
    kind: Literal["workshop", "permanence", "aidants_connect", "equipment"]
    title: LocalText
    place: LocalText | None = None
    when: LocalText | None = None
    contact: LocalText | None = None
    bring: LocalText | None = None
    advice: Annotated[list[Identifier], Field(min_length=1, max_length=20)]
    link: Link | None = None


class Structure(_Strict):
    format: Literal[1]
    structure: Contact
    offers: Annotated[list[Offer], Field(max_length=MAX_OFFERS)] = []

    def text(self, value: LocalText | None, language: str) -> str:
        """A text in ``language``; else French, else the first one written."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.get(language) or value.get("fr") or next(iter(value.values()))

    def offer_for(self, advice_id: str) -> Offer | None:
        """The first offer, in the file's order, that answers this advice."""
        return next((offer for offer in self.offers if advice_id in offer.advice), None)

    @property
    def advice_ids(self) -> Mapping[str, list[int]]:
        """Each advice id named by an offer, with the indexes of the offers naming it."""
        named: dict[str, list[int]] = {}
        for index, offer in enumerate(self.offers):
            for advice in offer.advice:
                named.setdefault(advice, []).append(index)
        return named
