"""Cluster screening against the local path, on the same file in one run, and a cost model.

Generates a payments file (the batch benchmark's generator: `--distinct` share of distinct
counterparty names when `benchmarks/make_payments.py` is present, else its repeated-name
generator), then screens it with the built-in lists plus the OFAC set (when present):

- `screen FILE --jobs 1` and `--jobs 2` (the local path; each process loads the lists);
- on a LocalCluster of 1 and 2 single-threaded worker processes (`--dask` code path), the
  cluster and its workers' Screeners started beforehand and timed apart;
- the same 2-worker run with partitions a quarter the size, for the per-partition cost.

Each configuration's wall time and CPU time (all its processes: the local run and its pool;
the Dask driver with its scheduler, and the workers) are printed, with the Dask overhead
against the local path at the same number of processes. On a shared machine the wall times
mostly measure the other processes; the CPU times are the steadier comparison.

The model, from the 2-worker run's CPU times: wall time = driver planning (serial) + worker
start-up + max(driver work per row x rows (serial, overlapping the workers),
(rows x per-row cost + distinct names x per-name cost + partitions x per-partition cost) /
workers). Each distinct party name is matched once across the cluster, so the name term does
not grow with the workers. It prints the figures it predicts for 2 to 64 workers (32 nodes
of 2 cores) on 100 million rows.

    python benchmarks/dask_scaling.py                  # 1,000,000 rows (many minutes)
    python benchmarks/dask_scaling.py --rows 200000    # quicker
"""

from __future__ import annotations

import argparse
import io
import os
import resource
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


