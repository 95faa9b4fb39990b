"""`screen lists update` against a local HTTP server serving fixture files (no test reaches
the internet), the dated snapshots it keeps, and `screen lists --show/--search`."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from screening.cli import main
from screening.lists import load_lists
from screening.lists.update import load_sources

FIX = Path(__file__).parent / "fixtures"
TINY = FIX / "ofac" / "tiny"
VTB_ROW = next(ln for ln in (FIX / "ofac" / "snapshots" / "sdn-2022-02-25.csv").read_text(
    encoding="utf-8").splitlines() if ln.startswith("17013,"))


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A directory served over HTTP on localhost, and its base URL."""
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def publish(root: Path, version: str, sdn_lines: list[str]) -> None:
    d = root / version
    d.mkdir()
    (d / "sdn.csv").write_text("\n".join(sdn_lines) + "\n", encoding="utf-8")
    for name in ("alt.csv", "add.csv"):
        shutil.copy(TINY / name, d / name)


def tiny_rows() -> list[str]:
    return (TINY / "sdn.csv").read_text(encoding="utf-8").splitlines()


def test_update_keeps_dated_snapshots_and_prints_what_changed(served, tmp_path, capsys):
    www, base = served
    store = tmp_path / "lists.d"
    rows = [r for r in tiny_rows() if r.strip()]
    publish(www, "v1", rows)
    publish(www, "v2", [r for r in rows if not r.startswith("15102,")] + [VTB_ROW])

    code, out, err = run(capsys, "lists", "update", "--source", "ofac", "--url",
                         base + "v1/sdn.csv", "--dir", store, "--date", "2022-03-01")
    assert code == 0, err
    assert f"ofac: added: {len(rows)} entries on 2022-03-01" in out
    snap = store / "ofac" / "2022-03-01"
    assert {p.name for p in snap.iterdir()} == {"sdn.csv", "alt.csv", "add.csv", "snapshot.json"}
    meta = json.loads((snap / "snapshot.json").read_text())
    assert meta["url"].endswith("v1/sdn.csv") and meta["entries"] == len(rows)
    assert len(meta["files"]["sdn.csv"]) == 64  # sha256

    code, out, err = run(capsys, "lists", "update", "--source", "ofac", "--url",
                         base + "v2/sdn.csv", "--dir", store, "--date", "2022-03-02")
    assert code == 0, err
    assert "ofac: updated:" in out and f"(was {len(rows)} on 2022-03-01)" in out
    assert "1 added, 1 removed" in out
    assert "+ 17013  VTB BANK PUBLIC JOINT STOCK COMPANY" in out
    assert "- 15102  MORENO, Daniel" in out

    # --list DIR sees the history: MORENO delisted from 2022-03-02, VTB listed from then
    (wl,) = load_lists([store])
    moreno = wl.get("15102")
    assert moreno is not None and moreno.measures[-1].delisted.isoformat() == "2022-03-02"
    vtb = wl.get("17013")
    assert vtb.measures[0].effective_from.isoformat() == "2022-03-02"
    assert "HESA TRADE CENTER" in {n.value for n in wl.get("11195").names}  # alt.csv kept
    code, out, _ = run(capsys, "name", "Daniel Moreno", "--no-builtin", "--list", store,
                       "--as-of", "2022-03-05", "-n", "1")
    assert code == 0 and "delisted" in out
    code, _, _ = run(capsys, "name", "Daniel Moreno", "--no-builtin", "--list", store,
                     "--as-of", "2022-03-01", "-n", "1")
    assert code == 1

    # the same content again: nothing new is kept
    code, out, _ = run(capsys, "lists", "update", "--source", "ofac", "--url",
                       base + "v2/sdn.csv", "--dir", store, "--date", "2022-03-03")
    assert code == 0 and "unchanged" in out and not (store / "ofac" / "2022-03-03").exists()


def test_a_shrunken_file_is_held_back_until_confirmed(served, tmp_path, capsys):
    www, base = served
    store = tmp_path / "lists.d"
    rows = [r for r in tiny_rows() if r.strip()]
    publish(www, "full", rows)
    publish(www, "cut", rows[:3])
    run(capsys, "lists", "update", "--source", "ofac", "--url", base + "full/sdn.csv",
        "--dir", store, "--date", "2022-03-01")
    code, out, _ = run(capsys, "lists", "update", "--source", "ofac", "--url",
                       base + "cut/sdn.csv", "--dir", store, "--date", "2022-03-02")
    assert code == 1 and "held back: 3 entries against" in out and "--confirm" in out
    assert not (store / "ofac" / "2022-03-02").exists()
    assert (store / "ofac" / "pending" / "2022-03-02" / "sdn.csv").exists()
    assert len(load_lists([store])[0].entities) == len(rows)  # still the full list
    code, out, _ = run(capsys, "lists", "update", "--source", "ofac", "--dir", store,
                       "--confirm")
    assert code == 0 and "confirmed" in out and (store / "ofac" / "2022-03-02").exists()


