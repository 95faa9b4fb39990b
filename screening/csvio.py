"""Streaming CSV input for batch screening: encoding and delimiter detection, row splitting.

The file is read line by line in binary and never held whole. Every physical line lands in
exactly one place: the header, a blank line, or one result row (a data row, or an ERROR row
saying why it could not be read: undecodable bytes, broken quoting, wrong column count, a NUL
byte, a line or field over the limits). Nothing is dropped, so nothing passes unscreened.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from screening.csvlines import Block, Line, LineReader
from screening.encodings import detect, detect_encoding, utf8_profile  # noqa: F401
from screening.limits import MAX_FIELD_CHARS, MAX_RECORD_LINES, MAX_ROW_BYTES
from screening.mapping import InputError, norm_header

SAMPLE_BYTES = 1 << 20
"""How much of the file is read to detect the encoding (the rest is decoded the same way)."""
DELIMITERS = (",", ";", "\t", "|")
ENCODING_LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1251": "Windows-1251",
    "cp932": "Shift_JIS (cp932)", "cp1252": "Windows-1252",
}
_DELIM_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_BLANK = " \t\r\n\x1a"


@dataclass(slots=True)
class RawRow:
    """One result row's input: its number (from 1, header excluded), the physical lines it
    covers (`line` to `last_line`), and its fields, or the reason it could not be read."""

    row: int
    line: int
    fields: list[str] | None
    error: str | None = None
    naive: list[str] | None = None  # for an unreadable row: its first line split leniently
    last_line: int = 0  # 0: the row is the one line `line`

    @property
    def end(self) -> int:
        """The last physical line of the row."""
        return self.last_line or self.line


_DATE_LIKE = re.compile(r"\d{1,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,4}\s*日?(?:[T ].*)?|\d{8}")


def looks_like_date(text: str) -> bool:
    """Written like a date, in a known format or an ambiguous one (03/04/2022): how a line
    swallowed by a stray quote is recognised as a row of its own."""
    return bool(_DATE_LIKE.fullmatch(text.strip()))


def delimiter_name(d: str) -> str:
    return _DELIM_NAMES.get(d, repr(d))


_CONTROL = bytes([*range(9), *range(14, 32)])


def _check_binary(sample: bytes, path: Path) -> None:
    """Refuse what is plainly not CSV text. A few NUL bytes are not enough: their rows are
    ERROR rows (see `CsvSource.rows`)."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{path}: the file is UTF-16; save it as UTF-8 CSV")
    if sample.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: this is a zip archive or an Excel workbook, not CSV; "
                         "save it as CSV")
    head = sample[:4096]
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls > 8 and controls * 50 > len(head):  # over 2%: UTF-16 text has 50% NULs
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

