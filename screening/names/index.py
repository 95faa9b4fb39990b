"""The candidate index: finds the few list names worth scoring for a query, without comparing
every list name.

Compiled once from the entities: every list name is normalised; each folded name part (and each
name's parts joined into one word) goes into a vocabulary with a posting list of the names that
hold it; every vocabulary word of 4+ letters is also filed under each of its one-letter deletions,
so a query word one edit away (insertion, deletion, substitution, transposition) still reaches
it. A query looks up its words, their deletions and its joined words, accumulates the weight of
the words each name shares with it, and scores only the best few names in full.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from screening.models import Entity, EntityKind, NameStrength
from screening.names.knowledge import knowledge
from screening.names.normalize import NormName, normalize
from screening.names.score import GENERIC_WEIGHT, INITIAL_WEIGHT, align, explain

MAX_CANDIDATES = 40  # names scored in full per query
COMMON_POSTINGS = 5_000  # posting lists longer than this are only read when nothing rarer hit
STRENGTH_ORDER = {NameStrength.primary: 0, NameStrength.strong: 1, NameStrength.former: 2,
                  NameStrength.weak: 3}


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A list name that matched a query: the entity, the name, its strength, the score and why."""

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


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _person_arg(kind: str | EntityKind | None) -> bool | None:
    if kind is None:
        return None
    return str(kind) == EntityKind.person.value


