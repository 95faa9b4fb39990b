"""Cluster screening against the local path, on the same file in one run, and a cost model.

Generates a payments file (the batch benchmark's generator: `--distinct` share of distinct
counterparty names when `benchmarks/make_payments.py` is present, else its repeated-name
generator), then screens it with the built-in lists plus the OFAC set (when present):

- `screen FILE --jobs 1` and `--jobs 2` (the local path; each process loads the lists);
- on a LocalCluster of 1 and 2 single-threaded worker processes (`--dask` code path), the
  cluster and its workers' Screeners started beforehand and timed apart;
- the same 2-worker run with partitions a quarter the size, for the per-partition cost.

It prints rows/s for each, the Dask overhead against the local path at the same number of
processes, and a model: wall time = driver planning (serial, per row) + per-worker start-up
+ (rows x per-row cost + partitions x per-partition cost) / workers, with the figures it
predicts for 8 and 32 workers and for 32 nodes of 2 cores.

    python benchmarks/dask_scaling.py                  # 1,000,000 rows (several minutes)
    python benchmarks/dask_scaling.py --rows 200000    # quicker
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"


def generate(path: Path, rows: int, distinct: float) -> str:
    try:
        import make_payments  # type: ignore[import-not-found]

        make_payments.generate(path, rows, distinct=distinct)
        return f"make_payments ({distinct:.0%} distinct counterparties)"
    except (ImportError, AttributeError, TypeError):
        import batch_throughput

        batch_throughput.generate(path, rows)
        return "batch_throughput (a pool of 2,000 repeated names)"


def timed_local(screen: str, path: Path, jobs: int, lists: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([screen, str(path), "-q", "--jobs", str(jobs), *lists],
                   stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--distinct", type=float, default=0.3)
    ap.add_argument("--block-mb", type=float, default=0.0,
                    help="CSV range size (default: about 4 ranges per worker, as --dask does)")
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from screening.batch import ScreenerSpec
    from screening.dask import blocks as blk
    from screening.dask import run_on_cluster

    screen = shutil.which("screen", path=str(Path(sys.executable).parent)) or "screen"
    lists = ["--list", str(OFAC)] if OFAC.exists() else []
    spec = ScreenerSpec(lists=tuple(lists[1:]))
    tmp = Path(tempfile.mkdtemp(prefix="screen-dask-bench-"))
    try:
        path = tmp / "payments.csv"
        t = time.perf_counter()
        how = generate(path, args.rows, args.distinct)
        mb = path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({mb:.0f} MB) with {how} in "
              f"{time.perf_counter() - t:.1f} s; lists: built-in"
              + (" + OFAC" if lists else " only"))
        empty = tmp / "empty.csv"
        empty.write_text(path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n")
        load = timed_local(screen, empty, 1, lists)
        print(f"local start-up (load lists, no rows): {load:.2f} s")
        local = {j: timed_local(screen, path, j, lists) for j in (1, 2)}
        for j, s in local.items():
            print(f"local  --jobs {j}:       {s:7.2f} s  {args.rows / s:>9,.0f} rows/s  "
                  f"({args.rows / max(s - load, 1e-9):,.0f} rows/s after start-up)")

        block = int(args.block_mb * (1 << 20)) or int(
            min(blk.BLOCK_BYTES, max(1 << 20, path.stat().st_size / 8)))
        t = time.perf_counter()
        _, blocks = blk.plan_csv(str(path), None, None, block)
        plan_s = time.perf_counter() - t
        print(f"driver planning ({len(blocks)} ranges of {block / 2**20:.1f} MiB): {plan_s:.2f} s "
              f"({plan_s / args.rows * 1e6:.2f} us per row, serial)")
        results: dict[tuple[int, int], float] = {}
        startup: dict[int, float] = {}
        for workers in (1, 2):
            t = time.perf_counter()
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
            from screening.dask import workers as wk

            client.run(wk.worker_versions, spec)  # each worker builds its Screener
            startup[workers] = time.perf_counter() - t
            sizes = (block, block // 4) if workers == 2 else (block,)
            for size in sizes:
                client.run(wk.forget_names)  # each run starts with no names remembered
                t = time.perf_counter()
                s = run_on_cluster([str(path)], spec, "local", "csv", out=io.StringIO(),
                                   client=client, block_bytes=size)
                secs = time.perf_counter() - t
                results[(workers, size)] = secs
                print(f"dask   {workers} worker(s), {s.partitions:3d} partitions: {secs:7.2f} s  "
                      f"{args.rows / secs:>9,.0f} rows/s  (+ {startup[workers]:.1f} s cluster "
                      "and Screener start-up before it)")
            client.close()
            cluster.close()

        for w in (1, 2):
            work_local = local[w] - load
            over = (results[(w, block)] + startup[w]) / local[w] - 1
            over_work = results[(w, block)] / max(work_local, 1e-9) - 1
            print(f"Dask overhead at {w} worker(s): {over:+.1%} of the local --jobs {w} wall "
                  f"time (start-up included); {over_work:+.1%} on the screening alone")

        # the model
        n1, n2 = results[(1, block)], results[(2, block)]
        _, small_blocks = blk.plan_csv(str(path), None, None, block // 4)
        extra_parts = len(small_blocks) - len(blocks)
        per_part = max(0.0, (results[(2, block // 4)] - n2) * 2 / max(extra_parts, 1))
        per_row = max(n1 - plan_s - per_part * len(blocks), 1e-9) / args.rows
        start_w = startup[2]
        print("\nmodel: T(rows, workers) = plan x rows + start-up + (rows x row + parts x part)"
              " / workers")
        print(f"  plan {plan_s / args.rows * 1e6:.2f} us/row (driver, serial); start-up "
              f"{start_w:.1f} s (workers start in parallel); row {per_row * 1e6:.1f} us; "
              f"part {per_part * 1000:.0f} ms")
        rows_big = 100_000_000
        for workers in (2, 8, 32, 64):
            parts = max(workers * 4, int(rows_big * mb * 1e6 / args.rows / block))
            t_model = (plan_s / args.rows * rows_big + start_w
                       + (rows_big * per_row + parts * per_part) / workers)
            ideal = rows_big * per_row / workers
            print(f"  {workers:3d} workers, {rows_big:,} rows: {t_model / 60:7.1f} min, "
                  f"{rows_big / t_model:>10,.0f} rows/s, efficiency {ideal / t_model:.0%}")
        print("  (32 nodes of 2 cores = 64 workers; the serial planning pass is avoided by "
              "giving a directory of partition files, each one range)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
