"""Name normalisation cost per distinct name: `normalize_many` on the distinct counterparty names
of a realistic payment file, for the working tree and the code at `--rev`, in one run.

The names come from make_payments.py (every name distinct: about 50 locales and scripts, 30%
SWIFT-style upper case, 2% list names). They are normalised as batch screening normalises them
(`NameIndex.search_many`): each name's search variants, both readings (person, organisation),
in blocks of 1,000 names, in a fresh process that starts with no word cached (as a `screen`
run does; the tables are loaded, unidecode's script tables and the kanji reader warmed before
the clock starts). Each tree runs in turns with the other (A/B/A/B: the machine is shared), and
the CPU time per distinct name of each run is printed, with the best and the median.

`--pure` also runs the working tree's pure-Python path (SCREENING_PURE_PYTHON=1).

    python benchmarks/normalize_speed.py --rev 25a43ef
    python benchmarks/normalize_speed.py --rows 5000 --repeat 5 --rev none --pure
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_throughput import old_tree  # noqa: E402
from make_payments import ROOT, generate  # noqa: E402

# in a fresh process: CPU microseconds per distinct name of normalising the file's names
_MEASURE = """
import csv, sys, time
from screening.names.index import _variants
from screening.names.normalize import load_scripts, normalize_many
names = []
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        names += [row["originator_name"], row["beneficiary_name"]]
names = list(dict.fromkeys(names))
blocks = []
for i in range(0, len(names), 1000):
    todo = list(dict.fromkeys(v for n in names[i:i + 1000] for v in _variants(n)))
    blocks.append([(v, p) for v in todo for p in (True, False)])
load_scripts()
normalize_many([("Ivan Petrov", True), ("OOO Romashka", False), ("山田 太郎", None),
                ("株式会社山田", None), ("ゲンナジー", None)])
start = time.process_time()
for block in blocks:
    normalize_many(block)
print(len(names), (time.process_time() - start) * 1e6 / len(names))
"""


def measure(code: Path, path: Path, pure: bool = False) -> tuple[int, float]:
    """(distinct names, CPU µs per name) of one fresh run of the tree `code`."""
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    if pure:
        env["SCREENING_PURE_PYTHON"] = "1"
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True,
                         text=True, check=True, env=env, cwd=tempfile.gettempdir()).stdout
    n, us = out.split()
    return int(n), float(us)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000, help="payment rows (two names each)")
    ap.add_argument("--rev", default="base",
                    help="previous code: a git revision, 'base' (merge base with main) or 'none'")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each tree, in turns")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pure", action="store_true", help="also the pure-Python path")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="normalize-bench-"))
    old = None
    try:
        old = old_tree(args.rev, tmp)
        path = tmp / "payments.csv"
        c = generate(path, args.rows, 1.0, seed=args.seed)
        print(f"{c['distinct']:,} distinct names of {c['names']:,} ({c['rows']:,} rows); load "
              f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        runs = {"new": (ROOT, False)} | ({"new, pure Python": (ROOT, True)} if args.pure else {})
        runs |= {f"old ({args.rev})": (old, False)} if old else {}
        got: dict[str, list[float]] = {label: [] for label in runs}
        for r in range(args.repeat):
            for label, (code, pure) in runs.items():
                n, us = measure(code, path, pure)
                got[label].append(us)
                print(f"run {r + 1}: {label:<20} {us:6.1f} µs CPU per distinct name ({n:,})")
        print(f"load average {os.getloadavg()[0]:.1f}")
        for label, us in got.items():
            print(f"{label:<20} best {min(us):6.1f}, median {statistics.median(us):6.1f} µs CPU "
                  f"per distinct name")
        if old:
            new_best, old_best = min(got["new"]), min(got[f"old ({args.rev})"])
            print(f"old / new (best): {old_best / new_best:.2f}x")
    finally:
        if old is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
