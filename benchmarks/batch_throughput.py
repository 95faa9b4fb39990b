"""Batch throughput of `screen FILE`: rows/s with --jobs 1 and 2, peak memory, and flat memory.

Generates a payments CSV (mostly clean names from a pool, as real payment files repeat their
counterparties, about 1% sanctioned names, some with a sanctioned BIC), then runs the real
`screen` command on it with the built-in lists plus the OFAC SDN set (when present), and prints:

- the time Python's csv module takes just to read the file (the floor any CSV tool pays),
- rows/s with --jobs 1 and --jobs 2 (target: >= 20,000 rows/s on 2 cores), and the ratio to
  the csv-read baseline,
- peak resident memory (RUSAGE_CHILDREN maxrss: the largest single process, i.e. `screen` or
  one worker) of each run, and at a quarter of the rows, to show memory does not grow with the
  file.

Quick run (default, about a minute):   python benchmarks/batch_throughput.py
Full run (1,000,000 rows):             python benchmarks/batch_throughput.py --rows 1000000
Screening time includes loading the lists (a few seconds with OFAC), reported separately.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"
HEADER = ["id", "date", "amount", "currency", "originator_name", "originator_country",
          "originator_bic", "beneficiary_name", "beneficiary_country", "beneficiary_bic",
          "intermediary_bic", "purpose"]
GIVEN = ["Hiroshi", "Yuki", "Kenji", "Aiko", "Maria", "John", "Anna", "Peter", "Olga", "Lars",
         "Sofia", "Ahmed", "Chen", "Priya", "Carlos", "Emma", "Noah", "Lucas", "Mia", "Ivan"]
FAMILY = ["Tanaka", "Suzuki", "Sato", "Watanabe", "Smith", "Garcia", "Muller", "Rossi",
          "Nielsen", "Kowalski", "Novak", "Silva", "Wang", "Kumar", "Jensen", "Dubois",
          "Schmidt", "Lopez", "Andersen", "Moreau"]
FIRM = ["Trading", "Electronics", "Logistics", "Foods", "Machinery", "Textiles", "Pharma",
        "Shipping", "Consulting", "Chemicals", "Software", "Metals"]
FORM = ["Co Ltd", "GmbH", "SA", "Inc", "KK", "AB", "BV", "LLC", "plc", "SpA"]
BICS = ["MHCBJPJT", "BOTKJPJT", "SMBCJPJT", "DEUTDEFF", "BNPAFRPP", "CHASUS33", "HSBCGB2L",
        "NDEASESS", "UBSWCHZH", "INGBNL2A"]
SANCTIONED = [("VTB Bank", "VTBRRUMM"), ("Vladimir Putin", ""), ("Promsvyazbank", "PRMSRUMM"),
              ("Bank Rossiya", "ROSYRU2P"), ("Ramzan Kadyrov", ""), ("Alexander Lukashenko", ""),
              ("Novikombank", "CNOVRUMM"), ("Sovcombank", "SOMRRUM1KST")]


def name_pool(rng: random.Random, size: int) -> list[str]:
    """`size` distinct names (at most 2,800 can be made from the word lists)."""
    size = min(size, len(GIVEN) * len(FAMILY) + len(FAMILY) * len(FIRM) * len(FORM))
    pool: set[str] = set()
    while len(pool) < size:
        if rng.random() < 0.5:
            pool.add(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")
        else:
            pool.add(f"{rng.choice(FAMILY)} {rng.choice(FIRM)} {rng.choice(FORM)}")
    return sorted(pool)


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = name_pool(rng, 2000)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(1, rows + 1):
            orig = rng.choice(pool)
            ben, bic = rng.choice(pool), rng.choice(BICS)
            if rng.random() < 0.01:
                ben, sbic = rng.choice(SANCTIONED)
                bic = sbic or bic
            day = 1 + i % 28
            w.writerow([f"T{i:08d}", f"2022-04-{day:02d}", f"{rng.randint(1, 10**6)}.00",
                        rng.choice(["USD", "EUR", "JPY"]), orig, "JP", rng.choice(BICS), ben,
                        rng.choice(["DE", "FR", "US", "GB", "RU"]), bic, "", "invoice"])


def csv_read_seconds(path: Path) -> float:
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as f:
        for _ in csv.reader(f):
            pass
    return time.perf_counter() - start


_MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(rc, time.perf_counter() - t, u.ru_maxrss, u.ru_utime + u.ru_stime)")


def run_screen(args: list[str]) -> tuple[int, float, int, float]:
    """(exit code, wall seconds, peak RSS in KiB of screen or a worker, CPU seconds of screen and
    its workers), measured in a fresh process so RUSAGE_CHILDREN covers this run only."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]), float(out[3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    args = ap.parse_args()
    screen = shutil.which("screen", path=str(Path(sys.executable).parent)) or "screen"
    lists = ["--list", str(OFAC)] if OFAC.exists() else []
    if not lists:
        print(f"note: {OFAC} not found; built-in lists only")
    tmp = Path(tempfile.mkdtemp(prefix="screen-bench-"))
    try:
        big, small = tmp / "payments.csv", tmp / "payments-quarter.csv"
        t = time.perf_counter()
        generate(big, args.rows)
        generate(small, args.rows // 4)
        mb = big.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({mb:.0f} MB) in {time.perf_counter() - t:.1f} s")
        base = csv_read_seconds(big)
        print(f"csv module, read only:  {base:6.2f} s  {args.rows / base:>10,.0f} rows/s")
        empty = tmp / "empty.csv"
        empty.write_text(",".join(HEADER) + "\n")
        _, load_s, load_kb, _ = run_screen([screen, str(empty), "-q", *lists])
        print(f"start-up (load lists):  {load_s:6.2f} s  peak {load_kb / 1024:6.0f} MiB")
        peak = {}
        for jobs in (1, 2):
            rc, secs, kb, cpu = run_screen([screen, str(big), "-q", "--jobs", str(jobs), *lists])
            peak[jobs] = kb
            work = max(secs - load_s, 1e-9)
            print(f"screen --jobs {jobs}:        {secs:6.2f} s  {args.rows / secs:>10,.0f} rows/s"
                  f" ({args.rows / work:,.0f} rows/s after start-up; csv read is "
                  f"{base / secs:.0%} of the time)  peak {kb / 1024:.0f} MiB  "
                  f"CPU {cpu:.1f} s  exit {rc}")
        _, _, kb_small, _ = run_screen([screen, str(small), "-q", "--jobs", "1", *lists])
        kb_big = peak[1]
        print(f"memory, --jobs 1: {args.rows // 4:,} rows peak {kb_small / 1024:.0f} MiB; "
              f"{args.rows:,} rows peak {kb_big / 1024:.0f} MiB "
              f"(ratio {kb_big / kb_small:.2f} for 4x the rows)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
