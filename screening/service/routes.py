"""The endpoints. Each screening call takes the snapshot in force once, screens, writes its
audit rows (waiting for the commit) and only then answers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from screening.results import ScreeningResult
from screening.service import yente
from screening.service.app import Service, new_request_id, no_unknown_params, require
from screening.service.audit import AuditEntry, input_hash
from screening.service.auth import ApiKey, Role
from screening.service.intake import screen_record
from screening.service.schemas import (
    EntityMatchQuery,
    EntityMatchResponse,
    ErrorResponse,
    ListsResponse,
    ReloadResponse,
    ScreenRequest,
    ScreenResponse,
    SearchResponse,
    Status,
)
from screening.service.state import ReloadFailed, Snapshot

router = APIRouter()
INLINE_RECORDS = 8
"""Requests with more records are screened on a worker thread, so the event loop keeps
answering health checks and small requests meanwhile."""

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text} for code, text in (
        (401, "No or unknown API key"), (403, "The key's role does not allow this"),
        (413, "Too many records, or the body is too large"),
        (422, "Invalid request (the message names the field)"),
        (503, "The audit log could not be written; nothing was answered"))}

ScreenKey = Annotated[ApiKey | None, Depends(require(Role.screen))]
AdminKey = Annotated[ApiKey | None, Depends(require(Role.admin))]


def _svc(request: Request) -> Service:
    return request.app.state.service


def _json(payload: str, request_id: str | None = None) -> Response:
    headers = {"X-Request-ID": request_id} if request_id else None
    return Response(payload, media_type="application/json", headers=headers)


def _lists_json(snap: Snapshot) -> list[dict[str, str]]:
    return [{"id": k, "version": v} for k, v in snap.list_versions.items()]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hit_ids(res: ScreeningResult) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{h.list_id}:{h.entity_id}" for h in res.hits))


# -- screening -------------------------------------------------------------------------------

@router.post("/v1/screen", response_model=ScreenResponse, tags=["screening"],
             responses=ERRORS, dependencies=[Depends(no_unknown_params())])
async def screen(body: ScreenRequest, request: Request, key: ScreenKey) -> Response:
    """Screen payment or export records: one result per record, in order (ERROR for a record
    that does not validate, naming the field; the others are screened). With `screen serve
    --decisions`, a hit covered by an analyst's valid false_positive decision is moved to
    `suppressed` with a note naming the decision, as in the CLI's JSON output."""
    rid, payload = await screen_call(_svc(request), body, key)
    return _json(payload, rid)


async def screen_call(svc: Service, body: ScreenRequest, key: ApiKey | None) -> tuple[str, str]:
    """Screen a validated request, write its audit rows (waiting for the commit) and return
    (request id, response JSON); HTTPException 413 (too many records) or 503 (audit log).
    Shared by the route above and the fast path (`screening.service.fastpath`)."""
    n = len(body.records)
    if n > svc.config.max_records:
        raise HTTPException(413, f"records: {n} records; at most {svc.config.max_records} "
                            "per request")
    snap = svc.holder.current
    rid = new_request_id()

    def work() -> list[ScreeningResult]:
        return [screen_record(snap.screener, r, i, body.as_of)
                for i, r in enumerate(body.records, start=1)]

    results = work() if n <= INLINE_RECORDS else await run_in_threadpool(work)
    at = _now()
    key_id = key.id if key else None
    await svc.audit([
        AuditEntry(at=at, request_id=rid, key_id=key_id, endpoint="/v1/screen", item=i,
                   record_ref=res.record_id, input_sha256=input_hash(raw),
                   decision=str(res.decision), hits=_hit_ids(res),
                   lists=snap.list_versions, rules_version=snap.rules_version,
                   decisions=tuple(dict.fromkeys(s.decision_id for s in res.suppressed)))
        for i, (raw, res) in enumerate(zip(body.records, results, strict=True), start=1)])
    head = json.dumps({"request_id": rid, "generation": snap.generation,
                       "lists": _lists_json(snap), "rules_version": snap.rules_version},
                      ensure_ascii=False)
    return rid, (head[:-1] + ',"results":[' + ",".join(r.model_dump_json() for r in results)
                 + "]}")


@router.get("/search", response_model=SearchResponse, tags=["screening"], responses=ERRORS,
            dependencies=[Depends(no_unknown_params("q", "limit", "kind"))])
