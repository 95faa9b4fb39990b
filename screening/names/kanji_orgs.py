"""English readings of Japanese organisation names written with translated words.

Japanese writes a foreign organisation by translating its name: 朝鮮貿易銀行 (Korea Trade Bank),
イラン中央銀行 (Central Bank of Iran), セパ銀行 (Bank Sepah). Read word by word as Japanese
(朝鮮 = "chosen") such a name meets nothing on a Latin list. Here a name made entirely of known
words (`screening/data/japanese_org_glossary.toml`: organisation words such as 銀行, 中央, 貿易,
省, and country words such as 朝鮮, イラン) and foreign names (katakana or Latin words) is also
given English readings, searched beside the name as written (see `NameIndex.search`):

- every part of the name must be known: a kanji the glossary does not hold (山田, 三菱, 日本)
  or hiragana (みずほ) means the name is not a translated foreign name, and it gets no reading;
  except in a name with a Korean country word (朝鮮, 北朝鮮), where such kanji are a Korean
  name written in its Chinese characters, read in Korean (`korean_hanja`: 朝鮮光鮮銀行 =
  "korea kwangson bank");
- katakana loanwords (ホールディングス, ...) become their English words
  (`japanese_loanwords.toml`); any other katakana word is a foreign name and stays as written
  (the matcher reads it as Japanese hears it: セパ meets SEPAH);
- a word with several English renderings gives several readings: the first rendering of every
  word, then one word changed to its next rendering (at most `MAX_READINGS`);
- a name of organisation words alone is read only when it has `MIN_GENERIC_WORDS` of them or
  more besides legal forms (国家保衛省 = MINISTRY OF STATE SECURITY, a listed name; not
  中央銀行, 開発銀行, 造船会社, which name no one); a name of a country word and such words is
  also read without the country (北朝鮮国家保衛省), as state bodies are often listed without it.

Word order and "of the" are left to the matcher, which compares names as sets of weighted
words: "iran central bank" meets CENTRAL BANK OF IRAN.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from screening.names import korean_hanja

MAX_READINGS = 4  # English readings of one name, at most
MAX_LENGTH = 60  # characters: longer text is not read (work per name stays bounded)
MIN_GENERIC_WORDS = 3  # organisation words (not legal forms) a name of such words alone needs

_KANJI = re.compile(r"[\u3005\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_KATAKANA = re.compile(r"[ァ-ヺー]+")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.'\-]*")
_SEPARATORS = re.compile(r"[\s・･=＝\-‐()（）「」『』,、.。/]+")


@cache
def _glossary() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(country words, organisation words) -> English renderings (the glossary, plus the
    katakana loanwords of `japanese_loanwords.toml` as organisation words)."""
    files = resources.files("screening.data")
    data = tomllib.loads(files.joinpath("japanese_org_glossary.toml").read_text("utf-8"))
    loan = tomllib.loads(files.joinpath("japanese_loanwords.toml").read_text("utf-8"))
    places = {k: tuple(v) for k, v in data["places"].items()}
    words = {k: (v,) for k, v in loan["loanwords"].items()}
    words.update({k: tuple(v) for k, v in data["words"].items()})
    return places, words


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
            m = _KATAKANA.match(chunk, pos) or _LATIN.match(chunk, pos)
            if m is None or pending:
                return None
            out.append(("foreign", (m.group(),)))
            pos = m.end()
    if pending and not _flush(pending, out):
        return None
    return out


def _flush(run: str, out: list[tuple[str, tuple[str, ...]]]) -> bool:
    """`run` (kanji) read in Korean onto `out`; False when it cannot be."""
    reading = korean_hanja.korean_reading(run)
    if reading is None:
        return False
    out.append(("foreign", (reading,)))
    return True


def _parts(text: str, korean: bool) -> list[tuple[str, tuple[str, ...]]] | None:
    parts: list[tuple[str, tuple[str, ...]]] = []
    for chunk in _SEPARATORS.split(text):
        if chunk:
            seg = _segment(chunk, korean)
            if seg is None:
                return None
            parts += seg
    return parts


@lru_cache(maxsize=20_000)
def english_readings(name: str) -> tuple[str, ...]:
    """English readings of a Japanese organisation name made of known words and foreign names
    (see the module docstring); () for any other name."""
    if name.isascii() or len(name) > MAX_LENGTH:
        return ()
    text = unicodedata.normalize("NFKC", name)
    if not _KANJI.search(text):
        return ()  # katakana or Latin alone: no translated words (read as written)
    parts = _parts(text, korean=False)
    if parts is None and any(k in text for k in korean_hanja.korea_words()):
        parts = _parts(text, korean=True)  # a Korean name in kanji: 朝鮮光鮮銀行
    if parts is None:
        return ()
    if not any(kind == "word" and any(r for r in renderings) for kind, renderings in parts):
        return ()  # nothing translated: the name as written says it all
    generic = [p for p in parts if p[0] == "word"]
    if len(generic) == len(parts) and _distinctive(generic) < MIN_GENERIC_WORDS:
        return ()  # 中央銀行, 造船会社: organisation words alone, too few to name anyone
    variants = [parts]
    if any(kind == "place" for kind, _ in parts) and generic == [
            p for p in parts if p[0] != "place"] and _distinctive(generic) >= MIN_GENERIC_WORDS:
        # a state body named with its country (北朝鮮国家保衛省) is often listed without it
        # (MINISTRY OF STATE SECURITY)
        variants.append(generic)
    # (the usual reading of each variant first, then the others, variant by variant)
    per_variant = [[" ".join(w for w in (r[c] for (_, r), c in zip(v, choice, strict=True)) if w)
                    for choice in _choices(v)] for v in variants]
    readings: list[str] = []
    for k in range(max(map(len, per_variant))):
        for rs in per_variant:
            if k < len(rs) and rs[k] and rs[k] not in readings:
                readings.append(rs[k])
    return tuple(readings[:MAX_READINGS])


def _choices(parts: list[tuple[str, tuple[str, ...]]]) -> list[tuple[int, ...]]:
    """Which rendering of each part the readings use: the first of every part, then one part
    changed to its next rendering (organisation words before country words, left to right)."""
    first = (0,) * len(parts)
    out = [first]
    order = sorted(range(len(parts)), key=lambda i: (parts[i][0] == "place", i))
    for i in order:
        for k in range(1, len(parts[i][1])):
            out.append(first[:i] + (k,) + first[i + 1:])
    return out


def _distinctive(parts: list[tuple[str, tuple[str, ...]]]) -> int:
    """How many of `parts` (organisation words) are more than a legal form."""
    return sum(1 for _, renderings in parts if renderings[0] not in _LEGAL_FORMS)


_LEGAL_FORMS = frozenset(["", "company", "corporation"])
