"""Screening on a Dask cluster: the library call on a Dask DataFrame, and the command-line run
that reads CSV or Parquet inputs, screens them partition by partition on the workers and writes
the results in input order.

Row numbers are global: a first pass counts each partition's rows on the workers (a CSV range
is parsed, not screened), so every partition knows the number of its first row before it is
screened. Results come back (or are written) partition by partition with a bounded number in
flight, so neither the driver nor the cluster holds the whole output.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from screening.batch import CSV_COLUMNS, RowTask, ScreenerSpec
from screening.dask import blocks as blk
from screening.dask import names as nm
from screening.dask import workers as wk
from screening.dask.summary import ClusterSummary
from screening.header_guard import check_unmapped
from screening.mapping import ColumnMap, InputError, resolve_columns
from screening.outputs import column_roles, engine_version, json_close, json_open
from screening.records import RecordKind


class ClusterError(RuntimeError):
    """The job could not run or finish on the cluster (a failed partition, workers that
    disagree on list versions, no workers); nothing was written."""


# -- the library call ------------------------------------------------------------------------

def screen_dataframe(ddf: Any, spec: ScreenerSpec | None = None, as_of: dt.date | None = None,
                     kind: RecordKind | str | None = None,
                     overrides: dict[str, str] | None = None,
                     ignore_columns: Sequence[str] = ()) -> Any:
    """Screen a Dask DataFrame of payment or export records, partition by partition.

    Columns are matched to record fields as CSV headers are (`overrides` maps field to column,
    like `--map`). Returns a Dask DataFrame with the CSV output columns (`row` numbered from 1
    across all partitions in order, `line` equal to `row`) and `result`, the full result as JSON.
    The Screener is built once per worker process from `spec` (default: the built-in lists and
    rules); every partition checks its worker's list versions against the job's."""
    spec = spec or ScreenerSpec()
    header = [str(c) for c in ddf.columns]
    cmap = resolve_columns(header, kind=RecordKind(kind) if kind else None,
                           overrides=dict(overrides or {}), date_optional=as_of is not None)
    check_unmapped(header, cmap, ignore_columns)  # an unread party column fails closed
    task = RowTask(cmap=cmap, as_of=as_of, fmt="jsonl", file_name="dataframe")
    expected = _expected_versions(spec)
    lengths = [int(n) for n in ddf.map_partitions(len).compute()]
    offsets = _offsets(lengths)

    def screen_part(frame: Any, partition_info: dict[str, Any] | None = None) -> Any:
        if partition_info is None:  # dask's meta inference
            return wk.empty_result_frame()
        i = partition_info["number"]
        return wk.result_frame(spec, expected, task, wk.frame_rows(frame, offsets[i]))

    return ddf.map_partitions(screen_part, meta=wk.empty_result_frame(),
                              enforce_metadata=False)


def _expected_versions(spec: ScreenerSpec) -> wk.Versions:
    """The versions every worker must use: agreed by all workers of the current distributed
    client, or this process's own when there is none."""
    try:
        from distributed import default_client

        client = default_client()
    except (ImportError, ValueError):
        return wk.worker_versions(spec)
    return _agreed_versions(client, spec)


def _agreed_versions(client: Any, spec: ScreenerSpec, expected: wk.Versions | None = None
                     ) -> wk.Versions:
    found = client.run(wk.worker_versions, spec)
    if not found:
        raise ClusterError("the cluster has no workers")
    distinct = set(found.values())
    if expected is not None and distinct != {expected}:
        detail = "; ".join(f"{addr}: {', '.join(f'{i} {v}' for i, v in vs)}"
                           for addr, vs in sorted(found.items()) if vs != expected)
        raise ClusterError("workers loaded other list versions than this machine's "
                           f"({', '.join(f'{i} {v}' for i, v in expected)}): {detail}")
    if len(distinct) > 1:
        detail = "; ".join(f"{addr}: {', '.join(f'{i} {v}' for i, v in vs)}"
                           for addr, vs in sorted(found.items()))
        raise ClusterError(f"workers loaded different list versions ({detail}); every worker "
                           "must load the same list files")
    return distinct.pop()


