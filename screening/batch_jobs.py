"""`screen FILE --jobs N`: batch screening with worker processes.

Matching party names is most of the work, so that is what the workers do, each distinct name
once across them; the main process reads the file, screens the rows with the matches and
writes the results, in input order (`pooled_results`). Only new names and their matches travel
between processes, not the rows or their results, except when the workers have no names to
match: then a chunk's rows go to an idle worker. The output is the same, byte for byte, as
with one job; a worker that dies or fails stops the run (`batch.WorkerError`).

The workers are forked after the lists are compiled (where the platform can fork), so they
share the main process's lists and indexes.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

import screening.batch as batch
import screening.batch_names as batch_names
import screening.batch_rows as batch_rows
from screening.batch import BatchOptions, WorkerError, _chunks
from screening.batch_names import (
    PackedMatch,
    _forget_oldest,
    _pack,
    _party_columns,
    _party_names,
    _unpack,
)
from screening.batch_rows import ChunkResult, RowTask
from screening.csvio import RawRow
from screening.engine import Screener
from screening.names import NameMatch
from screening.rowpath import pack_rows, unpack_rows
from screening.screener_spec import ScreenerSpec

ROWS_TO_WORKERS: bool | None = None
"""Who screens a chunk's rows once their names are matched: None, a worker if one is idle,
else the main process; True, always a worker; False, always the main process (the output is
the same either way; tests run each)."""

_WORKER: Screener | None = None  # the screener of a worker process
_PARENT: Screener | None = None  # the main process's, while workers are forked from it


def _init_worker(spec: ScreenerSpec) -> None:
    global _WORKER
    _WORKER = _PARENT if _PARENT is not None else spec.build()  # fork inherits; spawn builds


def _worker_names(names: list[str]) -> list[tuple[PackedMatch, ...] | None]:
    """The list matches of distinct party names, each name matched in one worker only."""
    assert _WORKER is not None
    return [m if m is None else _pack(_WORKER, m) for m in batch_names._match_names(_WORKER, names)]


def _worker_chunk(task: RowTask, rows: Any,
                  known: dict[str, tuple[PackedMatch, ...]] | None = None) -> ChunkResult:
    """A chunk's results, screened in a worker with the matches of its names."""
    assert _WORKER is not None
    screener = _WORKER
    if known:  # the chunk's party names, matched already (by whichever worker got them)
        screener = screener.with_known_names(
            {n: _unpack(screener, p) if p else () for n, p in known.items()})
    return batch_rows.screen_chunk(screener, task, unpack_rows(rows))


def pooled_results(rows: Iterable[RawRow], screener: Screener, spec: ScreenerSpec,
                   task: RowTask, opts: BatchOptions, jobs: int) -> Iterator[ChunkResult]:
    """Chunk results in input order, with `jobs` worker processes; WorkerError if one ends
    unexpectedly (an error raised in one is raised here)."""
    global _PARENT
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork") if "fork" in methods else mp.get_context()
    # forked after the lists are compiled: the workers share the parent's index (copy on write)
    _PARENT = screener if ctx.get_start_method() == "fork" else None
    rows = iter(rows)
    first = list(islice(rows, max(opts.chunk_rows, batch.POOL_CHUNK_ROWS)))
    known: dict[str, tuple[PackedMatch, ...]] = {}
    if _PARENT is not None:
        # a few of the first names matched here, before the fork: what matching loads on first
        # use (e.g. the kanji reader, a second of CPU) is loaded once and shared, not per worker
        sample = _party_names(first, _party_columns(task))[:batch.WARM_NAMES]
        known = {n: _pack(screener, m) for n, m in zip(
            sample, batch_names._match_names(screener, sample), strict=True) if m is not None}
    frozen = gc.get_freeze_count()
    if _PARENT is not None:
        # what exists now (the lists, the warmed look-ups) the workers' collectors leave
        # alone: they never walk (and so never copy) the pages they share with this process
        gc.freeze()
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(spec,))
    done = False
    try:
        yield from _pooled(pool, jobs, chain(first, rows), screener, task, opts,
                           spec.name_cache, known)
        done = True
    except BrokenProcessPool as exc:
        raise WorkerError("a --jobs worker process ended unexpectedly (killed, or out of "
                          "memory?); the run is incomplete") from exc
    finally:
        _PARENT = None
        # waits for the workers to end; after an error, without starting queued tasks
        pool.shutdown(wait=True, cancel_futures=not done)
        if not frozen:  # (a caller that froze objects itself unfreezes them)
            gc.unfreeze()


