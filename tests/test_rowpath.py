"""The batch row path's fast lane (`screening.rowpath`) writes exactly what the reference row
path writes: the same bytes in every output format, with and without --jobs 2, --echo-columns
and --as-of, on a file full of rows the lane must hand to the reference path (hits, BICs
written otherwise, country names, bad dates and amounts, formula-like ids, quoting)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from screening import Screener
from screening.batch import BatchOptions, run_batch
from screening.batch_cells import clear_cells, csv_cells, json_text
from screening.batch_rows import RowTask
from screening.csvio import CsvSource
from screening.mapping import resolve_columns
from screening.results import Decision, ScreeningResult
from screening.rowpath import FastLane, clear_json
from screening.screener_spec import ScreenerSpec

HEADER = ["id", "date", "amount", "currency", "originator_name", "originator_country",
          "originator_bic", "beneficiary_name", "beneficiary_country", "beneficiary_bic",
          "intermediary_bic", "purpose"]
PLAIN = ["Tanaka Shoji K.K.", "Schneider Logistik AG", "佐藤 花子", "ООО «Балтийская логистика»",
         "Sharma Engineering Pvt Ltd", "Maria Gonzalez", "BUSH LTD"]


def _tricky_rows() -> list[list[str]]:
    """Rows the lane takes (plain ones) between rows it must not: every cell that the
    reference path reads, rewrites or refuses."""
    odd: list[tuple[int, str]] = [
        (7, "Bank Rossiya"), (4, "Vladimir Putin"), (9, "VTBRRUMM"), (9, "vtbr ru mm"),
        (6, "smbc-jp-jt"), (9, "NOTABIC"), (5, "Russia"), (8, "Narnia"), (8, "russia"),
        (1, "2022-13-45"), (1, "03/04/2022"), (1, ""), (1, "20220405"), (2, "1,234"),
        (2, "1.234,56"), (2, "abc"), (2, ""), (0, "=1+1"), (0, "A,1"), (0, 'Q"1'), (0, ""),
        (0, "  P9  "), (4, ""), (7, ""), (4, '"Quoted, Inc."'), (7, "  Padded Name  "),
        (11, "=HYPERLINK(x)"), (3, "usd"), (10, "DEUTDEFF"), (10, "SBERRUMM"),
    ]
    rows = []
    for i in range(240):
        row = [f"T{i:05d}", f"2022-04-{1 + i % 28:02d}", f"{(i * 7919) % 100000 / 100:.2f}",
               "JPY", PLAIN[i % len(PLAIN)], "JP", "MHCBJPJT", PLAIN[(i * 3) % len(PLAIN)],
               ("US", "DE", "CN")[i % 3], "BOTKJPJT", "", "invoice"]
        if i % 3 == 1:
            col, value = odd[(i // 3) % len(odd)]
            row[col] = value
        if i % 41 == 5:  # no party at all
            row[4] = row[7] = row[6] = row[9] = row[10] = ""
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def tricky(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rowpath") / "tricky.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(_tricky_rows())
    return path


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


def _run(screener: Screener, path: Path, fmt: str, monkeypatch=None, lane: bool = True,
         **opts) -> tuple[str | bytes, dict]:
    if monkeypatch is not None:
        monkeypatch.setattr("screening.rowpath.ENABLED", lane)
    if fmt == "parquet":
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    else:
        out = io.StringIO()
    summary = run_batch(path, out, screener, ScreenerSpec(), BatchOptions(fmt=fmt, **opts))
    counts = dict(summary.counts)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        out.flush()
        return repr(pq.read_table(io.BytesIO(out.buffer.getvalue())).to_pylist()), counts
    return out.getvalue(), counts


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
@pytest.mark.parametrize("opts", [{}, {"echo": True}, {"as_of": dt.date(2022, 5, 1)},
                                  {"echo": True, "as_of": dt.date(2022, 3, 1)}])
def test_fast_lane_writes_what_the_reference_path_writes(screener, tricky, monkeypatch, fmt,
                                                         opts) -> None:
    want, want_counts = _run(screener, tricky, fmt, monkeypatch, lane=False, **opts)
    got, counts = _run(screener, tricky, fmt, monkeypatch, lane=True, **opts)
    assert counts == want_counts
    assert {"CLEAR", "ERROR"} <= set(counts) and ({"REVIEW", "BLOCK"} & set(counts))
    assert got == want


def test_fast_lane_with_two_jobs_and_parquet(screener, tricky, monkeypatch) -> None:
    pytest.importorskip("pyarrow")
    want, _ = _run(screener, tricky, "csv", monkeypatch, lane=False)
    assert _run(screener, tricky, "csv", monkeypatch, lane=True, jobs=2)[0] == want
    want, _ = _run(screener, tricky, "parquet", monkeypatch, lane=False, echo=True)
    assert _run(screener, tricky, "parquet", monkeypatch, lane=True, echo=True)[0] == want


def test_fast_lane_takes_plain_rows_and_only_them(screener, tricky) -> None:
    src = CsvSource(tricky)
    cmap = resolve_columns(src.header)
    lane = FastLane(screener, cmap, None)
    rows = list(src.rows())
    taken = [r for r in rows if lane.clear(r.fields) is not None]
    assert len(taken) > len(rows) // 2  # the test above compares something
    task = RowTask(cmap=cmap, as_of=None, fmt="csv", file_name=tricky.name)
    from screening.batch_rows import screen_raw

    for r in rows:
        res = screen_raw(screener, task, r)
        plain = res.decision is Decision.CLEAR and not res.hits and not res.notes
        if lane.clear(r.fields) is not None:
            assert plain, r.fields
    # a listed BIC, a BIC written otherwise, an unknown country, a bad date: never the lane
    for col, value in ((9, "VTBRRUMM"), (9, "vtbrrumm"), (5, "Narnia"), (1, "2022-02-30"),
                       (7, "Bank Rossiya"), (2, "1,234")):
        row = list(rows[0].fields)
        row[col] = value
        assert lane.clear(row) is None, (col, value)


def test_fast_lane_only_for_payments_with_the_stock_rules(screener) -> None:
    exports = resolve_columns(["id", "date", "exporter_name", "destination_country"])
    assert FastLane(screener, exports, None).plan is None
    payments = resolve_columns(HEADER)
    assert FastLane(screener, payments, None).plan is not None

    class Custom(Screener):
        pass

    custom = Custom(screener.lists, screener.rules)
    assert FastLane(custom, payments, None).plan is None


@pytest.mark.parametrize("as_of", [None, dt.date(2022, 5, 1)])
def test_clear_row_texts_equal_the_result_texts(as_of) -> None:
    day = dt.date(2022, 4, 2)
    res = ScreeningResult(row=7, record_id="=A,1", kind="payment", date=day, as_of=as_of,
                          decision=Decision.CLEAR)
    echo = {"a": "x", "b": "=y"}
    for last in (None, 9):
        assert clear_json(7, "=A,1", "payment", day, as_of, 3, last, echo) == \
            json_text(res, 3, last, None, echo)
        assert clear_json(7, "=A,1", "payment", day, as_of, 3, last, None) == \
            json_text(res, 3, last, None)
        for plain in (False, True):
            assert clear_cells(7, "=A,1", as_of or day, 3, last, None, ["x", "=y"], plain) == \
                csv_cells(res, 3, last, None, ["x", "=y"], plain)


def test_rows_packed_for_workers_come_back_the_same() -> None:
    from screening.csvio import RawRow
    from screening.rowpath import pack_rows, unpack_rows

    rows = [RawRow(1, 2, ["a", "", " b "]), RawRow(2, 3, None, "broken quoting", ["x"], 5),
            RawRow(3, 6, ["", "", ""]), RawRow(4, 7, None, "NUL", None)]
    for chunk in (rows, rows[:1], rows[1:2], [*rows, RawRow(5, 8, ["a\x00b", "c", "d"])],
                  [*rows, RawRow(5, 8, ["a\x01b", "c", "d"])], [RawRow(1, 2, [])], []):
        packed = pack_rows(chunk)
        assert unpack_rows(packed) == chunk
    assert isinstance(pack_rows(rows), tuple)  # the compact form when it can be