def _offsets(lengths: list[int]) -> list[int]:
    out, total = [], 0
    for n in lengths:
        out.append(total)
        total += n
    return out


# -- the command-line run --------------------------------------------------------------------

def connect(address: str) -> tuple[Any, Any]:
    """(client, cluster or None) for `--dask ADDRESS`: `local` or `local:N` starts a local
    cluster of N single-threaded worker processes (default: one per core); anything else is a
    scheduler address such as tcp://10.0.0.5:8786."""
    from distributed import Client, LocalCluster

    if address == "local" or address.startswith("local:"):
        n_text = address.partition(":")[2]
        try:
            n = int(n_text) if n_text else (os.cpu_count() or 1)
        except ValueError:
            raise InputError(f"--dask {address}: expected local or local:N") from None
        if n < 1:
            raise InputError(f"--dask {address}: N must be at least 1")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.CRITICAL)
        return Client(cluster), cluster
    try:
        return Client(address, timeout="20s"), None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"--dask {address}: cannot reach the scheduler ({exc})") from exc


@dataclass
class _Unit:
    """One partition to screen: a CSV range, or a Parquet/DataFrame partition."""

    index: int
    task: RowTask
    block: blk.CsvBlock | None = None
    part: Any = None  # a dask delayed pandas partition


def _plan(inputs: list[str], kind: RecordKind | None, overrides: dict[str, str],
          as_of: dt.date | None, encoding: str | None, delimiter: str | None,
          block_bytes: int, ignore_columns: Sequence[str] = ()
          ) -> tuple[list[_Unit], ColumnMap]:
    files = blk.expand_inputs(inputs)
    units: list[_Unit] = []
    first: ColumnMap | None = None
    if blk.is_parquet(files[0]):
        import dask.dataframe as dd

        ddf = dd.read_parquet(files)
        header = [str(c) for c in ddf.columns]
        cmap = resolve_columns(header, kind=kind, overrides=overrides,
                               date_optional=as_of is not None)
        check_unmapped(header, cmap, ignore_columns)
        task = RowTask(cmap=cmap, as_of=as_of, fmt="csv", file_name=Path(files[0]).name
                       if len(files) == 1 else "parquet input")
        units = [_Unit(i, task, part=p) for i, p in enumerate(ddf.to_delayed())]
        return units, cmap
    for path in files:
        src, blocks = blk.plan_csv(path, encoding, delimiter, block_bytes)
        cmap = resolve_columns(src.header, kind=kind, overrides=overrides,
                               date_optional=as_of is not None)
        check_unmapped(src.header, cmap, ignore_columns)
        if first is not None and (cmap.kind != first.kind or cmap.describe() != first.describe()):
            raise InputError(f"{path}: its columns differ from {files[0]}'s "
                             f"({cmap.describe()} vs {first.describe()}); screen the files "
                             "separately or give them the same header")
        first = first or cmap
        task = RowTask(cmap=cmap, as_of=as_of, fmt="csv", file_name=Path(path).name)
        units += [_Unit(len(units) + j, task, block=b) for j, b in enumerate(blocks)]
    assert first is not None
    return units, first


def _count_rows(block: blk.CsvBlock) -> int:
    return len(blk.read_block(block))


def _unit_rows(block: blk.CsvBlock | None, frame: Any) -> list[Any]:
    return blk.read_block(block) if block is not None else wk.frame_rows(frame, 0)


def _unit_names(block: blk.CsvBlock | None, frame: Any, cols: list[int], job: str,
                index: int) -> tuple[str | None, list[str]]:
    """(this worker's address, the partition's distinct party names); the rows read stay on
    this worker for the partition's screening (`workers.stash_rows`)."""
    rows = _unit_rows(block, frame)
    names = nm.rows_names(rows, cols)
    return wk.stash_rows((job, index), rows), names


