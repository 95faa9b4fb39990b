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

from screening.names.japanese import (
    KANA_MARK,
    KANA_SIM,
    dropped_article,
    joined_key,
    kana_sim,
    rotations,
)
from screening.names.kana_origins import kana_key_variants
from screening.names.knowledge import knowledge
from screening.names.normalize import NormName, is_patronymic, normalize

MIN_PAIR_SIM = 0.70  # below this, two parts are not considered the same word
SHORT_WORD = 4  # words this short match only exactly or by romanisation, never by edits
SHORT_PAIR_SIM = 0.80  # least similarity of two parts of at most five letters
INITIAL_SIM = 0.85  # an initial against a word that starts with it
FOLD_SIM = 0.97  # same romanisation-insensitive key, different spelling
ONE_EDIT_SIM = 0.88  # least similarity of words of 7+ letters one edit apart
JOINED_FACTOR = 0.97  # a joined-string match is slightly less certain than a part-wise one
JOINED_MIN = 0.85  # joined strings further apart than this say nothing
MISSING_MIDDLE = 0.25  # share of weight an unmatched person middle name / patronymic counts
INITIAL_WEIGHT = 0.35  # weight of an initial, relative to a plain word
DEFAULT_WEIGHT = 1.0
GENERIC_WEIGHT = 0.25
# A name resting on one distinctive word, matched only by a fold or an edit, is weaker evidence
# than a word among several (Webb LLC / VEB, Gara Ltd / Hara Company):
SINGLE_WORD_CAP = 0.91  # review at most, never block
SHORT_WORD_CAP = 0.85  # no alert when that word has five letters or fewer
KANA_SHORT_CAP = 0.9  # ... or 0.9 when the query is in katakana and each part's kana key equals
# its partner's (between REVIEW_THRESHOLD and BLOCK_THRESHOLD)
LONG_WORD = 8  # ... unless it is an edit of a word this long or longer
SYLLABLE = 4  # a listed name of two parts this short (LI, Yi) takes no extra query part
SHORT_PART = 5  # a name whose parts are all this short (Zhong Li / Ri Chong Chol) with no
# part matched as written is capped at SHORT_WORD_CAP too

Weigher = Callable[[str], float]


def default_weight(fold: str) -> float:
    """Weight of a name part when no list statistics are known (used by `compare`)."""
    if len(fold) == 1:
        return INITIAL_WEIGHT
    if fold in knowledge().generic_words:
        return GENERIC_WEIGHT
    return DEFAULT_WEIGHT


def token_sim(qt: str, qf: str, ct: str, cf: str, qr: str | None = None,
              cr: str | None = None, person: bool = True) -> float:
    """Similarity in [0, 1] of two name parts: plain spelling and folded key of each, and the
    spelling as written when a given-name table mapped it (`qr`, `cr`). An initial stands for
    a word only in a person's name (in a company's, "M. D. S." says little about which words)."""
    if qt == ct:
        return 1.0
    if qf == cf:
        return FOLD_SIM
    if qf[0] == KANA_MARK or cf[0] == KANA_MARK:  # a word written in katakana: by kana key
        if len(qt) == 1 or len(ct) == 1:
            return 0.0
        # (a given name is compared as mapped and as written: Mykola, not only Nikolai)
        # (a Latin word by each key Japanese may write it with: kana_key_variants)
        qk = (qf[1:],) if qf[0] == KANA_MARK else {*kana_key_variants(qt),
                                                   *kana_key_variants(qr or qt)}
        ck = (cf[1:],) if cf[0] == KANA_MARK else {*kana_key_variants(ct),
                                                   *kana_key_variants(cr or ct)}
        return max(kana_sim(a, b) for a in qk for b in ck)
    qr = qr or qt
    cr = cr or ct
    lq, lc = len(qt), len(ct)
    if lq == 1 or lc == 1:
        if lq == lc or not person:
            return 0.0
        if lq == 1:
            return INITIAL_SIM if qt == ct[0] or qt == cr[0] else 0.0
        return INITIAL_SIM if ct == qt[0] or ct == qr[0] else 0.0
    raw = qr != qt or cr != ct
    if lq <= SHORT_WORD and lc <= SHORT_WORD and (
            not raw or (len(qr) <= SHORT_WORD and len(cr) <= SHORT_WORD)):
        return 0.0  # one letter in four is a different name (Wang / Kang, Yang / Jang)
    if lq * 10 < lc * 6 or lc * 10 < lq * 6:
        if not raw:
            return 0.0  # lengths too far apart to reach MIN_PAIR_SIM
        s = 0.0
    else:
        d = OSA.distance(qt, ct)
        s = 1.0 - d / max(lq, lc)
        if d == 1 and s < ONE_EDIT_SIM and max(lq, lc) >= 7:
            s = ONE_EDIT_SIM  # one typo in a long word: as sure as a fold difference or two
        s = max(s, FOLD_SIM * OSA.normalized_similarity(qf, cf))
    if raw:  # a misspelt given name is closer to the spelling it was written as
        s = max(s, OSA.normalized_similarity(qr, cr))
    # (the small allowance keeps a similarity of exactly 4/5 from failing on rounding)
    if max(lq, lc) <= 5:  # one letter in five is often another name (Karim / Kasim)
        return s if s >= SHORT_PAIR_SIM - 1e-9 else 0.0
    return s if s >= MIN_PAIR_SIM - 1e-9 else 0.0


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float
    pairs: tuple[tuple[int, int, float], ...]  # (query part, list part, similarity)
    joined: bool = False


