"""The HTTP API in process (FastAPI TestClient over the real app, real SQLite audit log):
each endpoint, access control, bad input, the audit rows, reload."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from service_support import (
    ADMIN_H,
    CLEAN,
    FIXTURES,
    PAYMENT,
    SCREEN_H,
    SCREEN_KEY,
    config,
)

from screening.screener_spec import ScreenerSpec
from screening.service.app import Service, create_app
from screening.service.audit import AuditWriter, SQLiteAuditStore, input_hash, verify

fastapi_testclient = pytest.importorskip("fastapi.testclient")
TestClient = fastapi_testclient.TestClient


@pytest.fixture
def client(tmp_path: Path):
    app = create_app(config(tmp_path, max_records=5, max_body_bytes=20_000))
    with TestClient(app) as c:
        yield c


def audit_rows(tmp_path: Path) -> list[dict]:
    return list(SQLiteAuditStore(tmp_path / "audit.sqlite").export())


# -- /v1/screen ----------------------------------------------------------------------------

def test_screen_one_result_per_record_in_order_and_audited(client, tmp_path):
    bad = {"id": "P3", "date": "03/04/2022", "beneficiary_name": "X"}
    unknown = {"id": "P4", "date": "2022-04-10", "beneficiary_nam": "VTB Bank"}
    records = [PAYMENT, bad, CLEAN, unknown]
    r = client.post("/v1/screen", json={"records": records}, headers=SCREEN_H)
    assert r.status_code == 200, r.text
    body = r.json()
    got = [(x["row"], x["record_id"], x["decision"]) for x in body["results"]]
    assert got == [(1, "P1", "BLOCK"), (2, "P3", "ERROR"), (3, "P2", "CLEAR"),
                   (4, "P4", "ERROR")]
    assert "date" in body["results"][1]["error"] and "ambiguous" in body["results"][1]["error"]
    assert body["results"][3]["error"].startswith("beneficiary_nam: unknown field")
    assert "did you mean beneficiary_name?" in body["results"][3]["error"]
    vtb = body["results"][0]["hits"][0]
    assert vtb["list_id"] == "jp-2022" and vtb["entity_id"] == "jp-2022-vtb"
    assert body["lists"] == [{"id": "jp-2022", "version": vtb["list_version"]}]
    assert r.headers["x-request-id"] == body["request_id"]

    rows = audit_rows(tmp_path)
    assert [(x["item"], x["record_ref"], x["decision"]) for x in rows] == [
        (1, "P1", "BLOCK"), (2, "P3", "ERROR"), (3, "P2", "CLEAR"), (4, "P4", "ERROR")]
    first = rows[0]
    assert first["request_id"] == body["request_id"]
    assert first["key_id"] == "gateway" and first["endpoint"] == "/v1/screen"
    assert first["input_sha256"] == input_hash(PAYMENT)
    assert first["hits"] == ["jp-2022:jp-2022-vtb"]
    assert first["lists"] == {"jp-2022": vtb["list_version"]}
    assert first["rules_version"] == body["rules_version"] and len(body["rules_version"]) == 16


def test_screen_as_of_and_export_records(client):
    export = {"id": "E1", "date": "2022-01-10", "exporter_name": "Acme", "consignee_name":
              "Minsk Tractor Works", "consignee_country": "BY", "hs_code": "8701"}
    r = client.post("/v1/screen", json={"records": [PAYMENT, export], "as_of": "2022-03-01"},
                    headers=SCREEN_H)
    assert r.status_code == 200
    res = r.json()["results"]
    assert res[0]["as_of"] == "2022-03-01" and res[1]["kind"] == "export"
    # as of 1 March the VTB asset freeze (2 April) was not yet in force
    assert res[0]["decision"] != "BLOCK"


def test_screen_record_limit_and_body_cap(client):
    r = client.post("/v1/screen", json={"records": [CLEAN] * 6}, headers=SCREEN_H)
    assert r.status_code == 413 and "at most 5" in r.json()["detail"]
    big = {"records": [{**CLEAN, "purpose": "x" * 900} for _ in range(5)] * 5}
    r = client.post("/v1/screen", json=big, headers=SCREEN_H)
    assert r.status_code == 413 and "larger than 20000 bytes" in r.json()["detail"]


@pytest.mark.parametrize(("body", "field"), [
    ('{"records": [', "body"),
    ('{"records": []}', "records"),
    ('{"records": [1]}', "records[0]"),
    ('{"records": [{"id": "1"}], "extra": 1}', "extra"),
    ('{"rec": [{"id": "1"}]}', "records"),
    ('{"records": [{"id": "1"}], "as_of": 20220101}', "as_of"),
    ('{"records": [{"id": "1"}], "as_of": "2022-02-30"}', "as_of"),
    ('[' * 50_000, "body"),
    ('"just a string"', "body"),
])
def test_bad_input_is_4xx_naming_the_field(client, body, field):
    r = client.post("/v1/screen", content=body, headers={**SCREEN_H,
                                                         "content-type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    detail = r.json()["detail"]
    assert detail.startswith(field) or f"{field}:" in detail or field == "body", detail
    assert "Traceback" not in r.text


def test_bad_field_values_are_error_results(client):
    recs = [{"id": "A", "date": "2022-04-10", "beneficiary_name": ["VTB"]},
            {"id": "B", "date": "2022-04-10", "beneficiary_name": "x" * 1001},
            {"id": "C", "date": "2022-04-10", "beneficiary_country": "Atlantis",
             "beneficiary_name": "Y"},
            {"id": "D", "date": "2022-04-10"},
            {"id": "E", "date": "2022-04-10", "kind": "shipment", "beneficiary_name": "Y"}]
    r = client.post("/v1/screen", json={"records": recs}, headers=SCREEN_H)
    assert r.status_code == 200
    errs = [x["error"] for x in r.json()["results"]]
    assert [x["decision"] for x in r.json()["results"]] == ["ERROR"] * 5
    assert errs[0].startswith("beneficiary_name: must be a string")
    assert errs[1].startswith("beneficiary_name: longer than 1000")
    assert "beneficiary_country" in errs[2]
    assert "no party to screen" in errs[3]
    assert errs[4].startswith("kind:")


def test_numbers_are_read_as_text(client):
    r = client.post("/v1/screen", json={"records": [{**PAYMENT, "id": 17, "amount": 1500.5}]},
                    headers=SCREEN_H)
    assert r.json()["results"][0]["record_id"] == "17"
    assert r.json()["results"][0]["decision"] == "BLOCK"


# -- access control ------------------------------------------------------------------------

def test_auth_401_403(client):
    body = {"records": [CLEAN]}
    r = client.post("/v1/screen", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.post("/v1/screen", json=body,
                       headers={"Authorization": "Bearer sk_wrong"}).status_code == 401
    for h in (SCREEN_H, ADMIN_H, {"Authorization": f"ApiKey {SCREEN_KEY}"},
              {"X-API-Key": SCREEN_KEY}):
        assert client.post("/v1/screen", json=body, headers=h).status_code == 200
    r = client.post("/admin/reload", headers=SCREEN_H)
    assert r.status_code == 403 and "role screen" in r.json()["detail"]
    assert client.get("/admin/audit", headers=SCREEN_H).status_code == 403
    assert client.get("/lists").status_code == 401
    assert client.get("/search", params={"q": "x"}).status_code == 401
    # probes and the schema need no key
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 200


def test_no_auth_records_no_key(tmp_path):
    with TestClient(create_app(config(tmp_path, no_auth=True, keys_env=None))) as c:
        assert c.post("/v1/screen", json={"records": [CLEAN]}).status_code == 200
    assert audit_rows(tmp_path)[0]["key_id"] is None


def test_no_keys_refuses_to_start(tmp_path):
    with pytest.raises(ValueError, match="no API keys"):
        Service(config(tmp_path, keys_env=None))


# -- search, lists, match ------------------------------------------------------------------

def test_search(client, tmp_path):
    r = client.get("/search", params={"q": "Vladimir Putin", "limit": 3}, headers=SCREEN_H)
    assert r.status_code == 200
    top = r.json()["results"][0]
    assert top["entity_id"] == "jp-2022-putin" and top["review"] and top["score"] >= 0.95
    assert top["explanation"]
    assert len(r.json()["results"]) <= 3
    row = audit_rows(tmp_path)[-1]
    assert row["endpoint"] == "/search" and row["hits"] == ["jp-2022:jp-2022-putin"]
    assert client.get("/search", params={"q": "x", "limt": 3},
                      headers=SCREEN_H).status_code == 422
    assert client.get("/search", params={"q": "x", "limit": 1000},
                      headers=SCREEN_H).status_code == 422


def test_lists_and_entity(client):
    r = client.get("/lists", headers=SCREEN_H)
    assert r.status_code == 200
    body = r.json()
    assert body["generation"] == 1 and body["rules"] > 0
    (jp,) = body["lists"]
    assert jp["id"] == "jp-2022" and jp["entries"] > 10 and jp["version"].endswith(
        jp["content_hash"])
    r = client.get("/lists/jp-2022/entities/jp-2022-vtb", headers=SCREEN_H)
    assert r.status_code == 200
    assert r.json()["entity"]["names"][0]["value"].startswith("VTB Bank")
    assert r.json()["list_version"] == jp["version"]
    assert client.get("/lists/jp-2022/entities/nope", headers=SCREEN_H).status_code == 404
    r = client.get("/lists/nolist/entities/x", headers=SCREEN_H)
    assert r.status_code == 404 and r.json()["detail"].startswith("list_id")


def test_match_yente_shape(client, tmp_path):
    body = {"queries": {
        "q-person": {"schema": "Person", "properties": {
            "name": ["Vladimir Putin"], "birthDate": ["1952-10-07"], "nationality": ["ru"]}},
        "q-bank": {"schema": "Company", "properties": {"swiftBic": "VTBRRUMMXXX"}},
        "q-none": {"schema": "Person", "properties": {"name": ["Harbour Fruit Importers"]}},
        "q-dob": {"schema": "Person", "properties": {"firstName": ["Vladimir"],
                                                     "lastName": ["Putin"],
                                                     "birthDate": ["1970"]}},
    }}
    r = client.post("/match/default", json=body, params={"limit": 3}, headers=SCREEN_H)
    assert r.status_code == 200, r.text
    out = r.json()
    assert set(out) >= {"responses", "matcher", "limit"} and out["limit"] == 3
    assert r.headers["x-batch-size"] == "4"
    person = out["responses"]["q-person"]
    assert person["status"] == 200 and person["total"]["relation"] == "eq"
    top = person["results"][0]
    assert top["id"] == "jp-2022:jp-2022-putin" and top["schema"] == "Person"
    assert top["match"] is True and top["score"] == 1.0
    assert top["features"]["name_match"] == 1.0 and top["features"]["birth_date_match"] == 1.0
    assert top["features"]["country_match"] == 1.0
    assert "Vladimir Vladimirovich Putin" in top["properties"]["name"]
    assert top["properties"]["birthDate"] == ["1952-10-07"] and top["datasets"] == ["jp-2022"]
    assert person["query"]["schema"] == "Person"
    bank = out["responses"]["q-bank"]["results"][0]
    assert bank["features"]["swift_bic_match"] == 1.0 and bank["match"]
    assert bank["schema"] == "Company" and "VTBRRUMM" in bank["properties"]["swiftBic"]
    assert not any(x["match"] for x in out["responses"]["q-none"]["results"])
    dob = out["responses"]["q-dob"]["results"][0]
    assert dob["features"]["birth_date_mismatch"] == 1.0 and dob["match"]  # reported, kept
    assert "name_match" in out["matcher"]
    rows = [x for x in audit_rows(tmp_path) if x["endpoint"] == "/match/default"]
    assert [x["record_ref"] for x in rows] == ["q-person", "q-bank", "q-none", "q-dob"]
    assert rows[0]["decision"] == "MATCH" and rows[2]["decision"] == "NO_MATCH"


@pytest.mark.parametrize(("path", "body", "params", "status", "field"), [
    ("/match/default", {"queries": {"a": {"schema": "Persn", "properties": {"name": "x"}}}},
     {}, 400, "queries.a.schema"),
    ("/match/default", {"queries": {"a": {"schema": "Person", "properties": {"nme": "x"}}}},
     {}, 400, "queries.a.properties.nme"),
    ("/match/default", {"queries": {"a": {"schema": "Person", "properties": {}}}},
     {}, 400, "queries.a.properties"),
    ("/match/default", {"queries": {"a": {"schema": "Person", "properties": {
        "name": "x", "birthDate": "07.10.1952"}}}}, {}, 400, "queries.a.properties.birthDate"),
    ("/match/default", {"queries": {}}, {}, 422, "queries"),
    ("/match/default", {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": "x"}}
                                    for i in range(6)}}, {}, 413, "queries"),
    ("/match/default", {"queries": {"a": {"schema": "Person", "properties": {
        "name": [f"n{i}" for i in range(15)], "alias": [f"a{i}" for i in range(15)]}}}},
     {}, 400, "queries.a.properties"),
    ("/match/nolist", {"queries": {"a": {"schema": "Person", "properties": {"name": "x"}}}},
     {}, 404, "dataset"),
    ("/match/default", {"queries": {"a": {"schema": "Person", "properties": {"name": "x"}}}},
     {"changed_since": "2024-01-01"}, 400, "query.changed_since"),
    ("/match/default", {"queries": {"a": {"schema": "Person", "properties": {"name": "x"}}}},
     {"fuzzy": "1"}, 422, "query.fuzzy"),
])
def test_match_bad_queries(client, path, body, params, status, field):
    r = client.post(path, json=body, params=params, headers=SCREEN_H)
    assert r.status_code == status, r.text
    assert r.json()["detail"].startswith(field)


def test_match_dataset_and_filters(client):
    q = {"queries": {"a": {"schema": "LegalEntity", "properties": {"name": "VTB Bank"}}}}
    r = client.post("/match/jp-2022", json=q, headers=SCREEN_H)
    assert r.json()["responses"]["a"]["results"][0]["referents"] == ["jp-2022-vtb"]
    r = client.post("/match/default", json=q, params={"exclude_schema": "Company"},
                    headers=SCREEN_H)
    assert all(x["schema"] != "Company" for x in r.json()["responses"]["a"]["results"])
    r = client.post("/match/default", json=q,
                    params={"exclude_entity_ids": "jp-2022:jp-2022-vtb"}, headers=SCREEN_H)
    assert all(x["id"] != "jp-2022:jp-2022-vtb" for x in r.json()["responses"]["a"]["results"])


# -- reload, readiness, audit export ---------------------------------------------------------

def test_reload_swaps_and_a_failed_reload_keeps_the_old_lists(tmp_path):
    src = FIXTURES / "ofac" / "tiny"
    if not src.exists():
        pytest.skip(f"fixture {src} missing")
    lists = tmp_path / "ofac"
    shutil.copytree(src, lists)
    cfg = config(tmp_path, spec=ScreenerSpec(lists=(str(lists),), name_cache=100))
    with TestClient(create_app(cfg)) as c:
        before = c.get("/lists", headers=SCREEN_H).json()
        assert c.post("/admin/reload", headers=ADMIN_H).json()["generation"] == 2
        sdn = lists / "sdn.csv"
        sdn.write_bytes(sdn.read_bytes() + b'99999,"NEW PARTY, Test",individual,"SDGT",'
                        b'-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')
        r = c.post("/admin/reload", headers=ADMIN_H)
        assert r.status_code == 200 and r.json()["previous_generation"] == 2
        ofac = {x["id"]: x for x in r.json()["lists"]}["ofac-sdn"]
        old = {x["id"]: x for x in before["lists"]}["ofac-sdn"]
        assert ofac["entries"] == old["entries"] + 1 and ofac["version"] != old["version"]
        sdn.write_text("this is not an OFAC file\n")
        r = c.post("/admin/reload", headers=ADMIN_H)
        assert r.status_code == 409 and "still serving generation 3" in r.json()["detail"]
        now = c.get("/lists", headers=SCREEN_H).json()
        assert now["generation"] == 3
        assert {x["id"]: x for x in now["lists"]}["ofac-sdn"]["version"] == ofac["version"]
        r = c.post("/v1/screen", json={"records": [PAYMENT]}, headers=SCREEN_H)
        assert r.status_code == 200 and r.json()["generation"] == 3


def test_audit_write_failure_fails_the_request_with_503(tmp_path):
    svc = Service(config(tmp_path))
    svc.writer.close()
    svc.writer = AuditWriter(SQLiteAuditStore(tmp_path / "audit.sqlite", timeout=0.2))
    blocker = sqlite3.connect(tmp_path / "audit.sqlite", isolation_level=None)
    with TestClient(create_app(service=svc)) as c:
        assert c.post("/v1/screen", json={"records": [CLEAN]}, headers=SCREEN_H).status_code \
            == 200
        blocker.execute("BEGIN EXCLUSIVE")  # another process holds the database
        r = c.post("/v1/screen", json={"records": [PAYMENT]}, headers=SCREEN_H)
        assert r.status_code == 503 and "audit log write failed" in r.json()["detail"]
        assert "results" not in r.json()
        assert c.get("/search", params={"q": "VTB"}, headers=SCREEN_H).status_code == 503
        blocker.execute("ROLLBACK")
        assert c.post("/v1/screen", json={"records": [PAYMENT]},
                      headers=SCREEN_H).status_code == 200
    blocker.close()
    assert [x["record_ref"] for x in audit_rows(tmp_path)] == ["P2", "P1"]


def test_a_slow_audit_log_fails_the_request_and_the_writer_carries_on(tmp_path):
    """A request that waited too long for its audit rows is answered 503; the writer still
    writes them (the log may hold more than was answered, never less) and goes on."""
    svc = Service(config(tmp_path))
    svc.audit_timeout = 0.3
    blocker = sqlite3.connect(tmp_path / "audit.sqlite", isolation_level=None)
    with TestClient(create_app(service=svc)) as c:
        blocker.execute("BEGIN EXCLUSIVE")  # the writer waits (up to 30 s) for the lock
        r = c.post("/v1/screen", json={"records": [PAYMENT]}, headers=SCREEN_H)
        assert r.status_code == 503 and "TimeoutError" in r.json()["detail"]
        blocker.execute("ROLLBACK")
        r = c.post("/v1/screen", json={"records": [CLEAN]}, headers=SCREEN_H)
        assert r.status_code == 200
    blocker.close()
    assert [x["record_ref"] for x in audit_rows(tmp_path)] == ["P1", "P2"]


def test_audit_log_is_append_only_and_chained(tmp_path):
    with TestClient(create_app(config(tmp_path))) as c:
        c.post("/v1/screen", json={"records": [CLEAN, PAYMENT]}, headers=SCREEN_H)
        c.post("/v1/screen", json={"records": [PAYMENT]}, headers=SCREEN_H)
    conn = sqlite3.connect(tmp_path / "audit.sqlite", isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET decision = 'CLEAR'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 3
    store = SQLiteAuditStore(tmp_path / "audit.sqlite")
    assert verify(store)[:2] == (3, None)
    # someone with the database file drops the guard and rewrites a BLOCK as CLEAR
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET decision = 'CLEAR' WHERE seq = 2")
    assert verify(store)[1] == 2
    conn.execute("UPDATE audit_log SET decision = 'BLOCK' WHERE seq = 2")
    assert verify(store)[1] is None
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE seq = 2")  # a row removed
    assert verify(store)[1] == 3


def test_audit_export_endpoint(client):
    client.post("/v1/screen", json={"records": [PAYMENT, CLEAN]}, headers=SCREEN_H)
    r = client.get("/admin/audit", params={"since": "2000-01-01"}, headers=ADMIN_H)
    assert r.status_code == 200
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert [x["record_ref"] for x in lines] == ["P1", "P2"]
    assert lines[0]["seq"] < lines[1]["seq"]
    r = client.get("/admin/audit", params={"since": "2999-01-01"}, headers=ADMIN_H)
    assert r.text == ""


def test_openapi_documents_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/screen", "/match/{dataset}", "/search", "/lists",
            "/lists/{list_id}/entities/{entity_id}", "/healthz", "/readyz",
            "/admin/reload"} <= set(spec["paths"])
    assert "ScreeningResult" in spec["components"]["schemas"]


def test_readme_curl_example_blocks(client):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Service"):]
    curl = section[section.index("curl -s http://127.0.0.1:8000/v1/screen"):]
    body = curl[curl.index("-d '") + 4:]
    body = body[:body.index("'")]
    r = client.post("/v1/screen", content=body,
                    headers={**SCREEN_H, "Content-Type": "application/json"})
    assert r.status_code == 200
    assert [x["decision"] for x in r.json()["results"]] == ["BLOCK"]


def test_a_reload_in_one_worker_is_followed_by_the_others(tmp_path):
    """--workers N: each worker process has its own screener; a reload in one is signalled
    through a shared file and the others reload within about a second."""
    import time

    signal_file = tmp_path / "reload.log"
    signal_file.touch()
    cfg = config(tmp_path, reload_signal=str(signal_file))
    with TestClient(create_app(cfg)) as a, TestClient(create_app(cfg)) as b:
        assert a.post("/admin/reload", headers=ADMIN_H).json()["generation"] == 2
        deadline = time.monotonic() + 15
        while b.get("/lists", headers=SCREEN_H).json()["generation"] != 2:
            assert time.monotonic() < deadline, "the other worker did not follow the reload"
            time.sleep(0.1)
        assert a.get("/lists", headers=SCREEN_H).json()["generation"] == 2  # not twice


def test_readyz_reports_an_audit_log_that_cannot_be_written(tmp_path):
    svc = Service(config(tmp_path))
    with TestClient(create_app(service=svc)) as c:
        assert c.get("/readyz").json()["status"] == "ready"
        svc.writer.close()
        r = c.get("/readyz")
        assert r.status_code == 503 and "audit" in r.json()["detail"]
        assert c.post("/v1/screen", json={"records": [CLEAN]},
                      headers=SCREEN_H).status_code == 503
