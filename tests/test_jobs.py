"""`screen FILE --jobs N`: the same output, byte for byte, as one job, whoever screens a chunk's
rows (the main process or a worker), and a worker that fails fails the run (no row left out).

The workers match the distinct new party names of each chunk; the rows are screened with those
matches by the main process, or by an idle worker (`batch_jobs.ROWS_TO_WORKERS` forces either
way). Chunks are made small here so that a file of a few hundred rows crosses many of them: names
repeat across chunks, some are being matched while the next chunk is read, and rows with the
same names land on different workers.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from screening import Screener, batch, batch_jobs, batch_names, batch_rows, batch_summary
from screening.batch import BatchOptions, WorkerError, run_batch
from screening.screener_spec import ScreenerSpec

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LISTED = ["Vladimir Putin", "PUTIN Vladimir", "Bank Rossiya", "VTB Bank", "Rosneft",
          "Sberbank of Russia"]
HEADER = ["id", "date", "amount", "currency", "originator_name", "originator_country",
          "beneficiary_name", "beneficiary_country", "beneficiary_bic", "purpose"]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


@pytest.fixture(scope="module")
def payments(tmp_path_factory) -> Path:
    """400 payment rows: counterparties that repeat (across chunks), list names and misspelt
    ones, rows that cannot be read or are invalid (ERROR), a row over two lines, cells a
    spreadsheet would run as formulas, names in other scripts."""
    path = tmp_path_factory.mktemp("jobs") / "payments.csv"
    people = [f"Counterparty {w} {i}" for i in range(60) for w in ("Trading", "Holdings")]
    people += ["山田太郎", "Иван Петров", "株式会社 東京商事", "=SUM(A1)", "Müller, Jürgen"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for i in range(400):
        orig = people[(i * 7) % len(people)]
        ben = LISTED[i % len(LISTED)] if i % 9 == 0 else people[(i * 13 + 5) % len(people)]
        if i % 23 == 0:
            ben = ben.replace("i", "y", 1)  # misspelt
        date, amount, bic = "2022-04-01", f"{100 + i}.50", "VTBRRUMM" if i % 37 == 0 else ""
        if i % 31 == 0:
            date = "not a date"  # ERROR: invalid field
        if i % 41 == 0:
            amount = "12,5,0"  # ERROR or note: an amount that does not read
        purpose = "goods\nsecond line" if i % 29 == 0 else "services"
        rid = "" if i % 53 == 0 else f"T{i:05d}"  # ERROR: no id
        w.writerow([rid, date, amount, "USD", orig, "JP", ben, "RU", bic, purpose])
        if i % 47 == 0:
            buf.write(f"T{i:05d}x,2022-04-01,1.00\n")  # ERROR: too few fields
    buf.write('T99999,2022-04-01,1.00,USD,"unterminated,JP,B,RU,,x\n')  # ERROR: unreadable
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _run(screener: Screener, path: Path, jobs: int, fmt: str = "csv",
         echo: bool = False) -> tuple[str, batch_summary.Summary]:
    out = io.StringIO()
    summary = run_batch(path, out, screener, ScreenerSpec(),
                        BatchOptions(fmt=fmt, jobs=jobs, chunk_rows=1, echo=echo,
                                     kind="payment"))
    return out.getvalue(), summary


@pytest.fixture
def small_chunks(monkeypatch) -> None:
    monkeypatch.setattr(batch, "POOL_CHUNK_ROWS", 17)
    monkeypatch.setattr(batch, "CHUNK_ROWS", 17)


@pytest.mark.parametrize("fmt,echo", [("csv", False), ("jsonl", True), ("json", False)])
def test_two_jobs_write_the_bytes_of_one_job(screener, payments, small_chunks, monkeypatch,
                                             fmt, echo) -> None:
    want, one = _run(screener, payments, 1, fmt, echo)
    assert one.counts["ERROR"] >= 10 and one.counts["BLOCK"] + one.counts["REVIEW"] >= 40
    assert one.counts["CLEAR"] >= 200 and not one.unaccounted
    for to_worker in (None, True, False):
        monkeypatch.setattr(batch_jobs, "ROWS_TO_WORKERS", to_worker)
        for jobs in (2, 3):
            got, summary = _run(screener, payments, jobs, fmt, echo)
            assert got == want, f"--jobs {jobs}, rows to workers: {to_worker}"
            assert summary.counts == one.counts and summary.rows == one.rows
            assert summary.errors == one.errors and not summary.unaccounted


@pytest.mark.parametrize("name", ["payments.csv", "exports.csv"])
def test_two_jobs_on_the_examples(screener, name, small_chunks, monkeypatch) -> None:
    path = EXAMPLES / name
    kind = "export" if name.startswith("export") else "payment"

    def run(jobs: int) -> str:
        out = io.StringIO()
        run_batch(path, out, screener, ScreenerSpec(),
                  BatchOptions(fmt="csv", jobs=jobs, chunk_rows=1, kind=kind))
        return out.getvalue()

    want = run(1)
    for to_worker in (True, False):
        monkeypatch.setattr(batch_jobs, "ROWS_TO_WORKERS", to_worker)
        assert run(2) == want


def test_a_repeated_name_is_matched_once_across_the_workers(screener, payments, small_chunks,
                                                            monkeypatch, tmp_path) -> None:
    """Each worker writes the names it matches to its own file: no name twice in all."""
    monkeypatch.setattr(batch_jobs, "ROWS_TO_WORKERS", False)
    real = batch_names._match_names

    def logged(screener, names):
        with (tmp_path / f"names-{os.getpid()}.txt").open("a", encoding="utf-8") as f:
            f.write("".join(n + "\n" for n in names))
        return real(screener, names)

    monkeypatch.setattr(batch_names, "_match_names", logged)
    _run(screener, payments, 2)
    by_worker = [p.read_text(encoding="utf-8").splitlines()
                 for p in tmp_path.glob("names-*.txt") if p.name != f"names-{os.getpid()}.txt"]
    matched = [n for names in by_worker for n in names]
    assert len(by_worker) == 2 and all(by_worker)
    assert len(matched) == len(set(matched)) > 100


def test_a_worker_that_dies_fails_the_run(screener, payments, small_chunks,
                                          monkeypatch) -> None:
    real = batch_names._match_names

    def dies(screener, names):
        if os.getpid() != parent:
            os._exit(9)  # as if killed (out of memory)
        return real(screener, names)

    parent = os.getpid()
    monkeypatch.setattr(batch_names, "_match_names", dies)
    with pytest.raises(WorkerError, match="worker process ended"):
        _run(screener, payments, 2)


def test_a_worker_that_raises_fails_the_run(screener, payments, small_chunks,
                                            monkeypatch) -> None:
    """An error outside the per-row fail-closed handling (a bug) stops the run."""
    monkeypatch.setattr(batch_jobs, "ROWS_TO_WORKERS", True)
    real = batch_rows.screen_chunk

    def raises(screener, task, rows):
        if os.getpid() != parent and any(r.row == 300 for r in rows):
            raise RuntimeError("bug in a worker")
        return real(screener, task, rows)

    parent = os.getpid()
    monkeypatch.setattr(batch_rows, "screen_chunk", raises)
    with pytest.raises(RuntimeError, match="bug in a worker"):
        _run(screener, payments, 2)


def test_the_command_exits_4_and_writes_no_output_when_a_worker_dies(
        payments, tmp_path, monkeypatch, capsys) -> None:
    from screening.cli import main

    real = batch_names._match_names

    def dies(screener, names):
        if os.getpid() != parent:
            os._exit(9)
        return real(screener, names)

    parent = os.getpid()
    monkeypatch.setattr(batch_names, "_match_names", dies)
    out = tmp_path / "results.csv"
    assert main([str(payments), "--jobs", "2", "-q", "-o", str(out)]) == 4
    assert "worker process ended unexpectedly" in capsys.readouterr().err
    assert not out.exists()
