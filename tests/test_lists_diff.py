"""`screen lists diff`: entries added, removed and changed between two versions of a list."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from screening.cli import main
from screening.lists import load_list
from screening.lists.diff import diff_lists
from screening.models import WatchList

ROOT = Path(__file__).resolve().parents[1]
SNAPS = ROOT / "tests" / "fixtures" / "ofac" / "snapshots"
HISTORY = ROOT.parent / "shared" / "data" / "ofac" / "history"
needs_history = pytest.mark.skipif(not HISTORY.exists(),
                                   reason=f"{HISTORY} (shared OFAC history) not present")


@functools.cache
def loaded(path: Path) -> WatchList:
    return load_list(path)


def changes(old: Path, new: Path) -> dict[str, dict[str, str]]:
    d = diff_lists(loaded(old), loaded(new))
    return {c: {e.entity_id: e.name for e in d.of(c)} for c in ("added", "removed", "changed")}


def test_fixture_snapshots() -> None:
    c = changes(SNAPS / "sdn-2022-02-23.csv", SNAPS / "sdn-2022-02-25.csv")
    assert c["added"] == {"17013": "VTB BANK PUBLIC JOINT STOCK COMPANY",
                          "18784": "JOINT STOCK COMMERCIAL BANK NOVIKOMBANK",
                          "34751": "LIMITED LIABILITY COMPANY OZON BANK"}
    assert not c["removed"]
    c = changes(SNAPS / "sdn-2022-03-30.csv", SNAPS / "sdn-2022-03-31.csv")
    assert c["removed"] == {"34751": "LIMITED LIABILITY COMPANY OZON BANK"} and not c["added"]


def test_same_list_twice_has_no_changes() -> None:
    wl = load_list(SNAPS / "sdn-2022-03-30.csv")
    assert diff_lists(wl, wl).entries == ()


@needs_history
def test_real_history_vtb_added_ozon_removed() -> None:
    c = changes(HISTORY / "sdn-2022-02-23.csv", HISTORY / "sdn-2022-02-25.csv")
    assert c["added"]["17013"] == "VTB BANK PUBLIC JOINT STOCK COMPANY"
    assert len(c["added"]) == 106 and not c["removed"]
    c = changes(HISTORY / "sdn-2022-03-30.csv", HISTORY / "sdn-2022-03-31.csv")
    assert c["removed"] == {"34751": "LIMITED LIABILITY COMPANY OZON BANK"}


@needs_history
def test_real_history_changed_entry_says_what_changed() -> None:
    d = diff_lists(loaded(HISTORY / "sdn-2022-02-23.csv"), loaded(HISTORY / "sdn-2022-02-25.csv"))
    ivanov = next(e for e in d.of("changed") if e.entity_id == "16688")
    fields = {f.field: f for f in ivanov.fields}
    assert fields["names"].removed == ("IVANOV, Sergei",)
    assert fields["names"].added == ("IVANOV, Sergei Borisovich",)
    assert "RUSSIA-EO14024" in fields["measures"].added[0]
    assert "RUSSIA-EO14024" not in fields["measures"].removed[0]
    # where the data was read from (file paths in sources and measure notes) is no change
    assert "sources" not in fields


def test_cli_table_and_jsonl(capsys) -> None:
    old, new = SNAPS / "sdn-2022-03-30.csv", SNAPS / "sdn-2022-03-31.csv"
    assert main(["lists", "diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ofac-sdn: 2022-03-30/") and "0 added, 1 removed, 0 changed" in out[0]
    assert out[1].split() == ["REMOVED", "34751", "organisation", "LIMITED", "LIABILITY",
                              "COMPANY", "OZON", "BANK"]
    assert main(["lists", "diff", str(old), str(new), "--format", "jsonl"]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["removed"] == 1 and lines[0]["new_version"].startswith("2022-03-31/")
    assert lines[1] == {"change": "removed", "entity_id": "34751",
                        "name": "LIMITED LIABILITY COMPANY OZON BANK", "kind": "organisation"}
    assert main(["lists", "diff", str(old), str(old)]) == 0


def test_cli_changed_entry_jsonl(tmp_path: Path, capsys) -> None:
    old = SNAPS / "sdn-2022-03-31.csv"
    new = tmp_path / "sdn-2022-04-01.csv"
    new.write_bytes(old.read_bytes().replace(b"BANCO NACIONAL DE CUBA", b"BANCO NACIONAL CUBA"))
    assert main(["lists", "diff", str(old), str(new), "-f", "jsonl"]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[1]["change"] == "changed" and lines[1]["entity_id"] == "306"
    assert lines[1]["fields"]["names"] == {"removed": ["BANCO NACIONAL DE CUBA"],
                                           "added": ["BANCO NACIONAL CUBA"]}


def test_cli_refuses_two_different_lists(capsys) -> None:
    un = ROOT / "tests" / "fixtures" / "un" / "consolidated-excerpt-2026-02-27.xml"
    assert main(["lists", "diff", str(SNAPS / "sdn-2022-03-30.csv"), str(un)]) == 2
    assert "not two versions of one list" in capsys.readouterr().err
