"""The fast batch normalisation (`normalize_many`, screening/names/normalize_batch.py) gives
exactly what `normalize` gives name by name, and what the batch code it replaced
(`normalize_many_reference`) gives, on a large set of names in many scripts: every query and
listed name of the labelled case sets (Latin with diacritics, Cyrillic, Greek, Arabic, Chinese,
Japanese kanji and kana incl. half-width, Korean, look-alike letters), the built-in lists, and
variants of them written as screening meets them (upper case, `SURNAME, Given`, legal forms and
honorifics added, invisible characters, look-alike letters of another script, half-width
katakana, line breaks)."""

from __future__ import annotations

import csv
import random
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from screening.lists import builtin_lists
from screening.names import japanese
from screening.names.knowledge import knowledge
from screening.names.normalize import NormName, _fold_text, normalize, normalize_many_reference
from screening.names.normalize_batch import normalize_many

CASES = Path(__file__).parent / "cases"

HAND = [
    "", " ", "-", "Ltd", "LLC", "Mr", "Dr. Smith", "Sheikh Mohammed bin Rashid Al Maktoum",
    "LUKASHENKA, Alyaksandr Hryhoryavich", "Putin, V.", "a, b, c", "Smith,", ", John",
    "O'Brien & Sons Ltd.", "Ромашка ООО", "ООО «Ромашка»", "Общество с ограниченной "
    "ответственностью Ромашка", "Sociedad Aonima Rio", "Open Jpint Stock Company Sberbank",
    "Obshchestvo s Ogranichennoi Otvetstvennostyu Vega", "Sberbank Rossii PAO", "VTB Bank (PJSC)",
    "Рrоmѕvуаzbаnk", "РОРЕ Holding С.V.", "Gаzprom", "Ｇａｚｐｒｏｍ", "ＶＴＢ銀行",
    "Sber\u200bbank", "Vla\u00addimir Putin", "\u202eniput\u202c", "Ali\ufeff Khamenei",
    "Ζυγούρης-Μηλιάκη Ο.Ε.", "ΟΔΟΣ ΑΘΗΝΑΣ", "Müller GmbH & Co. KG", "Straße", "ǅokić",
    "株式会社山田食品", "ｶ)ﾔﾏﾀﾞｼｮｸﾋﾝ", "ﾕﾅｲﾃﾂﾄﾞ ﾎｰﾙﾃﾞｨﾝｸﾞｽ", "ゲンナジー・ティムチェンコ",
    "キム・ジョンウン", "金正恩", "김정은", "朝鮮民主主義人民共和国", "中国石油天然气集团公司",
    "مؤسسة الشهيد", "حزب الله", "Ḥizbullāh", "Nguyễn Tấn Dũng", "İsmail Ağa", "Łukasz Żółw",
    "Kaddafi\nMuammar", "JSC «Tikhomirov»", "Des International", "The Bank of Russia",
    "S.A. de C.V. Grupo Uno", "Grupo Uno S.A. de C.V.", "Public Joint Stock Company Rosneft",
    "Mrs. Smith-Jones", "Sayyid Ali Hosseini", "Hajji Abdul Qadeer", "H.E. Mr Min Aung Hlaing",
]

_LOOK_ALIKE = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")
# full-width katakana -> half-width, from the compatibility characters NFKC reads back
_HALFWIDTH = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF65, 0xFFA0)}
_LEGAL = ["LLC", "Ltd.", "S.A.", "GmbH", "OOO", "ООО", "PJSC", "S.A. de C.V.", "Limited",
          "Public Joint Stock Company", "Sociedad Anonima", "株式会社", "Co., Ltd.", "Company",
          "Corporation", "Incorporated", "Aktiengesellschaft", "Enterprise", "Partnership",
          "Joint Stock Company", "Limited Liability Company", "Gufen Youxian Gongsi",
          "Obshchestvo s Ogranichennoi Otvetstvennostyu", "Aktsionernoe Obshchestvo"]
_HONORIFIC = ["Mr", "Mrs.", "Dr", "Sheikh", "Haji", "H.E.", "Господин", "Professor", "Maulana",
              "Monsieur", "Gospodin", "Mawlawi"]


def _typo(rng: random.Random, words: list[str]) -> str:
    """One of `words`, half the time with a letter dropped or doubled."""
    w = rng.choice(words)
    if rng.random() < 0.5 and len(w) > 3:
        i = rng.randrange(1, len(w) - 1)
        w = w[:i] + w[i + 1:] if rng.random() < 0.5 else w[:i] + w[i] + w[i:]
    return w


