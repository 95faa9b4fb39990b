"""Realistic payment files for throughput benchmarks: counterparties from many locales and
scripts, a stated share of distinct names, SWIFT-style upper case, a few percent of list names.

- `--distinct S`: the share of name occurrences (originator and beneficiary of every row) that
  are a counterparty not seen before in the file; the others repeat an earlier counterparty,
  the frequent ones more often (each repeat copies a random earlier occurrence), as salaries and
  regular suppliers do. 1.0 makes every name in the file distinct.
- Names come from Faker in about 50 locales: Latin of many languages, Cyrillic, Greek, CJK,
  Arabic, Hebrew, Thai, Devanagari, Korean, persons and companies. A share of them (`--swift`)
  is written as a SWIFT message carries it: Latin letters (unidecode), upper case, cut to 35
  characters.
- `--hits H`: the share of name occurrences that are a name from the lists (the OFAC set in
  ../shared/data/ofac/bench when present, and the built-in lists), a third of them with a typo;
  some of the BICs are listed BICs.

    python benchmarks/make_payments.py --rows 20000 --distinct 1.0 --out /tmp/p100.csv

Faker is a benchmark-only dependency (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[1]
OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"
HEADER = ["id", "date", "amount", "currency", "originator_name", "originator_country",
          "originator_bic", "beneficiary_name", "beneficiary_country", "beneficiary_bic",
          "intermediary_bic", "purpose"]
# (locale, weight): a Japanese bank's counterparties, many countries
LOCALES = [
    ("ja_JP", 12), ("en_US", 8), ("en_GB", 4), ("zh_CN", 6), ("zh_TW", 2), ("ko_KR", 4),
    ("de_DE", 4), ("fr_FR", 4), ("es_ES", 3), ("es_MX", 2), ("it_IT", 2), ("pt_BR", 3),
    ("nl_NL", 2), ("sv_SE", 1), ("da_DK", 1), ("no_NO", 1), ("fi_FI", 1), ("pl_PL", 2),
    ("cs_CZ", 1), ("hu_HU", 1), ("ro_RO", 1), ("tr_TR", 2), ("ru_RU", 3), ("uk_UA", 1),
    ("bg_BG", 1), ("el_GR", 1), ("ar_SA", 2), ("ar_EG", 1), ("fa_IR", 1), ("he_IL", 1),
    ("hi_IN", 1), ("en_IN", 3), ("bn_BD", 1), ("th_TH", 2), ("vi_VN", 2), ("id_ID", 2),
    ("fil_PH", 1), ("en_AU", 1), ("en_NG", 1), ("sw", 1), ("hr_HR", 1), ("lt_LT", 1),
    ("lv_LV", 1), ("et_EE", 1), ("sk_SK", 1), ("sl_SI", 1), ("az_AZ", 1), ("ka_GE", 1),
    ("hy_AM", 1), ("uz_UZ", 1),
]
COUNTRIES = ["JP", "US", "GB", "CN", "KR", "DE", "FR", "SG", "HK", "TW", "TH", "VN", "IN",
             "AU", "NL", "CH", "AE", "BR", "MX", "TR"]
BICS = ["MHCBJPJT", "BOTKJPJT", "SMBCJPJT", "DEUTDEFF", "BNPAFRPP", "CHASUS33", "HSBCGB2L",
        "NDEASESS", "UBSWCHZH", "INGBNL2A", "BKCHCNBJ", "KOEXKRSE", "DBSSSGSG", "HSBCHKHH"]
LISTED_BICS = ["VTBRRUMM", "PRMSRUMM", "ROSYRU2P", "CNOVRUMM", "SOMRRUM1KST"]
PURPOSES = ["invoice", "salary", "rent", "services", "goods", "dividend", "loan repayment"]
SWIFT_LEN = 35


def _fakers(seed: int) -> list[tuple[object, int]]:
    try:
        from faker import Faker
    except ImportError as exc:  # pragma: no cover - benchmark-only dependency
        raise SystemExit("make_payments needs Faker: pip install -e '.[bench]'") from exc
    out = []
    for i, (loc, weight) in enumerate(LOCALES):
        fk = Faker(loc)
        fk.seed_instance(seed * 1000 + i)
        out.append((fk, weight))
    return out


class NameMaker:
    """Distinct counterparty names (person or company) in many locales and scripts."""

    def __init__(self, rng: random.Random, seed: int, swift: float) -> None:
        self.rng = rng
        fakers = _fakers(seed)
        self.fakers = [f for f, _ in fakers]
        self.weights = [w for _, w in fakers]
        self.swift = swift
        self.seen: set[str] = set()

    def _one(self) -> str:
        fk = self.rng.choices(self.fakers, self.weights)[0]
        if self.rng.random() < 0.55:
            name = fk.name()
            if self.rng.random() < 0.15:  # a family written first, as lists and banks do
                parts = name.split()
                if len(parts) > 1:
                    name = f"{parts[-1]}, {' '.join(parts[:-1])}"
        else:
            name = fk.company()
        if self.rng.random() < self.swift:
            name = unidecode(name).upper()[:SWIFT_LEN].strip()
        return name

    def new(self) -> str:
        for tries in range(50):
            name = self._one()
            if tries > 5:  # common names are used up: vary them as real names vary
                name = f"{name} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}{self.rng.randrange(10)}"
            if name and name not in self.seen:
                self.seen.add(name)
                return name
        raise RuntimeError("could not make a new distinct name")


def list_names() -> list[str]:
    """Names of listed parties: the OFAC set when present, else the built-in lists."""
    from screening.lists import builtin_lists, load_list

    lists = list(builtin_lists())
    if OFAC.exists():
        lists.append(load_list(OFAC))
    return sorted({n.value for wl in lists for e in wl.entities for n in e.names})


def typo(rng: random.Random, name: str) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1:] if rng.random() < 0.5 else name[:i] + name[i] + name[i:]


def generate(path: Path, rows: int, distinct: float, hits: float = 0.02, swift: float = 0.3,
             seed: int = 7) -> dict[str, int]:
    """Write the file; returns counts (rows, name occurrences, distinct names, list names)."""
    if not 0.0 < distinct <= 1.0:
        raise ValueError("distinct share must be in (0, 1]")
    rng = random.Random(seed)
    maker = NameMaker(rng, seed, swift)
    listed = list_names() if hits else []
    occurrences: list[str] = []
    made = n_hits = 0

    def party() -> str:
        nonlocal made, n_hits
        if listed and rng.random() < hits:
            name = rng.choice(listed)
            n_hits += 1
            return typo(rng, name) if rng.random() < 0.33 else name
        # new names while the running share is under the target; the first name is new
        if not occurrences or made < distinct * (len(occurrences) + 1):
            name = maker.new()
            made += 1
        else:
            name = rng.choice(occurrences)  # the frequent come back more often
        occurrences.append(name)
        return name

    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(1, rows + 1):
            orig, ben = party(), party()
            bic = rng.choice(LISTED_BICS) if rng.random() < hits / 4 else rng.choice(BICS)
            w.writerow([f"T{i:08d}", f"2022-04-{1 + i % 28:02d}",
                        f"{rng.randint(1, 10**7) / 100:.2f}", rng.choice(["JPY", "USD", "EUR"]),
                        orig, "JP", rng.choice(BICS[:3]), ben, rng.choice(COUNTRIES), bic,
                        "", rng.choice(PURPOSES)])
    return {"rows": rows, "names": 2 * rows, "distinct": len(set(occurrences)),
            "list_names": n_hits}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--distinct", type=float, default=0.3,
                    help="share of name occurrences that are new counterparties (0-1]")
    ap.add_argument("--hits", type=float, default=0.02, help="share of list names")
    ap.add_argument("--swift", type=float, default=0.3, help="share written SWIFT-style")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    c = generate(args.out, args.rows, args.distinct, args.hits, args.swift, args.seed)
    print(f"{args.out}: {c['rows']:,} rows, {c['names']:,} names, {c['distinct']:,} distinct "
          f"counterparties ({c['distinct'] / c['names']:.0%}), {c['list_names']:,} list names")


if __name__ == "__main__":
    main()
