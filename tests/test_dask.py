"""Screening on a real Dask cluster (LocalCluster, 2 worker processes): the same results as
the local run, row by row, whatever the partitioning; ERROR rows inside partitions; a failing
partition fails the job and writes nothing; Parquet in and out; list-version agreement."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from screening.batch import BatchOptions, ScreenerSpec, run_batch  # noqa: E402
from screening.dask import ClusterError, run_on_cluster, screen_dataframe  # noqa: E402
from screening.dask import blocks as blk  # noqa: E402
from screening.engine import Screener  # noqa: E402
from screening.mapping import InputError, resolve_columns  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SPEC = ScreenerSpec()


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def local_output(path: Path, fmt: str = "csv", **kw) -> str:
    out = io.StringIO()
    screener = SPEC.build()
    run_batch(path, out, screener, SPEC, BatchOptions(fmt=fmt, **kw))
    return out.getvalue()


def cluster_output(client, inputs: list[Path], fmt: str = "csv", block_bytes: int = 4000,
                   **kw) -> tuple[str, object]:
    out = io.StringIO()
    summary = run_on_cluster([str(p) for p in inputs], SPEC, "test", fmt, out=out,
                             client=client, block_bytes=block_bytes, **kw)
    return out.getvalue(), summary


def messy_payments(path: Path, rows: int = 400, seed: int = 3) -> None:
    """Payments from the examples, reshuffled, with multi-line quoted purposes, bad dates,
    broken quotes and blank lines spread through the file."""
    with (EXAMPLES / "payments.csv").open(encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        base = list(reader)
    rng = random.Random(seed)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for i in range(rows):
        r = list(rng.choice(base))
        r[0] = f"M{i:05d}"
        roll = rng.random()
        if roll < 0.05:
            r[-1] = "first line\nsecond line, with a comma\nthird"
        elif roll < 0.08:
            r[1] = "03/04/2022"  # ambiguous date: an ERROR row
        w.writerow(r)
        if roll > 0.97:
            buf.write("\n")
        if 0.5 < roll < 0.505:
            buf.write(f'M{i:05d}b,2022-04-05,10,USD,"Rosneft,RU,,Smith,JP,,,x\n')
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_cluster_csv_equals_local_run_byte_for_byte(client, tmp_path: Path) -> None:
    src = tmp_path / "messy.csv"
    messy_payments(src)
    _, blocks = blk.plan_csv(str(src), None, None, 4000)
    assert len(blocks) > 5  # many partitions, cut between records
    local = local_output(src)
    got, summary = cluster_output(client, [src])
    assert got == local
    assert summary.partitions == len(blocks)
    rows = list(csv.DictReader(io.StringIO(got)))
    assert summary.rows == len(rows) > 400
    assert [int(r["row"]) for r in rows] == list(range(1, len(rows) + 1))
    decisions = {r["decision"] for r in rows}
    assert {"BLOCK", "REVIEW", "CLEAR", "ERROR"} <= decisions
    assert summary.exit_code() == 3  # ERROR rows outrank hits, as locally
    # each distinct party name was matched once across the two workers, not once per
    # partition or per worker (the file repeats its counterparties across partitions)
    from screening.csvio import CsvSource
    from screening.dask.names import name_columns, rows_names

    source = CsvSource(src)
    cmap = resolve_columns(source.header)
    distinct = rows_names(list(source.rows()), name_columns(cmap, SPEC))
    assert summary.names == len(distinct) < 2 * summary.rows / 3
    assert summary.match_seconds > 0


def test_name_matches_from_a_differently_built_index_are_refused() -> None:
    from screening.dask.names import IndexOrderError, NameBook, known_screener

    book = NameBook(cache=10)
    book.add(["Ivan Petrov"], ("100:0000abcd", [()], 0.1))
    with pytest.raises(IndexOrderError, match="different orders"):
        book.add(["Rosneft"], ("100:0000ffff", [()], 0.1))
    screener = SPEC.build()
    with pytest.raises(IndexOrderError, match="not the job's"):
        known_screener(screener, {"Ivan Petrov": ((0, "x", 0, 1.0, "exact"),)}, "1:00000000")


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_cluster_json_formats_equal_local(client, fmt: str) -> None:
    got, _ = cluster_output(client, [EXAMPLES / "exports.csv"], fmt=fmt, block_bytes=1500)
    local = local_output(EXAMPLES / "exports.csv", fmt=fmt)
    if fmt == "json":  # results and counts equal; the metadata says where each run read
        got_d, local_d = json.loads(got), json.loads(local)
        assert got_d["results"] == local_d["results"] and got_d["summary"] == local_d["summary"]
        assert got_d["metadata"]["columns"] == local_d["metadata"]["columns"]
        return
    assert got == local


def test_as_of_and_mapping_reach_the_workers(client, tmp_path: Path) -> None:
    src = tmp_path / "bank.csv"
    text = (EXAMPLES / "payments.csv").read_text(encoding="utf-8")
    src.write_text(text.replace("beneficiary_name", "Payee Name", 1), encoding="utf-8")
    import datetime as dt

    kw = {"overrides": {"beneficiary_name": "Payee Name"}, "as_of": dt.date(2022, 4, 5)}
    got, _ = cluster_output(client, [src], **kw)
    assert got == local_output(src, **kw)


def test_directory_of_partitions_is_one_job_in_file_order(client, tmp_path: Path) -> None:
    lines = (EXAMPLES / "payments.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    parts = tmp_path / "parts"
    parts.mkdir()
    for i in range(3):
        (parts / f"part-{i}.csv").write_text(lines[0] + "".join(lines[1 + 40 * i:41 + 40 * i]),
                                             encoding="utf-8")
    got, summary = cluster_output(client, [parts])
    rows = list(csv.DictReader(io.StringIO(got)))
    assert [r["record_id"] for r in rows] == [f"P{i:04d}" for i in range(1, 121)]
    assert [int(r["row"]) for r in rows] == list(range(1, 121))
    want = list(csv.DictReader(io.StringIO(local_output(EXAMPLES / "payments.csv"))))
    assert [(r["decision"], r["hits"]) for r in rows] == [(r["decision"], r["hits"])
                                                          for r in want]
    assert summary.counts["BLOCK"] == 36


def test_files_with_other_columns_are_refused(client, tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "a.csv").write_text("id,date,beneficiary_name\n1,2022-04-05,Ivan Petrov\n")
    (parts / "b.csv").write_text("id,date,originator_name\n2,2022-04-05,Ivan Petrov\n")
    with pytest.raises(InputError, match="columns differ"):
        cluster_output(client, [parts])


def _parquet_input(tmp_path: Path, corrupt_second: bool = False) -> Path:
    frame = pd.read_csv(EXAMPLES / "payments.csv", dtype=str, keep_default_na=False)
    d = tmp_path / "in"
    d.mkdir()
    for i, part in enumerate((frame.iloc[:50], frame.iloc[50:])):
        part.to_parquet(d / f"part.{i}.parquet", index=False)
    if corrupt_second:
        p = d / "part.1.parquet"
        data = bytearray(p.read_bytes())
        for k in range(8, len(data) // 2):  # the data pages; the footer stays readable
            data[k] = (data[k] * 7 + 3) % 256
        p.write_bytes(bytes(data))
    return d


def test_parquet_in_and_out_and_a_rerun_writes_the_same_bytes(client, tmp_path: Path) -> None:
    src = _parquet_input(tmp_path)
    out = tmp_path / "results"
    s1 = run_on_cluster([str(src)], SPEC, "test", "parquet", out_dir=out, client=client)
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["part.00000.parquet", "part.00001.parquet"]
    first = [f.read_bytes() for f in files]
    got = pd.read_parquet(out)
    want = list(csv.DictReader(io.StringIO(local_output(EXAMPLES / "payments.csv"))))
    assert got["row"].tolist() == list(range(1, 121))
    assert got["decision"].tolist() == [r["decision"] for r in want]
    assert got["hits"].tolist() == [r["hits"] for r in want]
    full = [json.loads(t) for t in got["result"]]
    assert [r["decision"] for r in full] == got["decision"].tolist()
    assert s1.counts["BLOCK"] == 36 and s1.exit_code() == 1
    run_on_cluster([str(src)], SPEC, "test", "parquet", out_dir=out, client=client)
    assert [f.read_bytes() for f in sorted(out.iterdir())] == first


def test_a_failing_partition_fails_the_job_and_writes_nothing(client, tmp_path: Path) -> None:
    src = _parquet_input(tmp_path, corrupt_second=True)
    out = tmp_path / "results"
    with pytest.raises(ClusterError, match="failed"):
        run_on_cluster([str(src)], SPEC, "test", "parquet", out_dir=out, client=client)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".results")]


def test_screen_dataframe_keeps_order_and_numbers_rows_across_partitions(client) -> None:
    import dask.dataframe as dd

    frame = pd.read_csv(EXAMPLES / "payments.csv", dtype=str, keep_default_na=False)
    ddf = dd.from_pandas(frame, npartitions=4)
    got = screen_dataframe(ddf, SPEC).compute()
    assert got["row"].tolist() == list(range(1, 121))
    assert got["record_id"].tolist() == frame["id"].tolist()
    want = list(csv.DictReader(io.StringIO(local_output(EXAMPLES / "payments.csv"))))
    assert got["decision"].tolist() == [r["decision"] for r in want]


def test_workers_with_other_list_versions_fail_the_job(client, tmp_path: Path) -> None:
    other = ROOT / "tests" / "fixtures" / "rules" / "test-list.toml"
    addr = sorted(client.scheduler_info()["workers"])[0]

    def swap(spec: ScreenerSpec, path: str) -> None:  # one worker loads another list
        from screening.dask import workers

        workers._SCREENERS[spec] = Screener.load([path], builtin=True)

    def restore(spec: ScreenerSpec) -> None:
        from screening.dask import workers

        workers._SCREENERS.pop(spec, None)

    spec = ScreenerSpec(name_cache=123)  # a spec of this test's own
    client.run(swap, spec, str(other), workers=[addr])
    try:
        with pytest.raises(ClusterError, match="different list versions"):
            run_on_cluster([str(EXAMPLES / "payments.csv")], spec, "test", "csv",
                           out=io.StringIO(), client=client)
    finally:
        client.run(restore, spec)


def test_cut_points_never_split_a_quoted_record(tmp_path: Path) -> None:
    src = tmp_path / "q.csv"
    body = "".join(f'R{i},2022-04-05,"line one\nline two {i}",x\n' for i in range(300))
    src.write_text("id,date,purpose,beneficiary_name\n" + body)
    _, blocks = blk.plan_csv(str(src), None, None, 200)
    assert len(blocks) > 20
    rows = [r for b in blocks for r in blk.read_block(b)]
    assert all(r.fields is not None for r in rows)
    assert [r.fields[0] for r in rows] == [f"R{i}" for i in range(300)]
    assert [r.line for r in rows] == [2 + 2 * i for i in range(300)]


def test_cli_dask_local_cluster(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    page = tmp_path / "review.html"
    screen = str(Path(sys.executable).parent / "screen")
    proc = subprocess.run([screen, str(EXAMPLES / "payments.csv"), "--dask", "local:1",
                           "-o", str(out), "--report", str(page)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "BLOCK: 36" in proc.stderr and "Dask workers" in proc.stderr
    assert out.read_text(encoding="utf-8") == local_output(EXAMPLES / "payments.csv")
    html = page.read_text(encoding="utf-8")  # the review page, with the run's alert rows
    blocked = [r["record_id"] for r in csv.DictReader(out.open(encoding="utf-8"))
               if r["decision"] == "BLOCK"]
    assert html.startswith("<!DOCTYPE html>") and all(f'"{rid}"' in html for rid in blocked)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_report_items_equal_the_local_runs(client, tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "messy.csv"
    messy_payments(src, rows=200)
    local: list = []
    run_batch(src, io.StringIO(), SPEC.build(), SPEC, BatchOptions(), alerts=local)
    got: list = []
    if fmt == "parquet":
        run_on_cluster([str(src)], SPEC, "test", "parquet", out_dir=tmp_path / "res",
                       client=client, block_bytes=4000, alerts=got)
    else:
        cluster_output(client, [src], alerts=got)
    assert got == local
    assert {a["decision"] for a in got} == {"BLOCK", "REVIEW"}


def test_unmapped_party_columns_stop_a_cluster_run_too(client) -> None:
    bank = EXAMPLES / "bank-export.csv"
    base = {"id": "TxnRef", "date": "Value Date", "beneficiary_name": "Payee Name"}
    with pytest.raises(InputError, match="--map originator_bic='Payer BIC'"):
        cluster_output(client, [bank], overrides=base)
    full = {**base, "originator_name": "Payer", "originator_bic": "Payer BIC",
            "intermediary_bic": "Corr BIC", "beneficiary_country": "Payee Country"}
    got, summary = cluster_output(client, [bank], overrides=full, ignore_columns=["Payer Bank"])
    assert summary.counts["BLOCK"] == 4


def test_workers_must_have_the_drivers_list_versions(client) -> None:
    with pytest.raises(ClusterError, match="other list versions than this machine"):
        run_on_cluster([str(EXAMPLES / "payments.csv")], SPEC, "test", "csv",
                       out=io.StringIO(), client=client,
                       expected=(("jp-2022", "1999-01-01/0000"),))


def test_cli_dask_refuses_a_bad_list_before_starting_a_cluster(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n')
    screen = str(Path(sys.executable).parent / "screen")
    proc = subprocess.run([screen, str(EXAMPLES / "payments.csv"), "--dask", "local:1",
                           "--no-builtin", "--list", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "bad.toml" in proc.stderr and "Traceback" not in proc.stderr
