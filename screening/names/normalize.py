"""One normalisation pipeline for list names (at compile time) and queries (at screening time).

Steps: Unicode NFKC and case folding; `SURNAME, Given` reordering; Cyrillic transliteration by
table, every other script through unidecode; punctuation to spaces; leading honorifics and leading
or trailing legal forms removed; given-name spellings mapped to one form (the spelling as written
is kept alongside); each token folded to a romanisation-insensitive key.
"""

from __future__ import annotations

import pkgutil
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import unidecode as _unidecode_package
from rapidfuzz import process
from rapidfuzz.distance import OSA
from unidecode import unidecode

from screening.names import evasion, japanese
from screening.names.knowledge import knowledge

_APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")
_NON_ALNUM = re.compile(r"[^a-z0-9\n]+")  # line breaks separate names in batch normalisation
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
    notes: tuple[str, ...] = ()  # how the name was disguised (evasion.LOOK_ALIKE, INVISIBLE)


def transliterate(text: str, halfwidth: bool | None = None) -> str:
    """Lower-case Latin rendering of `text` in any script. `halfwidth`: the text was written in
    half-width katakana (None: see for yourself; NFKC makes it full-width)."""
    if halfwidth is None:
        halfwidth = japanese.is_halfwidth(text)
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text.casefold()
    # (look-alikes before case folding: Cyrillic Н looks like H, its lower case н not like h)
    text = evasion.clean(text)[0].casefold()
    if japanese.has_japanese(text):
        text = japanese.romanise(text, halfwidth)[0]
    table = knowledge().characters
    text = "".join(table.get(ch, ch) for ch in text)
    return unidecode(text).lower()


def load_scripts() -> None:
    """Load unidecode's tables for every script now (about 20 ms, 2 MiB) rather than on the
    first query that uses each block of 256 characters (a fraction of a millisecond each, paid
    by a query: a Korean name can touch several blocks). Called when an index is built."""
    for module in pkgutil.iter_modules(_unidecode_package.__path__):
        if len(module.name) == 4 and module.name[0] == "x":
            try:
                unidecode(chr(int(module.name[1:], 16) << 8 | 0x80))
            except ValueError:
                continue  # not a table of this layout


_folds: dict[str, str] = {}


def _fold_text(text: str) -> str:
    for pattern, repl in knowledge().folds:
        text = text.replace(pattern, repl) if type(pattern) is str else pattern.sub(repl, text)
    return text


def clear_fold_cache() -> None:
    """Forget the folded keys computed so far (for measuring)."""
    _folds.clear()


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
        folded = _fold_all(todo)
        out.update(zip(todo, folded, strict=True))
        if remember:
            if len(_folds) + len(todo) > _FOLD_CACHE_MAX:
                _folds.clear()
            _folds.update(zip(todo, folded, strict=True))
    return out


def _fold_all(todo: list[str]) -> list[str]:
    """`_fold_text` of each of `todo`: by the compiled core where it runs the rules (ASCII
    words), else by the rules once over all joined by line breaks."""
    from screening.names import fastcore  # (fastcore imports this module)

    if fastcore.core is not None and fastcore.folds:
        folded = fastcore.core.fold_words(todo)
        if None in folded:
            folded = [_fold_text(t) if f is None else f for t, f in zip(todo, folded, strict=True)]
        return folded
    folded = _fold_text("\n".join(todo)).split("\n")
    if len(folded) != len(todo):  # a rule removed a whole line: fold one by one
        folded = [_fold_text(t) for t in todo]
    return folded


@lru_cache(maxsize=100_000)
def is_patronymic(token: str) -> bool:
    """The token ends like a patronymic (-ovich, -evna, -ogly, ...)."""
    return bool(_PATRONYMIC.search(token))


_EDGES: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def _edges(phrases: dict | frozenset) -> tuple[frozenset[str], frozenset[str]]:
    """The first words and the last words of a table's phrases (tables live as long as the
    process: they come from `knowledge()`)."""
    e = _EDGES.get(id(phrases))
    if e is None:
        e = _EDGES[id(phrases)] = (frozenset(p[0] for p in phrases),
                                   frozenset(p[-1] for p in phrases))
    return e


