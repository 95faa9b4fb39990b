"""An export whose consignee or end user is under Japan's payment prohibition (Belarusian
Ministry of Defence, Integral) is BLOCK from the measure's effective date (15 March 2022): the
export sale is the transaction that pays the exporter. Before that date only another measure
makes it REVIEW."""

from __future__ import annotations

import datetime as dt

import pytest

from screening import Screener
from screening.results import Decision
from screening.rules import builtin_rules

RULE = "export-payment-prohibited-party"


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


def export(date: str, role: str, party: str, hs: str = "940360", dest: str = "BY") -> dict:
    rec = {"id": "X1", "date": date, "exporter_name": "Sato Trading Co., Ltd.",
           "consignee_name": "OOO Minskie Mebelnye Traditsii", "consignee_country": "BY",
           "destination_country": dest, "hs_code": hs, "goods_description": "furniture"}
    rec[f"{role}_name"] = party
    return rec


def test_the_rule_file_entry_cites_the_measure() -> None:
    rule = builtin_rules().get(RULE)
    assert rule is not None and rule.outcome is Decision.BLOCK
    assert set(rule.conditions.roles) == {"consignee", "end_user"}
    assert [t.value for t in rule.conditions.measure_types] == ["payment_prohibition"]
    assert "15 March 2022" in rule.legal_basis and "payment" in rule.legal_basis
    assert "pays the exporter" in rule.description
    assert "Kyodo News, 8 Mar 2022" in rule.source  # the publication, not a file of ours


@pytest.mark.parametrize("role,party,entity", [
    ("end_user", "Ministry of Defence of the Republic of Belarus", "jp-2022-by-mod"),
    ("consignee", "Belarusian Ministry of Defence", "jp-2022-by-mod"),
    ("end_user", "JSC Integral", "jp-2022-integral"),
    ("consignee", "OAO Integral", "jp-2022-integral"),
])
@pytest.mark.parametrize("date", ["2022-03-15", "2022-03-25", "2023-01-10"])
def test_block_on_and_after_the_effective_date(screener, role, party, entity, date) -> None:
    res = screener.screen(export(date, role, party))
    assert res.decision is Decision.BLOCK
    [reason] = [r for r in res.reasons if r.rule_id == RULE]
    assert (reason.role, reason.entity_id) == (role, entity)
    assert reason.measure_type == "payment_prohibition"
    assert reason.measure_from == dt.date(2022, 3, 15)
    assert "pays the exporter" in reason.description
    assert reason.text.startswith(f"BLOCK by rule {RULE}")


def test_before_the_effective_date_nothing_but_another_measure_counts(screener) -> None:
    plain = screener.screen(export("2022-03-14", "end_user", "JSC Integral"))
    assert plain.decision is Decision.CLEAR
    assert any("payment_prohibition" in n and "2022-03-15" in n for n in plain.notes)
    dual_use = screener.screen(export("2022-03-14", "end_user", "JSC Integral", hs="854231"))
    assert dual_use.decision is Decision.REVIEW
    assert [r.rule_id for r in dual_use.reasons] == ["export-by-dual-use"]


def test_a_weak_name_match_gives_review_only(screener) -> None:
    res = screener.screen(export("2022-03-25", "consignee", "インテグラル"))  # a weak alias
    assert res.decision is Decision.REVIEW
    assert [(r.rule_id, r.outcome) for r in res.reasons] == [(RULE, Decision.REVIEW)]


def test_the_exporter_role_is_not_covered(screener) -> None:
    # the exporter is the party paid, not the payer: the listed exporter goes to the fallback
    res = screener.screen({**export("2022-03-25", "consignee", "Acme GmbH", dest="DE"),
                           "consignee_country": "DE", "exporter_name": "JSC Integral"})
    assert res.decision is Decision.REVIEW
    assert [r.rule_id for r in res.reasons] == ["listed-party-review"]
