"""English readings of Japanese organisation names written with translated words.

Japanese writes a foreign organisation by translating its name: 朝鮮貿易銀行 (Korea Trade Bank),
イラン中央銀行 (Central Bank of Iran), セパ銀行 (Bank Sepah). Read word by word as Japanese
(朝鮮 = "chosen") such a name meets nothing on a Latin list. Here a name made entirely of known
words and foreign names (katakana or Latin words) is also given English readings, searched
beside the name as written (see `NameIndex.search`). Known words: the curated glossary
(`screening/data/japanese_org_glossary.toml`: organisation words such as 銀行, 中央, 貿易, 省,
and country words such as 朝鮮, イラン), then the vocabulary of listed organisation names
(`japanese_org_vocabulary.toml`: every English content word of the OFAC, UN, EU and UK
organisation names with its Japanese equivalents, made by benchmarks/make_org_vocabulary.py),
then katakana loanwords (`japanese_loanwords.toml`).

- every part of the name must be known: a kanji the glossary does not hold (山田, 三菱, 日本)
  or hiragana (みずほ) means the name is not a translated foreign name, and it gets no reading;
  except in a name with a Korean country word (朝鮮, 北朝鮮), where such kanji are a Korean
  name written in its Chinese characters, read in Korean (`korean_hanja`: 朝鮮光鮮銀行 =
  "korea kwangson bank");
- katakana loanwords (ホールディングス, ...) become their English words; any other katakana
  word is a foreign name and stays as written (the matcher reads it as Japanese hears it:
  セパ meets SEPAH), but in a name with a Japanese legal form (株式会社, (株), ...) the one
  katakana word is a Japanese name, written as it reads (株式会社セブン銀行 = "sebun bank",
  `_spelt`); 第77 is "77th";
- a word with several English renderings gives several readings, by cost (`_choices`): the
  first rendering of every word, a country's adjective (イラン: "iranian"), one word changed,
  then two ("national iranian oil company"); at most `MAX_MAIN_READINGS`, and
  `MAX_READINGS` with the country-less and fused readings below;
- a name of organisation words alone is read only when its usual reading has
  `MIN_GENERIC_WORDS` English words or more besides legal forms (国家保衛省 = MINISTRY OF
  STATE SECURITY, a listed name; not 中央銀行, 開発銀行, 造船会社, which name no one), and such a
  reading counts only where it meets a listed name nearly whole (`GENERIC_MIN_SCORE`); a name
  of a country word and such words is also read without the country (北朝鮮国家保衛省), as
  state bodies are often listed without it;
- a name of a country word and organisation words giving two English words or more besides
  legal forms is also read without the country (イラン観光銀行 = "tourism bank", as the list
  writes TOURISM BANK; 北朝鮮労働省 = MINISTRY OF LABOR), a reading that counts only for a
  listed party of that country (`[place_countries]` of the glossary) meeting it nearly whole;
- a unit named after its parent body (朝鮮労働党軍需工業部, the glossary's `[parent_bodies]`) is
  also read alone when its words give `MIN_GENERIC_WORDS` English words ("munitions industry
  department"), a reading that counts as organisation words alone (and for the country's
  parties from `SCOPED_MIN_SCORE`);
- a name with kanji the glossary does not know, no Korean country word and no Japanese (or
  Chinese) legal form (株式会社, (株), 有限公司, ...) is read with those kanji in Korean too
  (高麗銀行 = "koryo bank"): North Korean names are often written without 朝鮮; such
  readings count only for a listed party of North Korea meeting it closely
  (`KOREAN_MIN_SCORE`), as a Japanese name read in Korean is noise, and at most
  `MAX_KOREAN_READINGS` are searched;
- a katakana name followed by a word lists write fused with it (銀行, the glossary's
  `[fused_words]`) is also read fused, in katakana (ノビコム銀行 = ノビコムバンク, as the list
  writes NOVIKOMBANK), at most `MAX_FUSED_READINGS`;
- a match found through a reading says so in its explanation ("read as 'korea foreign trade
  bank' from 朝鮮対外貿易銀行 (glossary)").

Word order and "of the" are left to the matcher, which compares names as sets of weighted
words: "iran central bank" meets CENTRAL BANK OF IRAN.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from screening.countries import to_alpha2
from screening.names import korean_hanja
from screening.names.japanese import _loanwords, japanese_firm, romanise

if TYPE_CHECKING:
    from screening.models import Entity

MAX_READINGS = 12  # readings of one name, at most (MAX_MAIN_READINGS + MAX_SCOPED_READINGS)
MAX_MAIN_READINGS = 8  # of which readings with every part (the rest: country-less, fused)
MAX_COST = 2.0  # how far a reading may stray from the usual rendering of every word (see _choices)
MAX_LENGTH = 60  # characters: longer text is not read (work per name stays bounded)
MIN_GENERIC_WORDS = 3  # English words (not legal forms) a name of organisation words alone needs
GENERIC_MIN_SCORE = 0.95  # a reading of organisation words alone counts only when it meets a
# listed name nearly whole: "central election commission" names no one by itself, and meets
# BELARUSIAN CENTRAL ELECTION COMMISSION only with a country it does not have
MIN_SCOPED_WORDS = 2  # English words a country-less reading of a country's body needs
MAX_SCOPED_READINGS = 4
OTHER_FORM_COST = 1.6  # a country's other forms (islamic republic of iran): after two cheap changes
SCOPED_MIN_SCORE = 0.9  # a reading that counts for one country's parties only counts from here
KOREAN_MIN_SCORE = 0.9  # a Korean reading of a name not saying Korea counts from this score on
MAX_KOREAN_READINGS = 2
MAX_FUSED_READINGS = 2
NORTH_KOREA = frozenset(["KP"])
_NEVER = 2.0  # (a score no match reaches)

_KANJI = re.compile(r"[\u3005\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_KATAKANA = re.compile(r"[ァ-ヺー]+")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.'\-]*")
_ORDINAL = re.compile(r"第([0-9]{1,3})")
_SEPARATORS = re.compile(r"[\s・･=＝\-‐()（）「」『』,、.。/]+|(?<=[^ぁ-ゖ])の(?=[^ぁ-ゖ])")


@cache
def _glossary_file() -> dict:
    """japanese_org_glossary.toml, parsed once."""
    text = resources.files("screening.data").joinpath("japanese_org_glossary.toml").read_text(
        "utf-8")
    return tomllib.loads(text)


@cache
def _glossary() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(country words, organisation words) -> English renderings: the glossary, then the
    vocabulary of listed organisation names (`japanese_org_vocabulary.toml`, English word ->
    Japanese words, most used first: a Japanese word's further renderings, after the
    glossary's), and the katakana loanwords of `japanese_loanwords.toml`."""
    files = resources.files("screening.data")
    data = _glossary_file()
    vocab = tomllib.loads(files.joinpath("japanese_org_vocabulary.toml").read_text("utf-8"))
    places = {k: tuple(v) for k, v in data["places"].items()}
    merged: dict[str, list[str]] = {k: [v] for k, v in _loanwords().items()}
    merged.update({k: list(v) for k, v in data["words"].items()})
    # a Japanese word's English words: those it is the first equivalent of before those it is
    # a further one of ("fund" before "foundation" for 基金), then the most used first
    extra: dict[str, list[tuple[int, int, str]]] = {}
    for rank, (english, japanese) in enumerate(vocab["vocabulary"].items()):
        for pos, j in enumerate(japanese):
            if j not in places:
                extra.setdefault(j, []).append((pos, rank, english))
    for j, found in extra.items():
        rs = merged.setdefault(j, [])
        if "" not in rs:  # a legal form stays one
            rs += [e for _, _, e in sorted(found) if e not in rs]
    return places, {k: tuple(v) for k, v in merged.items()}