def _strip_phrases(tokens: list[str], phrases: dict | frozenset, max_len: int,
                   start: bool, end: bool) -> tuple[list[str], str | None]:
    # moves two indexes and slices once: linear however many phrases repeat (64,000 `LLC`s)
    found = None
    firsts, lasts = _edges(phrases)
    i, j = 0, len(tokens)  # the tokens kept are tokens[i:j]
    while j - i > 1:
        at_start = start and tokens[i] in firsts
        at_end = end and tokens[j - 1] in lasts
        if not (at_start or at_end):
            break
        for n in range(min(max_len, j - i - 1), 0, -1):
            if at_start and tuple(tokens[i:i + n]) in phrases:
                found = found or _canon(phrases, tuple(tokens[i:i + n]))
                i += n
                break
            if at_end and tuple(tokens[j - n:j]) in phrases:
                found = found or _canon(phrases, tuple(tokens[j - n:j]))
                j -= n
                break
        else:
            break
    return (tokens[i:j] if (i, j) != (0, len(tokens)) else tokens), found


def _misspelt(text: str, choices: tuple[str, ...], long_edits: int = 2) -> str | None:
    """The one of `choices` that `text` is one edit from (`long_edits` for choices of 12+
    letters), if any."""
    hit = process.extractOne(text, choices, scorer=OSA.distance, score_cutoff=2)
    if hit is not None and hit[1] <= (long_edits if len(hit[0]) >= 12 else 1):
        return hit[0]
    return None


def _strip_misspelt(tokens: list[str], words: tuple[str, ...], pos: int
                    ) -> tuple[list[str], str | None]:
    """Drop a misspelt first (`pos` 0) or last (`pos` -1) word, one of `words`, keeping at
    least one word; returns the word it stands for."""
    if len(tokens) > 1 and len(tokens[pos]) >= 6:
        word = _misspelt(tokens[pos], words)
        if word:
            return (tokens[:-1] if pos == -1 else tokens[1:]), word
    return tokens, None


@lru_cache(maxsize=1)
def _folded_legal_forms() -> tuple[dict[int, tuple[str, ...]], dict[str, str], frozenset[str]]:
    """The legal forms of two or more words (9+ letters) as folded text, by word count; the
    canonical form of each; and every folded word in them."""
    kn = knowledge()
    by_n: dict[int, set[str]] = {}
    canon: dict[str, str] = {}
    for n, phrases in kn.legal_form_fuzzy_phrases.items():
        for phrase in phrases:
            folded = " ".join(_fold_text(w) for w in phrase.split())
            by_n.setdefault(n, set()).add(folded)
            canon.setdefault(folded, kn.legal_forms[tuple(phrase.split())])
    words = frozenset(w for f in canon for w in f.split())
    return {n: tuple(sorted(v)) for n, v in by_n.items()}, canon, words


def _strip_misspelt_phrase(tokens: list[str]) -> tuple[list[str], str | None]:
    """Drop the last (or else the first) words when, folded, they are one edit from a legal
    form of as many words (Sociedad Aonima, Open Jpint Stock Company, Obshchestvo s
    Ogranichennoi Otvetstvennostyu), keeping at least one word."""
    if len(tokens) < 3:
        return tokens, None
    phrases, canon, words = _folded_legal_forms()
    folded = [fold(t) for t in tokens]
    # a phrase with one typo has at most one misspelt word: its last two or first two words
    # cannot both be unknown
    tail = folded[-1] in words or folded[-2] in words
    head = folded[0] in words or folded[1] in words
    if not (tail or head):
        return tokens, None
    for n in sorted(phrases, reverse=True):
        if len(tokens) > n:
            for at_head in (False, True):
                if not (head if at_head else tail):
                    continue
                part = " ".join(folded[:n] if at_head else folded[-n:])
                form = _misspelt(part, phrases[n], long_edits=1) if len(part) >= 9 else None
                if form:
                    rest = tokens[n:] if at_head else tokens[:-n]
                    return rest, canon[form]
    return tokens, None


