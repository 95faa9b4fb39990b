"""`japanese.replace_words` (the organisation words, loanwords and Zengin forms of a Japanese
name replaced by a look-up per place) replaces what the pattern of all those words replaces,
on the case sets' Japanese names and on text made up to meet every word and its edges."""

from __future__ import annotations

import csv
import random
import unicodedata
from pathlib import Path

from screening.names import japanese

CASES = Path(__file__).parent / "cases"


def _case_texts() -> list[str]:
    out: dict[str, None] = {}
    for path in sorted(CASES.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for key in ("query", "list_name"):
                    text = unicodedata.normalize("NFKC", row.get(key) or "").casefold()
                    if japanese._KANA.search(text) or japanese._KANJI.search(text):
                        out[text] = None
    return list(out)


def _made_up(rng: random.Random, words: list[str], n: int) -> list[str]:
    """Texts of table words, bits of them, katakana, kanji and separators run together (a
    katakana word next to other katakana is not a word)."""
    bits = ["ア", "ン", "ー", "ッ", "ァ", "ヺ", "・", " ", "山", "田", "(", ")", "-", "a", "ｶ"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 6)):
            w = rng.choice(words)
            pick = rng.random()
            parts.append(w if pick < 0.5 else w[:rng.randint(1, len(w))] if pick < 0.7
                         else rng.choice(bits))
        out.append("".join(parts))
    return out


def test_word_scan_replaces_as_the_pattern() -> None:
    rng = random.Random(11)
    texts = _case_texts()
    assert len(texts) > 300
    for halfwidth in (False, True):
        pattern, table = japanese._words(halfwidth)
        words = sorted(table)
        sample = texts + _made_up(rng, words, 6_000) + [
            "", "ー", "バンク", "ノビコムバンク", "バンクー", "ーバンク", "株式会社" * 500,
            "ア" * 3000, "銀行\ud800銀行", "\u202e銀行\u202c"]
        want = [pattern.sub(lambda m, t=table: t[m.group()], t) for t in sample]
        got = [japanese.replace_words(t, halfwidth) for t in sample]
        assert got == want
        assert sum(g != t for g, t in zip(got, sample, strict=True)) > 2000
