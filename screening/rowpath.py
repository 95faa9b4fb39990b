"""The batch row path's fast lane: a payment row that is plainly valid and whose parties match
no list entry is CLEAR whatever the rules say (payment rules only act on hits), so it needs no
record model, no hit or rule evaluation and no result model. Such a row is read here with plain
code and its output row written directly.

The lane only says "CLEAR" when it is sure; for anything else (a hit, a value the record model
might refuse or rewrite, an export, a screener or rule set other than the stock ones, any
exception) it answers None and the row goes the reference way (`batch_rows.screen_raw`), which
builds the models and gives the same output for the rows the lane takes. Tests compare the
output of the two, byte for byte, in every output format (tests/test_rowpath.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from screening.bic import normalise_bic
from screening.countries import to_alpha2
from screening.csvio import RawRow
from screening.engine import Screener
from screening.limits import MAX_FIELD_CHARS
from screening.mapping import DECIMAL_FIELDS, ColumnMap, parse_date, parse_decimal
from screening.names.identifiers import IdentifierIndex
from screening.records import BIC_FIELDS, COUNTRY_FIELDS, PaymentRecord, RecordKind
from screening.rules.ruleset import RuleSet

ENABLED = True
"""Off: every row goes the reference way (tests compare the two)."""

_PAYMENT_NAMES = ("originator_name", "beneficiary_name")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")  # what parse_decimal reads without question


@dataclass(frozen=True)
class _Plan:
    """Where each kind of value is in a payment file's rows (column indexes)."""

    id: int
    date: int | None
    names: tuple[int, ...]
    bics: tuple[int, ...]
    countries: tuple[int, ...]
    decimals: tuple[int, ...]
    width: int  # the row has at least this many fields


@lru_cache(maxsize=64)
def _plan(cmap: ColumnMap) -> _Plan | None:
    if cmap.kind != RecordKind.payment:
        return None  # exports: country rules act without hits
    model = PaymentRecord.model_fields
    cols = dict(cmap.columns)
    if "id" not in cols or any(f not in model for f in cols):
        return None  # the reference way says why
    return _Plan(
        id=cols["id"], date=cols.get("date"),
        names=tuple(cols[f] for f in _PAYMENT_NAMES if f in cols),
        bics=tuple(cols[f] for f in BIC_FIELDS if f in cols),
        countries=tuple(i for f, i in cmap.columns if f in COUNTRY_FIELDS),
        decimals=tuple(i for f, i in cmap.columns if f in DECIMAL_FIELDS),
        width=max(i for _, i in cmap.columns) + 1)


class FastLane:
    """Answers, for one screener and one file's column map, whether a row is certainly a plain
    CLEAR (see the module docstring). Make one per chunk: the screener may differ (the names
    a chunk's rows carry, matched already, come with it)."""

    def __init__(self, screener: Screener, cmap: ColumnMap, as_of: dt.date | None) -> None:
        plan = _plan(cmap) if ENABLED else None
        # only the stock screener and rule set: their CLEAR-without-hits is what is relied on
        if (type(screener) is not Screener or type(screener.rules) is not RuleSet
                or RecordKind.payment not in screener._ruled_kinds):
            plan = None
        self.plan = plan
        self.default_date = as_of
        self._default_day = (as_of, as_of.isoformat()) if as_of is not None else None
        self._is_hit = screener.is_name_hit
        self._matches = screener._party_matches  # (what `name_matches` answers, one call less)
        self._identifiers = screener.identifiers
        self._clean_bics = _clean_bics(screener.identifiers)

    def clear(self, fields: Sequence[str]) -> tuple[str, dt.date] | None:
        """(record id, record date) if the row is a CLEAR with no hit and no note, else None
        (not known: screen it the reference way)."""
        got = self.check(fields)
        return None if got is None else (got[0], got[1])

    def check(self, fields: Sequence[str]) -> tuple[str, dt.date, str] | None:
        """`clear`, with the record date in ISO form."""
        plan = self.plan
        if plan is None or len(fields) < plan.width:
            return None
        whole = "".join(fields)  # every field within the limit, no lone surrogate
        if len(whole) > MAX_FIELD_CHARS or (not whole.isascii() and not _unicode_ok(whole)):
            return None
        try:
            rid = fields[plan.id].strip()
            if not rid:
                return None
            if plan.date is not None:
                day = _DAYS.get(fields[plan.date])
                if day is None:
                    day = _day(fields[plan.date])  # ValueError if empty or bad
            elif self._default_day is not None:
                day = self._default_day
            else:
                return None
            parties = False
            matches, is_hit = self._matches, self._is_hit
            for i in plan.names:
                v = fields[i].strip()
                if v:
                    parties = True
                    for m in matches(v):
                        if is_hit(m):
                            return None
            clean = self._clean_bics
            for i in plan.bics:
                v = fields[i]
                if v:
                    v = v.strip()
                    if v:
                        parties = True
                        if v not in clean and not _clean_bic(v, self._identifiers, clean):
                            return None
            if not parties:
                return None
            for i in plan.countries:
                v = fields[i]
                if v not in _COUNTRIES:
                    v = v.strip()
                    if v:
                        to_alpha2(v)  # ValueError if not a country
                        _remember(_COUNTRIES, fields[i])
            plain = _PLAIN_NUMBER.fullmatch
            for i in plan.decimals:
                v = fields[i].strip()
                if v and not plain(v):
                    parse_decimal(v)
        except Exception:  # noqa: BLE001 - the reference way reports (or raises) it
            return None
        return rid, day[0], day[1]


