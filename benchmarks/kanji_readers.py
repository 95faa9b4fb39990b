"""Compare the kanji readers (screening/names/kanji_reader.py): cutlet+fugashi+unidic-lite
(MIT/BSD) and pykakasi (GPL-3.0-or-later), and no reader (unidecode).

    python benchmarks/kanji_readers.py [--cases DIR ...]

1. Readings of Japanese names against their known romanisation: the kanji/kana/Latin triples of
   Faker's ja_JP provider (`last_name_pairs`, `first_name_*_pairs`: 101 name parts, and every
   family + given combination of the first 20 family names) and the Japanese officials of the seed
   articles (make_cases_ja.SEED_PEOPLE). A reading counts when it equals the Latin spelling
   (lower case, spaces ignored).
2. The case sets with each reader (benchmarks/accuracy.py in a subprocess, reader chosen by
   SCREENING_KANJI_READER): recall by variation for kanji, and false alerts.
Needs: pip install faker cutlet fugashi unidic-lite pykakasi
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from screening.names import japanese, kanji_reader  # noqa: E402

READERS = ["cutlet", "pykakasi", "none"]


def name_pairs() -> list[tuple[str, str]]:
    from faker.providers.person import ja_JP
    from make_cases_ja import SEED_PEOPLE

    p = ja_JP.Provider
    last = list(p.last_name_pairs)
    first = list(p.first_name_female_pairs) + list(p.first_name_male_pairs)
    pairs = [(k, r) for k, _, r in last + first if japanese._KANJI.search(k)]
    pairs += [(lk + fk, f"{lr} {fr}") for lk, _, lr in last[:20] for fk, _, fr in first
              if japanese._KANJI.search(fk)]
    pairs += [(kanji, " ".join(reversed(latin.split()))) for kanji, _, latin, _ in SEED_PEOPLE]
    return pairs


def readings(name: str) -> tuple[int, int, list[str]]:
    os.environ["SCREENING_KANJI_READER"] = name
    kanji_reader._reader = False
    pairs = name_pairs()
    bad = []
    for kanji, latin in pairs:
        got = japanese._kanji_reading(kanji)
        if got.replace(" ", "") != latin.lower().replace(" ", ""):
            bad.append(f"{kanji}: {got!r} (expected {latin.lower()!r})")
    return len(pairs) - len(bad), len(pairs), bad


def cases(name: str, folder: Path) -> list[str]:
    env = {**os.environ, "SCREENING_KANJI_READER": name}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "accuracy.py"),
                          "--no-baseline", "--misses", "0", "--cases", str(folder)],
                         env=env, capture_output=True, text=True, check=True).stdout
    keep = [line.strip() for line in out.splitlines()
            if re.match(r"\s+(kanji\w*|ja_\w+|MATCHER)\s", line) or line.startswith("MATCHER")]
    return keep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, nargs="*", default=[])
    ap.add_argument("--show", type=int, default=8, help="wrong readings to print per reader")
    a = ap.parse_args(argv)
    for name in READERS:
        ok, n, bad = readings(name)
        print(f"{name:9s} name readings {ok}/{n} ({100 * ok / n:.1f}%)")
        for line in bad[: a.show]:
            print(f"    {line}")
    for folder in a.cases:
        for name in READERS:
            print(f"\n{folder} with {name}:")
            for line in cases(name, folder):
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
