"""`kanji_orgs.english_readings` skips names with no glossary word (most Chinese names) by a
quick test, with the same readings as without it: on the case sets' names in kanji and on
names made up of glossary words, Chinese names and Korean hanja."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from screening.names import kanji_orgs, korean_hanja

CASES = Path(__file__).parent / "cases"


def _names() -> list[str]:
    out: dict[str, None] = {}
    for path in sorted(CASES.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for key in ("query", "list_name"):
                    name = row.get(key) or ""
                    if kanji_orgs._KANJI.search(name):
                        out[name] = None
    rng = random.Random(4)
    places, words = kanji_orgs._glossary()
    pool = sorted(words) + sorted(places) + sorted(korean_hanja.korea_words()) + [
        "陈", "英", "林柏諺", "骆建军", "第77", "第1", "(株)", "・", "バンク", "ノビコム", "A&B"]
    for _ in range(4000):
        out["".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))] = None
    return list(out)


def test_quick_skip_gives_the_same_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    names = _names()
    assert len(names) > 3000
    read = kanji_orgs.english_readings.__wrapped__
    got = [read(n) for n in names]
    assert sum(map(bool, got)) > 500
    assert sum(not kanji_orgs._may_translate(n) for n in names) > 300
    monkeypatch.setattr(kanji_orgs, "_may_translate", lambda text: True)
    assert [read(n) for n in names] == got