@cache
def _place_data() -> tuple[dict[tuple[str, ...], frozenset[str]], tuple[str, ...]]:
    """(a place's renderings -> the countries it names, legal forms of names not Korean) of the
    glossary."""
    data = _glossary_file()
    places, _ = _glossary()
    codes = {places[k]: frozenset(v) for k, v in data["place_countries"].items()}
    return codes, tuple(data["not_korean_forms"]["forms"])


@lru_cache(maxsize=4096)
def _codes(countries: tuple[str, ...]) -> frozenset[str]:
    """ISO alpha-2 codes of the country names and codes an entity carries (others left out)."""
    out = set()
    for c in countries:
        try:
            out.add(to_alpha2(c))
        except ValueError:
            pass
    return frozenset(out)


@cache
def _longest() -> int:
    places, words = _glossary()
    return max(map(len, [*places, *words]))


def _segment(chunk: str, korean: bool) -> list[tuple[str, tuple[str, ...]]] | None:
    """A chunk of a name (no separators) as its parts: ("place" | "word", renderings) for known
    words, longest first; ("foreign", (text,)) for a katakana or Latin word that is not one,
    and (`korean`) for a run of kanji the glossary does not know, read in Korean. None when
    some part is not known (a kanji outside the glossary, hiragana, ...)."""
    places, words = _glossary()
    longest = _longest()
    out: list[tuple[str, tuple[str, ...]]] = []
    pending = ""  # kanji not known, to be read in Korean
    pos, n = 0, len(chunk)
    while pos < n:
        run = _KATAKANA.match(chunk, pos)
        if run is not None and run.group() not in places and run.group() not in words:
            split = _split_katakana(run.group())
            if split:  # コンピューターセンター: known katakana words written together
                if pending and not _flush(pending, out):
                    return None
                pending = ""
                out += split
                pos = run.end()
                continue
        for end in range(min(n, pos + longest), pos, -1):
            piece = chunk[pos:end]
            if piece in places or piece in words:
                # a katakana word counts only whole (バンク in ノビコムバンク is part of a name)
                if _KATAKANA.fullmatch(piece) and (
                        (pos > 0 and _KATAKANA.match(chunk[pos - 1]))
                        or (end < n and _KATAKANA.match(chunk[end]))):
                    continue
                if pending and not _flush(pending, out):
                    return None
                pending = ""
                out.append(("place", places[piece]) if piece in places
                           else ("word", words[piece]))
                pos = end
                break
        else:
            if korean and _KANJI.match(chunk, pos):
                pending += chunk[pos]
                pos += 1
                continue
            o = _ORDINAL.match(chunk, pos)
            if o is not None and not pending:  # 第77 = "77th", 第1 = "1st", "first"
                out.append(("word", _ordinal(int(o.group(1)))))
                pos = o.end()
                continue
            m = _KATAKANA.match(chunk, pos) or _LATIN.match(chunk, pos)
            if m is None or pending:
                return None
            out.append(("foreign", (m.group(),)))
            pos = m.end()
    if pending and not _flush(pending, out):
        return None
    return out


