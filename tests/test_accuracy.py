"""Name-matching accuracy targets on the labelled case set (tests/cases/).

The list is built from the case file itself: one entity per distinct `entity_ref` of
positives.csv, whose names are that ref's `list_name`s. Every positive must find its entity at or
above REVIEW_THRESHOLD; no negative may score at or above it (against this mini list). The full
benchmark against the whole OFAC list is benchmarks/accuracy.py.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from screening.models import Entity, EntityKind, Name, NameStrength
from screening.names import REVIEW_THRESHOLD, NameIndex

CASES = Path(__file__).parent / "cases"
# The product targets, asserted on this mini list: recall >= 0.98 overall and >= 0.95 for every
# kind of variation (measured 0.986 overall, weakest kind initials 0.967 when set). The same
# targets against the full OFAC-size list are measured by benchmarks/accuracy.py.
MIN_RECALL = 0.98
MIN_RECALL_PER_VARIATION = 0.95
MAX_FALSE_ALERTS = 0.005


def _read(name: str) -> list[dict[str, str]]:
    with (CASES / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _kind(list_kind: str) -> EntityKind:
    return EntityKind(list_kind) if list_kind in EntityKind.__members__ else \
        EntityKind.organisation


@pytest.fixture(scope="module")
def positives() -> list[dict[str, str]]:
    return _read("positives.csv")


@pytest.fixture(scope="module")
def negatives() -> list[dict[str, str]]:
    return _read("negatives.csv")


@pytest.fixture(scope="module")
def index(positives: list[dict[str, str]]) -> NameIndex:
    names: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for c in positives:
        if c["list_name"] not in names[c["entity_ref"]]:
            names[c["entity_ref"]].append(c["list_name"])
        kinds[c["entity_ref"]] = c["list_kind"]
    entities = [
        Entity(id=ref, list_id="cases", kind=_kind(kinds[ref]),
               names=tuple(Name(value=v, strength=NameStrength.primary if i == 0
                                else NameStrength.strong) for i, v in enumerate(vals)))
        for ref, vals in sorted(names.items())
    ]
    return NameIndex.build(entities)


def test_case_files_are_well_formed(positives, negatives) -> None:
    assert len(positives) >= 600 and len(negatives) >= 3000
    for c in positives:
        assert c["query"].strip() and c["list_name"].strip(), c
        assert c["kind"] in ("person", "organisation"), c
        assert c["entity_ref"].split(":")[0] in ("ofac", "builtin"), c
    for c in negatives:
        assert c["query"].strip() and c["category"], c


@pytest.fixture(scope="module")
def positive_results(index, positives) -> dict[str, list[tuple[dict[str, str], bool, str]]]:
    by_var: dict[str, list[tuple[dict[str, str], bool, str]]] = defaultdict(list)
    for c in positives:
        res = index.search(c["query"], kind=None, limit=10, min_score=REVIEW_THRESHOLD)
        ok = any(m.entity.id == c["entity_ref"] for m in res)
        top = f"{res[0].name!r} {res[0].score:.3f}" if res else "no result"
        by_var[c["variation"]].append((c, ok, top))
    return by_var


def _miss_lines(rows: list[tuple[dict[str, str], bool, str]], n: int = 25) -> str:
    misses = [f"  [{c['variation']}] {c['query']!r} -> {c['list_name']!r}: got {top}"
              for c, ok, top in rows if not ok]
    return "\n".join(misses[:n]) + (f"\n  ... {len(misses) - n} more" if len(misses) > n else "")


def test_overall_recall(positive_results) -> None:
    rows = [r for v in positive_results.values() for r in v]
    recall = sum(ok for _, ok, _ in rows) / len(rows)
    assert recall >= MIN_RECALL, (
        f"recall {recall:.3f} < {MIN_RECALL} over {len(rows)} positives; misses:\n"
        + _miss_lines(rows))


@pytest.mark.parametrize("variation", [
    "typo_insert", "typo_delete", "typo_substitute", "typo_transpose", "translit", "cyrillic",
    "word_order", "missing_middle", "extra_middle", "initials", "joined_split", "legal_form",
    "honorific", "noise",
])
def test_recall_per_variation(positive_results, variation: str) -> None:
    rows = positive_results.get(variation, [])
    assert rows, f"no positives of variation {variation}"
    recall = sum(ok for _, ok, _ in rows) / len(rows)
    assert recall >= MIN_RECALL_PER_VARIATION, (
        f"{variation}: recall {recall:.3f} < {MIN_RECALL_PER_VARIATION} ({len(rows)} cases); "
        f"misses:\n" + _miss_lines(rows))


def test_false_alerts(index, negatives) -> None:
    alerts = []
    for c in negatives:
        res = index.search(c["query"], kind=None, limit=10, min_score=REVIEW_THRESHOLD)
        if res:
            alerts.append(f"  [{c['category']}] {c['query']!r} -> {res[0].name!r} "
                          f"{res[0].score:.3f}")
    rate = len(alerts) / len(negatives)
    assert rate <= MAX_FALSE_ALERTS, (
        f"false-alert rate {rate:.4f} > {MAX_FALSE_ALERTS} ({len(alerts)}/{len(negatives)}):\n"
        + "\n".join(alerts[:25]))
