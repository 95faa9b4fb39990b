"""Lookback (`screen FILE --since-list OLD --list NEW`): the same new and gone hits as full
runs against both versions, on far fewer rows."""

from __future__ import annotations

import csv
import functools
import json
import random
from pathlib import Path

import pytest

from screening import Screener
from screening.batch import BatchOptions, open_source
from screening.cli import main
from screening.lists import load_list
from screening.lists.diff import diff_lists
from screening.lookback import hit_key, run_lookback
from screening.mapping import build_record
from screening.models import WatchList
from screening.screener_spec import ScreenerSpec

ROOT = Path(__file__).resolve().parents[1]
SNAPS = ROOT / "tests" / "fixtures" / "ofac" / "snapshots"
HISTORY = ROOT.parent / "shared" / "data" / "ofac" / "history"
MUST = {"17013", "34751", "34686"}  # VTB (added 2022-02-24), OZON BANK (removed 2022-03-31), ...
HEADER = ["id", "date", "amount", "currency", "beneficiary_name", "beneficiary_bic"]


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def write_rows(path: Path, names: list[str], date: str = "2022-04-01") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i, n in enumerate(names):
            w.writerow([f"R{i}", date, "100", "USD", n, ""])
    return path


@functools.cache
def loaded(path: Path) -> WatchList:
    return load_list(path)


@functools.cache
def screener(path: Path) -> Screener:
    return Screener.load([loaded(path)])


def rows_near_changes(old_path: Path, new_path: Path, seed: int = 7) -> list[str]:
    """Names of changed entries (as listed, altered, cut short) and of unchanged ones, and
    random mixes of list words: rows that must hit anew, must not, and nearly do."""
    old, new = loaded(old_path), loaded(new_path)
    d = diff_lists(old, new)
    rnd = random.Random(seed)
    names = []
    must = [e for e in d.entries if e.entity_id in MUST]
    for e in must + rnd.sample([e for e in d.entries if e not in must],
                               min(40, len(d.entries) - len(must))):
        for ent in (e.old, e.new):
            for n in (ent.names if ent else ()):
                v = n.value
                words = v.replace(",", "").split()
                names += [v, v.lower(), v[:-1], " ".join(reversed(words))]
                if len(words) > 1:
                    names += [" ".join(words[:-1]), words[0] + " Trading"]
    changed = {e.entity_id for e in d.entries}
    unchanged = [e for e in new.entities if e.id not in changed]
    names += [e.names[0].value for e in rnd.sample(unchanged, 100)]
    words = [w for e in rnd.sample(new.entities, 500) for n in e.names
             for w in n.value.replace(",", "").split()]
    names += [" ".join(rnd.sample(words, rnd.choice([2, 3]))) for _ in range(200)]
    return names


def full_runs(path: Path, old_path: Path, new_path: Path) -> dict[int, tuple[set, set]]:
    """Row -> (hits only against NEW, hits only against OLD), from full runs of both."""
    new, old = screener(new_path), screener(old_path)
    src, cmap = open_source(path, BatchOptions())
    out = {}
    for raw in src.rows():
        rec = new.parse(build_record(cmap, raw.fields))
        a = {hit_key(h) for h in new.screen(rec).hits}
        b = {hit_key(h) for h in old.screen(rec).hits}
        out[raw.row] = (a - b, b - a)
    return out


def lookback_runs(path: Path, old_path: Path, new_path: Path):  # noqa: ANN201
    rows, summary = run_lookback(path, loaded(old_path), ScreenerSpec(lists=(str(new_path),)),
                                 BatchOptions(), build=lambda spec: screener(new_path))
    got = {r.row: ({hit_key(h) for h in r.new_hits}, {hit_key(h) for h in r.gone_hits})
           for r in rows}
    return got, summary


