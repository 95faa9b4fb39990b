"""Japanese names: kana and kanji read as Japanese, and the "kana key" that lets a katakana
rendering of a foreign name meet its Latin spelling.

Text with kana (or a Japanese organisation word) is read here instead of by unidecode, which
reads kanji as Chinese (`VTB銀行` -> "vtb yin xing"):

- organisation words (銀行, 株式会社, 省, ...) become their English equivalents or legal forms
  (table `[words]` in `screening/data/japanese.toml`), Zengin short forms (`ｶ)`) likewise;
- katakana loanwords standing as words (ホールディングス, ユナイテッド, ...), or making up a
  whole katakana word (サウスポート), become the English words they stand for
  (`screening/data/japanese_loanwords.toml`);
- kana is romanised by table (Hepburn, with the digraphs used for foreign sounds);
- any other kanji is read by the kanji reader installed (`kanji_reader`: cutlet from the
  optional `japanese` extra, or pykakasi), else by unidecode.

A katakana word is a foreign name written as Japanese hears it. Its parts in a normalised name
have the folded key `KANA_MARK + kana_key(reading)`; every listed Latin word has a kana key in the
index too, so `ゲンナジー・ティムチェンコ` ("gennajii timuchenko") finds and meets GENNADY
TIMCHENKO (keys "genaji", "chimchenko" on both sides).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

from screening.names import kanji_reader

KANA_MARK = "~"  # first character of a kana key used as a folded name part (never in a word)

# kana (both syllabaries, half-width forms are NFKC-normalised before this is used), the
# iteration marks, and CJK ideographs
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff]")
_KANJI = re.compile(r"[\u3005\u3006\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_JAPANESE_RUN = re.compile(r"[\u3005\u3006\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff"
                           r"\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]+")
_ALL_KATAKANA = re.compile(r"[ァ-ヺー]+")
_ZENGIN_DASH = re.compile(r"(?<=[\u30a0-\u30ff])-")  # Zengin writes ー as a hyphen


@cache
def _table() -> dict:
    text = resources.files("screening.data").joinpath("japanese.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _loanwords() -> dict[str, str]:
    """Katakana loanwords of organisation names and the words they stand for
    (`screening/data/japanese_loanwords.toml`)."""
    text = resources.files("screening.data").joinpath("japanese_loanwords.toml").read_text(
        "utf-8")
    return tomllib.loads(text)["loanwords"]


_LARGE = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ")


@cache
def _words(halfwidth: bool = False) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every organisation word, katakana loanword and Zengin short form,
    longest first. `halfwidth`: also the katakana words written with large kana only, as
    half-width (Zengin) text writes them (ユナイテツド for ユナイテッド)."""
    t = _table()
    table = {**t["words"], **{k: f" {v} " for k, v in _loanwords().items()}, **t["zengin"]}
    for h in t["honorifics"]:
        table[h] = " "
    if halfwidth:
        table.update({k.translate(_LARGE): v for k, v in list(table.items())
                      if _ALL_KATAKANA.fullmatch(k)})
    alts = sorted(table, key=len, reverse=True)
    # a katakana word counts only as a whole word (バンク in ノビコムバンク is part of a name)
    return re.compile("|".join(
        rf"(?<![ァ-ヺー]){re.escape(a)}(?![ァ-ヺー])" if _ALL_KATAKANA.fullmatch(a)
        else re.escape(a) for a in alts)), table


@cache
def _word_lengths(halfwidth: bool) -> tuple[dict[str, tuple[int, ...]], frozenset[str]] | None:
    """The lengths of `_words(halfwidth)`'s words by first character, longest first, and the
    katakana words (whole words only); None if a word is empty."""
    table = _words(halfwidth)[1]
    if "" in table:
        return None
    lengths: dict[str, set[int]] = {}
    for w in table:
        lengths.setdefault(w[0], set()).add(len(w))
    return ({c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()},
            frozenset(w for w in table if _ALL_KATAKANA.fullmatch(w)))


def _katakana(ch: str) -> bool:
    return "ァ" <= ch <= "ヺ" or ch == "ー"  # (the class [ァ-ヺー])


