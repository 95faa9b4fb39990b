"""The built-in rules on real data: the built-in 2022 list (Screener.default()) and the dated
OFAC SDN snapshots in the shared reference data (skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening.engine import Screener
from screening.results import Decision

REPO = Path(__file__).resolve().parents[1]
BUILTIN_LIST = REPO / "lists" / "japan-2022.toml"
HISTORY = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac" / "history"
D = dt.date
CLEAR, REVIEW, BLOCK = Decision.CLEAR, Decision.REVIEW, Decision.BLOCK

needs_builtin = pytest.mark.skipif(not BUILTIN_LIST.exists(),
                                   reason="lists/japan-2022.toml not written yet")


@pytest.fixture(scope="module")
def default() -> Screener:
    return Screener.default()


def _days(s: Screener, rec: dict, day: D) -> list[Decision]:
    return [s.screen(rec, as_of=day + dt.timedelta(days=k)).decision for k in (-1, 0, 1)]


@needs_builtin
def test_default_payment_prohibition_belarus_mod_to_japanese_exporter(default):
    rec = {"id": "1", "date": "2022-03-15", "beneficiary_name": "Example Trading KK",
           "beneficiary_country": "JP",
           "originator_name": "Ministry of Defence of the Republic of Belarus"}
    assert _days(default, rec, D(2022, 3, 15)) == [CLEAR, BLOCK, BLOCK]
    r = default.screen(rec)
    assert [x.rule_id for x in r.reasons] == ["payment-prohibition-jp-beneficiary"]
    assert r.reasons[0].list_id == "jp-2022" and r.reasons[0].list_version


@needs_builtin
def test_default_swift_cut_off_then_asset_freeze_for_vtb(default):
    rec = {"id": "2", "date": "2022-03-12", "beneficiary_name": "Example OOO",
           "intermediary_bic": "VTBRRUMMXXX"}
    assert _days(default, rec, D(2022, 3, 12)) == [CLEAR, BLOCK, BLOCK]
    assert {x.rule_id for x in default.screen(rec, as_of=D(2022, 3, 12)).reasons} == {
        "payment-swift-disconnected-bank"}
    later = {x.rule_id for x in default.screen(rec, as_of=D(2022, 4, 2)).reasons}
    assert later == {"payment-swift-disconnected-bank", "payment-asset-freeze"}


@needs_builtin
def test_default_export_bans(default):
    oil = {"id": "3", "date": "2022-03-08", "exporter_name": "Example Plant KK",
           "destination_country": "RU", "hs_code": "8419.40"}
    assert _days(default, oil, D(2022, 3, 8)) == [CLEAR, BLOCK, BLOCK]
    dual = {**oil, "destination_country": "BY", "hs_code": "8542.31"}
    assert _days(default, dual, D(2022, 3, 8)) == [CLEAR, REVIEW, REVIEW]


@pytest.fixture(scope="module")
def lists_api():
    return pytest.importorskip("screening.lists")


def _snapshots(lists_api, *days: str) -> Screener:
    from screening.rules import builtin_rules

    files = [HISTORY / f"sdn-{d}.csv" for d in days]
    if not all(f.exists() for f in files):
        pytest.skip("OFAC history snapshots absent")
    if not hasattr(lists_api, "load_snapshots"):
        pytest.skip("screening.lists.load_snapshots not written yet")
    return Screener([lists_api.load_snapshots(files)], builtin_rules())


def test_ofac_snapshots_vtb_clear_before_designation_block_after(lists_api):
    s = _snapshots(lists_api, "2022-02-23", "2022-02-25")
    rec = {"id": "v", "date": "2022-02-24", "beneficiary_name": "Example OOO",
           "beneficiary_bic": "VTBRRUMM"}
    before = s.screen(rec, as_of=D(2022, 2, 23))
    assert before.decision is CLEAR
    assert any("17013" in n and "not in force on 2022-02-23" in n for n in before.notes)
    after = s.screen(rec, as_of=D(2022, 2, 25))
    assert after.decision is BLOCK
    (reason,) = after.reasons
    assert (reason.entity_id, reason.measure_authority, reason.date_basis) == (
        "17013", "OFAC", "snapshot")
    assert reason.measure_from == D(2022, 2, 25)


def test_ofac_snapshots_delisting_of_ozon_bank(lists_api):
    s = _snapshots(lists_api, "2022-03-30", "2022-03-31")
    rec = {"id": "o", "date": "2022-03-30",
           "beneficiary_name": "Limited Liability Company Ozon Bank"}
    assert s.screen(rec, as_of=D(2022, 3, 30)).decision is BLOCK
    # in the earliest snapshot: start unknown, applies at any earlier date (fail closed)
    early = s.screen(rec, as_of=D(2020, 1, 1))
    assert early.decision is BLOCK and "start date unknown" in early.reasons[0].text
    gone = s.screen(rec, as_of=D(2022, 3, 31))
    assert gone.decision is CLEAR
    assert any("34751" in n and "was delisted on 2022-03-31" in n for n in gone.notes)
