"""The compiled core's table of the vocabulary and its one-edit deletion keys
(screening/names/_core_wordtab.c) finds the same one-edit neighbours as the dicts, by word id
(the order the reference ranks equal weights in), for ordinary words, typos and hostile
words (thousands of letters, one letter repeated, words with hundreds of neighbours); searches of
such words give the reference's results; and damaged deletion keys are refused."""

from __future__ import annotations

import random
import string

import pytest

from screening.lists import builtin_lists
from screening.models import Entity, EntityKind, Name, NameStrength
from screening.names import REVIEW_THRESHOLD, NameIndex, fastcore, index
from screening.names.knowledge import knowledge

needs_core = pytest.mark.skipif(not fastcore.available(),
                                reason="the compiled core was not built")


def _entity(i: int, name: str) -> Entity:
    return Entity(id=f"W{i:04d}", list_id="wordtab", kind=EntityKind.organisation,
                  names=(Name(value=name, strength=NameStrength.primary),))


def _crowded() -> list[Entity]:
    """Names whose words have hundreds of one-edit neighbours in the vocabulary (every
    substitution and insertion of one letter in 'marten'), so the neighbour sets grow through
    every table size of a Python set."""
    base = "marten"
    words = {base[:i] + c + base[i + 1:] for i in range(len(base)) for c in string.ascii_lowercase}
    words |= {base[:i] + c + base[i:] for i in range(len(base) + 1) for c in "aeiouy"}
    return [_entity(k, f"{w} holding") for k, w in enumerate(sorted(words))]


def _words(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    out = []
    for _ in range(n):
        w = rng.choice(vocab)
        i = rng.randrange(len(w) + 1)
        op = rng.randrange(4)
        if op == 0:
            w = w[:i] + w[i + 1:]
        elif op == 1:
            w = w[:i] + rng.choice("aeiostnrlm") + w[i:]
        elif op == 2:
            w = w[:i] + rng.choice("aeiostnrlm") + w[i + 1:]
        out.append(w)
    return out


@needs_core
def test_table_neighbours_are_the_dicts_by_word_id() -> None:
    ix = NameIndex.build([e for wl in builtin_lists() for e in wl.entities] + _crowded())
    tables = index._tables(ix)
    core = fastcore.core
    vocab = [w for w in ix._words if w.isascii()]
    rng = random.Random(41)
    hostile = ["x" * 5_000, "ab" * 3_000, "a" * 40, "marten" * 30, "mar", "a", "maaaaarten",
               "martenn", "mmarten", "marte", "marten", "amrten"]
    sizes = []
    for w in vocab + _words(rng, vocab, 5_000) + hostile:
        want = sorted(core.neighbours(w, ix._vocab, ix._deletes, ix._longest))
        assert core.table_neighbours(tables, w) == want, w[:40]
        sizes.append(len(want))
    assert max(sizes) > 150  # (past the sets kept inline: the allocated tables are checked too)


@needs_core
def test_crowded_neighbours_search_as_the_reference() -> None:
    ix = NameIndex.build(_crowded() + [e for wl in builtin_lists() for e in wl.entities])
    rng = random.Random(43)
    names = [n.value for e in ix.entities for n in e.names]
    queries = [" ".join(_words(rng, q.split(), len(q.split()))) for q in rng.sample(names, 300)]
    queries += ["marten holding", "martn holdng", "maarten", "x" * 5_000 + " marten",
                " ".join(["marten"] * 1_000), "marten " + "b" * 5_000]
    for kw in ({"limit": 10, "min_score": REVIEW_THRESHOLD}, {"limit": 30, "min_score": 0.0}):
        compiled = [[(m.entity.id, m.name, m.score, m.explanation) for m in r]
                    for r in ix.search_many(queries, **kw)]
        with fastcore.pure_python():
            reference = [[(m.entity.id, m.name, m.score, m.explanation) for m in r]
                         for r in ix.search_many(queries, **kw)]
        assert compiled == reference


@needs_core
def test_damaged_deletion_keys_are_refused() -> None:
    ix = NameIndex.build([e for wl in builtin_lists() for e in wl.entities])
    for bad, error in (({"abcd": len(ix._words) + 3}, IndexError),
                       ({"abcd": (0, -1)}, IndexError), ({"abcd": "x"}, TypeError)):
        tables = _fresh_tables(ix)
        with pytest.raises(error):
            tables.vocabulary(*_vocabulary_args(ix, deletes=bad))
        with pytest.raises(RuntimeError):  # and then it finds nothing
            tables.candidates(((ix._name_norm[0], None),), {}, 10, [0, 0], None)


def _fresh_tables(ix: NameIndex):
    return fastcore.core.Tables(
        ix._postings, ix._split, ix._common_sets, ix._name_entity,
        bytes(ix._name_strength).translate(index._RANK_TABLE), ix._name_person, ix._name_first,
        ix._wfull, ix._wmin, ix._name_parts, ix._name_w, ix._name_u,
        [n.joined for n in ix._name_norm], ix._part_tok, ix._part_fold, ix._part_raw,
        index.PRE_CUT, index.MAX_COMMON_PAIRS, index.SCORE_DIGITS, index.ROUGH_DIGITS,
        index.SHORT_WORD_CAP)


def _vocabulary_args(ix: NameIndex, deletes: dict) -> tuple:
    return (ix._words, ix._vocab, deletes, ix._weights, knowledge().generic_words, ix._longest,
            ix._unknown_weight, index.MAX_CANDIDATES, index.MAX_CANDIDATES_INITIALS,
            index.MAX_CANDIDATES_LONG, index.LONG_QUERY, index.MAX_FINDING_PARTS,
            index.FUZZY_MAX_DF, index.NEIGHBOUR_SHARE, index.INITIAL_WEIGHT,
            index.GENERIC_WEIGHT)

