"""Streaming CSV input for batch screening: encoding and delimiter detection, row splitting.

The file is read line by line in binary and never held whole. Every data row comes out, either
as its fields or as an error saying why it could not be read (undecodable bytes, broken quoting,
wrong column count, NUL bytes): nothing is dropped, so nothing can pass unscreened.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from screening.mapping import InputError

SAMPLE_BYTES = 1 << 20
"""How much of the file is read to detect the encoding (the rest is decoded the same way)."""
DELIMITERS = (",", ";", "\t", "|")
MAX_RECORD_LINES = 1000
"""A quoted field may span at most this many physical lines; beyond, the quote is broken."""

ENCODING_LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1251": "Windows-1251",
    "cp932": "Shift_JIS (cp932)", "cp1252": "Windows-1252",
}
_DELIM_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(slots=True)
class RawRow:
    """One data row: its number (from 1, header excluded), the physical line it starts on,
    and its fields, or the reason it could not be read."""

    row: int
    line: int
    fields: list[str] | None
    error: str | None = None
    naive: list[str] | None = None  # for an unreadable row: its first line split naively


def delimiter_name(d: str) -> str:
    return _DELIM_NAMES.get(d, repr(d))


# -- encoding ------------------------------------------------------------------------------------

def _cyrillic_plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are Cyrillic letters in all-Cyrillic words
    (`Mьller` is Windows-1252 read as 1251; symbols such as `±¶` inside text are implausible)."""
    good = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if not word.isascii() and all("\u0400" <= c <= "\u04ff" for c in word):
            good += len(word)
    total = sum(1 for c in text if ord(c) > 127)
    return good / total if total else 0.0


def _japanese_share(text: str) -> tuple[float, float]:
    """(full-width Japanese share, half-width katakana share) of the non-ASCII characters."""
    full = half = total = 0
    for c in text:
        o = ord(c)
        if o < 128:
            continue
        total += 1
        if (0x3000 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xFF01 <= o <= 0xFF5E
                or 0x3400 <= o <= 0x4DBF):
            full += 1
        elif 0xFF61 <= o <= 0xFF9F:
            half += 1
    return (full / total, half / total) if total else (0.0, 0.0)


