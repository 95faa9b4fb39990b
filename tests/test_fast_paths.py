"""The fast paths give exactly the results of the reference paths of the same code.

- `NameIndex.search_many` (names normalised together, shared look-ups) against `search` name by
  name, on every query of the labelled case sets (tests/cases/).
- Batch screening (`run_batch`: a chunk's distinct party names matched together and once across
  worker processes, matches sent between processes in packed form) with --jobs 1 and 2, against
  `Screener.screen` record by record without a name cache, on payment rows made from the case
  sets (with repeated counterparties) and on the example files: every decision and every hit,
  with its score and explanation, must be the same.

The comparison is between two code paths of this version, not against a frozen file, so it holds
whatever the scoring rules become.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest

from screening import Screener
from screening.batch import BatchOptions, run_batch
from screening.lists import builtin_lists
from screening.models import Entity, EntityKind, ListVersion, Name, NameStrength, WatchList
from screening.names import REVIEW_THRESHOLD
from screening.screener_spec import ScreenerSpec

CASES = Path(__file__).parent / "cases"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def positives() -> list[dict[str, str]]:
    return _read(CASES / "positives.csv")


@pytest.fixture(scope="module")
def negatives() -> list[dict[str, str]]:
    return _read(CASES / "negatives.csv")


@pytest.fixture(scope="module")
def case_list(positives) -> WatchList:
    """The case sets' listed names as one list (as tests/test_accuracy.py builds its index)."""
    names: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for c in positives:
        if c["list_name"] not in names[c["entity_ref"]]:
            names[c["entity_ref"]].append(c["list_name"])
        kinds[c["entity_ref"]] = c["list_kind"]
    entities = tuple(
        Entity(id=ref, list_id="cases",
               kind=EntityKind(kinds[ref]) if kinds[ref] in EntityKind.__members__
               else EntityKind.organisation,
               names=tuple(Name(value=v, strength=NameStrength.primary if i == 0
                                else NameStrength.strong) for i, v in enumerate(vals)))
        for ref, vals in sorted(names.items()))
    return WatchList(id="cases", authority="test", title="case sets",
                     version=ListVersion(content_hash="cases"), entities=entities)


@pytest.fixture(scope="module")
def screener(case_list) -> Screener:
    return Screener([*builtin_lists(), case_list], Screener.default().rules)


def _found(matches) -> list[tuple]:
    return [(m.entity.list_id, m.entity.id, m.name, m.strength, m.score, m.explanation)
            for m in matches]


@pytest.mark.parametrize("kind", [None, "person", "organisation"])
def test_search_many_equals_search_on_the_case_sets(screener, positives, negatives,
                                                    kind) -> None:
    queries = [c["query"] for c in positives] + [c["query"] for c in negatives]
    if kind is not None:  # (a known kind: one reading each; every other negative is enough)
        queries = queries[:len(positives)] + queries[len(positives)::2]
    index = screener.index
    for limit, min_score in ((10, REVIEW_THRESHOLD), (5, 0.0))[:2 if kind is None else 1]:
        many = index.search_many(queries, kind=kind, limit=limit, min_score=min_score)
        assert len(many) == len(queries)
        differ = [q for q, got in zip(queries, many, strict=True)
                  if _found(got) != _found(index.search(q, kind=kind, limit=limit,
                                                        min_score=min_score))]
        assert not differ, f"{len(differ)} queries differ, e.g. {differ[:5]}"
    assert any(many), "the case sets find list names"