def _split_katakana(run: str) -> list[tuple[str, tuple[str, ...]]]:
    """A katakana run as two or more known katakana words, the fewest (コンピューターセンター =
    computer, center); [] when it is not made of them (ノビコムバンク: a name)."""
    places, words = _glossary()
    longest = min(_longest(), len(run))
    best: list[list[str] | None] = [[]] + [None] * len(run)  # fewest words ending at i
    for i in range(1, len(run) + 1):
        for j in range(max(0, i - longest), i):
            prev = best[j]
            piece = run[j:i]
            if prev is not None and (piece in places or piece in words) and (
                    best[i] is None or len(prev) + 1 < len(best[i])):
                best[i] = [*prev, piece]
    found = best[len(run)]
    if not found or len(found) < 2:
        return []
    return [("place", places[p]) if p in places else ("word", words[p]) for p in found]


def _ordinal_of(part: tuple[str, tuple[str, ...]]) -> int:
    """The number of an ordinal part (("77th",) -> 77); 0 for any other part."""
    last = part[1][-1]
    digits = last[:-2]
    return int(digits) if digits.isdigit() and last[-2:] in ("st", "nd", "rd", "th") else 0


def _ordinal(n: int) -> tuple[str, ...]:
    """77 -> ("77th",), 1 -> ("first", "1st"), 12 -> ("twelfth", "12th")."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    words = _ordinal_words()
    return (words[n - 1], f"{n}{suffix}") if 0 < n <= len(words) else (f"{n}{suffix}",)


@cache
def _parent_bodies() -> frozenset[tuple[str, ...]]:
    """The renderings of the glossary's parent bodies (労働党, 軍, 委員会, ...)."""
    _, words = _glossary()
    found = [words[w] for w in _glossary_file()["parent_bodies"]["words"] if w in words]
    modifiers = _modifiers()
    return frozenset([*found, *(modifiers[r] for r in found if r in modifiers)])


