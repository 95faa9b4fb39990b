"""Watchlist loading: our TOML lists, OFAC SDN CSV sets and snapshots, UN, EU and UK XML,
OpenSanctions FollowTheMoney JSON lines (`screening.lists.ftm`).

Public API: `load_list(path, fmt=None)`, `load_lists(paths)`, `load_snapshots(paths)`,
`builtin_lists()`, `in_force(measure, on_date)`, `ListError`. Every loader validates the whole
source and raises `ListError` (naming file, entry and field) rather than loading part of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from screening.lists.builtin import BUILTIN_DIR, builtin_list_paths, builtin_lists
from screening.lists.detect import FORMATS, detect_format
from screening.lists.errors import ListError
from screening.lists.eu import load_eu
from screening.lists.ftm import load_ftm
from screening.lists.ofac import load_ofac
from screening.lists.snapshots import load_snapshots
from screening.lists.timeline import in_force
from screening.lists.toml_list import load_toml_list
from screening.lists.uk import load_uk
from screening.lists.un import load_un
from screening.lists.version import date_from_name
from screening.models import WatchList

__all__ = ["BUILTIN_DIR", "FORMATS", "ListError", "builtin_list_paths", "builtin_lists",
           "in_force", "load_list", "load_lists", "load_snapshots"]

_LOADERS = {"ofac": load_ofac, "un": load_un, "eu": load_eu, "uk": load_uk, "ftm": load_ftm}


def load_list(path: str | Path, fmt: str | None = None, *, list_id: str | None = None) -> WatchList:
    """Load one list (file, or directory for an OFAC CSV set). `fmt` is one of FORMATS;
    auto-detected when None. `list_id` renames imported lists (TOML lists carry their own id)."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "toml":
        return load_toml_list(path)
    if fmt not in _LOADERS:
        raise ListError(f"{path}: unknown format {fmt!r}; want one of {', '.join(FORMATS)}")
    return _LOADERS[fmt](path, list_id) if list_id else _LOADERS[fmt](path)


def _is_ofac_snapshot(path: Path) -> bool:
    return (path.is_file() and path.name.lower().startswith("sdn") and path.suffix == ".csv"
            and date_from_name(path) is not None)


def load_lists(paths: Iterable[str | Path]) -> list[WatchList]:
    """Load several lists. Two or more dated OFAC files (sdn-YYYY-MM-DD.csv) are combined into
    one snapshot list; a directory of dated snapshots kept by `screen lists update` gives its
    history (`screening.lists.history`). List ids must be distinct."""
    from screening.lists.history import is_history, load_history

    paths = [Path(p) for p in paths]
    history = [p for p in paths if is_history(p)]  # snapshot dirs of `screen lists update`
    paths = [p for p in paths if p not in history]
    dated = [p for p in paths if _is_ofac_snapshot(p)]
    group = dated if len(dated) >= 2 else []
    out: list[WatchList] = []
    for p in paths:
        if p in group:
            if p == group[0]:
                out.append(load_snapshots(group))
        else:
            out.append(load_list(p))
    out += [wl for p in history for wl in load_history(p)]
    seen: dict[str, str | None] = {}
    for wl in out:
        if wl.id in seen:
            raise ListError(f"two lists with id {wl.id!r}: {seen[wl.id]} and {wl.path}")
        seen[wl.id] = wl.path
    return out
