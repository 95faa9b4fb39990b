"""The CSV reader's block path (clean lines decoded a block at a time and parsed by the csv
module in one pass) reads every file exactly as the careful line-by-line path does: the same
rows, fields, ERROR rows and messages, line numbers and line accounting, on messy files in
several encodings, with blocks and limits made small so that every boundary case occurs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import screening.csvio as csvio
import screening.csvlines as csvlines
from screening.csvio import CsvSource

HEADER = ["id", "date", "amount", "originator_name", "beneficiary_name", "purpose"]
NAMES = ["Hanako Ito", "Suzuki, Electronics", "Иванов Иван", "山田太郎", "Müller GmbH",
         'Sato "Shoji" KK', "Ola Nordmann"]


def _messy(seed: int, delimiter: str) -> str:
    """A payment file with every kind of line the reader must account for."""
    rng = random.Random(seed)

    def cell(v: str) -> str:
        if delimiter in v or '"' in v or "\n" in v or rng.random() < 0.1:
            return '"' + v.replace('"', '""') + '"'
        return v

    out = [delimiter.join(HEADER)]
    for i in range(400):
        row = [f"T{i}", "2022-04-05", f"{i}.50", rng.choice(NAMES), rng.choice(NAMES), "rent"]
        line = delimiter.join(cell(v) for v in row)
        r = rng.random()
        if r < 0.03:
            line = ""
        elif r < 0.05:
            line = "  \t"
        elif r < 0.08:
            line = line.replace(delimiter, delimiter + '"', 1)  # a stray quote
        elif r < 0.10:
            line += delimiter + "extra"
        elif r < 0.12:
            line += delimiter + delimiter
        elif r < 0.14:
            line = line.rsplit(delimiter, 1)[0]
        elif r < 0.16:
            line = line[:4] + "\x00" + line[4:]
        elif r < 0.18:
            line += "\r"
        elif r < 0.20:
            line = line[:-2] + "\r" + line[-2:]
        elif r < 0.22:
            line = line.replace("rent", '"multi\nline rent"')
        elif r < 0.24:
            line = line.replace("rent", "x" * rng.choice([90, 120, 400]))  # long field, line
        elif r < 0.26:
            line = "\ufeff" + line
        elif r < 0.28:
            line = line.replace("rent", "\u2028rent\x0b")
        out.append(line)
    return "\n".join(out) + ("\n" if seed % 2 else "")


def _read(path: Path, encoding: str | None) -> tuple:
    src = CsvSource(path, encoding=encoding)
    rows = [(r.row, r.line, r.fields, r.error, r.naive, r.last_line) for r in src.rows()]
    return (src.header, src.header_line, rows, src.lines_read, src.blank_lines,
            src.bytes_read)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "cp1251"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_blocks_read_what_line_by_line_reads(tmp_path, monkeypatch, encoding, delimiter):
    text = _messy(len(encoding) + ord(delimiter), delimiter)
    data = text.encode(encoding, "replace")
    if encoding == "utf-8":
        data = data.replace(b"Ola", b"O\xffla", 3)  # undecodable bytes in a few rows
    path = tmp_path / "messy.csv"
    path.write_bytes(data)
    for module in (csvio, csvlines):  # limits hit by some lines
        monkeypatch.setattr(module, "MAX_ROW_BYTES", 300)
        monkeypatch.setattr(module, "MAX_FIELD_CHARS", 100)
    given = encoding if encoding != "utf-8" else None
    monkeypatch.setattr(csvlines, "BLOCK_ENCODINGS", frozenset())
    careful = _read(path, given)
    monkeypatch.setattr(csvlines, "BLOCK_ENCODINGS", frozenset({encoding}))
    for size in (7, 64, 500, 1 << 16):  # blocks cut everywhere, and the real size
        monkeypatch.setattr(csvlines, "BLOCK_BYTES", size)
        assert _read(path, given) == careful, size
    _, _, rows, lines, blanks, _ = careful
    assert any(r[3] for r in rows) and blanks  # the file has ERROR rows and blank lines


def test_an_over_long_last_line_without_a_line_end(tmp_path, monkeypatch):
    path = tmp_path / "tail.csv"
    path.write_bytes(b"id,date,beneficiary_name\nA1,2022-04-05,Ola\nA2,2022-04-05," + b"y" * 900)
    for module in (csvio, csvlines):
        monkeypatch.setattr(module, "MAX_ROW_BYTES", 300)
    monkeypatch.setattr(csvlines, "BLOCK_ENCODINGS", frozenset())
    careful = _read(path, None)
    monkeypatch.setattr(csvlines, "BLOCK_ENCODINGS", frozenset({"utf-8"}))
    for size in (10, 299, 300, 301, 1000):
        monkeypatch.setattr(csvlines, "BLOCK_BYTES", size)
        assert _read(path, None) == careful, size
    assert careful[2][1][3].startswith("line 3 is 914 bytes long")
