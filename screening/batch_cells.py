"""The output cells of a result: the CSV row (`csv_cells`, `clear_cells`), the JSON line
(`json_text`), and what they share (`in_force`, `row_notes`, formula neutralising)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from screening.decisions.review import REVIEW_COLUMNS, hit_refs_cell
from screening.results import Decision, ScreeningResult
from screening.rules.timing import timing

CSV_COLUMNS = ("row", "line", "last_line", "record_id", "decision", "best_score", "reasons",
               "hits", "notes", "error", "as_of", "in_force", *REVIEW_COLUMNS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading single quote."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _reason_text(r: Any) -> str:
    if r.entity_id is None:
        return f"{r.outcome} {r.rule_id}: {r.text}"
    measure = " ".join(str(x) for x in (r.measure_type, r.measure_authority) if x)
    if r.measure_from:
        measure += f" {r.date_basis or 'from'} {r.measure_from}"
    score = f" {r.score:.2f}" if r.score is not None else ""
    return (f"{r.outcome} {r.rule_id}: {r.role or 'party'} ~ {r.list_id}:{r.entity_id}{score}"
            + (f"; {measure}" if measure else ""))


def _reasons_cell(res: ScreeningResult) -> str:
    """Compact: one `OUTCOME rule: role ~ list:entity score; measure` per reason (the full
    wording is in the JSON output)."""
    return " | ".join(_reason_text(r) for r in res.reasons)


def _hits_cell(res: ScreeningResult) -> str:
    return " | ".join(
        f"{h.field}={h.query} ~ {h.list_id}:{h.entity_id} {h.entity_name} "
        f"({h.match_type} {h.score:.2f} {h.strength}"
        + (f", {h.name_strength} name {h.matched!r})" if h.match_type == "name" else ")")
        for h in res.hits)


def in_force(res: ScreeningResult, policy: Any = None) -> bool | None:
    """Whether a measure of what the row matched is in force on the date it was screened on:
    True if a rule applied one, False if there are hits but none of their measures is in
    force, None for a row without hits (or an ERROR row)."""
    if res.decision is Decision.ERROR:
        return None
    if res.reasons:
        return True
    if not res.hits:
        return None
    on = res.as_of or res.date
    if on is None:
        return None
    kw = {"policy": policy} if policy is not None else {}
    return any(not h.entity.measures or any(timing(m, on, **kw).applies for m in h.entity.measures)
               for h in res.hits)


def row_notes(res: ScreeningResult, force: bool | None) -> list[str]:
    """The notes, led by why a CLEAR row with matches is CLEAR."""
    if res.decision is Decision.CLEAR and res.hits and force is False:
        on = res.as_of or res.date
        n = len({(h.list_id, h.entity_id) for h in res.hits})
        return [f"CLEAR although {n} list {'entry' if n == 1 else 'entries'} matched: no "
                f"measure of {'it' if n == 1 else 'them'} is in force on {on}", *res.notes]
    return list(res.notes)


def _flag(force: bool | None) -> str:
    return "" if force is None else "yes" if force else "no"


def csv_cells(res: ScreeningResult, line: int, last_line: int | None = None,
              force: bool | None = None, echo: Sequence[str] = (), plain: bool = False
              ) -> list[str]:
    """The CSV output row for a result, formula-neutralised (unless `plain`): the result (the row
    covers the physical lines `line` to `last_line`), `as_of` (the date screened on),
    `in_force`, the review columns, then the `echo` input cells."""
    on = res.as_of or res.date
    if res.decision is Decision.CLEAR and not res.hits and not res.notes:
        return clear_cells(res.row, res.record_id, on, line, last_line, force, echo, plain,
                           res.best_score)
    last = str(last_line or line)
    tail = [on.isoformat() if on else "", _flag(force)]
    keep = (lambda c: c) if plain else neutralise
    cells = [res.record_id or "", _reasons_cell(res), _hits_cell(res),
             " | ".join(row_notes(res, force)), res.error or ""]
    rid, reasons, hits, notes, error = (keep(c) for c in cells)
    score = f"{res.best_score:.4f}" if res.decision is not Decision.ERROR or res.hits else ""
    return [str(res.row), str(line), last, rid, str(res.decision), score, reasons, hits, notes,
            error,
            *tail, hit_refs_cell(res), "", "", "", *(keep(c) for c in echo)]


def clear_cells(row: int | None, record_id: str | None, on: dt.date | None, line: int,
                last_line: int | None = None, force: bool | None = None,
                echo: Sequence[str] = (), plain: bool = False, best_score: float = 0.0
                ) -> list[str]:
    """`csv_cells` of a CLEAR result with no hit and no note (screened on `on`)."""
    keep = (lambda c: c) if plain else neutralise
    return [str(row), str(line), str(last_line or line), keep(record_id or ""), "CLEAR",
            f"{best_score:.4f}", "", "", "", "", on.isoformat() if on else "", _flag(force),
            "", "", "", "", *(keep(c) for c in echo)]


def json_text(res: ScreeningResult, line: int, last_line: int | None = None,
              force: bool | None = None, echo: dict[str, str] | None = None) -> str:
    """The full result as one line of JSON, with the physical lines `line` to `last_line` the
    row covers; `as_of` is the date the row was screened on (its own date unless --as-of)."""
    data = res.model_dump(mode="json")
    out = {"row": data.pop("row"), "line": line, "last_line": last_line or line}
    out.update(data)
    if out.get("as_of") is None:
        out["as_of"] = out.get("date")
    out["in_force"] = force
    out["notes"] = row_notes(res, force)
    if echo is not None:
        out["input"] = echo
    return _JSON(out)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""`json.dumps(x, ensure_ascii=False, separators=(",", ":"))`, without making an encoder per
call."""
