"""The candidate index: finds the few list names worth scoring for a query, without comparing
every list name.

Compiled once from the entities: every list name is normalised; each name part, folded and as
written (and each name's parts joined into one word), goes into a vocabulary with a posting list
of the names that hold it, persons first; every vocabulary word of 4+ letters is also filed under
each of its one-letter deletions, so a query word one edit away (insertion, deletion,
substitution, transposition) still reaches it. A query (read as a person's name and as an
organisation's when its kind is unknown) looks up its words, their one-edit neighbours and its
joined words, adds up the weight each name shares with it (words held by very many names only
rank names, or find them in pairs), and scores only the best few names in full, reusing each
query-part-to-list-part similarity across names.

With the compiled core (fastcore), everything after normalisation up to the few results runs in
C (`_candidates`, `_search_compiled`); the Python code here is the reference it is tested against.
"""

from __future__ import annotations

import gc
import math
import re
import weakref
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import repeat

import numpy as np

from screening.models import Entity, EntityKind, NameStrength
from screening.names import fastcore, kanji_orgs
from screening.names.japanese import (
    KANA_MARK,
    join_keys,
    kana_key,
    kana_keys,
    rotations,
    zengin_variants,
)
from screening.names.kana_origins import kana_key_variants, kana_key_variants_many
from screening.names.knowledge import knowledge
from screening.names.normalize import NormName, load_scripts, normalize, normalize_many
from screening.names.score import (
    FOLD_SIM,
    GENERIC_WEIGHT,
    INITIAL_SIM,
    INITIAL_WEIGHT,
    SHORT_WORD,
    SHORT_WORD_CAP,
    Alignment,
    assign,
    explain,
    finish,
    token_sim,
    unmatched_weights,
)

