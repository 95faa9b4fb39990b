"""Country fields: codes and names in any of the forms files use read as the same ISO code, and a
country the tool cannot read is an ERROR naming the field, never a silent CLEAR."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from screening import Decision, Screener
from screening.cli import main
from screening.countries import countries, to_alpha2
from screening.lists import ListError, load_list
from screening.models import CountryMeasure
from screening.rules import RuleError, parse_rules

OIL = {"id": "E1", "date": "2022-04-01", "exporter_name": "Example Plant KK",
       "hs_code": "8419.40", "goods_description": "distillation column"}
DUAL = {"id": "E2", "date": "2022-04-01", "exporter_name": "Example Plant KK",
        "hs_code": "8471.30", "goods_description": "laptops"}
MOD_TO_JP = {"id": "P1", "date": "2022-04-01", "beneficiary_name": "Example Trading KK",
             "originator_name": "Ministry of Defence of the Republic of Belarus"}


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


def test_the_table_has_every_iso_country_once() -> None:
    table = countries()
    iso = {c for c in table.by_code if c != "XK"}  # XK (Kosovo) is user-assigned, not ISO
    assert len(iso) == 249
    alpha3 = [c.alpha3 for c in table.by_code.values() if c.alpha3]
    assert len(alpha3) == len(set(alpha3)) == 249
    for code in ("RU", "BY", "UA", "JP", "KP", "IR", "SY", "CN"):
        raw = tomllib.loads(resources.files("screening.data").joinpath("countries.toml")
                            .read_text("utf-8"))["countries"][code]
        assert {"en", "ru", "be", "uk", "ja"} <= set(raw), code


@pytest.mark.parametrize("value", ["RU", "ru", " Ru ", "RUS", "Russia", "Russian Federation",
                                   "the Russian Federation", "RUSSIA", "Россия",
                                   "Российская Федерация", "РФ", "Расія", "Росія", "ロシア"])
def test_russia_in_any_form_gets_the_same_decision_as_ru(screener, value) -> None:
    expected = screener.screen({**OIL, "destination_country": "RU"})
    got = screener.screen({**OIL, "destination_country": value})
    assert expected.decision is Decision.BLOCK
    assert got.decision is expected.decision
    assert [r.rule_id for r in got.reasons] == ["export-ru-oil-refining"]
    assert "destination RU" in got.reasons[0].text


@pytest.mark.parametrize("value", ["Belarus", "Republic of Belarus", "BLR", "by", "Беларусь",
                                   "Белоруссия", "Рэспубліка Беларусь", "Білорусь",
                                   "ベラルーシ"])
def test_belarus_in_any_form_gets_the_same_decision_as_by(screener, value) -> None:
    expected = screener.screen({**DUAL, "destination_country": "BY"}).decision
    assert expected is Decision.REVIEW
    assert screener.screen({**DUAL, "destination_country": value}).decision is expected
    # the consignee country stands in for a blank destination, read the same way
    assert screener.screen({**DUAL, "consignee_name": "Minsk Trade OOO",
                            "consignee_country": value}).decision is expected


@pytest.mark.parametrize("value", ["JP", "jp", "JPN", "Japan", "日本", "Япония"])
def test_payment_rule_on_beneficiary_country_reads_names(screener, value) -> None:
    r = screener.screen({**MOD_TO_JP, "beneficiary_country": value})
    assert r.decision is Decision.BLOCK
    assert [x.rule_id for x in r.reasons] == ["payment-prohibition-jp-beneficiary"]


@pytest.mark.parametrize(("value", "why"), [
    ("Narnia", "is not a country this tool can read"),
    ("XX", "is not a country this tool can read"),
    ("Yugoslavia", "is not a country this tool can read"),
    ("Korea", "ambiguous: North Korea (KP) or South Korea (KR)"),
    ("Congo", "ambiguous"),
])
def test_an_unreadable_country_is_an_error_naming_the_field(screener, value, why) -> None:
    r = screener.screen({**OIL, "destination_country": value})
    assert r.decision is Decision.ERROR
    assert r.error.startswith(f"destination_country: {value!r} ")
    assert why in r.error
    assert not r.reasons


def test_an_unreadable_country_of_any_country_field_is_an_error(screener) -> None:
    r = screener.screen({**MOD_TO_JP, "beneficiary_country": "Japan",
                         "originator_country": "Narnia"})
    assert r.decision is Decision.ERROR and r.error.startswith("originator_country: 'Narnia'")
    r = screener.screen({**DUAL, "destination_country": "BY", "consignee_country": "Narnia"})
    assert r.decision is Decision.ERROR and "consignee_country: 'Narnia'" in r.error


def test_csv_rows_with_country_names_and_an_unknown_country(tmp_path, capsys) -> None:
    f = tmp_path / "exports.csv"
    f.write_text("id,date,exporter_name,destination_country,hs_code\n"
                 "E1,2022-04-01,Example Plant KK,RU,8419.40\n"
                 "E2,2022-04-01,Example Plant KK,Russian Federation,8419.40\n"
                 "E3,2022-04-01,Example Plant KK,Россия,8419.40\n"
                 "E4,2022-04-01,Example Plant KK,Narnia,8419.40\n", encoding="utf-8")
    code = main([str(f), "-f", "jsonl", "-q"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["decision"] for r in out] == ["BLOCK", "BLOCK", "BLOCK", "ERROR"]
    assert out[3]["error"] == ("exports.csv row 4 (line 5): destination_country: 'Narnia' is not "
                               "a country this tool can read; write the ISO 3166 alpha-2 code "
                               "(e.g. RU), the alpha-3 code (RUS) or the English name")
    assert code == 3  # an unread row outranks the BLOCKs


def test_blank_country_still_fails_closed(screener) -> None:
    r = screener.screen({**OIL, "destination_country": "  "})
    assert r.decision is Decision.REVIEW
    assert "destination country is blank" in r.reasons[0].text


def test_rules_must_name_countries_by_iso_code() -> None:
    rule = """
