"""Physical lines of a CSV input, read in binary and never held whole: each line with its
decoding problem, or blocks of consecutive clean lines decoded at a time (what `CsvSource`
reads its rows from; see `screening.csvio`)."""

from __future__ import annotations

import codecs
import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from screening.limits import MAX_FIELD_CHARS, MAX_ROW_BYTES


@dataclass(slots=True)
class Line:
    n: int
    text: str
    problem: str | None  # undecodable bytes, or over-long


@dataclass(slots=True)
class Block:
    """Consecutive physical lines from line `n0` on, all decoded cleanly, none over a limit and
    none with a NUL byte: their texts without the line ends (the last one has none in the file
    when `open_end`)."""

    n0: int
    texts: list[str]
    open_end: bool
    short: bool  # every line is within MAX_FIELD_CHARS characters


BLOCK_BYTES = 1 << 16
"""How much of the file is read and decoded at a time (cut at a line end)."""
BLOCK_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "cp1251", "cp1252", "cp932", "shift_jis",
                             "euc_jp", "iso8859-1", "ascii"})
"""Encodings whose byte 0x0A is always a line end (never part of a character) and whose
decoding of a block equals the decoding of its lines one by one."""


class LineReader:
    """The line reading of `CsvSource`: `lines_read` and `bytes_read` count what was read."""

    path: Path
    encoding: str
    lines_read: int
    bytes_read: int
    _stream: BinaryIO | None
    _sample: bytes
    _lines: Iterator[Line | Block]
    _pushback: deque[Line]
    _block: Block | None  # the block being read, from line `_at` of it on
    _at: int

    @property
    def encoding_label(self) -> str:
        raise NotImplementedError

    def _read_lines(self) -> Iterator[Line | Block]:
        """Each physical line with its decoding problem (or None), or blocks of clean lines
        (`Block`); a line over MAX_ROW_BYTES is cut there (the rest is read and dropped,
        never held) and has a problem."""
        if codecs.lookup(self.encoding).name not in BLOCK_ENCODINGS:
            yield from self._read_lines_one_by_one()
            return
        with self._open() as f:
            carry = b""
            while True:
                data = f.read(BLOCK_BYTES)
                buf = carry + data if carry else data
                if not data:
                    if buf:
                        yield from self._body(buf)
                    return
                cut = buf.rfind(b"\n") + 1
                if cut == 0:
                    if len(buf) > MAX_ROW_BYTES:  # an over-long line: dropped up to its end
                        carry = yield from self._too_long(buf, f)
                    else:
                        carry = buf
                    continue
                carry = buf[cut:]
                yield from self._body(buf[:cut] if carry else buf)

    def _body(self, body: bytes) -> Iterator[Line | Block]:
        """The lines of `body` (whole lines, the last one ending the file if it has no line
        end): one block if they are all clean, else line by line as `_read_lines_one_by_one`
        reads them."""
        n = self.lines_read
        start = self.bytes_read
        parts = body.split(b"\n")
        open_end = bool(parts[-1])
        if not open_end:
            parts.pop()
        if max(map(len, parts)) < MAX_ROW_BYTES and b"\x00" not in body:
            try:
                text = body.decode(self.encoding)
            except UnicodeDecodeError:
                text = None
            if text is not None and "\ufeff" not in text:
                texts = text.split("\n")
                if not open_end:
                    texts.pop()
                self.lines_read = n + len(texts)
                self.bytes_read = start + len(body)
                yield Block(n + 1, texts, open_end, max(map(len, texts)) < MAX_FIELD_CHARS)
                return
        for k, raw in enumerate(parts):
            raw = raw + b"\n" if k < len(parts) - 1 or not open_end else raw
            n += 1
            self.lines_read = n
            self.bytes_read += len(raw)
            if len(raw) > MAX_ROW_BYTES:
                yield Line(n, "", self._long_problem(n, len(raw)))
            else:
                yield self._decoded(n, raw, self.bytes_read - len(raw))

    def _too_long(self, head: bytes, f: BinaryIO) -> Iterator[Line]:
        """The over-long line starting with `head` (no line end in it): read to its end and
        dropped; returns what follows its line end in the last read."""
        total = len(head)
        rest = b""
        while True:
            data = f.read(BLOCK_BYTES)
            if not data:
                break
            i = data.find(b"\n")
            if i >= 0:
                total += i + 1
                rest = data[i + 1:]
                break
            total += len(data)
        self.lines_read += 1
        self.bytes_read += total
        yield Line(self.lines_read, "", self._long_problem(self.lines_read, total))
        return rest

    @staticmethod
    def _long_problem(n: int, total: int) -> str:
        return (f"line {n} is {total:,} bytes long; the limit is {MAX_ROW_BYTES:,} bytes per "
                "line and per row")

    def _decoded(self, n: int, raw: bytes, start: int) -> Line:
        """Line `n` (its bytes `raw`, from byte `start` of the file on) decoded, or with what
        could not be decoded."""
        try:
            return Line(n, raw.decode(self.encoding), None)
        except UnicodeDecodeError as exc:
            bad = raw[exc.start:max(exc.end, exc.start + 1)].hex(" ")
            return Line(n, raw.decode(self.encoding, "replace"), (
                f"undecodable bytes ({bad}) at byte {exc.start + 1} of line {n} (byte "
                f"{start + exc.start + 1:,} of the file) for encoding {self.encoding_label}; "
                "give --encoding if the file is in another encoding"))

    def _read_lines_one_by_one(self) -> Iterator[Line]:
        """`_read_lines` for other encodings: each line read and decoded on its own."""
        with self._open() as f:
            n = 0
            while True:
                raw = f.readline(MAX_ROW_BYTES + 1)
                if not raw:
                    return
                n += 1
                self.lines_read = n
                start = self.bytes_read
                self.bytes_read += len(raw)
                if len(raw) > MAX_ROW_BYTES:
                    total = len(raw)
                    while not raw.endswith(b"\n"):
                        raw = f.readline(1 << 16)
                        if not raw:
                            break
                        total += len(raw)
                        self.bytes_read += len(raw)
                    yield Line(n, "", self._long_problem(n, total))
                    continue
                yield self._decoded(n, raw, start)

    def _open(self) -> BinaryIO:
        """The input from its first byte: the file again, or the stream after its sample."""
        if self._stream is None:
            return self.path.open("rb")
        return _Resumed(self._sample, self._stream)  # type: ignore[return-value]

    def _next_line(self) -> Line | None:
        if self._pushback:
            return self._pushback.popleft()
        while True:
            block = self._block
            if block is not None and self._at < len(block.texts):
                i = self._at
                self._at = i + 1
                text = block.texts[i]
                if i + 1 < len(block.texts) or not block.open_end:
                    text += "\n"
                return Line(block.n0 + i, text, None)
            item = next(self._lines, None)
            if not isinstance(item, Block):
                return item
            self._block, self._at = item, 0


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