def _middle(n: int, i: int, tok: str) -> bool:
    """A person's optional part: a middle name, or a patronymic wherever it stands (a
    two-part name ending in -vich is given name and surname: Uladzimir Karatkevich)."""
    return (0 < i < n - 1) or (n > 2 and is_patronymic(tok))


def unmatched_weights(n: NormName, weights: Sequence[float], person: bool) -> tuple[float, ...]:
    """What each part adds to the denominator when it finds no partner: its weight, or for a
    person's optional part (middle name, patronymic) a fraction of it."""
    if not person:
        return tuple(weights)
    nt = len(n.tokens)
    return tuple(w * (MISSING_MIDDLE if _middle(nt, i, n.tokens[i]) else 1.0)
                 for i, w in enumerate(weights))


def part_pairs(q: NormName, c: NormName, person: bool = True
               ) -> list[tuple[float, int, int, int]]:
    """Every pair of parts that could be the same word: (similarity, -distance, i, j)."""
    qr = q.raws or q.tokens
    cr = c.raws or c.tokens
    out = []
    for i, qt in enumerate(q.tokens):
        qf, qri = q.folds[i], qr[i]
        for j, ct in enumerate(c.tokens):
            s = token_sim(qt, qf, ct, c.folds[j], qri, cr[j], person)
            if s:
                out.append((s, -abs(i - j), i, j))
    return out


def assign(cands: list[tuple[float, int, int, int]], q: NormName, c: NormName,
           wq: Sequence[float], wc: Sequence[float], uq: Sequence[float], uc: Sequence[float],
           uq_sum: float, uc_sum: float, person: bool = False) -> Alignment:
    """Greedy one-to-one alignment of the candidate part pairs, best first, and its score.

    `wq` / `wc` are the parts' weights, `uq` / `uc` what each adds unmatched (with sums). For
    persons, when every part of a list name of two or more parts found a partner, the query's
    extra parts are optional wherever they stand (a second surname: Oscar Melarbe Martinez)."""
    cands.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    num = 0.0
    den = uq_sum + uc_sum
    qtoks, ctoks = q.tokens, c.tokens
    for s, _, i, j in cands:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        # an initial carries the weight of the word it stands for, discounted by INITIAL_SIM
        w = wc[j] if len(qtoks[i]) == 1 else wq[i]
        w2 = wq[i] if len(ctoks[j]) == 1 else wc[j]
        num += (w + w2) * s
        den += w + w2 - uq[i] - uc[j]
        pairs.append((i, j, s))
    if person and len(qtoks) > len(pairs) and len(ctoks) > len(pairs):
        # a middle name on each side, and different: a conflict, not a part left out
        for i in range(len(qtoks)):
            if i not in used_q:
                den += wq[i] - uq[i]
    elif (person and len(pairs) == len(ctoks) >= 2 and len(qtoks) > len(ctoks)
          and all(len(qtoks[i]) > 1 and len(ctoks[j]) > 1 for i, j, _ in pairs)
          and not (len(ctoks) == 2 and all(len(t) <= SYLLABLE for t in ctoks))):
        # (not for a name of two short syllables: Li Li Juan is not LI, Yi)
        for i in range(len(qtoks)):
            if i not in used_q:
                den -= uq[i] - min(uq[i], wq[i] * MISSING_MIDDLE)
    score = num / den if den > 0 else 0.0
    return finish(score, pairs, q, c)


