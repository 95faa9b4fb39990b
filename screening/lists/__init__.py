"""Watchlist loading (PLACEHOLDER: being replaced by the importers work)."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from screening.models import Entity, ListVersion, WatchList

BUILTIN_DIR = Path(__file__).resolve().parent.parent.parent / "lists"


class ListError(ValueError):
    pass


def load_list(path: str | Path, fmt: str | None = None) -> WatchList:
    path = Path(path)
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    meta = data["list"]
    ents = tuple(Entity.model_validate({**e, "list_id": meta["id"]}) for e in data.get("entity", []))
    return WatchList(id=meta["id"], authority=meta["authority"], title=meta["title"],
                     version=ListVersion(content_hash=hashlib.sha256(raw).hexdigest()[:16],
                                         published=meta.get("published")),
                     entities=ents, path=str(path))


def builtin_lists() -> list[WatchList]:
    return [load_list(p) for p in sorted(BUILTIN_DIR.glob("*.toml"))]
