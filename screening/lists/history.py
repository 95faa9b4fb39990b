"""Dated snapshots of official lists kept side by side by `screen lists update`, read back as
lists: `--list DIR/ofac` (one source) or `--list DIR` (every source under DIR).

Layout: `DIR/<source>/<YYYY-MM-DD>/` holds the files downloaded that day and `snapshot.json`
(source, format, main file, URL, checksums, entry count). For OFAC, two or more snapshots make
one list whose measures carry listing periods (an entry absent from a later snapshot is delisted
from that date; see `screening.lists.snapshots`), with the full details (aliases, addresses) of
the latest snapshot; other formats load their latest snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from screening.lists.errors import ListError
from screening.lists.version import content_hash
from screening.models import ListVersion, WatchList

MANIFEST = "snapshot.json"


def dated_snapshots(source_dir: Path) -> list[tuple[dt.date, Path]]:
    """The accepted snapshots of one source, oldest first (held-back ones are not included)."""
    out = []
    for p in source_dir.iterdir() if source_dir.is_dir() else ():
        if not (p.is_dir() and (p / MANIFEST).is_file()):
            continue
        try:
            out.append((dt.date.fromisoformat(p.name), p))
        except ValueError:
            continue
    return sorted(out)


def read_manifest(snapshot: Path) -> dict:
    try:
        return json.loads((snapshot / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ListError(f"{snapshot / MANIFEST}: cannot read the snapshot record ({exc})") from exc


def is_history(path: str | Path) -> bool:
    """True for a directory of dated snapshots, or a directory of such directories."""
    p = Path(path)
    if not p.is_dir():
        return False
    return bool(dated_snapshots(p)) or any(dated_snapshots(c) for c in p.iterdir() if c.is_dir())


def load_snapshot(snapshot: Path) -> WatchList:
    """One snapshot directory as a list, read by the importer its record names."""
    from screening.lists import load_list

    meta = read_manifest(snapshot)
    fmt = meta.get("format")
    target = snapshot if fmt == "ofac" else snapshot / meta.get("file", "")
    return load_list(target, fmt)


def load_source_history(source_dir: Path) -> WatchList:
    """One source's snapshots as one list (see the module docstring)."""
    snaps = dated_snapshots(source_dir)
    if not snaps:
        raise ListError(f"{source_dir}: no dated snapshots (run screen lists update)")
    latest = load_snapshot(snaps[-1][1])
    fmt = read_manifest(snaps[-1][1]).get("format")
    if fmt != "ofac" or len(snaps) < 2:
        return latest
    from screening.lists.snapshots import load_snapshots

    hist = load_snapshots([p for _, p in snaps], list_id=latest.id)
    full = {e.id: e for e in latest.entities}
    entities = tuple(full[e.id].model_copy(update={"measures": e.measures}) if e.id in full
                     else e for e in hist.entities)
    files = sorted(f for _, p in snaps for f in p.iterdir() if f.name != MANIFEST)
    version = ListVersion(content_hash=content_hash(files), published=snaps[-1][0])
    return latest.model_copy(update={"entities": entities, "version": version,
                                     "notes": (*hist.notes, *latest.notes)})


def load_history(path: str | Path) -> list[WatchList]:
    """The list(s) under a snapshot directory: one source, or every source under it."""
    p = Path(path)
    if dated_snapshots(p):
        return [load_source_history(p)]
    return [load_source_history(c) for c in sorted(p.iterdir())
            if c.is_dir() and dated_snapshots(c)]
