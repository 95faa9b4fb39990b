"""Input for cluster screening: CSV files cut into byte ranges, with record boundaries found on
the workers, and the rows of one range read with the same CSV reader the local path uses.

Planning on the driver reads the header only: file `k` of `size` bytes becomes ranges that
start every `block_bytes`. Where a range really begins is settled on the workers, in parallel,
without trusting a guess:

- each range (but the first) *guesses* its start: the first line at or after its byte offset
  that reads as a row of its own (an id and a date in place, the test the local reader uses to
  resynchronise broken quoting); the previous range computes the same guess as its own end;
- each range is read from its start by the local reader (`CsvSource`) until the first record
  that starts at or after that end, and says whether a record starts exactly there;
- the driver walks the ranges in order: where the previous range confirms that a record starts
  at the guess, the reader's state there is the same whichever byte it started from (the
  reader's state between records is its position alone), so the range's own reading is the
  local reading; where it does not (the guess was inside a quoted field), the range is read
  again from the true start, one range at a time until the readings agree.

So every row is read on the cluster exactly as it is read locally (multi-line quoted fields,
broken quoting, undecodable bytes), and each range knows its first row number and first line
number before it is screened, with no pass over the rows on the driver.
"""

from __future__ import annotations

import glob
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from screening.csvio import CsvSource, RawRow, looks_like_date
from screening.limits import MAX_ROW_BYTES
from screening.mapping import InputError

BLOCK_BYTES = 16 << 20
"""Default size of one CSV range (one Dask partition)."""
READ_BYTES = 1 << 20
PARQUET_SUFFIXES = (".parquet", ".pq")
_LINE_REF = re.compile(r"\b(lines?) (\d+)")
_BYTE_REF = re.compile(r"\bbyte ([\d,]+) of the file")


@dataclass(frozen=True)
class CsvRange:
    """One byte range of one CSV file, as planned: it covers the records that start in
    `[start, end)` (`start` exact for the first range, a guess for the others; see the module
    doc). `header_bytes` is the file's header line exactly as written, so the range is read with
    the same header, encoding and delimiter; `key` the (id, date) columns the reader tests
    lines with, as `open_source` sets them."""

    path: str
    index: int
    start: int
    end: int
    size: int
    header_bytes: bytes
    header_line: int
    encoding: str
    delimiter: str
    key: tuple[int | None, int | None]
    exact: bool = False
    """`start` is known to be where a record starts (the first range, or a range read again)."""


@dataclass(frozen=True)
class Scan:
    """What reading a range found: its records start at byte `start` and end where the next
    range's records start, `stop` (a record start, or the file's end); `rows` rows and
    `lines` line ends between them; `confirmed`: a record starts exactly at the next range's
    guess (then `stop` is that guess)."""

    index: int
    start: int
    stop: int
    rows: int
    lines: int
    confirmed: bool


@dataclass(frozen=True)
class Placed:
    """A range once its place is settled: read `rows` rows from byte `start`, the first on
    physical line `first_line` of the file."""

    range: CsvRange
    start: int
    rows: int
    first_line: int


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


def plan_csv(src: CsvSource, key: tuple[int | None, int | None],
             block_bytes: int = BLOCK_BYTES) -> list[CsvRange]:
    """The ranges of the file `src` was opened on (its encoding, delimiter and header), every
    `block_bytes` from the end of the header; reads the header only."""
    path = str(src.path)
    start = _header_end(path, src)
    with open(path, "rb") as f:
        header_bytes = f.read(start)
    if header_bytes.count(b"\n") > 1:  # blank lines above the header
        header_bytes = header_bytes.split(b"\n")[-2] + b"\n"
    size = src.size
    step = max(1, int(block_bytes))
    cuts = list(range(start, size, step)) or [start]
    ends = [*cuts[1:], size]
    return [CsvRange(path, i, a, b, size, header_bytes, src.header_line, src.encoding,
                     src.delimiter, key, exact=i == 0) for i, (a, b) in enumerate(zip(cuts, ends,
                                                                                       strict=True))]


# -- reading a range (on the workers) -------------------------------------------------------------

class _Stream(io.RawIOBase):
    """The header line, then the file from byte `start` to its end: what `CsvSource` reads
    (its first read, the sample it checks and detects from, is the header alone)."""

    def __init__(self, path: str, header: bytes, start: int) -> None:
        self._header = header
        self._file = open(path, "rb")  # noqa: SIM115 - closed with the stream
        self._file.seek(start)

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self._header:
            out, self._header = self._header, b""
            return out
        return self._file.read(n if n is not None and n >= 0 else -1)

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._file.close()
        super().close()


