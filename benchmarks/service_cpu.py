"""CPU per single-record `POST /v1/screen` in one process, without HTTP: the ASGI app called
directly, with the fast path (screening/service/fastpath.py) and without it (every request
through FastAPI's routing, dependencies and validation), alternating, on the same records with
names already in the name cache, and `screen_record` alone for the engine's share. The audit
log is a real SQLite file (its writer thread's CPU is counted).

    python benchmarks/service_cpu.py [--requests 2000] [--rounds 2] [--ofac]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service_load import OFAC, make_records  # noqa: E402

from screening.batch import ScreenerSpec  # noqa: E402
from screening.service.app import Service, create_app  # noqa: E402
from screening.service.auth import hash_key  # noqa: E402
from screening.service.config import SERVICE_NAME_CACHE, ServiceConfig  # noqa: E402
from screening.service.intake import screen_record  # noqa: E402

KEY = "sk_bench-cpu"


async def _call(app, body: bytes) -> int:  # noqa: ANN001
    headers = [(b"host", b"localhost"), (b"content-type", b"application/json"),
               (b"authorization", f"Bearer {KEY}".encode()),
               (b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/v1/screen",
             "raw_path": b"/v1/screen", "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 2),
             "state": {}}
    given = False

    async def receive() -> dict:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    status = []

    async def send(msg: dict) -> None:
        if msg["type"] == "http.response.start":
            status.append(msg["status"])

    await app(scope, receive, send)
    return status[0]


async def _measure(app, bodies: list[bytes], concurrent: int) -> float:  # noqa: ANN001
    """CPU seconds per request (all threads), `concurrent` requests in flight."""
    sem = asyncio.Semaphore(concurrent)

    async def one(b: bytes) -> None:
        async with sem:
            assert await _call(app, b) == 200

    cpu = time.process_time()
    await asyncio.gather(*(one(b) for b in bodies))
    return (time.process_time() - cpu) / len(bodies)


async def _main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="screen-cpu-"))
    spec = ScreenerSpec(lists=(str(OFAC),) if args.ofac and OFAC.exists() else (),
                        name_cache=SERVICE_NAME_CACHE)
    svc = Service(ServiceConfig(spec=spec, audit=str(tmp / "audit.sqlite"),
                                keys_env=f"bench:screen:{hash_key(KEY)}"))
    apps = {"fast path": create_app(service=svc, fast_path=True),
            "FastAPI route": create_app(service=svc, fast_path=False)}
    records = make_records(args.requests, seed=7)
    bodies = [json.dumps({"records": [r]}).encode() for r in records]
    snap = svc.holder.current
    for r in records:  # names into the cache
        screen_record(snap.screener, r, 1, None)
    cpu = time.process_time()
    for r in records:
        screen_record(snap.screener, r, 1, None)
    engine = (time.process_time() - cpu) / len(records)
    svc.start()
    try:
        for rnd in range(1, args.rounds + 1):
            figures = {name: await _measure(app, bodies, args.concurrent)
                       for name, app in apps.items()}
            print(f"round {rnd}: CPU per single-record request, names cached, "
                  f"{args.concurrent} in flight: "
                  + ", ".join(f"{k} {v * 1e3:.3f} ms" for k, v in figures.items())
                  + f" ({figures['FastAPI route'] / figures['fast path']:.1f}x); "
                  f"screen_record alone {engine * 1e3:.3f} ms", flush=True)
    finally:
        svc.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--concurrent", type=int, default=16)
    ap.add_argument("--ofac", action="store_true", help="load the OFAC SDN set too")
    asyncio.run(_main(ap.parse_args()))


if __name__ == "__main__":
    main()
