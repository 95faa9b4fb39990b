"""Import speed and memory of the list loaders on the official files in /work/shared/data.

Run: /work/venv/bin/python benchmarks/import_lists.py
Prints, per data set: entries, seconds, entries/s, the ratio to a bare parse of the same bytes
(csv.reader / ElementTree, measured in this run), and the peak Python memory of the load
(tracemalloc, a second run). Data sets that are absent are reported and skipped.
"""

from __future__ import annotations

import csv
import io
import resource
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from screening.lists import load_list, load_lists
from screening.models import WatchList

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HISTORY = [DATA / "ofac" / "history" / f"sdn-{d}.csv"
           for d in ("2022-02-23", "2022-02-25", "2022-03-30", "2022-03-31", "2024-05-03")]


def bare_csv(files: list[Path]) -> Callable[[], int]:
    def run() -> int:
        n = 0
        for f in files:
            n += sum(1 for _ in csv.reader(io.StringIO(f.read_bytes().decode("latin-1"))))
        return n
    return run


def bare_xml(path: Path) -> Callable[[], int]:
    return lambda: len(ET.parse(path).getroot())


CASES: list[tuple[str, list[Path], Callable[[], WatchList], Callable[[], int]]] = [
    ("OFAC sdn-2019 set", [DATA / "ofac" / "sdn-2019"],
     lambda: load_list(DATA / "ofac" / "sdn-2019"),
     bare_csv(sorted((DATA / "ofac" / "sdn-2019").glob("*.csv")))),
    ("OFAC bench set", [DATA / "ofac" / "bench"],
     lambda: load_list(DATA / "ofac" / "bench"),
     bare_csv(sorted((DATA / "ofac" / "bench").glob("*.csv")))),
    ("UN consolidated XML", [DATA / "un" / "consolidated-2026-02-27.xml"],
     lambda: load_list(DATA / "un" / "consolidated-2026-02-27.xml"),
     bare_xml(DATA / "un" / "consolidated-2026-02-27.xml")),
    ("OFAC history (5 snapshots)", HISTORY, lambda: load_lists(HISTORY)[0], bare_csv(HISTORY)),
]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> int:
    print(f"data: {DATA}")
    print(f"{'data set':28} {'entries':>8} {'load s':>7} {'entries/s':>10} {'x bare parse':>12} "
          f"{'peak MiB':>9}")
    for name, needed, load, bare in CASES:
        missing = [p for p in needed if not p.exists()]
        if missing:
            print(f"{name:28} skipped: {missing[0]} not present")
            continue
        bare_s, _ = timed(bare)
        load_s, wl = timed(load)
        assert isinstance(wl, WatchList)
        n = len(wl.entities)
        tracemalloc.start()
        load()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{name:28} {n:8,} {load_s:7.2f} {n / load_s:10,.0f} {load_s / bare_s:12.1f} "
              f"{peak / 2**20:9.1f}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {maxrss:.0f} MiB (Linux ru_maxrss, whole run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
