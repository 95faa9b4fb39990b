"""CPU cost of the English readings of kanji organisation names (`kanji_orgs`), in one run.

    python benchmarks/kanji_cost.py [--rounds N]

Loads the OFAC bench list and the built-in lists, builds `NameIndex`, and searches every query
of every case set (tests/cases/**/*.csv, deduplicated) with `NameIndex.search_many`, with the
readings on and with them off (`kanji_orgs.english_readings` returning nothing), alternating,
`--rounds` times each (the readings' own cache cleared before each round). Prints the process
CPU time of each way (best round), their ratio, and how many queries get readings.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.lists import builtin_lists, load_list  # noqa: E402
from screening.names import REVIEW_THRESHOLD, NameIndex, index, kanji_orgs  # noqa: E402

OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"


def queries() -> list[str]:
    out: dict[str, None] = {}
    for path in sorted((ROOT / "tests" / "cases").rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("query"):
                    out[row["query"]] = None
    return list(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    entities = list(load_list(OFAC).entities) + [e for b in builtin_lists() for e in b.entities]
    idx = NameIndex.build(entities)
    names = queries()
    real = kanji_orgs.english_readings
    read = sum(1 for n in names if real(n))
    best = {"with readings": float("inf"), "without": float("inf")}
    for _ in range(a.rounds):
        for way in best:
            real.cache_clear()
            index.kanji_orgs.english_readings = (  # type: ignore[method-assign]
                real if way == "with readings" else (lambda name: ()))
            t = time.process_time()
            idx.search_many(names, limit=10, min_score=REVIEW_THRESHOLD)
            best[way] = min(best[way], time.process_time() - t)
    index.kanji_orgs.english_readings = real  # type: ignore[method-assign]
    print(f"{len(names)} distinct case queries, {read} with English readings "
          f"(at most {kanji_orgs.MAX_READINGS} each)")
    for way, cpu in best.items():
        print(f"  {way:14s} CPU {cpu:7.2f} s  ({1000 * cpu / len(names):.3f} ms/query)")
    print(f"  ratio with/without: {best['with readings'] / best['without']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
