"""The FastAPI application: the service object, access control, limits and error replies.

`create_app(config)` builds the Screener (so a bad list fails before the port opens), opens the
audit store and its writer thread, and mounts the routes (`screening.service.routes`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from screening.service.audit import AuditEntry, AuditWriter, open_store
from screening.service.auth import ApiKey, KeyRing, Role, key_from_headers
from screening.service.config import ServiceConfig
from screening.service.state import ScreenerHolder

log = logging.getLogger("screening.service")
AUDIT_TIMEOUT = 15.0
"""Seconds a request waits for its audit rows to commit before it fails with 503."""


class Service:
    """What every request shares: the screener holder, the audit writer, the keys."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.keyring: KeyRing | None = None
        if not config.no_auth:
            self.keyring = KeyRing.load(config.keys_file, config.keys_env)
            if not len(self.keyring):
                raise ValueError("no API keys: give a keys file or SCREEN_API_KEYS, or run "
                                 "with --no-auth for local use")
        self.holder = ScreenerHolder(config.spec)
        self.audit_timeout = AUDIT_TIMEOUT
        self.writer = AuditWriter(open_store(config.audit))
        self._signal_seen = self._signal_mtime()
        self.fast_answers = 0
        """`POST /v1/screen` requests answered by the fast path (`screening.service.fastpath`)."""

    async def audit(self, entries: Sequence[AuditEntry]) -> None:
        """Commit the rows or raise HTTPException(503): no answer without its record."""
        loop = asyncio.get_running_loop()
        fut = self.writer.submit_async(entries, loop)
        expiry = loop.call_later(self.audit_timeout, _expire, fut, self.audit_timeout)
        try:
            await fut
        except Exception as exc:  # noqa: BLE001 - any failure to record fails the request
            log.error("audit log write failed: %s", exc)
            raise HTTPException(503, f"audit log write failed ({type(exc).__name__}: {exc}); "
                                "nothing was answered, try again") from exc
        finally:
            expiry.cancel()

    # several worker processes: a reload in one is signalled to the others through a file
    def _signal_mtime(self) -> int:
        path = self.config.reload_signal
        try:
            return os.stat(path).st_mtime_ns if path else 0
        except OSError:
            return 0

    def signal_reload(self) -> None:
        path = self.config.reload_signal
        if path:
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"{os.getpid()} reloaded generation {self.holder.current.generation}\n")
            self._signal_seen = self._signal_mtime()

    async def follow_reloads(self) -> None:
        """Reload when another worker signalled a reload (checked once a second)."""
        while True:
            await asyncio.sleep(1.0)
            seen = self._signal_mtime()
            if seen != self._signal_seen:
                self._signal_seen = seen
                try:
                    await asyncio.to_thread(self.holder.reload)
                except Exception as exc:  # noqa: BLE001 - keep serving the old lists
                    log.error("reload signalled by another worker failed: %s", exc)

    def start(self) -> None:
        """Reopen the audit log if a previous lifespan closed it (an app can be started more
        than once, e.g. under a test client)."""
        if self.writer.closed:
            self.writer = AuditWriter(open_store(self.config.audit))

    def close(self) -> None:
        self.writer.close()


def _expire(fut: asyncio.Future[None], seconds: float) -> None:
    if not fut.done():
        fut.set_exception(TimeoutError(f"no commit within {seconds:g} s"))


_ID_PREFIX = uuid.uuid4().hex[:16]
_ID_COUNTER = itertools.count(1)


def new_request_id() -> str:
    """Unique per request: a random prefix drawn when the process starts, then a counter
    (cheaper than a uuid4 per request)."""
    return f"{_ID_PREFIX}{next(_ID_COUNTER):016x}"


# -- access control --------------------------------------------------------------------------

OPEN_PATHS = ("/healthz", "/readyz")
"""Endpoints without a key (probes); /openapi.json and /docs need none either."""
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "`Authorization: Bearer KEY` (or `ApiKey KEY`, as yente clients "
                              "send)"},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}


def require(role: Role) -> Callable[..., Awaitable[ApiKey | None]]:
    """A dependency: the caller's key, which must have `role` (None with --no-auth). It reads
    the headers itself (FastAPI's security classes cost a sub-dependency each per request);
    the OpenAPI schema gets the schemes from `add_security_to_openapi`."""

    async def check(request: Request) -> ApiKey | None:
        svc: Service = request.app.state.service
        if svc.keyring is None:
            return None
        secret = key_from_headers(request.headers.get("authorization"),
                                  request.headers.get("x-api-key"))
        challenge = {"WWW-Authenticate": "Bearer"}
        if not secret:
            raise HTTPException(401, "no API key: send `Authorization: Bearer KEY` or "
                                "`X-API-Key: KEY`", headers=challenge)
        key = svc.keyring.lookup(secret)
        if key is None:
            raise HTTPException(401, "unknown API key", headers=challenge)
        if not key.role.allows(role):
            raise HTTPException(403, f"API key {key.id!r} has role {key.role}; this "
                                f"endpoint needs role {role}")
        return key

    return check


