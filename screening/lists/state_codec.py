"""Generic, safe encoding of a compiled index's state (its instance attributes) for snapshots.

No pickle: an object's attributes are walked and every value must be one of a whitelist of
plain types -- None, bool, int, float, str, bytes, bytearray, list, tuple, set, frozenset, dict,
`array.array`,
numpy arrays of numeric dtype, list entities (`Entity`, stored as a reference into the
snapshot's lists) and the dataclasses in `SAFE_DATACLASSES` (field by field, same rules).
Anything else is refused with the attribute's path, so a new kind of field in an index fails
loudly at compile time instead of being stored wrong.

Each attribute is stored as (shape, data): the shape, inferred once per attribute, says how to
turn the JSON data back into Python values, so decoding is a few list comprehensions per
attribute rather than a walk that inspects every value. Arrays go to a binary side buffer.
"""

from __future__ import annotations

import dataclasses
from array import array
from typing import Any

import numpy as np

from screening.models import Entity
from screening.names.normalize import NormName

SAFE_DATACLASSES: dict[str, type] = {"NormName": NormName}
"""Dataclasses an index may hold, by name (stored field by field)."""

_SCALARS = {type(None): "n", bool: "b", int: "i", float: "f", str: "s"}
_JSON_KIND = {"n": type(None), "b": bool, "i": int, "f": float, "s": str}
Shape = Any  # str for scalars, or a list [tag, ...] (JSON-friendly)


class StateError(ValueError):
    """An index holds a value this codec does not store, or stored data is inconsistent."""