def replace_words(text: str, halfwidth: bool) -> str:
    """`_words(halfwidth)`'s pattern substituted by its table in `text`, faster: the pattern
    (hundreds of words, longest first, a katakana word only whole) tries every word at every
    place; here only the words beginning with the place's character are looked up, by length,
    longest first: the same match at each place."""
    pattern, table = _words(halfwidth)
    index = _word_lengths(halfwidth)
    if index is None:
        return pattern.sub(lambda m: table[m.group()], text)
    lengths, whole = index
    if lengths.keys().isdisjoint(text):
        return text
    out: list[str] = []
    last = i = 0
    n = len(text)
    while i < n:
        for k in lengths.get(text[i], ()):
            if k > n - i:
                continue
            word = text[i:i + k]
            if word in table and not (word in whole and (
                    (i > 0 and _katakana(text[i - 1])) or (i + k < n and _katakana(text[i + k])))):
                out += (text[last:i], table[word])
                i = last = i + k
                break
        else:
            i += 1
    out.append(text[last:])
    return "".join(out)


@cache
def _compound_pieces(halfwidth: bool) -> tuple[dict[str, str], int]:
    """Loanwords that may make up a compound katakana word (three kana or more), and the
    longest."""
    pieces = {k: v for k, v in _loanwords().items() if len(k) >= 3}
    if halfwidth:
        pieces.update({k.translate(_LARGE): v for k, v in list(pieces.items())})
    return pieces, max(map(len, pieces))


_MAX_COMPOUND = 40  # kana: longer words are not split (work per name stays bounded)


def _compound(word: str, halfwidth: bool) -> str:
    """A katakana word made up entirely of known loanwords (ラジオエレクトロニック = radio
    electronic, サウスポート = south port) as those words, fewest pieces first; any other word
    (ノビコムバンク, a name ending in a loanword) as it is."""
    pieces, longest = _compound_pieces(halfwidth)
    n = len(word)
    if n > _MAX_COMPOUND or n < 6:
        return word
    best: list[list[str] | None] = [None] * (n + 1)  # best[i]: fewest pieces covering word[:i]
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 3, min(n, i + longest) + 1):
            piece = pieces.get(word[i:j])
            if piece is not None and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = best[i] + [piece]
    return f" {' '.join(best[n])} " if best[n] else word


_MIN_PIECE = 4  # kana: shorter loanwords at the start or end of a name are read by sound


def _mixed_reading(run: str, halfwidth: bool) -> str | None:
    """The reading of a katakana word that begins or ends with a loanword written otherwise
    than it sounds, with that part spelt as the English word: a Russian firm's name run
    together (ベルヴネシュプロムサービス = Belvneshpromservice, not "...saabisu"); None for any
    other word (ノビコムバンク: バンク sounds as "bank" is spelt, read by its sounds)."""
    n = len(run)
    if n < _MIN_PIECE + 3 or n > _MAX_COMPOUND:
        return None
    pieces, longest = _compound_pieces(halfwidth)
    for k in range(min(longest, n - 3), _MIN_PIECE - 1, -1):
        for at_end in (True, False):
            piece = run[n - k:] if at_end else run[:k]
            word = pieces.get(piece)
            if (word is None or " " in word
                    or kana_key(word) == kana_key(kana_reading(piece))):
                continue
            rest = kana_reading(run[:n - k] if at_end else run[k:])
            return rest + word if at_end else word + rest
    return None


@cache
def _kana_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    kana = _table()["kana"]
    alts = sorted(kana, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alts)), kana


@cache
def _key_rules() -> tuple[tuple[re.Pattern[str] | str, str], ...]:
    """The key rules: a plain string where the pattern is one (replaced as such: faster), else
    a pattern compiled in multi-line mode (keys of many words are made in one pass, one word
    a line)."""
    return tuple((r["pattern"] if re.escape(r["pattern"]) == r["pattern"]
                  and "\\" not in r["replace"] else re.compile(r["pattern"], re.M),
                  r["replace"]) for r in _table()["key"])


@cache
def _respell() -> dict[str, str]:
    """Latin names Japanese hears otherwise than they are spelt (table `[respell]`)."""
    return _table().get("respell", {})


