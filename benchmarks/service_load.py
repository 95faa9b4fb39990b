"""Load test of the screening service (`screen serve`) on localhost.

Starts `screen serve` with the built-in lists plus the OFAC SDN set (../shared/data/ofac/,
skipped with a message when absent), an API key and a fresh SQLite audit log, then sends:

  1. N single-record POST /v1/screen requests from C concurrent keep-alive connections;
  2. batches of 100 records (N/25 requests) from the same C connections;

and prints requests/s, records/s, p50/p99 latency and errors for each, then counts the audit
rows (every screened record must have one). The load generator is a minimal asyncio HTTP/1.1
client in this process (its CPU use is printed: it shares the machine with the server).

    python benchmarks/service_load.py [--requests 5000] [--clients 16] [--workers 1]
                                      [--audit PATH|postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFAC = ROOT.parent / "shared" / "data" / "ofac" / "sdn-2019"
YENTE_PER_VCPU = 4.0  # match requests/s per vCPU, logic-v2 (issue 11)

FIRST = ["Anna", "Boris", "Carlos", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ivan",
         "Jana", "Kenji", "Lena", "Mohammed", "Nadia", "Oleg", "Pavel", "Qiang", "Rosa",
         "Sergei", "Tatiana", "Umar", "Vera", "Wei", "Yuri", "Zara"]
LAST = ["Petrov", "Garcia", "Tanaka", "Schmidt", "Kowalski", "Haddad", "Nguyen", "Smirnova",
        "Rossi", "Okafor", "Larsen", "Ivanova", "Moreau", "Silva", "Kim", "Novak", "Sato",
        "Fischer", "Popescu", "Horvath"]
ORGS = ["Trading", "Logistics", "Holdings", "Shipping", "Foods", "Textiles", "Energy",
        "Machinery", "Pharma", "Metals"]
FORMS = ["GmbH", "Ltd", "LLC", "S.A.", "OOO", "Co., Ltd.", "AG", "B.V."]
LISTED = ["VTB Bank", "Bank Rossiya", "Sberbank", "Rosneft Oil Company", "Gazprombank",
          "Vladimir Putin", "Alexander Lukashenko", "Ramzan Kadyrov"]


def _ofac_names(limit: int = 300) -> list[str]:
    sdn = OFAC / "sdn.csv"
    if not sdn.exists():
        return []
    import csv

    with open(sdn, encoding="latin-1", newline="") as f:
        names = [row[1] for row in csv.reader(f) if len(row) > 2]
    rng = random.Random(3)
    return rng.sample(names, min(limit, len(names)))


def make_records(n: int, seed: int = 7) -> list[dict[str, str]]:
    """Payments: mostly made-up counterparties, about 1 in 12 naming a listed party."""
    rng = random.Random(seed)
    listed = LISTED + _ofac_names()
    out = []
    for i in range(n):
        if rng.random() < 0.5:
            orig = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        else:
            orig = f"{rng.choice(LAST)} {rng.choice(ORGS)} {rng.choice(FORMS)}"
        benef = (rng.choice(listed) if rng.random() < 1 / 12
                 else f"{rng.choice(LAST)} {rng.choice(LAST)} {rng.choice(ORGS)} "
                      f"{rng.choice(FORMS)}")
        out.append({"id": f"PAY-{i}", "date": f"2022-{rng.randint(1, 12):02d}-15",
                    "amount": f"{rng.randint(100, 10**6)}.00", "currency": "USD",
                    "originator_name": orig, "originator_country": "DE",
                    "beneficiary_name": benef})
    return out


def _request(path: str, body: dict, key: str) -> bytes:
    data = json.dumps(body).encode()
    return (f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {key}\r\nContent-Length: {len(data)}\r\n\r\n"
            ).encode() + data


async def _client(port: int, queue: asyncio.Queue, latencies: list[float],
                  statuses: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                req = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            writer.write(req)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            statuses.append(int(status_line.split()[1]))
    finally:
        writer.close()


async def _run(port: int, requests: list[bytes], clients: int) -> tuple[float, list[float],
                                                                         list[int]]:
    queue: asyncio.Queue = asyncio.Queue()
    for r in requests:
        queue.put_nowait(r)
    latencies: list[float] = []
    statuses: list[int] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(_client(port, queue, latencies, statuses) for _ in range(clients)))
    return time.perf_counter() - t0, latencies, statuses


SINGLE_SECONDS: list[float] = []


def baseline(records: list[dict[str, str]]) -> float:
    """Records/s of Screener.screen in a fresh process, same lists, same records, in order."""
    code = (
        "import json, sys, time\n"
        "from screening.batch import ScreenerSpec\n"
        "recs = json.load(sys.stdin)\n"
        f"s = ScreenerSpec(lists={(str(OFAC),) if OFAC.exists() else ()!r}).build()\n"
        "t = time.perf_counter()\n"
        "for r in recs: s.screen(r)\n"
        "print(len(recs) / (time.perf_counter() - t))\n")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(records),
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def phase(name: str, port: int, requests: list[bytes], clients: int, records: int) -> int:
    cpu0 = time.process_time()
    secs, lat, st = asyncio.run(_run(port, requests, clients))
    if name == "single-record":
        SINGLE_SECONDS.append(secs)
    cpu = time.process_time() - cpu0
    lat.sort()
    errors = sum(1 for s in st if s != 200)
    p50 = statistics.median(lat) * 1000
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
    print(f"{name}: {len(st):,} requests ({records:,} records) from {clients} clients in "
          f"{secs:.2f} s: {len(st) / secs:,.0f} requests/s, {records / secs:,.0f} records/s; "
          f"latency p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {lat[-1] * 1000:.1f} ms; "
          f"errors {errors}; load-generator CPU {cpu:.1f} s")
    return errors


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _count_audit(target: str) -> int:
    if target.startswith("postgres"):
        import psycopg

        with psycopg.connect(target) as conn:
            return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    with sqlite3.connect(target) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--audit", default=None, help="audit log (default: a fresh SQLite file)")
    args = ap.parse_args()

    from screening.service.auth import hash_key, new_key

    key = new_key()
    tmp = Path(tempfile.mkdtemp(prefix="screen-load-"))
    audit = args.audit or str(tmp / "audit.sqlite")
    port = _free_port()
    cmd = [sys.executable, "-c", "from screening.cli import main; main()", "serve",
           "--port", str(port), "--audit", audit, "--workers", str(args.workers)]
    if OFAC.exists():
        cmd += ["--list", str(OFAC)]
        print(f"lists: built-in + OFAC SDN ({OFAC})")
    else:
        print(f"lists: built-in only ({OFAC} is absent: OFAC set skipped)")
    env = {**os.environ, "SCREEN_API_KEYS": f"load:screen:{hash_key(key)}"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env)
    errors = 0
    try:
        while True:
            if proc.poll() is not None:
                print("screen serve exited", file=sys.stderr)
                return 2
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        print(f"service ready in {time.perf_counter() - t0:.1f} s "
              f"(workers: {args.workers}, cores: {os.cpu_count()})")
        single = make_records(args.requests, seed=7)
        warm = [_request("/v1/screen", {"records": [r]}, key) for r in make_records(200, 1)]
        phase("warm-up", port, warm, args.clients, len(warm))
        reqs = [_request("/v1/screen", {"records": [r]}, key) for r in single]
        errors += phase("single-record", port, reqs, args.clients, len(reqs))
        nb = max(1, args.requests // 25)
        batch_recs = make_records(nb * args.batch, seed=11)
        breqs = [_request("/v1/screen", {"records": batch_recs[i:i + args.batch]}, key)
                 for i in range(0, len(batch_recs), args.batch)]
        errors += phase(f"batches of {args.batch}", port, breqs, args.clients, len(batch_recs))
        again = [_request("/v1/screen", {"records": [r]}, key) for r in single]
        errors += phase("single-record again (names now in the server's name cache)", port,
                        again, args.clients, len(again))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    expected = len(warm) + len(reqs) + len(batch_recs) + len(again)
    got = _count_audit(audit)
    print(f"audit log: {got:,} rows for {expected:,} screened records "
          f"({'none lost' if got == expected else f'{expected - got:,} MISSING'})")
    if not args.audit:
        shutil.rmtree(tmp, ignore_errors=True)
    base = baseline(single)
    rate = args.requests / SINGLE_SECONDS[0] if SINGLE_SECONDS else 0.0
    print(f"baseline: Screener.screen in one process on the same {len(single):,} records "
          f"(cold name cache): {base:,.0f} records/s; the service's single-record rate is "
          f"{rate / base:.2f}x that")
    yente = YENTE_PER_VCPU * (os.cpu_count() or 1)
    print(f"yente (about {YENTE_PER_VCPU:.0f} match requests/s per vCPU): about {yente:.0f}/s "
          f"on {os.cpu_count()} vCPUs; this run: {rate / yente:,.0f}x that")
    return 1 if errors or got != expected else 0


if __name__ == "__main__":
    sys.exit(main())
