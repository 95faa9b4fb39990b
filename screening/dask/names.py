"""Each distinct party name matched once across the cluster, as local `--jobs N` does.

A cluster run keeps one `NameShard` actor per worker: a stable hash of a name says which
worker matches it and keeps its matches. The task that screens a partition reads its rows,
asks each shard for the matches of its names (worker to worker: nothing passes through the
driver), and screens the rows with them, whichever worker matched them. Matches travel as
plain tuples (`screening.batch_names.PackedMatch`: the entity's position in the index, not the
entity), checked against the consuming worker's index by a key of the index's entity order, so
a worker that indexed the lists differently fails the job instead of citing the wrong entries.

The results are those of the local run byte for byte: a name's matches depend on the name and
the lists alone, not on which worker matched it or with which other names.
"""

from __future__ import annotations

import pickle
import time
import zlib
from collections.abc import Sequence
from typing import Any

from screening.batch_names import PackedMatch, _forget_oldest, _match_names, _pack, _party_names
from screening.csvio import RawRow
from screening.engine import Screener
from screening.screener_spec import ScreenerSpec

Packed = tuple[PackedMatch, ...]
_KEYS: dict[int, str] = {}


class IndexOrderError(RuntimeError):
    """A worker's name index holds the list entries in another order than the job's."""


def index_key(screener: Screener) -> str:
    """A short key of the index's order (each indexed name's text and the position of its
    entity, which packed matches refer to), computed once per index without making the
    entries of a lazily loaded snapshot."""
    index = screener.index
    key = _KEYS.get(id(index))
    if key is None:
        texts = getattr(index, "_name_text", None)
        owners = getattr(index, "_name_entity", None)
        if texts is not None and owners is not None:
            crc = zlib.crc32(bytes(memoryview(owners).cast("B")))
            crc = zlib.crc32("\x1e".join(texts).encode("utf-8", "surrogatepass"), crc)
        else:  # pragma: no cover - an index without those tables
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


class NameShard:
    """A Dask actor, one per worker: the names of one hash shard, each matched once on this
    worker and kept (up to `cache` names, the oldest half forgotten past it, as the local path
    does). A partition's task asks every shard for its names' matches; calls to one actor run
    one at a time, so two partitions that meet a new name together still match it once."""

    def __init__(self, spec: ScreenerSpec, expected: tuple[tuple[str, str], ...],
                 cache: int) -> None:
        self.spec = spec
        self.expected = expected
        self.cache = cache
        self.known: dict[str, Packed] = {}
        self.matched = 0
        self.seconds = 0.0

    def match(self, request: bytes) -> bytes:
        """The pickled (this worker's index key, the packed matches of the pickled names in
        `request`, None where matching failed: those names are left to their rows, which match
        them one by one and fail closed). Pickled by the caller and here: one bytes object
        crosses between workers, not a collection Dask would look into item by item."""
        return pickle.dumps(self._match(pickle.loads(request)), pickle.HIGHEST_PROTOCOL)

    def _match(self, names: list[str]) -> tuple[str, list[Packed | None]]:
        from screening.dask.workers import _checked

        screener = _checked(self.spec, self.expected)
        new = [n for n in dict.fromkeys(names) if n not in self.known]
        if new:
            key, packed, seconds = match_on_worker(screener, new)
            self.known.update((n, m) for n, m in zip(new, packed, strict=True) if m is not None)
            self.matched += len(new)
            self.seconds += seconds
        out = [self.known.get(n) for n in names]
        _forget_oldest(self.known, self.cache)
        return index_key(screener), out

    def stats(self) -> tuple[int, float]:
        """(names matched, CPU seconds spent matching them)."""
        return self.matched, self.seconds


def gather_known(shards: Sequence[Any], names: Sequence[str]) -> tuple[dict[str, Packed],
                                                                       str | None]:
    """The matches of a partition's distinct `names`, asked of the shard actors (every shard
    at once, then waited for), and the index key they were packed against (refused if the
    shards disagree)."""
    groups: list[list[str]] = [[] for _ in shards]
    for n in names:
        groups[shard_of(n, len(shards))].append(n)
    calls = [(g, shards[i].match(pickle.dumps(g, pickle.HIGHEST_PROTOCOL)))
             for i, g in enumerate(groups) if g]
    known: dict[str, Packed] = {}
    key: str | None = None
    for g, call in calls:
        k, packed = pickle.loads(call.result())
        if key is None:
            key = k
        elif k != key:
            raise IndexOrderError(f"workers index the lists in different orders ({key} and "
                                  f"{k}): every worker must build its lists the same way")
        known.update((n, m) for n, m in zip(g, packed, strict=True) if m is not None)
    return known, key


def known_screener(screener: Screener, known: dict[str, Packed] | None, key: str | None
                   ) -> Screener:
    """`screener` answering the names in `known` from their packed matches."""
    if not known:
        return screener
    from screening.batch_names import _unpack

    assert key is not None
    check_key(screener, key)
    return screener.with_known_names({n: _unpack(screener, p) if p else ()
                                      for n, p in known.items()})


def name_columns(cmap: Any, spec: ScreenerSpec) -> list[int]:
    """The input columns holding party names (none when the spec caches no names)."""
    from screening.batch_names import NAME_FIELDS

    return [i for f, i in cmap.columns if f in NAME_FIELDS] if spec.name_cache else []
