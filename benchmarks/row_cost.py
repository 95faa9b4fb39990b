"""The per-row fixed cost of batch screening, apart from matching distinct names: CPU time per
row to read the file, to screen its rows with every party name already matched (the name cache
answering, as for a repeated counterparty), and to pass rows and results between processes
(`--jobs N`), for the working tree and the previous code, in one run. Also the CPU time to
normalise a new distinct name (both readings, as a batch search does; `names/normalize_batch`).

A realistic payment file is generated (make_payments.py, 30% distinct counterparties by
default); its distinct names are matched first and left out of the timing. Each figure is
the best of `--repeat` passes, CPU time, measured in a fresh process per source tree.

    python benchmarks/row_cost.py                  # built-in lists and built-in + OFAC
    python benchmarks/row_cost.py --rows 50000 --rev none
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_throughput import csv_read_seconds, old_tree  # noqa: E402
from make_payments import OFAC, ROOT, generate  # noqa: E402

# run in a fresh process with PYTHONPATH = the source tree: per-row CPU µs as JSON
_MEASURE = r"""
import json, pickle, sys, time
from screening.batch import (BatchOptions, RowTask, ScreenerSpec, _chunks, _name_columns,
                             _party_names, open_source, screen_chunk)
path, repeat, lists = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
screener = ScreenerSpec(lists=tuple(lists)).build()

def best(f):
    out = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        f()
        out = min(out, time.process_time() - t)
    return out

def read():
    src, _ = open_source(path, BatchOptions())
    return list(src.rows())

rows = read()
n = len(rows)
src, cmap = open_source(path, BatchOptions())
got = {"read": best(read) / n * 1e6}
task = RowTask(cmap=cmap, as_of=None, fmt="csv", file_name="x.csv")
names = _party_names(rows, _name_columns(task, 1))
# normalising distinct names as a search of many does (both readings, parenthesised parts
# apart), names not seen before: the first half warms up, the rest in `repeat` parts, best kept
from screening.names.index import _variants
from screening.names.normalize import normalize_many
def normalise(part):
    for k in range(0, len(part), 4000):
        todo = list(dict.fromkeys(v for n in part[k:k + 4000] for v in _variants(n)))
        normalize_many([(v, p) for v in todo for p in (True, False)])
half = len(names) // 2
normalise(names[:half])
step = -(-(len(names) - half) // repeat)
parts = [names[k:k + step] for k in range(half, len(names), step)]
norm = float("inf")
for part in parts:
    t = time.process_time()
    normalise(part)
    norm = min(norm, (time.process_time() - t) / len(part))
known = dict(zip(names, screener.name_matches_many(names)))
matched = screener.with_known_names(known)
for fmt in ("csv", "jsonl"):
    task = RowTask(cmap=cmap, as_of=None, fmt=fmt, file_name="x.csv")
    got[f"screen {fmt}"] = best(lambda: [screen_chunk(matched, task, c)
                                         for c in _chunks(rows, 500)]) / n * 1e6
task = RowTask(cmap=cmap, as_of=None, fmt="csv", file_name="x.csv")
results = [screen_chunk(matched, task, c) for c in _chunks(rows, 2000)]
try:  # what --jobs N sends: the chunk's rows one way, its results the other
    from screening.rowpath import pack_rows, unpack_rows
except ImportError:  # the previous code: a tuple per row
    from screening.csvio import RawRow
    pack_rows = lambda c: [(r.row, r.line, r.fields, r.error, r.naive, r.last_line) for r in c]
    unpack_rows = lambda p: [RawRow(*t) for t in p]
chunks = list(_chunks(rows, 2000))
def ipc():
    for c, r in zip(chunks, results):
        unpack_rows(pickle.loads(pickle.dumps(pack_rows(c), protocol=pickle.HIGHEST_PROTOCOL)))
        pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
got["ipc (rows and results, --jobs N)"] = best(ipc) / n * 1e6
got["normalise"] = norm * 1e6
print(json.dumps(got))
"""


def measure(code: Path, path: Path, repeat: int, lists: list[str]) -> dict[str, float]:
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(repeat), *lists],
                         capture_output=True, text=True, check=True, env=env,
                         cwd=tempfile.gettempdir()).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--share", type=float, default=0.3, help="distinct-name share of the file")
    ap.add_argument("--rev", default="base",
                    help="previous code: a git revision, 'base' (merge base with main) or 'none'")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="screen-rowcost-"))
    old = None
    try:
        old = old_tree(args.rev, tmp)
        trees = {"new": ROOT} | ({"old": old} if old else {})
        path = tmp / "payments.csv"
        c = generate(path, args.rows, args.share, seed=args.seed)
        _, base_cpu = csv_read_seconds(path)
        bare = base_cpu / c["rows"] * 1e6
        print(f"{c['rows']:,} rows, {c['distinct']:,} distinct of {c['names']:,} names "
              f"({args.share:.0%} share), {c['list_names']:,} list names; bare csv read "
              f"{bare:.2f} µs per row (CPU)")
        setups = [("built-in lists", [])] + (
            [("built-in + OFAC", [str(OFAC)])] if OFAC.exists() else [])
        for label, lists in setups:
            got = {k: measure(code, path, args.repeat, lists) for k, code in trees.items()}
            norm = {k: g.pop("normalise") for k, g in got.items()}
            line = (f"\n{label}: normalising a new distinct name (both readings) "
                    f"{norm['new']:.2f} µs")
            if "old" in got:
                line += f", old {norm['old']:.2f} µs, old/new {norm['old'] / norm['new']:.2f}x"
            print(line + " (CPU)")
            print(f"{label}: CPU µs per row (names already matched)")
            for key in got["new"]:
                line = f"  {key:<32} new {got['new'][key]:7.2f}"
                if "old" in got:
                    line += (f"   old {got['old'][key]:7.2f}   old/new "
                             f"{got['old'][key] / got['new'][key]:5.2f}x")
                print(line)
            for k, g in got.items():
                total = g["read"] + g["screen csv"]
                print(f"  {k}: read + screen (csv) {total:.1f} µs per row = {total / bare:.1f}x "
                      f"the bare csv read")
    finally:
        if old is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
