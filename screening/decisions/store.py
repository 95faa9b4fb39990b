"""The decisions store: one SQLite file, append-only.

Every decision, approval and revocation is one row of the `events` table, numbered in the order
it was recorded. Rows are never changed or deleted (triggers refuse it): a decision is withdrawn
by a revocation event, and the full history can be exported at any time.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from screening.decisions.model import (
    AlertDecision,
    DecisionError,
    EventKind,
    NewDecision,
    Outcome,
)

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'approval', 'revocation')),
    decision_id TEXT NOT NULL,
    analyst TEXT NOT NULL CHECK (length(trim(analyst)) > 0),
    at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    field TEXT, value TEXT, value_norm TEXT, list_id TEXT, entity_id TEXT, entity_name TEXT,
    list_version TEXT, fingerprint TEXT, entry TEXT,
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('false_positive', 'true_match')),
    expires TEXT
);
CREATE INDEX IF NOT EXISTS events_decision ON events (decision_id);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the decisions store is append-only: record a revocation instead'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the decisions store is append-only: record a revocation instead'); END;
"""

EXPORT_FIELDS = ("seq", "kind", "decision_id", "analyst", "at", "reason", "source", "field",
                 "value", "value_norm", "list_id", "entity_id", "entity_name", "list_version",
                 "fingerprint", "outcome", "expires", "entry")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class DecisionStore:
    """An append-only SQLite file of decisions. `DecisionStore(path)` opens it, creating it if
    `create` (the default) and it does not exist; `readonly=True` opens an existing store for
    reading only (nothing is written, so a shared read-only file works). A file that is not a
    decisions store is refused with a DecisionError."""

    def __init__(self, path: str | Path, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        if not self.path.exists() and (readonly or not create):
            raise DecisionError(f"{self.path}: no such decisions file")
        if self.path.is_dir():
            raise DecisionError(f"{self.path}: is a directory, not a decisions file")
        try:
            if readonly:
                self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                           isolation_level=None)
            else:
                self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 10000")
            has = {r[0] for r in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"meta", "events"} <= has:
                if has or readonly:
                    raise DecisionError(f"{self.path}: is an SQLite file but not a decisions "
                                        "store")
                self._db.executescript(_SCHEMA)
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                                 (SCHEMA_VERSION,))
            version = self._meta("schema_version")
        except sqlite3.DatabaseError as exc:
            raise DecisionError(f"{self.path}: not a decisions store ({exc})") from exc
        if version != SCHEMA_VERSION:
            raise DecisionError(f"{self.path}: decisions store version {version}, this program "
                                f"reads version {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> DecisionStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- policy -------------------------------------------------------------------------------
    @property
    def requires_approval(self) -> bool:
        """True once four-eyes approval was made the rule for this store (it cannot be undone
        through this program: a store that required approval always does)."""
        return self._meta("require_approval") == "1"

    def require_approval(self, analyst: str) -> None:
        """Make four-eyes approval the rule for every use of this store."""
        if not analyst.strip():
            raise DecisionError("setting the four-eyes rule needs the analyst's name")
        if self.requires_approval:
            return
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('require_approval', '1')")
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('require_approval_set', ?)",
                         (f"by {analyst.strip()} on {utc_now()}",))

    def policy(self) -> str:
        if not self.requires_approval:
            return "a decision applies once recorded (four-eyes only with --require-approval)"
        return ("four-eyes: a false_positive decision applies only once a second analyst "
                f"approved it (set {self._meta('require_approval_set')})")

    # -- reading ------------------------------------------------------------------------------
    def events(self) -> Iterator[dict[str, Any]]:
        """Every event in the order recorded, as dicts with EXPORT_FIELDS keys."""
        cur = self._db.execute(f"SELECT {', '.join(EXPORT_FIELDS)} FROM events ORDER BY seq")
        for row in cur:
            yield dict(zip(EXPORT_FIELDS, row, strict=True))

    def decisions(self) -> list[AlertDecision]:
        """Every decision recorded, oldest first, with its approvals and revocation."""
        out: dict[str, dict[str, Any]] = {}
        approvals: dict[str, list[str]] = {}
        revoked: dict[str, str] = {}
        for e in self.events():
            if e["kind"] == EventKind.decision:
                out[e["decision_id"]] = e
            elif e["kind"] == EventKind.approval:
                approvals.setdefault(e["decision_id"], []).append(e["analyst"])
            elif e["decision_id"] not in revoked:
                revoked[e["decision_id"]] = (f"revoked by {e['analyst']} on {e['at'][:10]}: "
                                             f"{e['reason']!r}")
        return [AlertDecision(
            id=i, field=e["field"], value=e["value"], value_norm=e["value_norm"],
            list_id=e["list_id"], entity_id=e["entity_id"], entity_name=e["entity_name"] or "",
            list_version=e["list_version"] or "", fingerprint=e["fingerprint"],
            entry_json=e["entry"] or "", outcome=Outcome(e["outcome"]),
            analyst=e["analyst"], at=e["at"], reason=e["reason"],
            expires=dt.date.fromisoformat(e["expires"]) if e["expires"] else None,
            source=e["source"], approved_by=tuple(approvals.get(i, ())),
            revoked=revoked.get(i)) for i, e in out.items()]

    def get(self, decision_id: str) -> AlertDecision:
        for d in self.decisions():
            if d.id == decision_id:
                return d
        raise DecisionError(f"no decision {decision_id!r} in {self.path}")

    # -- writing ------------------------------------------------------------------------------
    def record(self, new: Sequence[NewDecision], at: str | None = None
               ) -> tuple[list[AlertDecision], list[tuple[NewDecision, AlertDecision]]]:
        """Record decisions in one transaction: (recorded, skipped). A decision identical to
        one already in force (same value, entry, fingerprint, outcome, analyst, reason and
        expiry) is skipped, so recording the same review twice adds nothing."""
        for d in new:
            _check_new(d)
        at = at or utc_now()
        recorded: list[AlertDecision] = []
        skipped: list[tuple[NewDecision, AlertDecision]] = []
        self._db.execute("BEGIN IMMEDIATE")
        try:
            live = [d for d in self.decisions() if d.revoked is None]
            by_key: dict[tuple, list[AlertDecision]] = {}
            for d in live:
                by_key.setdefault(d.key, []).append(d)
            for d in new:
                twin = next((x for x in by_key.get(
                    (d.field, d.value_norm, d.list_id, d.entity_id), []) if d.same_as(x)), None)
                if twin is not None:
                    skipped.append((d, twin))
                    continue
                did = self._next_id()
                entry_json = json.dumps(d.entry, ensure_ascii=False, sort_keys=True)
                self._db.execute(
                    "INSERT INTO events (kind, decision_id, analyst, at, reason, source, field, "
                    "value, value_norm, list_id, entity_id, entity_name, list_version, "
                    "fingerprint, entry, outcome, expires) "
                    "VALUES ('decision', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (did, d.analyst.strip(), at, d.reason.strip(), d.source, d.field, d.value,
                     d.value_norm, d.list_id, d.entity_id, d.entity_name, d.list_version,
                     d.fingerprint, entry_json, d.outcome.value,
                     d.expires.isoformat() if d.expires else None))
                rec = AlertDecision(
                    id=did, field=d.field, value=d.value, value_norm=d.value_norm,
                    list_id=d.list_id, entity_id=d.entity_id, entity_name=d.entity_name,
                    list_version=d.list_version, fingerprint=d.fingerprint,
                    entry_json=entry_json,
                    outcome=d.outcome, analyst=d.analyst.strip(), at=at,
                    reason=d.reason.strip(), expires=d.expires, source=d.source)
                recorded.append(rec)
                by_key.setdefault(rec.key, []).append(rec)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return recorded, skipped

    def _next_id(self) -> str:
        n = self._db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM events").fetchone()[0]
        return f"D{n}"

    def _event(self, kind: EventKind, decision_id: str, analyst: str, reason: str,
               source: str, at: str | None) -> None:
        self._db.execute("INSERT INTO events (kind, decision_id, analyst, at, reason, source) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (kind.value, decision_id, analyst.strip(), at or utc_now(),
                          reason.strip(), source))

    def revoke(self, decision_id: str, analyst: str, reason: str, source: str = "",
               at: str | None = None) -> AlertDecision:
        """Withdraw a decision (recorded as a new event; the decision stays in the history)."""
        if not analyst.strip():
            raise DecisionError("a revocation needs the analyst's name")
        if not reason.strip():
            raise DecisionError("a revocation needs a reason")
        d = self.get(decision_id)
        if d.revoked:
            raise DecisionError(f"decision {decision_id} is already {d.revoked}")
        self._event(EventKind.revocation, decision_id, analyst, reason, source, at)
        return self.get(decision_id)

    def approve(self, decision_id: str, analyst: str, reason: str = "", source: str = "",
                at: str | None = None) -> AlertDecision:
        """A second analyst's approval (four-eyes): refused from the analyst who decided."""
        if not analyst.strip():
            raise DecisionError("an approval needs the approving analyst's name")
        d = self.get(decision_id)
        if d.revoked:
            raise DecisionError(f"decision {decision_id} is {d.revoked}; nothing to approve")
        if analyst.strip().casefold() == d.analyst.casefold():
            raise DecisionError(f"decision {decision_id} was made by {d.analyst}: it needs a "
                                "second, different analyst to approve it")
        if analyst.strip() in d.approved_by:
            raise DecisionError(f"decision {decision_id} is already approved by {analyst}")
        self._event(EventKind.approval, decision_id, analyst, reason, source, at)
        return self.get(decision_id)


def _check_new(d: NewDecision) -> None:
    if not d.analyst.strip():
        raise DecisionError("a decision needs the analyst's name")
    if not d.reason.strip():
        raise DecisionError("a decision needs a reason")
    for name in ("field", "value", "list_id", "entity_id", "fingerprint"):
        if not str(getattr(d, name)).strip():
            raise DecisionError(f"a decision needs {name}")
    Outcome(d.outcome)