def finish(score: float, pairs: Sequence[tuple[int, int, float]], q: NormName, c: NormName
           ) -> Alignment:
    """The alignment from the score of its part pairs: the names compared as joined strings
    when their part counts differ, and the score capped when it rests on little (see `cap`).
    The last step of `assign` (also of the compiled core's alignment: see fastcore)."""
    if len(q.tokens) != len(c.tokens):
        jq, jc = q.joined, c.joined
        if min(len(jq), len(jc)) >= 5:
            if jq[0] == KANA_MARK or jc[0] == KANA_MARK:  # katakana writes キム・ジョンウン
                sim = max(kana_sim(a, b) for a in _kana_joined(q) for b in _kana_joined(c))
                same = sim == KANA_SIM
            else:
                sim = OSA.normalized_similarity(jq, jc)
                same = jq == jc
            js = JOINED_FACTOR * sim
            if js > score and js >= JOINED_MIN:
                # (the same letters joined differently is no fold: not capped)
                return Alignment(js if same else cap(js, q, c, pairs), tuple(pairs),
                                 joined=True)
    return Alignment(cap(score, q, c, pairs), tuple(pairs))


def _kana_joined(n: NormName) -> tuple[str, ...]:
    """The kana key of a name's parts written as one word, in their order and in each rotation
    of it (a person's name is reordered given name first; キム・ジョンウン is KIM, Jong Un, and
    ジャファリドラタバディ・アッバス is JAFARI DOLATABADI, Abbas)."""
    if n.joined[0] == KANA_MARK:
        return (n.joined[1:],)
    # (each word's key joined, and the key of the letters joined: Man Gon = マンゴン, where
    # the key of the word Gon alone drops nothing)
    rots = rotations(n.raws or n.tokens)
    return tuple({**{joined_key(r): None for r in rots},
                  **{k: None for r in rots for k in kana_key_variants("".join(r), True)}})