MAX_CANDIDATES = 15  # names scored in full per query
MAX_CANDIDATES_INITIALS = 20  # the same for a short query with initials (rougher ranking)
MAX_CANDIDATES_LONG = 10  # the same for a query of LONG_QUERY or more parts (15 with initials)
LONG_QUERY = 6
COMMON_POSTINGS = 250  # words held by more names do not find names (they only rank them)
FUZZY_MAX_DF = 20  # a query word held by more names is taken as typed (no one-edit neighbours)
MAX_FINDING_PARTS = 6  # the rarest parts of a longer query find its candidates
PRE_CUT = 4  # names ranked roughly per candidate kept (the rest only by shared weight)
MAX_COMMON_PAIRS = 3  # the rarest common words of a query whose pairs find names
NEIGHBOUR_SHARE = 0.8  # a word found one edit away counts this share of its weight in ranking
_FEW_PARTS = 4  # queries of more parts look up which parts to compare (see _Query)
SCORE_DIGITS = 4  # scores are reported, compared and ranked at this many decimals
# Among names of one entity scoring the same, the one reported: the name that can alert the
# most (a weak alias never counts as a strong hit; a former name does), then the entity's
# earlier name. Ranks by position in NameStrength, lower preferred.
_PREFERENCE = (NameStrength.primary, NameStrength.strong, NameStrength.former, NameStrength.weak)
_RANK_OF = {s: _PREFERENCE.index(s) for s in NameStrength}
_RANK = bytes(_RANK_OF[s] for s in NameStrength)  # by a name's stored strength (its position)
_RANK_NP = np.frombuffer(_RANK, np.uint8)
ROUGH_DIGITS = 9  # rough scores are ranked at this precision (float noise is no ranking)
WORD_CACHE = 50_000  # query parts whose look-ups are kept per index (see `_word_lookup`)


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
        self._name_parts: list[tuple[int, ...]] = []  # part ids of each name
        self._name_first = np.zeros(0, np.int64)  # bits of the first letters of a name's parts
        self._part_tok: list[str] = []
        self._part_fold: list[str] = []
        self._part_raw: list[str] = []
        self._vocab: dict[str, int] = {}
        self._postings: list[array] = []  # names holding each word: persons first, then others
        self._split = array("i")  # where the non-persons start in each posting list
        # one-letter deletion -> the vocabulary word that gives it, or a tuple of several
        self._deletes: dict[str, int | tuple[int, ...]] = {}
        self._words: list[str] = []
        self._longest = 0  # letters in the longest vocabulary word
        self._common_sets: dict[int, frozenset[int]] = {}  # names holding each common word
        self._common_sorted: dict[int, np.ndarray] = {}  # the same as a sorted array
        self._weights: dict[str, float] = {}
        self._unknown_weight = 1.0
        self._name_w: list[tuple[float, ...]] = []
        self._name_u: list[tuple[float, ...]] = []  # what each part adds to a score unmatched
        self._wfull = np.zeros(0)  # sum of a name's part weights
        self._wmin = array("d")  # the same with optional (middle) parts discounted

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> NameIndex:
        """Normalise and index every name of every entity."""
        # Building allocates many long-lived objects and frees few: the cyclic garbage
        # collector would walk them all again and again (it cost a third of the build time).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._build(entities)
        finally:
            if enabled:
                gc.enable()

    @classmethod
    def _build(cls, entities: Iterable[Entity]) -> NameIndex:
        self = cls()
        load_scripts()
        strengths = list(NameStrength)
        todo: list[tuple[str, bool]] = []
        owners: list[tuple[int, int]] = []
        # names are numbered by list and entity id, the order results are given in, so that
        # candidates ranked equal are taken in that order whatever order lists were loaded in
        for ent in sorted(entities, key=_by_id):
            ei = len(self._entities)
            self._entities.append(ent)
            person = ent.kind is EntityKind.person
            for name in ent.names:
                todo.append((name.value, person))
                owners.append((ei, strengths.index(name.strength)))
        df: Counter[str] = Counter()
        post_p: dict[str, list[int]] = defaultdict(list)  # names holding each word: persons
        post_o: dict[str, list[int]] = defaultdict(list)  # ... and the others
        part_ids: dict[str | tuple[str, str], int] = {}
        letter_bits = _LETTER_BITS
        firsts: list[int] = []
        seen: set[tuple] = set()
        norms = normalize_many(todo)
        # every list word is also filed under its kana key, so katakana queries find it, and
        # in a person's name two adjacent words under the key of both as one word (katakana
        # writes compound names as one: モハンマドジャヴァド = Mohammad Javad);
        # names of short parts, KIM Jong Un, also as one word in each order (キム・ジョンウン)
        kana = {t: KANA_MARK + k for t, k in kana_keys(
            {t for n in norms for t in (*n.tokens, *n.raws)}).items()}
        # ... and under the keys of the word as the languages it may come from sound it
        # (japanese_origins.toml: pinyin q = チ, Turkish c = ジ)
        variants = {t: [KANA_MARK + k for k in v[1:]]
                    for t, v in kana_key_variants_many(set(kana)).items()}
        # (and a person's two adjacent words as one: their keys made together, faster)
        kana_key_variants_many({n.raws[i] + n.raws[i + 1] for n in norms
                                for i in range(len(n.raws) - 1)}, joined=True)
        kana_keys({"".join(r) for n in norms if len(n.raws) > 1 and max(map(len, n.raws)) <= 5
                   for r in rotations(n.raws)})  # (the keys of short names joined, below)
        for (value, person), (ei, strength), norm in zip(todo, owners, norms, strict=True):
            toks, raws = norm.tokens, norm.raws
            if not toks:
                continue
            key = (ei, toks, raws, strength)
            if key in seen:
                continue
            seen.add(key)
            ni = len(self._name_text)
            self._name_entity.append(ei)
            self._name_text.append(value)
            self._name_strength.append(strength)
            self._name_norm.append(norm)
            self._name_person.append(person)
            parts = []
            first = 0
            for tok, f, raw in zip(toks, norm.folds, raws, strict=True):
                pkey = tok if raw is tok else (tok, raw)  # most parts are written as mapped
                pid = part_ids.get(pkey)
                if pid is None:
                    pid = part_ids[pkey] = len(self._part_tok)
                    self._part_tok.append(tok)
                    self._part_fold.append(f)
                    self._part_raw.append(raw)
                parts.append(pid)
                first |= letter_bits.get(tok[0], 0) | letter_bits.get(raw[0], 0)
            self._name_parts.append(tuple(parts))
            firsts.append(first)
            keys = {*norm.folds, *toks, *raws} if raws is not toks else {*norm.folds, *toks}
            keys.update([kana[t] for t in toks])
            for t in toks:
                keys.update(variants[t])
            if raws is not toks:
                keys.update([kana[t] for t in raws])
                for t in raws:
                    keys.update(variants[t])
            if len(raws) > 1:
                rk = [kana[t][1:] for t in raws]
                if person:  # (a company's words are seldom run together so)
                    keys.update([KANA_MARK + join_keys(rk[i:i + 2])
                                 for i in range(len(rk) - 1)])
                    keys.update([KANA_MARK + k for i in range(len(rk) - 1)
                                 for k in kana_key_variants(raws[i] + raws[i + 1], True)])
            df.update(keys)
            post = post_p if person else post_o
            for k in keys:
                post[k].append(ni)
            if len(toks) > 1 and norm.joined not in keys:
                post[norm.joined].append(ni)
                if max(map(len, raws)) <= 5:  # the joined kana keys too, in each order
                    joins = {KANA_MARK + join_keys(r) for r in rotations(rk)}
                    joins.update(KANA_MARK + kana_key("".join(r)) for r in rotations(raws))
                    for jk in joins - keys:
                        post[jk].append(ni)
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
        deletes: dict[str, int | list[int]] = {}
        get_deletes = deletes.get
        word_keys = set(kana.values())  # (not the keys of two words joined)
        word_keys.update(k for vs in variants.values() for k in vs)
        self._words = sorted(post_p.keys() | post_o.keys())
        self._longest = max(map(len, self._words), default=0)
        empty: list[int] = []
        for wi, word in enumerate(self._words):
            self._vocab[word] = wi
            persons = post_p.get(word, empty)
            self._postings.append(array("i", persons + post_o.get(word, empty)))
            self._split.append(len(persons))
            # joined names are looked up exactly only; a word's kana key of four letters or
            # more also one edit away (a vowel katakana hears otherwise: マシャアル = Mishaal)
            if len(word) >= 4 and word in df and (word[0] != KANA_MARK or (
                    len(word) > 5 and word in word_keys)):
                for i in range(word[0] == KANA_MARK, len(word)):
                    d = word[:i] + word[i + 1:]
                    prev = get_deletes(d)
                    if prev is None:
                        deletes[d] = wi  # most deletions come from one word only
                    elif type(prev) is int:
                        if prev != wi:  # (a doubled letter gives the same deletion twice)
                            deletes[d] = [prev, wi]
                    elif prev[-1] != wi:
                        prev.append(wi)
        for d, v in deletes.items():
            if type(v) is list:
                deletes[d] = tuple(v)
        self._deletes = deletes
        self._common_sets = {wi: frozenset(self._postings[wi]) for wi in range(len(self._words))
                             if len(self._postings[wi]) > COMMON_POSTINGS}
        self._common_sorted = {wi: np.array(sorted(names), dtype=np.int64)
                               for wi, names in self._common_sets.items()}
        self._name_first = np.array(firsts, dtype=np.int64)
        wfull = []
        weights = self._weights  # every part's fold is a vocabulary word, so has a weight
        for ni, norm in enumerate(self._name_norm):
            ws = tuple([weights[f] for f in norm.folds])
            us = unmatched_weights(norm, ws, bool(self._name_person[ni]))
            self._name_w.append(ws)
            self._name_u.append(us)
            wfull.append(sum(ws))
            self._wmin.append(sum(us))
        self._wfull = np.array(wfull)
        # The index is immutable from here: move its many objects out of the garbage
        # collector's generations so full collections do not walk them (they caused
        # multi-millisecond pauses in searches).
        gc.freeze()
        return self

    def __len__(self) -> int:
        return len(self._name_text)

    @property
    def entities(self) -> list[Entity]:
        """The indexed entities, by list and entity id (the same order in every process that
        builds an index of the same entities)."""
        return self._entities

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

    def _neighbours(self, word: str) -> set[int]:
        """Vocabulary words one edit away from `word` (not `word` itself)."""
        core = fastcore.core
        if core is not None:
            return core.neighbours(word, self._vocab, self._deletes, self._longest)
        out: set[int] = set()
        if len(word) > self._longest + 1:  # no word is one edit away (and len² deletions
            return out  # of a hostile 4,000-letter word would cost a fifth of a second)
        vocab, deletes = self._vocab, self._deletes
        v = deletes.get(word)  # `word` lacks a letter
        if v is not None:
            if type(v) is int:
                out.add(v)
            else:
                out.update(v)
        for d in _deletions(word):
            wi = vocab.get(d)
            if wi is not None:
                out.add(wi)  # `word` has an extra letter
            v = deletes.get(d)  # substitution / transposition
            if v is not None:
                if type(v) is int:
                    out.add(v)
                else:
                    out.update(v)
        return out

    def _word_lookup(self, f: str, tok: str, raw: str, finds: bool, shared: _Shared | None
                     ) -> tuple[list[tuple[int, float]], tuple[tuple, ...]]:
        """What one query part (folded, as mapped, as written) looks up in `_candidates`: the
        vocabulary words that find names, each with its query weight plus list weight, by query
        weight (its own spellings before its one-edit neighbours at equal weight); and the
        common words it ranks names by, as `common_by_word` entries (posting count, word, query
        weight, list weight, `raw`).

        It depends on the part and the index alone, so it is kept (up to WORD_CACHE parts) for
        later queries: in a bank's file the names are mostly new, their words seldom."""
        key = (f, tok, raw, finds)
        cache = _word_cache(self)
        got = cache.get(key)
        if got is not None:
            _WORD_CACHE_USE[0] += 1
            return got
        _WORD_CACHE_USE[1] += 1
        vocab, postings, weights, vwords = self._vocab, self._postings, self._weights, self._words
        common_set = self._common_sets
        w = self.weight(f)
        words: dict[int, tuple[float, float]] = {}
        commons: list[tuple] = []
        found_common = False
        common_nbs: list[int] = []
        for sp in dict.fromkeys((f, tok, raw)):
            exact = vocab.get(sp)
            if exact is not None:
                if exact in common_set:
                    found_common = True
                    # too many names hold this word: it ranks names, it does not find them
                    commons.append((len(postings[exact]), exact, w, weights.get(sp, w), raw))
                    continue
                if not finds:
                    continue
                words[exact] = (w, weights.get(sp, w))
                if len(postings[exact]) > FUZZY_MAX_DF:
                    continue  # a frequent word as typed: its neighbours are other words
            if len(sp) < 4 or (sp != f and sp != tok) or not finds:
                continue
            wn = w * NEIGHBOUR_SHARE
            if shared is None:
                nbs = self._neighbours(sp)
            else:  # names searched together share their words' neighbours
                nbs = shared.neighbours.get(sp)
                if nbs is None:
                    nbs = shared.neighbours[sp] = self._neighbours(sp)
            for wi in sorted(nbs):  # by word id: a set's order changes with PYTHONHASHSEED
                nb = vwords[wi]
                if len(sp) <= SHORT_WORD and len(nb) <= SHORT_WORD:
                    continue  # short words differing by an edit are different names
                if wi in common_set:
                    common_nbs.append(wi)
                elif wi not in words:
                    words[wi] = (wn, weights.get(nb, w) * NEIGHBOUR_SHARE)
        if common_nbs and not words and not found_common:
            # a misspelt common word (Tradibg): it ranks names as the word it stands for
            wi = min(common_nbs, key=lambda x: len(postings[x]))
            commons.append((len(postings[wi]), wi, w * NEIGHBOUR_SHARE,
                            weights.get(vwords[wi], w) * NEIGHBOUR_SHARE, raw))
        got = (_ranked(words), tuple(commons))
        if len(cache) >= WORD_CACHE:
            cache.clear()
        if WORD_CACHE:
            cache[key] = got
        return got

    def _candidates(self, readings: tuple[tuple[NormName, bool | None], ...],
                    shared: _Shared | None = None) -> list[int]:
        """Names sharing a distinctive word (or one a single edit away) with a query, read one
        or more ways, or two of its common words; limited to the MAX_CANDIDATES best by a
        rough score (see `_best`). Common words (held by too many names) alone find no names.

        `readings`: (normalised query, True to find persons / False others / None both). Each
        query part counts once per name, however many of its spellings (folded, as written)
        and neighbours the name holds."""
        if fastcore.core is not None:  # the same steps in the compiled core (its own cache)
            cache = _word_cache(self)
            return _tables(self).candidates(readings, cache, WORD_CACHE, _WORD_CACHE_USE,
                                            None if shared is None else shared.neighbours)
        vocab, postings, weights = self._vocab, self._postings, self._weights
        common_set = self._common_sets
        groups: list[tuple[list[tuple[int, float]], bool | None]] = []
        # each part, with the kinds of names it is looked up for (person / non-person reading)
        parts: dict[tuple[str, str, str], set[bool]] = {}
        for q, person in readings:
            for i in range(len(q.tokens)):
                parts.setdefault((q.folds[i], q.tokens[i], (q.raws or q.tokens)[i]),
                                 set()).add(person)
        common_by_word: dict[int, tuple[int, int, float, float, str]] = {}
        finding = parts.keys()
        if len(parts) > MAX_FINDING_PARTS:
            # a long name finds its candidates by its rarest words (all of them are scored, and
            # its common words still rank the candidates)
            finding = set(sorted(parts, key=lambda p: (-self.weight(p[0]), p))[:MAX_FINDING_PARTS])
        for (f, tok, raw), kinds in parts.items():
            if len(f) < 2:
                continue
            words, commons = self._word_lookup(f, tok, raw, (f, tok, raw) in finding, shared)
            for entry in commons:
                prev = common_by_word.get(entry[1])
                if prev is None or entry[2] > prev[2]:
                    common_by_word[entry[1]] = entry
            if words:
                groups.append((words, _kind_key(kinds)))  # (ranked words)
        for q, person in readings:
            joins = [q.joined] if len(q.folds) > 1 else []
            # two adjacent words written as one in the list (looked up as spelled: the index
            # holds list words as spelled too, and folding new strings is the costly part)
            joins += [q.tokens[i] + q.tokens[i + 1] for i in range(len(q.tokens) - 1)]
            jwords: dict[int, tuple[float, float]] = {}
            for jw in joins:
                wi = vocab.get(jw)
                if wi is not None and wi not in common_set:
                    w = weights.get(jw)  # None: a whole name's joined key
                    jwords[wi] = (w, w) if w is not None else (self._unknown_weight,
                                                                self._unknown_weight)
            if jwords:
                groups.append((_ranked(jwords), _kind_key({person})))
        common = sorted(common_by_word.values())
        acc = self._accumulate(groups)
        if len(common) > 1:
            # common words find no names on their own, but names holding two of them do (their
            # weight is counted when ranking)
            sets = self._common_sets
            for x, (_, w1, _, _, raw1) in enumerate(common[:MAX_COMMON_PAIRS]):
                for _, w2, _, _, raw2 in common[x + 1:MAX_COMMON_PAIRS]:
                    if raw1 == raw2:  # two spellings of one query word
                        continue
                    for ni in sorted(sets[w1] & sets[w2]):
                        if ni not in acc:
                            acc[ni] = 0.0
        elif common and not acc:
            acc = dict.fromkeys(postings[common[0][1]], 0.0)
        initials = any(len(t) == 1 for q, _ in readings for t in q.tokens)
        if len(acc) <= _keep(readings, initials):
            return list(acc)
        # rank the names (with arrays: there may be thousands)
        names = np.fromiter(acc.keys(), np.int64, len(acc))
        shared = np.fromiter(acc.values(), np.float64, len(acc))
        # the common words count in ranking: each query word once per name (best spelling)
        by_raw: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for _, wi, wq, wc, raw in common:
            by_raw[raw].append((wq + wc, wi))
        for group in by_raw.values():
            credited = None
            for v, wi in sorted(group, reverse=True):
                held = self._common_sorted[wi]
                pos = np.searchsorted(held, names)
                np.minimum(pos, len(held) - 1, out=pos)
                hits = held[pos] == names
                if credited is not None:
                    hits &= ~credited
                    credited |= hits
                elif len(group) > 1:
                    credited = hits.copy()
                shared[hits] += v
        return self._best(readings, names, shared)

    def _accumulate(self, groups: list[tuple[list[tuple[int, float]], bool | None]]
                    ) -> dict[int, float]:
        """name -> shared weight (query side plus list side) of the names the words of `groups`
        find: each group's words (with their weight, best first) count once per name, for the
        names of the group's kind (True: persons, False: others, None: all)."""
        acc: dict[int, float] = {}
        get = acc.get
        postings, split = self._postings, self._split
        for words, kind in groups:
            seen: set[int] = set()
            # best first: a name held by several spellings of a part counts the best one
            for wi, v in words:
                plist = postings[wi]
                if kind is not None:  # the names of the kind this part was read for
                    plist = plist[:split[wi]] if kind else plist[split[wi]:]
                if len(words) == 1:
                    for ni in plist:
                        acc[ni] = get(ni, 0.0) + v
                    break
                fresh = set(plist)
                fresh -= seen
                seen |= fresh
                for ni in fresh:
                    acc[ni] = get(ni, 0.0) + v
        return acc

    def _best(self, readings: tuple[tuple[NormName, bool | None], ...], names: np.ndarray,
              acc: np.ndarray) -> list[int]:
        """The MAX_CANDIDATES names of `names` (more for a query with initials) with the best
        rough score: the shared weight `acc` against both names' total weight, counting an
        initial of the query that fits a part of the name as the weight of that part."""
        wq_total = min(sum(self.weight(f) for f in q.folds) for q, _ in readings)
        initials = {t for q, _ in readings for t in q.tokens if len(t) == 1}
        imask = 0
        for t in initials:
            imask |= _letter_bit(t)
        keep = _keep(readings, bool(initials))
        n = PRE_CUT * keep
        # names that rank equal are taken by list and entity id (the order names are numbered
        # in: see `_build`), and an entity's names strongest first (see `_PREFERENCE`)
        ents = np.frombuffer(self._name_entity, np.int32)[names]
        # (signed: an unsigned rank negated below wraps, ranking primary names last in ties;
        # the compiled core ranks them first, as meant)
        rank = _RANK_NP[np.frombuffer(self._name_strength, np.uint8)[names]].astype(np.int64)
        if len(names) > n:
            # the names sharing most weight (with initials: then fitting most initials)
            if initials:
                fits = np.bitwise_count(self._name_first[names] & imask)
                top = np.lexsort((-names, -rank, -ents, fits, acc))[-n:]
            else:
                top = np.lexsort((-names, -rank, -ents, acc))[-n:]
            names, acc, ents, rank = names[top], acc[top], ents[top], rank[top]
        denom = wq_total + self._wfull[names]
        cands = names.tolist()
        if imask:
            parts, ptok, praw, nw = self._name_parts, self._part_tok, self._part_raw, self._name_w
            acc = acc.copy()
            for k in np.flatnonzero(self._name_first[names] & imask).tolist():
                ni = cands[k]
                left = set(initials)
                for j, pid in enumerate(parts[ni]):
                    for letter in (ptok[pid][0], praw[pid][0]):
                        if letter in left:
                            left.discard(letter)
                            acc[k] += 2 * INITIAL_SIM * nw[ni][j]
                            break
        # ties as above (sums of the same weights in another order differ in the last bit:
        # rounded so that they tie)
        best = np.lexsort((names, rank, ents, -np.round(acc / denom, ROUGH_DIGITS)))[:keep]
        return [cands[k] for k in best.tolist()]

    def search(self, name: str, kind: str | EntityKind | None = None, limit: int = 10,
               min_score: float = 0.0) -> list[NameMatch]:
        """The best-matching list entries for `name`, one per entity, best first.

        `kind`: "person" to search persons only, any other entity kind for non-persons only,
        None for all. Results at or above `min_score`; ties broken by list and entity id."""
        return self._search_variants(_variants(name), kind, limit, min_score)

    def search_many(self, names: Sequence[str], kind: str | EntityKind | None = None,
                    limit: int = 10, min_score: float = 0.0) -> list[list[NameMatch]]:
        """`search` for each of `names`, with the same results, faster: the names are
        normalised together, and a word's one-edit neighbours are looked up once for all."""
        want_person = _person_arg(kind)
        variants = [_variants(n) for n in names]
        todo = list(dict.fromkeys(v for vs in variants for v in vs))
        ways = (True, False) if want_person is None else (want_person,)
        norms = normalize_many([(v, p) for v in todo for p in ways])
        if want_person is None:
            by_text = {v: (norms[2 * k], norms[2 * k + 1]) for k, v in enumerate(todo)}
        else:
            by_text = {v: (norms[k], norms[k]) for k, v in enumerate(todo)}
        shared = _Shared(by_text)
        if fastcore.core is not None:
            return self._search_many_compiled(variants, kind, limit, min_score, shared)
        return [self._search_variants(vs, kind, limit, min_score, shared) for vs in variants]

    def _search_many_compiled(self, variants: list[list[str]], kind: str | EntityKind | None,
                              limit: int, min_score: float, shared: _Shared
                              ) -> list[list[NameMatch]]:
        """`_search_variants` of each name's variants with the compiled core: for a name
        searched one way (most), the steps of `_search` and `_search_compiled` inline, with the
        tables, the word cache and the bound methods fetched once for all names (those calls
        cost as much per name as the compiled search's own overhead)."""
        want_person = _person_arg(kind)
        t = _tables(self)
        candidates, best = t.candidates, t.best
        cache, neighbours, by_text = _word_cache(self), shared.neighbours, shared.norms
        fix, matches = self._fix_joined, self._matches
        out: list[list[NameMatch]] = []
        for vs in variants:
            if len(vs) > 1:
                out.append(self._search_variants(vs, kind, limit, min_score, shared))
                continue
            q_person, q_org = by_text[vs[0]]
            if not q_person.tokens and not q_org.tokens:
                out.append([])
                continue
            readings = (((q_person, want_person),) if q_org is q_person
                        else ((q_person, True), (q_org, False)))
            cands = candidates(readings, cache, WORD_CACHE, _WORD_CACHE_USE, neighbours)
            found = best(cands, want_person, q_person, q_org, fix, min_score) if cands else None
            out.append(matches(found, q_person, q_org, limit) if found else [])
        return out

    def _search_variants(self, variants: list[str], kind: str | EntityKind | None, limit: int,
                         min_score: float, shared: _Shared | None = None) -> list[NameMatch]:
        if len(variants) > 1:
            merged: dict[int, NameMatch] = {}
            for v in variants:  # an entity's best: as in `_search`, then the earlier variant
                for m in self._search(v, kind, limit, min_score, shared):
                    if isinstance(v, kanji_orgs.Reading):  # say the name was read in English
                        if not v.counts(m.entity, m.score):
                            continue
                        m = replace(m, explanation=f"{v.explain()}; {m.explanation}")
                    key = id(m.entity)
                    prev = merged.get(key)
                    if prev is None or (m.score, -_RANK_OF[m.strength]) > (
                            prev.score, -_RANK_OF[prev.strength]):
                        merged[key] = m
            return sorted(merged.values(),
                          key=lambda m: (-m.score, m.entity.list_id, m.entity.id))[:limit]
        return self._search(variants[0], kind, limit, min_score, shared)

    def _search(self, name: str, kind: str | EntityKind | None, limit: int,
                min_score: float, shared: _Shared | None = None) -> list[NameMatch]:
        want_person = _person_arg(kind)
        if shared is not None:
            q_person, q_org = shared.norms[name]
            if not q_person.tokens and not q_org.tokens:
                return []
        elif want_person is None:
            # a query of unknown kind is normalised both ways: a person's honorific is stripped
            # against person names, a legal form against organisation names
            q_person = normalize(name, True)
            q_org = normalize(name, False)
            if not q_person.tokens and not q_org.tokens:
                return []
        else:
            q_person = q_org = normalize(name, want_person)
            if not q_person.tokens:
                return []
        norms = {True: q_person, False: q_org}
        # one look-up finds the names for both readings
        readings = (((q_person, want_person),) if q_org is q_person
                    else ((q_person, True), (q_org, False)))
        if fastcore.core is not None:
            return self._search_compiled(readings, norms, want_person, limit, min_score, shared)
        best: dict[int, tuple[float, int, Alignment, NormName]] = {}
        name_person, strength = self._name_person, self._name_strength
        rank = _RANK
        # the candidates of each kind, aligned together (an entity's best name below does not
        # depend on the order its names come in)
        by_kind: dict[bool, list[int]] = {}
        for ni in self._candidates(readings, shared):
            person = bool(name_person[ni])
            if want_person is not None and person != want_person:
                continue
            if not norms[person].tokens:
                continue
            group = by_kind.get(person)
            if group is None:
                group = by_kind[person] = []
            group.append(ni)
        aligned = []
        for person, group in by_kind.items():
            qx = _Query(self, norms[person], person)
            aligned += zip(group, qx.align_many(group), repeat(qx))
        for ni, a, qx in aligned:
            # at the precision reported: sums of equal weights in another order differ in the
            # last bit (1.0 against 0.9999999999999999), which must not decide ties
            score = round(a.score, SCORE_DIGITS)
            ei = self._name_entity[ni]
            prev = best.get(ei)
            # an entity's best name: highest score, then the name that alerts the most, then
            # the closest to the query as written, then the entity's earlier name (whatever
            # order the candidates came in, whatever else is listed)
            if prev is None:
                best[ei] = (score, ni, a, qx.norm)
                continue
            key, prev_key = (score, -rank[strength[ni]]), (prev[0], -rank[strength[prev[1]]])
            if key > prev_key or (key == prev_key and (*_closeness(a), -ni) > (
                    *_closeness(prev[2]), -prev[1])):
                best[ei] = (score, ni, a, qx.norm)
        ranked = sorted(
            (v for v in best.values() if v[0] >= min_score),
            key=lambda v: (-v[0], self._entities[self._name_entity[v[1]]].list_id,
                           self._entities[self._name_entity[v[1]]].id),
        )[:limit]
        out = []
        strengths = list(NameStrength)
        for score, ni, a, qq in ranked:
            out.append(NameMatch(
                entity=self._entities[self._name_entity[ni]],
                name=self._name_text[ni],
                strength=strengths[self._name_strength[ni]],
                score=score,
                explanation=explain(qq, self._name_norm[ni], a),
            ))
        return out


    def _search_compiled(self, readings: tuple[tuple[NormName, bool | None], ...],
                         norms: dict[bool, NormName], want_person: bool | None, limit: int,
                         min_score: float, shared: _Shared | None) -> list[NameMatch]:
        """The rest of `_search` with the compiled core: the candidates aligned, scored and
        capped and each entity's best name chosen in C (`Tables.best`, the same steps in the
        same order), the few results explained here."""
        cands = self._candidates(readings, shared)
        if not cands:
            return []
        found = _tables(self).best(cands, want_person, norms[True], norms[False],
                                   self._fix_joined, min_score)
        return self._matches(found, norms[True], norms[False], limit) if found else []

    def _fix_joined(self, q: NormName, ni: int, score: float, found: tuple
                    ) -> tuple[float, bool]:
        """score.finish of query `q` against list name `ni` whose joined keys are kana keys
        (the step of the compiled alignment left to Python): (score, joined)."""
        a = finish(score, found, q, self._name_norm[ni])
        return a.score, a.joined

    def _matches(self, found: list[tuple], q_person: NormName, q_org: NormName, limit: int
                 ) -> list[NameMatch]:
        """The results of `Tables.best` as matches, best first (ties by list and entity id),
        the first `limit` explained."""
        ents, name_entity, name_norm = self._entities, self._name_entity, self._name_norm
        if len(found) > 1:
            found.sort(key=lambda v: (-v[0], ents[name_entity[v[1]]].list_id,
                                      ents[name_entity[v[1]]].id))
        strengths, texts, kinds = _STRENGTHS, self._name_text, self._name_strength
        return [NameMatch(
            entity=ents[name_entity[ni]],
            name=texts[ni],
            strength=strengths[kinds[ni]],
            score=score_r,
            explanation=explain(q_person if person else q_org, name_norm[ni],
                                Alignment(score, pairs, joined)),
        ) for score_r, ni, score, pairs, joined, person in found[:limit]]


