"""A Screener loaded from a snapshot finds exactly what one built from the lists finds, on the
labelled case sets (tests/cases/) and the examples, whether this installation wrote the
snapshot (entries made when first used) or another did (every entry checked at load)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from screening import Screener
from screening.compiled import compile_snapshot
from screening.lists import builtin_lists
from screening.models import Entity, EntityKind, ListVersion, Name, NameStrength, WatchList

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
POSITIVES = ["positives.csv", "ja_positives.csv", "obfuscation_positives.csv"]
NEGATIVES = ["negatives.csv", "ja_negatives.csv"]


def _read(name: str) -> list[dict[str, str]]:
    with (CASES / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def case_list() -> WatchList:
    """The listed names of the positive case sets as one list (as test_fast_paths builds it)."""
    names: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for c in (c for f in POSITIVES for c in _read(f)):
        if c["list_name"] not in names[c["entity_ref"]]:
            names[c["entity_ref"]].append(c["list_name"])
        kinds[c["entity_ref"]] = c["list_kind"]
    return WatchList(id="cases", authority="test", title="case sets",
                     version=ListVersion(content_hash="cases"), entities=tuple(
        Entity(id=ref, list_id="cases",
               kind=EntityKind(kinds[ref]) if kinds[ref] in EntityKind.__members__
               else EntityKind.organisation,
               names=tuple(Name(value=v, strength=NameStrength.primary if i == 0
                                else NameStrength.strong) for i, v in enumerate(vals)))
        for ref, vals in sorted(names.items())))


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory, case_list: WatchList) -> tuple[Path, Path]:
    where = tmp_path_factory.mktemp("snap")
    key = where / "snapshot-key"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCREENING_SNAPSHOT_KEY", str(key))
        compile_snapshot([case_list], where / "cases.snap")
    return where / "cases.snap", key


def _found(screener: Screener, queries: list[tuple[str, str | None]]) -> list[list[tuple]]:
    out = []
    for kind in (None, "person", "organisation"):
        names = [q for q, k in queries if kind is None or k == kind]
        out += [[(m.entity.list_id, m.entity.id, m.name, str(m.strength), m.score,
                  m.explanation) for m in ms]
                for ms in screener.index.search_many(names, kind=kind, limit=10)]
    return out


@pytest.mark.parametrize("stamped", [True, False], ids=["stamped", "from-elsewhere"])
def test_snapshot_finds_what_the_lists_find_on_the_case_sets(
        snap: tuple[Path, Path], case_list: WatchList, stamped: bool, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, key = snap
    monkeypatch.setenv("SCREENING_SNAPSHOT_KEY", str(key if stamped else tmp_path / "other"))
    source = Screener([*builtin_lists(), case_list], Screener.default().rules)
    loaded = Screener.load([path])
    assert (loaded._deferred is not None) and loaded._deferred.store is not None
    queries = [(c["query"], c["kind"] or None) for f in POSITIVES for c in _read(f)]
    queries += [(c["query"], c["kind"] or None) for f in NEGATIVES for c in _read(f)[::3]]
    assert len(queries) > 2000
    found = _found(loaded, queries)
    assert found == _found(source, queries)
    assert sum(map(bool, found)) > 1000  # most positives are found
    # whole-record screening too: every hit, reason and decision
    records = [{"id": f"R{i}", "date": "2022-04-05", "beneficiary_name": q,
                "originator_name": "Tanaka Trading Co"} for i, (q, _) in enumerate(queries[:400])]
    assert [r.model_dump() for r in loaded.screen_many(records)] == [
        r.model_dump() for r in source.screen_many(records)]
    assert [wl.model_dump() for wl in loaded.lists] == [wl.model_dump() for wl in source.lists]
