"""Records as the API takes them: JSON objects with the CSV input's fields, checked before the
engine sees them. A record that fails a check gets an ERROR result naming the field; the rest
of the request is screened."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from screening.engine import Screener
from screening.mapping import parse_date
from screening.records import RECORD_MODELS, RecordKind, unknown_keys
from screening.results import Decision, ScreeningResult
from screening.service.config import MAX_FIELD_CHARS

log = logging.getLogger("screening.service")
_EXPORT_HINTS = ("exporter_name", "consignee_name", "hs_code")


def _kind(raw: Mapping[str, Any]) -> RecordKind:
    given = raw.get("kind")
    if given is None or (isinstance(given, str) and not given.strip()):
        return RecordKind.export if any(k in raw for k in _EXPORT_HINTS) else RecordKind.payment
    if not isinstance(given, str):
        raise ValueError("kind: must be payment or export")
    try:
        return RecordKind(given.strip())
    except ValueError:
        raise ValueError(f"kind: {given!r} is not payment or export") from None


def prepare(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The record as the engine takes it; ValueError naming the field if it cannot be."""
    unknown_keys(raw, RECORD_MODELS[_kind(raw)])  # names each, with the field meant
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if v is None or isinstance(v, str):
            pass
        elif isinstance(v, int | float) and not isinstance(v, bool):
            v = str(v)
        else:
            raise ValueError(f"{k}: must be a string, a number or null, not "
                             f"{type(v).__name__ if not isinstance(v, bool) else 'a boolean'}")
        if v is not None and len(v) > MAX_FIELD_CHARS:
            raise ValueError(f"{k}: longer than {MAX_FIELD_CHARS} characters")
        out[k] = v
    date = out.get("date")
    if isinstance(date, str) and date.strip():
        try:
            out["date"] = parse_date(date)
        except ValueError as exc:
            raise ValueError(f"date: {exc}") from None
    return out


def screen_record(screener: Screener, raw: Mapping[str, Any], row: int,
                  as_of: dt.date | None) -> ScreeningResult:
    """One record's result: ERROR (naming the field) if it cannot be read, never CLEAR."""
    try:
        rec = prepare(raw)
    except ValueError as exc:
        rid = raw.get("id")
        rid = str(rid).strip() or None if isinstance(rid, str | int) else None
        return ScreeningResult(row=row, record_id=rid, decision=Decision.ERROR, as_of=as_of,
                               error=str(exc))
    try:
        return screener.screen(rec, as_of=as_of, row=row)
    except Exception:  # noqa: BLE001 - a bug must give this record ERROR, not fail the rest
        log.exception("internal error screening record %s", row)
        return ScreeningResult(row=row, record_id=str(rec.get("id") or "") or None,
                               decision=Decision.ERROR, as_of=as_of,
                               error="internal error while screening this record (a bug; "
                                     "it is logged on the server)")
