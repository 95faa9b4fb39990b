"""Name-matching accuracy on the labelled case set (tests/cases/), against a brute-force baseline.

    python benchmarks/accuracy.py [--limit N] [--ofac DIR] [--misses N] [--cases DIR]

Loads the OFAC benchmark list (shared/data/ofac/bench) and the built-in lists, builds
`NameIndex`, and runs every positive and negative of tests/cases/ through
`index.search(query, kind=None, limit=10, min_score=REVIEW_THRESHOLD)`:

- a positive is found when its expected entity is among the results: `ofac:<ent_num>` matches
  the OFAC entity with that id; `builtin:<name>` matches any entity having a name equal to the
  case's `list_name` (after unidecode, lowercase, punctuation removed);
- a negative is a false alert when any result scores at or above REVIEW_THRESHOLD.

The baseline in the same run: rapidfuzz `fuzz.token_sort_ratio` of the query against every list
name (unidecode + lowercase + punctuation removed on both sides), at 0.80, 0.85, 0.90 and at the
lowest threshold whose false-alert rate is no higher than the matcher's. Baseline recall counts a
positive as found when any name of the expected entity reaches the threshold (no top-10 cut).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from random import Random

from rapidfuzz import fuzz, process
from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
DEFAULT_OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"
sys.path.insert(0, str(ROOT))

from screening.lists import builtin_lists, load_list  # noqa: E402
from screening.models import Entity  # noqa: E402
from screening.names import BLOCK_THRESHOLD, REVIEW_THRESHOLD, NameIndex  # noqa: E402
from screening.names.evasion import INVISIBLE, LOOK_ALIKE  # noqa: E402


def norm(s: str) -> str:
    """Baseline processing: unidecode, lowercase, punctuation to spaces, single spaces."""
    s = unidecode(s).lower()
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", s).split())


def read_cases(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_all(folder: Path, which: str) -> list[dict[str, str]]:
    """`which`.csv and every `*_which.csv` of `folder` (ja_positives.csv, ...), each row
    tagged with its file."""
    rows = []
    for path in sorted(folder.glob(f"*{which}.csv")):
        if path.name == f"{which}.csv" or path.name.endswith(f"_{which}.csv"):
            for r in read_cases(path):
                r["file"] = path.stem
                rows.append(r)
    return rows


def load_entities(ofac_dir: Path) -> tuple[list[Entity], str]:
    ents: list[Entity] = []
    wl = load_list(ofac_dir)
    ents.extend(wl.entities)
    how = f"load_list({ofac_dir.name}): {len(wl.entities)} entities"
    blt = builtin_lists()
    ents.extend(e for b in blt for e in b.entities)
    how += f"; builtin_lists(): {sum(len(b.entities) for b in blt)} entities"
    return ents, how


class Expect:
    """Which entities count as the expected party of a positive case."""

    def __init__(self, entities: list[Entity]) -> None:
        self.by_ofac: dict[str, set[int]] = defaultdict(set)
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.pos: dict[int, int] = {}
        for i, e in enumerate(entities):
            self.pos[id(e)] = i
            if e.list_id.startswith("ofac"):
                self.by_ofac[e.id.split(":")[-1]].add(i)
            for n in e.names:
                self.by_name[norm(n.value)].add(i)

    def targets(self, ref: str, list_name: str) -> set[int]:
        src, _, key = ref.partition(":")
        if src == "ofac":
            return self.by_ofac.get(key, set())
        return self.by_name.get(norm(list_name), set())


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:6.2f}%" if b else "   n/a"


def table(title: str, groups: dict[str, list[bool]], header: str) -> None:
    print(f"\n{title}")
    print(f"  {'':24s} {'n':>5s}  {header}")
    for k in sorted(groups):
        v = groups[k]
        print(f"  {k:24s} {len(v):5d}  {pct(sum(v), len(v))}")


def sample(rows: list[dict[str, str]], n: int | None, seed: int) -> list[dict[str, str]]:
    if n is None or n >= len(rows):
        return rows
    idx = sorted(Random(seed).sample(range(len(rows)), n))
    return [rows[i] for i in idx]


def best_scores(queries: Iterable[str], choices: list[str]) -> list[float]:
    """Best token_sort_ratio (0..1) of each query over all choices (0 below 0.5)."""
    out = []
    for q in queries:
        hit = process.extractOne(q, choices, scorer=fuzz.token_sort_ratio, score_cutoff=50)
        out.append(hit[1] / 100.0 if hit else 0.0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="run N positives and N negatives")
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    ap.add_argument("--misses", type=int, default=30, help="misses to print per kind")
    ap.add_argument("--no-baseline", action="store_true", help="skip the brute-force baseline")
    ap.add_argument("--cases", type=Path, default=CASES,
                    help="case directory (e.g. a hold-out set: make_cases.py --seed N --out DIR)")
    a = ap.parse_args(argv)
    if not (a.ofac / "sdn.csv").exists():
        print(f"OFAC bench list not found at {a.ofac}: nothing to measure", file=sys.stderr)
        return 2
    pos = sample(read_all(a.cases, "positives"), a.limit, 1)
    neg = sample(read_all(a.cases, "negatives"), a.limit, 2)

    t0 = time.perf_counter()
    entities, how = load_entities(a.ofac)
    t1 = time.perf_counter()
    index = NameIndex.build(entities)
    t2 = time.perf_counter()
    print(f"lists: {how} ({t1 - t0:.2f} s); NameIndex.build: {t2 - t1:.2f} s, "
          f"{len(index)} names")
    print(f"cases: {len(pos)} positives, {len(neg)} negatives; REVIEW_THRESHOLD={REVIEW_THRESHOLD}")
    expect = Expect(entities)

    # -- matcher ------------------------------------------------------------------------------
    thr = REVIEW_THRESHOLD
    found_by_var: dict[str, list[bool]] = defaultdict(list)
    found_by_kind: dict[str, list[bool]] = defaultdict(list)
    by_file: dict[str, list[bool]] = defaultdict(list)
    block_by_file: dict[str, list[bool]] = defaultdict(list)
    flagged_by_file: dict[str, list[bool]] = defaultdict(list)
    misses: list[tuple[str, str]] = []
    t3 = time.perf_counter()
    for c in pos:
        targets = expect.targets(c["entity_ref"], c["list_name"])
        res = index.search(c["query"], kind=None, limit=10, min_score=thr)
        mine = [m for m in res if expect.pos[id(m.entity)] in targets]
        ok = bool(mine)
        found_by_var[c["variation"]].append(ok)
        found_by_kind[c["kind"]].append(ok)
        by_file[c["file"]].append(ok)
        block_by_file[c["file"]].append(ok and mine[0].score >= BLOCK_THRESHOLD)
        flagged_by_file[c["file"]].append(ok and (LOOK_ALIKE in mine[0].explanation
                                                  or INVISIBLE in mine[0].explanation))
        if not ok:
            allres = index.search(c["query"], kind=None, limit=50, min_score=0.0)
            mine = [m for m in allres if expect.pos[id(m.entity)] in targets]
            got = f"expected best {mine[0].score:.3f} ({mine[0].name!r})" if mine else \
                "expected not in top 50" if targets else "expected entity not on the lists"
            top = f"top {res[0].score:.3f} {res[0].name!r}" if res else "no result"
            misses.append((c["variation"], f"{c['query']!r} -> {c['list_name']!r} "
                                           f"[{c['entity_ref']}]: {got}; {top}"))
    t4 = time.perf_counter()
    fa_by_cat: dict[str, list[bool]] = defaultdict(list)
    fa_by_file: dict[str, list[bool]] = defaultdict(list)
    false_alerts: list[str] = []
    for c in neg:
        res = index.search(c["query"], kind=None, limit=10, min_score=thr)
        bad = any(m.score >= thr for m in res)
        fa_by_cat[c["category"]].append(bad)
        fa_by_file[c["file"]].append(bad)
        if bad:
            false_alerts.append(f"[{c['category']}] {c['query']!r} -> {res[0].name!r} "
                                f"({res[0].entity.id}) {res[0].score:.3f}: {res[0].explanation}")
    t5 = time.perf_counter()
    n_found = sum(sum(v) for v in found_by_var.values())
    n_fa = len(false_alerts)
    table("matcher recall by variation", found_by_var, "recall")
    table("matcher recall by kind", found_by_kind, "recall")
    table("matcher false alerts by category", fa_by_cat, "false alerts")
    print("\nby case file")
    for f in sorted(by_file):
        n = len(by_file[f])
        print(f"  {f:24s} {n:5d}  recall {pct(sum(by_file[f]), n)}   at BLOCK "
              f"{pct(sum(block_by_file[f]), n)}   found and flagged as look-alike/invisible "
              f"{pct(sum(flagged_by_file[f]), n)}")
    for f in sorted(fa_by_file):
        n = len(fa_by_file[f])
        print(f"  {f:24s} {n:5d}  false alerts {pct(sum(fa_by_file[f]), n)} "
              f"({sum(fa_by_file[f])})")
    print(f"\nMATCHER  recall {pct(n_found, len(pos))} ({n_found}/{len(pos)})   "
          f"false alerts {pct(n_fa, len(neg))} ({n_fa}/{len(neg)})")
    print(f"  time: positives {1000 * (t4 - t3) / max(1, len(pos)):.2f} ms/query "
          f"(misses re-searched), negatives {1000 * (t5 - t4) / max(1, len(neg)):.2f} ms/query")

    if not a.no_baseline:
        baseline(a, entities, pos, neg, expect, n_fa)
    print_misses(a, misses, false_alerts, found_by_var)
    return 0


def baseline(a: argparse.Namespace, entities: list[Entity], pos: list[dict[str, str]],
             neg: list[dict[str, str]], expect: Expect, n_fa: int) -> None:
    """The brute-force baseline in the same run: token-sort ratio over every list name."""
    t6 = time.perf_counter()
    names: list[str] = []
    owner: list[int] = []
    ent_names: dict[int, list[str]] = defaultdict(list)
    for i, e in enumerate(entities):
        for n in e.names:
            p = norm(n.value)
            if p:
                names.append(p)
                owner.append(i)
                ent_names[i].append(p)
    pos_best = []
    for c in pos:
        q = norm(c["query"])
        cands = [p for i in expect.targets(c["entity_ref"], c["list_name"]) for p in ent_names[i]]
        hit = process.extractOne(q, cands, scorer=fuzz.token_sort_ratio) if cands else None
        pos_best.append(hit[1] / 100.0 if hit else 0.0)
    neg_best = best_scores((norm(c["query"]) for c in neg), names)
    t7 = time.perf_counter()
    matcher_fa = n_fa / max(1, len(neg))
    comparable = next((t / 100 for t in range(50, 101)
                       if sum(s >= t / 100 for s in neg_best) / max(1, len(neg)) <= matcher_fa),
                      1.0)
    print(f"\nBASELINE token_sort_ratio over {len(names)} list names "
          f"({t7 - t6:.1f} s, {1000 * (t7 - t6) / max(1, len(pos) + len(neg)):.2f} ms/query)")
    print(f"  {'threshold':>22s}  {'recall':>8s}  {'false alerts':>12s}")
    for t in sorted({0.80, 0.85, 0.90, comparable}):
        rec = sum(s >= t for s in pos_best)
        fa = sum(s >= t for s in neg_best)
        label = f"{t:.2f}" + (" (comparable FA)" if t == comparable else "")
        print(f"  {label:>22s}  {pct(rec, len(pos))}  {pct(fa, len(neg)):>12s}")
    print("\n  baseline recall by variation at 0.80 / comparable:")
    by_var: dict[str, list[float]] = defaultdict(list)
    for c, s in zip(pos, pos_best, strict=True):
        by_var[c["variation"]].append(s)
    for v in sorted(by_var):
        s = by_var[v]
        print(f"    {v:22s} {pct(sum(x >= 0.8 for x in s), len(s))}  "
              f"{pct(sum(x >= comparable for x in s), len(s))}")



def print_misses(a: argparse.Namespace, misses: list[tuple[str, str]], false_alerts: list[str],
                 found_by_var: dict) -> None:
    print(f"\nMISSES ({len(misses)}; up to {a.misses} shown, spread over variations)")
    per_var = Counter()
    shown = 0
    cap = max(2, a.misses // max(1, len(found_by_var)) + 1)
    for v, line in misses:
        if shown >= a.misses:
            break
        if per_var[v] < cap:
            per_var[v] += 1
            shown += 1
            print(f"  [{v}] {line}")
    print(f"\nFALSE ALERTS ({len(false_alerts)}; up to {a.misses} shown)")
    for line in false_alerts[: a.misses]:
        print(f"  {line}")


if __name__ == "__main__":
    raise SystemExit(main())
