"""`normalize_many`, fast: the same `NormName`s as `normalize` gives name by name (and as
`normalize.normalize_many_reference`, the batch code it replaces), with less work per name.

- What depends on the name alone is found once for both readings (person, organisation): the
  Unicode normalisation, the look-alike and invisible-character check, the Japanese reading,
  the transliteration. Only a `SURNAME, Given` name read as a person's is transliterated again,
  reordered.
- A name in ASCII skips all of that: it is its own NFKC form, and lower case is its case fold.
- Transliteration: the table of `transliteration.toml`, unidecode and lower case, all
  character by character, are one `str.translate` table filled as characters come.
- What the stripping asks of a word alone is found once per word and remembered across
  batches (`_Words`): the word interned, its folded key (the folding rules run once over all
  new words), whether it begins or ends an honorific or legal form, is an organisation word,
  a word of a legal form of several words, a given name to map, a misspelt legal form or
  honorific (one rapidfuzz call for all new words).
- Each distinct line is split and tested once for both readings (`_parts`; in C where the
  compiled core is built: `line_parts`, _core_normalize.c): its words, their folds, the
  readings (person, organisation, either) the stripping leaves it as it is in (most names in
  all; a name ending in "Ltd" as a person's), its words written as one. Only the other
  lines are stripped, reading by reading, with the tests that find nothing made first from
  the words' flags; a misspelt legal form of several words is compared with the forms of
  about its length only.
- The readings left as they are are built from their line's parts (`_plain_readings`; in C:
  `build_plain`), with the slots' setters, not the frozen dataclass's keyword `__init__` (twice
  as fast). The folded keys of the words written as one are found by the compiled folder
  (`fold_program`) or one pass of the folding rules.

tests/test_normalize_batch.py compares this with `normalize` and the reference batch code on a
large set of names in many scripts, with and without the compiled core, and the compiled parts
with their Python references on hostile input.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable
from functools import cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from unidecode import unidecode

from screening.names import evasion, fastcore, japanese
from screening.names import normalize as nz
from screening.names.knowledge import knowledge
from screening.names.normalize import NormName

_MISSPELT_CACHE_MAX = 50_000  # words per table (a few MiB at most)
_LATIN_MAX = 100_000  # characters
_NFKC = "NFKC"


class _Latin(dict[int, str]):
    """Character -> its lower-case Latin rendering, as `transliterate` ends: the table of
    `transliteration.toml`, then unidecode, then lower case (each character alone: unidecode
    reads characters one by one, and writes ASCII). Filled on first use of each character
    (a `str.translate` table)."""

    __slots__ = ("table",)

    def __init__(self, table: dict[str, str]) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = unidecode(self.table.get(ch, ch)).lower()
        if len(self) >= _LATIN_MAX:
            self.clear()
        self[code] = out
        return out


class _Tables:
    """What the stripping needs from the knowledge tables, looked up once."""

    __slots__ = ("latin", "hon", "hon_first", "hon_fuzzy", "long_lf", "long_last", "lf",
                 "lf_first", "lf_last", "lf_max", "lf_fuzzy", "phrase_words", "org_words",
                 "given_set", "given_interned", "miss_hon",
                 "miss_lf", "miss_phrase")

    def __init__(self) -> None:
        kn = knowledge()
        self.latin = _Latin({k: v for k, v in kn.characters.items() if len(k) == 1})
        self.hon = kn.honorifics
        self.hon_first = nz._edges(kn.honorifics)[0]
        self.hon_fuzzy = kn.honorific_fuzzy
        self.long_lf = kn.long_legal_forms
        self.long_last = nz._edges(kn.long_legal_forms)[1]
        self.lf = kn.legal_forms
        self.lf_first, self.lf_last = nz._edges(kn.legal_forms)
        self.lf_max = kn.legal_form_max_len
        self.lf_fuzzy = kn.legal_form_fuzzy
        self.phrase_words = nz._folded_legal_forms()[2]
        # a word that `_org_words` rewrites or drops
        self.org_words = frozenset(kn.org_abbreviations) | kn.org_stopwords
        self.given_set = frozenset(kn.given_names)
        self.given_interned = {sys.intern(k): sys.intern(v) for k, v in kn.given_names.items()}
        self.miss_hon: dict[str, str | None] = {}
        self.miss_lf: dict[str, str | None] = {}
        self.miss_phrase: dict[str, str | None] = {}


@cache
def _tables() -> _Tables:
    return _Tables()


def _misspelt(word: str, choices: tuple[str, ...], memo: dict[str, str | None]) -> str | None:
    """`normalize._misspelt(word, choices)`, remembered per word (`memo` is per table)."""
    if word in memo:
        return memo[word]
    got = nz._misspelt(word, choices)
    if len(memo) >= _MISSPELT_CACHE_MAX:
        memo.clear()
    memo[word] = got
    return got


def _misspelt_part(part: str, choices: tuple[str, ...], memo: dict[str, str | None]
                   ) -> str | None:
    """`normalize._misspelt(part, choices, long_edits=1)`, remembered per text (the choices
    follow from the text: its length and word count)."""
    if part in memo:
        return memo[part]
    got = nz._misspelt(part, choices, long_edits=1)
    if len(memo) >= _MISSPELT_CACHE_MAX:
        memo.clear()
    memo[part] = got
    return got


@cache
def _phrases_near() -> tuple[tuple[int, dict[int, tuple[str, ...]]], ...]:
    """The folded legal forms of `normalize._strip_misspelt_phrase`, by word count (most
    first), and for each text length the forms one edit from a text that long could be (one
    letter longer or shorter at most), in their order."""
    phrases = nz._folded_legal_forms()[0]
    out = []
    for n in sorted(phrases, reverse=True):
        lengths = {len(p) for p in phrases[n]}
        out.append((n, {m: tuple(p for p in phrases[n] if abs(len(p) - m) <= 1)
                        for m in range(min(lengths) - 1, max(lengths) + 2)}))
    return tuple(out)


def _strip_misspelt_phrase(tokens: list[str], known: _Words) -> tuple[list[str], str | None]:
    """`normalize._strip_misspelt_phrase`, faster: a text is compared with the forms of about
    its length only (what it returns is one edit away; the first of the nearest among fewer
    choices in the same order is the same)."""
    if len(tokens) < 3:
        return tokens, None
    _, canon, words = nz._folded_legal_forms()
    folded = [known[t][1] for t in tokens]
    tail = folded[-1] in words or folded[-2] in words
    head = folded[0] in words or folded[1] in words
    if not (tail or head):
        return tokens, None
    for n, near in _phrases_near():
        if len(tokens) > n:
            for at_head in (False, True):
                if not (head if at_head else tail):
                    continue
                part = " ".join(folded[:n] if at_head else folded[-n:])
                choices = near.get(len(part)) if len(part) >= 9 else None
                form = _misspelt_part(part, choices, known.tb.miss_phrase) if choices else None
                if form:
                    rest = tokens[n:] if at_head else tokens[:-n]
                    return rest, canon[form]
    return tokens, None


def _strip(tokens: list[str], person: bool | None, tb: _Tables, known: _Words
           ) -> tuple[list[str], str | None]:
    """`normalize._strip`, with the tests that find nothing to strip made first (from what is
    known of each word: `known` has every word of `tokens`)."""
    legal = None
    if person is not False:
        if len(tokens) > 1 and tokens[0] in tb.hon_first:
            tokens, _ = nz._strip_phrases(tokens, tb.hon, 3, start=True, end=False)
        if len(tokens) > 2 and known[tokens[0]][2] & _MISS_HON:
            tokens = tokens[1:]
    if person is True:
        if len(tokens) > 1 and tokens[-1] in tb.long_last:
            tokens, legal = nz._strip_phrases(tokens, tb.long_lf, tb.lf_max, start=False,
                                              end=True)
    if person is not True:
        typo_form = None
        if len(tokens) >= 3 and (known[tokens[-1]][2] | known[tokens[-2]][2] | known[tokens[0]][2]
                                 | known[tokens[1]][2]) & _PHRASE:
            tokens, typo_form = _strip_misspelt_phrase(tokens, known)
        if len(tokens) > 1 and (tokens[0] in tb.lf_first or tokens[-1] in tb.lf_last):
            tokens, legal = nz._strip_phrases(tokens, tb.lf, tb.lf_max, start=True, end=True)
        if not typo_form and len(tokens) > 1 and known[tokens[-1]][2] & _MISS_LF:
            typo_form = _misspelt(tokens[-1], tb.lf_fuzzy, tb.miss_lf)
            if typo_form:
                tokens = tokens[:-1]
                typo_form = tb.lf.get((typo_form,), typo_form)
        legal = legal or typo_form
    if person is False and not tb.org_words.isdisjoint(tokens):
        tokens = nz._org_words(tokens)
    return tokens, legal


def _latin(text: str, halfwidth: bool, tb: _Tables
           ) -> tuple[str, frozenset[str], tuple[str, ...]]:
    """`transliterate(text, halfwidth)` of NFKC `text` (line breaks as spaces), with what
    `_kana_words` and `name_notes` find in it: one look-alike check, one Japanese reading."""
    if text.isascii():
        return text.casefold().replace("\n", " "), frozenset(), ()
    clean, notes = evasion.clean(text)
    line = clean.casefold()
    kana: frozenset[str] = frozenset()
    if japanese.has_japanese(line):
        line, kana = japanese.romanise(line, halfwidth)
    return line.translate(tb.latin).replace("\n", " "), kana, notes


def _prepare(name: str, tb: _Tables) -> tuple[str, str | None, frozenset[str], tuple[str, ...]]:
    """What a name's readings share: its line of lower-case Latin text as an organisation's
    name, the line as a person's (None: the same), the words written in katakana and the red
    flags of a disguise (see `normalize._text`, `_kana_words`, `name_notes`)."""
    if name.isascii():  # its own NFKC form
        text, halfwidth = name, False
        line = name.lower().replace("\n", " ")  # (the case fold of ASCII is its lower case)
        kana: frozenset[str] = frozenset()
        notes: tuple[str, ...] = ()
    else:
        text = unicodedata.normalize(_NFKC, name)
        halfwidth = japanese.is_halfwidth(name)
        line, kana, notes = _latin(text, halfwidth, tb)
    person_line = None
    if text.count(",") == 1:
        left, right = text.split(",")
        if 0 < len(right.split()) <= 4 and 0 < len(left.split()) <= 3:
            person = f"{right} {left}"
            if person.isascii():
                person_line = person.lower().replace("\n", " ")
            else:
                person_line = _latin(unicodedata.normalize(_NFKC, person), halfwidth, tb)[0]
    return line, person_line, kana, notes


# Lines are lower-case ASCII (`_prepare`): punctuation to spaces as `nz._punctuation_to_spaces`
# does, character by character (apostrophes dropped, anything but a-z, 0-9 a space)
_PUNCT = {c: (None if chr(c) in "'`" else c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789"
              else 32) for c in range(128)}

# What the stripping tests ask of a word alone, found once per word (`_Words`): it begins an
# honorific, ends a legal form of 3+ words, is an organisation word, a word of a legal form of
# several words (folded), a given name to map, a misspelt legal form or honorific, begins or
# ends a legal form
(_HON_FIRST, _LONG_LAST, _ORG, _PHRASE, _GIVEN, _MISS_LF, _MISS_HON, _LF_FIRST,
 _LF_LAST) = 1, 2, 4, 8, 16, 32, 64, 128, 256
# the readings (person True, False, None) the stripping leaves a line as it is in (`_plain`)
_P_TRUE, _P_FALSE, _P_NONE = 1, 2, 4
_WORDS_MAX = 100_000  # words remembered (under 20 MiB)

Info = tuple[str, str, int]  # a word interned, its folded key interned, its flags


def _misspelt_many(words: list[str], choices: tuple[str, ...]) -> list[bool]:
    """`normalize._misspelt(word, choices) is not None` for each of `words`, by one rapidfuzz
    call: the distances up to 2 (3: more), the first choice of the least distance (as
    `extractOne` picks), within one edit (two for choices of 12+ letters)."""
    dist = process.cdist(words, choices, scorer=OSA.distance, score_cutoff=2, dtype=np.int32,
                         workers=1)
    best = dist.argmin(axis=1)
    limit = np.array([2 if len(c) >= 12 else 1 for c in choices], dtype=np.int32)
    return (dist[np.arange(len(words)), best] <= limit[best]).tolist()


class _Words(dict[str, Info]):
    """Word (as split from a line) -> what is known of it (`Info`). Seeded with the words the
    tables write in (given names mapped to, organisation words written out)."""

    __slots__ = ("tb", "seed")

    def __init__(self, tb: _Tables) -> None:
        super().__init__()
        self.tb = tb
        self.seed: dict[str, Info] = {}
        self.add(set(tb.given_interned.values()) | set(nz.knowledge().org_abbreviations.values()))
        self.seed = dict(self)

    def add(self, words: set[str]) -> None:
        """Find what is known of `words` (not yet here): their folds by one batch pass (not
        remembered by `normalize.fold`: they are here)."""
        tb, intern = self.tb, sys.intern
        hon_first, long_last, org, phrase, given, lf_first, lf_last = (
            tb.hon_first, tb.long_last, tb.org_words, tb.phrase_words, tb.given_set, tb.lf_first,
            tb.lf_last)
        todo = list(words)
        for w, f in zip(todo, nz._fold_all(todo), strict=True):
            flags = ((w in hon_first) | (w in long_last) << 1 | (w in org) << 2
                     | (f in phrase) << 3 | (w in given) << 4 | (w in lf_first) << 7
                     | (w in lf_last) << 8)
            self[w] = (intern(w), intern(f), flags)
        long = [w for w in words if len(w) >= 6]
        if long:
            for bit, choices in ((_MISS_LF, tb.lf_fuzzy), (_MISS_HON, tb.hon_fuzzy)):
                for w, hit in zip(long, _misspelt_many(long, choices), strict=True):
                    if hit:
                        i = self[w]
                        self[w] = (i[0], i[1], i[2] | bit)

    def fold(self, word: str) -> str:
        got = self.get(word)
        return sys.intern(nz.fold(word)) if got is None else got[1]

    def forget(self) -> None:
        """Start again from the seed when too many words are remembered (between batches: a
        batch's words stay until it is done)."""
        if len(self) > _WORDS_MAX:
            self.clear()
            self.update(self.seed)


@cache
def _words() -> _Words:
    return _Words(_tables())


Parts = tuple[tuple[str, ...], tuple[str, ...], int, bool, str]


def _split(line: str) -> list[str]:
    return (line.translate(_PUNCT) if line.isascii() else nz._punctuation_to_spaces(line)).split()


def _learn(lines: Iterable[str], known: _Words) -> None:
    new = {w for line in lines for w in _split(line) if w not in known}
    if new:
        known.add(new)


def _plain(flags: list[int], every: int) -> int:
    """The readings (`_P_TRUE` | `_P_FALSE` | `_P_NONE`) in which `_strip` leaves the words of
    these flags (`every`: all their flags together) as they are: none of its tests of the
    reading can find anything (see `_strip`)."""
    n = len(flags)
    if n <= 1:
        return _P_TRUE | _P_NONE if every & _ORG else _P_TRUE | _P_FALSE | _P_NONE
    first, last = flags[0], flags[-1]
    hon = first & _HON_FIRST or n > 2 and first & _MISS_HON
    legal = (first & _LF_FIRST or last & (_LF_LAST | _MISS_LF)
             or n > 2 and (first | last | flags[1] | flags[-2]) & _PHRASE)
    return ((0 if hon or last & _LONG_LAST else _P_TRUE)
            | (0 if legal or every & _ORG else _P_FALSE) | (0 if hon or legal else _P_NONE))


def _reading(person: bool | None) -> int:
    return _P_TRUE if person is True else _P_FALSE if person is False else _P_NONE


def _parts(line: str, known: _Words) -> Parts:
    """A line's words (interned), their folded keys, the readings the stripping leaves them as
    they are in (`_plain`), whether one may be a given name to map, and the words written as
    one. Its words are in `known`. (The compiled core's `line_parts` does the same.)"""
    ws = _split(line)
    info = [known[w] for w in ws]
    flags = [i[2] for i in info]
    every = 0
    for f in flags:
        every |= f
    return (tuple([i[0] for i in info]), tuple([i[1] for i in info]), _plain(flags, every),
            bool(every & _GIVEN), "".join(ws))


def _all_parts(lines: list[str], known: _Words) -> list[Parts]:
    """`_parts` of each line, by the compiled core where it is built."""
    core = fastcore.core
    if core is None:
        _learn(lines, known)
        return [_parts(line, known) for line in lines]
    got, missing = core.line_parts(lines, known)
    if missing:
        known.add(set(missing))
        redo = [i for i, g in enumerate(got) if g is None]
        for i, g in zip(redo, core.line_parts([lines[i] for i in redo], known)[0], strict=True):
            got[i] = g
    # what the core leaves: a line not in ASCII
    rest = [i for i, g in enumerate(got) if g is None]
    if rest:
        _learn([lines[i] for i in rest], known)
        for i in rest:
            got[i] = _parts(lines[i], known)
    return got


# a NormName is made by setting its slots (the frozen dataclass's `__init__` takes keywords and
# sets each field through object.__setattr__: twice the time)
_new = object.__new__
_SLOTS = tuple(NormName.__dict__[f]
               for f in ("tokens", "folds", "joined", "legal_form", "raws", "notes"))
_SETTERS = tuple(d.__set__ for d in _SLOTS)


def _fold_joins(joins: Iterable[str], known: _Words) -> dict[str, str]:
    """The folded keys (interned) of lines' words written as one."""
    out: dict[str, str] = {}
    todo = []
    for j in joins:
        w = known.get(j)  # (one word: its fold is known)
        if w is None:
            todo.append(j)
        else:
            out[j] = w[1]
    if todo:  # (distinct: not looked for among the folds remembered)
        out.update(zip(todo, map(sys.intern, nz._fold_all(todo)), strict=True))
    return out


def _plain_readings(items: list[Parts | None], persons: list[bool | None],
                    notes: list[tuple[str, ...]], joined: dict[str, str]
                    ) -> list[NormName | None]:
    """The NormName of each reading the stripping leaves as it is (`items`: its line's parts,
    or None) where no given name is to be mapped: the line's words as they are; None for the
    others. (The compiled core's `build_plain` does the same.)"""
    out: list[NormName | None] = []
    new, (s0, s1, s2, s3, s4, s5) = _new, _SETTERS
    for parts, person, note in zip(items, persons, notes, strict=True):
        if (parts is None or not parts[2] & _reading(person)
                or (parts[3] and person is not False)
                or parts[4] not in joined):
            out.append(None)
            continue
        n = new(NormName)
        s0(n, parts[0])
        s1(n, parts[1])
        s2(n, joined[parts[4]])
        s3(n, None)
        s4(n, parts[0])
        s5(n, note)
        out.append(n)
    return out


def normalize_many(names: Iterable[tuple[str, bool | None]]) -> list[NormName]:
    """`normalize` over many (name, person) pairs, with the same results (see the module
    docstring)."""
    names = list(names)
    if not names:
        return []
    tb = _tables()
    known = _words()
    known.forget()
    intern = sys.intern
    prep: dict[str, tuple[str, str | None, frozenset[str], tuple[str, ...]]] = {}
    for n, _ in names:
        if n not in prep:
            prep[n] = _prepare(n, tb)
    # the line each reading reads (None: a name with katakana words, normalised on its own)
    lines: list[str | None] = []
    for n, p in names:
        line, pl, kana, _ = prep[n]
        lines.append(None if kana else pl if p is not False and pl is not None else line)
    distinct = list(dict.fromkeys(line for line in lines if line is not None))
    by_line = dict(zip(distinct, _all_parts(distinct, known), strict=True))
    items = [None if line is None else by_line[line] for line in lines]
    persons = [p for _, p in names]
    notes = [prep[n][3] for n, _ in names]
    joined = _fold_joins({parts[4] for parts in by_line.values() if parts[2]}, known)
    core = fastcore.core
    out = (_plain_readings(items, persons, notes, joined) if core is None
           else core.build_plain(items, persons, notes, joined, NormName, _SLOTS))
    # the other readings: with katakana words, with something to strip, a given name to map
    given = tb.given_interned.get
    joins: dict[str, list[NormName]] = {}
    new_, (s0, s1, s2, s3, s4, s5) = _new, _SETTERS
    for i, got in enumerate(out):
        if got is not None:
            continue
        name, person = names[i]
        parts = items[i]
        if parts is None:
            out[i] = nz.normalize(name, person)
            continue
        raw_t, folds, plain, has_given, join = parts
        legal = None
        if not plain & _reading(person):
            words = list(raw_t)
            raws, legal = _strip(words, person, tb, known)
            if raws is not words:  # (something was stripped, or organisation words tidied)
                raw_t = tuple(map(intern, raws))
                folds = tuple([known[t][1] if t in known else known.fold(t) for t in raw_t])
                has_given = not tb.given_set.isdisjoint(raw_t)
                join = "".join(raw_t)
        tokens = raw_t
        if has_given and person is not False:
            mapped = tuple([given(t, t) for t in raw_t])
            if mapped != raw_t:
                tokens = mapped
                folds = tuple(map(known.fold, mapped))
                join = "".join(mapped)
        n = new_(NormName)
        s0(n, tokens)
        s1(n, folds)
        s3(n, legal)
        s4(n, raw_t)
        s5(n, notes[i])
        j = joined.get(join)
        if j is not None:
            s2(n, j)
        elif join in joins:
            joins[join].append(n)
        else:
            joins[join] = [n]
        out[i] = n
    if joins:
        for join, f in _fold_joins(joins, known).items():
            for n in joins[join]:
                s2(n, f)
    return out  # type: ignore[return-value]