def _apply_keys(text: str) -> str:
    """The key rules over `text` (words one a line), each word respelt first where the
    `[respell]` table says how Japanese hears it."""
    respell = _respell()
    if "\n" in text:
        text = "\n".join([respell.get(w, w) for w in text.split("\n")])
    else:
        text = respell.get(text, text)
    for pattern, repl in _key_rules():
        text = text.replace(pattern, repl) if type(pattern) is str else pattern.sub(repl, text)
    return text


@cache
def _dropped_articles() -> frozenset[str]:
    return frozenset(_table()["dropped_articles"])


def dropped_article(word: str) -> bool:
    """`word` (of a listed name) is an article Japanese leaves out when it writes the name in
    katakana (the Arabic al-: AL-ASSAD = アサド; table `dropped_articles`)."""
    return word in _dropped_articles()


def has_japanese(text: str) -> bool:
    """`text` (NFKC-normalised) is read as Japanese: it holds kana, or kanji together with a
    known Japanese organisation word, or it is a Japanese person's name (`japanese_person`);
    other kanji may be Chinese, read by unidecode."""
    if _KANA.search(text):
        return True
    if _KANJI.search(text):
        return has_kanji_word(text) or japanese_person(text)
    return False


@cache
def _family_names() -> frozenset[str]:
    return frozenset(_table()["family_names"])


def japanese_person(text: str) -> bool:
    """`text` (NFKC) is a Japanese person's name in kanji: two words (family and given name,
    in either order), one of them a common Japanese family name of two kanji or more (table
    `family_names`: 近藤 翼)."""
    words = text.split()
    return len(words) == 2 and not _family_names().isdisjoint(words) and all(
        _JAPANESE_RUN.fullmatch(w) for w in words)


@cache
def _kanji_words() -> dict[str, tuple[str, ...]]:
    """The words of `_words()` without kana, by first character."""
    out: dict[str, list[str]] = {}
    for w in _words()[1]:
        if not _KANA.search(w):
            out.setdefault(w[0], []).append(w)
    return {c: tuple(ws) for c, ws in out.items()}


def has_kanji_word(text: str) -> bool:
    """`_words()[0].search(text)` for `text` without kana, faster: in such text only the words
    without kana can be found (the others need kana), and those are plain strings (the
    pattern, an alternation of some 400 words, is slow to fail)."""
    words = _kanji_words()
    if words.keys().isdisjoint(text):  # (most Chinese names: no character begins a word)
        return False
    return any(text.startswith(w, i) for i, c in enumerate(text) if c in words
               for w in words[c])


def _hiragana_to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def kana_reading(run: str) -> str:
    """Latin reading of a run of katakana (or hiragana): Hepburn by table, ー repeating the
    vowel before it, ッ doubling the next consonant."""
    pattern, kana = _kana_pattern()
    run = _hiragana_to_katakana(run)
    out: list[str] = []
    double = False
    pos = 0
    while pos < len(run):
        ch = run[pos]
        if ch == "ー":
            if out and out[-1][-1] in "aeiou":
                out.append(out[-1][-1])
            pos += 1
            continue
        if ch in "ッ":
            double = True
            pos += 1
            continue
        m = pattern.match(run, pos)
        if m is None:  # a kana the table does not know (iteration marks, ...)
            pos += 1
            continue
        syl = kana[m.group()]
        if double and syl[0] not in "aeioun":
            syl = ("t" if syl.startswith("ch") else syl[0]) + syl
        double = False
        out.append(syl)
        pos = m.end()
    return "".join(out)


# long vowels of a kanji reading written as Latin lists write Japanese names (Hepburn without
# macrons: 東京 toukyou -> tokyo, 真理教 shinrikyou -> shinrikyo)
_LONG_VOWEL = re.compile(r"(?:(?<=o)[uo]|(?<=u)u)(?![aeiou])")


def _kanji_reading(run: str) -> str:
    """Reading of a run of kanji (mixed with kana), word by word, by the kanji reader installed
    (`kanji_reader`: cutlet or pykakasi); kana words by our own table; else unidecode."""
    return _reading(kanji_reader.reader(), run)


