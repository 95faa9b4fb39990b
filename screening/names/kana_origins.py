"""The kana keys of a Latin-script listed word as the languages it may come from sound it
(`screening/data/japanese_origins.toml`): Japanese writes a name as its language sounds, not
as the letters of its list spelling read (pinyin GUIQIN = グイチン, Turkish CEMIL = ジェミル,
Spanish VILLEGAS = ビジェガス). Every listed word keeps its own kana key (`japanese.kana_key`)
and is also filed and compared under these."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from screening.names.japanese import kana_key, kana_keys


@cache
def _origins(joined: bool = False) -> tuple[tuple[str, tuple[tuple[re.Pattern[str], str], ...]],
                                            ...]:
    """The respelling rules of each origin (`screening/data/japanese_origins.toml`); with
    `joined`, of the origins whose names join words (`joined = true`)."""
    text = resources.files("screening.data").joinpath("japanese_origins.toml").read_text(
        "utf-8")
    return tuple((o["name"], tuple((re.compile(p, re.M), r) for p, r in o["rules"]))
                 for o in tomllib.loads(text)["origin"] if o.get("joined") or not joined)


_variants: dict[str, tuple[str, ...]] = {}
_joined_variants: dict[str, tuple[str, ...]] = {}


def kana_key_variants(word: str, joined: bool = False) -> tuple[str, ...]:
    """The kana keys Japanese may write a Latin word (of a listed name) with: its own key
    first, then the key of the word as each origin of `japanese_origins.toml` sounds it
    (pinyin GUIQIN = グイチン, Turkish CEMIL = ジェミル, Spanish VILLEGAS = ビジェガス), each
    once. A katakana word meets the Latin word when its key equals (or is near) any of them.
    `joined`: `word` is two words of a person's name run together (Bin Laden = ビンラディン):
    by the origins whose names join words only."""
    cache = _joined_variants if joined else _variants
    got = cache.get(word)
    if got is None:
        keys = {kana_key(word): None}
        if word.isascii() and word.isalpha():
            for _, rules in _origins(joined):
                spelt = word
                for pattern, repl in rules:
                    spelt = pattern.sub(repl, spelt)
                if spelt != word:
                    keys.setdefault(kana_key(spelt))
        got = tuple(keys)
        if len(cache) > 500_000:
            cache.clear()
        cache[word] = got
    return got


def kana_key_variants_many(words: set[str], joined: bool = False
                           ) -> dict[str, tuple[str, ...]]:
    """`kana_key_variants` of many words at once, as `kana_keys` (each origin's rules run once
    over the words joined by line breaks; none crosses a line, and a word of other letters
    than a-z keeps its own key only)."""
    cache = _joined_variants if joined else _variants
    todo = [w for w in words if w not in cache and w.isascii() and w.isalpha()]
    if todo:
        lines = "\n".join(todo)
        spelt_by_origin = []
        for _, rules in _origins(joined):
            text = lines
            for pattern, repl in rules:
                text = pattern.sub(repl, text)
            spelt = text.split("\n")
            if len(spelt) != len(todo):  # (a rule made or ate a line break: one at a time)
                return {w: kana_key_variants(w, joined) for w in words}
            spelt_by_origin.append(spelt)
        keys = kana_keys({*todo, *(w for sp in spelt_by_origin for w in sp)})
        for i, w in enumerate(todo):
            got = {keys[w]: None}
            for sp in spelt_by_origin:
                if sp[i] != w:
                    got.setdefault(keys[sp[i]])
            cache[w] = tuple(got)
    return {w: kana_key_variants(w, joined) for w in words}
