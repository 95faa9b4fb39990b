"""The screener in force and its reload: a new one is built beside the old and swapped in.

A request takes `holder.current` once and uses that snapshot throughout, so every answer
comes whole from one set of lists and rules (the old or the new), and a reload never makes a
request wait or fail. A reload that fails leaves the old snapshot serving.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from screening.engine import Screener
from screening.models import Entity, WatchList
from screening.screener_spec import ScreenerSpec


def rules_version(screener: Screener) -> str:
    """A content hash of the rules in force (their full definitions and the announced-date
    policy): the same rules always give the same version, whatever files they came from."""
    rules = screener.rules
    payload = {
        "policy": str(getattr(rules, "announced_policy", "")),
        "rules": [r.model_dump(mode="json") if hasattr(r, "model_dump") else str(r)
                  for r in getattr(rules, "rules", ())],
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def list_info(wl: WatchList) -> dict[str, Any]:
    return {"id": wl.id, "authority": wl.authority, "title": wl.title,
            "entries": len(wl.entities), "country_measures": len(wl.country_measures),
            "version": str(wl.version), "published": wl.version.published,
            "content_hash": wl.version.content_hash, "source": wl.source}


@dataclass(frozen=True)
class Snapshot:
    """One compiled Screener with what the API reports about it. Immutable."""

    screener: Screener
    generation: int
    loaded_at: dt.datetime
    load_seconds: float
    rules_version: str
    list_versions: Mapping[str, str]
    lists: tuple[dict[str, Any], ...]
    entities: Mapping[tuple[str, str], Entity] = field(repr=False)

    @classmethod
    def build(cls, spec: ScreenerSpec, generation: int) -> Snapshot:
        t0 = time.perf_counter()
        screener = spec.build()
        entities = {(e.list_id, e.id): e for wl in screener.lists for e in wl.entities}
        return cls(
            screener=screener, generation=generation,
            loaded_at=dt.datetime.now(dt.UTC), load_seconds=time.perf_counter() - t0,
            rules_version=rules_version(screener),
            list_versions={wl.id: str(wl.version) for wl in screener.lists},
            lists=tuple(list_info(wl) for wl in screener.lists), entities=entities)

    def describe(self) -> dict[str, Any]:
        return {"generation": self.generation, "worker": os.getpid(),
                "loaded_at": self.loaded_at.isoformat(),
                "load_seconds": round(self.load_seconds, 3),
                "rules_version": self.rules_version,
                "rules": len(getattr(self.screener.rules, "rules", ()) or ()),
                "lists": list(self.lists), "decisions": self.decisions_info()}

    def decisions_info(self) -> dict[str, Any] | None:
        """The analysts' decisions store applied by /v1/screen (None: none), read when this
        snapshot was built; `in_force` counts those that can apply today."""
        ds = self.screener.decisions
        if ds is None:
            return None
        return {"path": ds.source, "recorded": len(ds), "in_force": ds.in_force(),
                "require_approval": ds.require_approval, "today": ds.today.isoformat()}


def _freeze_heap() -> None:
    """Move everything alive now (the compiled lists: millions of objects) out of the garbage
    collector's sight. Without it every full collection walks the whole index, and requests
    allocate enough to trigger those often: tens of ms each, straight into the tail latency.
    Objects are still freed by reference counting; `_refreeze` lets a reload's old snapshot go."""
    gc.collect()
    gc.freeze()


def _refreeze() -> None:
    gc.unfreeze()
    _freeze_heap()


class ReloadFailed(Exception):
    """A reload that did not take; the previous snapshot is still in force."""


class ScreenerHolder:
    """Holds the current Snapshot; `reload()` builds a new one and swaps it in atomically."""

    def __init__(self, spec: ScreenerSpec) -> None:
        self.spec = spec
        self._lock = threading.Lock()  # one reload at a time
        self.current: Snapshot = Snapshot.build(spec, generation=1)
        _freeze_heap()

    def reload(self) -> Snapshot:
        """Build from the spec's paths again (blocking; call it off the event loop)."""
        with self._lock:
            old = self.current
            try:
                new = Snapshot.build(self.spec, generation=old.generation + 1)
            except Exception as exc:  # noqa: BLE001 - any loader error leaves the old one
                raise ReloadFailed(str(exc) or type(exc).__name__) from exc
            self.current = new  # one reference assignment: atomic for every reader
            del old
            _refreeze()
            return new