class NameIndex:
    """Compiled names of a set of entities; immutable after `build`, safe to share."""

    def __init__(self) -> None:
        self._entities: list[Entity] = []
        self._name_entity = array("i")
        self._name_text: list[str] = []
        self._name_strength = bytearray()
        self._name_norm: list[NormName] = []
        self._name_person = bytearray()
        self._vocab: dict[str, int] = {}
        self._postings: list[array] = []
        self._deletes: dict[str, list[int]] = {}
        self._weights: dict[str, float] = {}
        self._unknown_weight = 1.0

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> NameIndex:
        """Normalise and index every name of every entity."""
        self = cls()
        strengths = list(NameStrength)
        df: dict[str, int] = defaultdict(int)
        postings: dict[str, list[int]] = defaultdict(list)
        for ent in entities:
            ei = len(self._entities)
            self._entities.append(ent)
            person = ent.kind is EntityKind.person
            seen: set[str] = set()
            for name in ent.names:
                norm = normalize(name.value, person)
                if not norm.tokens:
                    continue
                key = (norm.tokens, name.strength)
                if key in seen:
                    continue
                seen.add(key)
                ni = len(self._name_text)
                self._name_entity.append(ei)
                self._name_text.append(name.value)
                self._name_strength.append(strengths.index(name.strength))
                self._name_norm.append(norm)
                self._name_person.append(person)
                for f in set(norm.folds):
                    df[f] += 1
                    postings[f].append(ni)
                if len(norm.folds) > 1 and norm.joined not in norm.folds:
                    postings[norm.joined].append(ni)
        n = max(len(self._name_text), 1)
        generic = knowledge().generic_words
        self._unknown_weight = math.log(1 + n)
        for f, d in df.items():
            w = math.log(1 + n / d)
            if f in generic:
                w = min(w, GENERIC_WEIGHT * self._unknown_weight)
            if len(f) == 1:
                w = INITIAL_WEIGHT * self._unknown_weight * 0.5
            self._weights[f] = w
        deletes: dict[str, list[int]] = defaultdict(list)
        for word in sorted(postings):
            wi = len(self._postings)
            self._vocab[word] = wi
            self._postings.append(array("i", postings[word]))
            if len(word) >= 4 and word in df:  # joined names are looked up exactly only
                for d in _deletions(word):
                    deletes[d].append(wi)
        self._deletes = dict(deletes)
        return self

    def __len__(self) -> int:
        return len(self._name_text)

    def weight(self, fold: str) -> float:
        """Distinctiveness of a folded name part across the indexed names."""
        w = self._weights.get(fold)
        if w is not None:
            return w
        if len(fold) == 1:
            return INITIAL_WEIGHT * self._unknown_weight * 0.5
        if fold in knowledge().generic_words:
            return GENERIC_WEIGHT * self._unknown_weight
        return self._unknown_weight

    def _lookup(self, word: str) -> set[int]:
        """Vocabulary words equal to `word` or one edit away from it."""
        out: set[int] = set()
        wi = self._vocab.get(word)
        if wi is not None:
            out.add(wi)
        if len(word) >= 3:
            out.update(self._deletes.get(word, ()))  # `word` lacks a letter
            for d in _deletions(word):
                wi = self._vocab.get(d)
                if wi is not None and len(d) >= 3:
                    out.add(wi)  # `word` has an extra letter
                if len(word) >= 4:
                    out.update(self._deletes.get(d, ()))  # substitution / transposition
        return out

    def _candidates(self, q: NormName) -> list[int]:
        words: dict[int, float] = {}
        for f in q.folds:
            if len(f) < 2:
                continue
            w = self.weight(f)
            for wi in self._lookup(f):
                words[wi] = max(words.get(wi, 0.0), w)
        joins = [q.joined] if len(q.folds) > 1 else []
        joins += [q.folds[i] + q.folds[i + 1] for i in range(len(q.folds) - 1)]
        for jw in joins:
            wi = self._vocab.get(jw)
            if wi is not None:
                words[wi] = max(words.get(wi, 0.0), self._unknown_weight)
        acc: dict[int, float] = defaultdict(float)
        common = []
        for wi, w in words.items():
            plist = self._postings[wi]
            if len(plist) > COMMON_POSTINGS:
                common.append((len(plist), wi, w))
                continue
            for ni in plist:
                acc[ni] += w
        if common and not acc:
            # only common words hit: names holding the two rarest of them, else the rarest
            common.sort()
            first = set(self._postings[common[0][1]])
            if len(common) > 1:
                first &= set(self._postings[common[1][1]])
            for ni in first:
                acc[ni] += common[0][2]
        elif common:
            for _, wi, w in common:
                plist = self._postings[wi]
                for ni in list(acc):
                    if _contains(plist, ni):
                        acc[ni] += w
        if len(acc) <= MAX_CANDIDATES:
            return sorted(acc)
        return [ni for ni, _ in heapq.nlargest(MAX_CANDIDATES, acc.items(),
                                               key=lambda kv: (kv[1], -kv[0]))]

    def search(self, name: str, kind: str | EntityKind | None = None, limit: int = 10,
               min_score: float = 0.0) -> list[NameMatch]:
        """The best-matching list entries for `name`, one per entity, best first.

        `kind`: "person" to search persons only, any other entity kind for non-persons only,
        None for all. Results at or above `min_score`; ties broken by list and entity id."""
        want_person = _person_arg(kind)
        q_any = normalize(name, want_person)
        if not q_any.tokens:
            return []
        # a query of unknown kind is normalised both ways: a person's honorific is stripped
        # against person names, a legal form against organisation names
        q_person = normalize(name, True) if want_person is None else q_any
        q_org = normalize(name, False) if want_person is None else q_any
        best: dict[int, tuple[float, int, object]] = {}
        for q in dict.fromkeys((q_person, q_org)):
            for ni in self._candidates(q):
                person = bool(self._name_person[ni])
                if want_person is not None and person != want_person:
                    continue
                qq = q_person if person else q_org
                a = align(qq, self._name_norm[ni], person, self.weight)
                ei = self._name_entity[ni]
                prev = best.get(ei)
                key = (a.score, -self._name_strength[ni])
                if prev is None or key > (prev[0], -self._name_strength[prev[1]]):
                    best[ei] = (a.score, ni, (qq, a))
        ranked = sorted(
            (v for v in best.values() if v[0] >= min_score),
            key=lambda v: (-v[0], self._entities[self._name_entity[v[1]]].list_id,
                           self._entities[self._name_entity[v[1]]].id),
        )[:limit]
        out = []
        strengths = list(NameStrength)
        for score, ni, (qq, a) in ranked:
            out.append(NameMatch(
                entity=self._entities[self._name_entity[ni]],
                name=self._name_text[ni],
                strength=strengths[self._name_strength[ni]],
                score=round(score, 4),
                explanation=explain(qq, self._name_norm[ni], a),
            ))
        return out


def _contains(sorted_arr: array, x: int) -> bool:
    from bisect import bisect_left

    i = bisect_left(sorted_arr, x)
    return i < len(sorted_arr) and sorted_arr[i] == x
