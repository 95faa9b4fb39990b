"""Lookback vs a full re-screen, in one run, on two real OFAC snapshots (the day before and
after the 24 Feb 2022 Russia designations by default).

    python benchmarks/lookback.py [--rows N] [--old DATE] [--new DATE]

A payments file of N rows is generated (seeded): mostly names that are on neither version
(common given names, common and invented surnames, invented company names), 3% names of
unchanged entries and 0.5% names of changed ones. Both runs start from the list files (no
snapshot cache), so each pays its list loading; lookback also loads the old version.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HISTORY = ROOT.parent / "shared" / "data" / "ofac" / "history"
GIVEN = ["John", "Maria", "Ahmed", "Li", "Olga", "Pierre", "Hans", "Yuki", "Carlos", "Anna",
         "Ivan", "Fatima", "Peter", "Elena", "David", "Sara", "Mohammed", "Chen", "Jose", "Ewa"]
SURNAMES = ["Smith", "Garcia", "Mueller", "Rossi", "Tanaka", "Nowak", "Dubois", "Silva",
            "Jensen", "Kowalski", "Novak", "Haddad", "Schmidt", "Martin", "Lopez", "Wong",
            "Petersen", "Costa", "Meyer", "Horvat"]
WORDS = ["Global", "Trading", "Logistics", "Consulting", "Foods", "Textiles", "Energy",
         "Solutions", "Partners", "Marine", "Metals", "Pharma", "Systems", "Agro", "Digital"]
FORMS = ["Ltd", "GmbH", "SARL", "Inc", "BV", "AB", "SpA", "Oy", "LLC", "Pty Ltd"]


def _surname(rnd: random.Random) -> str:
    """An invented surname, so most payees are distinct (as in real payment files)."""
    syl = ["ka", "ro", "mi", "len", "dor", "sa", "vi", "ton", "ber", "la", "mo", "ni", "gu",
           "ste", "ha", "wan", "pe", "li", "ko", "an"]
    return "".join(rnd.choice(syl) for _ in range(rnd.choice([2, 3]))).capitalize()


def make_file(path: Path, n: int, old_path: Path, new_path: Path) -> None:
    from screening.lists import load_list
    from screening.lists.diff import diff_lists

    new = load_list(new_path)
    d = diff_lists(load_list(old_path), new)
    changed = [e.new or e.old for e in d.entries]
    unchanged = [e for e in new.entities if e.id not in {c.id for c in changed}]
    rnd = random.Random(1)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "date", "amount", "currency", "originator_name", "beneficiary_name"])
        for i in range(n):
            x = rnd.random()
            if x < 0.005:
                name = rnd.choice(changed).names[0].value
            elif x < 0.035:
                name = rnd.choice(unchanged).names[0].value
            elif x < 0.6:
                name = f"{rnd.choice(GIVEN)} {rnd.choice(SURNAMES + [_surname(rnd)])}"
            else:
                name = f"{_surname(rnd)} {rnd.choice(WORDS)} {rnd.choice(FORMS)}"
            w.writerow([f"P{i}", "2022-03-01", "100.00", "EUR", "Acme Corp Ltd", name])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--old", default="2022-02-23")
    ap.add_argument("--new", default="2022-02-25")
    args = ap.parse_args()
    old_p, new_p = HISTORY / f"sdn-{args.old}.csv", HISTORY / f"sdn-{args.new}.csv"
    if not (old_p.exists() and new_p.exists()):
        sys.exit(f"{HISTORY}: OFAC history snapshots not found")
    os.environ["SCREENING_CACHE"] = "0"
    from screening.batch import BatchOptions, ScreenerSpec, run_batch
    from screening.lists import load_list
    from screening.lookback import run_lookback

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payments.csv"
        make_file(path, args.rows, old_p, new_p)
        spec = ScreenerSpec(lists=(str(new_p),))

        t0 = time.perf_counter()
        screener = spec.build()
        t1 = time.perf_counter()
        summary = run_batch(path, io.StringIO(), screener, spec, BatchOptions())
        t2 = time.perf_counter()
        rows, lb = run_lookback(path, load_list(old_p), spec, BatchOptions())
        t3 = time.perf_counter()
        changed = sum(1 for _ in rows)
        t4 = time.perf_counter()
        # the same two runs with both versions' snapshots in the cache (as after a run on OLD
        # and `screen lists compile` or a first run on NEW): the lists phase shrinks
        os.environ["SCREENING_CACHE"], os.environ["XDG_CACHE_HOME"] = "1", tmp
        from dataclasses import replace

        from screening.compiled import cached_spec

        new_c, old_c = cached_spec(spec), cached_spec(replace(spec, lists=(str(old_p),)))
        w0 = time.perf_counter()
        warm = new_c.build()
        run_batch(path, io.StringIO(), warm, new_c, BatchOptions())
        w1 = time.perf_counter()
        rows, _ = run_lookback(path, lambda: load_list(old_p), new_c, BatchOptions(),
                               old_spec=old_c)
        sum(1 for _ in rows)
        w2 = time.perf_counter()
    full, look = t2 - t0, t4 - t2
    print(f"{args.rows:,} payment rows, OFAC {args.old} -> {args.new} "
          f"({lb.diff_counts['added']} added, {lb.diff_counts['removed']} removed, "
          f"{lb.diff_counts['changed']} changed)")
    print(f"  full re-screen : {full:6.2f} s (lists {t1 - t0:.2f} s + rows {t2 - t1:.2f} s); "
          f"{summary.counts.get('REVIEW', 0) + summary.counts.get('BLOCK', 0):,} rows with hits")
    print(f"  lookback       : {look:6.2f} s (lists, both versions, "
          f"{t3 - t2:.2f} s + rows {t4 - t3:.2f} s); re-screened {lb.rescreened:,}, skipped "
          f"{lb.skipped:,}, reported {changed:,} (newly hit {lb.newly_hit:,}, hits gone "
          f"{lb.hits_gone:,})")
    print(f"  rows phase {(t2 - t1) / max(t4 - t3, 1e-9):.1f}x faster; whole run "
          f"{full / max(look, 1e-9):.1f}x faster")
    print(f"  with both versions compiled (snapshot cache): full re-screen {w1 - w0:.2f} s, "
          f"lookback {w2 - w1:.2f} s ({(w1 - w0) / max(w2 - w1, 1e-9):.1f}x faster)")


if __name__ == "__main__":
    main()
