"""Opening a batch input: a CSV file, standard input (`-`), a compressed CSV (gzip, bzip2, xz,
zstandard), a Parquet file or an Excel workbook (.xlsx).

Everything becomes one byte stream of CSV text for `screening.csvio.CsvSource`, so every input
goes through the same row accounting (each row screened or reported as an ERROR). Compression is
told from the first bytes, not the name; a file named `.gz` that is not gzip is refused. Parquet
needs `pyarrow` (`pip install 'screening[parquet]'`), Excel `openpyxl` (`screening[excel]`), and
zstandard `zstandard` (`screening[zstd]`).
"""

from __future__ import annotations

import bz2
import csv
import datetime as dt
import gzip
import io
import lzma
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from screening.csvio import CsvSource
from screening.mapping import InputError

STDIN = "-"
_MAGIC = {
    "gzip": b"\x1f\x8b",
    "bzip2": b"BZh",
    "xz": b"\xfd7zXZ\x00",
    "zstd": b"\x28\xb5\x2f\xfd",
    "parquet": b"PAR1",
    "zip": b"PK\x03\x04",
}
_SUFFIX = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd",
           ".zstd": "zstd", ".parquet": "parquet", ".xlsx": "zip", ".xlsm": "zip"}
_READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


class _IterStream(io.RawIOBase):
    """A readable binary stream over an iterator of byte chunks. Errors while producing a
    chunk (a corrupt compressed stream) become InputError naming the input and where."""

    def __init__(self, chunks: Iterable[bytes], label: str) -> None:
        self._chunks = iter(chunks)
        self._buf = b""
        self._label = label
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
            except InputError:
                raise
            except _READ_ERRORS as exc:
                raise InputError(f"{self._label}: cannot read the data after byte "
                                 f"{self._done:,} ({type(exc).__name__}: {exc}); nothing after "
                                 "it was screened") from exc
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        self._done += n
        return n


def _blocks(f: BinaryIO, size: int = 1 << 16) -> Iterator[bytes]:
    while True:
        block = f.read(size)
        if not block:
            return
        yield block


def _stream(chunks: Iterable[bytes], label: str) -> BinaryIO:
    return io.BufferedReader(_IterStream(chunks, label), buffer_size=1 << 16)  # type: ignore[return-value]


def _decompress(kind: str, raw: BinaryIO, label: str) -> BinaryIO:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if kind == "bzip2":
        return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
    if kind == "xz":
        return lzma.LZMAFile(raw, mode="rb")  # type: ignore[return-value]
    try:
        import zstandard
    except ImportError as exc:
        raise InputError(f"{label}: zstandard-compressed input needs the zstandard package "
                         "(pip install 'screening[zstd]')") from exc
    return zstandard.ZstdDecompressor().stream_reader(raw)  # type: ignore[return-value]


def input_kind(path: str | Path) -> str:
    """What an input is: csv, gzip, bzip2, xz, zstd, parquet or xlsx (from its first bytes;
    `-` is standard input and is told the same way once read)."""
    p = Path(path)
    with p.open("rb") as f:
        head = f.read(8)
    kind = next((k for k, m in _MAGIC.items() if head.startswith(m)), "csv")
    if kind == "zip":
        kind = "xlsx" if p.suffix.lower() in (".xlsx", ".xlsm") else "zip"
    named = _SUFFIX.get(p.suffix.lower())
    if named == "zip":
        named = "xlsx"
    if named and named != kind and head:
        raise InputError(f"{p}: the name says {named} but the content is "
                         f"{'plain text' if kind == 'csv' else kind}")
    return kind


def open_input(path: str | Path, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None) -> CsvSource:
    """The CsvSource for any supported input (InputError if it cannot be read)."""
    if str(path) == STDIN:
        return _from_stdin(encoding, delimiter)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a CSV file")
    try:
        kind = input_kind(p) if p.is_file() else "csv"
    except OSError as exc:
        raise InputError(f"{p}: cannot read it ({exc.strerror or exc})") from exc
    if sheet is not None and kind != "xlsx":
        raise InputError(f"--sheet {sheet!r}: {p} is not an Excel workbook")
    if kind == "csv":
        return CsvSource(p, encoding=encoding, delimiter=delimiter)
    if kind == "zip":
        raise InputError(f"{p}: this is a zip archive, not CSV; unpack it (or name an Excel "
                         "workbook .xlsx)")
    if kind in ("parquet", "xlsx"):
        _no_text_options(p, kind, encoding, delimiter)
        rows = _parquet_rows(p) if kind == "parquet" else _xlsx_rows(p, sheet)
        return CsvSource(p, encoding="utf-8", delimiter=",", stream=_stream(_csv_bytes(rows),
                                                                            str(p)))
    raw = p.open("rb")
    inner = _decompress(kind, raw, str(p))
    return CsvSource(p, encoding=encoding, delimiter=delimiter,
                     stream=_stream(_blocks(inner), str(p)))


