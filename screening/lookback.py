"""Lookback: re-screen a file already screened against an old version of a list, against only
what changed in the new version.

A row is looked at again only when one of its parties comes near an entry that was added,
removed or changed: its names score at least the review threshold less `PREFILTER_MARGIN`
against a small index of just
those entries (in both versions), or one of its BICs belongs to one of them. Such a row is
screened in full against the old and the new lists (the same screeners a full run uses, so its
results are exactly a full run's), and reported when a hit appeared (newly hit), a hit went away
(delisted or changed) or its decision changed. Every other row is skipped and counted. A row
that cannot be read is reported as ERROR, never skipped.

The small index scores names with the weights of the changed entries alone, which differ from
the full list's: the margin keeps the filter well below the review threshold so that a name the
full screeners would match is not skipped (on the real OFAC history, every row whose hits
changed scored at least 0.64 against the changed entries, with the review threshold at
REVIEW_THRESHOLD; the tests compare lookback with full runs there).
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from screening.batch import BatchOptions, open_source
from screening.batch_cells import neutralise
from screening.batch_rows import RowTask, screen_raw
from screening.csvio import RawRow
from screening.engine import Screener
from screening.lists.diff import ListDiff, diff_lists
from screening.mapping import RowError, build_record
from screening.models import WatchList
from screening.names import NameIndex, Thresholds
from screening.names.identifiers import IdentifierIndex
from screening.results import Decision, Hit, ScreeningResult
from screening.screener_spec import ScreenerSpec

PREFILTER_MARGIN = 0.35
"""Rows whose party names score below the lowest review threshold minus this, against every
changed entry, are skipped."""


def hit_key(h: Hit) -> tuple[str, ...]:
    """What makes a hit the same hit in two runs: the same party matched to the same entry in
    the same way. The score may move with the list, and of two names of an entry that match
    equally well either may be the one shown."""
    return (str(h.role), h.field, h.query, h.list_id, h.entity_id, str(h.match_type))


@dataclass
class LookbackRow:
    """A row whose screening changed: its result against the new list, and what changed."""

    row: int
    line: int
    record_id: str | None
    result: ScreeningResult
    previous: Decision | None
    new_hits: list[Hit] = field(default_factory=list)
    gone_hits: list[Hit] = field(default_factory=list)

    @property
    def changes(self) -> list[str]:
        if self.result.decision is Decision.ERROR:
            return ["error"]
        out = []
        if self.new_hits:
            out.append("newly_hit")
        if self.gone_hits:
            out.append("hit_gone")
        if self.previous is not None and self.previous is not self.result.decision:
            out.append("decision_changed")
        return out

    def json(self) -> str:
        data = self.result.model_dump(mode="json")
        out = {"row": self.row, "line": self.line, "record_id": self.record_id,
               "changes": self.changes,
               "previous_decision": str(self.previous) if self.previous else None,
               "decision": str(self.result.decision),
               "new_hits": [h.model_dump(mode="json") for h in self.new_hits],
               "gone_hits": [h.model_dump(mode="json") for h in self.gone_hits],
               "result": data}
        return json.dumps(out, ensure_ascii=False, separators=(",", ":"))

    def csv_cells(self) -> list[str]:
        def hits(hs: list[Hit]) -> str:
            return " | ".join(f"{h.field}={h.query} ~ {h.list_id}:{h.entity_id} {h.entity_name} "
                              f"({h.match_type} {h.score:.2f})" for h in hs)
        return [str(self.row), str(self.line), self.record_id or "", " ".join(self.changes),
                str(self.previous or ""), str(self.result.decision), hits(self.new_hits),
                hits(self.gone_hits), self.result.error or ""]


CSV_COLUMNS = ("row", "line", "record_id", "changes", "previous_decision", "decision",
               "new_hits", "gone_hits", "error")


@dataclass
class LookbackSummary:
    list_id: str
    old_version: str
    new_version: str
    diff_counts: dict[str, int]
    rows: int = 0
    skipped: int = 0
    rescreened: int = 0
    newly_hit: int = 0
    hits_gone: int = 0
    decision_changed: int = 0
    errors: int = 0
    seconds: float = 0.0
    whole_file: str | None = None  # why every row was re-screened, if it was

    def text(self) -> str:
        c = self.diff_counts
        lines = [
            f"lookback on {self.list_id} {self.old_version} -> {self.new_version} "
            f"({c['added']} added, {c['removed']} removed, {c['changed']} changed): "
            f"{self.rows:,} rows in {self.seconds:.2f} s",
            f"  re-screened {self.rescreened:,}, skipped {self.skipped:,} (near no changed "
            f"entry); newly hit {self.newly_hit:,}, hits gone {self.hits_gone:,}, decision "
            f"changed {self.decision_changed:,}, errors {self.errors:,}"]
        if self.whole_file:
            lines.append(f"  every row re-screened: {self.whole_file}")
        return "\n".join(lines)

    def exit_code(self) -> int:
        if self.errors:
            return 3
        return 1 if (self.newly_hit or self.hits_gone or self.decision_changed) else 0


class ChangeFilter:
    """Tells whether a record comes near any entry changed between two versions of a list."""

    def __init__(self, diff: ListDiff, min_score: float) -> None:
        self.min_score = min_score
        ents = [e.new for e in diff.entries if e.new is not None]
        ents += [e.old for e in diff.entries if e.old is not None]
        self.index = NameIndex.build(ents) if ents else None
        self.identifiers = IdentifierIndex.build(ents)

        self._near_name = lru_cache(maxsize=100_000)(self._name_near)

    def _name_near(self, name: str) -> bool:
        return self.index is not None and bool(
            self.index.search(name, limit=1, min_score=self.min_score))

    def near(self, record: object) -> bool:
        for party in record.parties():  # type: ignore[attr-defined]
            if party.name and self._near_name(party.name):
                return True
            if party.bic and self.identifiers.lookup_bic(party.bic):
                return True
        return False


def _country_measures_changed(old: WatchList, new: WatchList) -> bool:
    def key(wl: WatchList) -> list[str]:
        return sorted(cm.model_dump_json() for cm in wl.country_measures)
    return key(old) != key(new)


def run_lookback(path: str | Path, old: WatchList | Callable[[], WatchList],
                 new_spec: ScreenerSpec,
                 opts: BatchOptions, build: Callable[[ScreenerSpec], Screener] | None = None,
                 old_spec: ScreenerSpec | None = None,
                 ) -> tuple[Iterator[LookbackRow], LookbackSummary]:
    """Rows of `path` whose screening changes from the list version `old` to the lists of
    `new_spec` (one of which has `old`'s id), lazily, and the summary (complete once the rows
    are consumed). `build` makes a Screener from a spec (default `ScreenerSpec.build`).

    `old_spec`, when given, builds the screener of the old version (e.g. from a compiled
    snapshot) instead of compiling `old` with the other lists of `new_spec`; it is used only if
    its lists are exactly those, and then `old` may be a function loading it, called only when
    the old version cannot be taken from that screener."""
    build = build or ScreenerSpec.build
    new_screener = build(new_spec)
    old_screener = build(old_spec) if old_spec is not None else None
    if not isinstance(old, WatchList):
        moved = []
        if old_screener is not None:  # the one list whose version differs
            versions = {wl.id: str(wl.version) for wl in new_screener.lists}
            moved = [wl for wl in old_screener.lists
                     if versions.get(wl.id) not in (None, str(wl.version))]
        old = moved[0] if len(moved) == 1 else old()
    new = next((wl for wl in new_screener.lists if wl.id == old.id), None)
    if new is None:
        raise ValueError(f"--since-list is list {old.id!r}, and no --list has that id "
                         f"(loaded: {', '.join(wl.id for wl in new_screener.lists)})")
    diff = diff_lists(old, new)
    others = [wl for wl in new_screener.lists if wl.id != old.id]
    want = sorted((wl.id, str(wl.version)) for wl in [*others, old])
    if old_screener is None or sorted(
            (wl.id, str(wl.version)) for wl in old_screener.lists) != want:
        old_screener = Screener(others + [old], new_screener.rules, new_spec.thresholds(),
                                new_spec.per_list(), name_cache=new_spec.name_cache,
                                decisions=getattr(new_screener, "decisions", None))
    elif not old_screener.name_cache and new_spec.name_cache:
        old_screener = old_screener.with_name_cache(new_spec.name_cache)
    if not new_screener.name_cache and new_spec.name_cache:
        new_screener = new_screener.with_name_cache(new_spec.name_cache)
    summary = LookbackSummary(new.id, str(old.version), str(new.version), diff.counts)
    if _country_measures_changed(old, new):
        summary.whole_file = "the list's country measures changed"
    reviews = [(new_spec.thresholds() or Thresholds()).review]
    reviews += [t.review for t in new_spec.per_list().values()]
    near = ChangeFilter(diff, max(0.05, min(reviews) - PREFILTER_MARGIN))
    src, cmap = open_source(path, opts)
    task = RowTask(cmap=cmap, as_of=opts.as_of, fmt="jsonl", file_name=src.path.name)

    def rows() -> Iterator[LookbackRow]:
        start = time.perf_counter()
        for raw in src.rows():
            summary.rows += 1
            out = _one(raw)
            if out is not None:
                yield out
        summary.seconds = time.perf_counter() - start

    def _one(raw: RawRow) -> LookbackRow | None:
        record = None
        if raw.fields is not None:
            try:
                record = new_screener.parse(build_record(cmap, raw.fields,
                                                         default_date=opts.as_of))
            except (RowError, ValueError):  # screened below, which reports it as ERROR
                record = None
        if record is not None and not summary.whole_file and not near.near(record):
            summary.skipped += 1
            return None
        res = screen_raw(new_screener, task, raw)
        if res.decision is Decision.ERROR:
            summary.errors += 1
            return LookbackRow(raw.row, raw.line, res.record_id, res, None)
        summary.rescreened += 1
        before = screen_raw(old_screener, task, raw)
        was = {hit_key(h) for h in before.hits}
        now = {hit_key(h) for h in res.hits}
        item = LookbackRow(raw.row, raw.line, res.record_id, res, before.decision,
                           [h for h in res.hits if hit_key(h) not in was],
                           [h for h in before.hits if hit_key(h) not in now])
        summary.newly_hit += bool(item.new_hits)
        summary.hits_gone += bool(item.gone_hits)
        summary.decision_changed += before.decision is not res.decision
        return item if item.changes else None

    return rows(), summary


def write_lookback(rows: Iterator[LookbackRow], out: TextIO, fmt: str) -> None:
    """The changed rows as CSV (one line each) or JSON Lines."""
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for r in rows:
            w.writerow([neutralise(c) for c in r.csv_cells()])
    else:
        for r in rows:
            out.write(r.json() + "\n")
    out.flush()