@lru_cache(maxsize=20_000)  # (names repeat their words: surnames, given names)
def _reading(read: kanji_reader.Reader | None, run: str) -> str:
    """`_kanji_reading(run)` by the reader `read`, remembered."""
    if read is not None:
        words = [kana_reading(orig) if not _KANJI.search(orig)
                 else _LONG_VOWEL.sub("", _APOSTROPHE.sub("", hepburn))
                 for orig, hepburn in read(run)]
        return " ".join(w for w in words if w)
    from unidecode import unidecode

    return unidecode(run).lower()


_APOSTROPHE = re.compile(r"['’]")  # shun'ichi


_HALFWIDTH = re.compile(r"[\uff65-\uff9f]")


def is_halfwidth(text: str) -> bool:
    """`text` (before NFKC) is written in half-width katakana, as Zengin transfers are."""
    return bool(_HALFWIDTH.search(text))


@cache
def _zengin_small() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in _table()["zengin_small"])


@cache
def _zengin_alternative() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in _table()["zengin_alternative"])


def zengin_variants(name: str) -> list[str]:
    """`name` (as written) read the other way where half-width text is ambiguous (table
    `zengin_alternative`: ﾊﾂｶﾆ ﾊﾘﾙ is also searched as ﾊｯｶﾆ ﾊﾘﾙ); [] when nothing is, and for a
    name of one word: that is mostly a Japanese firm's (ｶ)ﾏﾂﾀﾞ is Mazda, not "Madda"), and one
    word read by a guess is too little to alert on."""
    if not _HALFWIDTH.search(name) or len(name.split()) < 2:
        return []
    alt = name
    for pattern, repl in _zengin_alternative():
        alt = pattern.sub(repl, alt)
    return [alt] if alt != name else []


@lru_cache(maxsize=20_000)
def romanise(text: str, halfwidth: bool = False) -> tuple[str, frozenset[str]]:
    """Japanese text (NFKC, case-folded) as lower-case Latin words, and the words that were
    written in katakana (foreign names as Japanese hears them). `halfwidth`: the text was
    written in half-width katakana, without small kana."""
    original = text
    text = _ZENGIN_DASH.sub("ー", text)
    # known words first (in half-width text also as written with large kana), then the small
    # kana half-width text could not write, in the rest
    text = replace_words(text, halfwidth)
    text = _ALL_KATAKANA.sub(lambda m: _compound(m.group(), halfwidth), text)
    if halfwidth:
        for pattern, repl in _zengin_small():
            text = pattern.sub(repl, text)
    kana_words: set[str] = set()

    def read(m: re.Match[str]) -> str:
        run = m.group()
        if _KANJI.search(run):
            return f" {_kanji_reading(run)} "
        reading = _mixed_reading(run, halfwidth) or kana_reading(run)
        if reading:
            kana_words.add(reading)
        return f" {reading} "

    text = _JAPANESE_RUN.sub(read, text.replace("・", " ").replace("＝", " "))
    if len(kana_words) == 1 and japanese_firm(original):
        # a Japanese firm named by one katakana word: a Japanese name (table
        # `japanese_firm_forms`), compared as spelt, not by kana key
        return text, frozenset()
    return text, frozenset(kana_words)


@cache
def _firm_forms() -> tuple[str, ...]:
    return tuple(_table()["japanese_firm_forms"])


def japanese_firm(text: str) -> bool:
    """`text` (NFKC) names a company registered in Japan: it holds a Japanese legal form
    (株式会社, (株), 有限会社, ..., or a Zengin short form ｶ), (ｶ, ...)."""
    return any(f in text for f in _firm_forms())


_keys: dict[str, str] = {}


def kana_key(word: str) -> str:
    """The coarse spelling a Latin word and the katakana rendering of it share (see the
    `[[key]]` rules in japanese.toml)."""
    k = _keys.get(word)
    if k is None:
        k = _apply_keys(word)
        if len(_keys) > 500_000:
            _keys.clear()
        _keys[word] = k
    return k


