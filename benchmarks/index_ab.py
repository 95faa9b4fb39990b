"""A/B of the name index: a git revision's `screening/names/index.py` against the working tree's.

Whole-run timings of identical code differ by up to 20% on a shared machine, so both indexes are
built in one process and each query is searched by both in turn (alternating which goes first),
on its first search. Prints median and tail CPU time per search for each, and how many queries
give different results (with --show, which ones).

    python benchmarks/index_ab.py                 # HEAD against the working tree
    python benchmarks/index_ab.py --rev HEAD~3 --seed 2027 --show
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import screening.names.index as current
from screening.lists import builtin_lists, load_list
from screening.names import REVIEW_THRESHOLD

sys.path.insert(0, str(Path(__file__).resolve().parent))
from name_speed import OFAC, ROOT, queries  # noqa: E402


def _old_module(rev: str):
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:screening/names/index.py"],
                         capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "index_old.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("index_old", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["index_old"] = module
    spec.loader.exec_module(module)
    return module


def _figures(times: list[float]) -> str:
    s = sorted(times)
    return (f"median {statistics.median(s) * 1e3:.3f} ms, p99 {s[int(len(s) * .99)] * 1e3:.3f} ms,"
            f" p99.5 {s[int(len(s) * .995)] * 1e3:.3f} ms, mean {sum(s) / len(s) * 1e3:.3f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=3000)
    ap.add_argument("--show", action="store_true", help="print the queries whose results differ")
    args = ap.parse_args()
    entities = [e for wl in builtin_lists() for e in wl.entities]
    if OFAC.exists():
        entities += list(load_list(OFAC).entities)
    old = _old_module(args.rev).NameIndex.build(entities)
    new = current.NameIndex.build(entities)
    qs = queries(random.Random(args.seed), [n.value for e in entities for n in e.names],
                 args.queries)
    old.search("warm up")
    new.search("warm up")
    times: dict[bool, list[float]] = {True: [], False: []}
    differ = []
    for k, q in enumerate(qs):
        results = {}
        for is_new in ((True, False) if k % 2 else (False, True)):
            index = new if is_new else old
            t = time.thread_time()
            found = index.search(q, limit=10, min_score=REVIEW_THRESHOLD)
            times[is_new].append(time.thread_time() - t)
            results[is_new] = [(m.entity.id, m.score) for m in found]
        if results[True] != results[False]:
            differ.append((q, results[False], results[True]))
    print(f"{args.rev}: {_figures(times[False])}")
    print(f"working tree: {_figures(times[True])}")
    print(f"queries with different results: {len(differ)} of {len(qs)}")
    if args.show:
        for q, a, b in differ:
            print(f"  {q!r}\n    {args.rev}: {a}\n    working tree: {b}")


if __name__ == "__main__":
    main()
