"""Batch screening of CSV files: read rows, screen them (optionally on several cores), and write
one result per input row, in input order, as CSV, JSON Lines or a JSON array.

Memory stays flat whatever the file size: rows stream from the file in chunks, at most a few
chunks are in flight between the workers, and the writer writes each chunk as it comes back.

The stages are modules of their own: the screener spec (`screening.screener_spec`), the per-row
work (`batch_rows`), the output cells (`batch_cells`), the party names and their packing
between processes (`batch_names`), the summary and progress (`batch_summary`), and the worker
processes (`batch_jobs`).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from screening.batch_cells import CSV_COLUMNS
from screening.batch_names import _forget_oldest, _match_names, _name_columns, _party_names
from screening.batch_rows import ChunkResult, RowTask, screen_chunk
from screening.batch_summary import Summary
from screening.csvio import CsvSource, RawRow, delimiter_name, looks_like_date
from screening.engine import Screener
from screening.mapping import ColumnMap
from screening.names import NameMatch
from screening.records import RecordKind
from screening.screener_spec import ScreenerSpec

FORMATS = ("csv", "jsonl", "json", "parquet")
CHUNK_ROWS = 500
POOL_CHUNK_ROWS = 2000  # rows per task with several jobs (fewer, larger messages)
WARM_NAMES = 64  # names matched before the workers fork (see _results)


# -- the run -------------------------------------------------------------------------------------

@dataclass
class BatchOptions:
    kind: RecordKind | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    as_of: dt.date | None = None
    encoding: str | None = None
    delimiter: str | None = None
    fmt: str = "csv"
    jobs: int = 1
    chunk_rows: int = CHUNK_ROWS
    ignore_columns: tuple[str, ...] = ()
    """Header columns that look like party columns but are deliberately not screened."""
    echo: bool = False
    """Copy the input's columns into each result row."""
    sheet: str | None = None
    """The sheet of an Excel workbook to screen."""



MAX_ERRORS_SHOWN = 10


def open_source(path: str | Path, opts: BatchOptions) -> tuple[CsvSource, ColumnMap]:
    """Open the input (CSV, `-` for stdin, compressed, Parquet, Excel: see `screening.inputs`)
    and resolve its columns; InputError if that cannot be done, or if a column that looks like
    a party column is neither mapped nor in `opts.ignore_columns`."""
    from screening.header_guard import check_unmapped
    from screening.inputs import open_input
    from screening.mapping import resolve_columns

    src = open_input(path, encoding=opts.encoding, delimiter=opts.delimiter, sheet=opts.sheet)
    cmap = resolve_columns(src.header, kind=opts.kind, overrides=opts.overrides,
                           date_optional=opts.as_of is not None)
    check_unmapped(src.header, cmap, opts.ignore_columns)
    cols = dict(cmap.columns)
    src.row_key(cols.get("id"), cols.get("date"), looks_like_date)
    return src, cmap


