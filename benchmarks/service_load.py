"""Load test of the screening service (`screen serve`) on localhost.

Starts `screen serve` with the built-in lists plus the OFAC SDN set (../shared/data/ofac/,
skipped with a message when absent), an API key and a fresh SQLite audit log, then runs:

  1. open loop: single-record POST /v1/screen requests sent on a fixed schedule (--rate per
     second for --seconds; new payments, names mostly not seen before), each on a free
     keep-alive connection (a new one when all are busy); latency counts from the request's
     scheduled send time, so time spent queued (in the server or in this generator) is not
     hidden. This is the figure the goal "p99 under 20 ms at 500 requests/s" means. Then
     the same requests again on the same schedule (names now remembered by the server, as for
     counterparties a bank pays every day);
  2. closed loop: N single-record requests from C connections, each sending its next request
     when the last is answered (throughput; by Little's law its mean latency is C / rate, so
     it says little about latency);
  3. closed loop, batches of 100 records (N/25 requests);
  4. closed loop, the N single-record requests again (names now in the server's name cache);

and prints requests/s, records/s, p50/p99 latency and errors for each, the load average
before and after each, then counts the audit rows (every screened record must have one).
`--compare` first runs phases 1 and 2 against a `screen serve --no-fast-path` (every request
through FastAPI's routing and validation) on fresh state, for a before/after in one run. The
load generator is a minimal asyncio HTTP/1.1 client in this process (its CPU use is printed:
it shares the machine with the server).

    python benchmarks/service_load.py [--rate 500] [--seconds 10] [--requests 5000]
                                      [--clients 16] [--workers 1] [--compare]
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


def _arun(coro):  # noqa: ANN001, ANN202
    """Run the load generator on uvloop when it is installed (less CPU taken from the server)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


async def _read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return int(status_line.split()[1])


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
            status = await _read_response(reader)
            latencies.append(time.perf_counter() - t0)
            statuses.append(status)
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


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f})"


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of process `pid` and its descendants so far (Linux /proc;
    0.0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(stat[11]) + int(stat[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


SERVER_PID = [0]


def _pct(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))] * 1000


def phase(name: str, port: int, requests: list[bytes], clients: int, records: int
          ) -> dict[str, float]:
    """A closed loop: `clients` connections, each sending its next request when the last is
    answered."""
    load0 = _load()
    cpu0 = time.process_time()
    srv0 = _tree_cpu(SERVER_PID[0])
    secs, lat, st = _arun(_run(port, requests, clients))
    srv = (_tree_cpu(SERVER_PID[0]) - srv0) / len(st) * 1000
    cpu = time.process_time() - cpu0
    lat.sort()
    errors = sum(1 for s in st if s != 200)
    out = {"rate": len(st) / secs, "records": records / secs, "p50": _pct(lat, 0.5),
           "p99": _pct(lat, 0.99), "max": lat[-1] * 1000, "errors": errors, "secs": secs,
           "cpu_ms": srv}
    print(f"{name} [closed loop]: {len(st):,} requests ({records:,} records) from {clients} "
          f"clients in {secs:.2f} s: {out['rate']:,.0f} requests/s, {out['records']:,.0f} "
          f"records/s; latency p50 {out['p50']:.1f} ms, p99 {out['p99']:.1f} ms, max "
          f"{out['max']:.1f} ms; errors {errors}; server CPU {srv:.2f} ms/request; "
          f"load-generator CPU {cpu:.1f} s; {load0} before, {_load()} after", flush=True)
    return out


async def _open(port: int, requests: list[bytes], rate: float, preopen: int = 16,
                most: int = 512) -> tuple[float, list[float], list[float], list[int], int]:
    """Send request i at t0 + i / rate whatever happened to the others; each goes out on an
    idle connection, or a new one when all are busy (at most `most`)."""
    idle: asyncio.Queue = asyncio.Queue()
    conns = []
    for _ in range(preopen):
        conns.append(await asyncio.open_connection("127.0.0.1", port))
        idle.put_nowait(conns[-1])
    lat: list[float] = []
    late: list[float] = []
    statuses: list[int] = []

    async def one(req: bytes, due: float) -> None:
        if idle.empty() and len(conns) < most:
            conns.append(await asyncio.open_connection("127.0.0.1", port))
            conn = conns[-1]
        else:
            conn = await idle.get()
        reader, writer = conn
        late.append(time.perf_counter() - due)
        try:
            writer.write(req)
            status = await _read_response(reader)
        except (ConnectionError, asyncio.IncompleteReadError):
            status = 0
        lat.append(time.perf_counter() - due)
        statuses.append(status)
        idle.put_nowait(conn)

    tasks = []
    t0 = time.perf_counter() + 0.05
    for i, req in enumerate(requests):
        due = t0 + i / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(one(req, due)))
    await asyncio.gather(*tasks)
    secs = time.perf_counter() - t0
    for _, w in conns:
        w.close()
    return secs, lat, late, statuses, len(conns)


