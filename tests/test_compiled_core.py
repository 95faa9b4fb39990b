"""The compiled core of name scoring (screening/names/_core.c) gives exactly the results of the
pure-Python reference path: every score, hit and explanation, on every query of the case sets
(tests/cases/), on the example files' party names, and (when ../shared/data is there) against
the OFAC list; its primitives agree with rapidfuzz and `score.token_sim` pair by pair.

Also: the per-index cache of query-word look-ups (`NameIndex._word_lookup`) changes no result,
however small it is bounded."""

from __future__ import annotations

import csv
import math
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from screening import Screener
from screening.lists import builtin_lists, load_list
from screening.models import Entity, EntityKind, Name, NameStrength
from screening.names import REVIEW_THRESHOLD, NameIndex, fastcore, index, score
from screening.names.normalize import fold

CASES = Path(__file__).parent / "cases"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OFAC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac" / "bench"
CASE_FILES = ["positives.csv", "negatives.csv", "obfuscation_positives.csv",
              "clean_negatives.csv", "ja_positives.csv", "ja_negatives.csv"]

needs_core = pytest.mark.skipif(
    not fastcore.available(),
    reason="the compiled core was not built (no C compiler at install, or "
           "SCREENING_PURE_PYTHON set): only the pure-Python path runs")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _queries() -> list[str]:
    return [r["query"] for name in CASE_FILES for r in _rows(CASES / name)]


def _example_names() -> list[str]:
    out = []
    for path in sorted(EXAMPLES.glob("*.csv")):
        for r in _rows(path):
            out += [v for k, v in r.items() if k and "name" in k.lower() and v]
    return list(dict.fromkeys(out))


def _found(results) -> list[list[tuple]]:
    return [[(m.entity.list_id, m.entity.id, m.name, m.strength, m.score, m.explanation)
             for m in r] for r in results]


def _both_paths(ix: NameIndex, queries: list[str], **kw) -> tuple[list, list]:
    compiled = _found(ix.search_many(queries, **kw))
    with fastcore.pure_python():
        reference = _found(ix.search_many(queries, **kw))
    return compiled, reference


def _assert_same(queries, compiled, reference) -> None:
    differ = [q for q, a, b in zip(queries, compiled, reference, strict=True) if a != b]
    assert not differ, f"{len(differ)} of {len(queries)} queries differ, e.g. {differ[:5]}"


@pytest.fixture(scope="module")
def case_index() -> NameIndex:
    """The built-in lists and every listed name of the case sets (one entity per reference)."""
    names: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for name in ("positives.csv", "obfuscation_positives.csv", "ja_positives.csv"):
        for c in _rows(CASES / name):
            if c["list_name"] not in names[c["entity_ref"]]:
                names[c["entity_ref"]].append(c["list_name"])
            kinds[c["entity_ref"]] = c["list_kind"]
    cases = [Entity(id=ref, list_id="cases",
                    kind=EntityKind.person if kinds[ref] == "person" else EntityKind.organisation,
                    names=tuple(Name(value=v, strength=NameStrength.primary if i == 0
                                     else NameStrength.strong) for i, v in enumerate(vals)))
             for ref, vals in sorted(names.items())]
    return NameIndex.build([e for wl in builtin_lists() for e in wl.entities] + cases)


@needs_core
@pytest.mark.parametrize("kind", [None, "person", "organisation"])
def test_compiled_core_equals_reference_on_the_case_sets(case_index, kind) -> None:
    queries = _queries()
    if kind is not None:
        queries = queries[::3]
    for limit, min_score in ((10, REVIEW_THRESHOLD), (20, 0.0)):
        compiled, reference = _both_paths(case_index, queries, kind=kind, limit=limit,
                                          min_score=min_score)
        _assert_same(queries, compiled, reference)
    assert sum(map(bool, compiled)) > len(queries) // 10, "the case sets find list names"
    # one by one (`search`) too
    for q in queries[::7]:
        got = _found([case_index.search(q, kind=kind)])
        with fastcore.pure_python():
            assert got == _found([case_index.search(q, kind=kind)]), q


@needs_core
def test_compiled_core_equals_reference_on_the_examples() -> None:
    names = _example_names()
    assert len(names) > 50
    ix = Screener.default().index
    compiled, reference = _both_paths(ix, names, limit=20, min_score=0.0)
    _assert_same(names, compiled, reference)
    assert any(compiled)


@needs_core
def test_compiled_core_equals_reference_against_ofac() -> None:
    if not OFAC.exists():
        pytest.skip(f"{OFAC} absent (the OFAC bench set of ../shared/data)")
    ents = [e for wl in builtin_lists() for e in wl.entities] + list(load_list(OFAC).entities)
    ix = NameIndex.build(ents)
    queries = _queries()[::2] + _example_names()
    compiled, reference = _both_paths(ix, queries, limit=10, min_score=REVIEW_THRESHOLD)
    _assert_same(queries, compiled, reference)


@needs_core
def test_osa_distance_equals_rapidfuzz() -> None:
    rng = random.Random(5)
    alphabet = "abcdeé~ж"
    for _ in range(20_000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80)))  # (past 64)
        assert fastcore.core.osa(a, b) == OSA.distance(a, b), (a, b)


@needs_core
def test_rounding_equals_python() -> None:
    """Scores are reported, compared and ranked rounded: the core rounds as Python's round
    does, halves (exact and nearly) and signed zeros included."""
    rng = random.Random(8)
    xs = [rng.random() for _ in range(50_000)] + [rng.uniform(-3, 3) for _ in range(10_000)]
    xs += [k / 20_000 for k in range(20_001)]  # every half of the fourth decimal
    xs += [k / 20_000 + d for k in range(0, 20_001, 7) for d in (1e-17, -1e-17, 2e-16, -2e-16)]
    xs += [0.0, -0.0, -1e-9, 1e-9, 0.99995, 0.00005, 1e9 + 0.5, -0.5, 2.5, float("inf")]
    for x in xs:
        for digits in (4, 9):
            got, want = fastcore.core.round(x, digits), round(x, digits)
            assert got == want and math.copysign(1, got) == math.copysign(1, want), (x, digits)


