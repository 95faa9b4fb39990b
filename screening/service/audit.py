"""The audit log: one append-only row per screened record, in SQLite (WAL) or PostgreSQL.

Rows are written by one `AuditWriter` thread per process, which commits whatever has queued up
in one transaction (group commit) and only then releases the requests waiting on it: a request
is answered after its rows are durable, and a failed write fails the request. The log has no
update or delete path: the table refuses both (triggers) and the service offers none.

Each row also carries `chain`: sha256 of the previous row's chain and this row's content, so
a row changed, removed or inserted later by someone with direct database access shows when the
log is checked (`verify`, `screen audit verify`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

DEFAULT_AUDIT_PATH = "screen-audit.sqlite"
APPEND_ONLY = "the audit log is append-only"
COLUMNS = ("seq", "at", "request_id", "key_id", "endpoint", "item", "record_ref",
           "input_sha256", "decision", "hits", "lists", "rules_version", "decisions", "chain")
CONTENT = COLUMNS[1:-2]
"""What a row's chain hash covers (and `decisions` when not empty: rows written before that
column existed keep their hashes)."""


def input_hash(value: Any) -> str:
    """sha256 of a record as canonical JSON (sorted keys, no spaces, UTF-8): an auditor holding
    the record recomputes it with `json.dumps(record, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    """One screened record (or one match query, or one name search) of one call."""

    at: dt.datetime
    request_id: str
    key_id: str | None
    endpoint: str
    item: int
    """Position in the request, from 1."""
    record_ref: str | None
    """The record's id, or the caller's key for a match query."""
    input_sha256: str
    decision: str
    hits: tuple[str, ...]
    """`list_id:entity_id` of every list entry reported for this record."""
    lists: Mapping[str, str]
    """list id -> version of every list in force."""
    rules_version: str
    decisions: tuple[str, ...] = ()
    """Ids of the analysts' decisions that suppressed a hit of this record."""


class AuditStore(Protocol):
    """Where audit rows go. Implementations are used from one writer thread at a time."""

    url: str

    def append(self, entries: Sequence[AuditEntry]) -> None:
        """Commit all `entries` in one transaction, or raise."""

    def ping(self) -> None:
        """Raise if the store cannot be written to."""

    def export(self, since: dt.datetime | None = None, until: dt.datetime | None = None
               ) -> Iterator[dict[str, Any]]:
        """Rows (oldest first) with `since <= at < until`, as JSON-ready dicts."""

    def count(self) -> int: ...

    def close(self) -> None: ...


# -- SQLite ------------------------------------------------------------------------------------

_SQLITE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    request_id TEXT NOT NULL,
    key_id TEXT,
    endpoint TEXT NOT NULL,
    item INTEGER NOT NULL,
    record_ref TEXT,
    input_sha256 TEXT NOT NULL,
    decision TEXT NOT NULL,
    hits TEXT NOT NULL,
    lists TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    chain TEXT NOT NULL,
    decisions TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END;
"""


def _utc_text(at: dt.datetime) -> str:
    """Fixed-width UTC text, so text order is time order."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content(e: AuditEntry) -> dict[str, Any]:
    """A row's content as the export gives it (what the chain hash covers)."""
    return {"at": _utc_text(e.at), "request_id": e.request_id, "key_id": e.key_id,
            "endpoint": e.endpoint, "item": e.item, "record_ref": e.record_ref,
            "input_sha256": e.input_sha256, "decision": e.decision, "hits": list(e.hits),
            "lists": dict(e.lists), "rules_version": e.rules_version,
            "decisions": list(e.decisions)}


def chain_hash(prev: str, row: Mapping[str, Any]) -> str:
    """sha256 hex of the previous row's chain ('' before the first row) and this row's
    content as canonical JSON."""
    covered = {k: row[k] for k in CONTENT}
    if row.get("decisions"):
        covered["decisions"] = row["decisions"]
    text = json.dumps(covered, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev + text).encode("utf-8", "surrogatepass")).hexdigest()


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_LISTS_TEXT = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def _chained(entries: Sequence[AuditEntry], prev: str) -> list[tuple[Any, ...]]:
    """Rows to insert, in order, each with its chain hash; JSON columns as text. The same
    text `content` and `chain_hash` give, with what entries share (the time of one request,
    the list versions of one snapshot) worked out once."""
    rows = []
    at_of: dt.datetime | None = None
    lists_of: Mapping[str, str] | None = None
    at_text = lists_text = ""
    lists: dict[str, str] = {}
    for e in entries:
        if e.at is not at_of:
            at_of, at_text = e.at, _utc_text(e.at)
        if e.lists is not lists_of:
            lists_of, lists = e.lists, dict(e.lists)
            lists_text = _LISTS_TEXT(lists)
        hits = list(e.hits)
        covered = {"at": at_text, "request_id": e.request_id, "key_id": e.key_id,
                   "endpoint": e.endpoint, "item": e.item, "record_ref": e.record_ref,
                   "input_sha256": e.input_sha256, "decision": e.decision, "hits": hits,
                   "lists": lists, "rules_version": e.rules_version}
        if e.decisions:
            covered["decisions"] = list(e.decisions)
        prev = hashlib.sha256((prev + _CANONICAL(covered)).encode("utf-8", "surrogatepass")
                              ).hexdigest()
        rows.append((at_text, e.request_id, e.key_id, e.endpoint, e.item, e.record_ref,
                     e.input_sha256, e.decision,
                     json.dumps(hits, ensure_ascii=False) if hits else "[]", lists_text,
                     e.rules_version, json.dumps(list(e.decisions)) if e.decisions else "[]",
                     prev))
    return rows


_INSERT = ("INSERT INTO audit_log (at, request_id, key_id, endpoint, item, record_ref, "
           "input_sha256, decision, hits, lists, rules_version, decisions, chain) VALUES ")
_LAST_CHAIN = "SELECT chain FROM audit_log ORDER BY seq DESC LIMIT 1"


def verify(store: AuditStore) -> tuple[int, int | None, str]:
    """Check the whole log's chain: (rows checked, seq of the first row that does not fit or
    None, the last chain hash)."""
    prev = ""
    n = 0
    for row in store.export():
        n += 1
        if chain_hash(prev, row) != row["chain"]:
            return n, int(row["seq"]), prev
        prev = row["chain"]
    return n, None, prev


class SQLiteAuditStore:
    """The embedded default: one SQLite file in WAL mode, each commit synced to disk."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.url = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = self._connect()
        self._polling = False
        with self._conn:
            self._conn.executescript(_SQLITE_SCHEMA)
            cols = {r[1] for r in self._conn.execute("PRAGMA table_info(audit_log)")}
            if "decisions" not in cols:  # a log written before decisions were recorded
                try:
                    self._conn.execute("ALTER TABLE audit_log ADD COLUMN decisions TEXT NOT "
                                       "NULL DEFAULT '[]'")
                except sqlite3.OperationalError:  # another worker added it meanwhile
                    if "decisions" not in {r[1] for r in self._conn.execute(
                            "PRAGMA table_info(audit_log)")}:
                        raise

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    # Several worker processes write the same file and take turns at its write lock. SQLite's
    # own busy handler sleeps 1, 2, 5, 10, ... 100 ms between tries, which puts whole
    # fractions of a second into the answers of two busy workers; the writer connection
    # instead fails at once when the lock is taken and tries again after a short pause.
    LOCK_PAUSE = (0.0002, 0.005)
    """First and longest pause (seconds) between tries for the write lock."""

    def append(self, entries: Sequence[AuditEntry]) -> None:
        conn = self._conn
        if not self._polling:
            conn.execute("PRAGMA busy_timeout = 0")
            self._polling = True
        deadline = time.monotonic() + self.timeout
        pause, longest = self.LOCK_PAUSE
        while True:
            try:
                self._append_once(conn, entries)
                return
            except sqlite3.OperationalError as exc:
                # nothing was written: the transaction rolled back whole
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, longest)

    @staticmethod
    def _append_once(conn: sqlite3.Connection, entries: Sequence[AuditEntry]) -> None:
        conn.execute("BEGIN IMMEDIATE")  # the write lock: the chain's last link stays put
        try:
            last = conn.execute(_LAST_CHAIN).fetchone()
            rows = _chained(entries, last[0] if last else "")
            conn.executemany(_INSERT + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # ping, count and export read on their own connections: the writer thread owns _conn
    def ping(self) -> None:
        conn = self._connect()
        try:
            conn.execute("SELECT 1 FROM audit_log LIMIT 1").fetchall()
        finally:
            conn.close()

    def export(self, since: dt.datetime | None = None, until: dt.datetime | None = None
               ) -> Iterator[dict[str, Any]]:
        conn = self._connect()
        try:
            sql = (f"SELECT {', '.join(COLUMNS)} FROM audit_log WHERE at >= ? AND at < ? "
                   "ORDER BY seq")
            lo = _utc_text(since) if since else ""
            hi = _utc_text(until) if until else "~"
            cur = conn.execute(sql, (lo, hi))
            while batch := cur.fetchmany(1000):
                for r in batch:
                    d = dict(zip(COLUMNS, r, strict=True))
                    d["hits"] = json.loads(d["hits"])
                    d["lists"] = json.loads(d["lists"])
                    d["decisions"] = json.loads(d["decisions"])
                    yield d
        finally:
            conn.close()

    def count(self) -> int:
        conn = self._connect()
        try:
            return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
        finally:
            conn.close()

    def close(self) -> None:
        self._conn.close()


# -- PostgreSQL --------------------------------------------------------------------------------

_PG_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    request_id TEXT NOT NULL,
    key_id TEXT,
    endpoint TEXT NOT NULL,
    item INTEGER NOT NULL,
    record_ref TEXT,
    input_sha256 TEXT NOT NULL,
    decision TEXT NOT NULL,
    hits JSONB NOT NULL,
    lists JSONB NOT NULL,
    rules_version TEXT NOT NULL,
    chain TEXT NOT NULL
);
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS decisions JSONB NOT NULL DEFAULT '[]'::jsonb;
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$;
CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""


class PostgresAuditStore:
    """A PostgreSQL database given by URL (`postgresql://...`), through psycopg 3."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - the `service` extra installs it
            raise RuntimeError("a PostgreSQL audit log needs psycopg: "
                               "pip install 'screening[service]'") from exc
        self._psycopg = psycopg
        self.url = url
        self._conn = psycopg.connect(url, autocommit=False)
        with self._conn.transaction():
            # several workers may start at once: create the schema under one lock
            self._conn.execute("SELECT pg_advisory_xact_lock(7428311)")
            self._conn.execute(_PG_SCHEMA)

    def append(self, entries: Sequence[AuditEntry]) -> None:
        try:
            with self._conn.transaction(), self._conn.cursor() as cur:
                # writers (several workers) take turns, so each extends the chain's last link
                cur.execute("SELECT pg_advisory_xact_lock(7428312)")
                last = cur.execute(_LAST_CHAIN).fetchone()
                rows = _chained(entries, last[0] if last else "")
                cur.executemany(_INSERT + "(%s::timestamptz, %s, %s, %s, %s, %s, %s, %s, "
                                "%s::jsonb, %s::jsonb, %s, %s::jsonb, %s)", rows)
        except self._psycopg.Error:
            if self._conn.closed or self._conn.broken:
                self._reconnect()
            raise

    def _reconnect(self) -> None:
        try:
            self._conn.close()
            self._conn = self._psycopg.connect(self.url, autocommit=False)
        except Exception:  # noqa: BLE001 - the next append retries; this one already failed
            pass

    # ping, count and export use their own connections: the writer thread owns _conn
    def ping(self) -> None:
        with self._psycopg.connect(self.url, connect_timeout=5) as conn:
            conn.execute("SELECT 1 FROM audit_log LIMIT 1").fetchall()

    def export(self, since: dt.datetime | None = None, until: dt.datetime | None = None
               ) -> Iterator[dict[str, Any]]:
        lo = since or dt.datetime(1, 1, 2, tzinfo=dt.UTC)
        hi = until or dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
        with self._psycopg.connect(self.url) as conn, conn.cursor(name="audit_export") as cur:
            cur.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log "
                        "WHERE at >= %s AND at < %s ORDER BY seq", (lo, hi))
            for r in cur:
                d = dict(zip(COLUMNS, r, strict=True))
                d["at"] = _utc_text(d["at"])
                yield d

    def count(self) -> int:
        with self._psycopg.connect(self.url, connect_timeout=5) as conn:
            row = conn.execute("SELECT count(*) FROM audit_log").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self._conn.close()


