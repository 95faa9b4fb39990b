"""Country measures cite the list they are in: a reason from a country rule names the list id,
the list version and the measure id, in the library result and in the command's output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from screening import Screener
from screening.cli import main
from screening.lists import ListError, load_list
from screening.models import CountryMeasure, DateBasis, ListVersion, MeasureType, WatchList
from screening.rules import RuleSet, builtin_rules, parse_rules

FIX = Path(__file__).parent / "fixtures" / "lists"
OIL = {"id": "E1", "date": "2022-04-01", "exporter_name": "Example Plant KK",
       "destination_country": "RU", "hs_code": "8419.40"}


def test_builtin_country_reason_cites_list_version_and_measure() -> None:
    s = Screener.default()
    (reason,) = s.screen(OIL).reasons
    jp = next(wl for wl in s.lists if wl.id == "jp-2022")
    assert (reason.list_id, reason.list_version, reason.measure_id) == (
        "jp-2022", str(jp.version), "jp-2022-cm-ru-oil-refining")
    assert f"list jp-2022, list version {jp.version}" in reason.text
    before = s.screen({**OIL, "date": "2022-03-01"})  # not in force yet: the note cites it too
    assert any(f"list version {jp.version}" in n for n in before.notes)


def test_command_output_cites_the_list_of_a_country_measure(tmp_path, capsys) -> None:
    f = tmp_path / "exports.csv"
    f.write_text("id,date,exporter_name,destination_country,hs_code\n"
                 "E1,2022-04-01,Example Plant KK,RU,8419.40\n", encoding="utf-8")
    main([str(f), "-q", "-f", "jsonl"])
    (reason,) = json.loads(capsys.readouterr().out)["reasons"]
    assert reason["list_id"] == "jp-2022" and reason["list_version"].count("/") == 1
    assert reason["measure_id"] == "jp-2022-cm-ru-oil-refining"
    main([str(f), "-q"])
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert f"list jp-2022, list version {reason['list_version']}" in row["reasons"]


def test_toml_loader_fills_the_list_id_and_rejects_another(tmp_path) -> None:
    wl = load_list(FIX / "good.toml")  # a file written before country measures had a list id
    assert {cm.list_id for cm in wl.country_measures} == {"test-good"}
    text = (FIX / "good.toml").read_text(encoding="utf-8")
    marker = 'id = "jp-oil-refining-equipment"\n'
    same = tmp_path / "same.toml"
    same.write_text(text.replace(marker, marker + 'list_id = "test-good"\n'), encoding="utf-8")
    assert load_list(same).country_measures[0].list_id == "test-good"
    other = tmp_path / "other.toml"
    other.write_text(text.replace(marker, marker + 'list_id = "elsewhere"\n'), encoding="utf-8")
    with pytest.raises(ListError, match="country_measure.*list_id 'elsewhere' differs"):
        load_list(other)


def _list(list_id: str) -> WatchList:
    cm = CountryMeasure(id="cm-oil", type=MeasureType.export_ban, authority="JP", country="RU",
                        description="oil", effective_from=dt.date(2022, 3, 8),
                        date_basis=DateBasis.effective)  # no list_id: built by hand
    return WatchList(id=list_id, authority="JP", title=list_id,
                     version=ListVersion(content_hash=f"hash-{list_id}"),
                     country_measures=(cm,))


def test_hand_built_lists_and_the_lists_condition_of_country_rules() -> None:
    rule = """
[[rule]]
id = "oil"
description = "oil to RU"
record_kinds = ["export"]
outcome = "BLOCK"
[rule.conditions]
country_measure_ids = ["cm-oil"]
hs_prefixes = ["8419.40"]
"""
    lists = [_list("a"), _list("b")]
    both = Screener(lists, RuleSet(parse_rules(rule, "m.toml"))).screen(OIL)
    assert sorted((r.list_id, r.list_version) for r in both.reasons) == [
        ("a", "undated/hash-a"), ("b", "undated/hash-b")]
    only_b = Screener(lists, RuleSet(parse_rules(rule + 'lists = ["b"]\n', "m.toml")))
    assert [r.list_id for r in only_b.screen(OIL).reasons] == ["b"]
    assert Screener(lists, builtin_rules()).screen(OIL).reasons == []  # other measure ids
