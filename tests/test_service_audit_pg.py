"""The audit log in a real PostgreSQL (started by .ci/run; skipped, saying why, without one):
the same rows as SQLite, append-only, nothing lost under 16 concurrent clients."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from service_support import CLEAN, PAYMENT, SCREEN_H, config, postgres_url, running_server

from screening.service.audit import AuditEntry, PostgresAuditStore, verify

httpx = pytest.importorskip("httpx")


@pytest.fixture
def pg_url() -> str:
    return postgres_url()


def _entry(i: int, at: dt.datetime) -> AuditEntry:
    return AuditEntry(at=at, request_id=f"req{i // 2}", key_id="gateway", endpoint="/v1/screen",
                      item=i % 2 + 1, record_ref=f"R{i}", input_sha256="ab" * 32,
                      decision="BLOCK" if i % 2 else "CLEAR",
                      hits=("jp-2022:jp-2022-vtb",) if i % 2 else (),
                      lists={"jp-2022": "2022-03-25/abc"}, rules_version="r1")


def test_postgres_store_appends_exports_and_refuses_changes(pg_url):
    import psycopg

    store = PostgresAuditStore(pg_url)
    t0 = dt.datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)
    store.append([_entry(0, t0), _entry(1, t0)])
    store.append([_entry(2, t0 + dt.timedelta(microseconds=1))])
    assert store.count() == 3
    rows = list(store.export())
    assert [r["record_ref"] for r in rows] == ["R0", "R1", "R2"]
    assert rows[1]["hits"] == ["jp-2022:jp-2022-vtb"] and rows[1]["lists"] == {
        "jp-2022": "2022-03-25/abc"}
    assert rows[0]["at"] == "2026-01-31T23:59:59.999999Z"
    since = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    assert [r["record_ref"] for r in store.export(since)] == ["R2"]
    assert [r["record_ref"] for r in store.export(None, since)] == ["R0", "R1"]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for sql in ("UPDATE audit_log SET decision = 'CLEAR'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)
    assert store.count() == 3
    assert verify(store)[:2] == (3, None)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        conn.execute("UPDATE audit_log SET hits = '[]'::jsonb WHERE record_ref = 'R1'")
    assert verify(store)[1] == 2
    store.close()
    again = PostgresAuditStore(pg_url)  # a second start finds the schema in place
    assert again.count() == 3
    again.close()


def test_postgres_audit_under_sixteen_concurrent_clients(pg_url, tmp_path):
    def client(k: int) -> list[str]:
        ids = []
        with httpx.Client(base_url=base, headers=SCREEN_H, timeout=60) as c:
            for i in range(10):
                recs = [{**(PAYMENT if j == 0 else CLEAN), "id": f"c{k}-{i}-{j}"}
                        for j in range(2)]
                r = c.post("/v1/screen", json={"records": recs})
                assert r.status_code == 200, r.text
                ids += [x["record_id"] for x in r.json()["results"]]
        return ids

    with running_server(config(tmp_path, audit=pg_url)) as (base, _svc):
        with ThreadPoolExecutor(16) as pool:
            answered = [i for ids in pool.map(client, range(16)) for i in ids]
    store = PostgresAuditStore(pg_url)
    rows = list(store.export())
    store.close()
    assert len(rows) == len(answered) == 16 * 10 * 2
    assert verify(PostgresAuditStore(pg_url))[:2] == (len(rows), None)
    assert sorted(r["record_ref"] for r in rows) == sorted(answered)
    assert {r["decision"] for r in rows if r["record_ref"].endswith("-0")} == {"BLOCK"}
    out = subprocess.run([sys.executable, "-c", "from screening.cli import main; main()",
                          "audit", "export", "--since", "2000-01-01", "--audit", pg_url],
                         capture_output=True, text=True, check=True)
    assert len([json.loads(x) for x in out.stdout.splitlines()]) == len(rows)