def _match(spec: ScreenerSpec, expected: wk.Versions, names: list[str]
           ) -> tuple[str, list[nm.Packed | None], float]:
    return nm.match_on_worker(wk._checked(spec, expected), names)


def _screen_unit(spec: ScreenerSpec, expected: wk.Versions, task: RowTask, index: int,
                 block: blk.CsvBlock | None, frame: Any, offset: int, fmt: str,
                 out_dir: str | None, known: dict[str, nm.Packed] | None, key: str | None,
                 job: str = "") -> wk.PartOutcome:
    rows = wk.unstash_rows((job, index))  # read by the name step on this worker
    if rows is None:  # not read here yet (no name step, or the scheduler moved the task)
        rows = _unit_rows(block, frame)
    if fmt == "parquet":
        assert out_dir is not None
        started = time.thread_time()
        alerts: list[dict[str, Any]] | None = [] if task.report else None
        results = wk.result_frame(spec, expected, task, wk.number(rows, offset), known, key,
                                  alerts)
        wk.write_parquet(results, out_dir, index)
        return wk.outcome_of(results, index, alerts, time.thread_time() - started)
    t = RowTask(cmap=task.cmap, as_of=task.as_of, fmt="csv" if fmt == "csv" else "jsonl",
                file_name=task.file_name, report=task.report)
    return wk.screen_text(spec, expected, t, index, rows, offset, known, key)


def run_on_cluster(inputs: list[str], spec: ScreenerSpec, address: str, fmt: str,
                   out: TextIO | None = None, out_dir: Path | None = None,
                   kind: RecordKind | None = None, overrides: dict[str, str] | None = None,
                   as_of: dt.date | None = None, encoding: str | None = None,
                   delimiter: str | None = None, block_bytes: int | None = None,
                   client: Any = None, expected: wk.Versions | None = None,
                   ignore_columns: Sequence[str] = (),
                   alerts: list[dict[str, Any]] | None = None) -> ClusterSummary:
    """Screen `inputs` on the cluster at `address` (or with `client`), writing CSV / JSON
    lines / a JSON array to `out`, or Parquet partitions to the directory `out_dir`; `alerts`,
    if given, receives the report's alert items (see `screening.report`) in row order.

    Raises InputError for input that cannot be screened at all and ClusterError when a
    partition fails: a Parquet directory is then not created (its partitions are written to a
    temporary directory renamed into place at the end). `expected`: the list versions every
    worker must have (default: the ones all workers agree on)."""
    if block_bytes is None:
        block_bytes = _auto_block(inputs, address, client)
    units, cmap = _plan(inputs, kind, dict(overrides or {}), as_of, encoding, delimiter,
                        block_bytes, ignore_columns)
    if alerts is not None:
        for u in units:
            u.task = replace(u.task, report=True)
    own = None
    if client is None:
        client, own = connect(address)
    started = time.perf_counter()
    tmp_dir: str | None = None
    try:
        client.register_plugin(wk.ScreenerPlugin(spec))
        expected = _agreed_versions(client, spec, expected)
        info = client.run(wk.describe, spec)
        any_info = next(iter(info.values()))
        summary = ClusterSummary(inputs=list(inputs), kind=cmap.kind, columns=cmap.describe(),
                                 address=address, workers=len(info), partitions=len(units),
                                 lists=any_info["lists"], rules=any_info["rules"])
        offsets = _offsets(_lengths(client, units))
        if fmt == "parquet":
            assert out_dir is not None
            tmp_dir = _parquet_tmp(out_dir)
        book = nm.NameBook(spec.name_cache)
        first = True
        if out is not None and fmt == "csv":
            import csv

            csv.writer(out, lineterminator="\n").writerow(CSV_COLUMNS)
        elif out is not None and fmt == "json":
            out.write(json_open(_metadata(inputs, cmap, as_of, ignore_columns, any_info)))
        for outcome in _in_order(client, units, spec, expected, offsets, fmt, tmp_dir,
                                 len(info), book):
            summary.counts.update(outcome.counts)
            summary.screen_seconds += outcome.seconds
            if alerts is not None:
                alerts.extend(outcome.alerts)
                if outcome.alerts_dropped and hasattr(alerts, "dropped"):
                    alerts.dropped += outcome.alerts_dropped
            summary.rows += outcome.rows
            room = wk.MAX_ERRORS - len(summary.errors)
            if room > 0:
                summary.errors.extend(outcome.errors[:room])
            if out is None:
                continue
            if fmt == "json":
                for line in outcome.text.splitlines():
                    out.write(("\n" if first else ",\n") + line)
                    first = False
            else:
                out.write(outcome.text)
        if out is not None:
            if fmt == "json":
                out.write(json_close(summary.rows, summary.counts, not first))
            out.flush()
        if tmp_dir is not None:
            assert out_dir is not None
            _install_dir(tmp_dir, out_dir)
            tmp_dir = None
        summary.seconds = time.perf_counter() - started
        summary.names, summary.match_seconds = book.matched, book.seconds
        summary.book_seconds = book.driver_seconds
        return summary
    except (InputError, ClusterError):
        raise
    except Exception as exc:  # a task's exception, re-raised by distributed
        raise ClusterError(f"the job failed: {type(exc).__name__}: {exc}") from exc
    finally:
        if tmp_dir is not None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        if own is not None:
            client.close()
            own.close()


