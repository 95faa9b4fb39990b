"""Analysts' decisions on alerts: an accept list that lapses when the facts change.

A decision ties one party value (a record field's value, compared after light normalisation) to
one list entry's content (a fingerprint of its names, identifiers and measures), with an outcome
(`false_positive` or `true_match`), the analyst, the time, the reason and an optional expiry.
A valid false_positive decision suppresses the hit it covers; a true_match never lowers anything.
A decision lapses when the entry's content changes, the value differs, it expires, or the entry
was delisted and listed again. Decisions live in an append-only SQLite file (`DecisionStore`).

Public API: `DecisionStore`, `DecisionSet`, `NewDecision`, `Outcome`, `DecisionError`,
`apply_decisions`, `screen_with_decisions`, `fingerprint`, `normalise_value`.
"""

from screening.decisions.apply import DecisionSet, apply_decisions, screen_with_decisions
from screening.decisions.fingerprint import fingerprint, normalise_value
from screening.decisions.model import AlertDecision, DecisionError, NewDecision, Outcome
from screening.decisions.store import DecisionStore

__all__ = ["AlertDecision", "DecisionError", "DecisionSet", "DecisionStore", "NewDecision",
           "Outcome", "apply_decisions", "fingerprint", "normalise_value",
           "screen_with_decisions"]