[[rule]]
id = "r"
description = "d"
record_kinds = ["payment"]
outcome = "BLOCK"
[rule.conditions]
measure_types = ["asset_freeze"]
record = { beneficiary_country = [%s] }
"""
    assert parse_rules(rule % '"jp"', "ok.toml")[0].conditions.record == {
        "beneficiary_country": ("JP",)}
    with pytest.raises(RuleError, match="'JAPAN' is not an ISO 3166 alpha-2 country code"):
        parse_rules(rule % '"Japan"', "bad.toml")
    with pytest.raises(RuleError, match="'XX' is not an ISO 3166"):
        parse_rules(rule.replace('record = { beneficiary_country = [%s] }',
                                 'country_measure_ids = ["x"]\ndestination_countries = ["XX"]')
                    .replace('["payment"]', '["export"]').replace(
                        'measure_types = ["asset_freeze"]\n', ""), "bad.toml")


def test_country_measure_country_is_read_as_its_code(tmp_path: Path) -> None:
    cm = CountryMeasure(id="x", type="export_ban", authority="JP", country="Russia",
                        description="d", announced=dt.date(2022, 3, 8))
    assert cm.country == "RU"
    bad = tmp_path / "bad.toml"
    bad.write_text('[list]\nid = "t"\nauthority = "JP"\ntitle = "t"\n\n[[country_measure]]\n'
                   'id = "x"\ntype = "export_ban"\nauthority = "JP"\ncountry = "Narnia"\n'
                   'description = "d"\n', encoding="utf-8")
    with pytest.raises(ListError, match="country_measure.*country.*'Narnia' is not a country"):
        load_list(bad)


def test_lookup_ignores_case_accents_punctuation() -> None:
    assert to_alpha2("Cote d'Ivoire") == to_alpha2("CÔTE D’IVOIRE") == "CI"
    assert to_alpha2("U.S.A.") == to_alpha2("United States") == "US"
    assert to_alpha2("St. Lucia") == "LC" and to_alpha2("ST") == "ST"  # ST is Sao Tome
    assert to_alpha2("Korea, Democratic People's Republic of") == "KP"
    assert to_alpha2("South Korea") == "KR"
