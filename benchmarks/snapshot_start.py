"""Start-up: a Screener on the built-in lists + the OFAC SDN set, from the source files and
from a compiled snapshot, in the same run (best of N, each in a fresh process so no cache or
import is shared), wall clock and CPU time, with and without the package import; then the
CLI's `screen name "X" --list OFAC_DIR` end to end, with its snapshot cache warm and with the
cache off (parsing the list files).

    python benchmarks/snapshot_start.py [OFAC_DIR] [--repeat N] [--baseline SRC_DIR]

OFAC_DIR defaults to ../shared/data/ofac/bench (8,977 SDNs). `--baseline` adds the same rows
for another source tree of the package (e.g. a `git worktree` of an earlier commit), run
interleaved with this one, for before/after figures from one run (its package data folders
`screening/builtin_lists` and `screening/builtin_rules` are linked to its `lists/` and `rules/`
when missing, as an installed package has them):

    git archive COMMIT | tar -x -C /tmp/base
    python benchmarks/snapshot_start.py --baseline /tmp/base
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ofac" / "bench"

# a baseline: the package from the tree named by SCREENING_BENCH_TREE, not the installed one
PRELUDE = """
import os, sys
if os.environ.get("SCREENING_BENCH_TREE"):
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in str(f)]
    sys.path.insert(0, os.environ["SCREENING_BENCH_TREE"])
"""

CHILD = PRELUDE + """
import sys, time
t0, c0 = time.perf_counter(), time.process_time()
from screening.engine import Screener
t1, c1 = time.perf_counter(), time.process_time()
s = Screener.load([sys.argv[1]])
t2, c2 = time.perf_counter(), time.process_time()
s.search("Bank Rossiya")
t3, c3 = time.perf_counter(), time.process_time()
print(t1 - t0, c1 - c0, t2 - t1, c2 - c1, t3 - t2, c3 - c2)
"""

COMPILE = PRELUDE + """
import sys
from screening.compiled import compile_snapshot
compile_snapshot([sys.argv[1]], sys.argv[2])
"""


def env_for(code: Path, tmp: Path, cache: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCREENING", "PYTHON"))}
    if code != ROOT:
        env["SCREENING_BENCH_TREE"] = str(code)
    env["XDG_CACHE_HOME"] = str(tmp / code.name / "cache")
    env["SCREENING_SNAPSHOT_KEY"] = str(tmp / code.name / "key")
    if not cache:
        env["SCREENING_CACHE"] = "0"
    return env


def run(args: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """(stdout, wall, CPU of the child) for one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1):  # `screen name` exits 1 on a match
        sys.exit(f"{' '.join(args[:3])}... failed:\n{out.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out.stdout, wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ofac", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline", type=Path, help="another source tree of the package")
    args = ap.parse_args()
    if not args.ofac.exists():
        sys.exit(f"{args.ofac}: not found (the shared OFAC data set is needed)")
    trees = [("this tree", ROOT)] + ([("baseline", args.baseline.resolve())]
                                     if args.baseline else [])
    if args.baseline:
        for name, folder in (("builtin_lists", "lists"), ("builtin_rules", "rules")):
            link = args.baseline / "screening" / name
            if not link.exists():
                link.symlink_to(Path("..") / folder)
    py = sys.executable
    cli = [py, "-c", PRELUDE + "from screening.cli import main; sys.exit(main())"]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        rows: dict[tuple[str, str], list[list[float]]] = {}
        snaps = {}
        for label, code in trees:
            snaps[label] = tmp / f"{code.name}.snap"
            _, wall, _ = run([py, "-c", COMPILE, str(args.ofac), str(snaps[label])],
                             env_for(code, tmp, False))
            size = snaps[label].stat().st_size
            print(f"{label}: compiled {size / 1e6:.1f} MB in {wall:.2f} s ({code})")
            run([*cli, "name", "Bank Rossiya", "--list", str(args.ofac)],
                env_for(code, tmp, True))  # warms the CLI cache
        for _ in range(args.repeat):  # interleaved, so machine noise hits all alike
            for label, code in trees:
                for how, path in (("source", args.ofac), ("snapshot", snaps[label])):
                    out, _, _ = run([py, "-c", CHILD, str(path)], env_for(code, tmp, False))
                    rows.setdefault((label, how), []).append([float(x) for x in out.split()])
                for how, cache in (("cli source", False), ("cli cached", True)):
                    _, wall, cpu = run([*cli, "name", "Bank Rossiya", "--list",
                                        str(args.ofac)], env_for(code, tmp, cache))
                    rows.setdefault((label, how), []).append([wall, cpu])
    best = {k: [min(col) for col in zip(*v, strict=True)] for k, v in rows.items()}
    print(f"\nbuilt-in lists + OFAC ({args.ofac}), best of {args.repeat} fresh processes, "
          "seconds wall / CPU (CPU is steadier on a shared machine):")
    print(f"{'':28s} {'import':>13s} {'Screener.load':>15s} {'import+load':>13s} "
          f"{'1st search':>12s}")
    for label, _ in trees:
        for how in ("source", "snapshot"):
            iw, ic, lw, lc, sw, sc = best[(label, how)]
            print(f"{label + ', from ' + how:28s} {iw:6.3f}/{ic:6.3f} {lw:7.3f}/{lc:7.3f} "
                  f"{iw + lw:6.3f}/{ic + lc:6.3f} {sw:6.3f}/{sc:5.3f}")
        s, n = best[(label, "source")], best[(label, "snapshot")]
        print(f"{'':28s} load {s[2] / n[2]:.1f}x wall, {s[3] / n[3]:.1f}x CPU less from the "
              f"snapshot; import+load {(s[0] + s[2]) / (n[0] + n[2]):.1f}x / "
              f"{(s[1] + s[3]) / (n[1] + n[3]):.1f}x")
    print('\nCLI `screen name "Bank Rossiya" --list OFAC_DIR`, whole process, wall / CPU:')
    for label, _ in trees:
        (sw, sc), (cw, cc) = best[(label, "cli source")], best[(label, "cli cached")]
        print(f"{label:12s} cache off {sw:6.3f}/{sc:6.3f}   cache warm {cw:6.3f}/{cc:6.3f}   "
              f"({sw / cw:.1f}x / {sc / cc:.1f}x)")
    if args.baseline:
        a, b = best[("this tree", "snapshot")], best[("baseline", "snapshot")]
        print(f"\nfrom the snapshot, this tree vs baseline: load {b[3] / a[3]:.1f}x less CPU, "
              f"import+load {(b[1] + b[3]) / (a[1] + a[3]):.1f}x; CLI cached "
              f"{best[('baseline', 'cli cached')][1] / best[('this tree', 'cli cached')][1]:.1f}x")


if __name__ == "__main__":
    main()
