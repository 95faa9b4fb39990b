"""Scoring two normalised names: order-free alignment of name parts, weighted by distinctiveness.

The score is a weighted share of name parts that found a partner on the other side:

    score = sum over aligned pairs of (w_query + w_list) * similarity
            / (sum of all query weights + sum of all list weights)

where a part's weight says how distinctive it is (rare words weigh more; generic words such as
"bank" or "trading" are capped low), and, for persons, middle names and patronymics that found no
partner count for only a fraction of their weight (they are often left out). Words joined or split
differently ("VTBBank" / "VTB Bank") are compared as joined strings when the part counts differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from screening.names.knowledge import knowledge
from screening.names.normalize import NormName, is_patronymic, normalize

MIN_PAIR_SIM = 0.70  # below this, two parts are not considered the same word
SHORT_WORD = 4  # words this short match only exactly or by romanisation, never by edits
INITIAL_SIM = 0.85  # an initial against a word that starts with it
FOLD_SIM = 0.97  # same romanisation-insensitive key, different spelling
JOINED_FACTOR = 0.97  # a joined-string match is slightly less certain than a part-wise one
JOINED_MIN = 0.85  # joined strings further apart than this say nothing
MISSING_MIDDLE = 0.25  # share of weight an unmatched person middle name / patronymic counts
INITIAL_WEIGHT = 0.35  # weight of an initial, relative to a plain word
DEFAULT_WEIGHT = 1.0
GENERIC_WEIGHT = 0.25

Weigher = Callable[[str], float]


def default_weight(fold: str) -> float:
    """Weight of a name part when no list statistics are known (used by `compare`)."""
    if len(fold) == 1:
        return INITIAL_WEIGHT
    if fold in knowledge().generic_words:
        return GENERIC_WEIGHT
    return DEFAULT_WEIGHT


def token_sim(qt: str, qf: str, ct: str, cf: str) -> float:
    """Similarity in [0, 1] of two name parts (plain spelling and folded key of each)."""
    if qt == ct:
        return 1.0
    if qf == cf:
        return FOLD_SIM
    if len(qt) == 1 or len(ct) == 1:
        return INITIAL_SIM if (qt[0] == ct[0] and len(qt) != len(ct)) else 0.0
    if len(qt) <= SHORT_WORD and len(ct) <= SHORT_WORD:
        return 0.0  # one letter in four is a different name (Wang / Kang, Yang / Jang)
    s = max(OSA.normalized_similarity(qt, ct), FOLD_SIM * OSA.normalized_similarity(qf, cf))
    return s if s >= MIN_PAIR_SIM else 0.0


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float
    pairs: tuple[tuple[int, int, float], ...]  # (query part, list part, similarity)
    joined: bool = False


def _middle(n: int, i: int, tok: str) -> bool:
    """A person's optional part: a middle name, or a patronymic wherever it stands (a
    two-part name ending in -vich is given name and surname: Uladzimir Karatkevich)."""
    return (0 < i < n - 1) or (n > 2 and is_patronymic(tok))


def min_weight(n: NormName, weights: Sequence[float], person: bool) -> float:
    """The least a name's parts can add to the denominator (all optional parts unmatched)."""
    if not person:
        return sum(weights)
    return sum(w * (MISSING_MIDDLE if _middle(len(n.tokens), i, n.tokens[i]) else 1.0)
               for i, w in enumerate(weights))


def align(q: NormName, c: NormName, person: bool, weight: Weigher = default_weight,
          wq: Sequence[float] | None = None, wc: Sequence[float] | None = None) -> Alignment:
    """Align the parts of query `q` with those of list name `c` and score the alignment.

    `wq` / `wc` are the parts' weights when already known (else computed with `weight`)."""
    nq, nc = len(q.tokens), len(c.tokens)
    if not nq or not nc:
        return Alignment(0.0, ())
    if wq is None:
        wq = [weight(f) for f in q.folds]
    if wc is None:
        wc = [weight(f) for f in c.folds]
    cands = []
    ctoks, cfolds = c.tokens, c.folds
    for i in range(nq):
        qt, qf = q.tokens[i], q.folds[i]
        lq = len(qt)
        for j in range(nc):
            ct = ctoks[j]
            lc = len(ct)
            if lq > 1 and lc > 1 and (lq * 10 < lc * 6 or lc * 10 < lq * 6) and qf != cfolds[j]:
                continue  # lengths too far apart to reach MIN_PAIR_SIM
            s = token_sim(qt, qf, ct, cfolds[j])
            if s:
                cands.append((s, -abs(i - j), i, j))
    cands.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    num = den = 0.0
    for s, _, i, j in cands:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        # an initial carries the weight of the word it stands for, discounted by INITIAL_SIM
        w = wc[j] if len(q.tokens[i]) == 1 else wq[i]
        w2 = wq[i] if len(c.tokens[j]) == 1 else wc[j]
        num += (w + w2) * s
        den += w + w2
        pairs.append((i, j, s))
    for i in range(nq):
        if i not in used_q:
            den += wq[i] * (MISSING_MIDDLE if person and _middle(nq, i, q.tokens[i]) else 1.0)
    for j in range(nc):
        if j not in used_c:
            den += wc[j] * (MISSING_MIDDLE if person and _middle(nc, j, c.tokens[j]) else 1.0)
    score = num / den if den else 0.0
    if nq != nc:
        jq, jc = q.joined, c.joined
        if min(len(jq), len(jc)) >= 5:
            js = JOINED_FACTOR * OSA.normalized_similarity(jq, jc)
            if js > score and js >= JOINED_MIN:
                return Alignment(js, tuple(pairs), joined=True)
    return Alignment(score, tuple(pairs))


def explain(q: NormName, c: NormName, a: Alignment) -> str:
    """Human-readable account of an alignment: which query part matched which list part."""
    if a.joined:
        return f"joined '{q.joined}' ~ '{c.joined}' ({a.score:.2f})"
    parts = [f"{q.tokens[i]}~{c.tokens[j]} {s:.2f}" for i, j, s in sorted(a.pairs)]
    missing = [c.tokens[j] for j in range(len(c.tokens)) if j not in {p[1] for p in a.pairs}]
    extra = [q.tokens[i] for i in range(len(q.tokens)) if i not in {p[0] for p in a.pairs}]
    text = ", ".join(parts) if parts else "no part matched"
    if missing:
        text += "; not in query: " + " ".join(missing)
    if extra:
        text += "; not in list name: " + " ".join(extra)
    return text


def compare(a: str, b: str, kind: str | None = None) -> float:
    """Similarity in [0, 1] of two names, `b` taken as the listed name.

    `kind` is "person", "organisation" (or another entity kind), or None when unknown; persons
    are scored with middle names and patronymics optional, organisations with legal forms
    stripped. Without list statistics, all words weigh alike except generic words and initials.
    """
    person = None if kind is None else kind == "person"
    qa = normalize(a, person)
    if person is None:
        sa = align(qa, normalize(b, True), True).score
        sb = align(qa, normalize(b, False), False).score
        return round(max(sa, sb), 4)
    return round(align(qa, normalize(b, person), person).score, 4)