@cache
def _ordinal_words() -> tuple[str, ...]:
    return tuple(_glossary_file()["ordinals"]["words"])


def _flush(run: str, out: list[tuple[str, tuple[str, ...]]]) -> bool:
    """`run` (kanji) read in Korean onto `out`; False when it cannot be."""
    reading = korean_hanja.korean_reading(run)
    if reading is None:
        return False
    out.append(("foreign", (reading,)))
    return True


@cache
def _modifiers() -> dict[tuple[str, ...], tuple[str, ...]]:
    """A word's renderings -> its renderings when another organisation word follows it (the
    glossary's `[modifier_words]`)."""
    _, words = _glossary()
    return {words[k]: tuple(v) for k, v in _glossary_file()["modifier_words"].items()
            if k in words}


def _parts(text: str, korean: bool) -> list[tuple[str, tuple[str, ...]]] | None:
    parts: list[tuple[str, tuple[str, ...]]] = []
    for chunk in _SEPARATORS.split(text):
        if chunk:
            seg = _segment(chunk, korean)
            if seg is None:
                return None
            parts += seg
    modifiers = _modifiers()
    for i in range(len(parts) - 1):
        kind, renderings = parts[i]
        if (kind == "word" and renderings in modifiers and parts[i + 1][0] == "word"
                and not _ordinal_of(parts[i + 1])  # 軍第4師団: the army's 4th division
                and (i == 0 or parts[i - 1][0] != "word")):  # 人民軍偵察総局: a body's name
            parts[i] = (kind, modifiers[renderings])
    return parts


@cache
def _word_starts() -> dict[str, tuple[str, ...]] | None:
    """The glossary's words by first character (None if one is empty)."""
    _, words = _glossary()
    out: dict[str, list[str]] = {}
    for w in words:
        if not w:
            return None
        out.setdefault(w[0], []).append(w)
    return {c: tuple(ws) for c, ws in out.items()}


def _may_translate(text: str) -> bool:
    """`text` holds a word of the glossary or an ordinal (第77): else none of its parts is a
    translated word (most Chinese names, read in Korean for nothing before)."""
    starts = _word_starts()
    if starts is None or "第" in text:
        return True
    if starts.keys().isdisjoint(text):
        return False
    return any(text.startswith(w, i) for i, c in enumerate(text) if c in starts
               for w in starts[c])


@lru_cache(maxsize=20_000)
def english_readings(name: str) -> tuple[str, ...]:
    """English readings of a Japanese organisation name made of known words and foreign names
    (see the module docstring), and its fused katakana readings (`fused_readings`); () for
    any other name."""
    if name.isascii() or len(name) > MAX_LENGTH:
        return ()
    text = unicodedata.normalize("NFKC", name)
    fused = tuple(Reading(f, name) for f in fused_readings(text))
    return _english(name, text)[:MAX_READINGS - len(fused)] + fused