@pytest.mark.skipif(not HISTORY.exists(), reason=f"{HISTORY} (shared OFAC history) not present")
@pytest.mark.parametrize(("old", "new", "must_add", "must_go"), [
    ("2022-02-23", "2022-02-25", "VTB BANK PUBLIC JOINT STOCK COMPANY", None),
    ("2022-03-30", "2022-03-31", "T-PLATFORMS", "LIMITED LIABILITY COMPANY OZON BANK"),
])
def test_lookback_equals_full_rescreen_on_real_ofac_history(tmp_path: Path, old: str, new: str,
                                                            must_add: str, must_go: str | None
                                                            ) -> None:
    old_p, new_p = HISTORY / f"sdn-{old}.csv", HISTORY / f"sdn-{new}.csv"
    path = write_rows(tmp_path / "rows.csv", rows_near_changes(old_p, new_p))
    got, summary = lookback_runs(path, old_p, new_p)
    full = full_runs(path, old_p, new_p)
    assert summary.rows == len(full) and summary.errors == 0
    assert summary.skipped + summary.rescreened == summary.rows
    assert summary.skipped > summary.rows / 3  # far from every row is screened again
    for row, (added, gone) in full.items():
        assert got.get(row, (set(), set())) == (added, gone), row
    assert sum(bool(a) for a, _ in full.values()) == summary.newly_hit > 0
    assert sum(bool(g) for _, g in full.values()) == summary.hits_gone
    names = {k[2] for a, _ in got.values() for k in a}
    assert must_add in names
    if must_go:
        assert must_go in {k[2] for _, g in got.values() for k in g}


def test_cli_lookback_on_fixture_snapshots(tmp_path: Path, capsys) -> None:
    path = write_rows(tmp_path / "pay.csv", [
        "LIMITED LIABILITY COMPANY OZON BANK",  # delisted on 2022-03-31: its hit goes away
        "Vladimir Vladimirovich Putin",  # listed on both days: no change, skipped or same
        "Banco Nacional de Cuba",  # unchanged entry
        "Maria Gonzalez Trading",  # near nothing
    ])
    with path.open("a", encoding="utf-8") as f:
        f.write("R9,not-a-date,100,USD,Somebody,\n")
    old, new = SNAPS / "sdn-2022-03-30.csv", SNAPS / "sdn-2022-03-31.csv"
    code = main([str(path), "--since-list", str(old), "--list", str(new), "--format", "jsonl",
                 "--no-builtin"])
    out, err = capsys.readouterr()
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 3  # the unreadable row is reported, never skipped
    assert [(x["record_id"], x["changes"]) for x in lines] == [
        ("R0", ["hit_gone", "decision_changed"]), ("R9", ["error"])]
    assert lines[0]["gone_hits"][0]["entity_id"] == "34751"
    assert lines[0]["previous_decision"] in ("REVIEW", "BLOCK")
    assert lines[0]["decision"] == "CLEAR" and lines[0]["result"]["decision"] == "CLEAR"
    assert "not-a-date" in lines[1]["result"]["error"]
    assert "5 rows" in err and "0 added, 1 removed, 0 changed" in err
    assert "errors 1" in err


def test_cli_lookback_newly_hit_csv(tmp_path: Path, capsys) -> None:
    path = write_rows(tmp_path / "pay.csv", ["VTB Bank PJSC", "Novikombank", "John Smith"])
    old, new = SNAPS / "sdn-2022-02-23.csv", SNAPS / "sdn-2022-02-25.csv"
    code = main([str(path), "--since-list", str(old), "--list", str(new)])
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 1
    assert [r["record_id"] for r in rows] == ["R0", "R1"]
    assert all(r["changes"].startswith("newly_hit") for r in rows)
    assert "ofac-sdn:17013" in rows[0]["new_hits"]
    assert "skipped 1" in err


def test_cli_lookback_needs_the_same_list(tmp_path: Path, capsys) -> None:
    path = write_rows(tmp_path / "pay.csv", ["x"])
    un = ROOT / "tests" / "fixtures" / "un" / "consolidated-excerpt-2026-02-27.xml"
    assert main([str(path), "--since-list", str(SNAPS / "sdn-2022-02-23.csv"),
                 "--list", str(un)]) == 2
    assert "no --list has that id" in capsys.readouterr().err
