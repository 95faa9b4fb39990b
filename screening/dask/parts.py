"""One partition's task on a worker, and its output part.

The task reads the partition's rows (a settled CSV range, or a Parquet/DataFrame partition),
gets the matches of their party names from the name shards (`screening.dask.names`), screens
the rows and writes them as one part file, whole or not at all (a temporary name, then a
rename), in the output format: CSV (with the header when the part is a file of its own), JSON
lines, the body of a JSON array (each result after ",\\n": the driver leaves out the first
comma of the whole output), or Parquet. What returns to the driver is the partition's summary:
rows, counts per decision, its first errors and the report's alert items. Without a directory
the workers can write to, the rendered text returns instead (standard output from a remote
cluster).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from screening.batch import CHUNK_ROWS, screen_in_process
from screening.batch_cells import CSV_COLUMNS
from screening.batch_rows import RowTask, screen_chunk
from screening.csvio import RawRow
from screening.dask import blocks as blk
from screening.dask import workers as wk
from screening.dask.names import gather_known, known_screener, name_columns, rows_names
from screening.screener_spec import ScreenerSpec

EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "json": "json", "parquet": "parquet"}


@dataclass(frozen=True)
class Sink:
    """Where a partition's results go: `directory` (None: back to the driver as text), in
    `fmt`; `header`: a CSV part starts with the header row (a directory of CSV parts)."""

    fmt: str
    directory: str | None = None
    header: bool = False


def part_name(index: int, fmt: str) -> str:
    return f"part.{index:05d}.{EXTENSIONS[fmt]}"


def _rows(placed: blk.Placed | None, frame: Any, offset: int) -> list[RawRow]:
    return blk.read_rows(placed, offset) if placed is not None else wk.frame_rows(frame, offset)


def screen_unit(spec: ScreenerSpec, expected: wk.Versions, task: RowTask, index: int,
                placed: blk.Placed | None, frame: Any, offset: int, sink: Sink,
                shards: list[Any] | None) -> wk.PartOutcome:
    """Screen one partition (rows numbered from `offset + 1`) and write or return its
    results. `shards`: the name shard actors (None: this worker matches the names it meets,
    remembering them for its later partitions)."""
    started = time.thread_time()
    rows = _rows(placed, frame, offset)
    screener = wk._checked(spec, expected)
    cols = name_columns(task.cmap, spec)
    known, key = None, None
    if shards and cols:
        known, key = gather_known(shards, rows_names(rows, cols))
    if sink.fmt == "parquet":
        assert sink.directory is not None
        alerts: list[dict[str, Any]] | None = [] if task.report else None
        results = wk.result_frame(spec, expected, task, rows, known, key, alerts)
        wk.write_parquet(results, sink.directory, index)
        return wk.outcome_of(results, index, alerts, time.thread_time() - started)
    t = RowTask(cmap=task.cmap, as_of=task.as_of, fmt="csv" if sink.fmt == "csv" else "jsonl",
                file_name=task.file_name, report=task.report)
    if known is not None:
        chunks = [screen_chunk(known_screener(screener, known, key), t, rows)]
    else:
        memory = wk._KNOWN.setdefault((spec, threading.get_ident()), {})
        chunks = list(screen_in_process(rows, screener, spec, t, CHUNK_ROWS, memory))
    decisions: list[str] = []
    texts: list[str] = []
    errors: list[str] = []
    alerts_: list[dict[str, Any]] = []
    for d, x, e, a in chunks:
        decisions += d
        texts += x
        errors += e
        alerts_ += a
    text = _render(texts, sink)
    if sink.directory is not None:
        write_part(Path(sink.directory) / part_name(index, sink.fmt), text)
        text = ""
    return wk.PartOutcome(index, len(decisions), dict(Counter(decisions)),
                          errors[:wk.MAX_ERRORS], text, alerts_, time.thread_time() - started)


def _render(texts: list[str], sink: Sink) -> str:
    if sink.fmt == "csv":
        if not sink.header:
            return "".join(texts)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(CSV_COLUMNS)
        return buf.getvalue() + "".join(texts)
    if sink.fmt == "json":
        return "".join(",\n" + x for x in texts)
    return "".join(x + "\n" for x in texts)


def write_part(path: Path, text: str) -> None:
    """Write one part whole or not at all (temporary name, then rename)."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        with open(tmp, "wb") as f:
            f.write(text.encode("utf-8"))
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, f"cannot write the part {path} ({exc.strerror}): the workers "
                      "must be able to write where the output goes") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def copy_part(path: Path, out: TextIO, skip: int = 0) -> None:
    """Append a part file's bytes to the output (after its first `skip` bytes): a byte copy,
    no parsing; a text stream without a byte buffer (a StringIO) gets the decoded text."""
    buffer: BinaryIO | None = getattr(out, "buffer", None)
    with open(path, "rb") as f:
        f.seek(skip)
        if buffer is None:
            out.write(f.read().decode("utf-8"))
            return
        out.flush()
        try:
            shutil.copyfileobj(f, buffer, 1 << 20)
        except OSError as exc:
            from screening.output import OutputError

            target = getattr(out, "target", "the output")
            raise OutputError(f"{target}: cannot write ({exc.strerror or exc})",
                              exc.errno) from exc
