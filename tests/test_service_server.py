"""The service on a real uvicorn server on a localhost port: concurrent clients and the audit
log, reload while requests are in flight, and the `screen serve` / `screen audit export`
commands."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from service_support import (
    ADMIN_H,
    CLEAN,
    FIXTURES,
    PAYMENT,
    SCREEN_H,
    config,
    free_port,
    running_server,
)

from screening.screener_spec import ScreenerSpec
from screening.service.audit import SQLiteAuditStore, verify

httpx = pytest.importorskip("httpx")
CLIENTS = 16


def _record(client: int, i: int) -> dict:
    base = PAYMENT if i % 3 == 0 else CLEAN
    return {**base, "id": f"c{client}-r{i}"}


def _hammer(base: str, client: int, requests: int, batch: int) -> list[tuple[int, dict]]:
    out = []
    with httpx.Client(base_url=base, headers=SCREEN_H, timeout=60) as c:
        for i in range(requests):
            recs = [_record(client, i * batch + j) for j in range(batch)]
            r = c.post("/v1/screen", json={"records": recs})
            out.append((r.status_code, r.json()))
    return out


def test_sixteen_concurrent_clients_lose_no_audit_record(tmp_path):
    per_client, batch = 12, 3
    with running_server(config(tmp_path)) as (base, _svc):
        with ThreadPoolExecutor(CLIENTS) as pool:
            runs = list(pool.map(lambda k: _hammer(base, k, per_client, batch), range(CLIENTS)))
    answers = [a for run in runs for a in run]
    assert all(status == 200 for status, _ in answers)
    sent = {f"c{k}-r{n}" for k in range(CLIENTS) for n in range(per_client * batch)}
    answered = [r["record_id"] for _, body in answers for r in body["results"]]
    assert sorted(answered) == sorted(sent)
    store = SQLiteAuditStore(tmp_path / "audit.sqlite")
    rows = list(store.export())
    assert len(rows) == len(sent)  # one audit row per screened record, none lost
    assert verify(store)[:2] == (len(sent), None)  # one unbroken chain
    assert sorted(r["record_ref"] for r in rows) == sorted(sent)
    by_request: dict[str, list[dict]] = {}
    for r in rows:
        by_request.setdefault(r["request_id"], []).append(r)
    assert len(by_request) == CLIENTS * per_client
    assert {body["request_id"] for _, body in answers} == set(by_request)
    decisions = {r["record_ref"]: r["decision"] for r in rows}
    for _, body in answers:
        for res in body["results"]:
            assert decisions[res["record_id"]] == res["decision"]


def test_reload_under_load_answers_every_request_from_old_or_new_lists(tmp_path):
    src = FIXTURES / "ofac" / "tiny"
    lists = tmp_path / "ofac"
    shutil.copytree(src, lists)
    for f in lists.iterdir():
        f.chmod(0o644)
    cfg = config(tmp_path, spec=ScreenerSpec(lists=(str(lists),), name_cache=100))
    versions_seen: list[str] = []
    stop = threading.Event()
    failures: list[str] = []

    def client(k: int) -> int:
        n = 0
        with httpx.Client(base_url=base, headers=SCREEN_H, timeout=60) as c:
            while not stop.is_set():
                r = c.post("/v1/screen", json={"records": [_record(k, n)]})
                n += 1
                if r.status_code != 200:
                    failures.append(f"{r.status_code} {r.text[:200]}")
                    continue
                body = r.json()
                lv = {x["id"]: x["version"] for x in body["lists"]}
                versions_seen.append(lv["ofac-sdn"])
                for h in body["results"][0]["hits"]:  # hits cite the lists the answer used
                    assert h["list_version"] == lv[h["list_id"]]
        return n

    with running_server(cfg) as (base, _svc):
        with httpx.Client(base_url=base, timeout=60) as admin:
            v1 = {x["id"]: x["version"] for x in
                  admin.get("/lists", headers=SCREEN_H).json()["lists"]}["ofac-sdn"]
            with ThreadPoolExecutor(8) as pool:
                futs = [pool.submit(client, k) for k in range(8)]
                _wait_for(lambda: len(versions_seen) >= 16)
                sdn = lists / "sdn.csv"
                sdn.write_bytes(sdn.read_bytes() + b'99999,"NEW PARTY, Test",individual,'
                                b'"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')
                r = admin.post("/admin/reload", headers=ADMIN_H)
                assert r.status_code == 200
                v2 = {x["id"]: x["version"] for x in r.json()["lists"]}["ofac-sdn"]
                seen = len(versions_seen)
                _wait_for(lambda: len(versions_seen) >= seen + 16)
                sdn.write_text("broken\n")
                assert admin.post("/admin/reload", headers=ADMIN_H).status_code == 409
                seen = len(versions_seen)
                _wait_for(lambda: len(versions_seen) >= seen + 16)
                stop.set()
                counts = [f.result() for f in futs]
    assert not failures, failures[:3]
    assert sum(counts) == len(versions_seen) > 16
    assert v1 != v2 and set(versions_seen) <= {v1, v2}
    assert v1 in versions_seen and v2 in versions_seen
    # after the swap nothing is answered from the old lists
    assert v1 not in versions_seen[versions_seen.index(v2) + 8 * 2:]
    rows = list(SQLiteAuditStore(tmp_path / "audit.sqlite").export())
    assert len(rows) == sum(counts)
    assert {r["lists"]["ofac-sdn"] for r in rows} == {v1, v2}


def _wait_for(cond, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"screen serve exited: {err}")
        try:
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("screen serve did not become ready")


def _screen_cmd() -> list[str]:
    exe = shutil.which("screen", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-c", "from screening.cli import main; main()"]


def test_screen_serve_and_audit_export_commands(tmp_path):
    """The README's way: `screen keys new --append keys.toml`, `screen serve --keys`."""
    port = free_port()
    audit = tmp_path / "audit.sqlite"
    keys = tmp_path / "keys.toml"
    env = {k: v for k, v in os.environ.items() if k != "SCREEN_API_KEYS"}
    made = subprocess.run([*_screen_cmd(), "keys", "new", "--id", "gateway", "--append",
                           str(keys)], capture_output=True, text=True, check=True, env=env)
    secret = made.stdout.strip()
    assert secret not in keys.read_text() and 'id = "gateway"' in keys.read_text()
    proc = subprocess.Popen([*_screen_cmd(), "serve", "--port", str(port), "--audit", str(audit),
                             "--keys", str(keys)], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, proc)
        r = httpx.post(base + "/v1/screen", json={"records": [PAYMENT, CLEAN]},
                       headers={"Authorization": f"Bearer {secret}"})
        assert [x["decision"] for x in r.json()["results"]] == ["BLOCK", "CLEAR"]
        assert httpx.post(base + "/v1/screen", json={"records": [CLEAN]},
                          headers=SCREEN_H).status_code == 401  # not in this keys file
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    out = subprocess.run([*_screen_cmd(), "audit", "export", "--since", "2000-01-01",
                          "--audit", str(audit)], capture_output=True, text=True, check=True)
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [(x["record_ref"], x["decision"], x["key_id"]) for x in rows] == [
        ("P1", "BLOCK", "gateway"), ("P2", "CLEAR", "gateway")]
    assert "2 records" in out.stderr
    out = subprocess.run([*_screen_cmd(), "audit", "export", "--since", "2999-01-01",
                          "--audit", str(audit)], capture_output=True, text=True, check=True)
    assert out.stdout == ""
    out = subprocess.run([*_screen_cmd(), "audit", "verify", "--audit", str(audit)],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "2 records, chain intact" in out.stdout


def test_screen_serve_refuses_without_keys_and_warns_with_no_auth(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SCREEN_API_KEYS"}
    out = subprocess.run([*_screen_cmd(), "serve", "--audit", str(tmp_path / "a.sqlite")],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "no API keys" in out.stderr
    port = free_port()
    proc = subprocess.Popen([*_screen_cmd(), "serve", "--no-auth", "--port", str(port),
                             "--audit", str(tmp_path / "a.sqlite")], env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        _wait_ready(f"http://127.0.0.1:{port}", proc)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert "WARNING: --no-auth" in proc.stderr.read()


def test_chunked_body_over_the_cap_is_413(tmp_path):
    def chunks():
        yield b'{"records": ['
        for _ in range(40):
            yield json.dumps({**CLEAN, "purpose": "x" * 900}).encode() + b","
        yield b"{}]}"

    with running_server(config(tmp_path, max_body_bytes=10_000)) as (base, _svc):
        with httpx.Client(base_url=base, headers=SCREEN_H, timeout=30) as c:
            r = c.post("/v1/screen", content=chunks(),
                       headers={"Content-Type": "application/json"})
            assert r.status_code == 413 and "larger than 10000 bytes" in r.json()["detail"]
            assert c.post("/v1/screen", json={"records": [CLEAN]}).status_code == 200
