"""Screening on a Dask cluster: the library call on a Dask DataFrame, and the command-line run
that reads CSV or Parquet inputs, screens them partition by partition on the workers and writes
the results in input order.

Row numbers are global: a first pass on the workers reads each partition (a CSV range is read
and its place in the file settled, see `screening.dask.blocks`; nothing is screened), so every
partition knows the number of its first row before it is screened. Each partition is then
screened by one task that writes its part of the output itself (see `screening.dask.parts`);
the driver gathers the partitions' summaries in order and, for one output file, copies the
parts into it byte for byte. The driver reads no rows and renders no results.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from screening.batch_cells import CSV_COLUMNS
from screening.batch_rows import RowTask
from screening.csvio import CsvSource
from screening.dask import blocks as blk
from screening.dask import names as nm
from screening.dask import parts
from screening.dask import workers as wk
from screening.dask.summary import ClusterSummary
from screening.header_guard import check_unmapped
from screening.mapping import ColumnMap, InputError, resolve_columns
from screening.outputs import column_roles, engine_version, json_close, json_open
from screening.records import RecordKind
from screening.screener_spec import ScreenerSpec


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

QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings for a `local:N` cluster: no statistical profiler (it samples the screening's
deep stacks every 10 ms) and slower monitoring ticks, which otherwise cost a worker a few
percent of a core whether it works or not. Remote workers take them as environment variables,
e.g. DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False (see the README)."""


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
        import dask

        with dask.config.set(QUIET_WORKERS):
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
    range: blk.CsvRange | None = None
    part: Any = None  # a dask delayed pandas partition
    placed: blk.Placed | None = None
    rows: int = 0
    offset: int = 0


def _plan(inputs: list[str], kind: RecordKind | None, overrides: dict[str, str],
          as_of: dt.date | None, encoding: str | None, delimiter: str | None,
          block_bytes: int, ignore_columns: Sequence[str] = ()
          ) -> tuple[list[_Unit], ColumnMap]:
    """The partitions: Parquet partitions as Dask reads them, CSV files cut into byte ranges
    (reading each file's header only; see `screening.dask.blocks`)."""
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
        src = CsvSource(path, encoding=encoding, delimiter=delimiter)
        cmap = resolve_columns(src.header, kind=kind, overrides=overrides,
                               date_optional=as_of is not None)
        check_unmapped(src.header, cmap, ignore_columns)
        if first is not None and (cmap.kind != first.kind or cmap.describe() != first.describe()):
            raise InputError(f"{path}: its columns differ from {files[0]}'s "
                             f"({cmap.describe()} vs {first.describe()}); screen the files "
                             "separately or give them the same header")
        first = first or cmap
        cols = dict(cmap.columns)
        task = RowTask(cmap=cmap, as_of=as_of, fmt="csv", file_name=Path(path).name)
        ranges = blk.plan_csv(src, (cols.get("id"), cols.get("date")), block_bytes)
        units += [_Unit(len(units) + j, task, range=r) for j, r in enumerate(ranges)]
    assert first is not None
    return units, first


def _place(client: Any, units: list[_Unit]) -> None:
    """Settle every partition's rows, row offset and (CSV) place in its file: the CSV ranges
    are read on the workers in parallel (`blocks.scan`), a Parquet partition's rows counted;
    rows are then numbered across all partitions in order."""
    futures = {u.index: (client.submit(blk.scan, u.range, pure=False) if u.range is not None
                         else client.submit(len, client.compute(u.part), pure=False))
               for u in units}
    found = dict(zip(futures, client.gather(list(futures.values())), strict=True))

    def rescan(r: blk.CsvRange) -> blk.Scan:
        return client.submit(blk.scan, r, pure=False).result()

    by_file: list[list[_Unit]] = []  # each input file's ranges (a file given twice: twice)
    for u in units:
        if u.range is None:
            u.rows = int(found[u.index])
        elif u.range.index == 0:
            by_file.append([u])
        else:
            by_file[-1].append(u)
    for group in by_file:
        placed = blk.place([u.range for u in group if u.range is not None],
                           [found[u.index] for u in group], rescan)
        for u, p in zip(group, placed, strict=True):
            u.placed, u.rows = p, p.rows
    total = 0
    for u in units:
        u.offset = total
        total += u.rows


