"""Batch throughput of `screen FILE` on realistic payment files, each distinct-name share apart,
beside a bare csv read of the same file and the previous code, in one run.

For each share of distinct counterparty names (default 100% and 30%; see make_payments.py:
names from about 50 locales and scripts, 30% SWIFT-style upper case, 2% list names), a file of
`--rows` rows is generated and screened with the built-in lists plus the OFAC SDN set (when
../shared/data/ofac/bench is present) by:

- the working tree's `screen`, with --jobs 1 and --jobs 2;
- the code at `--rev` (default: the merge base with main, checked out in a temporary git
  worktree, its compiled core built there as `pip install` builds it), the same way,
  interleaved with the working tree's runs (the machine is shared: only ratios measured side
  by side mean much).

Printed per run: rows/s after start-up (the time to load the lists, measured on an empty file,
is subtracted; it is printed too), the ratio of that time to a bare `csv.reader` pass over the
file, peak RSS of the largest process (`screen` or one worker), the CPU time after start-up (all
processes: on a loaded machine, rows per CPU-second is the steadier figure, and --jobs 2 costing
no more CPU than --jobs 1 is what lets it scale on free cores), and the speed-up of the working
tree over `--rev`. At the end, the --jobs 2 / --jobs 1 ratio per share.

    python benchmarks/batch_throughput.py                       # 20,000 rows per share
    python benchmarks/batch_throughput.py --rows 10000 --repeat 2   # best of two runs each
    python benchmarks/batch_throughput.py --rows 100000 --shares 0.3 --rev none
    python benchmarks/batch_throughput.py --builtin-only --shares 0.3   # per-row fixed cost
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_payments import HEADER, OFAC, ROOT, generate  # noqa: E402

# `screen ARGS` in this fresh process (output to /dev/null), then: exit code, wall seconds, peak
# RSS of the largest process, CPU seconds of the main process and of its workers
_MEASURE = """
import os, resource, sys, time
t = time.perf_counter()
out = os.dup(1)
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
from screening.cli import main
try:
    rc = main(sys.argv[1:])
except SystemExit as exc:
    rc = exc.code
sys.stdout.flush()
wall = time.perf_counter() - t
me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
os.write(out, f"{rc} {wall} {max(me.ru_maxrss, kids.ru_maxrss)} "
              f"{me.ru_utime + me.ru_stime} {kids.ru_utime + kids.ru_stime}".encode())
"""


def csv_read_seconds(path: Path, rounds: int = 3) -> tuple[float, float]:
    """(wall, CPU) seconds of a plain `csv.reader` pass over the file, best of `rounds`."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        with path.open(newline="", encoding="utf-8") as f:
            for _ in csv.reader(f):
                pass
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best, best_cpu


CACHE = Path(tempfile.mkdtemp(prefix="screen-bench-cache-"))  # the runs' own snapshot cache


def run_screen(code: Path, args: list[str]) -> tuple[int, float, int, float, float]:
    """(exit code, wall seconds, peak RSS in KiB of screen or a worker, CPU seconds of the main
    process, CPU seconds of its workers) of `screen ARGS` run from the source tree `code`, in a
    fresh process (with this benchmark's own snapshot cache directory)."""
    cmd = [sys.executable, "-c", _MEASURE, *args]
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(CACHE)}
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env,
                         cwd=tempfile.gettempdir()).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]), float(out[3]), float(out[4])