def _english(name: str, text: str) -> tuple[Reading, ...]:
    """The English readings of `name` (`text`: its NFKC form)."""
    if not _KANJI.search(text):
        return ()  # katakana or Latin alone: no translated words (read as written)
    forms = _place_data()[1]
    not_korean = any(f in text for f in forms)
    firm = japanese_firm(text)
    for f in forms:
        if f.startswith("("):  # (株): a legal form, read as none
            text = text.replace(f, " ")
    if not _may_translate(text):
        return ()  # (quickly: no part can be a translated word, see below)
    parts = _parts(text, korean=False)
    korean_only = False  # read in Korean without a Korean country word: North Korea only
    if parts is None:
        if any(k in text for k in korean_hanja.korea_words()):
            parts = _parts(text, korean=True)  # a Korean name in kanji: 朝鮮光鮮銀行
        elif not not_korean:
            parts = _parts(text, korean=True)  # 高麗銀行
            korean_only = parts is not None
            if korean_only and any(kind == "place" for kind, _ in parts):
                return ()  # another country's name: not a Korean one
    if parts is None:
        return ()
    if firm:
        parts = _spelt(parts)
    if not any(kind == "word" and any(r for r in renderings) for kind, renderings in parts):
        return ()  # nothing translated: the name as written says it all
    generic = [p for p in parts if p[0] == "word"]
    if len(generic) == len(parts) and _distinctive(generic) < MIN_GENERIC_WORDS:
        return ()  # 中央銀行, 造船会社: organisation words alone, too few to name anyone
    if korean_only:
        return tuple(Reading(r, name, _NEVER, NORTH_KOREA, KOREAN_MIN_SCORE)
                     for r, _ in _readings([parts], [False])[:MAX_KOREAN_READINGS])
    variants = [parts]
    scoped: list[Reading] = []
    scope: frozenset[str] = frozenset()
    places = [p for p in parts if p[0] == "place"]
    if places and generic == [p for p in parts if p[0] != "place"]:
        codes = _place_data()[0]
        scope = frozenset(c for _, r in places for c in codes.get(r, ()))
        if _distinctive(generic) >= MIN_GENERIC_WORDS:
            # a state body named with its country (北朝鮮国家保衛省) is often listed without it
            # (MINISTRY OF STATE SECURITY)
            variants.append(generic)
        elif _distinctive(generic) >= MIN_SCOPED_WORDS and scope:
            # イラン観光銀行: TOURISM BANK, a listed party of Iran; in the last places (the
            # readings with the country come first)
            scoped = [Reading(r, name, _NEVER, scope, SCOPED_MIN_SCORE)
                      for r, _ in _readings([generic], [True])[:MAX_SCOPED_READINGS]]
    unit = _unit(parts)
    if unit:  # 朝鮮労働党軍需工業部: MUNITIONS INDUSTRY DEPARTMENT (the last places too)
        scoped = [Reading(r, name, GENERIC_MIN_SCORE, scope, SCOPED_MIN_SCORE)
                  for r, _ in _readings([unit], [True])[:MAX_SCOPED_READINGS]]
    generic_only = [v is generic or len(generic) == len(v) for v in variants]
    readings = [Reading(r, name, GENERIC_MIN_SCORE, scope, SCOPED_MIN_SCORE) if alone
                else Reading(r, name) for r, alone in _readings(variants, generic_only)]
    return tuple(readings[:MAX_MAIN_READINGS] + scoped)


