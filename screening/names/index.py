"""Candidate index (PLACEHOLDER: brute force)."""
from __future__ import annotations

from dataclasses import dataclass

from screening.models import Entity, NameStrength
from screening.names.score import compare


@dataclass(frozen=True)
class NameMatch:
    entity: Entity
    name: str
    strength: NameStrength
    score: float
    explanation: str

    @property
    def entity_id(self) -> str:
        return self.entity.id

    @property
    def list_id(self) -> str:
        return self.entity.list_id


class NameIndex:
    def __init__(self, entities):
        self._names = [(e, n) for e in entities for n in e.names]

    @classmethod
    def build(cls, entities):
        return cls(list(entities))

    def __len__(self):
        return len(self._names)

    def search(self, name, kind=None, limit=10, min_score=0.0):
        out = []
        for e, n in self._names:
            s = compare(name, n.value)
            if s >= min_score:
                out.append(NameMatch(e, n.value, n.strength, s, "placeholder"))
        out.sort(key=lambda m: -m.score)
        return out[:limit]
