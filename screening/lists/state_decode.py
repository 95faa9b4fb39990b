"""Decoding of the index state that `state_codec.Encoder` stored in a snapshot.

Every stored value is checked against its shape when the snapshot is loaded: types, lengths,
array sizes, entity references in range. A file that does not fit is refused whole
(`StateError`) before anything of it is used. Lists of many scalars are stored as one buffer
(texts as NUL-joined UTF-8, numbers as 8-byte arrays), containers of scalars as their items
end to end and their counts, dataclasses as columns, so decoding is a few C-level operations
per list. Lists of entity references come back as `LazyList`s: each entity is made (from the
snapshot's JSON) when first read.
"""

from __future__ import annotations

import dataclasses
import math
import operator
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from typing import Any

import numpy as np

from screening.lists.state_codec import (
    _CONTAINERS,
    _JSON_KIND,
    _PY,
    SAFE_DATACLASSES,
    Shape,
    StateError,
    _json_kind,
    _plain,
)

Decoder = Callable[[Any], Any]


class LazyList(Sequence):
    """A read-only list whose items are made by `make(i)` when first read (then kept)."""

    __slots__ = ("_at", "_made", "_make")

    def __init__(self, n: int, make: Callable[[int], Any]) -> None:
        self._made: list[Any] = [None] * n
        self._make = make
        self._at: dict[int, int] | None = None  # id(item) -> position, once `position` is used

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, i: Any) -> Any:
        if type(i) is not int:
            if isinstance(i, slice):
                return [self[j] for j in range(*i.indices(len(self._made)))]
            i = operator.index(i)
        v = self._made[i]  # (IndexError as a list raises it)
        if v is None:
            if i < 0:
                i += len(self._made)
            v = self._made[i] = self._make(i)
            if self._at is not None:
                self._at[id(v)] = i
        return v

    def __iter__(self) -> Iterator[Any]:
        made, make = self._made, self._make
        for i, v in enumerate(made):
            if v is None:
                v = made[i] = make(i)
                if self._at is not None:
                    self._at[id(v)] = i
            yield v

    def position(self, item: Any) -> int:
        """The position of `item`, one of the items read from this list (the same object), in
        constant time and without making the items not read yet; ValueError for another
        object. (A batch run's worker processes send a name match's entity as its position.)"""
        at = self._at
        if at is None:
            at = self._at = {id(v): i for i, v in enumerate(self._made) if v is not None}
        i = at.get(id(item))
        if i is None or self._made[i] is not item:
            raise ValueError("not an item read from this list")
        return i

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (list, tuple, LazyList)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                       strict=True))

    __hash__ = None  # type: ignore[assignment]  # (a list is not hashable either)

    def __repr__(self) -> str:
        return f"LazyList({len(self)} items)"


def _check(ok: bool, why: str = "stored data does not fit its shape") -> None:
    if not ok:
        raise StateError(why)


