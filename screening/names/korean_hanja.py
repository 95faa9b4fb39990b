"""Korean names written in Chinese characters, read in Korean and romanised as the lists write
North Korean names (端川 = tanchon, 光鮮 = kwangson, 連峰 = ryonbong).

Readings: `screening/data/hanja_korean.tsv` (Unicode's Unihan kHangul, made by
benchmarks/make_hanja_korean.py: the standard reading, before the South Korean initial-sound
rule, as North Korean names keep it: 綾羅島 = 릉라도 rungrado, not 능나도; a Japanese reduced
form read as its traditional character: 台 as 臺 대, 万寿台 = mansudae); romanisation: the
`[korean]` table of `screening/data/japanese_org_glossary.toml` (McCune-Reischauer without
breves).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

_SYLLABLES = (0xAC00, 0xD7A3)
_VOICING_FINALS = frozenset([0, 4, 8, 16, 21])  # none, n, l, m, ng: a plain stop after is voiced


@cache
def _hangul() -> dict[str, str]:
    text = resources.files("screening.data").joinpath("hanja_korean.tsv").read_text("utf-8")
    return dict(line.split("\t") for line in text.splitlines()
                if line and not line.startswith("#"))


@cache
def _jamo() -> dict[str, list[str]]:
    text = resources.files("screening.data").joinpath("japanese_org_glossary.toml").read_text(
        "utf-8")
    return tomllib.loads(text)["korean"]


def korea_words() -> tuple[str, ...]:
    """Japanese words for Korea: a name holding one may write Korean names in kanji."""
    return tuple(_jamo()["korea"])


def romanise_hangul(text: str) -> str | None:
    """Hangul syllables as one Latin word (None if `text` has anything else)."""
    j = _jamo()
    out: list[str] = []
    prev_final: int | None = None
    for ch in text:
        cp = ord(ch)
        if not _SYLLABLES[0] <= cp <= _SYLLABLES[1]:
            return None
        s = cp - _SYLLABLES[0]
        lead, vowel, final = s // 588, (s % 588) // 28, s % 28
        voiced = prev_final is not None and prev_final in _VOICING_FINALS
        out.append((j["initials_voiced"] if voiced else j["initials"])[lead]
                   + j["vowels"][vowel] + j["finals"][final])
        prev_final = final
    return "".join(out)


def korean_reading(run: str) -> str | None:
    """A run of Chinese characters read in Korean as one romanised word; None when a character
    has no Korean reading."""
    table = _hangul()
    hangul = []
    for ch in run:
        h = table.get(ch)
        if h is None:
            return None
        hangul.append(h)
    return romanise_hangul("".join(hangul))