def kana_keys(words: set[str]) -> dict[str, str]:
    """`kana_key` of many words at once (the rules run once over the words joined by line
    breaks; none of them crosses a line)."""
    todo = [w for w in words if w not in _keys]
    if todo:
        out = _apply_keys("\n".join(todo)).split("\n")
        if len(out) == len(todo):
            _keys.update(zip(todo, out, strict=True))
        else:
            for w in todo:
                kana_key(w)
    return {w: _keys[w] for w in words}


_DOUBLED = re.compile(r"([a-z])\1+")


def joined_key(words: Sequence[str]) -> str:
    """The kana key of `words` written as one katakana word (キムジョンウン, モハンマドジャヴァド,
    ジャファリドラタバディ): the words' own keys one after the other, a letter doubled where
    they meet made single. (Not the key of the joined letters: across the join they would make
    spellings neither word has, Jong|hun -> "gh"; but ン before m, b, p sounds m there as
    inside a word, the key rule `n(?=[mbpvw])`: Jong Man = ジョンマン, Chang Pong = チャンボン.)"""
    return join_keys([kana_key(w) for w in words])


def join_keys(keys: Sequence[str]) -> str:
    """Kana keys of words one after the other, as `joined_key` joins them."""
    keys = list(keys)
    for i in range(len(keys) - 1):
        if keys[i][-1:] == "n" and keys[i + 1][:1] in ("m", "p"):
            keys[i] = keys[i][:-1] + "m"
    return _DOUBLED.sub(r"\1", "".join(keys))


def rotations(words: Sequence[str]) -> list[tuple[str, ...]]:
    """`words` in their order and each rotation of it: a listed person's name is read given
    name first, Japanese writes it family name first, and the family name may be two words
    (MIR-HEJAZI, Asghar = ミールヘジャーズィー アスガル)."""
    words = tuple(words)
    return [words[k:] + words[:k] for k in range(len(words))]


KANA_SIM = 0.95  # a katakana word whose key equals the key of the Latin word
KANA_MIN_KEY = 4  # shorter keys match only when equal
# keys the same but for their vowels: katakana hears unstressed and foreign vowels otherwise
# than a Latin spelling writes them (Sukharenka, Sukhorenko = スハレンコ; Adel, Adil)
KANA_VOWEL_SIM = 0.9
KANA_VOWEL_MIN_KEY = 5  # (a key of that length only when its last letter is the same: the
# final vowel of a short name tells names apart, Termeh / テルモ, Karibo / カルビー)
_VOWEL_A = str.maketrans("eiou", "aaaa")  # (every vowel as a)
_NO_VOWEL = str.maketrans("", "", "aeiou")
KANA_SKELETON_MIN = 4  # consonants two keys must share when their vowels differ in number


def kana_sim(qkey: str, ckey: str) -> float:
    """Similarity of two kana keys (without the mark): KANA_SIM when equal, KANA_VOWEL_SIM
    when only vowels differ, less by edits; 0 below 0.8 of KANA_SIM or for short keys that
    differ."""
    if qkey == ckey:
        return KANA_SIM
    if min(len(qkey), len(ckey)) < KANA_MIN_KEY:
        return 0.0
    if (len(qkey) == len(ckey) >= KANA_VOWEL_MIN_KEY
            and (len(qkey) > KANA_VOWEL_MIN_KEY or qkey[-1] == ckey[-1])
            and qkey.translate(_VOWEL_A) == ckey.translate(_VOWEL_A)):
        return KANA_VOWEL_SIM
    if (qkey[0] == ckey[0] and qkey[-1] == ckey[-1] and min(len(qkey), len(ckey)) >= 5
            and len(qs := qkey.translate(_NO_VOWEL)) >= KANA_SKELETON_MIN
            and qs == ckey.translate(_NO_VOWEL)):
        # a vowel katakana writes where the Latin spelling has none, or the other way, among
        # the same consonants (ムハンマド = Mohammed, Muhammad: "mhamat", "mohamet")
        return KANA_VOWEL_SIM
    s = KANA_SIM * OSA.normalized_similarity(qkey, ckey)
    return s if s >= 0.8 * KANA_SIM else 0.0
