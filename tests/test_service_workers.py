"""`screen serve --workers 2` as a real subprocess: a reload received by one worker process
reaches every worker (each `GET /lists` answer names its worker's pid), and a reload that fails
leaves every worker serving the lists it had."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from service_support import ADMIN_H, CLEAN, FIXTURES, KEYS_ENV, SCREEN_H, free_port

httpx = pytest.importorskip("httpx")
WORKERS = 2


def _screen_cmd() -> list[str]:
    exe = shutil.which("screen", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-c", "from screening.cli import main; main()"]


def _lists(base: str) -> tuple[int, int, str]:
    """(worker pid, generation, OFAC list version) from one GET /lists on a new connection
    (so the workers' shared listening socket may hand it to either)."""
    r = httpx.get(base + "/lists", headers=SCREEN_H, timeout=30)
    assert r.status_code == 200, r.text
    body = r.json()
    version = {x["id"]: x["version"] for x in body["lists"]}["ofac-sdn"]
    return body["worker"], body["generation"], version


def _survey(base: str, until, timeout: float = 30) -> dict[int, tuple[int, str]]:
    """Ask /lists from 8 threads until `until(latest answer per worker)` holds; the latest
    (generation, version) seen from each worker pid."""
    latest: dict[int, tuple[int, str]] = {}
    deadline = time.monotonic() + timeout
    with ThreadPoolExecutor(8) as pool:
        while not until(latest):
            assert time.monotonic() < deadline, f"timed out; workers seen: {latest}"
            for pid, gen, version in pool.map(lambda _: _lists(base), range(16)):
                latest[pid] = (gen, version)
    return latest


def test_reload_reaches_every_worker_process_and_a_failed_one_none(tmp_path):
    lists = tmp_path / "ofac"
    shutil.copytree(FIXTURES / "ofac" / "tiny", lists)
    for f in lists.iterdir():
        f.chmod(0o644)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SCREEN_API_KEYS": KEYS_ENV}
    proc = subprocess.Popen([*_screen_cmd(), "serve", "--port", str(port), "--workers",
                             str(WORKERS), "--list", str(lists), "--audit",
                             str(tmp_path / "audit.sqlite")], env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, f"screen serve exited: {proc.stderr.read()}"
            assert time.monotonic() < deadline, "screen serve did not become ready"
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        before = _survey(base, lambda seen: len(seen) == WORKERS)
        assert len({v for _, v in before.values()}) == 1
        (v1,) = {v for _, v in before.values()}

        sdn = lists / "sdn.csv"
        sdn.write_bytes(sdn.read_bytes() + b'99999,"NEW PARTY, Test",individual,'
                        b'"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')
        r = httpx.post(base + "/admin/reload", headers=ADMIN_H, timeout=60)
        assert r.status_code == 200, r.text
        v2 = {x["id"]: x["version"] for x in r.json()["lists"]}["ofac-sdn"]
        assert v2 != v1
        # the other worker follows within about a second of the signal
        after = _survey(base, lambda seen: len(seen) == WORKERS
                        and all(v == v2 for _, v in seen.values()))
        assert set(after) == set(before)  # the same worker processes, none restarted
        assert all(gen == before[pid][0] + 1 for pid, (gen, _) in after.items())
        hit = httpx.post(base + "/v1/screen", headers=SCREEN_H, timeout=30, json={
            "records": [{**CLEAN, "id": "N1", "beneficiary_name": "Test New Party"}]}).json()
        assert hit["results"][0]["hits"][0]["entity_name"].upper().startswith("NEW PARTY")

        sdn.write_text("broken\n")
        r = httpx.post(base + "/admin/reload", headers=ADMIN_H, timeout=60)
        assert r.status_code == 409 and "still serving" in r.json()["detail"]
        time.sleep(2.5)  # longer than the workers' one-second look at the reload signal
        failed = _survey(base, lambda seen: len(seen) == WORKERS)
        assert failed == after  # every worker: same generation, same lists
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