def open_phase(name: str, port: int, requests: list[bytes], rate: float) -> dict[str, float]:
    """An open loop at `rate` requests/s (fixed schedule); latency from the scheduled time."""
    load0 = _load()
    cpu0 = time.process_time()
    srv0 = _tree_cpu(SERVER_PID[0])
    secs, lat, late, st, conns = _arun(_open(port, requests, rate))
    srv = (_tree_cpu(SERVER_PID[0]) - srv0) / len(st) * 1000
    cpu = time.process_time() - cpu0
    lat.sort()
    late.sort()
    errors = sum(1 for s in st if s != 200)
    out = {"offered": rate, "rate": len(st) / secs, "p50": _pct(lat, 0.5),
           "p90": _pct(lat, 0.9), "p99": _pct(lat, 0.99), "max": lat[-1] * 1000,
           "errors": errors, "late_p99": _pct(late, 0.99), "conns": conns, "cpu_ms": srv}
    print(f"{name} [open loop, {rate:,.0f} requests/s offered]: {len(st):,} requests, "
          f"answered in {secs:.2f} s ({out['rate']:,.0f}/s); latency from the scheduled send "
          f"p50 {out['p50']:.1f} ms, p90 {out['p90']:.1f} ms, p99 {out['p99']:.1f} ms, max "
          f"{out['max']:.1f} ms; errors {errors}; server CPU {srv:.2f} ms/request; "
          f"connections {conns}; generator sent p99 "
          f"{out['late_p99']:.1f} ms behind schedule, CPU {cpu:.1f} s; {load0} before, "
          f"{_load()} after", flush=True)
    return out


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


class Server:
    """`screen serve` in a subprocess on a free port, with one API key."""

    def __init__(self, audit: str, workers: int, key_hash: str, fast: bool = True) -> None:
        self.port = _free_port()
        self.audit = audit
        cmd = [sys.executable, "-c", "from screening.cli import main; main()", "serve",
               "--port", str(self.port), "--audit", audit, "--workers", str(workers)]
        if OFAC.exists():
            cmd += ["--list", str(OFAC)]
        if not fast:
            cmd.append("--no-fast-path")
        env = {**os.environ, "SCREEN_API_KEYS": f"load:screen:{key_hash}"}
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, env=env)
        SERVER_PID[0] = self.proc.pid
        while True:
            if self.proc.poll() is not None:
                raise SystemExit("screen serve exited")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz",
                                            timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        how = "fast path" if fast else "--no-fast-path"
        print(f"service ready in {time.perf_counter() - t0:.1f} s ({how}, "
              f"workers: {workers}, cores: {os.cpu_count()}; {_load()})", flush=True)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=60)


def _requests(records: list[dict[str, str]], key: str, size: int = 1) -> list[bytes]:
    return [_request("/v1/screen", {"records": records[i:i + size]}, key)
            for i in range(0, len(records), size)]