def no_unknown_params(*allowed: str) -> Callable[[Request], Awaitable[None]]:
    """A dependency refusing query parameters the endpoint does not know."""
    known = set(allowed)

    async def check(request: Request) -> None:  # async: a sync one would hop threads
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise HTTPException(422, f"query.{unknown[0]}: unknown query parameter"
                                + (f" (known: {', '.join(sorted(known))})" if known else ""))

    return check


# -- limits and errors -----------------------------------------------------------------------

class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses request bodies over `limit` bytes with 413, by Content-Length or as they
    stream in, before the app parses them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _send_413(send, self.limit)
                    return
        seen = 0
        exceeded = False
        replaced = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    raise BodyTooLarge
            return msg

        async def guarded_send(msg: Message) -> None:
            # FastAPI turns an error while reading the body into its own reply: send the 413
            # in its place
            nonlocal replaced
            if not exceeded:
                await send(msg)
            elif not replaced:
                replaced = True
                await _send_413(send, self.limit)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not replaced:
                await _send_413(send, self.limit)


async def _send_413(send: Send, limit: int) -> None:
    body = (b'{"detail":"body: request body larger than %d bytes","errors":[]}' % limit)
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _field(loc: Sequence[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[1:]
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "body"


def _validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    errs = []
    for e in exc.errors():
        loc = e.get("loc", ())
        if e.get("type") == "json_invalid":
            pos = loc[1] if len(loc) > 1 else "?"
            reason = (e.get("ctx") or {}).get("error", "")
            errs.append({"field": "body", "message": f"malformed JSON at position {pos}"
                                                     + (f": {reason}" if reason else "")})
            continue
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        if e.get("type") == "extra_forbidden":
            msg = "unknown field"
        errs.append({"field": _field(loc), "message": msg})
    return errs


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errs[:10])
        if len(errs) > 10:
            detail += f"; ... and {len(errs) - 10} more"
        return JSONResponse({"detail": detail, "errors": errs[:100]}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            # FastAPI's words for a body json cannot decode (not UTF-8, nested too deeply)
            return JSONResponse({"detail": "body: cannot be read as JSON (not UTF-8 text, or "
                                 "nested too deeply)", "errors": []}, status_code=422)
        return JSONResponse({"detail": str(exc.detail), "errors": []},
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RecursionError)
    async def _deep(request: Request, exc: RecursionError) -> JSONResponse:
        return JSONResponse({"detail": "body: JSON nested too deeply", "errors": []},
                            status_code=422)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error (a bug; it is logged on the server)",
                             "errors": []}, status_code=500)


# -- the app ---------------------------------------------------------------------------------

DOCS_ASSETS = "/docs-assets"
"""Where the docs pages' Swagger UI and ReDoc files are served from (no key needed)."""
DESCRIPTION = """Sanctions screening of payments and exports over HTTP, on the same compiled
lists and rules as the `screen` command line. Every screening call is written to the audit log
before it is answered. Authenticate with `Authorization: Bearer KEY` or `X-API-Key: KEY`.
`POST /match/{dataset}` takes and returns yente's `/match` shapes."""


def create_app(config: ServiceConfig | None = None, service: Service | None = None,
               fast_path: bool | None = None) -> FastAPI:
    """The ASGI app for `config` (or an already built `service`). `fast_path=False` leaves
    out `screening.service.fastpath` (every request through FastAPI; for comparisons); None:
    as the config says."""
    from importlib.metadata import PackageNotFoundError, version

    from screening.service import routes
    from screening.service.fastpath import ScreenFastPath

    svc = service or Service(config or ServiceConfig())
    try:
        ver = version("screening")
    except PackageNotFoundError:  # pragma: no cover
        ver = "0"

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        svc.start()
        follower = (asyncio.create_task(svc.follow_reloads())
                    if svc.config.reload_signal else None)
        try:
            yield
        finally:
            if follower:
                follower.cancel()
            svc.close()

    # the docs pages' scripts and styles come from the fastapi-offline package, not a CDN: /docs
    # and /redoc work with no internet
    app = FastAPIOffline(title="screening service", version=ver, description=DESCRIPTION,
                         lifespan=lifespan, static_url=DOCS_ASSETS)
    app.state.service = svc
    add_security_to_openapi(app)
    install_error_handlers(app)
    app.include_router(routes.router)
    if svc.config.fast_path if fast_path is None else fast_path:
        app.add_middleware(ScreenFastPath, service=svc)
    app.add_middleware(BodyLimit, limit=svc.config.max_body_bytes)  # outside the fast path
    return app


def add_security_to_openapi(app: FastAPI) -> None:
    """Document the key schemes, and that every endpoint but the probes needs a key."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        for path, ops in schema.get("paths", {}).items():
            if path in OPEN_PATHS:
                continue
            for op in ops.values():
                op["security"] = [{"bearer": []}, {"apiKey": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def app_from_env() -> FastAPI:
    """Factory for uvicorn worker processes: the config comes in SCREEN_SERVICE_CONFIG."""
    try:
        return create_app(ServiceConfig.from_env())
    except Exception as exc:  # noqa: BLE001
        print(f"screen serve: worker cannot start: {exc}", file=sys.stderr)
        raise