def run_on_cluster(inputs: list[str], spec: ScreenerSpec, address: str, fmt: str,
                   out: TextIO | None = None, out_dir: Path | None = None,
                   kind: RecordKind | None = None, overrides: dict[str, str] | None = None,
                   as_of: dt.date | None = None, encoding: str | None = None,
                   delimiter: str | None = None, block_bytes: int | None = None,
                   client: Any = None, expected: wk.Versions | None = None,
                   ignore_columns: Sequence[str] = (),
                   alerts: list[dict[str, Any]] | None = None,
                   parts_dir: str | Path | None = None) -> ClusterSummary:
    """Screen `inputs` on the cluster at `address` (or with `client`), writing CSV / JSON
    lines / a JSON array to `out`, or one part per partition to the directory `out_dir` (CSV
    with its header, JSON lines or Parquet); `alerts`, if given, receives the report's alert
    items (see `screening.report`) in row order.

    With `out`, the workers write their parts into a temporary directory under `parts_dir`
    (which they must be able to write and the driver to read: a shared file system on a real
    cluster) and the driver copies them to `out` in order, byte for byte; without
    `parts_dir`, the rendered results return to the driver instead.

    Raises InputError for input that cannot be screened at all and ClusterError when a
    partition fails: an `out_dir` is then not created (its parts are written to a temporary
    directory renamed into place at the end), and `out` is left incomplete (the command's
    output file is then removed). `expected`: the list versions every worker must have
    (default: the ones all workers agree on)."""
    if block_bytes is None:
        block_bytes = _auto_block(inputs, address, client)
    if fmt == "parquet" and out_dir is None:
        raise InputError("--format parquet on a cluster writes a directory of parts: give "
                         "-o DIRECTORY")
    if out_dir is not None and fmt == "json":
        raise InputError(f"--output {out_dir}: a directory of parts is written as csv, jsonl "
                         "or parquet; JSON (one array) needs one output file")
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
    shards: list[Any] = []
    try:
        client.register_plugin(wk.ScreenerPlugin(spec))
        expected = _agreed_versions(client, spec, expected)
        info = client.run(wk.describe, spec)
        any_info = next(iter(info.values()))
        summary = ClusterSummary(inputs=list(inputs), kind=cmap.kind, columns=cmap.describe(),
                                 address=address, workers=len(info), partitions=len(units),
                                 lists=any_info["lists"], rules=any_info["rules"])
        if out_dir is not None:
            tmp_dir = _dir_tmp(out_dir, fmt)
        elif parts_dir is not None:
            tmp_dir = tempfile.mkdtemp(prefix=".screen-parts-", dir=parts_dir)
        sink = parts.Sink(fmt, tmp_dir, header=out_dir is not None)
        _place(client, units)
        if nm.name_columns(cmap, spec):
            shards = [client.submit(nm.NameShard, spec, expected, spec.name_cache, actor=True,
                                    workers=[addr], pure=False) for addr in sorted(info)]
        first = True
        if out is not None and fmt == "csv":
            import csv

            csv.writer(out, lineterminator="\n").writerow(CSV_COLUMNS)
        elif out is not None and fmt == "json":
            out.write(json_open(_metadata(inputs, cmap, as_of, ignore_columns, any_info)))
        handles = [f.result() for f in shards]
        for u, outcome in _in_order(client, units, spec, expected, sink, handles, len(info)):
            if outcome.rows != u.rows:  # every row of the partition, once
                raise ClusterError(f"partition {u.index} returned {outcome.rows:,} rows, "
                                   f"{u.rows:,} expected")
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
                if tmp_dir is not None and not (Path(tmp_dir) / parts.part_name(
                        u.index, fmt)).is_file():
                    raise ClusterError(_missing(u.index, tmp_dir))
                continue
            t = time.thread_time()
            if tmp_dir is not None:
                path = Path(tmp_dir) / parts.part_name(u.index, fmt)
                if not path.is_file():
                    raise ClusterError(_missing(u.index, tmp_dir))
                skip = 1 if fmt == "json" and first and outcome.rows else 0
                parts.copy_part(path, out, skip)
                path.unlink()
            elif fmt == "json":
                out.write(outcome.text[1:] if first and outcome.text else outcome.text)
            else:
                out.write(outcome.text)
            first = first and not outcome.rows
            summary.copy_seconds += time.thread_time() - t
        if out is not None:
            if fmt == "json":
                out.write(json_close(summary.rows, summary.counts, not first))
            out.flush()
        if out_dir is not None:
            assert tmp_dir is not None
            _install_dir(tmp_dir, out_dir)
            tmp_dir = None
        summary.seconds = time.perf_counter() - started
        for h in handles:
            matched, seconds = h.stats().result()
            summary.names += matched
            summary.match_seconds += seconds
        return summary
    except (InputError, ClusterError):
        raise
    except Exception as exc:  # a task's exception, re-raised by distributed
        if type(exc).__name__ == "OutputError":
            raise
        raise ClusterError(f"the job failed: {type(exc).__name__}: {exc}") from exc
    finally:
        del shards
        if tmp_dir is not None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        if own is not None:
            client.close()
            own.close()


def _missing(index: int, directory: str) -> str:
    return (f"partition {index} was screened but its part is not in {directory}: the workers "
            "must write the output where this machine reads it (a shared file system)")


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


def _in_order(client: Any, units: list[_Unit], spec: ScreenerSpec, expected: wk.Versions,
              sink: parts.Sink, shards: list[Any], workers: int
              ) -> Iterator[tuple[_Unit, wk.PartOutcome]]:
    """Each unit with its outcome, in unit order, with a bounded number of partitions
    submitted ahead (earlier ones first); the rest are cancelled if one fails."""
    window = max(4, 4 * workers)
    pending: deque[tuple[_Unit, Any]] = deque()
    todo = iter(units)
    n = len(units)

    def submit(u: _Unit) -> None:
        frame = client.compute(u.part) if u.part is not None else None
        pending.append((u, client.submit(parts.screen_unit, spec, expected, u.task, u.index,
                                         u.placed, frame, u.offset, sink, shards or None,
                                         pure=False, priority=n - u.index)))

    try:
        for u in todo:
            submit(u)
            if len(pending) >= window:
                break
        while pending:
            u, f = pending.popleft()
            outcome = f.result()
            nxt = next(todo, None)
            if nxt is not None:
                submit(nxt)
            yield u, outcome
    finally:
        if pending:
            client.cancel([f for _, f in pending])


def _dir_tmp(out_dir: Path, fmt: str) -> str:
    """A temporary directory next to `out_dir` for its parts (InputError if `out_dir` is a file
    or holds other files than result parts)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--output {out_dir}: exists and is not a directory (a {fmt} output "
                         "of parts is a directory)")
    if out_dir.is_dir() and any(not p.name.startswith("part.")
                                or p.suffix.lstrip(".") not in parts.EXTENSIONS
                                for p in out_dir.iterdir()):
        raise InputError(f"--output {out_dir}: the directory holds other files than result "
                         "parts; give a new or empty directory")
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

