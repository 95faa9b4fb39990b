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
import math
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, islice
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
        """Stored form of a sequence of items of shape `inner`: a list, or for dataclasses a
        list of columns (one per field), which loads faster."""
        if isinstance(inner, str) and inner != "e":
            return self._pack(items, inner)
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
        return [self.data(v, inner) for v in items]


    def _pack(self, items: list, kind: str) -> Any:
        """Many scalars in a form that loads fast: texts joined by NUL into one string, ints
        and floats as an array in the binary buffer; `items` itself otherwise."""
        if not items:
            return items
        if kind == "s":
            joined = "\0".join(items)
            if joined.count("\0") == len(items) - 1:  # no text holds a NUL itself
                return joined
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


# -- decoding -----------------------------------------------------------------------------------

Decoder = Callable[[Any], Any]


class Decoding:
    """Turns stored (shape, data) pairs back into values, with the snapshot's buffer and
    entities. Every inconsistency raises StateError (the snapshot is then refused whole)."""

    def __init__(self, buffer: memoryview, entities: Sequence[Entity]) -> None:
        self._buf = buffer
        self._entities = entities

    def decode_object(self, cls: type, stored: dict[str, Any]) -> Any:
        if stored.get("class") != cls.__name__:
            raise StateError(f"expected a stored {cls.__name__}, found {stored.get('class')!r}")
        obj = cls.__new__(cls)
        for attr, (shape, data) in stored["state"].items():
            setattr_ = object.__setattr__
            setattr_(obj, attr, self.decoder(shape)(data))
        return obj

    def _slice(self, ref: Any) -> memoryview:
        off, n = ref
        if not (isinstance(off, int) and isinstance(n, int) and 0 <= off
                and off + n <= len(self._buf)):
            raise StateError("a stored array lies outside the snapshot")
        return self._buf[off:off + n]

    def decoder(self, shape: Shape) -> Decoder:
        """A function turning stored data of `shape` back into its value."""
        if isinstance(shape, str):
            if shape == "e":
                ents = self._entities

                def entity(v: Any) -> Entity:
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
        tag = shape[0]
        if tag in _CONTAINERS:
            make, many = _CONTAINERS[tag], self._many(shape[1])
            return many if make is list else lambda v: make(many(v))
        if tag == "dict":
            keys, values = self._many(shape[1]), self._many(shape[2])

            def mapping(v: Any) -> dict:
                if type(v) is not list or len(v) != 2:
                    raise StateError("stored data does not fit its shape")
                ks, vs = keys(v[0]), values(v[1])
                if len(ks) != len(vs):
                    raise StateError("a stored mapping has more keys than values or fewer")
                return dict(zip(ks, vs, strict=True))
            return mapping
        if tag == "array":
            code = shape[1]

            def arr(v: Any) -> array:
                out = array(code)
                raw = self._slice(v)
                if len(raw) % out.itemsize:
                    raise StateError("a stored array has the wrong size")
                out.frombytes(raw)
                return out
            return arr
        if tag in ("bytes", "bytearray"):
            make = bytes if tag == "bytes" else bytearray
            return lambda v: make(self._slice(v))
        if tag == "ndarray":
            dtype = np.dtype(shape[1])
            if dtype.hasobject or dtype.kind not in "biuf":
                raise StateError(f"numpy dtype {dtype} is not stored")

            def nd(v: Any) -> np.ndarray:
                if type(v) is not list or len(v) != 3 or type(v[2]) is not list \
                        or not all(type(d) is int and d >= 0 for d in v[2]):
                    raise StateError("stored data does not fit its shape")
                raw, dims = self._slice(v[:2]), tuple(v[2])
                if dtype.itemsize * math.prod(dims) != len(raw):
                    raise StateError("a stored array has the wrong size")
                return np.frombuffer(raw, dtype=dtype).reshape(dims).copy()
            return nd
        if tag == "dc":
            cls = SAFE_DATACLASSES.get(shape[1])
            if cls is None:
                raise StateError(f"unknown stored class {shape[1]!r}")
            decs = [self.decoder(s) for s in shape[2]]

            def dc(v: Any) -> Any:
                if type(v) is not list or len(v) != len(decs):
                    raise StateError("stored data does not fit its shape")
                return cls(*[d(x) for d, x in zip(decs, v, strict=True)])
            return dc
        if tag == "union":
            decs = [self.decoder(s) for s in shape[1]]
            if _plain(shape[1]):
                by_type = {_PY[_json_kind(m)]: d for m, d in zip(shape[1], decs, strict=True)}

                def plain(v: Any) -> Any:
                    d = by_type.get(type(v))
                    if d is None:
                        raise StateError("stored data does not fit its shape")
                    return d(v)
                return plain

            def union(v: Any) -> Any:
                if type(v) is not list or len(v) != 2 or type(v[0]) is not int \
                        or not 0 <= v[0] < len(decs):
                    raise StateError("stored data does not fit its shape")
                return decs[v[0]](v[1])
            return union
        raise StateError(f"unknown shape {tag!r}")

    def _many(self, inner: Shape) -> Decoder:
        """Decodes a stored list of items of shape `inner` into a list."""
        kind = _JSON_KIND.get(inner) if isinstance(inner, str) else None
        if kind is not None or inner == "x":

            def scalars(v: Any) -> list:
                if type(v) is str and kind is str:
                    return v.split("\0")
                if type(v) is dict and len(v) == 1 and kind in (int, float):
                    code = "<i8" if kind is int else "<f8"
                    raw = self._slice(v.get("i8" if kind is int else "f8"))
                    if len(raw) % 8:
                        raise StateError("a stored array has the wrong size")
                    return np.frombuffer(raw, dtype=code).tolist()
                if type(v) is not list or (v and set(map(type, v)) != {kind}):
                    raise StateError("stored data does not fit its shape")
                return v
            return scalars
        if (isinstance(inner, list) and inner[0] in _CONTAINERS and isinstance(inner[1], str)
                and inner[1] in _JSON_KIND):
            # e.g. a list of tuples of ints: one type check over all items, then one map
            make, item_kind = _CONTAINERS[inner[0]], _JSON_KIND[inner[1]]
            flat_dec, lens_dec = self._many(inner[1]), self._many("i")

            def nested(v: Any) -> list:
                if type(v) is dict and len(v) == 1 and type(v.get("nest")) is list \
                        and len(v["nest"]) == 2:
                    flat, lens = flat_dec(v["nest"][0]), lens_dec(v["nest"][1])
                    if sum(lens) != len(flat) or (lens and min(lens) < 0):
                        raise StateError("stored lengths do not fit the stored items")
                    it = iter(flat)
                    return [make(islice(it, n)) for n in lens]
                if type(v) is not list or (v and set(map(type, v)) != {list}) or (
                        set(map(type, chain.from_iterable(v))) - {item_kind}):
                    raise StateError("stored data does not fit its shape")
                return v if make is list else list(map(make, v))
            return nested
        if isinstance(inner, list) and inner[0] == "array":
            code, one, lens_dec = inner[1], self.decoder(inner), self._many("i")

            def arrays(v: Any) -> list:
                if type(v) is not dict:
                    return [one(x) for x in _as_list(v)]
                whole = array(code)
                ref, lens = v.get("arrays") or (None, None)
                raw, lens = self._slice(ref), lens_dec(lens)
                if len(raw) != sum(lens) * whole.itemsize or (lens and min(lens) < 0):
                    raise StateError("stored arrays do not fit their lengths")
                whole.frombytes(raw)
                ends = list(accumulate(lens))
                return [whole[e - n:e] for e, n in zip(ends, lens, strict=True)]
            return arrays
        if isinstance(inner, list) and inner[0] == "dc":
            cls = SAFE_DATACLASSES.get(inner[1])
            if cls is None:
                raise StateError(f"unknown stored class {inner[1]!r}")
            cols = [self._many(fs) for fs in inner[2]]

            def columns(v: Any) -> list:
                if type(v) is not list or len(v) != len(cols):
                    raise StateError("stored data does not fit its shape")
                values = [c(x) for c, x in zip(cols, v, strict=True)]
                if len({len(x) for x in values}) > 1:
                    raise StateError("stored columns differ in length")
                return list(map(cls, *values))
            return columns
        if isinstance(inner, list) and inner[0] == "union" and _plain(inner[1]):
            scalar_types = {_JSON_KIND[m] for m in inner[1] if isinstance(m, str) and m != "e"}
            rest = [m for m in inner[1] if not (isinstance(m, str) and m != "e")]
            if len(rest) == 1 and not isinstance(rest[0], str):
                cdec = self.decoder(rest[0])

                def mixed(v: Any) -> list:
                    if type(v) is not list:
                        raise StateError("stored data does not fit its shape")
                    return [x if type(x) in scalar_types else cdec(x) for x in v]
                return mixed
        dec = self.decoder(inner)

        def items(v: Any) -> list:
            if type(v) is not list:
                raise StateError("stored data does not fit its shape")
            return [dec(x) for x in v]
        return items


def _as_list(v: Any) -> list:
    if type(v) is not list:
        raise StateError("stored data does not fit its shape")
    return v


_PY: dict[str, type] = {**_JSON_KIND, "list": list}
_CONTAINERS: dict[str, type] = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}
