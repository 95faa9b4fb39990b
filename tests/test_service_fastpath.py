"""The fast path for `POST /v1/screen` (screening/service/fastpath.py) answers exactly as the
FastAPI route does: the same results and audit rows for ordinary requests, and every refusal
handed to the route, so its status and message are the route's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from service_support import ADMIN_H, CLEAN, PAYMENT, SCREEN_H, SCREEN_KEY, config

from screening.service.app import Service, create_app
from screening.service.audit import SQLiteAuditStore, verify

TestClient = pytest.importorskip("fastapi.testclient").TestClient

EXPORT = {"id": "E1", "date": "2022-01-10", "exporter_name": "Acme", "consignee_name":
          "Minsk Tractor Works", "consignee_country": "BY", "hs_code": "8701"}
BAD_DATE = {"id": "P3", "date": "03/04/2022", "beneficiary_name": "X"}
JSON_H = {"Content-Type": "application/json"}

# (body bytes, headers): requests the fast path answers itself
ORDINARY = [
    (json.dumps({"records": [PAYMENT]}), SCREEN_H),
    (json.dumps({"records": [CLEAN, BAD_DATE, EXPORT, {**PAYMENT, "amount": 12.5}]}), SCREEN_H),
    (json.dumps({"records": [PAYMENT, EXPORT], "as_of": "2022-03-01"}), SCREEN_H),
    (json.dumps({"records": [{**CLEAN, "beneficiary_nam": "VTB"}]}, ensure_ascii=False),
     {"X-API-Key": SCREEN_KEY}),
    (json.dumps({"records": [{**CLEAN, "beneficiary_name": "Банк ВТБ"}]}, ensure_ascii=False),
     ADMIN_H),  # admin may screen too
]
# requests it hands to the route (which refuses them)
REFUSED = [
    (json.dumps({"records": [PAYMENT]}), {}),  # no key
    (json.dumps({"records": [PAYMENT]}), {"Authorization": "Bearer nope"}),
    ('{"records": [', SCREEN_H),  # malformed JSON
    (json.dumps({"records": [PAYMENT], "extra": 1}), SCREEN_H),  # unknown field
    (json.dumps({"records": []}), SCREEN_H),
    (json.dumps({"records": [PAYMENT], "as_of": "someday"}), SCREEN_H),
    (json.dumps({"records": [CLEAN] * 6}), SCREEN_H),  # over max_records (5): 413
    (json.dumps({"records": "x"}), SCREEN_H),
]


def _run(tmp_path: Path, fast: bool, requests, path: str = "/v1/screen"):
    tmp_path.mkdir()
    svc = Service(config(tmp_path, max_records=5))
    out = []
    with TestClient(create_app(service=svc, fast_path=fast)) as c:
        for body, headers in requests:
            r = c.post(path, content=body.encode(), headers={**JSON_H, **headers})
            out.append((r.status_code, r.headers.get("content-type"), r.json(),
                        r.headers.get("x-request-id")))
    store = SQLiteAuditStore(tmp_path / "audit.sqlite")
    rows = list(store.export())
    assert verify(store)[1] is None
    return out, rows, svc.fast_answers


def _same(answer):
    status, ctype, body, rid = answer
    if isinstance(body, dict) and "request_id" in body:
        assert rid == body.pop("request_id")
    return status, ctype, body


def test_ordinary_requests_answered_by_the_fast_path_as_by_the_route(tmp_path):
    fast, fast_rows, n_fast = _run(tmp_path / "fast", True, ORDINARY)
    slow, slow_rows, n_slow = _run(tmp_path / "slow", False, ORDINARY)
    assert n_fast == len(ORDINARY) and n_slow == 0
    assert all(a[0] == 200 for a in fast)
    assert [_same(a) for a in fast] == [_same(a) for a in slow]
    decisions = [x["decision"] for a in fast for x in a[2]["results"]]
    assert decisions[:3] == ["BLOCK", "CLEAR", "ERROR"] and "ERROR" not in decisions[3:4]
    skip = {"seq", "at", "request_id", "chain"}
    assert len(fast_rows) == 9
    assert ([{k: v for k, v in r.items() if k not in skip} for r in fast_rows]
            == [{k: v for k, v in r.items() if k not in skip} for r in slow_rows])


def test_refused_requests_get_the_routes_status_and_message(tmp_path):
    fast, fast_rows, n_fast = _run(tmp_path / "fast", True, REFUSED)
    slow, _, _ = _run(tmp_path / "slow", False, REFUSED)
    assert n_fast == 0 and fast_rows == []
    assert [a[:3] for a in fast] == [a[:3] for a in slow]
    assert [a[0] for a in fast] == [401, 401, 422, 422, 422, 422, 413, 422]
    assert "extra: unknown field" in fast[3][2]["detail"]


def test_query_parameters_and_other_paths_go_to_the_app(tmp_path):
    fast, _, n_fast = _run(tmp_path / "fast", True,
                           [(json.dumps({"records": [PAYMENT]}), SCREEN_H)],
                           path="/v1/screen?debug=1")
    assert n_fast == 0 and fast[0][0] == 422 and "query.debug" in fast[0][2]["detail"]