async def search(request: Request, key: ScreenKey,
                 q: Annotated[str, Query(min_length=1, max_length=500,
                                         description="The name to look up.")],
                 limit: Annotated[int, Query(ge=1, le=100)] = 10,
                 kind: Annotated[str | None, Query(
                     pattern="^(person|organisation)$",
                     description="person or organisation, if known.")] = None) -> Response:
    """The best list names for one name, with scores and explanations."""
    svc = _svc(request)
    if not q.strip():
        raise HTTPException(422, "query.q: blank")
    snap = svc.holder.current
    rid = new_request_id()
    screener = snap.screener
    out = []
    for m in screener.search(q, kind=kind, limit=limit):
        th = screener.thresholds_for(m.entity.list_id)
        out.append({"score": round(m.score, 4), "review": m.score >= th.review,
                    "strong": m.score >= th.block and str(m.strength) != "weak",
                    "list_id": m.entity.list_id,
                    "list_version": snap.list_versions[m.entity.list_id],
                    "entity_id": m.entity.id, "entity_kind": str(m.entity.kind),
                    "entity_name": m.entity.primary_name, "matched": m.name,
                    "name_strength": str(m.strength), "explanation": m.explanation})
    hits = tuple(f"{h['list_id']}:{h['entity_id']}" for h in out if h["review"])
    await svc.audit([AuditEntry(
        at=_now(), request_id=rid, key_id=key.id if key else None, endpoint="/search",
        item=1, record_ref=None, input_sha256=input_hash({"q": q, "kind": kind}),
        decision="MATCH" if hits else "NO_MATCH", hits=hits, lists=snap.list_versions,
        rules_version=snap.rules_version)])
    return _json(json.dumps({"request_id": rid, "query": q, "generation": snap.generation,
                             "lists": _lists_json(snap), "results": out},
                            ensure_ascii=False), rid)


MATCH_PARAMS = ("limit", "threshold", "cutoff", "algorithm", "include_dataset",
                "exclude_schema", "exclude_dataset", "topics", "changed_since",
                "exclude_entity_ids")


@router.post("/match/{dataset}", response_model=EntityMatchResponse, tags=["yente"],
             responses={**ERRORS, 400: {"model": ErrorResponse, "description": "Bad query"},
                        404: {"model": ErrorResponse, "description": "No such dataset"}},
             dependencies=[Depends(no_unknown_params(*MATCH_PARAMS))])
async def match(
    dataset: str, body: EntityMatchQuery, request: Request, key: ScreenKey,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    threshold: Annotated[float | None, Query(
        ge=0, le=1, description="Score from which a result is a `match` (default: the "
        "review threshold of the result's list).")] = None,
    cutoff: Annotated[float, Query(ge=0, le=1, description="Results scoring at or below this "
                                   "are left out.")] = 0.0,
    algorithm: Annotated[str | None, Query(max_length=100, description="Accepted for yente "
                                           "compatibility; this engine has one matcher.")
                         ] = None,
    include_dataset: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI needs a list
    exclude_schema: Annotated[list[str], Query()] = [],  # noqa: B006
    exclude_dataset: Annotated[list[str], Query()] = [],  # noqa: B006
    topics: Annotated[list[str], Query()] = [],  # noqa: B006
    changed_since: Annotated[str | None, Query(description="Not supported (400): list "
                                               "entries carry no change dates.")] = None,
    exclude_entity_ids: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006
) -> Response:
    """yente's query-by-example matcher: queries keyed by your ids, each `{schema,
    properties}`; results per query with `score`, `match`, `features` and the entity.
    `dataset` is a loaded list id, or `default` for all lists. Analysts' decisions
    (`--decisions`) are NOT applied here: they tie a record field's value to a list entry, and
    a yente client does its own case handling (`exclude_entity_ids`); use /v1/screen."""
    svc = _svc(request)
    if changed_since is not None:
        raise HTTPException(400, "query.changed_since: not supported (list entries carry no "
                            "change dates; compare list versions with GET /lists)")
    most = min(svc.config.max_records, yente.MAX_QUERIES)
    if len(body.queries) > most:
        raise HTTPException(413, f"queries: {len(body.queries)} queries; at most {most} per "
                            "request")
    snap = svc.holder.current
    if dataset == "default":
        datasets = None
    elif dataset in snap.list_versions:
        datasets = [dataset]
    else:
        raise HTTPException(404, f"dataset: {dataset!r} is not a loaded list (loaded: "
                            + ", ".join(["default", *snap.list_versions]) + ")")
    try:
        parsed = {k: yente.parse_query(k, ex.schema_, ex.properties)
                  for k, ex in body.queries.items()}
    except yente.MatchQueryError as exc:
        raise HTTPException(400, str(exc)) from None
    filters = yente.Filters(include_dataset, exclude_dataset, exclude_schema, topics,
                            exclude_entity_ids)
    rid = new_request_id()
    screener = snap.screener

    def work() -> dict[str, Any]:
        out = {}
        for k, q in parsed.items():
            scored, total = yente.match(screener, q, limit, cutoff, filters, datasets)
            results = []
            for s in scored:
                th = threshold if threshold is not None else (
                    screener.thresholds_for(s.entity.list_id).review)
                results.append({**yente.to_ftm(screener, s.entity), "score": round(s.score, 4),
                                "features": s.features, "match": s.score >= th,
                                "explanations": s.explanations,
                                "list_version": snap.list_versions[s.entity.list_id]})
            ex = body.queries[k]
            out[k] = {"status": 200, "results": results,
                      "total": {"value": total, "relation": "eq"},
                      "query": {"id": ex.id, "schema": ex.schema_,
                                "properties": q.properties}}
        return out

    responses = work() if len(parsed) <= INLINE_RECORDS else await run_in_threadpool(work)
    at = _now()
    entries = []
    for i, (k, resp) in enumerate(responses.items(), start=1):
        ex = body.queries[k]
        hits = tuple(r["id"] for r in resp["results"] if r["match"])
        entries.append(AuditEntry(
            at=at, request_id=rid, key_id=key.id if key else None,
            endpoint=f"/match/{dataset}", item=i, record_ref=k,
            input_sha256=input_hash({"id": ex.id, "schema": ex.schema_,
                                     "properties": ex.properties}),
            decision="MATCH" if hits else "NO_MATCH", hits=hits, lists=snap.list_versions,
            rules_version=snap.rules_version))
    await svc.audit(entries)
    payload = {"responses": responses, "matcher": yente.matcher_docs(), "limit": limit,
               "request_id": rid}
    resp = _json(json.dumps(payload, ensure_ascii=False), rid)
    resp.headers["x-batch-size"] = str(len(responses))
    return resp


