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

from screening.batch import BatchOptions, run_batch  # noqa: E402
from screening.dask import ClusterError, run_on_cluster, screen_dataframe  # noqa: E402
from screening.dask import blocks as blk  # noqa: E402
from screening.engine import Screener  # noqa: E402
from screening.mapping import InputError, resolve_columns  # noqa: E402
from screening.screener_spec import ScreenerSpec  # noqa: E402

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


def file_output(client, inputs: list[Path], target: Path, fmt: str = "csv",
                block_bytes: int = 4000, **kw) -> tuple[bytes, object]:
    """The output written as the command writes `-o FILE`: the workers write the parts next
    to it, the driver copies them into the file's byte stream."""
    from screening.output import Output

    with Output(target) as out:
        summary = run_on_cluster([str(p) for p in inputs], SPEC, "test", fmt, out=out,
                                 client=client, block_bytes=block_bytes,
                                 parts_dir=target.parent, **kw)
    return target.read_bytes(), summary


def n_ranges(path: Path, block_bytes: int) -> int:
    from screening.csvio import CsvSource

    return len(blk.plan_csv(CsvSource(path), (0, 1), block_bytes))


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
    ranges = n_ranges(src, 4000)
    assert ranges > 5  # many partitions
    local = local_output(src)
    got, summary = cluster_output(client, [src])
    assert got == local
    assert summary.partitions == ranges
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
    from screening.dask.names import IndexOrderError, gather_known, known_screener, shard_of

    class Call:
        def __init__(self, value):
            self.value = value

        def result(self):
            return self.value

    class Shard:  # answers as a shard actor would, with its own index key
        def __init__(self, key):
            self.key = key

        def match(self, request):
            import pickle

            names = pickle.loads(request)
            return Call(pickle.dumps((self.key, [()] * len(names))))

    names = [f"Name {i}" for i in range(40)]
    assert {shard_of(n, 2) for n in names} == {0, 1}
    known, key = gather_known([Shard("100:0000abcd"), Shard("100:0000abcd")], names)
    assert key == "100:0000abcd" and sorted(known) == sorted(names)
    with pytest.raises(IndexOrderError, match="different orders"):
        gather_known([Shard("100:0000abcd"), Shard("100:0000ffff")], names)
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


def _ranges_read_locally(path: Path, block_bytes: int, **kw) -> tuple[list, int]:
    """The rows of every range, each range read on its own from its guessed start and placed
    as on the cluster (`blocks.scan`, `blocks.place`); and how many ranges were read again."""
    from screening.batch import open_source

    src, cmap = open_source(path, BatchOptions(**kw))
    cols = dict(cmap.columns)
    ranges = blk.plan_csv(src, (cols.get("id"), cols.get("date")), block_bytes)
    again: list[int] = []

    def rescan(r):
        again.append(r.index)
        return blk.scan(r)

    placed = blk.place(ranges, [blk.scan(r) for r in ranges], rescan)
    rows = []
    for p in placed:
        rows += blk.read_rows(p, len(rows))
    return rows, len(again)


def _as_tuples(rows) -> list:
    return [(r.row, r.line, r.last_line, r.fields, r.error) for r in rows]