class _Reader(CsvSource):
    """The local reader, noting which rows do not begin a record of their own (the second and
    later ERROR rows a broken quoted span is split into): a range may end only where a record
    begins."""

    def __init__(self, rng: CsvRange, start: int) -> None:
        self.stream = _Stream(rng.path, rng.header_bytes, start)
        super().__init__(rng.path, encoding=rng.encoding, delimiter=rng.delimiter,
                         stream=self.stream)
        self.row_key(rng.key[0], rng.key[1], looks_like_date)
        self.inner: set[int] = set()

    def _record(self, first):  # type: ignore[no-untyped-def]
        out = super()._record(first)
        for r in out[1:]:
            self.inner.add(r.line)
        return out


def row_start(rng: CsvRange, at: int, looks: Callable[[str], bool]) -> int:
    """The guess of where records start from byte `at`: the first line starting at or after
    `at` that reads as a row of its own (the file's size if none does)."""
    if at >= rng.size:
        return rng.size
    with open(rng.path, "rb") as f:
        f.seek(at - 1)
        pos = at - 1 + len(f.readline())  # the first line start at or after `at`
        while pos < rng.size:
            line = f.readline(MAX_ROW_BYTES + 1)
            if not line:
                break
            if len(line) <= MAX_ROW_BYTES and looks(line.decode(rng.encoding, "replace")):
                return pos
            pos += len(line)
            while line and not line.endswith(b"\n"):  # the rest of an over-long line
                line = f.readline(1 << 16)
                pos += len(line)
    return rng.size


def _newlines(path: str, a: int, b: int) -> int:
    n = 0
    with open(path, "rb") as f:
        f.seek(a)
        left = b - a
        while left > 0:
            chunk = f.read(min(READ_BYTES, left))
            if not chunk:
                break
            n += chunk.count(b"\n")
            left -= len(chunk)
    return n


def _line_offset(path: str, a: int, lines: int) -> int:
    """The byte offset of the start of the line `lines` lines after byte `a` (a line start)."""
    pos = a
    with open(path, "rb") as f:
        f.seek(a)
        for _ in range(lines):
            line = f.readline(1 << 20)
            while line and not line.endswith(b"\n"):
                pos += len(line)
                line = f.readline(1 << 20)
            pos += len(line)
    return pos


def scan(rng: CsvRange) -> Scan:
    """Read the range from its start (the guess, unless `rng.exact`) to the first record that
    starts at or after the next range's guess: rows, line ends, and whether a record starts
    exactly at that guess."""
    reader = _Reader(rng, rng.start)
    try:
        looks = reader._looks_like_row
        start = rng.start if rng.exact else row_start(rng, rng.start, looks)
        if start != rng.start:
            reader.stream.close()
            reader = _Reader(rng, start)
        target = row_start(rng, rng.end, looks) if rng.end < rng.size else rng.size
        if target < start:
            target = start
        # the stream's line of the target (the header is line 1); none at the file's end (its
        # last line may have no line end)
        stop_line = 2 + _newlines(rng.path, start, target) if target < rng.size else 1 << 62
        rows = 0
        for raw in reader.rows():
            if raw.line >= stop_line and raw.line not in reader.inner:
                if raw.line == stop_line:
                    return Scan(rng.index, start, target, rows, stop_line - 2, True)
                return Scan(rng.index, start, _line_offset(rng.path, start, raw.line - 2), rows,
                            raw.line - 2, False)
            rows += 1
        return Scan(rng.index, start, rng.size, rows, _newlines(rng.path, start, rng.size),
                    target == rng.size)
    finally:
        reader.stream.close()


def place(ranges: list[CsvRange], scans: list[Scan], rescan: Callable[[CsvRange], Scan]
          ) -> list[Placed]:
    """Settle where each range starts, in order (see the module doc): a range whose guess the
    previous range did not confirm is read again (`rescan`) from the true start."""
    if not ranges:
        return []
    out: list[Placed] = []
    pos, line = ranges[0].start, ranges[0].header_line + 1
    for rng, found in zip(ranges, scans, strict=True):
        if found.start != pos:  # the guess is not where the previous range's records end
            found = rescan(replace(rng, start=pos, exact=True))
        out.append(Placed(rng, pos, found.rows, line))
        pos, line = found.stop, line + found.lines
    if pos != ranges[0].size:
        raise RuntimeError(f"{ranges[0].path}: the ranges end at byte {pos:,}, the file at "
                           f"{ranges[0].size:,} (changed during the run?)")
    return out


def read_rows(placed: Placed, offset: int) -> list[RawRow]:
    """The rows of a settled range, numbered from `offset + 1`, lines as in the whole file,
    read by the local CSV reader."""
    rng = placed.range
    reader = _Reader(rng, placed.start)
    shift = placed.first_line - 2  # the range's first line is line 2 of what the reader reads
    moved = placed.start - len(rng.header_bytes)
    rows: list[RawRow] = []
    try:
        for r in islice(reader.rows(), placed.rows):
            r.row += offset
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
    finally:
        reader.stream.close()
    if len(rows) != placed.rows:
        raise OSError(f"{rng.path}: range {rng.index} has {len(rows)} rows, {placed.rows} when "
                      "it was planned (the file changed during the run?)")
    return rows