# -- lists -----------------------------------------------------------------------------------

@router.get("/lists", response_model=ListsResponse, tags=["lists"], responses=ERRORS,
            dependencies=[Depends(no_unknown_params())])
async def lists(request: Request, key: ScreenKey) -> Response:
    """The lists and rules in force, with their versions."""
    return _json(json.dumps(_svc(request).holder.current.describe(), ensure_ascii=False,
                            default=str))


@router.get("/lists/{list_id}/entities/{entity_id:path}", tags=["lists"],
            responses={**ERRORS, 404: {"model": ErrorResponse, "description": "No such entry"}},
            dependencies=[Depends(no_unknown_params())])
async def entity(list_id: str, entity_id: str, request: Request, key: ScreenKey
                 ) -> dict[str, Any]:
    """One list entry in full: names, identifiers, measures with their dates, sources."""
    snap = _svc(request).holder.current
    if list_id not in snap.list_versions:
        raise HTTPException(404, f"list_id: no list {list_id!r} (loaded: "
                            + ", ".join(snap.list_versions) + ")")
    e = snap.entities.get((list_id, entity_id))
    if e is None:
        raise HTTPException(404, f"entity_id: no entry {entity_id!r} in list {list_id!r}")
    return {"list_version": snap.list_versions[list_id],
            "entity": e.model_dump(mode="json", exclude_defaults=True)}


# -- operations ------------------------------------------------------------------------------

@router.get("/healthz", response_model=Status, response_model_exclude_none=True,
            tags=["operations"])
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", response_model=Status, tags=["operations"],
            responses={503: {"model": Status, "description": "Not ready"}})
async def readyz(request: Request) -> Response:
    """Lists compiled and in force, and the audit log writable."""
    svc = _svc(request)
    snap = svc.holder.current
    try:
        if not svc.writer.alive:
            raise RuntimeError("the audit writer thread is not running")
        await run_in_threadpool(svc.writer.store.ping)
    except Exception as exc:  # noqa: BLE001
        return Response(json.dumps({"status": "not ready", "generation": snap.generation,
                                    "detail": f"audit log: {exc}"}),
                        status_code=503, media_type="application/json")
    return _json(json.dumps({"status": "ready", "generation": snap.generation,
                             "decisions": snap.decisions_info()}))


@router.post("/admin/reload", response_model=ReloadResponse, tags=["operations"],
             responses={**ERRORS, 409: {"model": ErrorResponse,
                                        "description": "The new lists or rules did not load; "
                                                       "the old ones are still in force"}},
             dependencies=[Depends(no_unknown_params())])
async def reload(request: Request, key: AdminKey) -> Response:
    """Reload lists, rules and the decisions store from their files. The new screener is
    built beside the one in force and swapped in when complete; requests meanwhile are
    answered from the old one."""
    svc = _svc(request)
    old = svc.holder.current
    try:
        new = await run_in_threadpool(svc.holder.reload)
    except ReloadFailed as exc:
        cur = svc.holder.current
        raise HTTPException(409, f"reload failed, still serving generation {cur.generation}: "
                            f"{exc}") from None
    svc.signal_reload()
    return _json(json.dumps({**new.describe(), "reloaded": True,
                             "previous_generation": old.generation},
                            ensure_ascii=False, default=str))


@router.get("/admin/audit", tags=["operations"], responses=ERRORS,
            response_class=StreamingResponse,
            dependencies=[Depends(no_unknown_params("since", "until"))])
async def audit_export(request: Request, key: AdminKey,
                       since: Annotated[dt.date | None, Query()] = None,
                       until: Annotated[dt.date | None, Query()] = None) -> StreamingResponse:
    """The audit log as JSON Lines, oldest first; `since` and `until` (exclusive) are UTC
    dates."""
    store = _svc(request).writer.store
    lo = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    hi = dt.datetime.combine(until, dt.time(), dt.UTC) if until else None

    def lines() -> Iterator[str]:
        for row in store.export(lo, hi):
            yield json.dumps(row, ensure_ascii=False, default=str) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")
