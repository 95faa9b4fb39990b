"""Cluster screening against the local path, on the same file in one run, and a cost model.

Generates a payments file (the batch benchmark's generator: `--distinct` share of distinct
counterparty names when `benchmarks/make_payments.py` is present, else its repeated-name
generator), then screens it with the built-in lists plus the OFAC set (when present), the lists
given as the command gives them (their compiled snapshot):

- `screen FILE -o FILE --jobs 1` and `--jobs 2` (the local path; each process loads the lists);
- on a LocalCluster of 1 and 2 single-threaded worker processes (the `--dask` code path, to one
  output file: the workers write the parts, the driver copies them in order), the cluster and
  its workers' Screeners started beforehand and timed apart;
- the same 2-worker run with partitions a quarter the size, for the per-partition costs.

Each configuration's wall time and CPU time (all its processes: the local run and its pool;
the Dask driver with its scheduler, and the workers) are printed, with the Dask overhead
against the local path at the same number of processes. On a shared machine the wall times
mostly measure the other processes; the CPU times are the steadier comparison.

The model, from the 2-worker runs' CPU times: wall time = worker start-up + driver planning +
max(driver serial work, worker work / workers), where the driver's serial work is rows x (its
per-row cost: copying the parts into the output) + partitions x (its per-partition cost:
planning, scheduling, gathering the partition's summary), and the workers' work is rows x
per-row cost (reading the range twice, screening, rendering, writing) + distinct names x
per-name cost + partitions x (per-partition cost + workers x one name-shard call). Each
distinct party name is matched once across the cluster, so the name term does not grow with
the workers. It prints the figures it predicts for 1 to 64 workers (32 nodes of 2 cores) on
100 million rows.

    python benchmarks/dask_scaling.py                  # 1,000,000 rows (many minutes)
    python benchmarks/dask_scaling.py --rows 200000    # quicker
"""

from __future__ import annotations

import argparse
import os
import pickle
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