def _case_payments(tmp_path: Path, positives, negatives) -> Path:
    """Payment rows whose parties are case-set queries; every fourth row repeats an earlier
    row's counterparties (so matches are reused across chunks and workers)."""
    pos = [c["query"] for c in positives]
    neg = [c["query"] for c in negatives]
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "date", "amount", "currency", "originator_name", "originator_country",
                    "beneficiary_name", "beneficiary_country", "beneficiary_bic"])
        parties: list[tuple[str, str]] = []
        for i in range(max(len(pos), len(neg) // 2) * 5 // 4):
            if i % 4 == 3:
                orig, ben = parties[(i * 7919) % len(parties)]
            else:
                orig, ben = neg[i % len(neg)], pos[i % len(pos)]
                if i % 3 == 0:
                    orig, ben = ben, neg[(i + 1) % len(neg)]
            parties.append((orig, ben))
            w.writerow([f"C{i:05d}", "2022-04-01", "100.00", "USD", orig, "JP", ben,
                        ("RU", "DE", "US")[i % 3], "VTBRRUMM" if i % 50 == 0 else ""])
    return path


def _batch(screener: Screener, path: Path, jobs: int, kind=None) -> list[dict]:
    out = io.StringIO()
    summary = run_batch(path, out, screener, ScreenerSpec(),
                        BatchOptions(fmt="jsonl", jobs=jobs, chunk_rows=500, kind=kind))
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert summary.rows == len(rows)
    for r in rows:
        r.pop("line")
        # what the output adds to a result: the date screened on (`as_of`, the row's own date
        # here), whether a matched measure is in force, and a lead note on a CLEAR with hits
        r.pop("in_force")
        assert r["as_of"] == r["date"]
        r["as_of"] = None
        r["notes"] = [n for n in r["notes"] if not n.startswith("CLEAR although ")]
        r.pop("last_line", None)  # (the physical lines a row covers: batch output only)
    return rows


def _reference(screener: Screener, path: Path) -> list[dict]:
    """Record by record through the library, no name cache."""
    assert not screener.name_cache
    return [screener.screen(rec, row=i).model_dump(mode="json")
            for i, rec in enumerate(_read(path), start=1)]


def test_batch_equals_record_by_record_on_the_case_sets(tmp_path, screener, positives,
                                                        negatives) -> None:
    path = _case_payments(tmp_path, positives, negatives)
    want = _reference(screener, path)
    assert sum(1 for r in want if r["hits"]) > 500 and any(
        r["decision"] == "CLEAR" for r in want)
    for jobs in (1, 2):
        got = _batch(screener, path, jobs)
        assert len(got) == len(want)
        differ = [(g["record_id"], g["decision"], w["decision"])
                  for g, w in zip(got, want, strict=True) if g != w]
        assert not differ, f"--jobs {jobs}: {len(differ)} rows differ, e.g. {differ[:5]}"


@pytest.mark.parametrize("name", ["payments.csv", "exports.csv"])
def test_batch_equals_record_by_record_on_the_examples(name) -> None:
    screener = Screener.default()
    path = EXAMPLES / name
    want = []
    for i, rec in enumerate(_read(path), start=1):
        rec = {k: v for k, v in rec.items() if v.strip()}
        want.append(screener.screen(rec, row=i).model_dump(mode="json"))
    kind = "export" if name.startswith("export") else "payment"
    for jobs in (1, 2):
        got = _batch(screener, path, jobs, kind=kind)
        assert [(g["record_id"], g["decision"]) for g in got] == \
            [(w["record_id"], w["decision"]) for w in want]
        assert [g["hits"] for g in got] == [w["hits"] for w in want]
        assert [g["reasons"] for g in got] == [w["reasons"] for w in want]


def test_with_known_names_answers_from_the_given_matches(screener) -> None:
    name = "Vladimir Putin"
    real = screener.name_matches(name)
    assert real and screener.with_known_names({name: ()}).name_matches(name) == ()
    assert screener.with_known_names({}).name_matches(name) == real
    assert screener.name_matches_many([name, "Nobody Atall"]) == [real, ()]


def test_search_many_edge_cases_equal_search(screener) -> None:
    names = ["", "   ", "Dr.", "()", "LLC", "Bank Rossiya (Rossiya)", "Bank Rossiya (Rossiya)",
             "VTB Bank", "vtb bank", "Путин Владимир Владимирович", "PUTIN, Vladimir", "A B C",
             "株式会社 東京", "Central Bank of the Russian Federation (Bank of Russia)"]
    index = screener.index
    for kind in (None, "person", "organisation"):
        assert [_found(r) for r in index.search_many(names, kind=kind)] == \
            [_found(index.search(n, kind=kind)) for n in names]
    assert index.search_many([]) == []


def test_batch_fails_closed_row_by_row_when_matching_names_together_fails(
        tmp_path, screener, monkeypatch) -> None:
    """If matching a chunk's names together raises, the rows match their names one by one:
    same results, and a name that cannot be matched makes its row an ERROR, not the run fail."""
    path = EXAMPLES / "payments.csv"
    want = _batch(screener, path, 1, kind="payment")

    def broken(self, names):
        raise RuntimeError("matching failed")

    monkeypatch.setattr(Screener, "name_matches_many", broken)
    for jobs in (1, 2):
        assert _batch(screener, path, jobs, kind="payment") == want
    real = Screener._match_party_name

    def fails_on_one_name(self, name):
        if "Rossiya" in name:
            raise ValueError("bad name")
        return real(self, name)

    monkeypatch.setattr(Screener, "_match_party_name", fails_on_one_name)
    got = _batch(screener, path, 1, kind="payment")
    bad = [g for g in got if g["decision"] == "ERROR"]
    assert bad and all("internal error while screening" in g["error"] for g in bad)
    assert len(got) == len(want)
