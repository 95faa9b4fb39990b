"""The watchlist data model: entities, their names, identifiers and dated measures.

Every importer (our own TOML lists, OFAC, UN, EU, UK) produces these models, so the matching
and rule layers never see a source format.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from screening.countries import to_alpha2

BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")


class Frozen(BaseModel):
    """Base for immutable, strictly validated models (unknown fields are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class EntityKind(StrEnum):
    person = "person"
    organisation = "organisation"
    bank = "bank"
    government = "government"
    vessel = "vessel"
    aircraft = "aircraft"

    @property
    def is_person(self) -> bool:
        return self is EntityKind.person


class NameStrength(StrEnum):
    """How much weight an alias carries. Weak aliases alert at most for review."""

    primary = "primary"
    strong = "strong"
    weak = "weak"
    former = "former"


class Name(Frozen):
    value: str = Field(min_length=1)
    strength: NameStrength = NameStrength.primary
    script: str | None = None  # e.g. Latn, Cyrl, Kana, Arab
    lang: str | None = None  # e.g. en, ru, be, ja

    @field_validator("value")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("name is blank")
        return v


class IdentifierType(StrEnum):
    bic = "bic"
    registration = "registration"
    tax = "tax"
    lei = "lei"
    passport = "passport"
    national_id = "national_id"
    imo = "imo"
    bik = "bik"  # Russian domestic bank code
    other = "other"


class Identifier(Frozen):
    type: IdentifierType
    value: str = Field(min_length=1)
    country: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check_shape(self) -> Identifier:
        if self.type is IdentifierType.bic:
            v = self.value.replace(" ", "").upper()
            if not BIC_RE.match(v):
                raise ValueError(
                    f"BIC {self.value!r} has the wrong shape (want 8 or 11 characters: "
                    "4 letters bank, 2 letters country, 2 location, optional 3 branch)"
                )
            object.__setattr__(self, "value", v)
        return self


class BirthDate(Frozen):
    """A date of birth: exact (`date`), a year (`year_from` == `year_to`) or a year range."""

    date: dt.date | None = None
    year_from: int | None = None
    year_to: int | None = None
    circa: bool = False
    text: str | None = None  # as published

    @model_validator(mode="after")
    def _check(self) -> BirthDate:
        if self.date is None and self.year_from is None:
            raise ValueError("a birth date needs `date` or `year_from`")
        if self.year_from is not None:
            to = self.year_to if self.year_to is not None else self.year_from
            if to < self.year_from:
                raise ValueError("year_to is before year_from")
            if not 1800 <= self.year_from <= 2100:
                raise ValueError(f"impossible birth year {self.year_from}")
        return self


class Address(Frozen):
    text: str | None = None
    city: str | None = None
    country: str | None = None


class Relation(Frozen):
    type: str = "linked_to"  # linked_to, owned_by, controlled_by, ...
    name: str
    entity_id: str | None = None


class MeasureType(StrEnum):
    asset_freeze = "asset_freeze"
    payment_prohibition = "payment_prohibition"
    swift_disconnection = "swift_disconnection"
    export_ban = "export_ban"
    import_ban = "import_ban"
    investment_ban = "investment_ban"
    travel_ban = "travel_ban"
    trade_status = "trade_status"  # e.g. most-favoured-nation revocation
    sectoral = "sectoral"  # e.g. OFAC directives (debt/equity restrictions)
    sanction = "sanction"  # listed, measure type not published by the source


class DateBasis(StrEnum):
    """What a measure's start date is: the legal effective date, or only an announcement."""

    effective = "effective"
    announced = "announced"
    snapshot = "snapshot"  # first seen in a dated snapshot of the list
    unknown = "unknown"


class Measure(Frozen):
    type: MeasureType
    authority: str  # e.g. JP-MOF, OFAC, UN, EU, UK
    program: str | None = None
    announced: dt.date | None = None
    effective_from: dt.date | None = None
    date_basis: DateBasis = DateBasis.unknown
    effective_to: dt.date | None = None  # exclusive end (measure lapsed)
    delisted: dt.date | None = None  # exclusive end (party removed)
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check_dates(self) -> Measure:
        start = self.effective_from or self.announced
        for label, end in (("effective_to", self.effective_to), ("delisted", self.delisted)):
            if start and end and end < start:
                raise ValueError(f"{label} {end} is before the start date {start}")
        if self.announced and self.effective_from and self.effective_from < self.announced:
            # legal but unusual (retroactive); allowed, nothing to do
            pass
        return self

    @property
    def end(self) -> dt.date | None:
        """The first day the measure no longer applies (earliest of end and delisting)."""
        ends = [d for d in (self.effective_to, self.delisted) if d]
        return min(ends) if ends else None


class Entity(Frozen):
    id: str = Field(min_length=1)
    list_id: str = ""
    kind: EntityKind
    names: tuple[Name, ...] = Field(min_length=1)
    identifiers: tuple[Identifier, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    relations: tuple[Relation, ...] = ()
    measures: tuple[Measure, ...] = ()
    sources: tuple[str, ...] = ()
    notes: str | None = None

    @property
    def primary_name(self) -> str:
        for n in self.names:
            if n.strength is NameStrength.primary:
                return n.value
        return self.names[0].value

    @property
    def bics(self) -> tuple[str, ...]:
        return tuple(i.value for i in self.identifiers if i.type is IdentifierType.bic)


class CountryMeasure(Frozen):
    """A measure on a whole country or class of goods, not on a named party. `list_id` is the
    list it was published in (filled in by the list loaders), which reasons cite with the list
    version."""

    id: str
    list_id: str = ""
    type: MeasureType
    authority: str
    country: str  # ISO 3166 alpha-2 (a name or alpha-3 code is read as its alpha-2 code)
    description: str
    goods: str | None = None
    announced: dt.date | None = None
    effective_from: dt.date | None = None
    date_basis: DateBasis = DateBasis.unknown
    effective_to: dt.date | None = None
    source: str | None = None
    note: str | None = None

    @field_validator("country")
    @classmethod
    def _alpha2(cls, v: str) -> str:
        """Stored as the ISO 3166 alpha-2 code that records are compared with; a code or name
        that is not a known country is an error (a measure that could never match)."""
        return to_alpha2(v)


class ListVersion(Frozen):
    """What results cite for audit: the exact content that was screened against."""

    content_hash: str  # sha256 of the source bytes, hex, first 16 chars
    published: dt.date | None = None

    def __str__(self) -> str:
        return f"{self.published or 'undated'}/{self.content_hash}"


class WatchList(Frozen):
    id: str
    authority: str
    title: str
    source: str | None = None
    version: ListVersion
    entities: tuple[Entity, ...] = ()
    country_measures: tuple[CountryMeasure, ...] = ()
    notes: tuple[str, ...] = ()
    path: str | None = None

    def get(self, entity_id: str) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None