def test_a_file_the_importer_cannot_load_changes_nothing(served, tmp_path, capsys):
    www, base = served
    store = tmp_path / "lists.d"
    publish(www, "bad", ['1,"X",-0- ,"P"'])  # 4 columns instead of 12
    code, _, err = run(capsys, "lists", "update", "--source", "ofac", "--url",
                       base + "bad/sdn.csv", "--dir", store)
    assert code == 2 and "does not load, nothing was changed" in err
    assert [p.name for p in (store / "ofac").iterdir()] == []


def test_http_errors_change_nothing(served, tmp_path, capsys):
    _, base = served
    code, _, err = run(capsys, "lists", "update", "--source", "un", "--url",
                       base + "missing.xml", "--dir", tmp_path / "d")
    assert code == 2 and "HTTP 404" in err


def test_un_xml_update_and_screening_against_the_store(served, tmp_path, capsys):
    www, base = served
    shutil.copy(FIX / "un" / "consolidated-excerpt-2026-02-27.xml", www / "consolidated.xml")
    store = tmp_path / "lists.d"
    code, out, err = run(capsys, "lists", "update", "--source", "un", "--url",
                         base + "consolidated.xml", "--dir", store, "--date", "2026-02-27")
    assert code == 0, err
    assert "un: added: 8 entries on 2026-02-27" in out
    code, out, _ = run(capsys, "lists", "--list", store)
    un = [ln for ln in out.splitlines() if ln.startswith("un-consolidated")]
    assert code == 0 and un and " 8 " in un[0] and "2026-02-27" in un[0]


def test_sources_table_names_every_published_location():
    table, shrink = load_sources()
    assert set(table) == {"ofac", "un", "eu", "uk", "opensanctions"}
    assert 0 < shrink < 1
    assert all(s.url.startswith("https://") for s in table.values())
    assert table["ofac"].also == ("alt.csv", "add.csv")


def test_unknown_source_is_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, "lists", "update", "--source", "ofak", "--dir", tmp_path)
    assert code == 2 and "ofak" in err and "ofac" in err


# -- show and search -----------------------------------------------------------------------------

def test_show_list_entries_paged(capsys):
    code, out, _ = run(capsys, "lists", "--show", "jp-2022", "--page-size", "5")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("jp-2022 (JP-MOF") and "page 1 of 4" in lines[0]
    assert len([ln for ln in lines if ln.startswith("  jp-2022:")]) == 5
    assert "next: --page 2" in out
    code, out, _ = run(capsys, "lists", "--show", "jp-2022", "--page-size", "5", "--page", "4",
                       "-f", "json")
    data = json.loads(out)
    assert data["total"] == 17 and len(data["entries"]) == 2
    code, _, err = run(capsys, "lists", "--show", "jp-2022", "--page", "9")
    assert code == 2 and "page(s)" in err


def test_search_finds_entries_by_name_across_scripts(capsys):
    code, out, _ = run(capsys, "lists", "--search", "rossiya")
    assert code == 0 and "jp-2022-bank-rossiya" in out
    code, out, _ = run(capsys, "lists", "--search", "ПУТИН", "-f", "json")
    assert [e["id"] for e in json.loads(out)["entries"]] == ["jp-2022-putin"]


def test_show_one_entry_still_works(capsys):
    code, out, _ = run(capsys, "lists", "--show", "jp-2022-vtb")
    assert code == 0 and "VTBRRUMM" in out


def test_opensanctions_update_is_checked_by_the_ftm_importer(served, tmp_path, capsys):
    shared = Path(__file__).resolve().parents[2] / "shared" / "data" / "opensanctions" / "t1"
    if not (shared / "entities.ftm.json").is_file():
        pytest.skip(f"OpenSanctions sample not present at {shared}")
    www, base = served
    shutil.copy(shared / "entities.ftm.json", www / "entities.ftm.json")
    store = tmp_path / "lists.d"
    code, out, err = run(capsys, "lists", "update", "--source", "opensanctions", "--url",
                         base + "entities.ftm.json", "--dir", store, "--date", "2026-12-01")
    assert code == 0, err
    assert "opensanctions: added: 6 entries on 2026-12-01" in out
    (wl,) = load_lists([store])
    assert len(wl.entities) == 6
