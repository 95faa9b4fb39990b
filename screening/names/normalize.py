"""One normalisation pipeline for list names (at compile time) and queries (at screening time).

Steps: Unicode NFKC and case folding; `SURNAME, Given` reordering; Cyrillic transliteration by
table, every other script through unidecode; punctuation to spaces; leading honorifics and leading
or trailing legal forms removed; given-name spellings mapped to one form (the spelling as written
is kept alongside); each token folded to a romanisation-insensitive key.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA
from unidecode import unidecode

from screening.names.knowledge import knowledge

_APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PATRONYMIC = re.compile(r"(ovich|evich|vich|ovna|evna|ichna|ogly|oglu|kyzy|ovych|ovych)$")
_FOLD_CACHE_MAX = 1_000_000


@dataclass(frozen=True, slots=True)
class NormName:
    """A normalised name: tokens, their folded keys, and what was stripped.

    `tokens` have given-name spellings mapped to one form (Alyaksandr -> aleksandr); `raws` are
    the same parts as written (after transliteration), the same object as `tokens` when no part
    was mapped."""

    tokens: tuple[str, ...]
    folds: tuple[str, ...]
    joined: str  # folded key of all parts written as one word
    legal_form: str | None = None
    raws: tuple[str, ...] = ()


def transliterate(text: str) -> str:
    """Lower-case Latin rendering of `text` in any script."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    table = knowledge().characters
    text = "".join(table.get(ch, ch) for ch in text)
    return unidecode(text).lower()


_folds: dict[str, str] = {}


def _fold_text(text: str) -> str:
    for pattern, repl in knowledge().folds:
        text = pattern.sub(repl, text)
    return text


def fold(token: str) -> str:
    """Romanisation-insensitive key of one lower-case Latin token."""
    f = _folds.get(token)
    if f is None:
        f = _fold_text(token)
        if len(_folds) >= _FOLD_CACHE_MAX:
            _folds.clear()
        _folds[token] = f
    return f


def fold_many(tokens: Iterable[str], remember: bool = True) -> dict[str, str]:
    """Folded keys of many tokens at once: the rules run once over all tokens joined by line
    breaks (the rules are anchored per line), far faster than token by token."""
    out: dict[str, str] = {}
    todo = []
    for t in set(tokens):
        f = _folds.get(t)
        if f is None:
            todo.append(t)
        else:
            out[t] = f
    if todo:
        folded = _fold_text("\n".join(todo)).split("\n")
        if len(folded) != len(todo):  # a rule removed a whole line: fold one by one
            folded = [_fold_text(t) for t in todo]
        out.update(zip(todo, folded, strict=True))
        if remember:
            if len(_folds) + len(todo) > _FOLD_CACHE_MAX:
                _folds.clear()
            _folds.update(zip(todo, folded, strict=True))
    return out


def is_patronymic(token: str) -> bool:
    return bool(_PATRONYMIC.search(token))


def _strip_phrases(tokens: list[str], phrases: dict | frozenset, max_len: int,
                   start: bool, end: bool) -> tuple[list[str], str | None]:
    found = None
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for n in range(min(max_len, len(tokens) - 1), 0, -1):
            if start and tuple(tokens[:n]) in phrases:
                found = found or _canon(phrases, tuple(tokens[:n]))
                tokens = tokens[n:]
                changed = True
                break
            if end and tuple(tokens[-n:]) in phrases:
                found = found or _canon(phrases, tuple(tokens[-n:]))
                tokens = tokens[:-n]
                changed = True
                break
    return tokens, found


def _misspelt(text: str, choices: tuple[str, ...], long_edits: int = 2) -> bool:
    """`text` is one edit from one of `choices` (`long_edits`, for choices of 8+ letters)."""
    hit = process.extractOne(text, choices, scorer=OSA.distance, score_cutoff=2)
    return hit is not None and hit[1] <= (long_edits if len(hit[0]) >= 8 else 1)


