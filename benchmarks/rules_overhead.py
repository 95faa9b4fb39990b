"""Overhead of rule evaluation over hits-only screening.

Generates payment and export records (a share of them naming listed parties by name or BIC,
the rest random names), parses them once, then times over the same records:

  hits    Screener.hits(record) for every record (name + identifier matching only)
  screen  Screener.screen(record) (hits + rule evaluation + result building)
  rules   RuleSet.evaluate(...) alone, on hits computed beforehand

and prints the overhead ratio screen / hits. Runs against the built-in lists, and against
the OFAC sdn-2019 set from the shared reference data when present (said so when absent).

    /work/venv/bin/python benchmarks/rules_overhead.py [--records 3000] [--ofac-records 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from screening.engine import Screener
from screening.lists import builtin_lists, load_list
from screening.models import WatchList
from screening.records import ExportRecord, PaymentRecord, Record
from screening.rules import builtin_rules

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FILLER = ["Sakura", "Trading", "Holdings", "Kogyo", "Shoji", "Global", "Pacific", "Metals",
          "Logistics", "Denki", "Tanaka", "Suzuki", "Nordic", "Alpine", "Textiles", "Foods"]
COUNTRIES = ["JP", "US", "DE", "RU", "BY", "CN", "KR", ""]
HS = ["8419.40", "8419.50", "8542.31", "8517.12", "6109.10", "0101.21", "8471.30", ""]


def _filler(rng: random.Random) -> str:
    return " ".join(rng.sample(FILLER, 3))


def make_records(lists: Sequence[WatchList], n: int, seed: int = 7) -> list[Record]:
    """`n` records, about a quarter naming a listed party (by name or BIC)."""
    rng = random.Random(seed)
    names = [e.primary_name for wl in lists for e in wl.entities]
    bics = [b for wl in lists for e in wl.entities for b in e.bics] or ["AAAAJPJT"]
    start = dt.date(2022, 2, 1)
    out: list[Record] = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(120))
        listed = rng.random() < 0.25
        if i % 3 == 2:
            out.append(ExportRecord(
                id=f"e{i}", date=day, exporter_name=_filler(rng),
                consignee_name=rng.choice(names) if listed else _filler(rng),
                destination_country=rng.choice(COUNTRIES) or None,
                hs_code=rng.choice(HS) or None))
        else:
            out.append(PaymentRecord(
                id=f"p{i}", date=day, originator_name=_filler(rng),
                beneficiary_name=rng.choice(names) if listed and rng.random() < 0.5
                else _filler(rng),
                beneficiary_country=rng.choice(COUNTRIES) or None,
                intermediary_bic=rng.choice(bics) if listed else None))
    return out


def best_of(fns: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """Best time of each function over `repeat` rounds; rounds interleave the functions so
    that load from other processes on the shared machine hits them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def run(label: str, lists: Sequence[WatchList], n: int, repeat: int) -> None:
    s = Screener(lists, builtin_rules())
    recs = make_records(lists, n)
    hits = [s.hits(r) for r in recs]  # warm-up, and input for the rules-only timing
    t_hits, t_screen, t_rules = best_of([
        lambda: [s.hits(r) for r in recs],
        lambda: [s.screen(r) for r in recs],
        lambda: [s.rules.evaluate(r, h, r.date, s.country_measures)
                 for r, h in zip(recs, hits, strict=True)],
    ], repeat)
    results = [s.screen(r) for r in recs]
    n_hits = sum(len(h) for h in hits)
    decisions = statistics.multimode([r.decision.value for r in results])
    counts = {d: sum(r.decision.value == d for r in results) for d in
              ("CLEAR", "REVIEW", "BLOCK", "ERROR")}
    print(f"\n[{label}] {n} records, {sum(len(w.entities) for w in lists)} entities, "
          f"{len(s.rules)} rules, {n_hits} hits; decisions {counts} (mode {decisions})")
    print(f"  hits only : {t_hits * 1e3:9.1f} ms  ({t_hits / n * 1e6:8.1f} us/record)")
    print(f"  screen    : {t_screen * 1e3:9.1f} ms  ({t_screen / n * 1e6:8.1f} us/record)")
    print(f"  rules only: {t_rules * 1e3:9.1f} ms  ({t_rules / n * 1e6:8.1f} us/record)")
    print(f"  overhead ratio screen/hits = {t_screen / t_hits:.3f}  "
          f"(rules alone = {t_rules / t_hits:.1%} of hits time)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=3000)
    ap.add_argument("--ofac-records", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    builtin = builtin_lists()
    run("built-in lists", builtin, args.records, args.repeat)
    ofac_dir = SHARED / "ofac" / "sdn-2019"
    if ofac_dir.exists():
        run("built-in + OFAC sdn-2019", [*builtin, load_list(ofac_dir)], args.ofac_records,
            args.repeat)
    else:
        print(f"\n[OFAC sdn-2019] skipped: {ofac_dir} absent")


if __name__ == "__main__":
    main()