class _Query:
    """One normalisation of a query, scored against list names of one kind; the similarity
    of each query part to each list part is computed once per query, not once per name.
    (The pure-Python reference; the compiled core has its own, see `_search_compiled`.)"""

    __slots__ = ("index", "norm", "person", "w", "u", "w_sum", "u_sum", "_sims", "_raws",
                 "_keys", "_lens", "_raw_diff")

    def __init__(self, index: NameIndex, norm: NormName, person: bool) -> None:
        self.index = index
        self.norm = norm
        self.person = person
        self.w = tuple(index.weight(f) for f in norm.folds)
        self.u = unmatched_weights(norm, self.w, person)
        self.w_sum = sum(self.w)
        self.u_sum = sum(self.u)
        self._sims: dict[int, list[tuple[float, int]]] = {}
        self._raws = norm.raws or norm.tokens
        self._lens = [len(t) for t in norm.tokens]
        # (a word read from katakana is compared by kana key whatever its length)
        self._raw_diff = [r != t or f[0] == KANA_MARK
                          for r, t, f in zip(self._raws, norm.tokens, norm.folds, strict=True)]
        # For a long query, the parts a list part can be similar to are looked up (by spelling,
        # fold, first letter, length) rather than all compared: a superset of the parts
        # `token_sim` scores above zero, so the result is the same.
        # (the compiled core does the same look-up itself)
        self._keys: dict[object, list[int]] | None = None
        if len(norm.tokens) > _FEW_PARTS:
            keys: dict[object, list[int]] = defaultdict(list)
            for i, (qt, qf, qr) in enumerate(zip(norm.tokens, norm.folds, self._raws,
                                                 strict=True)):
                for k in {qt, ("f", qf), ("L", len(qt)), ("L", len(qr)),
                          ("i", qt) if len(qt) == 1 else ("w", qt[0]), ("w", qr[0])}:
                    keys[k].append(i)
            self._keys = dict(keys)

    def _part(self, pid: int) -> list[tuple[float, int]]:
        ix = self.index
        ct, cf, cr = ix._part_tok[pid], ix._part_fold[pid], ix._part_raw[pid]
        q = self.norm
        raws = self._raws
        keys = self._keys
        person = self.person
        if keys is None:
            which: Iterable[int] = range(len(q.tokens))
        else:
            found: set[int] = set()
            get = keys.get
            for k in (ct, ("f", cf)):
                found.update(get(k, ()))
            if len(ct) == 1:
                found.update(get(("w", ct), ()))  # query words this initial may stand for
            else:
                found.update(get(("i", ct[0]), ()))  # query initials of this word
                found.update(get(("i", cr[0]), ()))
            for length in {len(ct), len(cr)}:
                # lengths from 0.6x to 1/0.6x: beyond, no edit similarity reaches MIN_PAIR_SIM
                for n in range((length * 6 + 9) // 10, length * 10 // 6 + 1):
                    found.update(get(("L", n), ()))
            which = sorted(found)
        out = []
        lc = len(ct)
        c_raw = cr != ct or cf[0] == KANA_MARK
        qtoks, qfolds, qlens, q_raw = q.tokens, q.folds, self._lens, self._raw_diff
        for i in which:
            qt = qtoks[i]
            if qt == ct:
                out.append((1.0, i))
                continue
            if qfolds[i] == cf:
                out.append((FOLD_SIM, i))
                continue
            lq = qlens[i]
            if lq > 1 and lc > 1 and not (c_raw or q_raw[i]) and (
                    (lq <= SHORT_WORD and lc <= SHORT_WORD) or lq * 10 < lc * 6
                    or lc * 10 < lq * 6):
                continue  # what token_sim would find at once: short words, lengths apart
            s = token_sim(qt, qfolds[i], ct, cf, raws[i], cr, person)
            if s:
                out.append((s, i))
        self._sims[pid] = out
        return out

    def align_many(self, names: list[int]) -> list[Alignment]:
        """`align` of each of `names`."""
        return [self.align(ni) for ni in names]

    def align(self, ni: int) -> Alignment:
        """The same alignment `score.align` computes, from the cached part similarities."""
        ix = self.index
        sims = self._sims
        pairs = []
        for j, pid in enumerate(ix._name_parts[ni]):
            row = sims.get(pid)
            if row is None:
                row = self._part(pid)
            for s, i in row:
                pairs.append((s, -abs(i - j), i, j))
        return assign(pairs, self.norm, ix._name_norm[ni], self.w, ix._name_w[ni], self.u,
                      ix._name_u[ni], self.u_sum, ix._wmin[ni], self.person)


class _Shared:
    """What names searched together (`NameIndex.search_many`) share: their normalisations
    (person reading, organisation reading) by text and each word's one-edit neighbours. Lives
    for one `search_many` call, never on the index. (A memo of part similarities across names
    was tried: its look-ups cost more than the 35% of similarities they saved.)"""

    __slots__ = ("norms", "neighbours")

    def __init__(self, norms: dict[str, tuple[NormName, NormName]]) -> None:
        self.norms = norms
        self.neighbours: dict[str, set[int]] = {}


def _keep(readings: tuple[tuple[NormName, bool | None], ...], initials: bool) -> int:
    """How many candidates to score in full: more for initials (rougher ranking), fewer for a
    long name (its many shared words rank candidates well)."""
    long = min(len(q.tokens) for q, _ in readings) >= LONG_QUERY
    if initials:
        return MAX_CANDIDATES if long else MAX_CANDIDATES_INITIALS
    return MAX_CANDIDATES_LONG if long else MAX_CANDIDATES


def _closeness(a: Alignment) -> tuple[float, int]:
    """How close a list name is to the query, from the list-independent parts of its
    alignment: the sum of its part similarities, then parts in the same order."""
    return _pairs_closeness(a.pairs)


def _pairs_closeness(pairs: tuple[tuple[int, int, float], ...]) -> tuple[float, int]:
    """`_closeness` of an alignment's pairs (for the compiled core's ties)."""
    return (round(sum(s for _, _, s in pairs), ROUGH_DIGITS),
            -sum(abs(i - j) for i, j, _ in pairs))


def _tables(index: NameIndex):  # -> fastcore.core.Tables
    """The compiled core's flat tables of `index` (built on first use, kept beside it: an
    index stays immutable state, and a snapshot restores it without them)."""
    last = _LAST_TABLES
    if last[0] is not None and last[0]() is index:  # (the index searched last: most calls)
        return last[1]
    t = _TABLES.get(index)
    if t is None:
        ix = index
        t = _TABLES[index] = fastcore.core.Tables(
            ix._postings, ix._split, ix._common_sets, ix._name_entity,
            bytes(ix._name_strength).translate(_RANK_TABLE), ix._name_person, ix._name_first,
            ix._wfull, ix._wmin, ix._name_parts, ix._name_w, ix._name_u,
            [n.joined for n in ix._name_norm], ix._part_tok, ix._part_fold, ix._part_raw,
            PRE_CUT, MAX_COMMON_PAIRS, SCORE_DIGITS, ROUGH_DIGITS, SHORT_WORD_CAP)
        t.vocabulary(ix._words, ix._vocab, ix._deletes, ix._weights, knowledge().generic_words,
                     ix._longest, ix._unknown_weight, MAX_CANDIDATES, MAX_CANDIDATES_INITIALS,
                     MAX_CANDIDATES_LONG, LONG_QUERY, MAX_FINDING_PARTS, FUZZY_MAX_DF,
                     NEIGHBOUR_SHARE, INITIAL_WEIGHT, GENERIC_WEIGHT)
        t.scoring(ix._name_norm, _FEW_PARTS, token_sim)
    last[:] = [weakref.ref(index), t]
    return t


def _by_id(entity: Entity) -> tuple[str, str]:
    return entity.list_id, entity.id


def _kind_key(kinds: set[bool | None]) -> bool | None:
    """True: look in person names only; False: in the others only; None: in all."""
    return next(iter(kinds)) if len(kinds) == 1 else None


_LETTER_BITS = {chr(97 + i): 1 << i for i in range(26)}
# per index, the look-ups of query parts (`_word_lookup`): kept beside the index, not in it, so
# that an index stays immutable state (a snapshot stores its attributes)
_WORD_CACHES: weakref.WeakKeyDictionary[NameIndex, dict] = weakref.WeakKeyDictionary()
# (the compiled core keeps its look-ups in its own form: a cache of each path)
_WORD_CACHES_C: weakref.WeakKeyDictionary[NameIndex, dict] = weakref.WeakKeyDictionary()
_TABLES: weakref.WeakKeyDictionary[NameIndex, object] = weakref.WeakKeyDictionary()
_LAST_TABLES: list = [None, None]  # a weak reference to the index last searched, its tables
_STRENGTHS = tuple(NameStrength)  # by a name's stored strength (its position)
_RANK_TABLE = _RANK + bytes(256 - len(_RANK))  # stored strength -> rank (bytes.translate)
_WORD_CACHE_USE = [0, 0]  # look-ups answered from the caches, and made (for measuring)


def _word_cache(index: NameIndex) -> dict:
    """The cache of query-part look-ups of `index` for the path running (see `_word_lookup`)."""
    caches = _WORD_CACHES if fastcore.core is None else _WORD_CACHES_C
    cache = caches.get(index)
    if cache is None:
        cache = caches[index] = {}
    return cache


def word_cache_use() -> tuple[int, int]:
    """(query-part look-ups answered from the per-index caches, look-ups made) so far in this
    process (for measuring the hit rate)."""
    return _WORD_CACHE_USE[0], _WORD_CACHE_USE[1]


def _letter_bit(token: str) -> int:
    return _LETTER_BITS.get(token[0], 0)


def _by_weight(item: tuple[int, tuple[float, float]]) -> float:
    return item[1][0]


def _ranked(words: dict[int, tuple[float, float]]) -> list[tuple[int, float]]:
    """(word, query weight + list weight) of `words`, by query weight, best first (ties in
    the order found)."""
    return [(wi, wq + wc) for wi, (wq, wc) in sorted(words.items(), key=_by_weight,
                                                      reverse=True)]


_PARENS = re.compile(r"\(([^()]*)\)")
# Text of code points below this reads no other way: no character NFKC makes a kanji of, nor
# half-width katakana, is below it (`kanji_orgs.english_readings` and `zengin_variants` give
# nothing for it; a test checks every code point)
_CJK_FROM = "\u2e80"


def _variants(name: str) -> list[str]:
    """A name with a parenthesised part is also searched without it and as the part alone:
    "Central Bank of the Russian Federation (Bank of Russia)". One in half-width katakana is
    also read the other way where the large kana may stand for small ones (ﾊﾂｶﾆ = ハッカニ). A
    Japanese organisation name written with translated words is also searched in English
    (`kanji_orgs`: 朝鮮貿易銀行 as "korea trade bank")."""
    inner = [m.group(1).strip() for m in _PARENS.finditer(name)] if "(" in name else None
    if not inner:
        out = [name]
    else:
        outer = " ".join(_PARENS.sub(" ", name).split())
        out = [name] + [v for v in [outer, *inner] if v and len(v) > 2]
    if name.isascii():
        return out
    if max(name) < _CJK_FROM:  # no kanji, even after NFKC, and no half-width kana
        return list(dict.fromkeys(out))
    out = [out[0], *zengin_variants(name), *out[1:]]
    return list(dict.fromkeys(out + [r for v in out for r in kanji_orgs.english_readings(v)]))