def _org_words(tokens: list[str]) -> list[str]:
    """Abbreviations written out, function words dropped, unless only generic words would
    remain ("Des International" keeps its "des")."""
    kn = knowledge()
    abbrev = kn.org_abbreviations
    tokens = [abbrev.get(t, t) for t in tokens]
    kept = [t for t in tokens if t not in kn.org_stopwords]
    if all(t in kn.generic_words for t in kept):
        return tokens
    return kept


def _canon(phrases: dict | frozenset, key: tuple[str, ...]) -> str:
    return phrases[key] if isinstance(phrases, dict) else " ".join(key)


def _text(name: str, person: bool | None,
          memo: dict[tuple[str, bool], str] | None = None) -> str:
    """A name as one line of lower-case Latin text, `SURNAME, Given` reordered for persons.
    `memo`: the transliterations made so far (a name's two readings often share one)."""
    text = unicodedata.normalize("NFKC", name)
    if person is not False and text.count(",") == 1:
        left, right = text.split(",")
        if 0 < len(right.split()) <= 4 and 0 < len(left.split()) <= 3:
            text = f"{right} {left}"
    halfwidth = not name.isascii() and japanese.is_halfwidth(name)
    if memo is None or text.isascii():
        return transliterate(text, halfwidth).replace("\n", " ")
    out = memo.get((text, halfwidth))
    if out is None:
        out = memo[text, halfwidth] = transliterate(text, halfwidth).replace("\n", " ")
    return out


def _punctuation_to_spaces(text: str) -> str:
    return _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", text))


def _strip(tokens: list[str], person: bool | None) -> tuple[list[str], str | None]:
    """Honorifics and legal forms removed, organisation words tidied."""
    kn = knowledge()
    legal = None
    if person is not False:
        tokens, _ = _strip_phrases(tokens, kn.honorifics, 3, start=True, end=False)
        if len(tokens) > 2:
            tokens, _ = _strip_misspelt(tokens, kn.honorific_fuzzy, 0)
    if person is True:
        tokens, legal = _strip_phrases(tokens, kn.long_legal_forms, kn.legal_form_max_len,
                                       start=False, end=True)
    if person is not True:
        tokens, typo_form = _strip_misspelt_phrase(tokens)
        tokens, legal = _strip_phrases(tokens, kn.legal_forms, kn.legal_form_max_len,
                                       start=True, end=True)
        if not typo_form:
            tokens, typo_form = _strip_misspelt(tokens, kn.legal_form_fuzzy, -1)
            if typo_form:
                typo_form = kn.legal_forms.get((typo_form,), typo_form)
        legal = legal or typo_form
    if person is False:
        tokens = _org_words(tokens)
    return tokens, legal


def split_name(name: str, person: bool | None = None) -> tuple[list[str], str | None]:
    """First half of `normalize`: the name's parts as written (transliterated, honorific and
    legal form removed) and the legal form found."""
    return _strip(_punctuation_to_spaces(_text(name, person)).split(), person)


def _kana_words(name: str) -> frozenset[str]:
    """The words of `name` that were written in katakana (read as foreign names)."""
    text = evasion.clean(unicodedata.normalize("NFKC", name))[0].casefold()
    if not japanese.has_japanese(text):
        return frozenset()
    return japanese.romanise(text, japanese.is_halfwidth(name))[1]


def name_notes(name: str) -> tuple[str, ...]:
    """What disguised `name`: look-alike letters of another script, invisible characters."""
    return () if name.isascii() else evasion.clean(unicodedata.normalize("NFKC", name))[1]