def _metadata(inputs: Sequence[str], cmap: ColumnMap, as_of: dt.date | None,
              ignored: Sequence[str], info: dict[str, Any]) -> dict[str, Any]:
    """The JSON output's metadata for a cluster run (as `screening.outputs.run_metadata`)."""
    return {
        "engine_version": engine_version(), "input": list(inputs), "kind": str(cmap.kind),
        "as_of": as_of.isoformat() if as_of else None,
        "as_of_rule": "--as-of for every row" if as_of else "each row's own date",
        "columns": column_roles(cmap), "ignored_columns": list(ignored),
        "lists": [{"id": i, "authority": a, "entries": n, "version": v}
                  for i, a, n, v in info["lists"]],
        "rules": {"count": info["rules"]},
    }


def _auto_block(inputs: list[str], address: str, client: Any) -> int:
    """A CSV range size giving about 4 ranges per worker (so no worker waits on a last large
    range), between 1 MiB and BLOCK_BYTES: workers are those of `client`, N of `local:N`, or
    taken to be 32 on a remote cluster not yet reached."""
    if client is not None:
        workers = len(client.scheduler_info().get("workers", {})) or 1
    elif address == "local" or address.startswith("local:"):
        n = address.partition(":")[2]
        workers = int(n) if n.isdigit() and int(n) > 0 else (os.cpu_count() or 1)
    else:
        workers = 32
    total = sum(Path(f).stat().st_size for f in blk.expand_inputs(inputs)
                if not blk.is_parquet(f))
    return int(min(blk.BLOCK_BYTES, max(1 << 20, total / (4 * workers))))


def _lengths(client: Any, units: list[_Unit]) -> list[int]:
    """Rows per unit: known from the driver's pass over a large file, else counted on the
    workers (a Parquet partition's length, a whole small file or a file's last range)."""
    futures: dict[int, Any] = {}
    for u in units:
        if u.block is None:
            futures[u.index] = client.submit(len, client.compute(u.part), pure=False)
        elif u.block.rows is None:
            futures[u.index] = client.submit(_count_rows, u.block, pure=False)
    counted = dict(zip(futures, client.gather(list(futures.values())), strict=True))
    return [int(counted[u.index]) if u.index in counted else int(u.block.rows or 0)
            for u in units]