class Encoder:
    """Collects the binary buffers and entity references of one snapshot."""

    def __init__(self, entity_ids: dict[int, int]) -> None:
        self._entity_ids = entity_ids  # id(entity object) -> position in the snapshot
        self.blobs: list[bytes] = []
        self.size = 0

    def _blob(self, data: bytes) -> list[int]:
        off = self.size
        self.blobs.append(data)
        self.size += len(data)
        return [off, len(data)]

    def encode_object(self, obj: object, name: str) -> dict[str, Any]:
        """The state of `obj` (its `__dict__` or `__slots__` attributes)."""
        state = {}
        for attr, value in _attributes(obj).items():
            shape = self.shape(value, f"{name}.{attr}")
            state[attr] = [shape, self.data(value, shape)]
        return {"class": type(obj).__name__, "state": state}

    # -- shapes ---------------------------------------------------------------------------------
    def shape(self, value: Any, where: str) -> Shape:
        t = type(value)
        if t in _SCALARS:
            return _SCALARS[t]
        if t in (list, tuple, set, frozenset):
            return [t.__name__, self._items(value, f"{where}[]")]
        if t is dict:
            return ["dict", self._items(value.keys(), f"{where}{{key}}"),
                    self._items(value.values(), f"{where}{{}}")]
        if t is array:
            return ["array", value.typecode]
        if t in (bytes, bytearray):
            return [t.__name__]
        if t is np.ndarray:
            if value.dtype.kind not in "biuf" or value.dtype.hasobject:
                raise StateError(f"{where}: numpy array of dtype {value.dtype} is not stored")
            return ["ndarray", value.dtype.str]
        if t is Entity:
            if id(value) not in self._entity_ids:
                raise StateError(f"{where}: an entity that is not in the snapshot's lists")
            return "e"
        if dataclasses.is_dataclass(value) and SAFE_DATACLASSES.get(t.__name__) is t:
            return ["dc", t.__name__,
                    [self.shape(getattr(value, f.name), f"{where}.{f.name}")
                     for f in dataclasses.fields(value)]]
        raise StateError(f"{where}: values of type {t.__module__}.{t.__qualname__} are not "
                         "stored in snapshots (extend screening/lists/state_codec.py)")

    def _items(self, values: Any, where: str) -> Shape:
        """One shape for the items of a container (a union when they differ in kind)."""
        types = {type(v) for v in values}
        if types and types <= _SCALARS.keys():  # the common case, decided without a walk
            out = [_SCALARS[t] for t in sorted(types, key=lambda t: _SCALARS[t])]
            return out[0] if len(out) == 1 else ["union", out]
        out = []
        for v in values:
            s = self.shape(v, where)
            if s in out:
                continue
            for i, o in enumerate(out):
                m = _merge_inner(o, s)
                if m is not None and not (isinstance(m, list) and m[0] == "union"):
                    out[i] = m
                    break
            else:
                out.append(s)
        if not out:
            return "x"  # empty container
        if len(out) == 1:
            return out[0]
        return ["union", out]

    # -- data -----------------------------------------------------------------------------------
    def data(self, value: Any, shape: Shape) -> Any:
        if isinstance(shape, str):
            if shape == "e":
                return self._entity_ids[id(value)]
            return value
        tag = shape[0]
        if tag in ("list", "tuple", "set", "frozenset"):
            items = sorted(value, key=repr) if tag in ("set", "frozenset") else value
            return self._data_many(list(items), shape[1])
        if tag == "dict":
            return [self._data_many(list(value), shape[1]),
                    self._data_many(list(value.values()), shape[2])]
        if tag == "array":
            return self._blob(value.tobytes())
        if tag in ("bytes", "bytearray"):
            return self._blob(bytes(value))
        if tag == "ndarray":
            return [*self._blob(np.ascontiguousarray(value).tobytes()), list(value.shape)]
        if tag == "dc":
            return [self.data(getattr(value, f.name), s)
                    for f, s in zip(dataclasses.fields(value), shape[2], strict=True)]
        if tag == "union":
            for i, s in enumerate(shape[1]):
                if _fits(value, s):
                    return self.data(value, s) if _plain(shape[1]) else [i, self.data(value, s)]
            raise StateError(f"no shape for {type(value).__name__}")
        raise StateError(f"unknown shape {tag!r}")

    def _data_many(self, items: list, inner: Shape) -> Any:
        """Stored form of a sequence of items of shape `inner`: scalars packed (see `_pack`),
        entities as an array of their positions, containers of scalars as one flat array and
        the lengths, dataclasses as a list of columns (one per field), unions as a tag per
        item and a column per member: forms that load without a step per item."""
        if inner == "e":
            return {"e": self._pack([self._entity_ids[id(v)] for v in items], "i")}
        if isinstance(inner, str):
            return self._pack(items, inner)
        if inner[0] in _CONTAINERS and inner[1] == "x":  # only empty containers
            return {"empty": len(items)}
        if inner[0] in _CONTAINERS and isinstance(inner[1], str) and inner[1] in _JSON_KIND:
            flat = [x for v in items for x in v]
            packed = self._pack(flat, inner[1])
            if packed is not flat:  # a list of tuples of ints as one array and the lengths
                return {"nest": [packed, self._pack([len(v) for v in items], "i")]}
            return [list(v) for v in items]
        if inner[0] == "array" and items:  # e.g. posting lists: one buffer and the lengths
            return {"arrays": [self._blob(b"".join(a.tobytes() for a in items)),
                               self._pack([len(a) for a in items], "i")]}
        if inner[0] == "dc":
            return [self._data_many([getattr(v, f.name) for v in items], fs)
                    for f, fs in zip(_fields(inner[1]), inner[2], strict=True)]
        if inner[0] == "union" and items:
            members = inner[1]
            tags = bytearray()
            for v in items:
                for i, m in enumerate(members):
                    if _fits(v, m):
                        tags.append(i)
                        break
                else:
                    raise StateError(f"no shape for {type(v).__name__}")
            cols = [self._data_many([v for v, t in zip(items, tags, strict=True) if t == i], m)
                    for i, m in enumerate(members)]
            return {"tagged": [self._blob(bytes(tags)), cols]}
        return [self.data(v, inner) for v in items]

    def _pack(self, items: list, kind: str) -> Any:
        """Many scalars in a form that loads fast: texts as UTF-8 joined by NUL, ints and
        floats as 8-byte arrays, all in the binary buffer; `items` itself otherwise."""
        if not items:
            return items
        if kind == "s":
            joined = "\0".join(items)
            if joined.count("\0") == len(items) - 1:  # no text holds a NUL itself
                return {"s": self._blob(joined.encode("utf-8", "surrogatepass"))}
        elif kind == "i" and -(2**63) <= min(items) and max(items) < 2**63:
            return {"i8": self._blob(np.array(items, dtype="<i8").tobytes())}
        elif kind == "f":
            return {"f8": self._blob(np.array(items, dtype="<f8").tobytes())}
        return items