def timed_local(screen: str, path: Path, jobs: int, lists: list[str]) -> tuple[float, float]:
    """(wall, CPU seconds of the run and its worker processes)."""
    before = _children_cpu()
    t = time.perf_counter()
    subprocess.run([screen, str(path), "-q", "--jobs", str(jobs), *lists],
                   stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t, _children_cpu() - before


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _cpu() -> float:
    return time.process_time()


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--distinct", type=float, default=0.3)
    ap.add_argument("--input", type=Path, default=None,
                    help="screen this payments file (its row count) instead of generating one")
    ap.add_argument("--block-mb", type=float, default=0.0,
                    help="CSV range size (default: about 4 ranges per worker, as --dask does)")
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from screening.batch import ScreenerSpec
    from screening.dask import blocks as blk
    from screening.dask import run_on_cluster
    from screening.dask import workers as wk

    screen = shutil.which("screen", path=str(Path(sys.executable).parent)) or "screen"
    lists = ["--list", str(OFAC)] if OFAC.exists() else []
    spec = ScreenerSpec(lists=tuple(lists[1:]))
    rows = args.rows
    tmp = Path(tempfile.mkdtemp(prefix="screen-dask-bench-"))
    try:
        path = tmp / "payments.csv"
        t = time.perf_counter()
        if args.input:
            path = args.input
            with path.open("rb") as f:
                rows = sum(1 for _ in f) - 1  # a generated file: one line per row
            how = f"{path} (given)"
        else:
            how = generate(path, rows, args.distinct)
        mb = path.stat().st_size / 1e6
        print(f"generated {rows:,} rows ({mb:.0f} MB) with {how} in "
              f"{time.perf_counter() - t:.1f} s; lists: built-in"
              + (" + OFAC" if lists else " only") + f"; load average {_load()}", flush=True)
        empty = tmp / "empty.csv"
        with path.open(encoding="utf-8") as f:
            empty.write_text(f.readline())
        load, load_cpu = timed_local(screen, empty, 1, lists)
        print(f"local start-up (load lists, no rows): {load:.2f} s, {load_cpu:.2f} s CPU")
        block = int(args.block_mb * (1 << 20)) or int(
            min(blk.BLOCK_BYTES, max(1 << 20, path.stat().st_size / 8)))
        t = time.perf_counter()
        _, blocks = blk.plan_csv(str(path), None, None, block)
        plan_s = time.perf_counter() - t
        print(f"driver planning ({len(blocks)} ranges of {block / 2**20:.1f} MiB): {plan_s:.2f} s "
              f"({plan_s / rows * 1e6:.2f} us per row, serial)")
        local: dict[int, tuple[float, float]] = {}
        runs: dict[tuple[int, int], dict[str, float]] = {}
        startup: dict[int, float] = {}

        def run_local(j: int) -> None:
            s, c = local[j] = timed_local(screen, path, j, lists)
            print(f"local  --jobs {j}:                  {s:7.1f} s  {rows / s:>7,.0f} rows/s  "
                  f"CPU {c:6.1f} s  (load average {_load()})", flush=True)

        def run_dask(workers: int, sizes: tuple[int, ...]) -> None:
            t = time.perf_counter()
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
            client.run(wk.worker_versions, spec)  # each worker builds its Screener
            startup[workers] = time.perf_counter() - t
            for size in sizes:
                client.run(wk.forget_names)  # (the per-worker memory of --dask without names)
                w_cpu = sum(client.run(_cpu).values())
                d_cpu = _cpu()
                t = time.perf_counter()
                s = run_on_cluster([str(path)], spec, "local", "csv", out=io.StringIO(),
                                   client=client, block_bytes=size)
                secs = time.perf_counter() - t
                d_cpu = _cpu() - d_cpu
                w_cpu = sum(client.run(_cpu).values()) - w_cpu
                runs[(workers, size)] = r = {
                    "wall": secs, "driver": d_cpu, "workers": w_cpu, "parts": s.partitions,
                    "names": s.names, "match": s.match_seconds, "screen": s.screen_seconds,
                    "book": s.book_seconds}
                print(f"dask   {workers} worker(s), {s.partitions:3d} partitions: {secs:7.1f} s  "
                      f"{rows / secs:>7,.0f} rows/s  CPU {d_cpu + w_cpu:6.1f} s (driver "
                      f"{d_cpu:.1f} of which name book {r['book']:.1f}, workers {w_cpu:.1f}: "
                      f"matching {r['names']:,.0f} names "
                      f"{r['match']:.1f}, screening rows {r['screen']:.1f})  (+ "
                      f"{startup[workers]:.1f} s cluster start-up before it; load average "
                      f"{_load()})", flush=True)
            client.close()
            cluster.close()

        def overhead(w: int) -> None:
            r = runs[(w, block)]
            wall, cpu = local[w]
            over = (r["wall"] + startup[w]) / wall - 1
            over_work = r["wall"] / max(wall - load, 1e-9) - 1
            over_cpu = (r["driver"] + r["workers"]) / max(cpu - load_cpu, 1e-9) - 1
            print(f"Dask overhead at {w} worker(s) over local --jobs {w}: wall {over:+.1%} "
                  f"(start-up included), {over_work:+.1%} (screening alone); CPU "
                  f"{over_cpu:+.1%} (screening alone)", flush=True)

        # the pair the goal is about first, then one process each, then smaller partitions
        run_local(2)
        run_dask(2, (block,))
        overhead(2)
        run_local(1)
        run_dask(1, (block,))
        overhead(1)
        run_dask(2, (block // 4,))

        # the model, from CPU times (steadier than wall times on a shared machine)
        r2, r8 = runs[(2, block)], runs[(2, block // 4)]
        per_part = max(0.0, (r8["workers"] - r2["workers"]) / max(r8["parts"] - r2["parts"], 1))
        names_per_row = r2["names"] / rows
        per_name = r2["match"] / max(r2["names"], 1)
        per_row = max(r2["workers"] - r2["match"] - per_part * r2["parts"], 0.0) / rows
        driver_row = max(r2["driver"] - plan_s, 0.0) / rows  # (the run plans the file too)
        book_row = r2["book"] / rows
        start_w = startup[2]
        print("\nmodel: T(rows, W) = plan x rows + start-up + max(driver x rows, "
              "(rows x row + names x name + parts x part) / W)")
        print(f"  plan {plan_s / rows * 1e6:.2f} us/row (driver, serial, before the run); "
              f"start-up {start_w:.1f} s (workers start in parallel); driver {driver_row * 1e6:.1f}"
              f" us/row (serial, overlaps the workers; {book_row * 1e6:.1f} of it the name book, "
              "the "
              "rest mostly the results passing through it: Parquet output stays on the workers)"
              f"; row {per_row * 1e6:.1f} us; name "
              f"{per_name * 1e6:.0f} us x {names_per_row:.2f} distinct names per row (matched "
              f"once across the cluster); part {per_part * 1000:.0f} ms")
        rows_big = 100_000_000
        for workers in (1, 2, 8, 32, 64):
            parts = max(workers * 4, int(rows_big * mb * 1e6 / rows / blk.BLOCK_BYTES))
            work = rows_big * (per_row + names_per_row * per_name) + parts * per_part
            t_model = plan_s / rows * rows_big + start_w + max(driver_row * rows_big,
                                                               work / workers)
            ideal = rows_big * (per_row + names_per_row * per_name) / workers
            print(f"  {workers:3d} workers, {rows_big:,} rows: {t_model / 60:7.1f} min, "
                  f"{rows_big / t_model:>10,.0f} rows/s, efficiency {ideal / t_model:.0%}")
        print("  (32 nodes of 2 cores = 64 workers; the serial planning pass is avoided by "
              "giving a directory of partition files; the name share assumes 100 million rows "
              "repeat their counterparties as this file does)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