def assemble(raws: list[str], legal: str | None, person: bool | None = None,
             kana: frozenset[str] = frozenset(), notes: tuple[str, ...] = ()) -> NormName:
    """Second half of `normalize`: map given names (not in organisation names), fold. Words
    written in katakana (`kana`) fold to their kana key, marked (see `japanese`)."""
    given = knowledge().given_names if person is not False else {}
    tokens = tuple([sys.intern(t if t in kana else given.get(t, t)) for t in raws])
    raw_t = tuple([sys.intern(t) for t in raws]) if any(t in given for t in raws) else tokens
    if kana:
        folds = tuple([sys.intern(japanese.KANA_MARK + japanese.kana_key(t) if t in kana
                                  else fold(t)) for t in tokens])
    else:
        folds = tuple([sys.intern(fold(t)) for t in tokens])
    if kana and all(t in kana for t in tokens):
        joined = japanese.KANA_MARK + japanese.joined_key(tokens)
    else:
        joined = fold("".join(tokens))
    return NormName(
        tokens=tokens,
        folds=folds,
        joined=sys.intern(joined),
        legal_form=legal,
        raws=tokens if raw_t == tokens else raw_t,
        notes=notes,
    )


def normalize(name: str, person: bool | None = None) -> NormName:
    """Normalise a name. `person` True/False when the kind is known, None for a query of unknown
    kind (then both honorifics and legal forms are stripped)."""
    raws, legal = split_name(name, person)
    if name.isascii():
        return assemble(raws, legal, person=person)
    return assemble(raws, legal, person=person, kana=_kana_words(name), notes=name_notes(name))


def normalize_many(names: Iterable[tuple[str, bool | None]]) -> list[NormName]:
    """`normalize` over many (name, person) pairs, with the same results, faster (see
    `normalize_batch`)."""
    from screening.names.normalize_batch import normalize_many as fast

    return fast(names)


def normalize_many_reference(names: Iterable[tuple[str, bool | None]]) -> list[NormName]:
    """`normalize` over many (name, person) pairs: the punctuation and folding rules run once
    over all names, and each distinct word is mapped and folded once. The batch code
    `normalize_many` replaced, kept as the reference its tests compare it with."""
    given = knowledge().given_names
    names = list(names)
    if not names:
        return []
    # names with katakana words take the one-by-one path (their parts fold differently)
    # (a name comes once per reading: what depends on the name alone is found once)
    kana = {n: _kana_words(n) for n in dict.fromkeys(n for n, _ in names) if not n.isascii()}
    special = {i: normalize(n, p) for i, (n, p) in enumerate(names) if kana.get(n)}
    if special:
        rest = [i for i in range(len(names)) if i not in special]
        done = dict(zip(rest, normalize_many_reference([names[i] for i in rest]),
                        strict=True))
        done.update(special)
        return [done[i] for i in range(len(names))]
    # one name per line (_text leaves no line break in a name)
    texts: dict[tuple[str, bool], str] = {}
    lines = _punctuation_to_spaces("\n".join(_text(n, p, texts) for n, p in names)).split("\n")
    fold_many({t for line in lines for t in line.split()})  # (stripping legal forms folds)
    split = [_strip(line.split(), p) for line, (_, p) in zip(lines, names, strict=True)]
    as_written = {t: sys.intern(t) for raws, _ in split for t in raws}
    mapped = {t: sys.intern(given.get(t, t)) for t in as_written}
    folded = {t: sys.intern(f) for t, f in fold_many(as_written.keys() | mapped.values()).items()}
    out = []
    joins = []
    for (raws, legal), (_, person) in zip(split, names, strict=True):
        raw_t = tuple([as_written[t] for t in raws])
        tokens = tuple([mapped[t] for t in raws]) if person is not False else raw_t
        joins.append("".join(tokens))
        out.append((tokens, tuple([folded[t] for t in tokens]), legal,
                    tokens if tokens == raw_t else raw_t))
    joined = fold_many(joins, remember=False)
    # (the red flags of a disguised name, as `normalize` notes them)
    notes = {n: name_notes(n) for n in kana}
    return [NormName(tokens=tokens, folds=folds, joined=sys.intern(joined[j]), legal_form=legal,
                     raws=raws, notes=notes.get(name, ()))
            for (tokens, folds, legal, raws), j, (name, _) in zip(out, joins, names, strict=True)]
