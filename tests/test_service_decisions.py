"""Analysts' decisions in the HTTP service (`screen serve --decisions`): the real app through
TestClient and once through a real uvicorn server, on a real SQLite decisions store and audit
log. Suppression with the decision named, true matches, lapses, reload after `screen decisions
import`, audit rows naming the decisions applied, four-eyes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
import types
from pathlib import Path

import pytest
from service_support import ADMIN_H, CLEAN, FIXTURES, SCREEN_H, config, running_server

from screening.cli import main
from screening.decisions import DecisionStore, NewDecision
from screening.engine import Screener
from screening.screener_spec import ScreenerSpec
from screening.service.app import create_app
from screening.service.audit import SQLiteAuditStore, chain_hash, verify
from screening.service.config import ServiceConfig

TestClient = pytest.importorskip("fastapi.testclient").TestClient

VTB = {"id": "P1", "date": "2022-04-10", "originator_name": "Acme Trading GmbH",
       "beneficiary_name": "VTB Bank"}


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "decisions.sqlite"
    DecisionStore(path).close()
    return path


def decide(db: Path, screener: Screener, record: dict, outcome: str = "false_positive",
           analyst: str = "alice", reason: str = "another company: registry number differs",
           expires: dt.date | None = None) -> str:
    (hit,) = [h for h in screener.screen(record).hits if h.field == "beneficiary_name"]
    with DecisionStore(db) as store:
        (d,), _ = store.record([NewDecision.for_hit(hit, outcome, analyst, reason, expires)])
    return d.id


def app_for(tmp_path: Path, db: Path, lists: tuple[str, ...] = (), **spec: object):
    return create_app(config(tmp_path, spec=ScreenerSpec(
        lists=lists, name_cache=100, decisions=str(db), **spec)))  # type: ignore[arg-type]


def screen(c, *records: dict) -> list[dict]:
    r = c.post("/v1/screen", json={"records": list(records)}, headers=SCREEN_H)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def audit_rows(tmp_path: Path) -> list[dict]:
    return list(SQLiteAuditStore(tmp_path / "audit.sqlite").export())


def test_false_positive_suppressed_over_http_as_in_the_cli_and_audited(tmp_path, db,
                                                                       screener, capsys):
    did = decide(db, screener, VTB)
    with TestClient(app_for(tmp_path, db)) as c:
        got, clean = screen(c, VTB, CLEAN)
        info = c.get("/lists", headers=SCREEN_H).json()["decisions"]
        ready = c.get("/readyz").json()
    assert got["decision"] == "CLEAR" and got["hits"] == [] and clean["decision"] == "CLEAR"
    (s,) = got["suppressed"]
    assert s["decision_id"] == did and s["analyst"] == "alice"
    assert s["hit"]["entity_id"] == "jp-2022-vtb" and "registry" in s["reason"]
    assert any(f"suppressed by decision {did}" in n for n in got["notes"])
    # the same decision, hits, suppressed hits and notes as the CLI's JSON output for that row
    csv_in = tmp_path / "p.csv"
    csv_in.write_text("id,date,originator_name,beneficiary_name\n"
                      "P1,2022-04-10,Acme Trading GmbH,VTB Bank\n", encoding="utf-8")
    assert main([str(csv_in), "-q", "--format", "json", "--decisions", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    (cli,) = out["results"] if isinstance(out, dict) else out
    keys = ("record_id", "decision", "best_score", "reasons", "hits", "suppressed", "notes")
    assert {k: got[k] for k in keys} == {k: cli[k] for k in keys}
    # what is in use is reported, and each audit row names the decisions applied
    assert info == {"path": str(db), "recorded": 1, "in_force": 1, "require_approval": False,
                    "today": dt.datetime.now(dt.UTC).date().isoformat()}
    assert ready["status"] == "ready" and ready["decisions"] == info
    rows = audit_rows(tmp_path)
    assert [(r["record_ref"], r["decision"], r["decisions"], r["hits"]) for r in rows] == [
        ("P1", "CLEAR", [did], []), ("P2", "CLEAR", [], [])]
    assert verify(SQLiteAuditStore(tmp_path / "audit.sqlite"))[1] is None


def test_true_match_never_lowers(tmp_path, db, screener):
    decide(db, screener, VTB, "false_positive", "alice")
    decide(db, screener, VTB, "true_match", "bob", "it is the listed bank")
    with TestClient(app_for(tmp_path, db)) as c:
        (got,) = screen(c, VTB)
    assert got["decision"] == "BLOCK" and got["suppressed"] == []
    assert any("confirmed a true match" in n and "bob" in n for n in got["notes"])
    assert audit_rows(tmp_path)[0]["decisions"] == []


def test_lapses_when_the_value_differs_or_the_decision_expires(tmp_path, db, screener,
                                                               monkeypatch):
    today = dt.datetime.now(dt.UTC).date()
    decide(db, screener, VTB)  # for "VTB Bank" only
    other = {**VTB, "id": "P3", "beneficiary_name": "VTB Bank PJSC"}
    expiring = {**VTB, "id": "P4", "beneficiary_name": "Bank VTB"}
    decide(db, screener, expiring, expires=today + dt.timedelta(days=1))
    with TestClient(app_for(tmp_path, db)) as c:
        same, differs, exp = screen(c, VTB, other, expiring)
        assert same["decision"] == exp["decision"] == "CLEAR"
        assert differs["decision"] == "BLOCK" and differs["suppressed"] == []
        # the service runs on: on the expiry day the decision lapses without a reload
        later = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9), dt.UTC)
        fake = types.SimpleNamespace(datetime=types.SimpleNamespace(now=lambda tz: later),
                                     UTC=dt.UTC, date=dt.date)
        monkeypatch.setattr("screening.decisions.apply.dt", fake)
        (exp,) = screen(c, expiring)
        assert c.get("/lists", headers=SCREEN_H).json()["decisions"]["in_force"] == 1
    assert exp["decision"] == "BLOCK" and exp["suppressed"] == []
    assert any("expired on" in n and "alerts again" in n for n in exp["notes"])


def test_lapses_when_the_list_entry_changes_and_the_lists_are_reloaded(tmp_path, db):
    src = FIXTURES / "ofac" / "tiny"
    if not src.exists():
        pytest.skip(f"fixture {src} missing")
    lists = tmp_path / "ofac"
    shutil.copytree(src, lists)
    rec = {"id": "P5", "date": "2024-01-10", "originator_name": "Acme Trading GmbH",
           "beneficiary_name": "Iran Aircraft Manufacturing Industrial Company"}
    spec = ScreenerSpec(lists=(str(lists),), builtin=False, name_cache=100)
    did = decide(db, spec.build(), rec)
    with TestClient(app_for(tmp_path, db, lists=(str(lists),), builtin=False)) as c:
        (before,) = screen(c, rec)
        assert [s["decision_id"] for s in before["suppressed"]] == [did]
        sdn = lists / "sdn.csv"
        sdn.write_text(sdn.read_text(encoding="utf-8").replace(
            "a.k.a. 'HESA';", "a.k.a. 'HESA'; a.k.a. 'IRAN AVIATION WORKS';"), encoding="utf-8")
        assert c.post("/admin/reload", headers=ADMIN_H).status_code == 200
        (after,) = screen(c, rec)
    assert before["decision"] == "CLEAR" and after["decision"] != "CLEAR"
    assert after["suppressed"] == []
    assert any(f"decision {did}" in n and "no longer applies" in n for n in after["notes"])
    assert [r["decisions"] for r in audit_rows(tmp_path)] == [[did], []]


def test_reload_picks_up_decisions_imported_from_a_reviewed_file(tmp_path, db, capsys):
    payments = tmp_path / "payments.csv"
    payments.write_text("id,date,originator_name,beneficiary_name\n"
                        "P1,2022-04-10,Acme Trading GmbH,VTB Bank\n", encoding="utf-8")
    with TestClient(app_for(tmp_path, db)) as c:
        assert screen(c, VTB)[0]["decision"] == "BLOCK"
        assert main([str(payments), "-q"]) == 1
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        rows[0].update(review_outcome="false_positive", review_reason="not the bank",
                       reviewer="carol")
        reviewed = tmp_path / "reviewed.csv"
        with reviewed.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        assert main(["decisions", "import", str(reviewed), "--db", str(db)]) == 0
        # read when the snapshot was built: still alerting until a reload
        assert screen(c, VTB)[0]["decision"] == "BLOCK"
        r = c.post("/admin/reload", headers=ADMIN_H)
        assert r.status_code == 200 and r.json()["decisions"]["recorded"] == 1
        (got,) = screen(c, VTB)
        assert got["decision"] == "CLEAR" and got["suppressed"][0]["analyst"] == "carol"
        # a decisions file that cannot be read leaves the old snapshot serving
        db.write_bytes(b"not a database at all" * 100)
        r = c.post("/admin/reload", headers=ADMIN_H)
        assert r.status_code == 409 and "decisions" in r.json()["detail"]
        assert screen(c, VTB)[0]["decision"] == "CLEAR"
    did = got["suppressed"][0]["decision_id"]
    assert [r["decisions"] for r in audit_rows(tmp_path)] == [[], [], [did], [did]]


def test_require_approval(tmp_path, db, screener, capsys):
    did = decide(db, screener, VTB)
    with TestClient(app_for(tmp_path, db, require_approval=True)) as c:
        (got,) = screen(c, VTB)
        assert got["decision"] == "BLOCK" and got["suppressed"] == []
        assert any(f"{did}" in n and "awaits approval" in n for n in got["notes"])
        info = c.get("/lists", headers=SCREEN_H).json()["decisions"]
        assert info["require_approval"] and (info["recorded"], info["in_force"]) == (1, 0)
        with DecisionStore(db) as store:
            store.approve(did, "bob")
        c.post("/admin/reload", headers=ADMIN_H)
        (got,) = screen(c, VTB)
        assert got["decision"] == "CLEAR" and got["suppressed"][0]["decision_id"] == did
    # the command line refuses --require-approval without a decisions file, before starting
    assert main(["serve", "--no-auth", "--require-approval"]) == 2
    assert "--require-approval needs --decisions" in capsys.readouterr().err
    assert main(["serve", "--no-auth", "--decisions", str(tmp_path / "none.sqlite")]) == 2
    assert "no such decisions file" in capsys.readouterr().err


def test_worker_config_carries_the_decisions(tmp_path, db):
    cfg = config(tmp_path, spec=ScreenerSpec(decisions=str(db), require_approval=True))
    back = ServiceConfig.from_json(cfg.to_json()).spec
    assert (back.decisions, back.require_approval, back.decisions_today) == (
        str(db), True, None)


def test_real_server_applies_decisions_to_screen_but_not_to_match(tmp_path, db, screener):
    import httpx

    did = decide(db, screener, VTB)
    cfg = config(tmp_path, spec=ScreenerSpec(name_cache=100, decisions=str(db)))
    with running_server(cfg) as (base, _svc), httpx.Client(base_url=base, timeout=20) as h:
        r = h.post("/v1/screen", json={"records": [VTB]}, headers=SCREEN_H)
        (got,) = r.json()["results"]
        assert got["decision"] == "CLEAR" and got["suppressed"][0]["decision_id"] == did
        m = h.post("/match/default", headers=SCREEN_H, json={"queries": {"q1": {
            "schema": "Company", "properties": {"name": ["VTB Bank"]}}}})
        assert m.status_code == 200, m.text
    # /match returns the raw candidates: a yente client keeps its own case handling
    results = m.json()["responses"]["q1"]["results"]
    assert any(x["id"].endswith("jp-2022-vtb") and x["match"] for x in results)


def test_an_audit_log_from_before_decisions_gets_the_column_and_keeps_its_chain(tmp_path):
    path = tmp_path / "old.sqlite"
    row = {"at": "2026-01-01T00:00:00.000000Z", "request_id": "r1", "key_id": "k",
           "endpoint": "/v1/screen", "item": 1, "record_ref": "P1", "input_sha256": "ab",
           "decision": "CLEAR", "hits": [], "lists": {"jp-2022": "v1"}, "rules_version": "x"}
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT "
                "NULL, request_id TEXT NOT NULL, key_id TEXT, endpoint TEXT NOT NULL, item "
                "INTEGER NOT NULL, record_ref TEXT, input_sha256 TEXT NOT NULL, decision TEXT "
                "NOT NULL, hits TEXT NOT NULL, lists TEXT NOT NULL, rules_version TEXT NOT "
                "NULL, chain TEXT NOT NULL)")
    con.execute("INSERT INTO audit_log (at, request_id, key_id, endpoint, item, record_ref, "
                "input_sha256, decision, hits, lists, rules_version, chain) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*[row[k] if k not in ("hits", "lists") else json.dumps(row[k])
                   for k in row], chain_hash("", row)))
    con.commit()
    con.close()
    store = SQLiteAuditStore(path)
    (old,) = store.export()
    assert old["decisions"] == [] and verify(store)[1] is None
    store.close()
