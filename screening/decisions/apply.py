"""Applying decisions to hits: which hits a valid false_positive decision suppresses, and why
a decision that no longer holds lets its hit alert again.

A `DecisionSet` is a read-only snapshot of a store, taken once when screening starts (so every
row of a run sees the same decisions). Looking a hit up costs one dictionary probe; only hits of
entries that have decisions go further.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from screening.decisions.fingerprint import (
    FingerprintCache,
    describe_change,
    entry_content,
    normalise_value,
    relisting,
)
from screening.decisions.model import AlertDecision, Outcome
from screening.results import Hit, ScreeningResult, SuppressedHit

if TYPE_CHECKING:
    from screening.engine import Screener
    from screening.records import Record

MAX_NOTES_PER_HIT = 2
MAX_COMPARED = 50
"""Decisions on other values of the same entry compared to find a near variant to mention."""
NEAR_VALUE = 85
"""Similarity (rapidfuzz ratio) from which a decision on another value is mentioned in a note
(it is never applied: decisions apply to the same value only)."""


def _who(hit: Hit) -> str:
    return (f"{hit.field} {hit.query!r} ~ {hit.list_id}:{hit.entity_id} ({hit.entity_name}, "
            f"list version {hit.list_version})")


class DecisionSet:
    """The decisions in force at one moment, ready to apply to hits.

    `require_approval`: a false_positive decision applies only once a second, different analyst
    approved it. `today` is the day expiry dates are checked against; without it, the current
    UTC date at each check (so a long-running service never applies an expired decision).
    Revoked decisions are left out. A true_match decision on a party value and entry stands
    until revoked, and while it stands no false_positive decision on them applies (it never
    lowers anything); otherwise the newest false_positive decision that is approved (if approval
    is required) governs."""

    def __init__(self, decisions: Iterable[AlertDecision], require_approval: bool = False,
                 today: dt.date | None = None, source: str = "") -> None:
        self.require_approval = require_approval
        self._today = today
        self.source = source
        self._by_entry: dict[tuple[str, str, str], list[AlertDecision]] = {}
        n = 0
        for d in decisions:
            if d.revoked is None:
                self._by_entry.setdefault((d.list_id, d.entity_id, d.field), []).append(d)
                n += 1
        for ds in self._by_entry.values():
            ds.reverse()  # newest first
        self._count = n
        self._fp = FingerprintCache()

    @classmethod
    def load(cls, path: str | Path, require_approval: bool = False,
             today: dt.date | None = None) -> DecisionSet:
        """The decisions in force in the store at `path` (DecisionError if it cannot be read).
        Approval is required if `require_approval` or if the store makes it the rule."""
        from screening.decisions.store import DecisionStore

        with DecisionStore(path, readonly=True) as store:
            return cls(store.decisions(), require_approval or store.requires_approval, today,
                       source=str(path))

    @property
    def today(self) -> dt.date:
        """The day expiry is checked against (fixed, or the current UTC date)."""
        return self._today or dt.datetime.now(dt.UTC).date()

    def __len__(self) -> int:
        return self._count

    def in_force(self) -> int:
        """Decisions that can apply today: not revoked, not expired, and approved by a second
        analyst if approval is required (true_match decisions need no approval)."""
        today = self.today
        return sum(1 for ds in self._by_entry.values() for d in ds
                   if (d.expires is None or today < d.expires)
                   and (not self.require_approval or d.outcome is Outcome.true_match
                        or self._approved(d)))

    def _approved(self, d: AlertDecision) -> bool:
        return any(a.casefold() != d.analyst.casefold() for a in d.approved_by)

    def covers(self, hit: Hit) -> bool:
        """True if some decision is about this hit's field and entry (it may still not apply:
        another value, lapsed, pending approval)."""
        return (hit.list_id, hit.entity_id, hit.field) in self._by_entry

    def split(self, hits: Sequence[Hit]) -> tuple[list[Hit], list[SuppressedHit], list[str]]:
        """(hits that still count, hits suppressed by a valid false_positive decision, notes
        on decisions that matched a hit but do not apply and why)."""
        if not self._by_entry:
            return list(hits), [], []
        kept: list[Hit] = []
        suppressed: list[SuppressedHit] = []
        notes: list[str] = []
        for h in hits:
            cands = self._by_entry.get((h.list_id, h.entity_id, h.field))
            if not cands:
                kept.append(h)
                continue
            s = self._judge(h, cands, notes)
            if s is None:
                kept.append(h)
            else:
                suppressed.append(s)
        return kept, suppressed, notes

    def _judge(self, h: Hit, cands: list[AlertDecision], notes: list[str]
               ) -> SuppressedHit | None:
        vnorm = normalise_value(h.query)
        same = [d for d in cands if d.value_norm == vnorm]
        if not same:
            # say so only for a near variant (an unrelated value's decision is not news)
            near = max(cands[:MAX_COMPARED], key=lambda d: fuzz.ratio(vnorm, d.value_norm))
            if fuzz.ratio(vnorm, near.value_norm) >= NEAR_VALUE:
                notes.append(f"{_who(h)}: {near.cite()} is for {h.field} {near.value!r}, not "
                             f"{h.query!r}; decisions apply only to the same value (compared "
                             "after case and spacing are normalised), so this hit alerts")
            return None
        tm = next((d for d in same if d.outcome is Outcome.true_match), None)
        if tm is not None:  # stands until revoked; no false_positive applies meanwhile
            notes.append(f"{_who(h)}: confirmed a true match by {tm.cite()}")
            return None
        # the newest decision that holds applies (an older one made on exactly this entry
        # content still holds when screening against that list version); if none holds, the
        # note says why the newest does not
        said = 0
        lapse: str | None = None
        for d in same:  # newest first
            if self.require_approval and not self._approved(d):
                if said < MAX_NOTES_PER_HIT:
                    notes.append(f"{_who(h)}: {d.cite()} awaits approval by a second analyst "
                                 "(four-eyes), so it does not apply yet")
                    said += 1
                continue
            why = self._lapse(h, d)
            if why is None:
                return SuppressedHit(hit=h, decision_id=d.id, analyst=d.analyst,
                                     decided_at=d.at, reason=d.reason, expires=d.expires,
                                     note=f"{_who(h)} suppressed by {d.cite()}")
            lapse = lapse or why
        if lapse is not None:
            notes.append(lapse)
        return None

    def _lapse(self, h: Hit, d: AlertDecision) -> str | None:
        """Why `d` does not hold for the hit (a note), or None if it does."""
        if d.expires is not None and self.today >= d.expires:
            return f"{_who(h)}: {d.cite()} expired on {d.expires}, so this hit alerts again"
        if self._fp(h.entity) != d.fingerprint:
            now = entry_content(h.entity)
            why = relisting(d.entry, now) or (
                "the list entry changed since (" + describe_change(d.entry, now) + ")")
            return (f"{_who(h)}: {d.cite()} no longer applies: {why}; it was made on list "
                    f"version {d.list_version or 'unknown'}, so this hit alerts again")
        return None


def screen_with_decisions(screener: Screener, decisions: DecisionSet,
                          record: Record | dict[str, Any], as_of: dt.date | None = None,
                          row: int | None = None) -> ScreeningResult:
    """Screen one record with `decisions` applied (the screener itself is left as it is)."""
    return screener.with_decisions(decisions).screen(record, as_of=as_of, row=row)


def apply_decisions(screener: Screener, decisions: DecisionSet,
                    records: Sequence[Record | dict[str, Any]],
                    results: Sequence[ScreeningResult]) -> list[ScreeningResult]:
    """Results with `decisions` applied, for results already computed by `screener` from
    `records` (same order). A result none of whose hits has a decision is returned as it is;
    the others are screened again with the decisions, so the row's decision comes from the
    same rules as before, without the suppressed hits."""
    if len(records) != len(results):
        raise ValueError(f"{len(records)} records but {len(results)} results")
    deciding = screener.with_decisions(decisions)
    out = []
    for rec, res in zip(records, results, strict=True):
        if res.suppressed or not any(decisions.covers(h) for h in res.hits):
            out.append(res)
        else:
            out.append(deciding.screen(rec, as_of=res.as_of, row=res.row))
    return out
