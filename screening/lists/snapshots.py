"""Dated snapshots of one OFAC list -> one WatchList whose measures carry listing periods.

An entry in the earliest snapshot is listed from an unknown date (effective_from None, date_basis
unknown); one first seen in a later snapshot is listed from that snapshot's date (date_basis
snapshot); an entry missing from the next snapshot is delisted as of that snapshot's date;
re-listing opens a new measure. Entity details come from the latest snapshot containing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from screening.lists.errors import ListError
from screening.lists.ofac import (
    AUTHORITY,
    LIST_ID,
    SOURCE,
    TITLE,
    build_entity,
    read_sdn,
    set_files,
)
from screening.lists.version import date_from_name, make_version
from screening.models import DateBasis, Entity, Measure, MeasureType, WatchList

Snapshot = str | Path | tuple[str | Path, dt.date]


def _dated(items: Sequence[Snapshot]) -> list[tuple[dt.date, Path]]:
    out = []
    for item in items:
        path, date = (Path(item[0]), item[1]) if isinstance(item, tuple) else (Path(item), None)
        date = date or date_from_name(path)
        if date is None:
            raise ListError(f"{path}: snapshot has no date; name it sdn-YYYY-MM-DD.csv or give "
                            "(path, date)")
        out.append((date, path))
    out.sort()
    for (d1, p1), (d2, p2) in zip(out, out[1:], strict=False):
        if d1 == d2:
            raise ListError(f"{p1} and {p2}: two snapshots dated {d1}")
    return out


def load_snapshots(paths: Sequence[Snapshot], list_id: str = LIST_ID) -> WatchList:
    """Load several dated snapshots (sdn.csv files or set directories) of the OFAC SDN list."""
    snaps = _dated(paths)
    if not snaps:
        raise ListError("load_snapshots: no snapshot files given")
    files = [set_files(p)["sdn"] for _, p in snaps]
    tables = [read_sdn(f) for f in files]  # every file is checked in full
    entities: list[Entity] = []
    warnings: list[str] = []
    for ent in dict.fromkeys(e for t in tables for e in t):
        spans: list[tuple[int, int | None]] = []
        opened: int | None = None
        for i, table in enumerate(tables):
            if ent in table and opened is None:
                opened = i
            elif ent not in table and opened is not None:
                spans.append((opened, i))
                opened = None
        if opened is not None:
            spans.append((opened, None))
        last = (spans[-1][1] or len(tables)) - 1
        row = tables[last][ent]
        base = build_entity(row, list_id, str(files[last]), warnings=warnings)
        program = base.measures[0].program
        measures = []
        for start, end in spans:
            first = start == 0
            measures.append(Measure(
                type=MeasureType.asset_freeze, authority=AUTHORITY, program=program,
                effective_from=None if first else snaps[start][0],
                date_basis=DateBasis.unknown if first else DateBasis.snapshot,
                delisted=None if end is None else snaps[end][0], source=str(files[start]),
                note=("in the earliest snapshot" if first else "first seen in this snapshot")
                + ("" if end is None else f"; absent from {files[end].name}")))
        sources = tuple(dict.fromkeys(str(files[s]) for s, _ in spans)) + (str(files[last]),)
        entities.append(base.model_copy(update={"measures": tuple(measures),
                                                "sources": tuple(dict.fromkeys(sources))}))
    entities.sort(key=lambda e: int(e.id))
    notes = (f"built from {len(snaps)} dated snapshots: "
             + ", ".join(f"{d} ({p.name})" for d, p in snaps),) + tuple(warnings)
    return WatchList(id=list_id, authority=AUTHORITY, title=TITLE, source=SOURCE,
                     version=make_version(files, snaps[-1][0]), entities=tuple(entities),
                     notes=notes, path=str(files[-1]))
