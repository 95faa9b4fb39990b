"""The rule-file schema: what a `[[rule]]` table may say (unknown fields are errors)."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from screening.countries import is_code
from screening.models import MeasureType
from screening.records import COUNTRY_FIELDS, ExportRecord, PaymentRecord, RecordKind, Role
from screening.results import Decision, MatchType

HS_PREFIX_RE = re.compile(r"^\d{2,10}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")

ROLES_BY_KIND: dict[RecordKind, frozenset[Role]] = {
    RecordKind.payment: frozenset({Role.originator, Role.beneficiary, Role.originator_bank,
                                   Role.beneficiary_bank, Role.intermediary}),
    RecordKind.export: frozenset({Role.exporter, Role.consignee, Role.end_user}),
}
FIELDS_BY_KIND: dict[RecordKind, frozenset[str]] = {
    RecordKind.payment: frozenset(PaymentRecord.model_fields),
    RecordKind.export: frozenset(ExportRecord.model_fields),
}


class AnnouncedPolicy(StrEnum):
    """How to treat a measure whose start is known only as an announcement date.

    - `conservative` (default): it applies from the announcement date, with the rule's outcome.
    - `review`: it applies from the announcement date, but at most with REVIEW.
    - `effective_only`: it does not apply until an effective date is known (a note says so).
    """

    conservative = "conservative"
    review = "review"
    effective_only = "effective_only"


class MatchFilter(StrEnum):
    """Which hits a rule takes, by `Hit.strength`."""

    strong = "strong"
    weak = "weak"
    any = "any"


class IfBlank(StrEnum):
    """What a rule does when a record field it conditions on is blank."""

    REVIEW = "REVIEW"
    BLOCK = "BLOCK"
    skip = "skip"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _upper_codes(v: object) -> object:
    if isinstance(v, list | tuple):
        return [x.strip().upper() if isinstance(x, str) else x for x in v]
    return v


class Conditions(_Strict):
    """When a rule fires. Empty lists mean "any"."""

    roles: tuple[Role, ...] = ()
    measure_types: tuple[MeasureType, ...] = ()
    match: MatchFilter = MatchFilter.any
    match_types: tuple[MatchType, ...] = ()
    lists: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    record: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Record-field conditions, e.g. `{beneficiary_country = ["JP"]}` (case-insensitive)."""
    if_blank: IfBlank = IfBlank.REVIEW
    """Outcome when a conditioned record field (or destination / HS code) is blank."""
    destination_countries: tuple[str, ...] = ()
    hs_prefixes: tuple[str, ...] = ()
    country_measure_ids: tuple[str, ...] = ()
    country_measure_types: tuple[MeasureType, ...] = ()

    _codes = field_validator("destination_countries", mode="before")(_upper_codes)

    @field_validator("destination_countries")
    @classmethod
    def _countries(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for c in v:
            if not COUNTRY_RE.match(c) or not is_code(c):
                raise ValueError(f"{c!r} is not an ISO 3166 alpha-2 country code")
        return v

    @field_validator("hs_prefixes")
    @classmethod
    def _hs(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for p in v:
            digits = p.replace(".", "").replace(" ", "")
            if not HS_PREFIX_RE.match(digits):
                raise ValueError(f"HS prefix {p!r} is not 2 to 10 digits (dots allowed)")
            out.append(digits)
        return tuple(out)

    @field_validator("record", mode="before")
    @classmethod
    def _record_values(cls, v: object) -> object:
        if isinstance(v, dict):
            return {k: _upper_codes(x) if isinstance(x, list) else x for k, x in v.items()}
        return v

    @field_validator("record")
    @classmethod
    def _record_countries(cls, v: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        """Record country fields hold alpha-2 codes (names are read as codes when the record is
        built), so a condition naming a country any other way could never match."""
        for name, allowed in v.items():
            bad = [c for c in allowed if name in COUNTRY_FIELDS and not is_code(c)]
            if bad:
                raise ValueError(f"{name}: {', '.join(repr(c) for c in bad)} is not an ISO 3166 "
                                 "alpha-2 country code")
        return v

    @property
    def is_country_rule(self) -> bool:
        return bool(self.country_measure_ids or self.country_measure_types)


class Rule(_Strict):
    """One rule: conditions on hits (party rules) or on the goods and destination (country
    rules), the outcome, and where it comes from."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    description: str = Field(min_length=1)
    record_kinds: tuple[RecordKind, ...] = Field(min_length=1)
    conditions: Conditions = Conditions()
    outcome: Decision
    fallback: bool = False
    """A fallback rule fires for a hit only when no other rule fired for that hit."""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # exclusive
    legal_basis: str | None = None
    source: str | None = None
    note: str | None = None

    @field_validator("outcome")
    @classmethod
    def _outcome(cls, v: Decision) -> Decision:
        if v not in (Decision.BLOCK, Decision.REVIEW):
            raise ValueError("outcome must be BLOCK or REVIEW")
        return v

    @model_validator(mode="after")
    def _check(self) -> Rule:
        c = self.conditions
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is not after valid_from {self.valid_from}")
        kinds = set(self.record_kinds)
        for role in c.roles:
            if not any(role in ROLES_BY_KIND[k] for k in kinds):
                raise ValueError(f"conditions.roles: role {role.value!r} never occurs in "
                                 f"{'/'.join(sorted(kinds))} records")
        for name in c.record:
            missing = [k.value for k in kinds if name not in FIELDS_BY_KIND[k]]
            if missing:
                raise ValueError(f"conditions.record: {name!r} is not a field of "
                                 f"{'/'.join(missing)} records")
        if c.is_country_rule:
            if c.measure_types or c.roles or c.match_types:
                raise ValueError("a country rule (country_measure_ids/types) cannot also "
                                 "condition on roles, measure_types or match_types")
            if kinds != {RecordKind.export}:
                raise ValueError("a country rule applies to export records only")
            if self.fallback:
                raise ValueError("a country rule cannot be a fallback rule")
        elif c.destination_countries or c.hs_prefixes:
            raise ValueError("destination_countries / hs_prefixes need country_measure_ids "
                             "or country_measure_types")
        return self

    def in_validity(self, on: dt.date) -> bool:
        """True if the rule itself is valid on `on` (valid_from inclusive, valid_to exclusive)."""
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on >= self.valid_to)


class RuleFile(_Strict):
    rule: tuple[Rule, ...] = Field(min_length=1)
