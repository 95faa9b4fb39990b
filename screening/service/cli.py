"""`screen serve`, `screen audit export` and `screen keys new`, registered on the main CLI by
`register(app)`. FastAPI and uvicorn are imported only when the service starts (the `service`
extra), so the rest of the CLI works without them."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from screening.service.audit import DEFAULT_AUDIT_PATH, open_store
from screening.service.auth import (
    ENV_VAR,
    KeyError_,
    Role,
    hash_key,
    new_key,
    parse_keys_file,
)
from screening.service.config import (
    CONFIG_ENV,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_RECORDS,
    SERVICE_NAME_CACHE,
    ServiceConfig,
)

AuditOpt = Annotated[str, typer.Option(
    "--audit", metavar="PATH|URL", help="Audit log: a SQLite file (created if missing) or a "
    "postgresql:// URL.")]


def _fail(msg: str) -> typer.Exit:
    typer.echo(f"screen: error: {msg}", err=True)
    return typer.Exit(2)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to bind (default: this "
                                      "machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8000,
    lists: Annotated[list[Path], typer.Option(
        "--list", metavar="PATH", help="Add a watchlist file or directory (repeatable).")
    ] = [],  # noqa: B006 - typer needs a list
    no_builtin: Annotated[bool, typer.Option(
        "--no-builtin", help="Do not load the built-in lists.")] = False,
    rules: Annotated[list[Path], typer.Option(
        "--rules", metavar="PATH", help="Rule file (repeatable); replaces the built-in rules.")
    ] = [],  # noqa: B006
    audit: AuditOpt = DEFAULT_AUDIT_PATH,
    keys: Annotated[Path | None, typer.Option(
        "--keys", metavar="FILE", help=f"API keys file (TOML, see `screen keys new`); keys "
        f"may also come from ${ENV_VAR}.")] = None,
    no_auth: Annotated[bool, typer.Option(
        "--no-auth", help="No API keys: anyone who can connect may screen and reload. "
        "For local use only.")] = False,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="Worker processes (each loads the lists; they share the "
        "audit log, and a reload in one is followed by the others within a second).")] = 1,
    max_records: Annotated[int, typer.Option(
        "--max-records", min=1, help="Most records (or match queries) per request; more: "
        "413.")] = DEFAULT_MAX_RECORDS,
    max_body_bytes: Annotated[int, typer.Option(
        "--max-body-bytes", min=1024, help="Largest request body; larger: 413.")
    ] = DEFAULT_MAX_BODY_BYTES,
    review_threshold: Annotated[float | None, typer.Option("--review-threshold")] = None,
    block_threshold: Annotated[float | None, typer.Option("--block-threshold")] = None,
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", metavar="PATH", help="Apply analysts' decisions (SQLite file of `screen "
        "decisions`, read-only) to /v1/screen; re-read by POST /admin/reload.")] = None,
    require_approval: Annotated[bool, typer.Option(
        "--require-approval", help="Four-eyes: a false_positive decision applies only once a "
        "second, different analyst approved it.")] = False,
    no_fast_path: Annotated[bool, typer.Option(
        "--no-fast-path", help="Answer POST /v1/screen through FastAPI's routing too (same "
        "answers, more CPU per request; for measuring the fast path).")] = False,
) -> None:
    """Serve the screening API (FastAPI on uvicorn): POST /v1/screen, POST /match/{dataset}
    (yente-compatible), GET /search, GET /lists, /healthz, /readyz, POST /admin/reload; every
    screening call is written to the audit log. OpenAPI at /openapi.json, docs at /docs."""
    try:
        import uvicorn

        from screening.service.app import Service, create_app
    except ImportError as exc:
        raise _fail(f"the service needs its extra: pip install 'screening[service]' ({exc})"
                    ) from exc
    from screening.screener_spec import ScreenerSpec

    if no_builtin and not lists:
        raise _fail("--no-builtin needs at least one --list file")
    for p in (*lists, *rules):
        if not p.exists():
            raise _fail(f"{p}: no such file")
    if require_approval and decisions is None:
        raise _fail("--require-approval needs --decisions")
    keys_env = os.environ.get(ENV_VAR) or None
    if not no_auth and not keys and not keys_env:
        raise _fail(f"no API keys: give --keys FILE or set {ENV_VAR} (create a key with "
                    "`screen keys new --id NAME --role screen`), or --no-auth for local use")
    spec = ScreenerSpec(lists=tuple(str(p.resolve()) for p in lists),
                        rules=tuple(str(p.resolve()) for p in rules), builtin=not no_builtin,
                        review=review_threshold, block=block_threshold,
                        name_cache=SERVICE_NAME_CACHE,
                        decisions=str(decisions.resolve()) if decisions else None,
                        require_approval=require_approval)
    audit_target = audit if "://" in audit else str(Path(audit).resolve())
    signal = None
    if workers > 1:
        fd, signal = tempfile.mkstemp(prefix="screen-reload-", suffix=".log")
        os.close(fd)
    config = ServiceConfig(spec=spec, audit=audit_target, keys_file=str(keys) if keys else None,
                           keys_env=keys_env, no_auth=no_auth, max_records=max_records,
                           max_body_bytes=max_body_bytes, reload_signal=signal,
                           fast_path=not no_fast_path)
    if no_auth:
        where = "" if _loopback(host) else f" AND IT LISTENS ON {host}, NOT ONLY THIS MACHINE"
        typer.echo(f"screen serve: WARNING: --no-auth: no API keys are checked; anyone who "
                   f"can connect may screen and reload{where}.", err=True)
    try:
        service = Service(config)  # loads lists, keys and the audit log before binding
    except Exception as exc:  # noqa: BLE001 - loader, key and database errors are all input
        raise _fail(f"cannot start: {exc}") from exc
    snap = service.holder.current
    ds = snap.decisions_info()
    applied = "" if ds is None else (
        f"decisions {ds['path']} ({ds['in_force']} in force"
        + (", four-eyes" if ds["require_approval"] else "") + "); ")
    typer.echo(f"screen serve: {len(snap.lists)} lists ("
               + ", ".join(f"{li['id']} {li['version']}" for li in snap.lists)
               + f"), rules {snap.rules_version}; audit log {config.audit}; {applied}"
               f"http://{host}:{port} (docs at /docs)", err=True)
    log_level = "warning"
    if workers == 1:
        uvicorn.run(create_app(service=service), host=host, port=port, log_level=log_level,
                    access_log=False, server_header=False, timeout_graceful_shutdown=10)
        return
    service.close()  # each worker builds its own
    os.environ[CONFIG_ENV] = config.to_json()
    try:
        uvicorn.run("screening.service.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level, access_log=False,
                    server_header=False, timeout_graceful_shutdown=10)
    finally:
        if signal:
            Path(signal).unlink(missing_ok=True)


def _parse_since(value: str, opt: str) -> dt.datetime:
    try:
        d = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _fail(f"{opt} {value!r}: expected a date (2026-01-31) or an ISO date-time"
                    ) from None
    return d if d.tzinfo else d.replace(tzinfo=dt.UTC)


audit_app = typer.Typer(help="The audit log of the screening service.", no_args_is_help=True,
                        add_completion=False)


@audit_app.command("export")
def audit_export_cmd(
    since: Annotated[str, typer.Option("--since", metavar="DATE", help="From this date or "
                                       "date-time (UTC unless it says otherwise).")],
    until: Annotated[str | None, typer.Option("--until", metavar="DATE", help="Up to (not "
                                              "including) this date or date-time.")] = None,
    audit: AuditOpt = DEFAULT_AUDIT_PATH,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file "
                                                "(default: stdout).")] = None,
) -> None:
    """Write the audit log as JSON Lines (one screened record per line, oldest first), for an
    auditor."""
    lo = _parse_since(since, "--since")
    hi = _parse_since(until, "--until") if until else None
    if "://" not in audit and not Path(audit).exists():
        raise _fail(f"--audit {audit}: no such audit log")
    try:
        store = open_store(audit)
    except Exception as exc:  # noqa: BLE001
        raise _fail(f"--audit {audit}: cannot open: {exc}") from exc
    n = 0
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        for row in store.export(lo, hi):
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            n += 1
    finally:
        if output:
            out.close()
        else:
            out.flush()
        store.close()
    typer.echo(f"screen audit export: {n:,} records", err=True)


@audit_app.command("verify")
def audit_verify_cmd(audit: AuditOpt = DEFAULT_AUDIT_PATH) -> None:
    """Check the audit log's hash chain from its first row: exit 0 if no row was changed,
    removed or inserted out of turn, 1 (naming the first row that does not fit) if one was."""
    from screening.service.audit import verify

    if "://" not in audit and not Path(audit).exists():
        raise _fail(f"--audit {audit}: no such audit log")
    try:
        store = open_store(audit)
    except Exception as exc:  # noqa: BLE001
        raise _fail(f"--audit {audit}: cannot open: {exc}") from exc
    try:
        n, bad, head = verify(store)
    finally:
        store.close()
    if bad is not None:
        typer.echo(f"screen audit verify: the chain breaks at seq {bad} (row {n:,}): that row, "
                   "or one before it, was changed, removed or inserted after it was written",
                   err=True)
        raise typer.Exit(1)
    typer.echo(f"screen audit verify: {n:,} records, chain intact (last link {head or '-'})")


keys_app = typer.Typer(help="API keys for the screening service.", no_args_is_help=True,
                       add_completion=False)


@keys_app.command("new")
def keys_new_cmd(
    key_id: Annotated[str, typer.Option("--id", help="A name for the caller (the audit log "
                                        "records it).")],
    role: Annotated[Role, typer.Option("--role", help="screen or admin.")] = Role.screen,
    append: Annotated[Path | None, typer.Option(
        "--append", metavar="FILE", help="Add the key's [[key]] table to this keys file "
        "(created if missing) instead of printing it.")] = None,
) -> None:
    """Make a new API key: prints the key on stdout (give it to the caller; it is stored
    nowhere) and the [[key]] table for the keys file, which holds only its hash (on stderr,
    or added to --append FILE)."""
    from screening.service.auth import make_key

    try:
        secret = new_key()
        k = make_key(key_id, role.value, hash_key(secret), "--id")
    except KeyError_ as exc:
        raise _fail(str(exc)) from exc
    table = f"[[key]]\nid = \"{k.id}\"\nrole = \"{k.role}\"\nsha256 = \"{k.sha256}\"\n"
    if append is not None:
        try:
            existing = parse_keys_file(append) if append.exists() else []
            if any(x.id == k.id for x in existing):
                raise KeyError_(f"{append}: already has a key with id {k.id!r}")
            with open(append, "a", encoding="utf-8") as f:
                f.write(("\n" if existing else "") + table)
        except (OSError, KeyError_) as exc:
            raise _fail(str(exc)) from exc
        typer.echo(secret)
        typer.echo(f"screen keys new: key {k.id!r} ({k.role}) added to {append}", err=True)
        return
    typer.echo(secret)
    typer.echo(f"# add to the keys file:\n{table}# or in ${ENV_VAR}: {k.id}:{k.role}:{k.sha256}",
               err=True)


COMMANDS = ("serve", "audit", "keys")


def register(app: typer.Typer) -> None:
    """Add `serve`, `audit` and `keys` to the `screen` command line."""
    app.command("serve")(serve_cmd)
    app.add_typer(audit_app, name="audit")
    app.add_typer(keys_app, name="keys")
