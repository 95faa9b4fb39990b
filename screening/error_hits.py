"""Hits for a row that is an ERROR: the party names and BICs that could be read are still
matched against the lists, so an ERROR (a bad date, an ambiguous amount, a broken quote)
never hides a listed name from the analyst. No rule is applied: the decision stays ERROR."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from screening.engine import Screener
from screening.limits import MAX_FIELD_CHARS
from screening.mapping import FIELDS, ColumnMap
from screening.records import RECORD_MODELS, RecordKind
from screening.results import Hit, ScreeningResult

SCREENED = {kind: frozenset(f for f in fields if f.endswith(("_name", "_bic")))
            for kind, fields in FIELDS.items()}
"""The fields whose values are matched against the lists (names and BICs)."""
NOTE = ("hits shown for the names that could be read; no rule was applied, as the row could "
        "not be read in full")


def readable_parties(cmap: ColumnMap, fields: Sequence[str]) -> dict[str, str]:
    """The non-empty name and BIC values of a row, without NUL bytes and replacement
    characters; values over the field limit are left out (the row is an ERROR for them)."""
    out: dict[str, str] = {}
    for field, i in cmap.columns:
        if field in SCREENED[cmap.kind] and i < len(fields):
            value = fields[i].replace("\x00", "").replace("\ufffd", "").strip().strip('"')
            if value and len(value) <= MAX_FIELD_CHARS:
                out[field] = value
    return out


def hits_for(screener: Screener, cmap: ColumnMap, fields: Sequence[str]) -> list[Hit]:
    """The list hits of a row's readable party values (no validation of the other fields)."""
    return _hits(screener, cmap.kind, readable_parties(cmap, fields))


def _hits(screener: Screener, kind: RecordKind, values: dict[str, str]) -> list[Hit]:
    if not values:
        return []
    return screener.hits(RECORD_MODELS[kind].model_construct(**values))


def with_record_hits(screener: Screener, record: Mapping[str, Any],
                     res: ScreeningResult) -> ScreeningResult:
    """`res` (an ERROR for the dict `record`) with the hits of its readable name and BIC
    values added: what `Screener.screen` returns for a record it cannot validate."""
    if res.hits:
        return res
    try:
        kind = RecordKind(str(record.get("kind") or "").strip() or (
            RecordKind.export if any(k in record for k in ("exporter_name", "consignee_name",
                                                           "end_user_name"))
            else RecordKind.payment))
        values = {k: v.replace("\x00", "").strip() for k, v in record.items()
                  if k in SCREENED[kind] and isinstance(v, str)
                  and v.strip() and len(v) <= MAX_FIELD_CHARS}
        hits = _hits(screener, kind, values)
    except Exception:  # noqa: BLE001 - the record is an ERROR already; hits are a courtesy
        return res
    if not hits:
        return res
    return res.model_copy(update={"hits": hits, "best_score": max(h.score for h in hits),
                                  "notes": [*res.notes, NOTE]})


def with_hits(screener: Screener, cmap: ColumnMap, res: ScreeningResult,
              fields: Sequence[str] | None) -> ScreeningResult:
    """`res` (an ERROR) with the hits of the row's readable names added."""
    if fields is None or res.hits:
        return res
    try:
        hits = hits_for(screener, cmap, fields)
    except Exception:  # noqa: BLE001 - the row is an ERROR already; the hits are a courtesy
        return res
    if not hits:
        return res
    return res.model_copy(update={"hits": hits, "best_score": max(h.score for h in hits),
                                  "notes": [*res.notes, NOTE]})
