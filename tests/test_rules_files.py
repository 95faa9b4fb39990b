"""Rule files: the built-in files load; bad files are rejected whole with a precise message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening.models import CountryMeasure, DateBasis, Measure, MeasureType
from screening.records import ExportRecord, PaymentRecord
from screening.rules import (
    AnnouncedPolicy,
    RuleError,
    RuleSet,
    builtin_rule_paths,
    builtin_rules,
    parse_rules,
    timing,
)

GOOD = """
[[rule]]
id = "r1"
description = "asset freeze"
record_kinds = ["payment"]
outcome = "BLOCK"
[rule.conditions]
roles = ["beneficiary"]
measure_types = ["asset_freeze"]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def rejected(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(RuleError) as exc:
        RuleSet.load([path])
    return str(exc.value)


def test_builtin_rules_load_and_are_cached():
    rs = builtin_rules()
    assert [p.name for p in builtin_rule_paths()] == ["exports.toml", "fallback.toml",
                                                      "payments.toml"]
    ids = {r.id for r in rs.rules}
    assert {"payment-asset-freeze", "payment-prohibition-jp-beneficiary",
            "payment-swift-disconnected-bank", "export-listed-consignee",
            "export-ru-oil-refining", "export-by-dual-use", "listed-party-review"} <= ids
    assert builtin_rules() is rs
    assert builtin_rules("review").announced_policy is AnnouncedPolicy.review
    assert all(r.source and r.legal_basis for r in rs.rules)


def test_load_several_files(tmp_path):
    a = write(tmp_path, "a.toml", GOOD)
    b = write(tmp_path, "b.toml", GOOD.replace('"r1"', '"r2"'))
    assert [r.id for r in RuleSet.load([a, b]).rules] == ["r1", "r2"]


def test_unknown_field_names_file_rule_and_field(tmp_path):
    msg = rejected(tmp_path, GOOD + 'colour = "red"\n')
    assert "bad.toml" in msg and "rule #1 (id 'r1')" in msg
    assert "field conditions.colour: unknown field" in msg


def test_unknown_measure_type(tmp_path):
    msg = rejected(tmp_path, GOOD.replace('"asset_freeze"', '"asset_freez"'))
    assert "rule #1 (id 'r1')" in msg and "field conditions.measure_types[0]" in msg
    assert "asset_freez" in msg


def test_unknown_role(tmp_path):
    msg = rejected(tmp_path, GOOD.replace('["beneficiary"]', '["payee"]'))
    assert "field conditions.roles[0]" in msg and "payee" in msg


def test_role_that_never_occurs_in_the_record_kind(tmp_path):
    msg = rejected(tmp_path, GOOD.replace('["beneficiary"]', '["consignee"]'))
    assert "consignee" in msg and "never occurs in payment records" in msg


def test_bad_date_string(tmp_path):
    msg = rejected(tmp_path, GOOD.replace('outcome = "BLOCK"',
                                          'outcome = "BLOCK"\nvalid_from = "2022-02-30"'))
    assert "field valid_from" in msg


def test_bad_date_literal_is_a_toml_error_naming_the_file(tmp_path):
    msg = rejected(tmp_path, GOOD.replace('outcome = "BLOCK"',
                                          'outcome = "BLOCK"\nvalid_from = 2022-02-30'))
    assert "bad.toml" in msg and "not valid TOML" in msg


def test_valid_to_before_valid_from(tmp_path):
    msg = rejected(tmp_path, GOOD.replace(
        'outcome = "BLOCK"', 'outcome = "BLOCK"\nvalid_from = 2022-03-01\nvalid_to = 2022-02-01'))
    assert "valid_to 2022-02-01 is not after valid_from 2022-03-01" in msg


def test_duplicate_rule_id_in_one_file_and_across_files(tmp_path):
    msg = rejected(tmp_path, GOOD + GOOD)
    assert "rule #2 (id 'r1')" in msg and "duplicate rule id" in msg
    a = write(tmp_path, "a.toml", GOOD)
    b = write(tmp_path, "b.toml", GOOD)
    with pytest.raises(RuleError, match=r"b\.toml: rule 'r1': field id: duplicate rule id"):
        RuleSet.load([a, b])


def test_outcome_must_be_block_or_review(tmp_path):
    msg = rejected(tmp_path, GOOD.replace('outcome = "BLOCK"', 'outcome = "CLEAR"'))
    assert "field outcome" in msg


def test_unknown_record_field_condition(tmp_path):
    msg = rejected(tmp_path, GOOD + 'record = { benificiary_country = ["JP"] }\n')
    assert "benificiary_country" in msg and "not a field of payment records" in msg


def test_bad_hs_prefix_and_country_code(tmp_path):
    country_rule = """
[[rule]]
id = "c1"
description = "country rule"
record_kinds = ["export"]
outcome = "REVIEW"
[rule.conditions]
country_measure_ids = ["x"]
destination_countries = ["RUS"]
hs_prefixes = ["84a9"]
"""
    msg = rejected(tmp_path, country_rule)
    assert "field conditions.destination_countries" in msg and "'RUS'" in msg
    assert "field conditions.hs_prefixes" in msg and "'84a9'" in msg


def test_country_rule_cannot_apply_to_payments(tmp_path):
    msg = rejected(tmp_path, GOOD.replace('roles = ["beneficiary"]\n', "").replace(
        'measure_types = ["asset_freeze"]', 'country_measure_types = ["export_ban"]'))
    assert "export records only" in msg


def test_every_problem_is_reported_and_nothing_is_loaded(tmp_path):
    text = GOOD + GOOD.replace('"r1"', '"r2"').replace('"BLOCK"', '"MAYBE"') + \
        GOOD.replace('"r1"', '"r3"').replace('["beneficiary"]', '["nobody"]')
    msg = rejected(tmp_path, text)
    assert "rule #2 (id 'r2')" in msg and "rule #3 (id 'r3')" in msg


def test_not_a_rule_file(tmp_path):
    assert "unknown top-level key(s) entity" in rejected(tmp_path, GOOD + "[entity]\nid = 1\n")
    assert "no [[rule]] tables" in rejected(tmp_path, "# empty\n")
    with pytest.raises(RuleError, match="cannot read rule file"):
        RuleSet.load([tmp_path / "missing.toml"])


def test_reference_to_a_missing_list_is_an_error_from_check_lists():
    rs = RuleSet(parse_rules(GOOD + 'lists = ["jp-2022", "nope"]\n', "mem.toml"))
    rs.check_lists({"jp-2022", "nope", "ofac-sdn"})  # both loaded: fine
    with pytest.raises(RuleError, match="rule 'r1': field conditions.lists: list 'nope'"):
        rs.check_lists({"jp-2022", "ofac-sdn"})


def test_check_lists_through_the_screener():
    from screening.engine import Screener
    from screening.models import ListVersion, WatchList

    wl = WatchList(id="only", authority="T", title="t",
                   version=ListVersion(content_hash="x"))
    rs = RuleSet(parse_rules(GOOD + 'lists = ["other"]\n', "mem.toml"))
    with pytest.raises(RuleError, match="list 'other' does not exist"):
        Screener([wl], rs)


def test_bad_policy_name():
    with pytest.raises(ValueError):
        RuleSet([], announced_policy="whenever")


# -- rule validity window and timing semantics (no list needed) ---------------------------------
def test_rule_validity_window_is_inclusive_start_exclusive_end():
    (rule,) = parse_rules(GOOD.replace('outcome = "BLOCK"', 'outcome = "BLOCK"\n'
                                       "valid_from = 2022-03-01\nvalid_to = 2022-04-01"), "m")
    assert [rule.in_validity(dt.date(2022, 2, 28)), rule.in_validity(dt.date(2022, 3, 1)),
            rule.in_validity(dt.date(2022, 3, 31)), rule.in_validity(dt.date(2022, 4, 1))] == [
        False, True, True, False]


def test_measure_window_start_inclusive_end_exclusive():
    m = Measure(type=MeasureType.asset_freeze, authority="X", effective_from=dt.date(2022, 3, 1),
                date_basis=DateBasis.effective, effective_to=dt.date(2022, 6, 1),
                delisted=dt.date(2022, 5, 1))
    days = [dt.date(2022, 2, 28), dt.date(2022, 3, 1), dt.date(2022, 4, 30),
            dt.date(2022, 5, 1)]
    assert [timing(m, d).applies for d in days] == [False, True, True, False]
    t = timing(m, dt.date(2022, 5, 1))
    assert (t.end, t.end_label) == (dt.date(2022, 5, 1), "delisted")


def test_country_measure_with_an_end_date():
    cm = CountryMeasure(id="c", type=MeasureType.export_ban, authority="X", country="RU",
                        description="d", effective_from=dt.date(2022, 3, 1),
                        date_basis=DateBasis.effective, effective_to=dt.date(2023, 1, 1))
    assert timing(cm, dt.date(2022, 12, 31)).applies
    assert not timing(cm, dt.date(2023, 1, 1)).applies


def test_country_rule_ignores_records_of_other_kinds_and_matches_only_listed_measure():
    rs = builtin_rules()
    cms = [CountryMeasure(id="jp-2022-cm-ru-oil-refining", type=MeasureType.export_ban,
                          authority="JP", country="RU", description="oil",
                          effective_from=dt.date(2022, 3, 8), date_basis=DateBasis.effective)]
    pay = PaymentRecord(id="p", date=dt.date(2022, 4, 1), beneficiary_name="x")
    assert rs.evaluate(pay, [], pay.date, cms) == ([], [])
    exp = ExportRecord(id="e", date=dt.date(2022, 4, 1), destination_country="RU",
                       hs_code="841940")
    reasons, _ = rs.evaluate(exp, [], exp.date, cms)
    assert [r.rule_id for r in reasons] == ["export-ru-oil-refining"]
    assert reasons[0].date_basis == "effective" and "effective 2022-03-08" in reasons[0].text
