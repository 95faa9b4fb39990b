"""Timeline tests for every built-in rule: the day before, of and after each boundary date.

Uses the fictitious test list tests/fixtures/rules/test-list.toml (loaded straight into the
models, no list importer) with the built-in rules, through the Screener.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from screening.engine import Screener
from screening.models import ListVersion, WatchList
from screening.results import Decision
from screening.rules import builtin_rules

FIXTURE = Path(__file__).parent / "fixtures" / "rules" / "test-list.toml"
D = dt.date


def load_test_list() -> WatchList:
    data = tomllib.loads(FIXTURE.read_text(encoding="utf-8"))
    meta = data["list"]
    return WatchList(
        id=meta["id"], authority=meta["authority"], title=meta["title"],
        version=ListVersion(content_hash="fixture", published=meta["published"]),
        entities=tuple({**e, "list_id": meta["id"]} for e in data["entity"]),
        country_measures=tuple(data["country_measure"]),
    )


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener([load_test_list()], builtin_rules())


def _policy_screener(policy: str) -> Screener:
    return Screener([load_test_list()], builtin_rules(announced_policy=policy))


def pay(**kw: object) -> dict:
    return {"id": "p1", "date": "2022-01-01", "beneficiary_name": "Harmless Receiver KK", **kw}


def export(**kw: object) -> dict:
    return {"id": "e1", "date": "2022-01-01", "exporter_name": "Nihon Example Kogyo", **kw}


def around(day: D) -> list[D]:
    return [day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)]


def decisions(s: Screener, record: dict, days: list[D], **kw: object) -> list[Decision]:
    return [s.screen(record, as_of=d, **kw).decision for d in days]


def rule_ids(result) -> set[str]:
    return {r.rule_id for r in result.reasons}


CLEAR, REVIEW, BLOCK = Decision.CLEAR, Decision.REVIEW, Decision.BLOCK


# -- payment-asset-freeze ----------------------------------------------------------------------
@pytest.mark.parametrize("field", ["beneficiary_bic", "originator_bic", "intermediary_bic"])
def test_asset_freeze_bank_bic_blocks_from_effective_date_not_announcement(screener, field):
    rec = pay(**{field: "TFRZRUMMXXX"})
    assert decisions(screener, rec, around(D(2022, 4, 2))) == [CLEAR, BLOCK, BLOCK]
    # announced 3 March, effective 2 April: not yet in force in between, and the note says so
    r = screener.screen(rec, as_of=D(2022, 3, 3))
    assert r.decision is CLEAR
    assert any("not in force on 2022-03-03 (effective 2022-04-02)" in n for n in r.notes)


@pytest.mark.parametrize("field", ["beneficiary_name", "originator_name"])
def test_asset_freeze_party_name_blocks_from_effective_date(screener, field):
    rec = pay(**{field: "Ivan Testovich Frozenov"})
    assert decisions(screener, rec, around(D(2022, 3, 1))) == [CLEAR, BLOCK, BLOCK]
    r = screener.screen(rec, as_of=D(2022, 3, 1))
    assert rule_ids(r) == {"payment-asset-freeze"}


def test_weak_alias_gives_review_not_block(screener):
    rec = pay(beneficiary_name="Zzyzx Frozie")
    assert decisions(screener, rec, around(D(2022, 3, 1))) == [CLEAR, REVIEW, REVIEW]
    r = screener.screen(rec, as_of=D(2022, 3, 1))
    assert "weak match" in r.reasons[0].text


def test_record_date_counts_when_no_as_of(screener):
    assert screener.screen(pay(date="2022-04-01", beneficiary_bic="TFRZRUMM")).decision is CLEAR
    assert screener.screen(pay(date="2022-04-02", beneficiary_bic="TFRZRUMM")).decision is BLOCK
    # as_of overrides the record date
    r = screener.screen(pay(date="2022-04-02", beneficiary_bic="TFRZRUMM"), as_of=D(2022, 4, 1))
    assert r.decision is CLEAR


# -- delisting -----------------------------------------------------------------------------------
def test_delisted_party_blocks_until_delisting_then_notes_it(screener):
    rec = pay(beneficiary_bic="TDELRUMM")
    assert decisions(screener, rec, around(D(2022, 3, 31))) == [BLOCK, CLEAR, CLEAR]
    r = screener.screen(rec, as_of=D(2022, 3, 31))
    assert r.reasons == []
    assert len(r.notes) == 1
    assert "t-delisted" in r.notes[0] and "was delisted on 2022-03-31" in r.notes[0]
    assert screener.screen(rec, as_of=D(2022, 3, 30)).reasons[0].measure_to == D(2022, 3, 31)


# -- payment-listed-party (type unknown, no start date) ---------------------------------------
def test_undated_listing_applies_at_any_date_and_says_start_unknown(screener):
    rec = pay(intermediary_bic="TUNDRUMM")
    for day in (D(1990, 1, 1), D(2022, 3, 8), D(2030, 1, 1)):
        r = screener.screen(rec, as_of=day)
        assert r.decision is BLOCK
        assert rule_ids(r) == {"payment-listed-party"}
        assert "start date unknown" in r.reasons[0].text
        assert r.reasons[0].measure_from is None and r.reasons[0].date_basis == "unknown"


# -- payment-prohibition-jp-beneficiary --------------------------------------------------------
MINISTRY = "Ministry of Testing of the Republic of Belarus"


def test_payment_prohibition_blocks_from_15_march_not_before(screener):
    rec = pay(originator_name=MINISTRY, beneficiary_country="JP")
    assert decisions(screener, rec, around(D(2022, 3, 15))) == [CLEAR, BLOCK, BLOCK]
    r = screener.screen(rec, as_of=D(2022, 3, 15))
    assert rule_ids(r) == {"payment-prohibition-jp-beneficiary"}
    assert r.reasons[0].measure_from == D(2022, 3, 15)
    assert r.reasons[0].date_basis == "effective"


def test_payment_prohibition_blank_beneficiary_country_fails_closed(screener):
    rec = pay(originator_name=MINISTRY, beneficiary_country="")
    assert decisions(screener, rec, around(D(2022, 3, 15))) == [CLEAR, REVIEW, REVIEW]
    r = screener.screen(rec, as_of=D(2022, 3, 15))
    assert rule_ids(r) == {"payment-prohibition-jp-beneficiary"}
    assert "beneficiary_country is blank" in r.reasons[0].text


def test_payment_prohibition_other_country_or_direction_falls_back_to_review(screener):
    to_de = pay(originator_name=MINISTRY, beneficiary_country="DE")
    assert decisions(screener, to_de, around(D(2022, 3, 15))) == [CLEAR, REVIEW, REVIEW]
    assert rule_ids(screener.screen(to_de, as_of=D(2022, 3, 15))) == {"listed-party-review"}
    # a payment TO the ministry is not what the prohibition covers, but it is not CLEAR either
    to_mod = pay(beneficiary_name=MINISTRY, beneficiary_country="BY", originator_country="JP")
    assert screener.screen(to_mod, as_of=D(2022, 3, 15)).decision is REVIEW


# -- payment-swift-disconnected-bank -------------------------------------------------------------
@pytest.mark.parametrize("field", ["originator_bic", "beneficiary_bic", "intermediary_bic"])
def test_swift_disconnection_blocks_any_bic_role_from_12_march(screener, field):
    rec = pay(**{field: "TSWFRUMM123"})
    assert decisions(screener, rec, around(D(2022, 3, 12))) == [CLEAR, BLOCK, BLOCK]
    r = screener.screen(rec, as_of=D(2022, 3, 12))
    assert rule_ids(r) == {"payment-swift-disconnected-bank"}
    assert r.reasons[0].measure_authority == "EU"


def test_swift_bank_named_as_beneficiary_is_review_not_block(screener):
    # the bank as a party by name is not "routed through its BIC": fallback REVIEW
    r = screener.screen(pay(beneficiary_name="Disconnected Test Bank"), as_of=D(2022, 3, 12))
    assert r.decision is REVIEW and rule_ids(r) == {"listed-party-review"}


# -- announced-only starts and the policy ---------------------------------------------------------
def test_announced_only_start_conservative_applies_from_announcement(screener):
    rec = pay(beneficiary_bic="TANNRUMM")
    assert decisions(screener, rec, around(D(2022, 3, 8))) == [CLEAR, BLOCK, BLOCK]
    reason = screener.screen(rec, as_of=D(2022, 3, 8)).reasons[0]
    assert reason.date_basis == "announced" and reason.measure_from == D(2022, 3, 8)
    assert "effective date unknown" in reason.text


def test_announced_only_start_review_policy_caps_at_review():
    s = _policy_screener("review")
    rec = pay(beneficiary_bic="TANNRUMM")
    assert decisions(s, rec, around(D(2022, 3, 8))) == [CLEAR, REVIEW, REVIEW]
    # an effective start is not affected by the policy
    assert s.screen(pay(beneficiary_bic="TFRZRUMM"), as_of=D(2022, 4, 2)).decision is BLOCK


def test_announced_only_start_effective_only_policy_ignores_it_with_a_note():
    s = _policy_screener("effective_only")
    rec = pay(beneficiary_bic="TANNRUMM")
    assert decisions(s, rec, around(D(2022, 3, 8))) == [CLEAR, CLEAR, CLEAR]
    r = s.screen(rec, as_of=D(2022, 3, 9))
    assert any("only an announcement date" in n for n in r.notes)


# -- export-listed-consignee ---------------------------------------------------------------------
@pytest.mark.parametrize("field", ["consignee_name", "end_user_name"])
def test_export_to_listed_party_blocks(screener, field):
    banned = export(**{field: "Banned Machinery Works"}, destination_country="RU", hs_code="0101")
    assert decisions(screener, banned, around(D(2022, 3, 25))) == [CLEAR, BLOCK, BLOCK]
    frozen = export(**{field: "Ivan Testovich Frozenov"}, destination_country="RU")
    assert decisions(screener, frozen, around(D(2022, 3, 1))) == [CLEAR, BLOCK, BLOCK]
    assert rule_ids(screener.screen(frozen, as_of=D(2022, 3, 1))) == {"export-listed-consignee"}


def test_export_from_listed_exporter_or_travel_ban_is_review(screener):
    r = screener.screen(export(exporter_name="Banned Machinery Works", destination_country="US",
                               hs_code="0101"), as_of=D(2022, 3, 25))
    assert r.decision is REVIEW and rule_ids(r) == {"listed-party-review"}
    r = screener.screen(export(consignee_name="Pyotr Travelbanov", destination_country="US",
                               hs_code="0101"), as_of=D(2022, 3, 1))
    assert r.decision is REVIEW


# -- export-ru-oil-refining (+ indicative) ---------------------------------------------------------
def test_oil_refining_plant_to_russia_blocks_from_announcement(screener):
    rec = export(destination_country="RU", hs_code="8419.40.00")
    assert decisions(screener, rec, around(D(2022, 3, 8))) == [CLEAR, BLOCK, BLOCK]
    r = screener.screen(rec, as_of=D(2022, 3, 8))
    assert rule_ids(r) == {"export-ru-oil-refining"}
    reason = r.reasons[0]
    assert reason.measure_type == "export_ban" and reason.date_basis == "announced"
    assert "jp-2022-cm-ru-oil-refining" in reason.text  # the other RU export ban is not cited
    assert "test-cm-ru-other" not in reason.text
    before = screener.screen(rec, as_of=D(2022, 3, 7))
    assert any("not in force on 2022-03-07" in n for n in before.notes)


@pytest.mark.parametrize("hs", ["841950", "8419.89", "8417 80", "8421.21.00", "842139"])
def test_indicative_refinery_headings_to_russia_review(screener, hs):
    rec = export(destination_country="RU", hs_code=hs)
    assert decisions(screener, rec, around(D(2022, 3, 8))) == [CLEAR, REVIEW, REVIEW]


def test_oil_refining_other_goods_other_country_blank_fields(screener):
    day = D(2022, 3, 9)
    assert screener.screen(export(destination_country="RU", hs_code="8419.11"),
                           as_of=day).decision is CLEAR
    assert screener.screen(export(destination_country="US", hs_code="8419.40"),
                           as_of=day).decision is CLEAR
    blank_hs = screener.screen(export(destination_country="RU"), as_of=day)
    assert blank_hs.decision is REVIEW and rule_ids(blank_hs) == {"export-ru-oil-refining"}
    # consignee country stands in for a blank destination
    via_consignee = export(consignee_name="Harmless OOO", consignee_country="ru",
                           hs_code="8419.40")
    assert screener.screen(via_consignee, as_of=day).decision is BLOCK


def test_oil_refining_effective_only_policy_does_not_apply_announced_ban():
    s = _policy_screener("effective_only")
    rec = export(destination_country="RU", hs_code="8419.40")
    assert s.screen(rec, as_of=D(2022, 3, 20)).decision is CLEAR


# -- export-by-dual-use --------------------------------------------------------------------------
@pytest.mark.parametrize("hs", ["8542.31", "8806.21", "8471.30", "9013.20"])
def test_dual_use_proxy_to_belarus_reviews_from_announcement(screener, hs):
    rec = export(destination_country="BY", hs_code=hs)
    assert decisions(screener, rec, around(D(2022, 3, 8))) == [CLEAR, REVIEW, REVIEW]
    assert rule_ids(screener.screen(rec, as_of=D(2022, 3, 8))) == {"export-by-dual-use"}


def test_dual_use_proxy_only_for_belarus_and_listed_headings(screener):
    day = D(2022, 3, 9)
    assert screener.screen(export(destination_country="RU", hs_code="8542.31"),
                           as_of=day).decision is CLEAR
    assert screener.screen(export(destination_country="BY", hs_code="6109.10"),
                           as_of=day).decision is CLEAR
    assert screener.screen(export(destination_country="BY"), as_of=day).decision is REVIEW


# -- several hits, reasons and explanations -------------------------------------------------------
def test_strictest_outcome_decides_and_every_reason_is_kept(screener):
    rec = pay(beneficiary_name="Zzyzx Frozie", intermediary_bic="TSWFRUMM",
              originator_bic="TDELRUMM")
    r = screener.screen(rec, as_of=D(2022, 4, 5))
    assert r.decision is BLOCK
    by_rule = {x.rule_id: x.outcome for x in r.reasons}
    assert by_rule == {"payment-asset-freeze": REVIEW, "payment-swift-disconnected-bank": BLOCK}
    assert any("was delisted on 2022-03-31" in n for n in r.notes)


def test_reason_cites_rule_measure_entry_version_match_and_dates(screener):
    r = screener.screen(pay(beneficiary_bic="TFRZRUMMXXX"), as_of=D(2022, 4, 2))
    (reason,) = r.reasons
    assert reason.rule_id == "payment-asset-freeze"
    assert reason.legal_basis and reason.description
    assert (reason.measure_type, reason.measure_authority) == ("asset_freeze", "JP-MOF")
    assert (reason.measure_from, reason.measure_to, reason.date_basis) == (
        D(2022, 4, 2), None, "effective")
    assert reason.measure_source == "test fixture"
    assert (reason.list_id, reason.list_version) == ("test-rules", "2022-04-01/fixture")
    assert (reason.entity_id, reason.matched, reason.score) == ("t-frozen-bank", "TFRZRUMM", 1.0)
    assert reason.role == "beneficiary_bank"
    assert "\n" not in reason.text and "applies on 2022-04-02" in reason.text


def test_screening_is_deterministic(screener):
    rec = pay(beneficiary_name="Zzyzx Frozie", intermediary_bic="TSWFRUMM",
              originator_name=MINISTRY, beneficiary_country="JP")
    a = screener.screen(rec, as_of=D(2022, 4, 5)).model_dump()
    b = screener.screen(rec, as_of=D(2022, 4, 5)).model_dump()
    assert a == b
