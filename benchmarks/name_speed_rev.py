"""`name_speed.py --rev REV`: this code's name search against the code at REV, side by side.

Each tree runs in its own worker process (name_speed_worker.py, with that tree first on
PYTHONPATH), which builds its index; the same queries then go to both in turns, block by block
(alternating which goes first), so that both meet the same load. Each worker times its own
searches in thread CPU time, the first search of each query. Every query's results are compared.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from batch_throughput import old_tree
from name_speed import OFAC, ROOT, queries
from name_speed_worker import entities

WORKER = Path(__file__).resolve().parent / "name_speed_worker.py"


class Worker:
    """A worker process searching with the code of one tree."""

    def __init__(self, code: Path, setup: dict) -> None:
        env = dict(os.environ, PYTHONPATH=str(code))
        env.pop("SCREENING_PURE_PYTHON", None)
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env,
                                     cwd=tempfile.gettempdir())
        self.send(setup)

    def send(self, cmd: dict) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def answer(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit("a worker stopped (see its error above)")
        return json.loads(line)

    def close(self) -> None:
        self.send({"quit": True})
        self.proc.wait(timeout=60)


def _payment_names(rows: int, seed: int) -> list[str]:
    from make_payments import generate
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payments.csv"
        generate(path, rows, 1.0, seed=seed)
        with path.open(encoding="utf-8", newline="") as f:
            return list(dict.fromkeys(n for r in csv.DictReader(f) for n in (
                r["originator_name"], r["beneficiary_name"])))


def _figures(times: list[float]) -> tuple[float, float, float]:
    s = sorted(times)
    return statistics.median(s) * 1e3, s[int(len(s) * 0.99)] * 1e3, sum(s) / len(s) * 1e3


def _compare(label: str, workers: dict[str, Worker], qs: list[str], blocks: list[list[str]],
             kind: str) -> None:
    cpu: dict[str, list[float]] = {k: [] for k in workers}
    digests: dict[str, list[str]] = {k: [] for k in workers}
    for b, block in enumerate(blocks):
        order = list(workers) if b % 2 == 0 else list(reversed(workers))
        for name in order:
            workers[name].send({kind: block})
            got = workers[name].answer()
            if kind == "search":
                cpu[name] += got["cpu"]
            else:
                cpu[name].append(got["cpu"])
            digests[name] += got["digest"]
    differ = sum(a != b for a, b in zip(digests["new"], digests["old"], strict=True))
    same = (f"results identical for all {len(qs):,} queries" if not differ
            else f"RESULTS DIFFER for {differ:,} of {len(qs):,} queries")
    if kind == "search":
        (nm, n99, nmean), (om, o99, omean) = _figures(cpu["new"]), _figures(cpu["old"])
        print(f"  {label}: search CPU time, first search of each query: new median {nm:.3f} ms, "
              f"p99 {n99:.3f} ms, mean {nmean:.3f} ms; old median {om:.3f} ms, p99 {o99:.3f} ms,"
              f" mean {omean:.3f} ms (old / new: median {om / nm:.2f}x, p99 {o99 / n99:.2f}x, "
              f"mean {omean / nmean:.2f}x); {same}")
    else:
        n, o = sum(cpu["new"]) / len(qs) * 1e6, sum(cpu["old"]) / len(qs) * 1e6
        print(f"  {label}: search_many in blocks of {len(blocks[0]):,}: new {n:.1f} µs CPU per "
              f"name, old {o:.1f} µs (old / new {o / n:.2f}x); {same}")


def against_rev(args: argparse.Namespace) -> None:
    """Print this code's search figures beside those of the code at `args.rev`."""
    print(f"name search, this tree against {args.rev}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    tmp = Path(tempfile.mkdtemp(prefix="name-speed-"))
    old = None
    try:
        old = old_tree(args.rev, tmp)
        ofac = str(OFAC) if OFAC.exists() else ""
        sizes = [0] + ([args.synthetic] if args.synthetic else [])
        for n_syn in sizes:
            setup = {"ofac": ofac, "synthetic": n_syn, "seed": args.seed}
            workers = {"new": Worker(ROOT, setup), "old": Worker(old, setup)}
            info = {k: w.answer() for k, w in workers.items()}
            label = f"{info['new']['names']:,} names" + (" (synthetic)" if n_syn else "")
            for k in ("new", "old"):
                i = info[k]
                print(f"  {label}, {k}: build CPU {i['build']:.2f} s, first search (tables) "
                      f"{i['warm']:.2f} s, peak RSS {i['rss_mib']:.0f} MiB (index "
                      f"+{i['index_rss_mib']:.0f} MiB)")
            names = [n.value for e in entities(ofac, n_syn, args.seed) for n in e.names]
            qs = queries(random.Random(args.seed), names, args.queries)
            _compare(label, workers, qs, [qs[k:k + 100] for k in range(0, len(qs), 100)],
                     "search")
            if args.payments and not n_syn:
                pay = _payment_names(args.payments, args.seed)
                _compare(f"{len(pay):,} distinct names of a {args.payments:,}-row payment file",
                         workers, pay, [pay[k:k + 1000] for k in range(0, len(pay), 1000)],
                         "many")
            for w in workers.values():
                w.close()
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        if old is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False)
        shutil.rmtree(tmp, ignore_errors=True)