def open_store(target: str | Path) -> AuditStore:
    """A PostgreSQL store for a `postgresql://` or `postgres://` URL, else a SQLite file."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresAuditStore(text)
    return SQLiteAuditStore(text)


# -- the writer thread -------------------------------------------------------------------------

def _settle(fut: Future[None], exc: BaseException | None) -> None:
    """Complete a request's future; one whose request gave up waiting (timed out, so it was
    answered 503) is cancelled already and is left as it is."""
    try:
        if exc is None:
            fut.set_result(None)
        else:
            fut.set_exception(exc)
    except InvalidStateError:
        pass


def _settle_all(futs: list[asyncio.Future[None]], exc: BaseException | None) -> None:
    """On the futures' loop: complete those whose request is still waiting."""
    for fut in futs:
        if not fut.done():
            if exc is None:
                fut.set_result(None)
            else:
                fut.set_exception(exc)


Waiter = Future[None] | asyncio.Future[None]


class AuditWriter:
    """Commits queued entries in batches from one thread; `submit` returns a Future that is
    done when the entries are committed (or carries the error)."""

    MAX_BATCH = 5000
    LINGER = 0.002
    """Seconds the writer waits to gather more requests into one commit, under load."""

    def __init__(self, store: AuditStore) -> None:
        self.store = store
        self._queue: queue.SimpleQueue[tuple[Sequence[AuditEntry], Waiter] | None] = (
            queue.SimpleQueue())
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._closed = False
        self._thread.start()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def alive(self) -> bool:
        return not self._closed and self._thread.is_alive()

    def submit(self, entries: Sequence[AuditEntry]) -> Future[None]:
        fut: Future[None] = Future()
        if self._closed:
            fut.set_exception(RuntimeError("the audit writer is closed"))
        else:
            self._queue.put((entries, fut))
        return fut

    def _run(self) -> None:
        busy = False
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            size = len(item[0])
            stop = False
            # under concurrent load (the last commit served several requests) wait a moment
            # for more, so one commit serves many; a lone request is written at once
            deadline = time.monotonic() + (self.LINGER if busy else 0.0)
            while size < self.MAX_BATCH:
                try:
                    wait = deadline - time.monotonic()
                    nxt = (self._queue.get(timeout=wait) if wait > 0
                           else self._queue.get_nowait())
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
                size += len(nxt[0])
            self._commit(batch)
            busy = len(batch) > 1
            if stop:
                return

    def submit_async(self, entries: Sequence[AuditEntry],
                     loop: asyncio.AbstractEventLoop) -> asyncio.Future[None]:
        """As `submit`, for a coroutine on `loop`: the writer settles all of one commit's
        futures on a loop with one call (one wake-up of the loop, not one per request)."""
        fut: asyncio.Future[None] = loop.create_future()
        if self._closed:
            fut.set_exception(RuntimeError("the audit writer is closed"))
        else:
            self._queue.put((entries, fut))
        return fut

    def _commit(self, batch: list[tuple[Sequence[AuditEntry], Waiter]]) -> None:
        error: Exception | None = None
        try:
            self.store.append([e for entries, _ in batch for e in entries])
        except Exception as exc:  # noqa: BLE001 - every waiting request must hear of it
            error = exc
        on_loops: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
        for _, fut in batch:
            if isinstance(fut, Future):
                _settle(fut, error)
            else:
                on_loops.setdefault(fut.get_loop(), []).append(fut)
        for loop, futs in on_loops.items():
            try:
                loop.call_soon_threadsafe(_settle_all, futs, error)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                pass

    def close(self) -> None:
        """Write what is queued, then stop the thread and close the store."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout=30)
        self.store.close()
