"""The review round trip through a spreadsheet: the CSV results carry a reference to each hit
(`hit_refs`) and empty `review_outcome`, `review_reason`, `reviewer` columns; an analyst fills
them in a copy, and `import_reviewed` records one decision per hit of each reviewed row.

An import is all or nothing: any row it cannot take (unknown outcome, missing reviewer or reason,
a hit reference that is broken or whose list entry is no longer loaded or has changed since the
file was screened) is reported with its row number and nothing is recorded. Importing the same
file twice records nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from screening.decisions.fingerprint import FingerprintCache, entry_content, normalise_value
from screening.decisions.model import AlertDecision, DecisionError, NewDecision, Outcome

if TYPE_CHECKING:
    from screening.decisions.store import DecisionStore
    from screening.models import Entity, WatchList
    from screening.results import ScreeningResult

REVIEW_COLUMNS = ("hit_refs", "review_outcome", "review_reason", "reviewer")
"""Columns appended to the CSV results for the review round trip."""
OPTIONAL_COLUMNS = ("review_expires", "review_hits")
"""Columns an analyst may add: an expiry date (yyyy-mm-dd) for the row's decisions, and which
hits of the row the review is about (their numbers in the `hits` cell, from 1, e.g. `1,3`;
empty: all of them)."""
MAX_ERRORS = 50

_FP = FingerprintCache()


def hit_refs_cell(res: ScreeningResult) -> str:
    """One JSON object per hit: field, value, list, entity and the entry's fingerprint."""
    if not res.hits:
        return ""
    return _JSON([{"field": h.field, "value": h.query, "list": h.list_id,
                   "entity": h.entity_id, "fp": _FP(h.entity)} for h in res.hits])


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""`json.dumps(x, ensure_ascii=False, separators=(",", ":"))`, without making an encoder per
call."""


@dataclass(frozen=True)
class HitRef:
    field: str
    value: str
    list_id: str
    entity_id: str
    fp: str


def parse_hit_refs(cell: str) -> list[HitRef]:
    """The hit references of a `hit_refs` cell (ValueError saying what is wrong)."""
    text = cell.strip()
    if text.startswith("'"):  # a formula-neutralised cell
        text = text[1:]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"hit_refs is not the JSON the screening wrote ({exc.msg}); do not "
                         "edit that column") from None
    if not isinstance(data, list) or not data:
        raise ValueError("hit_refs holds no hit")
    out = []
    for i, d in enumerate(data, 1):
        keys = ("field", "value", "list", "entity", "fp")
        if not isinstance(d, dict) or not all(isinstance(d.get(k), str) and d[k] for k in keys):
            raise ValueError(f"hit_refs: hit {i} is incomplete (needs {', '.join(keys)})")
        out.append(HitRef(d["field"], d["value"], d["list"], d["entity"], d["fp"]))
    return out


def _chosen(refs: list[HitRef], cell: str) -> list[HitRef]:
    """The hits a `review_hits` cell picks (numbers from 1 in the row's order; empty: all)."""
    if not cell.strip():
        return refs
    out = []
    for part in cell.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= len(refs):
            raise ValueError(f"review_hits {cell!r}: {part!r} is not a hit number of this row "
                             f"(1 to {len(refs)})")
        ref = refs[int(part) - 1]
        if ref not in out:
            out.append(ref)
    return out


@dataclass
class ImportReport:
    """What an import did: decisions recorded, rows skipped as already recorded."""

    recorded: list[AlertDecision]
    skipped: list[tuple[NewDecision, AlertDecision]]
    reviewed_rows: int
    rows: int


class ReviewImportError(DecisionError):
    """Rows of a reviewed file that cannot be imported; `errors` lists each with its row."""

    def __init__(self, path: Path, errors: list[str], more: int) -> None:
        self.errors = errors
        tail = f"\n  ... and {more} more" if more else ""
        super().__init__(f"{path}: nothing imported; {len(errors) + more} row(s) cannot be "
                         "taken:\n  " + "\n  ".join(errors) + tail)


def _entities(lists: Sequence[WatchList]) -> dict[tuple[str, str], Entity]:
    return {(wl.id, e.id): e for wl in lists for e in wl.entities}


def read_reviewed(path: str | Path, lists: Sequence[WatchList], today: dt.date | None = None
                  ) -> tuple[list[NewDecision], int, int]:
    """The decisions a reviewed results CSV asks for: (decisions, reviewed rows, data rows).
    Raises ReviewImportError listing every row that cannot be taken."""
    from screening.csvio import CsvSource
    from screening.mapping import InputError

    path = Path(path)
    try:  # the same reading as screened files: a spreadsheet may save cp1252 or Shift_JIS
        src = CsvSource(path)
    except InputError as exc:
        raise DecisionError(str(exc)) from exc
    cols = {h.strip().lower(): i for i, h in enumerate(src.header)}
    missing = [c for c in REVIEW_COLUMNS if c not in cols]
    if missing:
        raise DecisionError(f"{path}: no column {', '.join(missing)}; import the CSV results "
                            "of `screen FILE` with the review columns filled in")
    entities = _entities(lists)
    versions = {wl.id: str(wl.version) for wl in lists}
    fps = FingerprintCache()
    today = today or dt.datetime.now(dt.UTC).date()
    out: list[NewDecision] = []
    errors: list[str] = []
    more = 0
    reviewed = n = 0
    seen: dict[tuple[str, str, str, str], tuple[Outcome, int]] = {}

    def cell(row: list[str], name: str) -> str:
        i = cols.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    for raw in src.rows():
        n = raw.row
        if raw.fields is None:
            if len(errors) < MAX_ERRORS:
                errors.append(f"row {n} (line {raw.line}): cannot be read: {raw.error}")
            else:
                more += 1
            continue
        row = raw.fields
        outcome_s, reason, reviewer = (cell(row, c) for c in REVIEW_COLUMNS[1:])
        expires_s = cell(row, "review_expires")
        if not (outcome_s or reason or reviewer or expires_s):
            continue
        reviewed += 1
        where = f"row {n}" + (f" (record {cell(row, 'record_id')})"
                              if cell(row, "record_id") else "")
        problems: list[str] = []
        outcome: Outcome | None = None
        try:
            outcome = Outcome(outcome_s.lower().replace(" ", "_").replace("-", "_"))
        except ValueError:
            problems.append(f"review_outcome {outcome_s!r} is not false_positive or true_match"
                            if outcome_s else "review_outcome is empty")
        if not reviewer:
            problems.append("reviewer is empty: every decision needs the analyst's name")
        if not reason:
            problems.append("review_reason is empty: every decision needs a reason")
        expires = None
        if expires_s:
            try:
                expires = dt.date.fromisoformat(expires_s)
                if expires <= today:
                    problems.append(f"review_expires {expires_s} is not in the future")
            except ValueError:
                problems.append(f"review_expires {expires_s!r} is not a yyyy-mm-dd date")
        refs: list[HitRef] = []
        if not cell(row, "hit_refs"):
            problems.append("the row has no hit to decide on (hit_refs is empty)")
        else:
            try:
                refs = parse_hit_refs(cell(row, "hit_refs"))
                refs = _chosen(refs, cell(row, "review_hits"))
            except ValueError as exc:
                problems.append(str(exc))
        for ref in refs:
            entity = entities.get((ref.list_id, ref.entity_id))
            if entity is None:
                problems.append(
                    f"hit {ref.list_id}:{ref.entity_id} is no longer in the lists loaded"
                    + (f" (list {ref.list_id} version {versions[ref.list_id]})"
                       if ref.list_id in versions else
                       f" (list {ref.list_id} is not loaded: give the same --list options "
                       "as when screening)"))
            elif fps(entity) != ref.fp:
                problems.append(f"hit {ref.list_id}:{ref.entity_id} ({entity.primary_name}) "
                                "has changed in the list since this file was screened: screen "
                                "again and review the new results")
            elif outcome is not None and not problems:
                key = (ref.field, normalise_value(ref.value), ref.list_id, ref.entity_id)
                prior = seen.setdefault(key, (outcome, n))
                if prior[0] is not outcome:
                    problems.append(f"{ref.field} {ref.value!r} ~ {ref.list_id}:{ref.entity_id} "
                                    f"is {outcome.value} here but {prior[0].value} in row "
                                    f"{prior[1]}: one of the two reviews is wrong")
                    continue
                out.append(NewDecision(
                    field=ref.field, value=ref.value, list_id=ref.list_id,
                    entity_id=ref.entity_id, entity_name=entity.primary_name,
                    list_version=versions[ref.list_id], fingerprint=ref.fp,
                    entry=entry_content(entity), outcome=outcome, analyst=reviewer,
                    reason=reason, expires=expires, source=f"import {path.name} row {n}"))
        if problems:
            if len(errors) < MAX_ERRORS:
                errors.append(f"{where}: " + "; ".join(problems))
            else:
                more += 1
    if errors:
        raise ReviewImportError(path, errors, more)
    return out, reviewed, n


def import_reviewed(path: str | Path, store: DecisionStore, lists: Sequence[WatchList],
                    today: dt.date | None = None) -> ImportReport:
    """Record the decisions of a reviewed results CSV in `store` (all or nothing)."""
    new, reviewed, rows = read_reviewed(path, lists, today)
    recorded, skipped = store.record(new)
    return ImportReport(recorded, skipped, reviewed, rows)