def _case_names() -> list[str]:
    out: dict[str, None] = {}
    for path in sorted(CASES.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for key in ("query", "list_name"):
                    if row.get(key):
                        out[row[key]] = None
    for wl in builtin_lists():
        for e in wl.entities:
            for n in e.names:
                out[n.value] = None
    return list(out)


def _variants(names: list[str], rng: random.Random) -> list[str]:
    out = []
    for n in names:
        words = n.split()
        pick = rng.random()
        if pick < 0.15:
            out.append(n.upper())
        elif pick < 0.3 and len(words) > 1:
            out.append(f"{words[-1].upper()}, {' '.join(words[:-1])}")
        elif pick < 0.45:
            out.append(f"{n} {_typo(rng, _LEGAL)}")
        elif pick < 0.55:
            out.append(f"{_typo(rng, _HONORIFIC)} {n}")
        elif pick < 0.65 and len(n) > 2:
            i = rng.randrange(1, len(n))
            out.append(n[:i] + rng.choice("\u200b\u00ad\u200d\u2060\ufeff") + n[i:])
        elif pick < 0.8:
            out.append(n.translate(_LOOK_ALIKE) if rng.random() < 0.3 else "".join(
                c.translate(_LOOK_ALIKE) if rng.random() < 0.2 else c for c in n))
        elif pick < 0.9 and japanese._KANA.search(n):
            out.append("".join(_HALFWIDTH.get(c, c) for c in n))
        elif pick < 0.95 and len(words) > 1:
            out.append("\n".join(words))
        else:
            out.append(f"{_typo(rng, _LEGAL)} {n}")
    return out


@pytest.fixture(scope="module")
def names() -> list[str]:
    base = _case_names()
    rng = random.Random(16)
    return list(dict.fromkeys(HAND + base + _variants(base, rng)))


def _same(got: list[NormName], want: list[NormName], items: list[tuple[str, bool | None]]
          ) -> None:
    assert len(got) == len(want)
    bad = [(items[i], g, w) for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w
           or (g.raws is g.tokens) != (w.raws is w.tokens)]
    assert not bad, f"{len(bad)} differ, first: {bad[0]}"


def test_the_set_covers_many_scripts(names: list[str]) -> None:
    def has(lo: int, hi: int) -> int:
        return sum(1 for n in names if any(lo <= ord(c) <= hi for c in n))

    assert len(names) > 30_000
    for lo, hi in [(0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x600, 0x6FF),
                   (0x4E00, 0x9FFF), (0x30A0, 0x30FF), (0xFF65, 0xFF9F), (0xAC00, 0xD7A3),
                   (0x200B, 0x200F)]:
        assert has(lo, hi) >= 20, hex(lo)
    assert sum(1 for n in names if n.count(",") == 1) > 1000


def test_batch_equals_one_by_one_and_the_reference(names: list[str]) -> None:
    """Both readings (person, organisation), as a search of unknown kind asks for them."""
    items = [(n, p) for n in names for p in (True, False)]
    got = normalize_many(items)
    _same(got, normalize_many_reference(items), items)
    sample = random.Random(7).sample(range(len(items)), 4000)
    _same([got[i] for i in sample], [normalize(*items[i]) for i in sample],
          [items[i] for i in sample])
    # one object per reading, as the search expects (it tells the readings apart by identity)
    assert all(got[i] is not got[i + 1] for i in range(0, len(got), 2))


def test_batch_of_unknown_kind_equals_one_by_one(names: list[str]) -> None:
    items = [(n, None) for n in names[::5]]
    _same(normalize_many(items), [normalize(n, p) for n, p in items], items)


def test_batch_of_repeated_names_in_any_order() -> None:
    items = [(n, p) for n in HAND for p in (True, False, None)] * 2
    random.Random(3).shuffle(items)
    _same(normalize_many(items), [normalize(n, p) for n, p in items], items)
    assert normalize_many([]) == []


def test_kanji_words_are_found_as_the_pattern_finds_them(names: list[str]) -> None:
    """`japanese.has_kanji_word` stands for the organisation-word pattern in text without
    kana."""
    texts = [unicodedata.normalize("NFKC", n).casefold() for n in names]
    texts = [t for t in texts if japanese._KANJI.search(t) and not japanese._KANA.search(t)]
    texts += ["国防省", "中国", "北朝鮮銀行", "氏", "山田様", "株", "(株)山田", "省略"]
    assert len(texts) > 500
    pattern = japanese._words()[0]
    assert [japanese.has_kanji_word(t) for t in texts] == [
        bool(pattern.search(t)) for t in texts]
    assert sum(map(japanese.has_kanji_word, texts)) > 50


def test_fold_rules_fold_as_their_templates_say(names: list[str]) -> None:
    """The fold rules as compiled (a replacement that is one group of the match given by
    `itemgetter`) fold every word as the rules written in transliteration.toml do."""
    rules = tomllib.loads((Path(__file__).resolve().parents[1] / "screening" / "data"
                           / "transliteration.toml").read_text("utf-8"))["fold"]
    compiled = [(re.compile(r["pattern"], re.M), r["replace"]) for r in rules]
    words = sorted({w for n in names[::3] for w in normalize(n, False).raws})
    assert len(words) > 5000
    text = "\n".join(words)
    for pattern, repl in compiled:
        text = pattern.sub(repl, text)
    assert _fold_text("\n".join(words)) == text
    assert any(not isinstance(r, str) for _, r in knowledge().folds)
