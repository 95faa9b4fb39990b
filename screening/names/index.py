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

import gc
import heapq
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from screening.models import Entity, EntityKind, NameStrength
from screening.names.knowledge import knowledge
from screening.names.normalize import NormName, fold, normalize
from screening.names.score import (
    GENERIC_WEIGHT,
    INITIAL_WEIGHT,
    align,
    explain,
    min_weight,
)

MAX_CANDIDATES = 25  # names scored in full per query
COMMON_POSTINGS = 500  # words held by more names do not find names (they only rank them)
FUZZY_MAX_DF = 20  # a query word held by more names is taken as typed (no one-edit neighbours)
# The pruning bound assumes name parts match only through the index lookups; parts that align
# only through the fuller comparison (two edits, joined words) are allowed for by this margin.
PRUNE_MARGIN = 0.25


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
        self._words: list[str] = []
        self._common: frozenset[int] = frozenset()
        self._weights: dict[str, float] = {}
        self._unknown_weight = 1.0
        self._name_w: list[tuple[float, ...]] = []
        self._wfull = array("d")  # sum of a name's part weights
        self._wmin = array("d")  # the same with optional (middle) parts discounted

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
        self._words = sorted(postings)
        self._common = frozenset(
            wi for wi in range(len(self._words)) if len(self._postings[wi]) > COMMON_POSTINGS)
        for ni, norm in enumerate(self._name_norm):
            ws = tuple(self.weight(f) for f in norm.folds)
            self._name_w.append(ws)
            self._wfull.append(sum(ws))
            self._wmin.append(min_weight(norm, ws, bool(self._name_person[ni])))
        # The index is immutable from here: move its many objects out of the garbage
        # collector's generations so full collections do not walk them (they caused
        # multi-millisecond pauses in searches).
        gc.collect()
        gc.freeze()
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
        if len(word) >= 4:
            out.update(self._deletes.get(word, ()))  # `word` lacks a letter
            for d in _deletions(word):
                wi = self._vocab.get(d)
                if wi is not None:
                    out.add(wi)  # `word` has an extra letter
                out.update(self._deletes.get(d, ()))  # substitution / transposition
        return out

    def _candidates(self, q: NormName) -> tuple[dict[int, list[float]], float, float]:
        """Names sharing a distinctive word (or one a single edit away) with `q`, limited to the
        MAX_CANDIDATES names with most shared weight: name -> [shared query weight, shared list
        weight] (infinite for a hit on a whole joined name); plus the query and list weight of
        the common words that hit, which are not used to find names (too many hold them)."""
        words: dict[int, tuple[float, float]] = {}
        for f in q.folds:
            if len(f) < 2:
                continue
            w = self.weight(f)
            exact = self._vocab.get(f)
            if exact is not None and len(self._postings[exact]) > FUZZY_MAX_DF:
                found = (exact,)  # a common word as typed: its neighbours are other words
            else:
                found = self._lookup(f)
            for wi in found:
                prev = words.get(wi)
                if prev is None or w > prev[0]:
                    words[wi] = (w, self._weights.get(self._words[wi], math.inf))
        joins = [q.joined] if len(q.folds) > 1 else []
        joins += [fold(q.tokens[i] + q.tokens[i + 1]) for i in range(len(q.tokens) - 1)]
        for jw in joins:
            wi = self._vocab.get(jw)
            if wi is not None and wi not in words:
                w = self._weights.get(self._words[wi])  # None: a whole name's joined key
                words[wi] = (w, w) if w is not None else (self._unknown_weight, math.inf)
        acc: dict[int, list[float]] = {}
        common = []
        common_q = common_c = 0.0
        for wi, (wq, wc) in words.items():
            plist = self._postings[wi]
            if wi in self._common:
                common.append((len(plist), wi, wq, wc))
                common_q += wq
                common_c += wc
                continue
            for ni in plist:
                a = acc.get(ni)
                if a is None:
                    acc[ni] = [wq, wc]
                else:
                    a[0] += wq
                    a[1] += wc
        if common and not acc and len(common) >= sum(len(f) > 1 for f in q.folds):
            # the query is all common words: names holding the two rarest of them
            common.sort()
            found = set(self._postings[common[0][1]])
            if len(common) > 1:
                found &= set(self._postings[common[1][1]])
            acc = {ni: [0.0, 0.0] for ni in sorted(found)}
        if len(acc) > MAX_CANDIDATES:
            # rank by a rough score: the shared weight against both names' total weight
            wq_total = sum(self.weight(f) for f in q.folds)
            wfull = self._wfull

            initials = {t for t in q.tokens if len(t) == 1}
            norms = self._name_norm

            def rough(ni: int) -> float:
                a = acc[ni]
                r = (a[0] + min(a[1], wfull[ni])) / (wq_total + wfull[ni])
                if initials:  # initials find no names, but rank those they fit higher
                    r += 0.1 * len(initials & {t[0] for t in norms[ni].tokens})
                return r

            if len(acc) > 4 * MAX_CANDIDATES:
                pre = heapq.nlargest(4 * MAX_CANDIDATES, acc.items(), key=_shared_q)
                acc = dict(pre)
            acc = {ni: acc[ni] for ni in heapq.nlargest(MAX_CANDIDATES, acc, key=rough)}
        return acc, common_q, common_c

    def search(self, name: str, kind: str | EntityKind | None = None, limit: int = 10,
               min_score: float = 0.0) -> list[NameMatch]:
        """The best-matching list entries for `name`, one per entity, best first.

        `kind`: "person" to search persons only, any other entity kind for non-persons only,
        None for all. Results at or above `min_score`; ties broken by list and entity id."""
        variants = _variants(name)
        if len(variants) > 1:
            merged: dict[int, NameMatch] = {}
            for v in variants:
                for m in self._search(v, kind, limit, min_score):
                    key = id(m.entity)
                    if key not in merged or m.score > merged[key].score:
                        merged[key] = m
            return sorted(merged.values(),
                          key=lambda m: (-m.score, m.entity.list_id, m.entity.id))[:limit]
        return self._search(name, kind, limit, min_score)

    def _search(self, name: str, kind: str | EntityKind | None, limit: int,
                min_score: float) -> list[NameMatch]:
        want_person = _person_arg(kind)
        q_any = normalize(name, want_person)
        if not q_any.tokens:
            return []
        # a query of unknown kind is normalised both ways: a person's honorific is stripped
        # against person names, a legal form against organisation names
        q_person = normalize(name, True) if want_person is None else q_any
        q_org = normalize(name, False) if want_person is None else q_any
        best: dict[int, tuple[float, int, object]] = {}
        qw = {q: [self.weight(f) for f in q.folds] for q in (q_person, q_org)}
        qmin = {(q, p): min_weight(q, qw[q], p) for q in qw for p in (True, False)}
        # prune by the bound only when every query word is a list word as typed: a misspelt
        # word can align beyond the one-edit lookups the bound accounts for
        prune = min_score > 0 and all(
            len(f) > 1 and f in self._vocab for q in qw for f in q.folds)
        for q in qw:
            cands, common_q, common_c = self._candidates(q)
            for ni, (shared_q, shared_c) in cands.items():
                person = bool(self._name_person[ni])
                if want_person is not None and person != want_person:
                    continue
                qq = q_person if person else q_org
                if prune:
                    # an upper bound of the score: every shared word matched exactly
                    ub = ((min(shared_q + common_q, sum(qw[qq]))
                           + min(shared_c + common_c, self._wfull[ni]))
                          / (qmin[qq, person] + self._wmin[ni]))
                    if ub + PRUNE_MARGIN < min_score:
                        continue
                a = align(qq, self._name_norm[ni], person, self.weight, qw[qq], self._name_w[ni])
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


def _shared_q(item: tuple[int, list[float]]) -> float:
    return item[1][0]


_PARENS = re.compile(r"\(([^()]*)\)")


def _variants(name: str) -> list[str]:
    """A name with a parenthesised part is also searched without it and as the part alone:
    "Central Bank of the Russian Federation (Bank of Russia)"."""
    inner = [m.group(1).strip() for m in _PARENS.finditer(name)]
    if not inner:
        return [name]
    outer = " ".join(_PARENS.sub(" ", name).split())
    return [name] + [v for v in [outer, *inner] if v and len(v) > 2]
