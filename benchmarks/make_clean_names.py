"""Generate clean payment-like counterparty names for the false-alert measurement.

    pip install faker       # benchmark-only dependency (not needed to run the tests)
    python benchmarks/make_clean_names.py [--n 12000] [--seed 20220308] [--out DIR]

Writes `clean_negatives.csv` (two thirds) and `holdout/clean_negatives.csv` (one third) in
tests/cases/ (columns of negatives.csv: query, kind, category, note). Names come from Faker's
providers for 61 locales (persons and companies, Faker's own name and company tables), in the
proportions a Japanese bank's foreign and domestic payments might show: a name in a non-Latin
script is written as SWIFT would carry it (unidecode) for half of the rows, as written for the
other half. Faker's "Mr"/"Dr" prefixes are kept (payments carry them).

Every candidate is checked like the other negatives (make_cases.ListChecker: equal or
near-equal to a listed name, token_sort_ratio >= 90 after unidecode, or sharing a given name and
a surname with a listed person) and dropped if listed-looking: a false alert here means the
matcher alerted on a name that shares nothing a person would call a match.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from random import Random

from unidecode import unidecode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_cases import (  # noqa: E402
    DEFAULT_OFAC,
    ListChecker,
    installed_builtin_names,
    norm,
    read_ofac,
)
from make_cases_ja import NEG_COLS, write  # noqa: E402

from screening.lists import load_list  # noqa: E402

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "pt_BR", "nl_NL",
           "pl_PL", "ru_RU", "uk_UA", "tr_TR", "ar_AA", "fa_IR", "hi_IN", "en_IN", "zh_CN",
           "zh_TW", "ja_JP", "ko_KR", "vi_VN", "th_TH", "id_ID", "el_GR", "he_IL", "cs_CZ",
           "sv_SE", "hu_HU", "ro_RO", "bg_BG", "ka_GE", "hy_AM", "az_AZ", "fil_PH", "bn_BD",
           "ne_NP", "sk_SK", "hr_HR", "sl_SI", "lv_LV", "lt_LT", "et_EE", "no_NO", "da_DK",
           "fi_FI", "fr_CH", "de_AT", "en_AU", "en_NZ", "en_CA", "es_CO", "es_AR", "es_CL",
           "pt_PT", "tw_GH", "yo_NG", "zu_ZA", "uz_UZ", "en_PH", "ar_EG"]


def candidates(n: int, seed: int) -> list[dict]:
    from faker import Faker

    rng = Random(seed)
    fakers = {}
    for loc in LOCALES:
        f = Faker(loc)
        f.seed_instance(seed)
        fakers[loc] = f
    rows = []
    seen: set[str] = set()
    while len(rows) < n:
        loc = rng.choice(LOCALES)
        f = fakers[loc]
        person = rng.random() < 0.5
        try:
            name = f.name() if person else f.company()
        except AttributeError:
            continue
        if not name.isascii() and rng.random() < 0.5:
            name = unidecode(name)
            how = "as SWIFT carries it (unidecode)"
        else:
            how = "as written"
        name = " ".join(name.split())
        if not name or name in seen:
            continue
        seen.add(name)
        kind = "person" if person else "organisation"
        rows.append({"query": name, "kind": kind, "category": f"clean_{kind}",
                     "note": f"faker {loc} {'name' if person else 'company'}(), {how}"})
    return rows


class FastChecker(ListChecker):
    """ListChecker with a pre-filter: a name within token_sort_ratio 90 of a listed name shares
    a word prefix of 3 letters with it, so only those listed names are compared."""

    def __init__(self, listed: list[str], persons: list[str]) -> None:
        super().__init__(listed, persons)
        self.by_prefix: dict[str, set[int]] = defaultdict(set)
        for i, n in enumerate(self.names):
            for t in n.split():
                self.by_prefix[t[:3]].add(i)

    def listed(self, cand: str, kind: str) -> str | None:
        q = norm(cand)
        near = sorted({i for t in q.split() for i in self.by_prefix.get(t[:3], ())})
        full = self.names
        self.names = [full[i] for i in near]
        try:
            return super().listed(cand, kind)
        finally:
            self.names = full


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "cases")
    ap.add_argument("--n", type=int, default=12000)
    ap.add_argument("--seed", type=int, default=20220308)
    a = ap.parse_args(argv)
    listed = read_ofac(a.ofac)
    builtin = installed_builtin_names()
    # every listed name, vessels and aircraft included (a payment to "Joaquin Gomez" meeting
    # the vessel JOAQUIN GOMEZ is a true name match)
    every = [n.value for e in load_list(a.ofac).entities for n in e.names]
    checker = FastChecker(every + builtin, [x.name for x in listed if x.kind == "person"])
    rows = []
    dropped = 0
    for r in candidates(a.n, a.seed):
        if checker.listed(r["query"], r["kind"]):
            dropped += 1
            continue
        rows.append(r)
    print(f"{dropped} candidates dropped as near a listed name", file=sys.stderr)
    write(a.out / "clean_negatives.csv", [r for i, r in enumerate(rows) if i % 3 != 2], NEG_COLS)
    write(a.out / "holdout" / "clean_negatives.csv",
          [r for i, r in enumerate(rows) if i % 3 == 2], NEG_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
