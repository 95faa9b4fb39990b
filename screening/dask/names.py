"""Each distinct party name matched once across the cluster, as local `--jobs N` does.

A cluster run screens a partition in three steps: a worker reads the partition and returns its
distinct party names; the driver's `NameBook` keeps which names are matched already (or being
matched) and sends the new ones, grouped by a stable hash into one task per worker, to be
matched; the partition's rows are then screened with the matches of all their names, whichever
worker matched them. Matches travel as plain tuples (`screening.batch.PackedMatch`: the entity's
position in the index, not the entity), checked against the consuming worker's index by a key of
the index's entity order, so a worker that indexed the lists differently fails the job instead
of citing the wrong entries.

The results are those of the local run byte for byte: a name's matches depend on the name and
the lists alone, not on which worker matched it or with which other names.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence
from typing import Any

from screening.batch import (
    PackedMatch,
    ScreenerSpec,
    _forget_oldest,
    _match_names,
    _pack,
    _party_names,
)
from screening.csvio import RawRow
from screening.engine import Screener

Packed = tuple[PackedMatch, ...]
_KEYS: dict[int, str] = {}


class IndexOrderError(RuntimeError):
    """A worker's name index holds the list entries in another order than the job's."""


def index_key(screener: Screener) -> str:
    """A short key of the index's entity order (list id and entity id of each position), which
    packed matches refer to; computed once per index."""
    index = screener.index
    key = _KEYS.get(id(index))
    if key is None:
        crc = 0
        for e in index.entities:
            crc = zlib.crc32(f"{e.list_id}\x1f{e.id}\x1e".encode(), crc)
        key = _KEYS[id(index)] = f"{len(index.entities)}:{crc:08x}"
    return key


def check_key(screener: Screener, expected: str) -> None:
    got = index_key(screener)
    if got != expected:
        raise IndexOrderError(f"this worker's name index ({got}) is not the job's ({expected}): "
                              "every worker must build its lists the same way (same files, "
                              "same engine version)")


def rows_names(rows: Sequence[RawRow], cols: Sequence[int]) -> list[str]:
    """The distinct party names of a partition's rows, in first-seen order."""
    return _party_names(rows, cols)


def match_on_worker(screener: Screener, names: list[str]) -> tuple[str, list[Packed | None],
                                                                   float]:
    """(index key, packed matches or None where matching failed, seconds) for `names`."""
    t = time.thread_time()
    packed = [m if m is None else _pack(screener, m) for m in _match_names(screener, names)]
    return index_key(screener), packed, time.thread_time() - t


def shard_of(name: str, shards: int) -> int:
    """The shard (0..shards-1) a name is matched in: a stable hash, the same in every run."""
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % shards


class NameBook:
    """The driver's record of the names matched so far (up to `cache` names, the oldest half
    forgotten past it, as the local path does) and of the names being matched."""

    def __init__(self, cache: int) -> None:
        self.cache = cache
        self.known: dict[str, Packed] = {}
        self.inflight: set[str] = set()
        self.key: str | None = None
        self.matched = 0
        self.seconds = 0.0
        self.driver_seconds = 0.0
        """CPU time this book took on the driver (the serial part of the name step)."""

    def new(self, names: Sequence[str]) -> list[str]:
        """The names neither matched nor being matched (they are then being matched)."""
        t = time.thread_time()
        new = [n for n in names if n not in self.known and n not in self.inflight]
        self.inflight.update(new)
        self.driver_seconds += time.thread_time() - t
        return new

    @staticmethod
    def shards(names: Sequence[str], shards: int) -> list[list[str]]:
        """`names` grouped by `shard_of`, empty groups left out."""
        groups: list[list[str]] = [[] for _ in range(shards)]
        for n in names:
            groups[shard_of(n, shards)].append(n)
        return [g for g in groups if g]

    def add(self, names: Sequence[str], result: tuple[str, list[Packed | None], float]) -> None:
        """Keep a shard's matches (a name whose matching failed is left to its rows, which then
        match it one by one and fail closed)."""
        t = time.thread_time()
        key, packed, seconds = result
        if self.key is None:
            self.key = key
        elif key != self.key:
            raise IndexOrderError(f"workers index the lists in different orders ({self.key} "
                                  f"and {key}): every worker must build its lists the same way")
        self.known.update((n, m) for n, m in zip(names, packed, strict=True) if m is not None)
        self.inflight.difference_update(names)
        self.matched += len(names)
        self.seconds += seconds
        self.driver_seconds += time.thread_time() - t

    def for_rows(self, names: Sequence[str]) -> dict[str, Packed]:
        """The matches of a partition's names (then the oldest are forgotten if need be)."""
        t = time.thread_time()
        out = {n: self.known[n] for n in names if n in self.known}
        _forget_oldest(self.known, self.cache)
        self.driver_seconds += time.thread_time() - t
        return out


def known_screener(screener: Screener, known: dict[str, Packed] | None, key: str | None
                   ) -> Screener:
    """`screener` answering the names in `known` from their packed matches."""
    if not known:
        return screener
    from screening.batch import _unpack

    assert key is not None
    check_key(screener, key)
    return screener.with_known_names({n: _unpack(screener, p) if p else ()
                                      for n, p in known.items()})


def name_columns(cmap: Any, spec: ScreenerSpec) -> list[int]:
    """The input columns holding party names (none when the spec caches no names)."""
    from screening.batch import NAME_FIELDS

    return [i for f, i in cmap.columns if f in NAME_FIELDS] if spec.name_cache else []