@needs_core
def test_bit_parallel_osa_equals_rapidfuzz() -> None:
    """One-byte strings (the bit-parallel path, for a shorter string of up to 64 letters):
    every length around the 64-letter word, transpositions, repeated letters, all 256 codes."""
    rng = random.Random(6)
    for alphabet in ("ab", "abcde", "aeiourstn", "".join(map(chr, range(256)))):
        for _ in range(5_000):
            a = "".join(rng.choice(alphabet) for _ in range(rng.choice(
                (rng.randrange(0, 12), rng.randrange(60, 70)))))
            b = list(a) if rng.random() < 0.5 else [rng.choice(alphabet) for _ in range(
                rng.randrange(0, 140))]
            for _ in range(rng.randrange(4)):  # a few edits of `a`, transpositions among them
                if len(b) > 1:
                    i = rng.randrange(len(b) - 1)
                    b[i], b[i + 1] = b[i + 1], b[i]
                b.insert(rng.randrange(len(b) + 1), rng.choice(alphabet))
            b = "".join(b)
            for x, y in ((a, b), (b, a)):
                assert fastcore.core.osa(x, y) == OSA.distance(x, y), (x, y)


@needs_core
def test_token_sim_equals_reference_pair_by_pair() -> None:
    words = sorted({w for q in _queries() for w in q.lower().replace(",", " ").split()
                    if w.isalpha() and w.isascii()})
    rng = random.Random(11)
    checked = 0
    for _ in range(30_000):
        qt, ct = rng.choice(words), rng.choice(words)
        if rng.random() < 0.4:  # a near spelling: one letter changed, dropped or doubled
            k = rng.randrange(len(qt))
            ct = qt[:k] + rng.choice(("", qt[k], qt[k] * 2, "a", "y")) + qt[k + 1:] or qt
        if rng.random() < 0.1:
            qt = qt[0]
        qr = rng.choice(words) if rng.random() < 0.2 else qt
        cr = rng.choice(words) if rng.random() < 0.2 else ct
        for person in (True, False):
            want = score.token_sim(qt, fold(qt), ct, fold(ct), qr, cr, person)
            got = fastcore.core.token_sim(qt, fold(qt), ct, fold(ct), qr, cr, person)
            assert got == want, (qt, ct, qr, cr, person)
            checked += want > 0
    assert checked > 5_000  # (enough similar pairs, not only zeros)


@needs_core
def test_neighbours_equal_reference_in_the_same_order(case_index) -> None:
    """The same one-edit neighbours, iterated in the same order (the order words of equal
    weight are credited in)."""
    rng = random.Random(3)
    words = [w for w in case_index._words if len(w) >= 3]
    for _ in range(5_000):
        w = rng.choice(words)
        k = rng.randrange(len(w))
        w = w[:k] + rng.choice(("", "a", "é", "ж", w[k] * 2)) + w[k + 1:]
        got = list(fastcore.core.neighbours(w, case_index._vocab, case_index._deletes,
                                            case_index._longest))
        with fastcore.pure_python():
            assert got == list(case_index._neighbours(w)), w
    assert not fastcore.core.neighbours("x" * 4000, case_index._vocab, case_index._deletes,
                                        case_index._longest)


def test_word_cache_changes_no_result(case_index, monkeypatch) -> None:
    queries = _queries()[::5]
    first = _found(case_index.search_many(queries, limit=10, min_score=0.0))
    index._WORD_CACHES.pop(case_index, None)
    index._WORD_CACHES_C.pop(case_index, None)
    monkeypatch.setattr(index, "WORD_CACHE", 7)  # cleared again and again
    again = _found(case_index.search_many(queries, limit=10, min_score=0.0))
    assert again == first
    assert 0 < len(index._word_cache(case_index)) <= 7
    # each query alone, after all the others filled the cache
    monkeypatch.setattr(index, "WORD_CACHE", 50_000)
    _found(case_index.search_many(queries, limit=10, min_score=0.0))
    assert [_found([case_index.search(q, limit=10, min_score=0.0)])[0]
            for q in queries] == first


def test_search_many_keeps_the_red_flag_of_a_disguised_name(case_index) -> None:
    """The batch path (`search_many`) explains a hit on a name written with look-alike
    letters of another script as `search` does: with the red flag (it used to drop it)."""
    queries = [r["query"] for r in _rows(CASES / "obfuscation_positives.csv")]
    many = _found(case_index.search_many(queries, limit=5, min_score=REVIEW_THRESHOLD))
    one = _found([case_index.search(q, limit=5, min_score=REVIEW_THRESHOLD) for q in queries])
    assert many == one
    flagged = [r[0][5] for r in many if r and "(a red flag)" in r[0][5]]
    assert len(flagged) > len(queries) // 4, "look-alike and invisible letters are flagged"


def test_pure_python_path_can_be_forced() -> None:
    """SCREENING_PURE_PYTHON=1 runs the reference path (what an install without a C
    compiler gets), and it screens."""
    code = ("from screening.names import fastcore, NameIndex; import screening;"
            "print(fastcore.available());"
            "from screening import Screener;"
            "print(Screener.default().index.search('Vladimir Putin', limit=1)[0].score)")
    env = {**os.environ, "SCREENING_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    assert out[0] == "False"
    assert float(out[1]) >= REVIEW_THRESHOLD