class CsvSource(LineReader):
    """A CSV file opened for streaming. Construction reads the header (InputError if the file
    cannot be read as CSV at all); `rows()` then yields every data row in order.

    After `rows()` is exhausted, `lines_read == header_line + blank_lines + (lines covered by
    the rows)`: the accounting the batch summary reports."""

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
        if not sample.strip(b" \t\r\n\x1a\x00"):
            raise InputError(f"{p}: the file is empty")
        _check_binary(sample, p)
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError as exc:
                raise InputError(f"--encoding {encoding}: unknown encoding") from exc
            self.encoding = encoding
            self.detected = False
            self.encoding_note = "given with --encoding"
        else:
            self.encoding, self.encoding_note = detect(sample, complete=len(sample) < SAMPLE_BYTES)
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
        self.lines_read = 0
        self.blank_lines = 0
        self._lines = self._read_lines()
        self._pushback: deque[Line] = deque()
        self._block = None
        self._at = 0
        self._key: tuple[int | None, int | None] | None = None
        self._is_date: Callable[[str], bool] | None = None
        self.header, self.header_line = self._read_header()
        keys = [norm_header(h) for h in self.header]
        if "id" in keys:  # until `row_key` says otherwise: the columns named id and date
            self.row_key(keys.index("id"), keys.index("date") if "date" in keys else None,
                         looks_like_date)

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    def row_key(self, id_index: int | None, date_index: int | None,
                is_date: Callable[[str], bool]) -> None:
        """Where the id and date are: a line inside a quoted field that has an id and a date in
        place reads as a row of its own (a stray quote swallowed it). Until this is called,
        the columns named `id` and `date` are used; without an `id` column, a line reads as a
        row when it splits into as many fields as the header."""
        self._key = (id_index, date_index)
        self._is_date = is_date

    # -- lines --------------------------------------------------------------------------------
    def _parse(self, text: str) -> list[str]:
        return next(csv.reader([text], delimiter=self.delimiter, strict=True))

    def _lenient(self, text: str) -> list[str]:
        try:
            return next(csv.reader([text.replace("\x00", "")], delimiter=self.delimiter))
        except (csv.Error, StopIteration):
            return text.split(self.delimiter)

    def _read_header(self) -> tuple[list[str], int]:
        while True:
            item = self._next_line()
            if item is None:
                raise InputError(f"{self.path}: the file is empty")
            if item.problem or item.text.strip(_BLANK):
                break
        n, text = item.n, item.text
        if item.problem:
            raise InputError(f"{self.path}: the header line cannot be read: {item.problem}")
        if "\x00" in text:
            raise InputError(f"{self.path}: the header line (line {n}) contains a NUL byte")
        try:
            header = [h.strip().lstrip("\ufeff") for h in self._parse(text)]
        except csv.Error as exc:
            raise InputError(f"{self.path}: line {n}: the header cannot be read ({exc})") from exc
        return header, n

    def _looks_like_row(self, text: str) -> bool:
        """The line, read on its own, has an id and a date in place (see `row_key`)."""
        if not text.strip(_BLANK):
            return False
        parts = [p.strip().strip('"').strip() for p in self._lenient(text)]
        if self._key is None:
            return len(parts) == len(self.header) and bool(parts[0])
        id_i, date_i = self._key
        if id_i is None or id_i >= len(parts) or not parts[id_i]:
            return False
        if date_i is None:
            return len(parts) == len(self.header)
        return date_i < len(parts) and self._is_date is not None and self._is_date(parts[date_i])

    # -- rows ---------------------------------------------------------------------------------
    def rows(self) -> Iterator[RawRow]:
        """Every data row in file order, numbered from 1; blank lines are skipped (and counted
        in `blank_lines`).

        Blocks of clean lines are parsed by the csv module in one pass; a record it reads that
        is one line of the right shape is a row as it stands, and at anything else (a record
        over several lines, a parse error, a wrong field count, a long line, a blank line)
        that line is read again the careful way (`_line_rows`), the way every line of a block
        that is not clean is read."""
        row = 0
        d, ncols = self.delimiter, len(self.header)
        pushback = self._pushback
        while True:
            if pushback:
                item = pushback.popleft()
            else:
                block = self._block
                at = self._at
                if block is None or at >= len(block.texts):
                    got = next(self._lines, None)
                    if got is None:
                        return
                    if isinstance(got, Block):
                        self._block, self._at = got, 0
                        continue
                    item = got
                else:
                    texts = block.texts
                    short, base = block.short, block.n0
                    k = at
                    reader = csv.reader(islice(texts, at, None) if at else texts,
                                        delimiter=d, strict=True)
                    try:
                        for fields in reader:
                            # one line per record, of the right shape, within the limits
                            if reader.line_num + at != k + 1 or len(fields) != ncols or (
                                    not short and len(texts[k]) >= MAX_FIELD_CHARS):
                                break
                            row += 1
                            yield RawRow(row, base + k, fields)
                            k += 1
                    except csv.Error:
                        pass
                    self._at = k
                    item = self._next_line()
                    if item is None:
                        return
            for raw in self._line_rows(item, d, ncols):
                row += 1
                raw.row = row
                yield raw

    def _line_rows(self, item: Line, d: str, ncols: int) -> list[RawRow]:
        """The rows (numbered 0) starting at line `item`, read the careful way: none for a
        blank line, usually one, several when broken quoting swallowed lines."""
        text = item.text
        if item.problem is None and '"' not in text and "\x00" not in text \
                and len(text) <= MAX_FIELD_CHARS:
            fields = text.rstrip("\r\n").split(d)
            if len(fields) == ncols:
                return [RawRow(0, item.n, fields)]
        if not item.problem and not text.strip(_BLANK):
            self.blank_lines += 1
            return []
        return self._record(item)

    def _record(self, first: Line) -> list[RawRow]:
        """The row(s) starting at `first`: usually one; several ERROR rows when a quote opened
        on `first` swallowed lines that read as rows of their own."""
        text, n = first.text, first.n
        if first.problem is None and '"' not in text:
            fields = text.rstrip("\r\n").split(self.delimiter)
            return [self._checked(fields, [first])]
        if first.problem and not text:  # an over-long line
            return [RawRow(0, n, None, first.problem, None)]
        taken = [first]
        ran_out = False

        def feed() -> Iterator[str]:
            nonlocal ran_out
            yield text
            size = len(text)
            while True:
                item = self._next_line() if len(taken) < MAX_RECORD_LINES else None
                if item is None or item.problem and not item.text:
                    if item is not None:
                        self._pushback.appendleft(item)
                    ran_out = True
                    return
                size += len(item.text)
                taken.append(item)
                if size > MAX_ROW_BYTES:
                    ran_out = True
                    return
                yield item.text

        try:
            fields: list[str] | None = next(csv.reader(feed(), delimiter=self.delimiter,
                                                       strict=True))
            why = None
        except csv.Error as exc:
            fields, why = None, str(exc)
        hidden = [i for i, it in enumerate(taken) if i and self._looks_like_row(it.text)]
        if fields is not None and not hidden:
            return [self._checked(fields, taken)]
        if len(taken) == 1:
            out = [RawRow(0, n, None, f"broken quoting on line {n} ({why})",
                          self._lenient(text))]
            self._absorb(out[0])
            return out
        if hidden and not ran_out:  # a quote closes on a later line: all of it is suspect
            starts = [0, *hidden]
            last = taken[-1].n
            lines = ", ".join(f"line {taken[i].n}" for i in hidden[:10]) + (
                f" and {len(hidden) - 10:,} more" if len(hidden) > 10 else "")
            msg = (f"broken quoting: a quoted field opened on line {n} runs to line {last} "
                   f"over lines that read as rows of their own ({lines}); each of those rows "
                   f"is an ERROR: check the quotes on line {n}")
        else:  # the quote never closes: only its own line(s) are spoilt, reading resumes
            starts = [0]
            cut = hidden[0] if hidden else len(taken)
            self._pushback.extendleft(reversed(taken[cut:]))
            taken = taken[:cut]
            msg = (f"broken quoting: a quoted field opened on line {n} is not closed properly "
                   "(a stray or unbalanced \")")
        out = []
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else len(taken)
            seg = taken[s:e]
            out.append(RawRow(0, seg[0].n, None, msg, self._lenient(seg[0].text),
                              seg[-1].n if len(seg) > 1 else 0))
        self._absorb(out[-1])
        return out

    def _absorb(self, raw: RawRow) -> None:
        """Lines after a broken quoted span that do not read as rows are the rest of the
        span (never rows with ids taken from inside a quoted value): they join its ERROR."""
        while True:
            item = self._next_line()
            if item is None:
                return
            if self._looks_like_row(item.text):
                self._pushback.appendleft(item)
                return
            raw.last_line = item.n

    def _checked(self, fields: list[str], lines: list[Line]) -> RawRow:
        """A parsed record, or an ERROR row if one of its lines or fields is not acceptable."""
        n = lines[0].n
        last = lines[-1].n if len(lines) > 1 else 0
        problem = next((it.problem for it in lines if it.problem), None)
        if problem is None:
            nul = next((it for it in lines if "\x00" in it.text), None)
            if nul is not None:
                problem = (f"line {nul.n} contains a NUL byte (at character "
                           f"{nul.text.index(chr(0)) + 1})")
        ncols = len(self.header)
        if problem is None and len(fields) != ncols:
            if len(fields) > ncols and not any(f.strip() for f in fields[ncols:]):
                del fields[ncols:]
            else:
                problem = (f"wrong column count: the row has {len(fields)} fields, the header "
                           f"has {ncols}")
        if problem is None and sum(len(it.text) for it in lines) > MAX_FIELD_CHARS:
            for i, f in enumerate(fields):
                if len(f) > MAX_FIELD_CHARS:
                    problem = (f"field {self.header[i]!r} is {len(f):,} characters long; the "
                               f"limit is {MAX_FIELD_CHARS:,}")
                    break
        if problem:
            naive = fields if len(fields) == ncols else self._lenient(lines[0].text)
            return RawRow(0, n, None, problem, naive, last)
        return RawRow(0, n, fields, None, None, last)
