"""A lean path for the one call payment systems make all day: a well-formed `POST /v1/screen`.

FastAPI's per-request machinery (routing, dependency solving, request validation through the
endpoint signature, the exception middlewares) costs several times what screening a record
with remembered names does. This ASGI middleware answers a `POST /v1/screen` itself when the
request is ordinary: no query string, a JSON content type, a valid key with the `screen` role
and a body that validates as `ScreenRequest` (parsed and validated in one pass by
pydantic-core). It screens through the same `routes.screen_call` as the FastAPI route, so the
answer and the audit rows are the same, and it answers only after the audit commit.

Anything else (no or a wrong key, a query parameter, malformed JSON, an invalid field, another
content type) is handed to the FastAPI app with the body replayed, so every refusal keeps
exactly the route's status and message. The route also stays the one the OpenAPI schema
documents.
"""

from __future__ import annotations

import json
import logging

from fastapi import HTTPException
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from screening.service.app import Service
from screening.service.auth import Role, key_from_headers
from screening.service.schemas import ScreenRequest

log = logging.getLogger("screening.service")
PATH = "/v1/screen"
_JSON_TYPES = (b"application/json", b"application/json; charset=utf-8",
               b"application/json;charset=utf-8")


class ScreenFastPath:
    """ASGI middleware: answers ordinary `POST /v1/screen` requests without FastAPI's routing
    and validation layers; hands every other request to `app` unchanged."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST"
                or scope.get("query_string")):
            await self.app(scope, receive, send)
            return
        ctype = auth = api_key = None
        for name, value in scope["headers"]:
            if name == b"content-type":
                ctype = value.lower()
            elif name == b"authorization":
                auth = value.decode("latin-1")
            elif name == b"x-api-key":
                api_key = value.decode("latin-1")
        chunks = []
        while True:  # the body limit middleware outside counts these bytes
            msg = await receive()
            if msg["type"] != "http.request":  # the client went away
                return
            chunks.append(msg.get("body", b""))
            if not msg.get("more_body"):
                break
        body = b"".join(chunks)
        svc = self.service
        key = None
        request = None
        if ctype in _JSON_TYPES:
            if svc.keyring is not None:
                secret = key_from_headers(auth, api_key)
                key = svc.keyring.lookup(secret) if secret else None
            if svc.keyring is None or (key is not None and key.role.allows(Role.screen)):
                try:
                    request = ScreenRequest.model_validate_json(body)
                except ValidationError:
                    request = None
        if request is None or len(request.records) > svc.config.max_records:
            await self.app(scope, _replay(body, receive), send)
            return
        from screening.service.routes import screen_call

        try:
            rid, payload = await screen_call(svc, request, key)
        except HTTPException as exc:
            await _send(send, exc.status_code, json.dumps(
                {"detail": str(exc.detail), "errors": []}, ensure_ascii=False,
                separators=(",", ":")).encode(), exc.headers)
            return
        except Exception:  # noqa: BLE001 - as the app's handler for a bug: logged, 500
            log.exception("internal error on POST %s", PATH)
            await _send(send, 500, b'{"detail":"internal error (a bug; it is logged on the '
                        b'server)","errors":[]}')
            return
        svc.fast_answers += 1
        await _send(send, 200, payload.encode("utf-8"), {"x-request-id": rid})


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable giving the already read body once, then the real channel (where a
    disconnect arrives)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _send(send: Send, status: int, body: bytes,
                headers: dict[str, str] | None = None) -> None:
    raw = [(b"content-length", str(len(body)).encode()),
           (b"content-type", b"application/json")]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