def _in_order(client: Any, units: list[_Unit], spec: ScreenerSpec, expected: wk.Versions,
              offsets: list[int], fmt: str, out_dir: str | None, workers: int,
              book: nm.NameBook) -> Iterator[wk.PartOutcome]:
    """Each unit's outcome in unit order, with a bounded number of partitions in flight.

    Per partition: its distinct party names are read on a worker; the names no partition had
    before are matched, split by hash into one task per worker; the rows are then screened
    with the matches of their names (see `screening.dask.names`). Partitions are read ahead
    so the workers match one partition's names while they screen the rows of earlier ones."""
    window = max(2, 3 * workers)
    cols = nm.name_columns(units[0].task.cmap, spec) if units else []
    parts: dict[int, Any] = {}  # unit -> its computed Parquet/DataFrame partition
    reading: deque[tuple[_Unit, Any]] = deque()
    matching: deque[tuple[_Unit, list[str], list[tuple[list[str], Any]], str | None]] = deque()
    pending: deque[Any] = deque()
    job = uuid.uuid4().hex

    def part(u: _Unit) -> Any:
        if u.block is None and u.index not in parts:
            parts[u.index] = client.compute(u.part)
        return parts.get(u.index)

    def read(u: _Unit) -> None:
        reading.append((u, client.submit(_unit_names, u.block, part(u), cols, job, u.index,
                                         pure=False)))

    def match_next() -> None:
        u, names_f = reading.popleft()
        where, names = names_f.result()
        tasks = [(g, client.submit(_match, spec, expected, g, pure=False))
                 for g in book.shards(book.new(names), workers)]
        matching.append((u, names, tasks, where))

    def screen_next() -> None:
        u, names, tasks, where = matching.popleft()
        for g, f in tasks:
            book.add(g, f.result())
        known = book.for_rows(names)
        # where its rows were read and are kept (another worker reads them again)
        near = {"workers": [where], "allow_other_workers": True} if where else {}
        pending.append(client.submit(_screen_unit, spec, expected, u.task, u.index, u.block,
                                     part(u), offsets[u.index], fmt, out_dir, known, book.key,
                                     job, pure=False, **near))
        parts.pop(u.index, None)

    try:
        for u in units:
            if not cols:  # no name stage: each row matches its own names
                pending.append(client.submit(_screen_unit, spec, expected, u.task, u.index,
                                             u.block, part(u), offsets[u.index], fmt, out_dir,
                                             None, None, pure=False))
                parts.pop(u.index, None)
            else:
                read(u)
                while len(reading) > workers:
                    match_next()
                while matching and (len(matching) > workers
                                    or all(f.done() for _, f in matching[0][2])):
                    screen_next()
            while len(pending) >= window:
                yield pending.popleft().result()
        while reading:
            match_next()
        while matching:
            screen_next()
        while pending:
            yield pending.popleft().result()
    finally:
        if cols:
            try:
                client.run(wk.drop_stash, job)
            except Exception:  # noqa: BLE001 - the job's own error is the one to report
                pass


def _parquet_tmp(out_dir: Path) -> str:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--output {out_dir}: exists and is not a directory (Parquet output "
                         "is a directory of partitions)")
    if out_dir.is_dir() and any(not p.name.startswith("part.") or p.suffix != ".parquet"
                                for p in out_dir.iterdir()):
        raise InputError(f"--output {out_dir}: the directory holds other files than result "
                         "partitions; give a new or empty directory")
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".part", dir=parent)


def _install_dir(tmp_dir: str, out_dir: Path) -> None:
    """Put the finished partitions in place of `out_dir` (a previous result is replaced)."""
    old = None
    if out_dir.exists():
        old = tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".old",
                               dir=out_dir.resolve().parent)
        os.rmdir(old)
        os.replace(out_dir, old)
    os.replace(tmp_dir, out_dir)
    if old:
        shutil.rmtree(old, ignore_errors=True)