def _from_stdin(encoding: str | None, delimiter: str | None) -> CsvSource:
    raw = sys.stdin.buffer
    head = raw.read(8)
    label = Path("<stdin>")
    kind = next((k for k, m in _MAGIC.items() if head.startswith(m)), "csv")
    if kind in ("parquet", "zip"):
        raise InputError("standard input: Parquet and Excel input must be a file, not a pipe")
    chunks: Iterable[bytes] = _chain(head, raw)
    if kind != "csv":
        inner = _decompress(kind, _stream(chunks, "standard input"), "standard input")
        chunks = _blocks(inner)
    return CsvSource(label, encoding=encoding, delimiter=delimiter,
                     stream=_stream(chunks, "standard input"))


def _chain(head: bytes, rest: BinaryIO) -> Iterator[bytes]:
    if head:
        yield head
    yield from _blocks(rest)


def _no_text_options(p: Path, kind: str, encoding: str | None, delimiter: str | None) -> None:
    for opt, value in (("--encoding", encoding), ("--delimiter", delimiter)):
        if value:
            raise InputError(f"{opt} does not apply to {kind} input ({p})")


# -- tables to CSV -------------------------------------------------------------------------------

def cell_text(value: object) -> str:
    """A Parquet or Excel cell as the text a CSV export would hold: dates as yyyy-mm-dd (a
    time only when there is one), whole numbers without `.0`, line breaks as spaces."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = str(value)
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _csv_bytes(rows: Iterable[list[str] | None]) -> Iterator[bytes]:
    """CSV text (UTF-8) for rows; None is a blank line (an empty sheet row keeps its line)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    n = 0
    for row in rows:
        if row is None:
            buf.write("\n")
        else:
            writer.writerow(row)
        n += 1
        if n % 500 == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue().encode("utf-8")


def _parquet_rows(p: Path) -> Iterator[list[str] | None]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError(f"{p}: Parquet input needs pyarrow "
                         "(pip install 'screening[parquet]')") from exc
    try:
        pf = pq.ParquetFile(p)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
        raise InputError(f"{p}: not a readable Parquet file ({exc})") from exc
    names = list(pf.schema_arrow.names)
    if not names:
        raise InputError(f"{p}: the Parquet file has no columns")

    def rows() -> Iterator[list[str] | None]:
        yield names
        for batch in pf.iter_batches(batch_size=2000):
            cols = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for values in zip(*cols, strict=True):
                yield [cell_text(v) for v in values]

    return rows()


def _xlsx_rows(p: Path, sheet: str | None) -> Iterator[list[str] | None]:
    try:
        import openpyxl
    except ImportError as exc:
        raise InputError(f"{p}: Excel input needs openpyxl "
                         "(pip install 'screening[excel]')") from exc
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises several kinds for a bad file
        raise InputError(f"{p}: not a readable Excel workbook ({exc})") from exc
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise InputError(f"--sheet {sheet!r}: {p} has the sheets {', '.join(names)}")
        ws = wb[sheet]
    else:
        used = [n for n in names if any(any(c is not None for c in r)
                                        for r in wb[n].iter_rows(max_row=20, values_only=True))]
        if len(used) > 1:
            raise InputError(f"{p}: the workbook has {len(used)} sheets with data "
                             f"({', '.join(used)}); name the one to screen with --sheet "
                             "(each sheet is screened on its own run)")
        ws = wb[used[0] if used else names[0]]

    # a formula cell whose value was never saved (a file written by a program, not by Excel)
    # reads as empty: that could hide a name, so it stops the run
    formulas = openpyxl.load_workbook(p, read_only=True, data_only=False)[ws.title]

    def rows() -> Iterator[list[str] | None]:
        width = 0
        for n, (values, raw) in enumerate(zip(ws.iter_rows(values_only=True),
                                              formulas.iter_rows(values_only=True),
                                              strict=False), start=1):
            for j, (v, f) in enumerate(zip(values, raw, strict=False)):
                if v is None and isinstance(f, str) and f.startswith("="):
                    raise InputError(f"{p}: sheet {ws.title!r} row {n} column {j + 1} holds the "
                                     f"formula {f[:40]!r} without a saved value; open and save "
                                     "the workbook in Excel (or export it as CSV) first")
            cells = [cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                yield None
                continue
            if not width:
                width = len(cells)
            yield cells + [""] * (width - len(cells))
        wb.close()
        formulas.parent.close()

    return rows()