def detect_encoding(sample: bytes, complete: bool) -> str:
    """UTF-8 (with or without BOM) if the sample decodes as UTF-8; otherwise whichever of
    Windows-1251 and Shift_JIS (cp932) gives plausible text; Windows-1252 as the last resort.
    `complete` says the sample is the whole file (else a cut last character is forgiven)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not complete and exc.reason == "unexpected end of data" and exc.start >= len(sample) - 3:
            return "utf-8"
    cyr = _cyrillic_plausibility(sample.decode("cp1251", "replace"))
    try:
        jp_text = sample.decode("cp932")
        jp_ok = True
    except UnicodeDecodeError as exc:
        jp_ok = not complete and exc.start >= len(sample) - 1
        jp_text = sample.decode("cp932", "replace")
    full, half = _japanese_share(jp_text) if jp_ok else (0.0, 0.0)
    if cyr >= 0.9 and full < 0.5:
        return "cp1251"
    if full + half >= 0.9:
        return "cp932"
    if cyr >= 0.6 and cyr >= full + half:
        return "cp1251"
    if full + half >= 0.6:
        return "cp932"
    return "cp1252"


def _check_binary(sample: bytes, path: Path) -> None:
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{path}: the file is UTF-16; save it as UTF-8 CSV")
    if sample.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: this is a zip archive or an Excel workbook, not CSV; "
                         "save it as CSV")
    head = sample[:65536]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head[:4096]) > 8:
        raise InputError(f"{path}: this looks like a binary file, not CSV text")


# -- delimiter -----------------------------------------------------------------------------------

def detect_delimiter(lines: list[str]) -> str:
    """The candidate (comma, semicolon, tab, pipe) most frequent in the header line; ties are
    broken by how consistently the data lines have the same count."""
    header = lines[0]
    best, best_key = ",", (-1, -1.0)
    for d in DELIMITERS:
        n = header.count(d)
        if not n:
            continue
        rest = [ln.count(d) for ln in lines[1:] if ln.strip()]
        same = sum(1 for c in rest if c == n) / len(rest) if rest else 1.0
        key = (n, same)
        if key > best_key:
            best, best_key = d, key
    return best


# -- the source ----------------------------------------------------------------------------------

class CsvSource:
    """A CSV file opened for streaming. Construction reads the header (InputError if the file
    cannot be read as CSV at all); `rows()` then yields every data row in order."""

    def __init__(self, path: str | Path, encoding: str | None = None,
                 delimiter: str | None = None, stream: BinaryIO | None = None) -> None:
        self.path = Path(path)
        p = self.path
        self._stream = stream  # an already opened input (stdin, decompressed): `path` names it
        if stream is not None:
            self.size = 0
            sample = self._sample = stream.read(SAMPLE_BYTES)
        elif not p.exists():
            raise InputError(f"{p}: no such file")
        elif p.is_dir():
            raise InputError(f"{p}: is a directory, not a CSV file")
        else:
            try:
                self.size = p.stat().st_size
                with p.open("rb") as f:
                    sample = f.read(SAMPLE_BYTES)
            except OSError as exc:
                raise InputError(f"{p}: cannot read it ({exc.strerror or exc})") from exc
        if not sample.strip(b" \t\r\n\x1a"):
            raise InputError(f"{p}: the file is empty")
        _check_binary(sample, p)
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError as exc:
                raise InputError(f"--encoding {encoding}: unknown encoding") from exc
            self.encoding = encoding
            self.detected = False
        else:
            self.encoding = detect_encoding(sample, complete=len(sample) < SAMPLE_BYTES)
            self.detected = True
        text = sample.decode(self.encoding, "replace")
        sample_lines = [ln for ln in text.splitlines()[:200] if ln.strip()]
        if delimiter:
            delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";",
                         "pipe": "|"}.get(delimiter, delimiter)
            if len(delimiter) != 1:
                raise InputError(f"--delimiter {delimiter!r}: give one character "
                                 "(or comma, semicolon, tab, pipe)")
            self.delimiter = delimiter
        else:
            self.delimiter = detect_delimiter(sample_lines)
        self.bytes_read = 0
        self._lines = self._read_lines()
        self._pushback: deque[tuple[int, str, str | None]] = deque()
        self.header, self.header_line = self._read_header()

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    # -- lines --------------------------------------------------------------------------------
    def _read_lines(self) -> Iterator[tuple[int, str, str | None]]:
        """(line number, text, decoding problem or None) for each physical line."""
        enc = self.encoding
        with self._open() as f:
            for n, raw in enumerate(f, start=1):
                self.bytes_read += len(raw)
                try:
                    yield n, raw.decode(enc), None
                except UnicodeDecodeError as exc:
                    bad = raw[exc.start:exc.start + 4].hex(" ")
                    yield n, raw.decode(enc, "replace"), (
                        f"undecodable bytes ({bad}) at byte {exc.start + 1} of line {n} "
                        f"for encoding {self.encoding_label}; give --encoding if detection "
                        "guessed wrong")

    def _open(self) -> BinaryIO:
        """The input from its first byte: the file again, or the stream after its sample."""
        if self._stream is None:
            return self.path.open("rb")
        return _Resumed(self._sample, self._stream)  # type: ignore[return-value]

    def _next_line(self) -> tuple[int, str, str | None] | None:
        if self._pushback:
            return self._pushback.popleft()
        return next(self._lines, None)

    def _parse(self, text: str) -> list[str]:
        return next(csv.reader([text], delimiter=self.delimiter, strict=True))

    def _read_header(self) -> tuple[list[str], int]:
        while True:
            item = self._next_line()
            if item is None:
                raise InputError(f"{self.path}: the file is empty")
            n, text, bad = item
            if text.strip(" \t\r\n\x1a"):
                break
        if bad:
            raise InputError(f"{self.path}: the header line cannot be decoded: {bad}")
        try:
            header = [h.strip().lstrip("\ufeff") for h in self._parse(text)]
        except csv.Error as exc:
            raise InputError(f"{self.path}: line {n}: the header cannot be read ({exc})") from exc
        return header, n

    # -- rows ---------------------------------------------------------------------------------
    def rows(self) -> Iterator[RawRow]:
        """Every data row in file order, numbered from 1; blank lines are skipped."""
        ncols = len(self.header)
        d = self.delimiter
        row = 0
        while True:
            item = self._next_line()
            if item is None:
                return
            n, text, bad = item
            if not text.strip(" \t\r\n\x1a"):
                continue
            row += 1
            if bad:
                yield RawRow(row, n, None, bad, text.split(d))
                continue
            if "\x00" in text:
                yield RawRow(row, n, None, f"line {n} contains a NUL byte", text.split(d))
                continue
            if '"' not in text:
                fields = text.rstrip("\r\n").split(d)
            else:
                try:
                    fields = self._parse(text)
                except csv.Error:
                    fields, err = self._multiline(n, text)
                    if err:
                        yield RawRow(row, n, None, err, text.split(d))
                        continue
            if len(fields) != ncols:
                if len(fields) > ncols and not any(f.strip() for f in fields[ncols:]):
                    del fields[ncols:]
                else:
                    yield RawRow(row, n, None, f"wrong column count: the row has {len(fields)} "
                                 f"fields, the header has {ncols}", fields)
                    continue
            yield RawRow(row, n, fields)

    def _multiline(self, first: int, text: str) -> tuple[list[str], str | None]:
        """A record whose quoted field continues on the next lines. If the quote never closes
        properly (or the joined record has the wrong shape), only the first line is an error
        and reading resumes on the line after it."""
        taken: list[tuple[int, str, str | None]] = []
        parts = [text]
        quotes = text.count('"')
        fields: list[str] | None = None
        problem: str | None = None
        while len(taken) < MAX_RECORD_LINES:
            item = self._next_line()
            if item is None:
                break
            taken.append(item)
            parts.append(item[1])
            quotes += item[1].count('"')
            if quotes % 2 == 0:
                try:
                    fields = self._parse("".join(parts))
                except csv.Error:
                    continue
                if item[2]:
                    problem = item[2]
                break
        ncols = len(self.header)
        if fields is not None and (len(fields) == ncols or (
                len(fields) > ncols and not any(f.strip() for f in fields[ncols:]))):
            if problem:
                return [], problem
            if any(it[2] for it in taken):
                return [], next(it[2] for it in taken if it[2])
            return fields, None
        self._pushback.extendleft(reversed(taken))
        return [], (f"broken quoting: a quoted field opened on line {first} is not closed "
                    "properly (a stray or unbalanced \")")


class _Resumed(io.BufferedReader):
    """A stream read again from its start: the sample already taken, then the rest."""

    def __init__(self, sample: bytes, rest: BinaryIO) -> None:
        super().__init__(_Chain(sample, rest), buffer_size=1 << 16)


class _Chain(io.RawIOBase):
    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self._first = memoryview(first)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._first:
            n = min(len(b), len(self._first))
            b[:n] = self._first[:n]
            self._first = self._first[n:]
            return n
        data = self._rest.read(len(b))
        b[:len(data)] = data
        return len(data)
