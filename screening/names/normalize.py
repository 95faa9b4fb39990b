"""One normalisation pipeline for list names (at compile time) and queries (at screening time).

Steps: Unicode NFKC and case folding; `SURNAME, Given` reordering; Cyrillic transliteration by
table, every other script through unidecode; punctuation to spaces; leading honorifics and leading
or trailing legal forms removed; given-name spellings mapped to one form; each token folded to a
romanisation-insensitive key.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA
from unidecode import unidecode

from screening.names.knowledge import knowledge

_APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PATRONYMIC = re.compile(r"(ovich|evich|vich|ovna|evna|ichna|ogly|oglu|kyzy|ovych|ovych)$")


@dataclass(frozen=True, slots=True)
class NormName:
    """A normalised name: plain tokens, their folded keys, and what was stripped."""

    tokens: tuple[str, ...]
    folds: tuple[str, ...]
    joined: str  # folded key of all parts written as one word
    legal_form: str | None = None


def transliterate(text: str) -> str:
    """Lower-case Latin rendering of `text` in any script."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    table = knowledge().characters
    text = "".join(table.get(ch, ch) for ch in text)
    return unidecode(text).lower()


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """Romanisation-insensitive key of one lower-case Latin token."""
    for pattern, repl in knowledge().folds:
        token = pattern.sub(repl, token)
    return token


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


def _strip_misspelt(tokens: list[str], words: tuple[str, ...], positions: tuple[int, ...]
                    ) -> tuple[list[str], str | None]:
    """Drop a first or last word that is one edit (two, for long words) from one of `words`."""
    for pos in positions:
        if len(tokens) > 1 and len(tokens[pos]) >= 6:
            for w in words:
                if abs(len(w) - len(tokens[pos])) <= 2 and OSA.distance(
                        tokens[pos], w, score_cutoff=2) <= (2 if len(w) >= 8 else 1):
                    found = tokens[pos]
                    tokens = tokens[:-1] if pos == -1 else tokens[1:]
                    return tokens, found
    return tokens, None


def _canon(phrases: dict | frozenset, key: tuple[str, ...]) -> str:
    return phrases[key] if isinstance(phrases, dict) else " ".join(key)


def normalize(name: str, person: bool | None = None) -> NormName:
    """Normalise a name. `person` True/False when the kind is known, None for a query of unknown
    kind (then both honorifics and legal forms are stripped)."""
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
            tokens, _ = _strip_misspelt(tokens, kn.honorific_fuzzy, (0,))
    if person is not True:
        tokens, legal = _strip_phrases(tokens, kn.legal_forms, kn.legal_form_max_len,
                                       start=True, end=True)
        tokens, typo_form = _strip_misspelt(tokens, kn.legal_form_fuzzy, (-1, 0))
        legal = legal or typo_form
    given = kn.given_names
    tokens = [given.get(t, t) for t in tokens]
    return NormName(
        tokens=tuple(sys.intern(t) for t in tokens),
        folds=tuple(sys.intern(fold(t)) for t in tokens),
        joined=sys.intern(fold("".join(tokens))),
        legal_form=legal,
    )
