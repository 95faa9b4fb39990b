"""`normalize_many`, fast: the same `NormName`s as `normalize` gives name by name (and as
`normalize.normalize_many_reference`, the batch code it replaces), with less work per name.

- What depends on the name alone is found once for both readings (person, organisation): the
  Unicode normalisation, the look-alike and invisible-character check, the Japanese reading,
  the transliteration. Only a `SURNAME, Given` name read as a person's is transliterated again,
  reordered.
- A name in ASCII skips all of that: it is its own NFKC form, and lower case is its case fold.
- Punctuation is removed by one regex pass over all distinct lines; the folding rules run once
  over all new words (as before).
- Words are interned once per line, not once per reading.
- Honorifics and legal forms are looked for only when a first or last word could begin or end
  one (the same tests the stripping starts with, made first, and once for both readings of a
  line); a long first or last word's nearest honorific or legal form (by edit distance) is
  looked up once per word, not once per name.
- A line the stripping leaves as it is gives both readings the same tuple of words.
- Transliteration: the table of `transliteration.toml`, unidecode and lower case, all
  character by character, are one `str.translate` table filled as characters come.
- `NormName`s are built with the slots' setters, not the frozen dataclass's keyword
  `__init__` (twice as fast).

tests/test_normalize_batch.py compares this with `normalize` and the reference batch code on a
large set of names in many scripts.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable
from functools import cache

from unidecode import unidecode

from screening.names import evasion, japanese
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
                 "first_any", "last_any", "given_set", "given_interned", "miss_hon",
                 "miss_lf")

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
        self.first_any = self.hon_first | self.lf_first
        self.last_any = self.long_last | self.lf_last
        self.given_set = frozenset(kn.given_names)
        self.given_interned = {sys.intern(k): sys.intern(v) for k, v in kn.given_names.items()}
        self.miss_hon: dict[str, str | None] = {}
        self.miss_lf: dict[str, str | None] = {}


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


def _plain(tokens: list[str], tb: _Tables) -> bool:
    """`_strip` leaves these words as they are, with no legal form, in every reading (the
    tests `_strip` starts with, made once for both readings)."""
    n = len(tokens)
    if n > 1:
        first, last = tokens[0], tokens[-1]
        if first in tb.first_any or last in tb.last_any:
            return False
        if len(last) >= 6 and _misspelt(last, tb.lf_fuzzy, tb.miss_lf):
            return False
        if n > 2:
            if len(first) >= 6 and _misspelt(first, tb.hon_fuzzy, tb.miss_hon):
                return False
            words = tb.phrase_words
            get, fold = nz._folds.get, nz.fold
            if ((get(last) or fold(last)) in words or (get(tokens[-2]) or fold(tokens[-2])) in words
                    or (get(first) or fold(first)) in words
                    or (get(tokens[1]) or fold(tokens[1])) in words):
                return False
    return tb.org_words.isdisjoint(tokens)


def _strip(tokens: list[str], person: bool | None, tb: _Tables) -> tuple[list[str], str | None]:
    """`normalize._strip`, with the tests that find nothing to strip made first."""
    legal = None
    if person is not False:
        if len(tokens) > 1 and tokens[0] in tb.hon_first:
            tokens, _ = nz._strip_phrases(tokens, tb.hon, 3, start=True, end=False)
        if len(tokens) > 2 and len(tokens[0]) >= 6:
            word = _misspelt(tokens[0], tb.hon_fuzzy, tb.miss_hon)
            if word:
                tokens = tokens[1:]
    if person is True:
        if len(tokens) > 1 and tokens[-1] in tb.long_last:
            tokens, legal = nz._strip_phrases(tokens, tb.long_lf, tb.lf_max, start=False,
                                              end=True)
    if person is not True:
        typo_form = None
        if len(tokens) >= 3:
            words = tb.phrase_words
            get, fold = nz._folds.get, nz.fold
            if ((get(tokens[-1]) or fold(tokens[-1])) in words
                    or (get(tokens[-2]) or fold(tokens[-2])) in words
                    or (get(tokens[0]) or fold(tokens[0])) in words
                    or (get(tokens[1]) or fold(tokens[1])) in words):
                tokens, typo_form = nz._strip_misspelt_phrase(tokens)
        if len(tokens) > 1 and (tokens[0] in tb.lf_first or tokens[-1] in tb.lf_last):
            tokens, legal = nz._strip_phrases(tokens, tb.lf, tb.lf_max, start=True, end=True)
        if not typo_form and len(tokens) > 1 and len(tokens[-1]) >= 6:
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


# a NormName is made by setting its slots (the frozen dataclass's `__init__` takes keywords and
# sets each field through object.__setattr__: twice the time)
_new = object.__new__
_SETTERS = tuple(NormName.__dict__[f].__set__
                 for f in ("tokens", "folds", "joined", "legal_form", "raws", "notes"))


def normalize_many(names: Iterable[tuple[str, bool | None]]) -> list[NormName]:
    """`normalize` over many (name, person) pairs, with the same results (see the module
    docstring)."""
    names = list(names)
    if not names:
        return []
    tb = _tables()
    intern = sys.intern
    prep = {n: _prepare(n, tb) for n in dict.fromkeys([n for n, _ in names])}
    # names with katakana words go one by one (their parts fold differently)
    special = {i: nz.normalize(n, p) for i, (n, p) in enumerate(names) if prep[n][2]}
    lines = []
    for n, p in names:
        line, pl = prep[n][:2]
        lines.append(pl if p is not False and pl is not None else line)
    distinct = list(dict.fromkeys(lines))
    # one line per name (no line break is left in a line)
    cut = nz._punctuation_to_spaces("\n".join(distinct)).split("\n")
    words = {line: list(map(intern, text.split()))
             for line, text in zip(distinct, cut, strict=True)}
    folded = nz.fold_many({t for ws in words.values() for t in ws})  # (stripping folds)
    more: set[str] = set()  # words not in the lines: written out, or given names mapped
    plain = {line: _plain(ws, tb) for line, ws in words.items()}
    split = [None if i in special else (words[line], None) if plain[line]
             else _strip(words[line], p, tb)
             for i, (line, (_, p)) in enumerate(zip(lines, names, strict=True))]
    given = tb.given_interned.get
    no_given = tb.given_set.isdisjoint
    parts: list[tuple[tuple[str, ...], str | None, tuple[str, ...], str] | None] = []
    base: dict[str, tuple[str, ...]] = {}  # a line's words, nothing stripped: for each reading
    for s, line, (_, person) in zip(split, lines, names, strict=True):
        if s is None:
            parts.append(None)
            continue
        raws, legal = s
        if raws is words[line]:
            raw_t = base.get(line)
            if raw_t is None:
                raw_t = base[line] = tuple(raws)
        else:  # (an organisation word written out comes from a table)
            raw_t = tuple(map(intern, raws))
            more.update(raw_t)
        tokens = raw_t
        if person is not False and not no_given(raw_t):
            mapped = tuple([given(t, t) for t in raw_t])
            if mapped != raw_t:
                tokens = mapped
                more.update(mapped)
        parts.append((tokens, legal, raw_t, "".join(tokens)))
    if more:
        folded.update(nz.fold_many(more))
    fd = {t: intern(f) for t, f in folded.items()}.__getitem__
    joins = {p[3]: None for p in parts if p is not None}
    joined = {j: intern(f) for j, f in nz.fold_many(joins, remember=False).items()}
    out = []
    new, (s0, s1, s2, s3, s4, s5) = _new, _SETTERS
    for i, (part, (name, _)) in enumerate(zip(parts, names, strict=True)):
        if part is None:
            out.append(special[i])
            continue
        tokens, legal, raw_t, join = part
        n = new(NormName)
        s0(n, tokens)
        s1(n, tuple(map(fd, tokens)))
        s2(n, joined[join])
        s3(n, legal)
        s4(n, raw_t)
        s5(n, prep[name][3])
        out.append(n)
    return out
