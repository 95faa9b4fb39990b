"""Party names of a batch: the name columns and a chunk's distinct names, the cache of their
matches (`_forget_oldest`), and matches packed to travel between processes (`_pack`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from screening.batch_rows import RowTask
from screening.csvio import RawRow
from screening.engine import Screener
from screening.models import NameStrength
from screening.names import NameMatch

NAME_FIELDS = frozenset({"originator_name", "beneficiary_name", "exporter_name",
                         "consignee_name", "end_user_name"})


PackedMatch = tuple[int, str, int, float, str]
"""A name match between processes: (entity's position in the index, name, strength's
position in NameStrength, score, explanation); an entity would pickle whole."""
_POSITIONS: dict[int, tuple[Any, Callable[[Any], int]]] = {}  # id(index) -> (index, position)
_STRENGTHS = list(NameStrength)


def _position_of(index: Any) -> Callable[[Any], int]:
    """The function giving an indexed entity's position in `index.entities`. A snapshot's
    entities are made when first read: their list says where an entity it made is (making
    them all to look it up would cost a second of CPU per process, see LazyList.position);
    other lists are enumerated once (their entities exist already)."""
    entities = index.entities
    finder = getattr(entities, "position", None)
    if finder is not None:
        return finder
    positions = {id(e): i for i, e in enumerate(entities)}
    return lambda e: positions[id(e)]


def _pack(screener: Screener, matches: tuple[NameMatch, ...]) -> tuple[PackedMatch, ...]:
    if not matches:
        return ()
    index = screener.index
    got = _POSITIONS.get(id(index))
    if got is None or got[0] is not index:
        _POSITIONS.clear()
        got = _POSITIONS[id(index)] = (index, _position_of(index))
    position = got[1]
    return tuple((position(m.entity), m.name, _STRENGTHS.index(m.strength), m.score,
                  m.explanation) for m in matches)


def _unpack(screener: Screener, packed: tuple[PackedMatch, ...]) -> tuple[NameMatch, ...]:
    entities = screener.index.entities
    return tuple(NameMatch(entity=entities[e], name=n, strength=_STRENGTHS[s], score=sc,
                           explanation=x) for e, n, s, sc, x in packed)


def _match_names(screener: Screener, names: list[str]) -> list[tuple[NameMatch, ...] | None]:
    """The list matches of the names, or None for all if matching them together fails (the
    rows then match their names one by one, and a name that fails makes its row an ERROR)."""
    try:
        return list(screener.name_matches_many(names))
    except Exception:  # noqa: BLE001 - fail closed row by row, as screen_raw does
        return [None] * len(names)


def _name_columns(task: RowTask, cache: int) -> list[int]:
    """The columns holding party names (none when names are not to be cached)."""
    return _party_columns(task) if cache else []


def _party_columns(task: RowTask) -> list[int]:
    """The columns holding party names."""
    return [i for f, i in task.cmap.columns if f in NAME_FIELDS]


def _forget_oldest(known: dict[str, Any], cache: int) -> None:
    """Past `cache` names, forget the oldest half (they are matched again if they recur)."""
    if len(known) > cache:
        for n in list(known)[:len(known) - cache // 2]:
            del known[n]


def _party_names(chunk: Sequence[RawRow], cols: Sequence[int]) -> list[str]:
    """The distinct party names of a chunk's rows, as the records will hold them."""
    out: dict[str, None] = {}
    for r in chunk:
        fields = r.fields
        if fields is not None:
            for i in cols:
                if i < len(fields):
                    v = fields[i].strip()
                    if v:
                        out[v] = None
    return list(out)