def _fields(name: str) -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(SAFE_DATACLASSES[name])


def _json_kind(shape: Shape) -> str:
    if isinstance(shape, str):
        return "i" if shape == "e" else shape
    return "list"


def _plain(members: list[Shape]) -> bool:
    """A union whose members are told apart by their JSON type is stored without a tag."""
    kinds = [_json_kind(m) for m in members]
    return len(set(kinds)) == len(kinds)


def _merge(a: Shape, b: Shape) -> Shape | None:
    """The shape covering both `a` and `b` if they are of the same kind, else None."""
    if a == b:
        return a
    if a == "x" or b == "x":
        return None
    if isinstance(a, str) or isinstance(b, str) or a[0] != b[0]:
        return None
    tag = a[0]
    if tag in ("list", "tuple", "set", "frozenset"):
        inner = _merge_inner(a[1], b[1])
        return None if inner is None else [tag, inner]
    if tag == "dict":
        k, v = _merge_inner(a[1], b[1]), _merge_inner(a[2], b[2])
        return None if k is None or v is None else ["dict", k, v]
    if tag == "dc" and a[1] == b[1]:
        fields = [_merge_inner(x, y) for x, y in zip(a[2], b[2], strict=True)]
        return None if any(f is None for f in fields) else ["dc", a[1], fields]
    return None


def _merge_inner(a: Shape, b: Shape) -> Shape | None:
    """Like `_merge`, but an empty container's "x" joins anything and unions may grow."""
    if a == "x":
        return b
    if b == "x":
        return a
    m = _merge(a, b)
    if m is not None:
        return m
    members = (a[1] if isinstance(a, list) and a[0] == "union" else [a]) + (
        b[1] if isinstance(b, list) and b[0] == "union" else [b])
    out: list[Shape] = []
    for s in members:
        for i, o in enumerate(out):
            mm = _merge(o, s)
            if mm is not None:
                out[i] = mm
                break
        else:
            out.append(s)
    return out[0] if len(out) == 1 else ["union", out]


def _fits(value: Any, shape: Shape) -> bool:
    if isinstance(shape, str):
        if shape == "e":
            return type(value) is Entity
        return shape != "x" and type(value) is _JSON_KIND[shape]
    tag = shape[0]
    if tag == "dc":
        return type(value).__name__ == shape[1] and dataclasses.is_dataclass(value)
    types = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset, "dict": dict,
             "array": array, "ndarray": np.ndarray, "bytes": bytes, "bytearray": bytearray}
    if type(value) is not types.get(tag):
        return False
    if tag in ("list", "tuple", "set", "frozenset"):
        return all(_fits(v, shape[1]) for v in value) if shape[1] != "x" else not value
    if tag == "dict":
        return all(_fits(k, shape[1]) and _fits(v, shape[2]) for k, v in value.items())
    return True


def _attributes(obj: object) -> dict[str, Any]:
    if hasattr(obj, "__dict__"):
        return dict(vars(obj))
    slots = [s for c in type(obj).__mro__ for s in getattr(c, "__slots__", ())]
    return {s: getattr(obj, s) for s in slots if hasattr(obj, s)}


# -- decoding: see state_decode.py -----------------------------------------------------------

_PY: dict[str, type] = {**_JSON_KIND, "list": list}
_CONTAINERS: dict[str, type] = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}