def test_ranges_read_every_row_as_the_local_reader_does(tmp_path: Path) -> None:
    from screening.batch import open_source

    messy = tmp_path / "messy.csv"
    messy_payments(messy, rows=300)
    # quoted fields over several lines, some holding lines that read as rows of their own
    # (the local reader makes those ERROR rows): a range that guesses its start there is read
    # again from where the previous range's records end
    tricky = tmp_path / "tricky.csv"
    tricky.write_text("id,date,purpose,beneficiary_name\n" + "".join(
        f'R{i},2022-04-05,"line one\nR{i}x,2022-04-05,x,y\nline two {i}",x\n' if i % 7 == 0
        else f'R{i},2022-04-05,"line one\nline two {i}",x\n' if i % 5 == 0
        else f"R{i},2022-04-05,plain,x\n" for i in range(300)), encoding="utf-8")
    reread = 0
    for path in (messy, tricky):
        want = _as_tuples(open_source(path, BatchOptions())[0].rows())
        assert any(w[1] != w[0] + 1 for w in want)  # records over several lines
        for size in (60, 97, 333, 1000, 4000, 1 << 20):
            rows, again = _ranges_read_locally(path, size)
            assert _as_tuples(rows) == want, (path.name, size)
            reread += again
    assert any("broken quoting" in (w[4] or "") for w in want)
    assert reread > 0  # the guess was wrong somewhere, and was corrected
    # undecodable bytes: their ERROR rows cite the line and the byte of the whole file
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,date,beneficiary_name\n" + b"".join(
        b"R%d,2022-04-05,Name \xff%d\n" % (i, i) if i % 9 == 4 else
        b"R%d,2022-04-05,Name %d\n" % (i, i) for i in range(200)))
    want = _as_tuples(open_source(bad, BatchOptions(encoding="utf-8"))[0].rows())
    assert sum("byte" in (w[4] or "") for w in want) == 22
    for size in (50, 333):
        rows, _ = _ranges_read_locally(bad, size, encoding="utf-8")
        assert _as_tuples(rows) == want


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


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_parts_written_by_the_workers_make_the_local_output(client, tmp_path: Path,
                                                             fmt: str) -> None:
    src = tmp_path / "messy.csv"
    messy_payments(src, rows=300)
    target = tmp_path / f"out.{fmt}"
    got, summary = file_output(client, [src], target, fmt=fmt)
    local = local_output(src, fmt=fmt).encode("utf-8")
    if fmt == "json":  # results and counts equal; the metadata says where each run read
        got_d, local_d = json.loads(got), json.loads(local)
        assert got_d["results"] == local_d["results"] and got_d["summary"] == local_d["summary"]
    else:
        assert got == local
    assert summary.partitions > 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messy.csv", target.name]  # no parts
    again, _ = file_output(client, [src], target, fmt=fmt, block_bytes=1500)
    assert again == got  # another partitioning, the same bytes


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_directory_output_holds_one_part_per_partition(client, tmp_path: Path,
                                                         fmt: str) -> None:
    src = tmp_path / "messy.csv"
    messy_payments(src, rows=300)
    out = tmp_path / "results"
    s1 = run_on_cluster([str(src)], SPEC, "test", fmt, out_dir=out, client=client,
                        block_bytes=4000)
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"part.{i:05d}.{fmt}" for i in range(s1.partitions)]
    first = [f.read_bytes() for f in files]
    local = local_output(src, fmt=fmt)
    if fmt == "csv":  # each part a CSV file with the header; together the local output
        header, _, _ = local.partition("\n")
        texts = [b.decode("utf-8") for b in first]
        assert all(t.startswith(header + "\n") for t in texts)
        assert header + "\n" + "".join(t[len(header) + 1:] for t in texts) == local
    else:
        assert b"".join(first).decode("utf-8") == local
    run_on_cluster([str(src)], SPEC, "test", fmt, out_dir=out, client=client, block_bytes=4000)
    assert [f.read_bytes() for f in sorted(out.iterdir())] == first  # a rerun: the same bytes
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="other files than result parts"):
        run_on_cluster([str(src)], SPEC, "test", fmt, out_dir=out, client=client)


def test_a_failing_partition_leaves_no_parts_and_no_output_file(client, tmp_path: Path) -> None:
    src = _parquet_input(tmp_path, corrupt_second=True)
    target = tmp_path / "out.csv"
    with pytest.raises(ClusterError, match="failed"):
        file_output(client, [src], target)
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".screen-parts", ".out"))]


def test_a_header_only_file_and_files_without_a_final_newline(client, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("id,date,beneficiary_name\n", encoding="utf-8")
    got, summary = file_output(client, [empty], tmp_path / "out.csv")
    assert got.decode("utf-8") == local_output(empty) and summary.rows == 0
    cut = tmp_path / "cut.csv"
    cut.write_text((EXAMPLES / "payments.csv").read_text(encoding="utf-8").rstrip("\n"),
                   encoding="utf-8")
    got, summary = file_output(client, [cut], tmp_path / "out.csv", block_bytes=700)
    assert got.decode("utf-8") == local_output(cut) and summary.rows == 120


def test_cli_dask_writes_a_directory_of_parts(tmp_path: Path) -> None:
    out = tmp_path / "results"
    out.mkdir()
    screen = str(Path(sys.executable).parent / "screen")
    proc = subprocess.run([screen, str(EXAMPLES / "payments.csv"), "--dask", "local:1",
                           "-o", str(out), "--format", "jsonl"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    parts = sorted(out.iterdir())
    assert [p.name for p in parts] == ["part.00000.jsonl"]
    assert parts[0].read_text(encoding="utf-8") == local_output(EXAMPLES / "payments.csv",
                                                                fmt="jsonl")


def test_a_file_given_twice_is_screened_twice_in_order(client, tmp_path: Path) -> None:
    src = tmp_path / "messy.csv"
    messy_payments(src, rows=120)
    got, summary = cluster_output(client, [src, src], block_bytes=2000)
    once = local_output(src)
    header, _, body = once.partition("\n")
    rows = list(csv.DictReader(io.StringIO(got)))
    assert summary.rows == len(rows) == 2 * (len(once.splitlines()) - 1)
    assert [int(r["row"]) for r in rows] == list(range(1, len(rows) + 1))
    half = len(rows) // 2
    assert [(r["line"], r["decision"], r["hits"]) for r in rows[:half]] == [
        (r["line"], r["decision"], r["hits"]) for r in rows[half:]]