def cap(score: float, q: NormName, c: NormName, pairs: Sequence[tuple[int, int, float]]
         ) -> float:
    """The score, capped when it rests on little: one distinctive word (on either side) that
    matched only by a fold or an edit, or short parts none of which matched as written."""
    if score <= SHORT_WORD_CAP:
        return score
    generic = knowledge().generic_words
    for n, side in ((q, 0), (c, 1)):
        distinct = [k for k, f in enumerate(n.folds) if len(f) > 1 and f not in generic]
        if len(distinct) == 1:
            k = distinct[0]
            sim = next((p[2] for p in pairs if p[side] == k), 0.0)
            if sim < 1.0:
                other = c if side == 0 else q
                j = next((p[1 - side] for p in pairs if p[side] == k), None)
                longest = max(len(n.tokens[k]), len(other.tokens[j]) if j is not None else 0)
                same_form = q.legal_form is not None and q.legal_form == c.legal_form
                folded = sim >= FOLD_SIM - 1e-9
                if not folded and longest >= LONG_WORD:
                    break  # one typo in a long word (Promsvyazbnak) is the score's to judge
                # a fold of a short word says too little (Gara / Hara, Webb / VEB); an edit
                # of a short word never reaches review (see token_sim)
                short = folded and longest <= SHORT_PART and not same_form
                # a katakana word whose kana key is only near its partner's (a vowel, an
                # edit: ポスコ "posuko" / PASCO) names a different firm as often as the same
                qi = k if side == 0 else j
                kana = qi is not None and q.folds[qi][0] == KANA_MARK and sim < KANA_SIM - 1e-9
                return min(score, SHORT_WORD_CAP if short or kana else SINGLE_WORD_CAP)
    if (pairs and all(len(t) <= SHORT_PART for t in q.tokens)
            and all(len(t) <= SHORT_PART for t in c.tokens)):
        qr, cr = q.raws or q.tokens, c.raws or c.tokens
        if all(qr[i] != cr[j] for i, j, _ in pairs):
            if (len(pairs) == len(q.tokens) >= 2
                    and all(s >= KANA_SIM for *_, s in pairs)
                    and all(f[0] == KANA_MARK for f in q.folds)
                    and len(pairs) == len(c.tokens) - sum(map(dropped_article, c.tokens))):
                # a Korean name in katakana, every syllable the same by kana key (チェ・フィ =
                # CHOE, Hwi), or an Arabic one without its article (アスマ・アサド = AL-ASSAD,
                # Asma): for review, never a block on its own
                return min(score, KANA_SHORT_CAP)
            return min(score, SHORT_WORD_CAP)
    return score


def align(q: NormName, c: NormName, person: bool, weight: Weigher = default_weight,
          wq: Sequence[float] | None = None, wc: Sequence[float] | None = None) -> Alignment:
    """Align the parts of query `q` with those of list name `c` and score the alignment.

    `wq` / `wc` are the parts' weights when already known (else computed with `weight`)."""
    if not q.tokens or not c.tokens:
        return Alignment(0.0, ())
    if wq is None:
        wq = [weight(f) for f in q.folds]
    if wc is None:
        wc = [weight(f) for f in c.folds]
    uq = unmatched_weights(q, wq, person)
    uc = unmatched_weights(c, wc, person)
    return assign(part_pairs(q, c, person), q, c, wq, wc, uq, uc, sum(uq), sum(uc), person)


def explain(q: NormName, c: NormName, a: Alignment) -> str:
    """Human-readable account of an alignment: which query part matched which list part, and
    the legal forms set aside before comparing."""
    forms = ""
    if q.legal_form or c.legal_form:
        forms = f"; legal form set aside: {q.legal_form or '-'} / {c.legal_form or '-'}"
    if a.joined:
        jq, jc = q.joined.lstrip(KANA_MARK), c.joined.lstrip(KANA_MARK)
        return f"joined '{jq}' ~ '{jc}' ({a.score:.2f}){forms}"
    parts = [f"{q.tokens[i]}~{c.tokens[j]} {s:.2f}" for i, j, s in sorted(a.pairs)]
    paired_c, paired_q = {p[1] for p in a.pairs}, {p[0] for p in a.pairs}  # (once: long names)
    missing = [t for j, t in enumerate(c.tokens) if j not in paired_c]
    extra = [t for i, t in enumerate(q.tokens) if i not in paired_q]
    text = ", ".join(parts) if parts else "no part matched"
    if missing:
        text += "; not in query: " + " ".join(missing)
    if extra:
        text += "; not in list name: " + " ".join(extra)
    if q.notes:
        text += "; query written with " + " and ".join(q.notes) + " (a red flag)"
    return text + forms


def compare(a: str, b: str, kind: str | None = None) -> float:
    """Similarity in [0, 1] of two names, `b` taken as the listed name.

    `kind` is "person", "organisation" (or another entity kind), or None when unknown; persons
    are scored with middle names and patronymics optional, organisations with legal forms
    stripped. Without list statistics, all words weigh alike except generic words and initials.
    """
    if kind is None:  # read both ways, as `NameIndex.search` does for a query of unknown kind
        return round(max(align(normalize(a, p), normalize(b, p), p).score
                         for p in (True, False)), 4)
    person = kind == "person"
    return round(align(normalize(a, person), normalize(b, person), person).score, 4)