def _strip_misspelt(tokens: list[str], words: tuple[str, ...], phrases: tuple[str, ...],
                    positions: tuple[int, ...]) -> tuple[list[str], str | None]:
    """Drop a misspelt first or last word (one of `words`), or last two words (one of the
    two-word `phrases`: Sociedad Anonima), keeping at least one word."""
    for pos in positions:
        if len(tokens) > 1 and len(tokens[pos]) >= 6 and _misspelt(tokens[pos], words):
            found = tokens[pos]
            return (tokens[:-1] if pos == -1 else tokens[1:]), found
    if phrases and len(tokens) > 2 and len(tokens[-1]) + len(tokens[-2]) >= 9:
        tail = f"{tokens[-2]} {tokens[-1]}"
        if _misspelt(tail, phrases, long_edits=1):
            return tokens[:-2], tail
    return tokens, None


def _canon(phrases: dict | frozenset, key: tuple[str, ...]) -> str:
    return phrases[key] if isinstance(phrases, dict) else " ".join(key)


def split_name(name: str, person: bool | None = None) -> tuple[list[str], str | None]:
    """First half of `normalize`: the name's parts as written (transliterated, honorific and
    legal form removed) and the legal form found."""
    kn = knowledge()
    text = unicodedata.normalize("NFKC", name)
    if person is not False and text.count(",") == 1:
        left, right = text.split(",")
        if 0 < len(right.split()) <= 4 and 0 < len(left.split()) <= 3:
            text = f"{right} {left}"
    text = transliterate(text)
    text = _APOSTROPHES.sub("", text)
    tokens = _NON_ALNUM.sub(" ", text).split()
    legal = None
    if person is not False:
        tokens, _ = _strip_phrases(tokens, kn.honorifics, 3, start=True, end=False)
        if len(tokens) > 2:
            tokens, _ = _strip_misspelt(tokens, kn.honorific_fuzzy, (), (0,))
    if person is not True:
        tokens, legal = _strip_phrases(tokens, kn.legal_forms, kn.legal_form_max_len,
                                       start=True, end=True)
        tokens, typo_form = _strip_misspelt(tokens, kn.legal_form_fuzzy,
                                            kn.legal_form_fuzzy_phrases, (-1, 0))
        legal = legal or typo_form
    return tokens, legal


def assemble(raws: list[str], legal: str | None, folds: dict[str, str] | None = None,
             joined: str | None = None) -> NormName:
    """Second half of `normalize`: map given names, fold. `folds` / `joined` when already
    known (batch normalisation)."""
    given = knowledge().given_names
    tokens = tuple(sys.intern(given.get(t, t)) for t in raws)
    raw_t = tuple(sys.intern(t) for t in raws)
    get = folds.get if folds is not None else None
    return NormName(
        tokens=tokens,
        folds=tuple(sys.intern((get and get(t)) or fold(t)) for t in tokens),
        joined=sys.intern(joined if joined is not None else fold("".join(tokens))),
        legal_form=legal,
        raws=tokens if raw_t == tokens else raw_t,
    )


def normalize(name: str, person: bool | None = None) -> NormName:
    """Normalise a name. `person` True/False when the kind is known, None for a query of unknown
    kind (then both honorifics and legal forms are stripped)."""
    raws, legal = split_name(name, person)
    return assemble(raws, legal)


def normalize_many(names: Iterable[tuple[str, bool | None]]) -> list[NormName]:
    """`normalize` over many (name, person) pairs, with the folding done in one batch."""
    given = knowledge().given_names
    split = [split_name(n, p) for n, p in names]
    words = {given.get(t, t) for raws, _ in split for t in raws}
    words |= {t for raws, _ in split for t in raws}  # raw spellings are folded for the index
    folds = fold_many(words)
    joins = ["".join(given.get(t, t) for t in raws) for raws, _ in split]
    joined = fold_many(joins, remember=False)
    return [assemble(raws, legal, folds, joined[j])
            for (raws, legal), j in zip(split, joins, strict=True)]
