"""The library as a developer calls it: an unknown key is an ERROR naming it (never a silent
drop), an integer id is its string, search results are JSON-serialisable pydantic models, and
one Screener shared by 8 threads gives exactly the sequential results."""

from __future__ import annotations

import csv
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import BaseModel

from screening import PaymentRecord, Screener
from screening.results import Decision, NameSearchMatch

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


def test_misspelt_key_is_an_error_naming_it(screener) -> None:
    res = screener.screen({"id": "L1", "date": "2022-04-05", "beneficary_name": "Vladimir Putin",
                           "originator_name": "Tanaka Shoji"})
    assert res.decision is Decision.ERROR
    assert "beneficary_name: unknown field of payment records" in res.error
    assert "did you mean beneficiary_name?" in res.error
    with pytest.raises(ValueError, match="beneficary_name"):
        screener.parse({"id": "L1", "date": "2022-04-05", "beneficary_name": "Vladimir Putin"})
    # the same record spelt right is blocked: the misspelling alone made the difference
    ok = screener.screen({"id": "L1", "date": "2022-04-05", "beneficiary_name": "Vladimir Putin"})
    assert ok.decision is Decision.BLOCK


def test_unknown_keys_of_the_other_kind_and_of_the_models_are_errors(screener) -> None:
    res = screener.screen({"id": "L2", "date": "2022-04-05", "kind": "payment",
                           "beneficiary_name": "Acme", "consignee_name": "Integral"})
    assert res.decision is Decision.ERROR and "consignee_name: unknown field" in res.error
    assert "consignee_name is a field of export records: set kind" in res.error
    exp = screener.screen({"id": "L3", "date": "2022-04-05", "consignee_name": "Acme",
                           "end_user": "JSC Integral"})
    assert exp.decision is Decision.ERROR and "end_user: unknown field of export" in exp.error
    with pytest.raises(ValueError, match="beneficary_name"):
        PaymentRecord.model_validate({"id": "x", "date": "2022-04-05",
                                      "beneficiary_name": "A", "beneficary_name": "B"})


def test_integer_id_is_accepted_as_its_string(screener) -> None:
    res = screener.screen({"id": 12345, "date": "2022-04-05", "beneficiary_name": "Vladimir Putin"})
    assert res.record_id == "12345" and res.decision is Decision.BLOCK
    assert screener.parse({"id": 7, "date": "2022-04-05", "originator_name": "A"}).id == "7"
    bad = screener.screen({"id": True, "date": "2022-04-05", "originator_name": "A"})
    assert bad.decision is Decision.ERROR and bad.error.startswith("id:")


def test_search_returns_json_serialisable_models(screener) -> None:
    found = screener.search("Vladimir Putin", limit=3)
    assert found and all(isinstance(m, NameSearchMatch) and isinstance(m, BaseModel)
                         for m in found)
    top = found[0]
    assert (top.list_id, top.entity_id) == ("jp-2022", "jp-2022-putin")
    assert top.list_version == str(screener.lists[0].version)
    data = json.loads(json.dumps([m.model_dump(mode="json") for m in found]))
    assert data[0]["entity_id"] == "jp-2022-putin" and 0.9 < data[0]["score"] <= 1.0
    assert {"list_id", "list_version", "entity_kind", "entity_name", "name", "strength",
            "explanation"} <= set(data[0])
    assert top.entity.id == top.entity_id  # the full entry, left out of the JSON


def _rows() -> list[dict[str, str]]:
    out = []
    for name in ("payments.csv", "exports.csv"):
        with open(EXAMPLES / name, encoding="utf-8", newline="") as f:
            out += list(csv.DictReader(f))
    return out


@pytest.mark.parametrize("name_cache", [0, 50])
def test_one_screener_shared_by_8_threads_gives_the_sequential_results(name_cache) -> None:
    screener = Screener.default(name_cache=name_cache)
    rows = _rows() * 2  # the second pass hits the name cache while other threads fill it
    sequential = [screener.screen(r).model_dump(mode="json") for r in rows]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda r: screener.screen(r).model_dump(mode="json"), rows,
                                 chunksize=1))
        searches = list(pool.map(lambda n: [m.model_dump(mode="json")
                                            for m in screener.search(n, limit=5)],
                                 ["Vladimir Putin", "VTB Bank", "Integral"] * 16))
    assert threaded == sequential
    assert searches == [[m.model_dump(mode="json") for m in screener.search(n, limit=5)]
                        for n in ["Vladimir Putin", "VTB Bank", "Integral"] * 16]