def _spelt(parts: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """The parts of a Japanese firm's name (it holds a Japanese legal form) with its katakana
    word, when it has exactly one, written as it reads in Latin (株式会社セブン銀行: "sebun
    bank"): a Japanese name, compared as spelt, never by kana key, as `japanese.romanise`
    compares such a name written without translated words."""
    kana = [i for i, (kind, r) in enumerate(parts)
            if kind == "foreign" and _KATAKANA.fullmatch(r[0])]
    if len(kana) != 1:
        return parts
    i = kana[0]
    return [*parts[:i], ("foreign", (" ".join(romanise(parts[i][1][0])[0].split()),)),
            *parts[i + 1:]]


@cache
def _fused_words() -> dict[str, tuple[str, ...]]:
    """Japanese word -> the katakana sounds a list writes it fused with a name in."""
    return {k: tuple(v) for k, v in _glossary_file()["fused_words"].items()}


def fused_readings(text: str) -> list[str]:
    """`text` with each katakana name that is followed by a word of `[fused_words]` fused with
    that word's katakana sound (ノビコム銀行 -> ノビコムバンク), the rest as written; at most
    `MAX_FUSED_READINGS`."""
    fused = _fused_words()
    out: list[str] = []
    for m in _KATAKANA.finditer(text):
        rest = text[m.end():].lstrip("・･ 　")
        for word, sounds in fused.items():
            if rest.startswith(word) and not (_KATAKANA.fullmatch(word)
                                              and _KATAKANA.match(rest, len(word))):
                for sound in sounds:
                    name = m.group()
                    if name.endswith(sound) or name == word:
                        continue
                    out.append(text[:m.start()] + name + sound + rest[len(word):])
    return list(dict.fromkeys(out))[:MAX_FUSED_READINGS]


def _unit(parts: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """The organisation words after the last parent body (労働党, 軍, ...) of a name, when they
    give `MIN_GENERIC_WORDS` English words or more; [] otherwise."""
    parents = _parent_bodies()
    last = max((i for i, (kind, r) in enumerate(parts) if kind == "word" and r in parents),
               default=None)
    if last is None:
        return []
    unit = parts[last + 1:]
    if any(kind != "word" for kind, _ in unit) or _distinctive(unit) < MIN_GENERIC_WORDS:
        return []
    return unit


def _readings(variants: list[list[tuple[str, tuple[str, ...]]]], generic_only: list[bool]
              ) -> list[tuple[str, bool]]:
    """Readings of each variant of a name's parts, with whether the variant is organisation
    words alone: the usual reading of each variant first, then the others, variant by
    variant."""
    per_variant = [[" ".join(w for w in (r[c] for (_, r), c in zip(v, choice, strict=True)) if w)
                    for choice in _choices(v)] for v in variants]
    readings: dict[str, bool] = {}  # reading -> of organisation words alone
    for k in range(max(map(len, per_variant))):
        for rs, alone in zip(per_variant, generic_only, strict=True):
            if k < len(rs) and rs[k] and rs[k] not in readings:
                readings[rs[k]] = alone
    return list(readings.items())


class Reading(str):
    """An English reading of a Japanese name (`source`): a search for it explains where it
    came from."""

    source: str
    min_score: float  # a match of this reading counts from this score on
    countries: frozenset[str]  # ... or, with a party of these countries, from `country_score`
    country_score: float

    def __new__(cls, text: str, source: str, min_score: float = 0.0,
                countries: frozenset[str] = frozenset(), country_score: float = 1.0
                ) -> Reading:
        r = super().__new__(cls, text)
        r.source = source
        r.min_score = min_score
        r.countries = countries
        r.country_score = country_score
        return r

    def counts(self, entity: Entity, score: float) -> bool:
        """Whether a match of this reading with `entity` at `score` counts."""
        if score >= self.min_score:
            return True
        if score < self.country_score or not self.countries:
            return False
        return not self.countries.isdisjoint(
            _codes((*entity.countries, *entity.nationalities,
                    *(a.country for a in entity.addresses if a.country))))

    def explain(self) -> str:
        """How the name was read, for a match's explanation."""
        return f"read as '{self}' from {self.source} (glossary)"


def _choices(parts: list[tuple[str, tuple[str, ...]]]) -> list[tuple[int, ...]]:
    """Which rendering of each part the readings use, the likeliest first: the first rendering
    of every part; then a country's adjective (its second rendering: "iranian"); then one
    organisation word changed to its next rendering; then two such changes together
    ("national iranian oil company"), or a country to another form. A word's k-th next
    rendering costs k, a country's adjective 0.5 and its other forms `OTHER_FORM_COST`
    (after the adjective with one word changed); readings are tried by cost, up to
    `MAX_COST`; ties: one change before two, organisation words before country words, left to
    right. At most `MAX_MAIN_READINGS` are used, so the work per name stays bounded."""
    order = sorted(range(len(parts)), key=lambda i: (parts[i][0] == "place", i))
    steps: list[tuple[float, int, int]] = []  # (cost, part, rendering)
    for i in order:
        for k in range(1, len(parts[i][1])):
            if parts[i][0] == "place":  # a country's other forms are all as likely
                cost = 0.5 if k == 1 else OTHER_FORM_COST
            else:
                cost = float(k)
            if cost <= MAX_COST:
                steps.append((cost, i, k))
    first = (0,) * len(parts)
    found: list[tuple[float, int, tuple[int, ...]]] = [(0.0, 0, first)]
    for a, (ca, ia, ka) in enumerate(steps):
        found.append((ca, 1 + a, first[:ia] + (ka,) + first[ia + 1:]))
        for b in range(a + 1, len(steps)):
            cb, ib, kb = steps[b]
            if ib != ia and ca + cb <= MAX_COST:
                choice = list(first)
                choice[ia], choice[ib] = ka, kb
                found.append((ca + cb, 1 + len(steps) * (1 + a) + b, tuple(choice)))
    found.sort(key=lambda f: (f[0], f[1]))
    return [c for _, _, c in found[:MAX_MAIN_READINGS]]


def _distinctive(parts: list[tuple[str, tuple[str, ...]]]) -> int:
    """How many English words the usual reading of `parts` (organisation words) has, besides
    legal forms and "of", "the", "and" (偵察総局 = "reconnaissance general bureau": 3)."""
    return sum(1 for _, renderings in parts for w in renderings[0].split()
               if w not in _LEGAL_FORMS)


_LEGAL_FORMS = frozenset(["", "company", "corporation", "of", "the", "and"])