def run(label: str, args: argparse.Namespace, key: str, key_hash: str, audit: str,
        fast: bool, full: bool) -> tuple[dict[str, dict[str, float]], bool]:
    """One server: warm-up, open loop, closed loop (and with `full` batches and the cached
    names again); returns the figures and whether every audit row is there."""
    print(f"--- {label}", flush=True)
    srv = Server(audit, args.workers, key_hash, fast)
    figures = {}
    screened = 0
    try:
        warm = make_records(200, seed=1)
        phase("warm-up", srv.port, _requests(warm, key), args.clients, len(warm))
        screened += len(warm)
        fresh = make_records(int(args.rate * args.seconds), seed=13)
        figures["open"] = open_phase("single-record, new names", srv.port,
                                     _requests(fresh, key), args.rate)
        figures["open_again"] = open_phase("the same records again (names in the server's "
                                           "name cache)", srv.port, _requests(fresh, key),
                                           args.rate)
        screened += 2 * len(fresh)
        single = make_records(args.requests, seed=7)
        figures["single"] = phase("single-record, new names", srv.port,
                                  _requests(single, key), args.clients, len(single))
        screened += len(single)
        if full:
            nb = max(1, args.requests // 25)
            batch = make_records(nb * args.batch, seed=11)
            figures["batch"] = phase(f"batches of {args.batch}", srv.port,
                                     _requests(batch, key, args.batch), args.clients,
                                     len(batch))
            screened += len(batch)
            figures["again"] = phase("single-record again (names in the server's name cache)",
                                     srv.port, _requests(single, key), args.clients,
                                     len(single))
            screened += len(single)
    finally:
        srv.stop()
    got = _count_audit(audit)
    print(f"audit log: {got:,} rows for {screened:,} screened records "
          f"({'none lost' if got == screened else f'{screened - got:,} MISSING'})", flush=True)
    return figures, got == screened


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=5000, help="closed-loop requests")
    ap.add_argument("--clients", type=int, default=16, help="closed-loop connections")
    ap.add_argument("--rate", type=float, default=500.0, help="open loop: requests/s offered")
    ap.add_argument("--seconds", type=float, default=10.0, help="open loop: how long")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--compare", action="store_true",
                    help="first the same open and closed loop on screen serve --no-fast-path")
    ap.add_argument("--audit", default=None, help="audit log (default: a fresh SQLite file)")
    args = ap.parse_args()

    from screening.service.auth import hash_key, new_key

    key = new_key()
    key_hash = hash_key(key)
    tmp = Path(tempfile.mkdtemp(prefix="screen-load-"))
    print(f"lists: built-in + OFAC SDN ({OFAC})" if OFAC.exists() else
          f"lists: built-in only ({OFAC} is absent: OFAC set skipped)")
    ok = True
    results = {}
    try:
        if args.compare:
            if args.audit and args.audit.startswith("postgres"):
                raise SystemExit("--compare needs a SQLite audit log (one per server)")
            results["route"], fine = run("screen serve --no-fast-path (every request through "
                                         "FastAPI)", args, key, key_hash,
                                         str(tmp / "route.sqlite"), fast=False, full=False)
            ok &= fine
        results["fast"], fine = run("screen serve", args, key, key_hash,
                                    args.audit or str(tmp / "audit.sqlite"), fast=True,
                                    full=True)
        ok &= fine
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    fast = results["fast"]
    if "route" in results:
        route = results["route"]
        for which, what in (("open", "new names"), ("open_again", "names seen before")):
            print(f"--no-fast-path -> fast path, this run, open loop {what}: p50 "
                  f"{route[which]['p50']:.1f} -> {fast[which]['p50']:.1f} ms, p99 "
                  f"{route[which]['p99']:.1f} -> {fast[which]['p99']:.1f} ms; server CPU "
                  f"{route[which]['cpu_ms']:.2f} -> {fast[which]['cpu_ms']:.2f} ms/request")
        print(f"--no-fast-path -> fast path, this run, closed loop: "
              f"{route['single']['rate']:,.0f} -> {fast['single']['rate']:,.0f} requests/s")
    base = baseline(make_records(args.requests, seed=7))
    rate = fast["single"]["rate"]
    print(f"baseline: Screener.screen in one process on the same {args.requests:,} records "
          f"(cold name cache): {base:,.0f} records/s; the service's closed-loop single-record "
          f"rate is {rate / base:.2f}x that")
    yente = YENTE_PER_VCPU * (os.cpu_count() or 1)
    print(f"yente (about {YENTE_PER_VCPU:.0f} match requests/s per vCPU): about {yente:.0f}/s "
          f"on {os.cpu_count()} vCPUs; this run: {rate / yente:,.0f}x that")
    for which, what in (("open", "new names"), ("open_again", "names seen before")):
        o = fast[which]
        met = (o["p99"] < 20 and o["rate"] >= 0.98 * args.rate and not o["errors"]
               and args.rate >= 500)
        print(f"goal (p99 < 20 ms at >= 500 single-record requests/s, open loop), {what}: "
              f"{'met' if met else 'NOT met'} in this run (p99 {o['p99']:.1f} ms, "
              f"{o['rate']:,.0f}/s answered of {args.rate:,.0f}/s offered)")
    print(f"end: {_load()}")
    errors = sum(int(f.get("errors", 0)) for r in results.values() for f in r.values())
    return 1 if errors or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