class Decoding:
    """Turns stored (shape, data) pairs back into values, with the snapshot's buffer and
    entities. Every inconsistency raises StateError (the snapshot is then refused whole)."""

    def __init__(self, buffer: memoryview, entities: Sequence[Any]) -> None:
        self._buf = buffer
        self._entities = entities

    def decode_object(self, cls: type, stored: dict[str, Any]) -> Any:
        if stored.get("class") != cls.__name__:
            raise StateError(f"expected a stored {cls.__name__}, found {stored.get('class')!r}")
        obj = cls.__new__(cls)
        for attr, (shape, data) in stored["state"].items():
            # only private data attributes: a stored name never shadows a method
            _check(type(attr) is str and attr.startswith("_") and not attr.startswith("__")
                   and attr.isidentifier(), f"attribute name {attr!r} is not stored")
            if isinstance(shape, list) and shape and shape[0] == "list" and len(shape) == 2:
                value = self.sequence(shape[1], data)
            else:
                value = self.decoder(shape)(data)
            object.__setattr__(obj, attr, value)
        return obj

    def _slice(self, ref: Any) -> memoryview:
        _check(type(ref) is list and len(ref) == 2, "a stored array reference is damaged")
        off, n = ref
        if not (type(off) is int and type(n) is int and 0 <= off and 0 <= n
                and off + n <= len(self._buf)):
            raise StateError("a stored array lies outside the snapshot")
        return self._buf[off:off + n]

    # -- lists loaded lazily ----------------------------------------------------------------------
    def sequence(self, inner: Shape, v: Any) -> Sequence[Any]:
        """A stored list of items of shape `inner`: a LazyList for entity references (an
        entity is made when first read), a list otherwise (the compiled name core reads index
        lists as lists)."""
        if inner == "e":
            ents = self._entities
            pos = self._positions(v)
            return LazyList(len(pos), lambda i: ents[pos[i]])
        if isinstance(inner, str):
            return self._many(inner)(v)
        _check(type(inner) is list and len(inner) > 0, "a stored shape is damaged")
        tag = inner[0]
        if tag in _CONTAINERS and len(inner) == 2 and type(v) is dict and "empty" in v:
            _check(inner[1] == "x" and len(v) == 1 and type(v["empty"]) is int
                   and v["empty"] >= 0)
            make = _CONTAINERS[tag]
            if make in (tuple, frozenset):  # immutable: one object serves
                return [make()] * v["empty"]
            return [make() for _ in range(v["empty"])]
        if tag in _CONTAINERS and len(inner) == 2 and isinstance(inner[1], str) \
                and inner[1] in _JSON_KIND and type(v) is dict:
            _check(len(v) == 1 and type(v.get("nest")) is list and len(v["nest"]) == 2)
            return self._nested(_CONTAINERS[tag], inner[1], *v["nest"])
        if tag == "array" and len(inner) == 2 and type(v) is dict:
            whole = array(inner[1])
            ref, lens = v.get("arrays") or (None, None)
            raw, lens = self._slice(ref), self._many("i")(lens)
            _check(len(raw) == sum(lens) * whole.itemsize, "stored arrays do not fit their "
                   "lengths")
            whole.frombytes(raw)
            ends = self._ends(lens, len(whole))
            return [whole[e - n:e] for e, n in zip(ends, lens, strict=True)]
        if tag == "dc" and len(inner) == 3:
            cls = SAFE_DATACLASSES.get(inner[1])
            _check(cls is not None and type(v) is list and type(inner[2]) is list
                   and len(v) == len(inner[2]) == len(_fields_of(cls)),
                   f"unknown stored class {inner[1]!r}")
            cols = [self.sequence(fs, x) for fs, x in zip(inner[2], v, strict=True)]
            n = len(cols[0]) if cols else 0
            _check(all(len(c) == n for c in cols), "stored columns differ in length")
            return list(map(cls, *cols)) if cols else [cls() for _ in range(n)]
        return self._many(inner)(v)

    def _nested(self, make: type, kind: str, flat: Any, lens: Any) -> list:
        """Containers of scalars stored as their items end to end (`flat`) and the number of
        items of each (`lens`), checked against each other."""
        counts = self._many("i")(lens)
        items = self._many(kind)(flat)
        ends = self._ends(counts, len(items))
        return [make(items[e - n:e]) for e, n in zip(ends, counts, strict=True)]

    def _ends(self, lens: list[int], total: int) -> list[int]:
        _check(sum(lens) == total and (not lens or min(lens) >= 0),
               "stored lengths do not fit the stored items")
        return list(accumulate(lens))

    def _positions(self, v: Any) -> list[int]:
        _check(type(v) is dict and len(v) == 1 and "e" in v)
        pos = self._many("i")(v["e"])
        if pos and not (0 <= min(pos) and max(pos) < len(self._entities)):
            raise StateError("a stored entity reference is out of range")
        return pos

    # -- values loaded whole ------------------------------------------------------------------
    def decoder(self, shape: Shape) -> Decoder:
        """A function turning stored data of `shape` back into its value."""
        if isinstance(shape, str):
            if shape == "e":
                ents = self._entities

                def entity(v: Any) -> Any:
                    if type(v) is not int or not 0 <= v < len(ents):
                        raise StateError("a stored entity reference is out of range")
                    return ents[v]
                return entity
            kind = _JSON_KIND.get(shape)

            def scalar(v: Any) -> Any:
                if kind is None or type(v) is not kind:
                    raise StateError("stored data does not fit its shape")
                return v
            return scalar
        _check(type(shape) is list and len(shape) > 0, "a stored shape is damaged")
        tag = shape[0]
        if tag in _CONTAINERS and len(shape) == 2:
            make, many = _CONTAINERS[tag], self._many(shape[1])
            return many if make is list else lambda v: make(many(v))
        if tag == "dict" and len(shape) == 3:
            keys, values = self._many(shape[1]), self._many(shape[2])

            def mapping(v: Any) -> dict:
                _check(type(v) is list and len(v) == 2)
                ks, vs = keys(v[0]), values(v[1])
                _check(len(ks) == len(vs), "a stored mapping has more keys than values or "
                       "fewer")
                return dict(zip(ks, vs, strict=True))
            return mapping
        if tag == "array" and len(shape) == 2:
            code = shape[1]
            _check(code in ("b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"),
                   f"array type {code!r} is not stored")

            def arr(v: Any) -> array:
                out = array(code)
                raw = self._slice(v)
                _check(len(raw) % out.itemsize == 0, "a stored array has the wrong size")
                out.frombytes(raw)
                return out
            return arr
        if tag in ("bytes", "bytearray"):
            make = bytes if tag == "bytes" else bytearray
            return lambda v: make(self._slice(v))
        if tag == "ndarray" and len(shape) == 2:
            dtype = np.dtype(shape[1])
            if dtype.hasobject or dtype.kind not in "biuf":
                raise StateError(f"numpy dtype {dtype} is not stored")

            def nd(v: Any) -> np.ndarray:
                _check(type(v) is list and len(v) == 3 and type(v[2]) is list
                       and all(type(d) is int and d >= 0 for d in v[2]))
                raw, dims = self._slice(v[:2]), tuple(v[2])
                _check(dtype.itemsize * math.prod(dims) == len(raw),
                       "a stored array has the wrong size")
                return np.frombuffer(raw, dtype=dtype).reshape(dims).copy()
            return nd
        if tag == "dc" and len(shape) == 3:
            cls = SAFE_DATACLASSES.get(shape[1])
            if cls is None:
                raise StateError(f"unknown stored class {shape[1]!r}")
            decs = [self.decoder(s) for s in shape[2]]

            def dc(v: Any) -> Any:
                _check(type(v) is list and len(v) == len(decs) == len(_fields_of(cls)))
                return cls(*[d(x) for d, x in zip(decs, v, strict=True)])
            return dc
        if tag == "union" and len(shape) == 2:
            decs = [self.decoder(s) for s in shape[1]]
            if _plain(shape[1]):
                by_type = {_PY[_json_kind(m)]: d for m, d in zip(shape[1], decs, strict=True)}

                def plain(v: Any) -> Any:
                    d = by_type.get(type(v))
                    _check(d is not None)
                    return d(v)
                return plain

            def union(v: Any) -> Any:
                _check(type(v) is list and len(v) == 2 and type(v[0]) is int
                       and 0 <= v[0] < len(decs))
                return decs[v[0]](v[1])
            return union
        raise StateError(f"unknown shape {tag!r}")

    def _many(self, inner: Shape) -> Decoder:
        """Decodes a stored list of items of shape `inner` into a list."""
        if inner == "e":
            ents = self._entities
            return lambda v: [ents[p] for p in self._positions(v)]
        kind = _JSON_KIND.get(inner) if isinstance(inner, str) else None
        if kind is not None or inner == "x":

            def scalars(v: Any) -> list:
                if type(v) is dict and len(v) == 1:
                    if kind is str and "s" in v:
                        try:
                            return bytes(self._slice(v["s"])).decode(
                                "utf-8", "surrogatepass").split("\0")
                        except UnicodeDecodeError:
                            raise StateError("stored texts are not UTF-8") from None
                    if kind in (int, float) and ("i8" if kind is int else "f8") in v:
                        raw = self._slice(v["i8" if kind is int else "f8"])
                        _check(len(raw) % 8 == 0, "a stored array has the wrong size")
                        return np.frombuffer(raw, dtype="<i8" if kind is int else "<f8"
                                             ).tolist()
                _check(type(v) is list and (not v or set(map(type, v)) == {kind}))
                return v
            return scalars
        _check(type(inner) is list and len(inner) > 0, "a stored shape is damaged")
        if inner[0] in _CONTAINERS and len(inner) == 2 and isinstance(inner[1], str) \
                and inner[1] in _JSON_KIND:
            make, item_kind = _CONTAINERS[inner[0]], _JSON_KIND[inner[1]]

            def nested(v: Any) -> list:
                if type(v) is dict:
                    return list(self.sequence(inner, v))
                _check(type(v) is list and all(type(x) is list for x in v)
                       and all(type(y) is item_kind for x in v for y in x))
                return v if make is list else list(map(make, v))
            return nested
        if inner[0] in _CONTAINERS and len(inner) == 2 and inner[1] == "x":
            make = _CONTAINERS[inner[0]]

            def empties(v: Any) -> list:
                if type(v) is dict:
                    return list(self.sequence(inner, v))
                _check(type(v) is list and all(x == [] for x in v))
                return [make() for _ in v]
            return empties
        if inner[0] == "array" and len(inner) == 2:
            one = self.decoder(inner)

            def arrays(v: Any) -> list:
                if type(v) is dict:
                    return list(self.sequence(inner, v))
                _check(type(v) is list)
                return [one(x) for x in v]
            return arrays
        if inner[0] == "dc":
            return lambda v: list(self.sequence(inner, v))
        if inner[0] == "union" and len(inner) == 2 and type(inner[1]) is list:
            members = inner[1]
            decs = [self._many(m) for m in members]

            def tagged(v: Any) -> list:
                if type(v) is list and not v:
                    return []
                _check(type(v) is dict and len(v) == 1 and type(v.get("tagged")) is list
                       and len(v["tagged"]) == 2 and type(v["tagged"][1]) is list
                       and len(v["tagged"][1]) == len(members))
                ref, cols = v["tagged"]
                tags = np.frombuffer(self._slice(ref), np.uint8)
                out = np.empty(len(tags), object)
                placed = 0
                for i, (dec, col) in enumerate(zip(decs, cols, strict=True)):
                    items = dec(col)
                    where = np.flatnonzero(tags == i)
                    _check(len(where) == len(items), "stored tags do not fit the items")
                    if len(items):
                        out[where] = np.fromiter(items, object, len(items))
                    placed += len(items)
                _check(placed == len(tags), "stored tags do not fit the items")
                return out.tolist()
            return tagged
        dec = self.decoder(inner)

        def items(v: Any) -> list:
            _check(type(v) is list)
            return [dec(x) for x in v]
        return items


def _fields_of(cls: type) -> tuple:
    return dataclasses.fields(cls)