def old_tree(rev: str, tmp: Path) -> Path | None:
    if rev == "none":
        return None
    if rev == "base":
        rev = subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
                             capture_output=True, text=True, check=True).stdout.strip()
    path = tmp / "old"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev],
                   check=True)
    if any(path.glob("screening/names/_core.c")):
        # the compiled core, as `pip install` builds it: without it the old code would run the
        # pure-Python path and the comparison would be unfair
        subprocess.run([sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=path,
                       check=True, capture_output=True)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--shares", default="1.0,0.3", help="distinct-name shares, comma-separated")
    ap.add_argument("--rev", default="base",
                    help="previous code: a git revision, 'base' (merge base with main) or 'none'")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs per configuration (best kept)")
    ap.add_argument("--builtin-only", action="store_true",
                    help="the built-in lists only (120 names: the per-row fixed cost)")
    args = ap.parse_args()
    lists = ["--list", str(OFAC)] if OFAC.exists() and not args.builtin_only else []
    print(f"lists: built-in{' + OFAC ' + str(OFAC) if lists else ' only'}"
          f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    tmp = Path(tempfile.mkdtemp(prefix="screen-bench-"))
    old = None
    try:
        old = old_tree(args.rev, tmp)
        trees = {"new": ROOT} | ({"old": old} if old else {})
        empty = tmp / "empty.csv"
        empty.write_text(",".join(HEADER) + "\n")
        startup: dict[str, tuple[float, float]] = {}
        for label, code in trees.items():
            # the first run fills the snapshot cache (if the code has one), as a user's first
            # run does; the runs below start warm, so the warm start-up is what is subtracted
            _, cold, kb, cold_cpu, _ = run_screen(code, [str(empty), "-q", *lists])
            for _ in range(max(2, args.repeat)):  # best of the warm runs
                _, secs, kb, cpu, _ = run_screen(code, [str(empty), "-q", *lists])
                prev = startup.get(label, (secs, cpu))
                startup[label] = min(prev[0], secs), min(prev[1], cpu)
            secs, cpu = startup[label]
            print(f"start-up ({label}): {secs:.2f} s, CPU {cpu:.2f} s, peak {kb / 1024:.0f} MiB"
                  f" (first run, filling the snapshot cache: {cold:.2f} s, CPU {cold_cpu:.2f} s)")
        jobs_list = [int(j) for j in args.jobs.split(",")]
        summary = []
        for share in (float(s) for s in args.shares.split(",")):
            path = tmp / f"payments-{share:g}.csv"
            c = generate(path, args.rows, share, seed=args.seed)
            base, base_cpu = csv_read_seconds(path)
            print(f"\n== distinct share {share:.0%}: {c['rows']:,} rows, {c['distinct']:,} "
                  f"distinct of {c['names']:,} names, {c['list_names']:,} list names; "
                  f"bare csv read {base:.3f} s = {c['rows'] / base:,.0f} rows/s (CPU "
                  f"{base_cpu:.3f} s = {c['rows'] / base_cpu:,.0f} rows per CPU-second)")
            # best of --repeat runs per configuration (wall and CPU apart), in turns
            best: dict[tuple[str, int], list[float]] = {}
            for r in range(args.repeat):
                for k, jobs in enumerate(jobs_list):
                    order = list(trees) if (k + r) % 2 == 0 else list(reversed(trees))
                    for label in order:
                        rc, secs, kb, cpu_main, cpu_workers = run_screen(
                            trees[label], [str(path), "-q", "--jobs", str(jobs), *lists])
                        work = max(secs - startup[label][0], 1e-9)
                        main_cpu = max(cpu_main - startup[label][1], 0.0)
                        work_cpu = max(main_cpu + cpu_workers, 1e-9)
                        got = [work, work_cpu, main_cpu, cpu_workers, kb, rc]
                        prev = best.get((label, jobs))
                        best[label, jobs] = got if prev is None else [
                            min(a, b) for a, b in zip(prev[:2], got[:2], strict=True)
                        ] + (got[2:4] if work_cpu < prev[1] else prev[2:4]) + [
                            max(prev[4], kb), max(prev[5], rc)]
            for (label, jobs), (work, work_cpu, main_cpu, workers, kb, rc) in sorted(
                    best.items(), key=lambda kv: (kv[0][1], kv[0][0] == "old")):
                print(f"  {label} --jobs {jobs}: {c['rows'] / work:>8,.0f} rows/s after start-up"
                      f" ({work:.2f} s + {startup[label][0]:.2f} s start-up; {work / base:.0f}x "
                      f"the csv read)  peak {kb / 1024:.0f} MiB  CPU {work_cpu:.2f} s = "
                      f"{c['rows'] / work_cpu:,.0f} rows per CPU-second, "
                      f"{work_cpu / c['rows'] * 1e6:.0f} µs per row, {work_cpu / base_cpu:.0f}x "
                      f"the csv read's CPU"
                      + (f" (main process {main_cpu:.2f} s, workers {workers:.2f} s)"
                         if jobs > 1 else "") + f"  exit {rc}")
            for jobs in jobs_list:
                if ("old", jobs) in best:
                    n, o = best["new", jobs], best["old", jobs]
                    print(f"  --jobs {jobs} new / old: wall {o[0] / n[0]:.2f}x, CPU "
                          f"{o[1] / n[1]:.2f}x")
            for label in trees:
                if (label, 1) in best and (label, 2) in best:
                    one, two = best[label, 1], best[label, 2]
                    # on two free cores the workers run side by side, the main process beside
                    ceiling = two[1] / max(two[2], two[3] / 2, 1e-9)
                    summary.append(
                        f"share {share:.0%}, {label}: --jobs 2 / --jobs 1 wall "
                        f"{one[0] / two[0]:.2f}x; CPU of --jobs 2 = {two[1] / one[1]:.2f}x that "
                        f"of --jobs 1 (1.00: no work added), main process {two[2] / two[1]:.0%}"
                        f" of it: on two free cores --jobs 2 can reach "
                        f"{ceiling * one[1] / two[1]:.2f}x --jobs 1")
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
        print("\n".join(summary))
    finally:
        if old is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
