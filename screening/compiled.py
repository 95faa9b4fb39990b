"""Screeners from compiled snapshots: compile, load, and the CLI's cache of snapshots.

`compile_snapshot` loads lists (built-in ones unless told not to), compiles their indexes and
writes a snapshot file; `Screener.load` hands any snapshot path to `load_screener`, which uses
the stored indexes when the snapshot is exactly the set of lists asked for, and otherwise
(more lists added, built-in lists added or left out) loads the stored lists and compiles again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from screening.lists import builtin_lists, load_lists
from screening.lists.errors import require_distinct_ids
from screening.lists.snapshot_file import (
    MAGIC,
    SUFFIX,
    SnapshotError,
    builtin_fingerprint,
    code_fingerprint,
    is_snapshot,
    read_header,
    read_snapshot,
    source_hashes,
    write_snapshot,
)
from screening.models import WatchList
from screening.names import NameIndex, Thresholds
from screening.names.identifiers import IdentifierIndex

if TYPE_CHECKING:
    from screening.engine import Screener
    from screening.rules import RuleSet
    from screening.screener_spec import ScreenerSpec


def compile_snapshot(paths: Sequence[str | Path | WatchList], out: str | Path,
                     builtin: bool = True) -> dict:
    """Load the built-in lists (unless `builtin=False`) and `paths` (list files, or lists
    already loaded), compile their indexes and write them to the snapshot file `out`. Returns
    the snapshot header."""
    files = [p for p in paths if not isinstance(p, WatchList)]
    lists = (list(builtin_lists()) if builtin else []) + load_lists(files)
    lists += [p for p in paths if isinstance(p, WatchList)]
    if not lists:
        raise SnapshotError("nothing to compile: no lists (give --list files, or keep the "
                            "built-in lists)")
    ids = [wl.id for wl in lists]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SnapshotError(f"two lists share the id {', '.join(dupes)}")
    entities = [e for wl in lists for e in wl.entities]
    return write_snapshot(
        out, lists, NameIndex.build(entities), IdentifierIndex.build(entities),
        builtin_ids=[wl.id for wl in builtin_lists()] if builtin else [],
        sources=source_hashes(files))


def load_screener(cls: type[Screener], items: Iterable[str | Path | WatchList],
                  ruleset: RuleSet, builtin: bool,
                  thresholds: Thresholds | None, list_thresholds: Mapping[str, Thresholds] | None,
                  name_cache: int) -> Screener:
    """`Screener.load` for lists that include snapshot files (see the module docstring)."""
    items = list(items)
    snaps, others = [], []
    for p in items:
        if isinstance(p, WatchList) or not is_snapshot(p):
            others.append(p)
            continue
        try:
            snaps.append(read_snapshot(p))
        except SnapshotError:
            sources = stale_sources(p)
            if sources is None:
                raise
            others += sources  # made by another engine, its list files unchanged: rebuild
    if not snaps:
        return cls.load(others, ruleset, builtin, thresholds, list_thresholds, name_cache,
                        keep_fallback=False)  # (`ruleset` is resolved already)
    snap = snaps[0]
    if len(snaps) == 1 and not others and builtin == bool(snap.builtin_ids):
        return cls(snap.deferred, ruleset, thresholds, list_thresholds, name_cache=name_cache,
                   indexes=(snap.index, snap.identifiers))
    # not exactly one snapshot's lists: take its lists and compile them with the rest
    loaded = list(builtin_lists()) if builtin else []
    for s in snaps:
        loaded += [wl for wl in s.lists if wl.id not in s.builtin_ids]
    loaded += load_lists([p for p in others if not isinstance(p, WatchList)])
    loaded += [wl for wl in others if isinstance(wl, WatchList)]
    require_distinct_ids([wl.id for wl in loaded])
    return cls(loaded, ruleset, thresholds, list_thresholds, name_cache=name_cache)


def stale_sources(path: str | Path) -> list[str] | None:
    """The list files a snapshot was compiled from, when the snapshot is whole but was made
    by another engine (or before the built-in lists changed) and every one of those files is
    still there with the same content; None otherwise (the snapshot is then refused)."""
    try:
        header, _ = read_header(path)
        return None  # it loads as it is
    except SnapshotError as exc:
        if "engine" not in str(exc) and "built-in lists changed" not in str(exc) \
                and "snapshot format" not in str(exc):
            return None  # damaged: never guess
    try:
        data = Path(path).read_bytes()
        end = data.index(b"\n", len(MAGIC))
        header = json.loads(data[len(MAGIC):end])
        sources = header["sources"]
        paths = [s["path"] for s in sources]
        if not paths or [s["sha256"] for s in source_hashes(paths)] != [
                s["sha256"] for s in sources]:
            return None
        return paths
    except (OSError, ValueError, KeyError, TypeError):
        return None


# -- the CLI's cache -----------------------------------------------------------------------------

CACHE_KEEP = 4
"""Snapshots the cache keeps (the most recently used); older ones are deleted."""


def cache_dir() -> Path | None:
    """Where compiled snapshots are cached ($XDG_CACHE_HOME/screening, else ~/.cache/screening);
    None when caching is off (SCREENING_CACHE=0)."""
    if os.environ.get("SCREENING_CACHE", "1").strip().lower() in ("0", "no", "off", "false"):
        return None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory
        return None
    return Path(base) / "screening"


def cached_spec(spec: ScreenerSpec) -> ScreenerSpec:
    """`spec` with its list files replaced by their cached snapshot (compiled now on a miss),
    so this process and `--jobs` workers load it; `spec` itself when there is no list file,
    caching is off, or compiling fails (loading then reports the problem as usual)."""
    import dataclasses

    try:
        snap = cached_snapshot(spec.lists, spec.builtin)
    except Exception:  # noqa: BLE001 - a list that does not load is reported by the caller
        snap = None
    return spec if snap is None else dataclasses.replace(spec, lists=(str(snap),))


def _prune(where: Path, keep: Path) -> None:
    """Delete all but the CACHE_KEEP most recently used snapshots, sparing any used in the last
    10 minutes (another run may be about to load it)."""
    import time

    try:
        snaps = sorted(((p.stat().st_mtime, p) for p in where.glob(f"*{SUFFIX}")), reverse=True)
        for mtime, old in snaps[CACHE_KEEP:]:
            if old != keep and mtime < time.time() - 600:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a file another run removed first


def cached_snapshot(paths: Sequence[str | Path], builtin: bool) -> Path | None:
    """A snapshot of the built-in lists (if `builtin`) and `paths`, from the cache or compiled
    into it now; keyed by the engine, the built-in lists and every list file's content, so any
    change makes a new entry. None when there is nothing to gain (no list files, a snapshot
    among them, caching off) or the cache cannot be written (the caller then loads as usual)."""
    where = cache_dir()
    if where is None or not paths or any(is_snapshot(p) for p in paths):
        return None
    try:
        key = hashlib.sha256(json.dumps({
            "engine": code_fingerprint(), "builtin": builtin_fingerprint() if builtin else None,
            "sources": [s["sha256"] for s in source_hashes(paths)],
        }).encode()).hexdigest()[:32]
        target = where / f"{key}{SUFFIX}"
        if target.exists():
            try:
                os.utime(target)  # (first: the check is remembered for the load that follows)
                read_header(target)
                return target
            except SnapshotError:
                target.unlink(missing_ok=True)  # damaged, or the built-in lists changed
        where.mkdir(parents=True, exist_ok=True)
        compile_snapshot(paths, target, builtin=builtin)
        _prune(where, target)
        return target
    except OSError:
        return None
