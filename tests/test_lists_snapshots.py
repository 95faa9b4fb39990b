"""Dated OFAC snapshots -> listing periods; in_force; load_lists grouping."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from screening.lists import ListError, in_force, load_lists, load_snapshots
from screening.models import DateBasis, Measure, MeasureType

SNAP = Path(__file__).parent / "fixtures" / "ofac" / "snapshots"
FILES = sorted(SNAP.glob("sdn-*.csv"))
D = dt.date.fromisoformat


def listed(entity, day: str) -> bool:
    return any(in_force(m, D(day)) for m in entity.measures)


@pytest.fixture(scope="module")
def wl():
    return load_snapshots(FILES)


def test_vtb_listed_from_the_snapshot_it_first_appears_in(wl):
    vtb = wl.get("17013")
    assert not listed(vtb, "2022-02-23") and listed(vtb, "2022-02-25")
    (m,) = vtb.measures
    assert m.effective_from == D("2022-02-25") and m.date_basis is DateBasis.snapshot
    assert m.source.endswith("sdn-2022-02-25.csv") and m.delisted is None


def test_ozon_delisted_as_of_the_next_snapshot(wl):
    ozon = wl.get("34751")
    assert listed(ozon, "2022-03-30") and not listed(ozon, "2022-03-31")
    assert ozon.measures[0].delisted == D("2022-03-31")
    # details come from the latest snapshot containing it
    assert ozon.sources[-1].endswith("sdn-2022-03-30.csv")


def test_entry_in_the_earliest_snapshot_has_no_start_date(wl):
    cuba = wl.get("306")
    (m,) = cuba.measures
    assert m.effective_from is None and m.date_basis is DateBasis.unknown
    assert listed(cuba, "1990-01-01") and listed(cuba, "2022-03-31")


def test_version_covers_all_files_and_is_dated_by_the_latest(wl):
    assert wl.version.published == D("2022-03-31")
    assert wl.id == "ofac-sdn" and len(wl.entities) == 6


def test_relisting_opens_a_new_measure(tmp_path):
    # 18598 is in the 02-23 and 02-25 files and absent from 03-30; reuse the 02-25 file as a
    # later snapshot (dates given explicitly) to model a re-listing.
    later = tmp_path / "again.csv"
    shutil.copy(SNAP / "sdn-2022-02-25.csv", later)
    wl = load_snapshots([SNAP / "sdn-2022-02-25.csv", SNAP / "sdn-2022-03-30.csv",
                         (later, D("2022-05-01"))])
    ms = wl.get("18598").measures
    assert [(m.effective_from, m.delisted) for m in ms] == [(None, D("2022-03-30")),
                                                            (D("2022-05-01"), None)]
    e = wl.get("18598")
    assert listed(e, "2022-03-01") and not listed(e, "2022-04-01") and listed(e, "2022-05-01")


def test_undated_or_same_dated_snapshots_are_rejected(tmp_path):
    undated = tmp_path / "sdn.csv"
    shutil.copy(FILES[0], undated)
    with pytest.raises(ListError, match="snapshot has no date"):
        load_snapshots([FILES[0], undated])
    with pytest.raises(ListError, match="two snapshots dated 2022-02-23"):
        load_snapshots([FILES[0], (undated, D("2022-02-23"))])


def test_load_lists_groups_dated_ofac_files_into_one_snapshot_list():
    out = load_lists([str(f) for f in reversed(FILES)])
    assert len(out) == 1
    assert not listed(out[0].get("17013"), "2022-02-23")


def test_in_force_boundaries():
    m = Measure(type=MeasureType.asset_freeze, authority="OFAC", effective_from=D("2022-02-25"),
                delisted=D("2022-03-31"))
    assert not in_force(m, D("2022-02-24"))
    assert in_force(m, D("2022-02-25")) and in_force(m, D("2022-03-30"))
    assert not in_force(m, D("2022-03-31"))
    assert in_force(Measure(type=MeasureType.travel_ban, authority="UK"), D("1900-01-01"))
    lapsed = Measure(type=MeasureType.sanction, authority="EU", effective_from=D("2020-01-01"),
                     effective_to=D("2021-01-01"), delisted=D("2022-01-01"))
    assert not in_force(lapsed, D("2021-06-01"))