_DAYS: dict[str, tuple[dt.date, str]] = {}
"""Date cells read before (as they are written, spaces and all): the date and its ISO form."""
_COUNTRIES: set[str] = set()
"""Country cells read before that are a country (as they are written) or blank."""


def _day(cell: str) -> tuple[dt.date, str]:
    date = parse_date(cell.strip())
    if type(date) is not dt.date:
        raise ValueError(cell)
    got = date, date.isoformat()
    _remember(_DAYS, cell, got)
    return got


def _remember(memo: Any, key: str, value: Any = None) -> None:
    if len(memo) >= 10_000:
        memo.clear()
    if value is None:
        memo.add(key)
    else:
        memo[key] = value


_CLEAN: dict[int, tuple[IdentifierIndex, set[str]]] = {}


def _clean_bics(identifiers: IdentifierIndex) -> set[str]:
    """The BICs seen so far that are written in standard form and match no listed BIC (per
    identifier index: a worker has one)."""
    got = _CLEAN.get(id(identifiers))
    if got is None or got[0] is not identifiers:
        _CLEAN.clear()
        got = _CLEAN[id(identifiers)] = (identifiers, set())
    return got[1]


def _clean_bic(v: str, identifiers: IdentifierIndex, clean: set[str]) -> bool:
    # a BIC written otherwise gets a note; a listed one is a hit
    if normalise_bic(v) != v or identifiers.lookup_bic(v):
        return False
    if len(clean) < 100_000:
        clean.add(v)
    return True


def _unicode_ok(v: str) -> bool:
    """Text pydantic reads as a string (no lone surrogates)."""
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clear_json(row: int, rid: str, kind: str, date: dt.date, as_of: dt.date | None, line: int,
               last_line: int | None, echo: dict[str, str] | None) -> str:
    """`batch_cells.json_text` of a CLEAR result with no hit and no note, built directly."""
    day = date.isoformat()
    return clear_json_text(row, rid, kind, day, as_of.isoformat() if as_of else day, line,
                           last_line or line, echo)


def clear_json_text(row: int, rid: str, kind: str, day: str, on: str, line: int, last: int,
                    echo: dict[str, str] | None) -> str:
    """`clear_json` from the ISO dates: the record's `day`, and `on`, the day screened on."""
    tail = "}" if echo is None else ',"input":' + json.dumps(
        echo, ensure_ascii=False, separators=(",", ":")) + "}"
    return (f'{{"row":{row},"line":{line},"last_line":{last},"record_id":{_json_str(rid)},'
            f'"kind":{_json_str(kind)},"date":"{day}","as_of":"{on}","decision":"CLEAR",'
            '"best_score":0.0,"reasons":[],"hits":[],"notes":[],"error":null,"suppressed":[],'
            '"in_force":null' + tail)


_json_str = json.encoder.encode_basestring  # type: ignore[attr-defined]
"""A string as `json.dumps(s, ensure_ascii=False)` writes it."""


# -- rows between processes ----------------------------------------------------------------------

_FS, _RS = "\x00", "\x01"  # between fields, between rows: NUL never is in a readable row's fields
PackedRows = tuple[list[int], list[int], list[int], str, dict[int, tuple[Any, ...]]]


def pack_rows(rows: Sequence[RawRow]) -> PackedRows | list[tuple[Any, ...]]:
    """A chunk's rows for another process, in fewer and larger objects than a tuple per row
    (pickling 12 small strings a row costs more than screening it): row numbers, first and
    last lines, the fields of all rows in one string, and the unreadable rows apart. Plain
    tuples if a field holds a separator character."""
    text = _RS.join([_FS.join(r.fields) if r.fields is not None else "" for r in rows])
    widths = [len(r.fields) for r in rows if r.fields is not None]
    if (0 in widths or text.count(_FS) != sum(widths) - len(widths)
            or text.count(_RS) != len(rows) - 1):
        return [(r.row, r.line, r.fields, r.error, r.naive, r.last_line) for r in rows]
    odd = {i: (r.error, r.naive) for i, r in enumerate(rows) if r.fields is None}
    return ([r.row for r in rows], [r.line for r in rows], [r.last_line for r in rows], text,
            odd)


def unpack_rows(packed: PackedRows | list[tuple[Any, ...]]) -> list[RawRow]:
    """The rows `pack_rows` packed."""
    if isinstance(packed, list):
        return [RawRow(*t) for t in packed]
    numbers, lines, lasts, text, odd = packed
    out = []
    for i, (n, line, last, cells) in enumerate(zip(numbers, lines, lasts, text.split(_RS),
                                                   strict=True)):
        if i in odd:
            error, naive = odd[i]
            out.append(RawRow(n, line, None, error, naive, last))
        else:
            out.append(RawRow(n, line, cells.split(_FS), None, None, last))
    return out
