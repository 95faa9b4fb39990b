"""Our own list format: a TOML file with a `[list]` table, `[[entity]]` and `[[country_measure]]`.

The entity and country-measure tables are exactly the `screening.models` fields (unknown fields are
errors); `list_id` is filled in by the loader. The whole file is rejected on any error.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from screening.lists.errors import ListError, build
from screening.lists.version import make_version
from screening.models import CountryMeasure, Entity, WatchList
from screening.tomlsafe import loads_toml

M = TypeVar("M", Entity, CountryMeasure)

LIST_KEYS = {"id", "authority", "title", "source", "published", "notes"}
TOP_KEYS = {"list", "entity", "country_measure"}


def _where(path: Path, kind: str, pos: int, item: Any) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    return f"{path}: {kind} #{pos + 1} (id {ident!r})"


def _header(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ListError(f"{path}: unknown top-level table(s) {sorted(unknown)}; "
                        f"want {sorted(TOP_KEYS)}")
    meta = data.get("list")
    if not isinstance(meta, dict):
        raise ListError(f"{path}: missing [list] table (id, authority, title, source, published)")
    unknown = set(meta) - LIST_KEYS
    if unknown:
        raise ListError(f"{path}: [list]: unknown field(s) {sorted(unknown)}")
    for key in ("id", "authority", "title"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise ListError(f"{path}: [list]: field {key} is required (a non-empty string)")
    pub = meta.get("published")
    if pub is not None and (not isinstance(pub, dt.date) or isinstance(pub, dt.datetime)):
        raise ListError(f"{path}: [list]: field published must be a date (YYYY-MM-DD)")
    notes = meta.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise ListError(f"{path}: [list]: field notes must be a list of strings")
    return meta


def _tables(path: Path, list_id: str, items: Any, section: str, model: type[M],
            check: Callable[[M, str], None] | None = None) -> tuple[M, ...]:
    """The `[[section]]` tables of a list file as `model`s of this list, ids unique; `check`
    validates each further (raising ListError, given where it is)."""
    if not isinstance(items, list):
        raise ListError(f"{path}: `{section}` must be an array of tables ([[{section}]])")
    out: list[M] = []
    seen: dict[str, int] = {}
    for pos, item in enumerate(items):
        where = _where(path, section, pos, item)
        if not isinstance(item, dict):
            raise ListError(f"{where}: not a table")
        if item.get("list_id", list_id) != list_id:
            raise ListError(f"{where}: field list_id {item['list_id']!r} differs from [list] id")
        obj = build(model, {**item, "list_id": list_id}, where)
        if obj.id in seen:
            raise ListError(f"{where}: duplicate {section} id {obj.id!r} "
                            f"(first at {section} #{seen[obj.id]})")
        seen[obj.id] = pos + 1
        if check is not None:
            check(obj, where)
        out.append(obj)
    return tuple(out)


def _measure_dates(cm: CountryMeasure, where: str) -> None:
    start = cm.effective_from or cm.announced
    if start and cm.effective_to and cm.effective_to < start:
        raise ListError(f"{where}: field effective_to {cm.effective_to} is before {start}")


def load_toml_list(path: Path) -> WatchList:
    """Load and validate one list file in our TOML format (all or nothing)."""
    raw = path.read_bytes()
    try:
        data = loads_toml(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ListError(f"{path}: not UTF-8 text ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ListError(f"{path}: TOML syntax error: {e}") from None
    except RecursionError:
        raise ListError(f"{path}: TOML nested too deeply to read") from None
    meta = _header(path, data)
    if not data.get("entity") and not data.get("country_measure"):
        raise ListError(f"{path}: no [[entity]] or [[country_measure]] tables: an empty list "
                        "screens nothing")
    return WatchList(
        id=meta["id"],
        authority=meta["authority"],
        title=meta["title"],
        source=meta.get("source"),
        version=make_version([path], meta.get("published")),
        entities=_tables(path, meta["id"], data.get("entity", []), "entity", Entity),
        country_measures=_tables(path, meta["id"], data.get("country_measure", []),
                                 "country_measure", CountryMeasure, _measure_dates),
        notes=tuple(meta.get("notes", [])),
        path=str(path),
    )