def timed_local(screen: str, path: Path, jobs: int, lists: list[str], out: Path
                ) -> tuple[float, float]:
    """(wall, CPU seconds of the run and its worker processes)."""
    before = _children_cpu()
    t = time.perf_counter()
    subprocess.run([screen, str(path), "-q", "--jobs", str(jobs), "-o", str(out), *lists],
                   stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t, _children_cpu() - before


def _shard_call_cost(client: object, spec: object, expected: object, calls: int = 200
                     ) -> tuple[float, float]:
    """(wall, worker CPU seconds) of one call to another worker's name shard from a task, with
    a handful of names already matched: what each partition pays per worker in the cluster."""
    from screening.dask import names as nm

    addrs = sorted(client.scheduler_info()["workers"])  # type: ignore[attr-defined]
    shard = client.submit(nm.NameShard, spec, expected, 1000, actor=True,  # type: ignore[attr-defined]
                          workers=[addrs[-1]], pure=False).result()
    request = pickle.dumps(["Ivan Petrov", "Rosneft"])
    shard.match(request).result()

    def call(shard: object, n: int) -> tuple[float, float]:
        t, c = time.perf_counter(), time.thread_time()
        for _ in range(n):
            shard.match(request).result()  # type: ignore[attr-defined]
        return (time.perf_counter() - t) / n, (time.thread_time() - c) / n

    wall, cpu = client.submit(call, shard, calls, workers=[addrs[0]],  # type: ignore[attr-defined]
                              pure=False).result()
    return wall, cpu


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

    import dask
    from distributed import Client, LocalCluster

    from screening.batch import ScreenerSpec
    from screening.compiled import cached_spec
    from screening.csvio import CsvSource
    from screening.dask import blocks as blk
    from screening.dask import run_on_cluster
    from screening.dask import workers as wk
    from screening.dask.run import QUIET_WORKERS

    screen = shutil.which("screen", path=str(Path(sys.executable).parent)) or "screen"
    lists = ["--list", str(OFAC)] if OFAC.exists() else []
    spec = cached_spec(ScreenerSpec(lists=tuple(lists[1:])))  # as `screen --dask local:N`
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
        out_file = tmp / "out.csv"
        load, load_cpu = timed_local(screen, empty, 1, lists, out_file)
        print(f"local start-up (load lists, no rows): {load:.2f} s, {load_cpu:.2f} s CPU")
        block = int(args.block_mb * (1 << 20)) or int(
            min(blk.BLOCK_BYTES, max(1 << 20, path.stat().st_size / 8)))
        c = time.process_time()
        src = CsvSource(path)
        ranges = blk.plan_csv(src, (0, 1), block)
        plan_s = time.process_time() - c
        c = time.process_time()
        scanned = blk.scan(ranges[0])
        scan_row = (time.process_time() - c) / max(scanned.rows, 1)
        print(f"driver planning ({len(ranges)} ranges of {block / 2**20:.1f} MiB, the header "
              f"read only): {plan_s * 1000:.1f} ms CPU; placing a range (read on a worker, "
              f"not screened): {scan_row * 1e6:.2f} us a row")
        local: dict[int, tuple[float, float]] = {}
        runs: dict[tuple[int, int], dict[str, float]] = {}
        startup: dict[int, float] = {}
        call: tuple[float, float] = (0.0, 0.0)

        def run_local(j: int) -> None:
            s, c = local[j] = timed_local(screen, path, j, lists, out_file)
            print(f"local  --jobs {j}:                  {s:7.1f} s  {rows / s:>7,.0f} rows/s  "
                  f"CPU {c:6.1f} s  (load average {_load()})", flush=True)

        def run_dask(workers: int, sizes: tuple[int, ...]) -> None:
            nonlocal call
            t = time.perf_counter()
            with dask.config.set(QUIET_WORKERS):  # as `--dask local:N` starts its cluster
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                       processes=True, dashboard_address=None, silence_logs=40)
            client = Client(cluster)
            expected = next(iter(client.run(wk.worker_versions, spec).values()))
            startup.setdefault(workers, time.perf_counter() - t)
            if workers == 2:
                call = _shard_call_cost(client, spec, expected)
            for size in sizes:
                client.run(wk.forget_names)
                w_cpu = sum(client.run(_cpu).values())
                d_cpu = _cpu()
                t = time.perf_counter()
                with out_file.open("w", encoding="utf-8", newline="") as out:
                    s = run_on_cluster([str(path)], spec, "local", "csv", out=out,
                                       client=client, block_bytes=size, parts_dir=tmp)
                secs = time.perf_counter() - t
                d_cpu = _cpu() - d_cpu
                w_cpu = sum(client.run(_cpu).values()) - w_cpu
                runs[(workers, size)] = r = {
                    "wall": secs, "driver": d_cpu, "workers": w_cpu, "parts": s.partitions,
                    "names": s.names, "match": s.match_seconds, "screen": s.screen_seconds,
                    "copy": s.copy_seconds}
                print(f"dask   {workers} worker(s), {s.partitions:3d} partitions: {secs:7.1f} s  "
                      f"{rows / secs:>7,.0f} rows/s  CPU {d_cpu + w_cpu:6.1f} s (driver "
                      f"{d_cpu:.1f} of which copying the parts {r['copy']:.2f}; workers "
                      f"{w_cpu:.1f}: matching {r['names']:,.0f} names {r['match']:.1f}, "
                      f"screening rows {r['screen']:.1f})  (+ {startup[workers]:.1f} s cluster "
                      f"start-up before it; load average {_load()})", flush=True)
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
        more = max(r8["parts"] - r2["parts"], 1)
        per_part = max(0.0, (r8["workers"] - r2["workers"]) / more)
        d_part = max(0.0, (r8["driver"] - r8["copy"] - r2["driver"] + r2["copy"]) / more)
        names_per_row = r2["names"] / rows
        per_name = r2["match"] / max(r2["names"], 1)
        per_row = max(r2["workers"] - r2["match"] - per_part * r2["parts"], 0.0) / rows
        copy_row = r2["copy"] / rows
        d_fixed = max(r2["driver"] - r2["copy"] - d_part * r2["parts"], 0.0)
        start_w = startup[2]
        call_wall, call_cpu = call
        print("\nmodel: T(rows, W) = start-up + plan + max(rows x copy + parts x driver part, "
              "(rows x row + names x name + parts x (part + W x call)) / W)")
        print(f"  start-up {start_w:.1f} s (workers start in parallel); plan "
              f"{plan_s * 1000:.1f} ms (the header only) + driver fixed {d_fixed:.2f} s; driver "
              f"serial: copy {copy_row * 1e6:.2f} us/row, {d_part * 1000:.0f} ms a partition "
              f"(scheduling, gathering its summary; overlaps the workers); worker: row "
              f"{per_row * 1e6:.1f} us (of it {scan_row * 1e6:.1f} us placing the range), name "
              f"{per_name * 1e6:.0f} us x {names_per_row:.2f} distinct names per row (matched "
              f"once across the cluster), part {per_part * 1000:.0f} ms, a name-shard call "
              f"{call_cpu * 1000:.2f} ms CPU ({call_wall * 1000:.2f} ms wall)")
        rows_big = 100_000_000
        for workers in (1, 2, 8, 32, 64):
            parts = max(workers * 4, int(rows_big * mb * 1e6 / rows / blk.BLOCK_BYTES))
            work = (rows_big * (per_row + names_per_row * per_name)
                    + parts * (per_part + workers * call_cpu))
            serial = rows_big * copy_row + parts * d_part
            t_model = start_w + plan_s + d_fixed + max(serial, work / workers)
            ideal = rows_big * (per_row + names_per_row * per_name) / workers
            print(f"  {workers:3d} workers, {rows_big:,} rows, {parts} partitions: "
                  f"{t_model / 60:7.1f} min, {rows_big / t_model:>10,.0f} rows/s, efficiency "
                  f"{ideal / t_model:.0%} (driver busy {serial / t_model:.0%})")
        print("  (32 nodes of 2 cores = 64 workers; the name share assumes 100 million rows "
              "repeat their counterparties as this file does)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
