"""Importers on the full official files in /work/shared/data (skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening.lists import in_force, load_list, load_lists
from screening.models import EntityKind, IdentifierType, NameStrength

DATA = Path(__file__).parents[2] / "shared" / "data"
D = dt.date.fromisoformat


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="module")
def sdn2019():
    return load_list(need(DATA / "ofac" / "sdn-2019"))


def test_ofac_2019_set_has_7379_entities_with_aliases_bics_and_dobs(sdn2019):
    ents = sdn2019.entities
    assert len(ents) == 7379
    assert sum(len(e.names) - 1 for e in ents) > 9682  # alt.csv aliases plus Remarks a.k.a.s
    assert sum(len(e.bics) for e in ents) >= 70
    assert sum(1 for e in ents if e.birth_dates) > 3000
    assert not [n for n in sdn2019.notes if "wrong shape" in n or "not read" in n]


def test_ofac_2019_specific_entries(sdn2019):
    rossiya = sdn2019.get("16681")
    assert rossiya.primary_name.startswith("BANK ROSSIYA")
    assert rossiya.kind is EntityKind.bank and "ROSYRU2P" in rossiya.bics
    luka = sdn2019.get("9760")
    assert luka.kind is EntityKind.person
    assert [b.date for b in luka.birth_dates] == [D("1954-08-30")]
    assert luka.birth_places == ("Kopys, Vitebsk oblast, Belarus",)
    assert (IdentifierType.registration, "1027800000084") in {
        (i.type, i.value) for i in rossiya.identifiers}
    kadyrov = sdn2019.get("23343")
    assert D("1976-10-05") in {b.date for b in kadyrov.birth_dates}
    cuba = sdn2019.get("306")
    assert "BNC" in [n.value for n in cuba.names if n.strength is NameStrength.weak]


def test_ofac_bench_set():
    wl = load_list(need(DATA / "ofac" / "bench"))
    assert len(wl.entities) == 8976  # rows in bench/sdn.csv


def test_un_full_list_has_1003_entries():
    wl = load_list(need(DATA / "un" / "consolidated-2026-02-27.xml"))
    persons = [e for e in wl.entities if e.kind is EntityKind.person]
    assert (len(persons), len(wl.entities)) == (730, 1003)
    assert wl.version.published == D("2026-02-27")
    assert sum(1 for e in wl.entities for n in e.names if n.strength is NameStrength.weak) > 500


@pytest.fixture(scope="module")
def history():
    h = need(DATA / "ofac" / "history")
    files = [h / f"sdn-{d}.csv" for d in ("2022-02-23", "2022-02-25", "2022-03-30", "2022-03-31")]
    (wl,) = load_lists(files)
    return wl


def listed(e, day):
    return any(in_force(m, D(day)) for m in e.measures)


def test_history_vtb_designated_between_23_and_25_feb(history):
    vtb = history.get("17013")
    assert not listed(vtb, "2022-02-23") and listed(vtb, "2022-02-25")
    assert "VTBRRUMM" in vtb.bics and vtb.kind is EntityKind.bank
    assert (IdentifierType.bik, "044525187") in {(i.type, i.value) for i in vtb.identifiers}


def test_history_ozon_delisted_31_march(history):
    ozon = history.get("34751")
    assert listed(ozon, "2022-03-30") and not listed(ozon, "2022-03-31")