@dataclass
class _Staged:
    """A chunk read, whose new party names are being matched by the workers."""

    rows: list[RawRow]
    names: list[str]
    tasks: list[tuple[list[str], Future[list[tuple[PackedMatch, ...] | None]]]]


def _pooled(pool: Executor, jobs: int, rows: Iterable[RawRow], screener: Screener,
            task: RowTask, opts: BatchOptions, cache: int,
            known: dict[str, tuple[PackedMatch, ...]] | None = None) -> Iterator[ChunkResult]:
    """Chunk results from the workers of `pool`, in input order.

    Each distinct party name is matched once across the workers: for each chunk read, the names
    not matched before (nor being matched) are split between the workers, and their matches
    come back packed (as positions, see `_pack`) into `known` (kept up to `cache` names, like
    the name cache of one process). The rows of a chunk whose names are matched are then screened
    here, with those matches, while the workers match the next chunks' names. When the workers
    are short of names to match (a file of few distinct names), a chunk's rows go to an idle
    worker instead, with the matches of their names. Either way a row's result is the same as
    with one job.
    """
    name_cols = _party_columns(task)
    size = max(opts.chunk_rows, batch.POOL_CHUNK_ROWS)
    known = {} if known is None else known
    here = _Unpacked(screener, known, cache)  # the matches of `known` in this process
    inflight: set[str] = set()
    ahead = max(2, jobs)  # chunks read ahead whose names are being matched
    staged: deque[_Staged] = deque()
    out: deque[ChunkResult | Future[ChunkResult]] = deque()  # in input order

    def busy() -> int:
        return (sum(not f.done() for st in staged for _, f in st.tasks)
                + sum(isinstance(r, Future) and not r.done() for r in out))

    def screen(st: _Staged) -> None:
        for part, fut in st.tasks:
            for n, m in zip(part, fut.result(), strict=True):
                if m is not None:  # None: matching failed; the row matches it (fail closed)
                    known[n] = m
            inflight.difference_update(part)
        to_worker = ROWS_TO_WORKERS
        if to_worker is None:
            to_worker = busy() < jobs  # a worker is idle: it screens the rows
        if to_worker:
            packed = {n: known[n] for n in st.names if n in known}
            out.append(pool.submit(_worker_chunk, task, pack_rows(st.rows), packed))
        else:  # the chunk's names are all in `known` (but those whose matching failed)
            out.append(batch_rows.screen_chunk(screener.with_known_names(here), task, st.rows))
        _forget_oldest(known, cache)

    def ready(block: bool) -> Iterator[ChunkResult]:
        while out and (block or not isinstance(out[0], Future) or out[0].done()):
            r = out.popleft()
            yield r.result() if isinstance(r, Future) else r
            block = False

    for chunk in _chunks(rows, size):
        names = _party_names(chunk, name_cols)
        new = [n for n in names if n not in known and n not in inflight]
        tasks = [(part, pool.submit(_worker_names, part)) for part in _split(new, jobs) if part]
        inflight.update(new)
        staged.append(_Staged(chunk, names, tasks))
        while staged and (len(staged) > ahead or all(f.done() for _, f in staged[0].tasks)):
            screen(staged.popleft())
            yield from ready(len(out) > 2 * jobs)
    while staged:
        screen(staged.popleft())
        yield from ready(False)
    while out:
        yield from ready(True)


class _Unpacked(Mapping[str, tuple[NameMatch, ...]]):
    """The matches of the names in `packed` (as the workers sent them), each made into
    NameMatch objects when first asked for in this process (the main process needs them only
    for the rows it screens itself; a name without matches needs nothing made). Up to `cache`
    names' matches are kept made."""

    def __init__(self, screener: Screener, packed: dict[str, tuple[PackedMatch, ...]],
                 cache: int) -> None:
        self._screener = screener
        self._packed = packed
        self._made: dict[str, tuple[NameMatch, ...]] = {}
        self._cache = max(cache, 1)

    def get(self, name: str, default: Any = None) -> Any:
        p = self._packed.get(name)
        if p is None:
            return default
        if not p:
            return ()
        got = self._made.get(name)
        if got is None:
            if len(self._made) >= self._cache:
                self._made.clear()
            got = self._made[name] = _unpack(self._screener, p)
        return got

    def __getitem__(self, name: str) -> tuple[NameMatch, ...]:
        got = self.get(name)
        if got is None:
            raise KeyError(name)
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def _split(names: list[str], jobs: int) -> list[list[str]]:
    """The names in `jobs` parts, one per worker."""
    step = -(-len(names) // jobs) or 1
    return [names[k:k + step] for k in range(0, len(names), step)]
