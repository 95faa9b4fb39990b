"""Effective-date semantics: when does a measure (party or country-wide) apply?

A measure applies from its start (inclusive) until its end or delisting date (exclusive).
The start is the effective date when known; a date that is only an announcement is handled
by the `AnnouncedPolicy`; a measure with no start date at all applies at any date (we cannot
show it did not apply yet, so we fail closed) and the explanation says the start is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from screening.models import CountryMeasure, DateBasis, Measure
from screening.rules.schema import AnnouncedPolicy


class State(StrEnum):
    in_force = "in_force"
    not_yet = "not_yet"  # before its start
    ended = "ended"  # on or after its end / delisting
    announced_only = "announced_only"  # ignored under the effective_only policy


@dataclass(frozen=True)
class Timing:
    """Where `on` falls in a measure's window, and the dates that decided it."""

    state: State
    start: dt.date | None
    basis: DateBasis  # what `start` is: effective, announced, snapshot or unknown
    end: dt.date | None
    end_label: str | None  # "delisted" or "ended"
    cap_review: bool = False  # the announced policy `review` caps the outcome at REVIEW

    @property
    def applies(self) -> bool:
        return self.state is State.in_force

    def since(self) -> str:
        """Human wording of the start, e.g. 'effective 2022-03-15'."""
        if self.start is None:
            return "start date unknown"
        if self.basis is DateBasis.announced:
            return f"announced {self.start} (effective date unknown)"
        if self.basis is DateBasis.snapshot:
            return f"first seen in the list snapshot of {self.start}"
        if self.basis is DateBasis.unknown:
            return f"from {self.start} (date basis unknown)"
        return f"effective {self.start}"

    def until(self) -> str:
        return f"; {self.end_label} {self.end}" if self.end else ""


def _start(m: Measure | CountryMeasure) -> tuple[dt.date | None, DateBasis]:
    """The start date and what it is. An effective_from whose basis says `announced`, or an
    announced date with no effective_from, is an announced-only start."""
    if m.effective_from is not None:
        if m.date_basis is DateBasis.announced:
            return m.effective_from, DateBasis.announced
        return m.effective_from, m.date_basis
    if m.announced is not None:
        return m.announced, DateBasis.announced
    return None, DateBasis.unknown


def _end(m: Measure | CountryMeasure) -> tuple[dt.date | None, str | None]:
    delisted = getattr(m, "delisted", None)
    ends = [(d, label) for d, label in ((m.effective_to, "ended"), (delisted, "delisted")) if d]
    if not ends:
        return None, None
    return min(ends)


def timing(m: Measure | CountryMeasure, on: dt.date,
           policy: AnnouncedPolicy = AnnouncedPolicy.conservative) -> Timing:
    """Whether measure `m` applies on `on` under the announced-date `policy`."""
    start, basis = _start(m)
    end, end_label = _end(m)
    announced_only = basis is DateBasis.announced
    if end is not None and on >= end:
        state = State.ended
    elif start is not None and on < start:
        state = State.not_yet
    elif announced_only and policy is AnnouncedPolicy.effective_only:
        state = State.announced_only
    else:
        state = State.in_force
    cap = announced_only and policy is AnnouncedPolicy.review
    return Timing(state, start, basis, end, end_label, cap)
