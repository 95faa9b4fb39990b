"""Analysts' decisions on alerts, and the later events (approval, revocation) that act on them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from screening.decisions.fingerprint import entry_content, fingerprint, normalise_value
from screening.results import Hit


class Outcome(StrEnum):
    """What the analyst found: the party is not the listed one, or it is."""

    false_positive = "false_positive"
    true_match = "true_match"


class EventKind(StrEnum):
    decision = "decision"
    approval = "approval"
    revocation = "revocation"


class DecisionError(ValueError):
    """A decision, approval or revocation that cannot be recorded (the message says why)."""


@dataclass(frozen=True)
class NewDecision:
    """A decision about to be recorded: one party value against one list entry's content."""

    field: str
    value: str
    list_id: str
    entity_id: str
    entity_name: str
    list_version: str
    fingerprint: str
    entry: dict[str, Any]
    outcome: Outcome
    analyst: str
    reason: str
    expires: dt.date | None = None
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", Outcome(self.outcome))  # "false_positive" works too

    @classmethod
    def for_hit(cls, hit: Hit, outcome: Outcome | str, analyst: str, reason: str,
                expires: dt.date | None = None, source: str = "") -> NewDecision:
        """The decision on a hit as screened (its entry's content as it is now)."""
        return cls(field=hit.field, value=hit.query, list_id=hit.list_id,
                   entity_id=hit.entity_id, entity_name=hit.entity_name,
                   list_version=hit.list_version, fingerprint=fingerprint(hit.entity),
                   entry=entry_content(hit.entity), outcome=Outcome(outcome),
                   analyst=analyst, reason=reason, expires=expires, source=source)

    @property
    def value_norm(self) -> str:
        return normalise_value(self.value)

    def same_as(self, other: AlertDecision) -> bool:
        """True if `other` records exactly this decision (used to make imports idempotent)."""
        return (self.field, self.value_norm, self.list_id, self.entity_id, self.fingerprint,
                self.outcome, self.analyst.strip(), self.reason.strip(), self.expires) == (
            other.field, other.value_norm, other.list_id, other.entity_id, other.fingerprint,
            other.outcome, other.analyst, other.reason, other.expires)


@dataclass(frozen=True)
class AlertDecision:
    """A recorded decision with what happened to it since (approvals, revocation)."""

    id: str
    field: str
    value: str
    value_norm: str
    list_id: str
    entity_id: str
    entity_name: str
    list_version: str
    fingerprint: str
    entry_json: str
    """The entry's content when decided, as JSON text (parsed only to explain a lapse: a
    store of many decisions then keeps few Python objects alive)."""
    outcome: Outcome
    analyst: str
    at: str
    reason: str
    expires: dt.date | None
    source: str
    approved_by: tuple[str, ...] = ()
    revoked: str | None = None
    """Who revoked it, when and why (None while in force)."""

    @property
    def entry(self) -> dict[str, Any]:
        """The entry's content when decided (names, identifiers, measures)."""
        return json.loads(self.entry_json) if self.entry_json else {}

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.field, self.value_norm, self.list_id, self.entity_id)

    @property
    def date(self) -> str:
        return self.at[:10]

    def cite(self) -> str:
        """How notes name the decision: id, outcome, analyst, date and reason."""
        return (f"decision {self.id} ({self.outcome.value} by {self.analyst} on {self.date}: "
                f"{self.reason!r})")
