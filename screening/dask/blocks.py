"""Input for cluster screening: CSV files cut into byte ranges at record boundaries, and the
rows of one range read back with the same CSV reader the local path uses.

A file no larger than one range is one partition, and its rows are counted on a worker. A
larger file is read once on the driver by the local CSV reader, to find where records start
(a quoted field may span lines, and broken quoting is resynchronised exactly as the local
reader does it): ranges are cut only at the start of a record, so every row is read on the
cluster exactly as it is read locally, and each range knows the number of its first row. To
spare the driver that pass on very large inputs, give a directory of partition files.
"""

from __future__ import annotations

import glob
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from screening.csvio import CsvSource, RawRow
from screening.mapping import InputError

BLOCK_BYTES = 16 << 20
"""Default size of one CSV range (one Dask partition)."""
MAX_SHIFT_LINES = 1000
SCAN_BYTES = 1 << 20
PARQUET_SUFFIXES = (".parquet", ".pq")
_LINE_REF = re.compile(r"\b(lines?) (\d+)")
_BYTE_REF = re.compile(r"\bbyte ([\d,]+) of the file")


@dataclass(frozen=True)
class CsvBlock:
    """One byte range of one CSV file: `[start, end)`, after the header.

    `first_line` is the physical line the range starts on; `header_bytes` is the file's header
    line exactly as written, so the range can be read on its own with the same detection."""

    path: str
    index: int
    start: int
    end: int
    first_line: int
    header_bytes: bytes
    encoding: str
    delimiter: str
    rows: int | None
    """How many rows the range holds, when the driver's pass knows it (None: counted on a
    worker)."""


def expand_inputs(items: list[str]) -> list[str]:
    """The files named by `items` (files, globs, directories of partitions), in sorted order
    within each item; InputError if an item names nothing or a directory holds no data file."""
    out: list[str] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found = sorted(str(f) for f in p.iterdir() if f.is_file()
                           and not f.name.startswith((".", "_"))
                           and f.suffix.lower() in (".csv", ".txt", ".tsv", *PARQUET_SUFFIXES))
            if not found:
                raise InputError(f"{item}: the directory holds no .csv or .parquet files")
            out += found
        elif p.exists():
            out.append(str(p))
        else:
            found = sorted(glob.glob(item))
            if not found:
                raise InputError(f"{item}: no such file (nor files matching it)")
            out += [f for f in found if Path(f).is_file()]
    if not out:
        raise InputError("no input files")
    kinds = {is_parquet(f) for f in out}
    if len(kinds) > 1:
        raise InputError("the inputs mix CSV and Parquet files; screen them separately")
    return out


def is_parquet(path: str) -> bool:
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def _header_end(path: str, src: CsvSource) -> int:
    """Byte offset just after the header line (the header must be on one physical line)."""
    with open(path, "rb") as f:
        for _ in range(src.header_line):
            line = f.readline()
        if line.count(b'"') % 2:
            raise InputError(f"{path}: the header spans several lines; cluster screening "
                             "needs a one-line header")
        return f.tell()


def plan_csv(path: str, encoding: str | None, delimiter: str | None,
             block_bytes: int = BLOCK_BYTES) -> tuple[CsvSource, list[CsvBlock]]:
    """Open `path` as the local path would (encoding, delimiter, header) and cut it into ranges
    at record starts."""
    src = CsvSource(path, encoding=encoding, delimiter=delimiter)
    start = _header_end(path, src)
    with open(path, "rb") as f:
        header_bytes = f.read(start)
    if header_bytes.count(b"\n") > 1:  # blank lines above the header
        header_bytes = header_bytes.split(b"\n")[-2] + b"\n"
    first_line = src.header_line + 1
    if src.size - start <= block_bytes:
        return src, [CsvBlock(path, 0, start, src.size, first_line, header_bytes, src.encoding,
                              src.delimiter, None)]
    cuts = _record_cuts(path, src, start, first_line, block_bytes)
    blocks = []
    bounds = [*cuts, (src.size, 0, None)]
    for i, ((a, line, row), (b, _, next_row)) in enumerate(zip(bounds, bounds[1:],
                                                               strict=False)):
        n = next_row - row if next_row is not None else None
        blocks.append(CsvBlock(path, i, a, b, line, header_bytes, src.encoding, src.delimiter,
                               n))
    return src, blocks


def _record_cuts(path: str, src: CsvSource, start: int, first_line: int, block_bytes: int
                 ) -> list[tuple[int, int, int]]:
    """(byte offset, line, row number) of the record starting each range: the first record
    that starts at or after every `block_bytes` step (a record spans at most
    MAX_RECORD_LINES lines, so one starts within a window of that many lines)."""
    # pass 1: the byte offsets of the lines just after each step
    offsets: dict[int, int] = {}
    steps: list[int] = []
    with open(path, "rb") as f:
        f.seek(start)
        pos, line, keep_until = start, first_line, 0
        target = start + block_bytes
        for raw in f:
            if pos >= target:
                steps.append(line)
                keep_until = line + MAX_SHIFT_LINES + 2
                target = pos + block_bytes
            if line < keep_until:
                offsets[line] = pos
            pos += len(raw)
            line += 1
    # pass 2: the local reader says where records start; cut at the first one after a step
    cuts = [(start, first_line, 1)]
    j = 0
    for r in CsvSource(path, encoding=src.encoding, delimiter=src.delimiter).rows():
        if j >= len(steps):
            break
        if r.line < steps[j] or r.fields is None:  # never cut inside a broken quoted span
            continue
        if r.line > cuts[-1][1] and r.line in offsets:
            cuts.append((offsets[r.line], r.line, r.row))
        while j < len(steps) and steps[j] <= r.line:
            j += 1
    return cuts


def read_block(block: CsvBlock) -> list[RawRow]:
    """The rows of one range, read by the local CSV reader (rows numbered from 1 within the
    range, lines as in the whole file)."""
    fd, tmp = tempfile.mkstemp(prefix="screen-block-", suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as out, open(block.path, "rb") as f:
            out.write(block.header_bytes)
            f.seek(block.start)
            remaining = block.end - block.start
            while remaining > 0:
                chunk = f.read(min(SCAN_BYTES * 8, remaining))
                if not chunk:
                    raise OSError(f"{block.path}: the file is shorter than when it was planned "
                                  "(changed during the run?)")
                out.write(chunk)
                remaining -= len(chunk)
        src = CsvSource(tmp, encoding=block.encoding, delimiter=block.delimiter)
        shift = block.first_line - 2  # the range's first line is line 2 of the temporary file
        moved = block.start - len(block.header_bytes)
        rows = []
        for r in src.rows():
            r.line += shift
            if r.last_line:
                r.last_line += shift
            if r.error and shift:
                r.error = _LINE_REF.sub(lambda m: f"{m[1]} {int(m[2]) + shift}", r.error)
            if r.error and "of the file" in r.error:  # byte offsets: the range's place in it
                r.error = _BYTE_REF.sub(
                    lambda m: f"byte {int(m[1].replace(',', '')) + moved:,} of the file",
                    r.error)
            rows.append(r)
        return rows
    finally:
        os.unlink(tmp)
