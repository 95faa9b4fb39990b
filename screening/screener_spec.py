"""The screener spec: how every process of a run (the main one, `--jobs` workers, Dask workers,
the service) builds the same Screener."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from screening.engine import Screener
from screening.names import Thresholds

CACHE_SIZE = 200_000


@dataclass(frozen=True)
class ScreenerSpec:
    """How to build the Screener: the same arguments in every worker process."""

    lists: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    builtin: bool = True
    review: float | None = None
    block: float | None = None
    list_thresholds: tuple[tuple[str, float, float | None], ...] = ()
    """(list id, review, block or None for the general block threshold) per list."""
    name_cache: int = CACHE_SIZE
    """Distinct party names whose list matches each process keeps (0: none); batch files
    repeat their counterparties, and results are the same either way."""
    decisions: str | None = None
    """An analysts' decisions file (SQLite) to apply, read once per process."""
    require_approval: bool = False
    decisions_today: dt.date | None = None
    """The day decision expiry is checked against (the same in every worker)."""

    def thresholds(self) -> Thresholds | None:
        if self.review is None and self.block is None:
            return None
        base = Thresholds()
        return Thresholds(review=self.review if self.review is not None else base.review,
                          block=self.block if self.block is not None else base.block)

    def per_list(self) -> dict[str, Thresholds]:
        """Thresholds for particular lists (ValueError if one is out of order)."""
        block = (self.thresholds() or Thresholds()).block
        return {lid: Thresholds(review=review, block=b if b is not None else max(block, review))
                for lid, review, b in self.list_thresholds}

    add_rules: tuple[str, ...] = ()
    """Rule files added to the built-in rules (or to `rules`)."""

    def ruleset(self) -> tuple[Any, list[str]]:
        """(RuleSet or None for the built-in rules, notes): see `screening.rules.compose`."""
        from screening.rules.compose import compose_rules

        return compose_rules(self.rules, self.add_rules)

    def build(self) -> Screener:
        rules, _ = self.ruleset()
        decisions = None
        if self.decisions is not None:
            from screening.decisions.apply import DecisionSet

            decisions = DecisionSet.load(self.decisions, self.require_approval,
                                         self.decisions_today)
        return Screener.load(lists=list(self.lists), rules=rules,
                             builtin=self.builtin, thresholds=self.thresholds(),
                             list_thresholds=self.per_list(), name_cache=self.name_cache,
                             decisions=decisions)
