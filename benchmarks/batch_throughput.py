"""Batch throughput of `screen FILE` on realistic payment files, each distinct-name share apart,
beside a bare csv read of the same file and the previous code, in one run.

For each share of distinct counterparty names (default 100% and 30%; see make_payments.py:
names from about 50 locales and scripts, 30% SWIFT-style upper case, 2% list names), a file of
`--rows` rows is generated and screened with the built-in lists plus the OFAC SDN set (when
../shared/data/ofac/bench is present) by:

- the working tree's `screen`, with --jobs 1 and --jobs 2;
- the code at `--rev` (default: the merge base with main, checked out in a temporary git
  worktree), the same way, interleaved with the working tree's runs (the machine is shared:
  only ratios measured side by side mean much).

Printed per run: rows/s after start-up (the time to load the lists, measured on an empty file,
is subtracted; it is printed too), the ratio of that time to a bare `csv.reader` pass over the
file, peak RSS of the largest process (`screen` or one worker), the CPU time after start-up (all
processes: on a loaded machine, rows per CPU-second is the steadier figure, and --jobs 2 costing
no more CPU than --jobs 1 is what lets it scale on free cores), and the speed-up of the working
tree over `--rev`. At the end, the --jobs 2 / --jobs 1 ratio per share.

    python benchmarks/batch_throughput.py                       # 20,000 rows per share
    python benchmarks/batch_throughput.py --rows 100000 --shares 0.3 --rev none
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_payments import HEADER, OFAC, ROOT, generate  # noqa: E402

_MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(rc, time.perf_counter() - t, u.ru_maxrss, u.ru_utime + u.ru_stime)")
_SCREEN = "import sys; from screening.cli import main; sys.exit(main())"


def csv_read_seconds(path: Path, rounds: int = 3) -> float:
    """Best of `rounds` plain `csv.reader` passes over the file."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        with path.open(newline="", encoding="utf-8") as f:
            for _ in csv.reader(f):
                pass
        best = min(best, time.perf_counter() - start)
    return best


def run_screen(code: Path, args: list[str]) -> tuple[int, float, int, float]:
    """(exit code, wall seconds, peak RSS in KiB of screen or a worker, CPU seconds of screen
    and its workers) of `screen ARGS` run from the source tree `code`, in a fresh process so
    RUSAGE_CHILDREN covers this run only."""
    cmd = [sys.executable, "-c", _MEASURE, sys.executable, "-c", _SCREEN, *args]
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env,
                         cwd=tempfile.gettempdir()).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]), float(out[3])


def old_tree(rev: str, tmp: Path) -> Path | None:
    if rev == "none":
        return None
    if rev == "base":
        rev = subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
                             capture_output=True, text=True, check=True).stdout.strip()
    path = tmp / "old"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev],
                   check=True)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--shares", default="1.0,0.3", help="distinct-name shares, comma-separated")
    ap.add_argument("--rev", default="base",
                    help="previous code: a git revision, 'base' (merge base with main) or 'none'")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    lists = ["--list", str(OFAC)] if OFAC.exists() else []
    print(f"lists: built-in{' + OFAC ' + str(OFAC) if lists else ' only (no OFAC set found)'}")
    tmp = Path(tempfile.mkdtemp(prefix="screen-bench-"))
    old = None
    try:
        old = old_tree(args.rev, tmp)
        trees = {"new": ROOT} | ({"old": old} if old else {})
        empty = tmp / "empty.csv"
        empty.write_text(",".join(HEADER) + "\n")
        startup: dict[str, tuple[float, float]] = {}
        for label, code in trees.items():
            _, secs, kb, cpu = run_screen(code, [str(empty), "-q", *lists])
            startup[label] = secs, cpu
            print(f"start-up ({label}): {secs:.2f} s, CPU {cpu:.2f} s, peak {kb / 1024:.0f} MiB")
        jobs_list = [int(j) for j in args.jobs.split(",")]
        summary = []
        for share in (float(s) for s in args.shares.split(",")):
            path = tmp / f"payments-{share:g}.csv"
            c = generate(path, args.rows, share, seed=args.seed)
            base = csv_read_seconds(path)
            print(f"\n== distinct share {share:.0%}: {c['rows']:,} rows, {c['distinct']:,} "
                  f"distinct of {c['names']:,} names, {c['list_names']:,} list names; "
                  f"bare csv read {base:.3f} s = {c['rows'] / base:,.0f} rows/s")
            rates: dict[tuple[str, int], float] = {}
            for k, jobs in enumerate(jobs_list):
                order = list(trees) if k % 2 == 0 else list(reversed(trees))
                for label in order:
                    rc, secs, kb, cpu = run_screen(
                        trees[label], [str(path), "-q", "--jobs", str(jobs), *lists])
                    work = max(secs - startup[label][0], 1e-9)
                    work_cpu = max(cpu - startup[label][1], 1e-9)
                    rate = c["rows"] / work
                    rates[label, jobs] = rate
                    print(f"  {label} --jobs {jobs}: {rate:>9,.0f} rows/s after start-up "
                          f"({work:.2f} s + {startup[label][0]:.2f} s start-up; {work / base:.0f}x"
                          f" the csv read)  peak {kb / 1024:.0f} MiB  CPU after start-up "
                          f"{work_cpu:.2f} s = {c['rows'] / work_cpu:,.0f} rows per CPU-second, "
                          f"{work_cpu / c['rows'] * 1e6:.0f} µs per row  exit {rc}")
                if ("old", jobs) in rates:
                    print(f"  --jobs {jobs}: new / old = "
                          f"{rates['new', jobs] / rates['old', jobs]:.2f}x")
            if ("new", 1) in rates and ("new", 2) in rates:
                line = (f"share {share:.0%}: --jobs 2 / --jobs 1 = "
                        f"{rates['new', 2] / rates['new', 1]:.2f}x (new)")
                if ("old", 2) in rates:
                    line += f", {rates['old', 2] / rates['old', 1]:.2f}x (old)"
                summary.append(line)
        print()
        print("\n".join(summary))
    finally:
        if old is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