def run_batch(path: str | Path, out: TextIO, screener: Screener, spec: ScreenerSpec,
              opts: BatchOptions, progress: Callable[[int, int, int], None] | None = None,
              source: tuple[CsvSource, ColumnMap] | None = None,
              alerts: list[dict[str, Any]] | None = None) -> Summary:
    """Screen every row of the input at `path`, writing results to `out` in input order
    (`source`: the input already opened by `open_source`, e.g. standard input).
    `alerts`, if given, receives a report item per alert row (see `screening.report`).

    A `screener` built without a name cache is screened through a copy with the cache of
    `spec.name_cache` names (the screener passed in is not changed)."""
    from screening.outputs import ParquetOut, column_roles, json_close, json_open, run_metadata

    if not screener.name_cache and spec.name_cache:
        screener = screener.with_name_cache(spec.name_cache)
    src, cmap = source or open_source(path, opts)
    task = RowTask(cmap=cmap, as_of=opts.as_of, fmt=opts.fmt, file_name=src.path.name,
                   echo=opts.echo, report=alerts is not None)
    summary = Summary(path=src.path, kind=cmap.kind, encoding=src.encoding_label,
                      delimiter=delimiter_name(src.delimiter), columns=cmap.describe(),
                      jobs=max(1, opts.jobs), as_of=opts.as_of, ignored=opts.ignore_columns,
                      roles=column_roles(cmap), encoding_note=src.encoding_note)
    meta = run_metadata(src.path, cmap, src.encoding_label, summary.delimiter, opts.as_of,
                        opts.ignore_columns, opts.echo, screener, spec.rules)
    columns = list(CSV_COLUMNS) + (echo_names(cmap.header) if opts.echo else [])
    start = time.perf_counter()
    first = True
    pq_out = None
    if opts.fmt == "csv":
        csv.writer(out, lineterminator="\n").writerow(columns)
    elif opts.fmt == "json":
        out.write(json_open(meta))
    elif opts.fmt == "parquet":
        out.flush()
        pq_out = ParquetOut(out.buffer, columns, meta)  # type: ignore[attr-defined]

    def emit(result: tuple[list[str], list[str], list[str], list[dict[str, Any]]]) -> None:
        nonlocal first
        decisions, texts, errors, items = result
        if alerts is not None:
            alerts.extend(items)
        summary.counts.update(decisions)
        summary.rows += len(decisions)
        room = MAX_ERRORS_SHOWN - len(summary.errors)
        if room > 0:
            summary.errors.extend(errors[:room])
        if opts.fmt == "csv":
            out.write("".join(texts))
        elif pq_out is not None:
            pq_out.write(texts)
        elif opts.fmt == "jsonl":
            out.write("\n".join(texts) + "\n" if texts else "")
        else:
            for t in texts:
                out.write(("\n" if first else ",\n") + t)
                first = False
        if progress:
            progress(summary.rows, src.bytes_read, src.size)

    covered = 0

    def counted(rows: Iterable[RawRow]) -> Iterator[RawRow]:
        nonlocal covered
        for r in rows:
            last = r.last_line  # (RawRow.end, without the call)
            covered += last - r.line + 1 if last else 1
            yield r

    for result in _results(counted(src.rows()), screener, spec, task, opts):
        emit(result)
    summary.lines, summary.header_lines = src.lines_read, src.header_line
    summary.blank_lines = src.blank_lines
    summary.unaccounted = src.lines_read - src.header_line - src.blank_lines - covered
    if opts.fmt == "json":
        out.write(json_close(summary.rows, summary.counts, not first))
    if pq_out is not None:
        pq_out.close()
    out.flush()
    summary.seconds = time.perf_counter() - start
    return summary


def echo_names(header: Sequence[str]) -> list[str]:
    """Output column names for the echoed input columns: the header's own names, prefixed
    with `input_` where one would repeat a result column or another header name."""
    taken = set(CSV_COLUMNS)
    out = []
    for h in header:
        name = h if h not in taken else f"input_{h}"
        while name in taken:
            name = f"input_{name}"
        taken.add(name)
        out.append(name)
    return out


def _chunks(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_in_process(rows: Iterable[RawRow], screener: Screener, spec: ScreenerSpec,
                      task: RowTask, chunk_rows: int, known: dict[str, tuple[NameMatch, ...]]
                      ) -> Iterator[tuple[list[str], list[str], list[str], list[dict[str, Any]]]]:
    """Chunk results in one process: each chunk's new party names are matched together (see
    NameIndex.search_many) and kept in `known` (up to the spec's name cache) for later chunks;
    a Dask worker passes the same `known` for all its partitions."""
    cols = _name_columns(task, spec.name_cache)
    for chunk in _chunks(rows, chunk_rows):
        if not cols:
            yield screen_chunk(screener, task, chunk)
            continue
        new = [n for n in _party_names(chunk, cols) if n not in known]
        if new:
            known.update((n, m) for n, m in zip(new, _match_names(screener, new), strict=True)
                         if m is not None)
        # the chunk's names are all in `known` while it is screened (a name whose matching
        # failed is not: its rows match it one by one); the oldest are forgotten after
        got = screen_chunk(screener.with_known_names(known), task, chunk)
        _forget_oldest(known, spec.name_cache)
        yield got




def _results(rows: Iterable[RawRow], screener: Screener, spec: ScreenerSpec, task: RowTask,
             opts: BatchOptions) -> Iterator[ChunkResult]:
    """Chunk results in input order: in-process for one job, else with worker processes (see
    `screening.batch_jobs`), with a bounded number of chunks in flight (so a huge file is never
    queued whole)."""
    jobs = opts.jobs if opts.jobs > 0 else (os.cpu_count() or 1)
    if jobs <= 1:
        yield from screen_in_process(rows, screener, spec, task, opts.chunk_rows, {})
        return
    from screening.batch_jobs import pooled_results

    yield from pooled_results(rows, screener, spec, task, opts, jobs)


class WorkerError(RuntimeError):
    """A worker process of a --jobs run failed: the run stops (no row is left out silently)."""
