"""The data of the review report: one plain dict per alert row (built where the row is screened,
so it travels back from worker processes), and the list entries the hits point to."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Levenshtein

from screening.decisions.fingerprint import FingerprintCache
from screening.names.normalize import fold, transliterate
from screening.results import Hit, MatchType, ScreeningResult

if TYPE_CHECKING:
    from screening.csvio import RawRow
    from screening.mapping import ColumnMap
    from screening.models import Entity

MAX_NAMES = 40
"""Names of one entry shown in the report (the rest are counted)."""
MAX_FIELD = 500
"""Characters of a record value kept in the report."""

_WORD = re.compile(r"\w+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FP = FingerprintCache()


def _key(word: str) -> str:
    return fold(_NON_ALNUM.sub("", transliterate(word)))


def highlight(name: str, query: str) -> list[list[Any]]:
    """`name` cut into [text, matches] segments: a word matches when its romanised, folded key
    equals one of the query's or is one edit from it (words of 5 letters or more)."""
    qkeys = {k for k in (_key(w) for w in _WORD.findall(query)) if k}
    out: list[list[Any]] = []
    pos = 0
    for m in _WORD.finditer(name):
        if m.start() > pos:
            out.append([name[pos:m.start()], False])
        k = _key(m.group())
        hit = bool(k) and (k in qkeys or (len(k) >= 5 and any(
            len(q) >= 5 and Levenshtein.distance(k, q, score_cutoff=1) <= 1 for q in qkeys)))
        out.append([m.group(), hit])
        pos = m.end()
    if pos < len(name):
        out.append([name[pos:], False])
    return out


def _d(v: Any) -> str | None:
    return None if v is None else str(v)


def entry_data(e: Entity) -> dict[str, Any]:
    """What the report shows of a list entry."""
    names = [[n.value, n.strength.value] for n in e.names]
    return {
        "name": e.primary_name, "kind": e.kind.value, "list": e.list_id, "id": e.id,
        "names": names[:MAX_NAMES], "more_names": max(0, len(names) - MAX_NAMES),
        "ids": [[i.type.value, i.value, i.country or ""] for i in e.identifiers],
        "measures": [{"type": m.type.value, "authority": m.authority, "program": m.program,
                      "announced": _d(m.announced), "from": _d(m.effective_from),
                      "basis": m.date_basis.value, "to": _d(m.effective_to),
                      "delisted": _d(m.delisted), "source": m.source} for m in e.measures],
        "countries": list(e.countries), "sources": list(e.sources)[:5],
        "fp": _FP(e),
    }


def _hit(h: Hit) -> dict[str, Any]:
    ident = h.match_type is MatchType.identifier
    return {
        "role": h.role.value, "field": h.field, "query": h.query, "list": h.list_id,
        "version": h.list_version, "entity": h.entity_id, "name": h.entity_name,
        "matched": h.matched, "type": h.match_type.value, "score": h.score,
        "strength": h.strength.value, "name_strength": _d(h.name_strength and
                                                          h.name_strength.value),
        "explanation": h.explanation,
        "hl": [[h.matched, True]] if ident else highlight(h.matched, h.query),
        "qhl": [[h.query, True]] if ident else highlight(h.query, h.matched),
    }


def alert_item(res: ScreeningResult, raw: RawRow | None = None,
               cmap: ColumnMap | None = None) -> dict[str, Any]:
    """One alert row for the report: the record as read, hits, reasons, notes, suppressed
    hits, and the list entries they point to (under `entries`, keyed `list:entity`)."""
    record: dict[str, str] = {}
    if raw is not None and raw.fields is not None and cmap is not None:
        for f, i in cmap.columns:
            if i < len(raw.fields) and raw.fields[i].strip():
                record[f] = raw.fields[i].strip()[:MAX_FIELD]
    entries: dict[str, dict[str, Any]] = {}
    for h in [*res.hits, *(s.hit for s in res.suppressed)]:
        key = f"{h.list_id}:{h.entity_id}"
        if key not in entries:
            entries[key] = entry_data(h.entity)
    return {
        "row": res.row, "line": raw.line if raw is not None else res.row,
        "id": res.record_id, "decision": res.decision.value, "score": res.best_score,
        "date": _d(res.date), "as_of": _d(res.as_of), "record": record,
        "hits": [_hit(h) for h in res.hits],
        "reasons": [{
            "rule": r.rule_id, "outcome": r.outcome.value, "text": r.text,
            "description": r.description, "legal_basis": r.legal_basis,
            "measure": r.measure_type, "authority": r.measure_authority,
            "from": _d(r.measure_from), "to": _d(r.measure_to), "basis": r.date_basis,
            "source": r.measure_source, "role": _d(r.role and r.role.value),
            "list": r.list_id, "entity": r.entity_id, "measure_id": r.measure_id,
        } for r in res.reasons],
        "notes": [n for n in res.notes if not any(n == s.note for s in res.suppressed)],
        "suppressed": [dict(_hit(s.hit), decision_id=s.decision_id, analyst=s.analyst,
                            decided_at=s.decided_at, reason=s.reason,
                            expires=_d(s.expires)) for s in res.suppressed],
        "entries": entries,
    }
