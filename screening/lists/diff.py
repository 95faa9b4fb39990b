"""What changed between two versions of one list: entries added, removed (delisted) and
changed, and for a changed entry which of its names, identifiers, measures, dates and other
details were added or removed.

Entries are matched by id. Where a detail was read from (a measure's `source` and `note`, an
entry's `sources`) is not content and is not compared, so two dated files of the same list
differ only where the list does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from screening.models import Entity, WatchList

COMPARED = ("kind", "names", "identifiers", "birth_dates", "birth_places", "nationalities",
            "countries", "addresses", "relations", "measures", "notes")
"""Entity fields a diff compares, in the order changes are reported."""

_MEASURE_PROVENANCE = {"source", "note"}


@dataclass(frozen=True)
class FieldChange:
    """One field of a changed entry: the values only in the old and only in the new entry."""

    field: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class EntryChange:
    """An entry added, removed or changed between two list versions."""

    change: str  # added, removed, changed
    entity_id: str
    name: str
    kind: str
    old: Entity | None = None
    new: Entity | None = None
    fields: tuple[FieldChange, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"change": self.change, "entity_id": self.entity_id,
                               "name": self.name, "kind": self.kind}
        if self.fields:
            out["fields"] = {f.field: {"removed": list(f.removed), "added": list(f.added)}
                             for f in self.fields}
        return out


@dataclass(frozen=True)
class ListDiff:
    """The changes between `old` and `new` (two versions of one list)."""

    list_id: str
    old_version: str
    new_version: str
    entries: tuple[EntryChange, ...] = field(default_factory=tuple)

    def of(self, change: str) -> list[EntryChange]:
        return [e for e in self.entries if e.change == change]

    @property
    def counts(self) -> dict[str, int]:
        return {c: len(self.of(c)) for c in ("added", "removed", "changed")}

    def jsonl(self) -> Iterator[str]:
        """A header line (list, versions, counts) then one line per changed entry."""
        yield json.dumps({"list_id": self.list_id, "old_version": self.old_version,
                          "new_version": self.new_version, **self.counts})
        for e in self.entries:
            yield json.dumps(e.to_json(), ensure_ascii=False)

    def table(self) -> Iterator[str]:
        """Human-readable lines: a summary, then one block per entry."""
        c = self.counts
        yield (f"{self.list_id}: {self.old_version} -> {self.new_version}: "
               f"{c['added']} added, {c['removed']} removed, {c['changed']} changed")
        for e in self.entries:
            yield f"{e.change.upper():8} {e.entity_id:>10}  {e.kind:12} {e.name}"
            for f in e.fields:
                for v in f.removed:
                    yield f"{'':21}- {f.field}: {v}"
                for v in f.added:
                    yield f"{'':21}+ {f.field}: {v}"


def _values(entity: Entity, name: str) -> list[str]:
    """The values of one field as comparable text, one per item."""
    value = getattr(entity, name)
    if name == "measures":
        return [_text({k: v for k, v in m.model_dump(mode="json", exclude_defaults=True).items()
                       if k not in _MEASURE_PROVENANCE}) for m in value]
    if isinstance(value, tuple):
        return [v if isinstance(v, str) else _text(v.model_dump(mode="json",
                                                                 exclude_defaults=True))
                for v in value]
    return [] if value is None else [str(value)]


def _text(d: dict[str, Any]) -> str:
    """A short stable rendering of a model's fields (`value` alone when that is all it has)."""
    if set(d) == {"value"}:
        return str(d["value"])
    return ", ".join(f"{k}={v}" for k, v in d.items())


def entity_changes(old: Entity, new: Entity) -> tuple[FieldChange, ...]:
    """The fields of COMPARED that differ between two versions of an entry."""
    out = []
    for name in COMPARED:
        a, b = _values(old, name), _values(new, name)
        if a == b:
            continue
        removed = tuple(v for v in dict.fromkeys(a) if v not in b)
        added = tuple(v for v in dict.fromkeys(b) if v not in a)
        if removed or added:
            out.append(FieldChange(name, removed, added))
        elif name == "names":  # same names, other order: the primary name may have changed
            out.append(FieldChange("name order", (" | ".join(a),), (" | ".join(b),)))
    return tuple(out)


def diff_lists(old: WatchList, new: WatchList) -> ListDiff:
    """Entries added, removed and changed from `old` to `new`, ordered by entry id (numeric ids
    in numeric order)."""
    before = {e.id: e for e in old.entities}
    after = {e.id: e for e in new.entities}
    entries = []
    for eid in sorted(before.keys() | after.keys(), key=_id_key):
        a, b = before.get(eid), after.get(eid)
        if a is None:
            assert b is not None
            entries.append(EntryChange("added", eid, b.primary_name, str(b.kind), new=b))
        elif b is None:
            entries.append(EntryChange("removed", eid, a.primary_name, str(a.kind), old=a))
        else:
            fields = entity_changes(a, b)
            if fields:
                entries.append(EntryChange("changed", eid, b.primary_name, str(b.kind), old=a,
                                           new=b, fields=fields))
    return ListDiff(new.id, str(old.version), str(new.version), tuple(entries))


def _id_key(eid: str) -> tuple[int, int, str]:
    return (0, int(eid), "") if eid.isdigit() else (1, 0, eid)
