"""What a decision is tied to: a party value in one normalised form, and a list entry's content.

Both are exact by design. The value is compared after a light normalisation only (Unicode NFKC,
case folding, runs of white space made one space): "ACME  Ltd" and "acme ltd" are the same value,
"ACME Ltd." and "ACME Ltd" are not. The entry is compared by a fingerprint of the content an
analyst looks at when deciding: its kind, names, identifiers and measures (with their dates).
File paths, notes and the order entries are published in do not count, so re-reading the same
content from another place gives the same fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any

from screening.models import Entity

FINGERPRINT_CHARS = 16
"""Hex characters of the sha256 digest kept (64 bits: collisions are not a practical concern
for one entry's successive versions)."""


def normalise_value(value: str) -> str:
    """The form a party value is compared in: NFKC, case-folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def _d(v: Any) -> str:
    return "" if v is None else str(v)


def entry_content(entity: Entity) -> dict[str, Any]:
    """The parts of a list entry a decision depends on, in a canonical (sorted) form."""
    return {
        "kind": entity.kind.value,
        "names": sorted([n.value, n.strength.value] for n in entity.names),
        "identifiers": sorted([i.type.value, i.value, _d(i.country)]
                              for i in entity.identifiers),
        "measures": sorted(
            [m.type.value, m.authority, _d(m.program), _d(m.announced), _d(m.effective_from),
             _d(m.effective_to), _d(m.delisted)] for m in entity.measures),
    }


def content_fingerprint(content: dict[str, Any]) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def fingerprint(entity: Entity) -> str:
    """The entry's fingerprint: changes when a name, identifier or measure (or its dates)
    changes, or the entry is delisted and relisted in a list that records listing periods."""
    return content_fingerprint(entry_content(entity))


class FingerprintCache:
    """Fingerprints of the entries of a compiled list set, computed once per entry object."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[Entity, str]] = {}

    def __call__(self, entity: Entity) -> str:
        key = (entity.list_id, entity.id)
        got = self._seen.get(key)
        if got is not None and got[0] is entity:
            return got[1]
        fp = fingerprint(entity)
        self._seen[key] = (entity, fp)
        return fp


def _fmt_measure(m: list[str]) -> str:
    typ, auth, program, announced, start, end, delisted = m
    s = f"{typ} ({auth}{', ' + program if program else ''})"
    if start or announced:
        s += f" from {start or announced}"
    if end:
        s += f" until {end}"
    if delisted:
        s += f" delisted {delisted}"
    return s


def describe_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Say in words how an entry's content changed (for the note on a lapsed decision)."""
    parts: list[str] = []
    if old.get("kind") != new.get("kind"):
        parts.append(f"kind {old.get('kind')} -> {new.get('kind')}")

    def diff(key: str, label: str, fmt: Any) -> None:
        o = {tuple(x) for x in old.get(key, [])}
        n = {tuple(x) for x in new.get(key, [])}
        added = sorted(n - o)
        removed = sorted(o - n)
        if added:
            parts.append(f"new {label}: " + "; ".join(fmt(list(x)) for x in added))
        if removed:
            parts.append(f"{label} removed: " + "; ".join(fmt(list(x)) for x in removed))

    diff("names", "name", lambda x: f"{x[0]!r} ({x[1]})")
    diff("identifiers", "identifier",
         lambda x: f"{x[0]} {x[1]}" + (f" ({x[2]})" if x[2] else ""))
    diff("measures", "measure", _fmt_measure)
    return "; ".join(parts) or "content changed"


def relisting(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """If the entry was delisted and listed again since `old` was seen, say when, else None.

    A relisting shows in lists that record listing periods (dated snapshots, histories) as a
    measure that ended by delisting and a later one that started after it."""
    old_m = {tuple(x) for x in old.get("measures", [])}
    delisted = sorted({m[6] for m in new.get("measures", []) if m[6]})
    for d in delisted:
        later = sorted(m[4] for m in new.get("measures", [])
                       if m[4] and m[4] >= d and not m[6])
        if later and any(tuple(m) not in old_m for m in new.get("measures", [])):
            return f"the entry was delisted on {d} and listed again on {later[0]}"
    return None
