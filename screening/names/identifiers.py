"""Exact identifier matching: BICs (any branch BIC11 of a listed BIC8)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from screening.models import Entity


class IdentifierIndex:
    """BIC8 -> entities. A queried BIC matches a listed BIC when their first 8 characters agree:
    the BIC8 names the institution, and the listed party is the institution, so every branch
    (and the head office of a listed branch BIC, e.g. Sovcombank's SOMRRUM1KST) matches."""

    def __init__(self, by_bic8: dict[str, list[tuple[Entity, str]]]) -> None:
        self._by_bic8 = by_bic8

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> IdentifierIndex:
        idx: dict[str, list[tuple[Entity, str]]] = defaultdict(list)
        for e in entities:
            for bic in e.bics:
                idx[bic[:8]].append((e, bic))
        return cls(dict(idx))

    def lookup_bic(self, bic: str) -> list[tuple[Entity, str, str]]:
        """(entity, listed BIC, explanation) for every listed party that `bic` belongs to."""
        q = bic.replace(" ", "").upper()
        out = []
        seen = set()
        for entity, listed in self._by_bic8.get(q[:8], ()):
            key = (entity.list_id, entity.id, listed)
            if key in seen:
                continue
            seen.add(key)
            if q == listed:
                how = f"BIC {q} equals listed BIC {listed}"
            else:
                how = f"BIC {q} belongs to institution {q[:8]} of listed BIC {listed}"
            out.append((entity, listed, how))
        return out
