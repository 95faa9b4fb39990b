"""Shared helpers for the service tests: configs with real keys, a real uvicorn server on a
free localhost port, and a PostgreSQL URL when one is running."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service extra (fastapi) is not installed")

from screening.screener_spec import ScreenerSpec  # noqa: E402
from screening.service.app import Service, create_app  # noqa: E402
from screening.service.auth import hash_key  # noqa: E402
from screening.service.config import ServiceConfig  # noqa: E402

SCREEN_KEY = "sk_test-screen-key"
ADMIN_KEY = "sk_test-admin-key"
KEYS_ENV = f"gateway:screen:{hash_key(SCREEN_KEY)},ops:admin:{hash_key(ADMIN_KEY)}"
SCREEN_H = {"Authorization": f"Bearer {SCREEN_KEY}"}
ADMIN_H = {"X-API-Key": ADMIN_KEY}
FIXTURES = Path(__file__).resolve().parent / "fixtures"

PAYMENT = {"id": "P1", "date": "2022-04-10", "originator_name": "Acme Trading GmbH",
           "beneficiary_name": "VTB Bank", "beneficiary_bic": "VTBRRUMM"}
CLEAN = {"id": "P2", "date": "2022-04-10", "originator_name": "Acme Trading GmbH",
         "beneficiary_name": "Harbour Fruit Importers Ltd"}


def config(tmp_path: Path, **kw: object) -> ServiceConfig:
    base: dict[str, object] = {"audit": str(tmp_path / "audit.sqlite"), "keys_env": KEYS_ENV,
                               "spec": ScreenerSpec(name_cache=1000)}
    base.update(kw)
    return ServiceConfig(**base)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(cfg: ServiceConfig) -> Iterator[tuple[str, Service]]:
    """A real uvicorn server on a free localhost port, in a thread; yields (base URL,
    service) and shuts the server down after."""
    import uvicorn

    service = Service(cfg)
    app = create_app(service=service)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                           access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", service
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def postgres_url() -> str:
    """A URL for a fresh schema in a running PostgreSQL, or pytest.skip with the reason."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg (service extra) not installed")
    base = os.environ.get("SCREEN_TEST_POSTGRES_URL",
                          "postgresql:///postgres?host=/var/run/postgresql")
    try:
        with psycopg.connect(base, connect_timeout=3, autocommit=True) as conn:
            schema = "t_" + uuid.uuid4().hex[:12]
            conn.execute(f"CREATE SCHEMA {schema}")
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL is not running at {base} ({type(exc).__name__}: {exc}); "
                    ".ci/run installs and starts it")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"
