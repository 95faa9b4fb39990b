"""One side of `name_speed.py --rev`: builds a name index with the `screening` package found first
on sys.path (PYTHONPATH: the working tree or an old revision's), then answers the driver's
commands on stdin, one JSON line each, with one JSON line on stdout.

Uses only the public API that every revision has (`NameIndex.build`, `search`, `search_many`,
`builtin_lists`, `load_list`), so it runs against old code unchanged.

Commands: {"search": [queries]} -> {"cpu": [seconds per query], "digest": [one per query]};
{"many": [queries]} -> {"cpu": seconds for the block, "digest": [...]}; {"quit": true}.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import sys
import time

from screening.lists import builtin_lists, load_list
from screening.models import Entity, EntityKind, Name, NameStrength
from screening.names import REVIEW_THRESHOLD, NameIndex


def synthetic(n: int, parts: list[str], rng: random.Random) -> list[Entity]:
    """n names of 2-4 parts drawn from real list name parts plus random syllables, so the
    vocabulary grows with the list as it does in real lists."""
    syll = ["ka", "ro", "mi", "an", "ti", "sha", "lo", "ve", "du", "zar", "bek", "nov", "ski",
            "mar", "el", "ha", "ri", "son", "ton", "ia", "ov", "ev", "in", "ul", "go", "pa"]
    out = []
    for i in range(n):
        k = rng.choice((2, 2, 3, 3, 4))
        toks = []
        for _ in range(k):
            if rng.random() < 0.6:
                toks.append(rng.choice(parts))
            else:
                toks.append("".join(rng.choice(syll) for _ in range(rng.randrange(2, 4))))
        person = rng.random() < 0.6
        out.append(Entity(id=f"S{i}", list_id="synthetic",
                          kind=EntityKind.person if person else EntityKind.organisation,
                          names=(Name(value=" ".join(toks).title(),
                                      strength=NameStrength.primary),)))
    return out


def entities(ofac: str, n_synthetic: int, seed: int) -> list[Entity]:
    """The built-in lists, the OFAC-size list at `ofac` (if given), and `n_synthetic` synthetic
    names from their parts."""
    out = [e for wl in builtin_lists() for e in wl.entities]
    if ofac:
        out += list(load_list(ofac).entities)
    if n_synthetic:
        names = [n.value for e in out for n in e.names]
        parts = sorted({t for nm in names for t in nm.replace(",", " ").split() if t.isalpha()})
        out = synthetic(n_synthetic, parts, random.Random(seed)) + out
    return out


def digest(matches: list) -> str:
    """What a search found, all of it (entity, name, strength, score, explanation), hashed."""
    text = "\n".join(f"{m.entity.list_id}|{m.entity.id}|{m.name}|{m.strength}|{m.score!r}|"
                     f"{m.explanation}" for m in matches)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def main() -> None:
    setup = json.loads(sys.stdin.readline())
    ents = entities(setup["ofac"], setup["synthetic"], setup["seed"])
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.process_time()
    index = NameIndex.build(ents)
    build = time.process_time() - t
    t = time.process_time()
    index.search("warm up")  # (makes the compiled core's tables, where there is one)
    warm = time.process_time() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"names": len(index), "build": build, "warm": warm,
                      "rss_mib": rss / 1024, "index_rss_mib": (rss - rss0) / 1024}), flush=True)
    limit, min_score = setup.get("limit", 10), setup.get("min_score", REVIEW_THRESHOLD)
    for line in sys.stdin:
        cmd = json.loads(line)
        if "search" in cmd:
            cpu, dig = [], []
            for q in cmd["search"]:
                t = time.thread_time()
                found = index.search(q, limit=limit, min_score=min_score)
                cpu.append(time.thread_time() - t)
                dig.append(digest(found))
            print(json.dumps({"cpu": cpu, "digest": dig}), flush=True)
        elif "many" in cmd:
            t = time.thread_time()
            found_many = index.search_many(cmd["many"], limit=limit, min_score=min_score)
            cpu = time.thread_time() - t
            print(json.dumps({"cpu": cpu, "digest": [digest(f) for f in found_many]}),
                  flush=True)
        else:
            break


if __name__ == "__main__":
    main()
