"""What screening returns: hits, the reasons rules give for them, and the decision."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from screening.models import Entity, EntityKind, NameStrength
from screening.records import RecordKind, Role


class Decision(StrEnum):
    CLEAR = "CLEAR"
    REVIEW = "REVIEW"
    BLOCK = "BLOCK"
    ERROR = "ERROR"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Decision.CLEAR: 0, Decision.REVIEW: 1, Decision.BLOCK: 2, Decision.ERROR: 3}


class MatchType(StrEnum):
    name = "name"
    identifier = "identifier"


class MatchStrength(StrEnum):
    """How sure the match is: `strong` at or above the block threshold on a strong name or an
    exact identifier; `weak` between the review and block thresholds, or on a weak alias."""

    strong = "strong"
    weak = "weak"


class Hit(BaseModel):
    """One record party matched to one list entry, before any rule is applied."""

    model_config = ConfigDict(frozen=True)

    role: Role
    field: str
    query: str
    list_id: str
    list_version: str
    entity_id: str
    entity_kind: EntityKind
    entity_name: str
    match_type: MatchType
    matched: str  # the list name or identifier that matched
    name_strength: NameStrength | None = None
    score: float
    strength: MatchStrength
    explanation: str
    entity: Entity = Field(exclude=True, repr=False)


class NameSearchMatch(BaseModel):
    """One list name found by `Screener.search`: the entry, the name, its strength, the score
    in [0, 1] and why (JSON-serialisable like every other result; `entity` is the full list
    entry, left out of dumps as in `Hit`)."""

    model_config = ConfigDict(frozen=True)

    list_id: str
    list_version: str
    entity_id: str
    entity_kind: EntityKind
    entity_name: str
    name: str  # the list name that matched
    strength: NameStrength
    score: float
    explanation: str
    entity: Entity = Field(exclude=True, repr=False)


class Reason(BaseModel):
    """Why a rule fired: the rule, the measure, the hit (if any) and the dates that applied."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    outcome: Decision
    description: str
    legal_basis: str | None = None
    measure_type: str | None = None
    measure_authority: str | None = None
    measure_from: dt.date | None = None
    measure_to: dt.date | None = None
    date_basis: str | None = None
    measure_source: str | None = None
    measure_id: str | None = None
    """The id of the country measure a country rule applied (None for party reasons)."""
    role: Role | None = None
    list_id: str | None = None
    list_version: str | None = None
    entity_id: str | None = None
    entity_name: str | None = None
    matched: str | None = None
    score: float | None = None
    text: str


class SuppressedHit(BaseModel):
    """A hit an analyst's false_positive decision covers: kept for the record, not counted."""

    model_config = ConfigDict(frozen=True)

    hit: Hit
    decision_id: str
    analyst: str
    decided_at: str
    reason: str
    expires: dt.date | None = None
    note: str


class ScreeningResult(BaseModel):
    """The outcome for one record. `decision` is the strictest outcome of all reasons."""

    row: int | None = None
    record_id: str | None = None
    kind: RecordKind | None = None
    date: dt.date | None = None
    as_of: dt.date | None = None
    decision: Decision
    best_score: float = 0.0
    reasons: list[Reason] = []
    hits: list[Hit] = []
    notes: list[str] = []
    error: str | None = None
    suppressed: list[SuppressedHit] = []
    """Hits left out of the decision by a valid false_positive decision (see decisions)."""
