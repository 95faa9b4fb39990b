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
from screening.names import fastcore, japanese
from screening.names import normalize_batch as nb
from screening.names.knowledge import knowledge
from screening.names.normalize import (
    NormName,
    _fold_text,
    _misspelt,
    normalize,
    normalize_many_reference,
)
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


# names as payment files write them (SWIFT upper case, punctuation, initials, apostrophes,
# digits), and hostile ones: very long, very many words, odd Unicode
SWIFT = [
    "BUSH LTD", "HAKANSSON, NELLIE", "AURORA-BUMB", "O'NEILL & O`BRIEN LLP", "J.P. MORGAN CHASE",
    "MR JOHN SMITH", "SMITH JOHN MR", "DR. MED. HANS MUELLER", "ACME CO., LTD.", "ACME CO LTD",
    "PT BANK MANDIRI (PERSERO) TBK", "OOO ROMASHKA", "ROMASHKA OOO", "SHEIKH AHMED AL-THANI",
    "SOCIEDAD ANOIMA RIO", "LIMITD", "LIMTED PARTNERSHP", "PROFESOR JAN NOWAK", "MAWLAWI",
    "ABC 123 TRADING 4U", "'''", "--", "A", "A B", "  ", "X Y Z", "MUELLER GMBH & CO. KG",
    "THE BANK OF NEW YORK MELLON", "DES INTERNATIONAL", "ALYAKSANDR, LUKASHENKA",
    "OPEN JOINT STOCK COMPANY GAZPROM", "GAZPROM OPEN JOINT STOCK COMPANY", "CORPORATON ABC",
]
HOSTILE = [
    "a" * 5000, " ".join(["Ivan", "Petrov"] * 2000), "x" * 300 + " " + "y" * 300,
    "LLC " * 500, "Mr " * 300 + "Smith", "O" + "'" * 1000 + "Brien", "'" * 1000,
    ", ".join(["Smith"] * 200), "Smith,John", "e\u0301\u0301\u0301 Mu\u0308ller",
    "\U0001f600 Bank \U0001f4b0", "\u202e\u202d Ivan \u200f Petrov", "\ufb01rst \ufb02oor",
    "ＩＶＡＮ　ＰＥＴＲＯＶ", "Ⅳ Ⅻ ⑮", "Straße ǅ ǈ İ ı", "\x00 \x01\x7f Ivan",
    "\t\r\n\x0b\x0c\x1c\x1d Petrov", "Иван\u00a0Петров", "a\ud800b", "١٢٣ محمد",
    "ｶ)ﾔﾏﾀﾞ ｼｮｳｼﾞ " * 30, "漢" * 3000, "Ivan" + "\u0301" * 500,
]


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
    return list(dict.fromkeys(HAND + SWIFT + base + _variants(base, rng)))


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


@pytest.mark.filterwarnings("ignore:Surrogate character")  # (unidecode, on a lone surrogate)
def test_hostile_and_payment_names_equal_one_by_one() -> None:
    items = [(n, p) for n in SWIFT + HOSTILE for p in (True, False, None)]
    _same(normalize_many(items), [normalize(n, p) for n, p in items], items)


@pytest.mark.filterwarnings("ignore:Surrogate character")  # (unidecode, on a lone surrogate)
def test_pure_python_path_equals_the_compiled_one(names: list[str]) -> None:
    """With and without the compiled core (`line_parts`), the same names; both start with
    no word remembered."""
    items = [(n, p) for n in names[::2] + HOSTILE for p in (True, False)]
    nb._words.cache_clear()
    got = normalize_many(items)
    nb._words.cache_clear()
    with fastcore.pure_python():
        _same(normalize_many(items), got, items)


needs_core = pytest.mark.skipif(not fastcore.available(),
                                reason="the compiled core was not built")


@needs_core
@pytest.mark.filterwarnings("ignore:Surrogate character")  # (unidecode, on a lone surrogate)
def test_compiled_line_parts_equal_python(names: list[str]) -> None:
    """`line_parts` splits and tests each line as `_parts` does, on the lines of many names
    and on hostile ones; it leaves what it cannot do (a line not in ASCII) and reports the
    words it does not know."""
    tb = nb._tables()
    lines = [line for n in names + HOSTILE + SWIFT for line in nb._prepare(n, tb)[:2]
             if line is not None]
    lines += [line.upper() for line in lines[:2000]]  # (A-Z separate words, as the regex)
    lines += ["", " ", "'", "a'", "'a", "a' b", "a''b", "`x`y`", "0 9 a z { } ~ @ [ ]",
              "a\x00b", "a\x7fb", "ab\ncd", "é", "a é b", "x" * 100_000,
              " ".join(["w"] * 50_000)]
    known = nb._Words(tb)
    got, missing = fastcore.core.line_parts(lines, known)
    assert got.count(None) > 1000 and len(missing) > 1000
    assert set(missing) == {w for line in lines if line.isascii() for w in nb._split(line)
                            if w not in known}
    nb._learn(lines, known)
    got, missing = fastcore.core.line_parts(lines, known)
    assert not missing
    for line, g in zip(lines, got, strict=True):
        if not line.isascii():
            assert g is None
            continue
        want = nb._parts(line, known)
        assert g == want, line[:80]
        assert all(a is b for a, b in zip(g[0], want[0], strict=True))  # interned words
    plain = [g[2] for g in got if g is not None]
    assert 0 < plain.count(0) < plain.count(7)
    assert all(plain.count(m) > 100 for m in (1, 5))  # (as a person's only; not as a firm's)
    with pytest.raises(TypeError):
        fastcore.core.line_parts(["a"], {"a": ("a", "a")})


def test_misspellings_found_together_as_one_by_one(names: list[str]) -> None:
    tb = nb._tables()
    words = sorted({w for n in names[::3] for w in normalize(n, False).raws if len(w) >= 6})
    for choices in (tb.lf_fuzzy, tb.hon_fuzzy):
        typos = [c[:i] + c[i + 1:] for c in choices for i in range(len(c))]
        typos += [c[:i] + "x" + c[i:] for c in choices for i in range(len(c))]
        typos += [c[:i] + c[i + 1] + c[i] + c[i + 2:] for c in choices
                  for i in range(len(c) - 1)]
        sample = words + typos + [c + "zz" for c in choices]
        got = nb._misspelt_many(sample, choices)
        want = [_misspelt(w, choices) is not None for w in sample]
        assert got == want
        assert sum(got) > len(typos) // 2


@needs_core
def test_compiled_build_plain_equals_python() -> None:
    """`build_plain` builds what `_plain_readings` builds, and leaves the same readings."""
    known = nb._words()
    lines = ["ivan petrov", "bush ltd", "john smith", "alyaksandr lukashenka", "", "x"]
    nb._learn(lines, known)
    parts = [nb._parts(line, known) for line in lines]
    assert [p[2] for p in parts] == [7, 1, 7, 7, 7, 7]  # (bush ltd: as a person's only)
    items = [p for p in parts for _ in (True, False, None)] + [None]
    persons = [p for _ in parts for p in (True, False, None)] + [True]
    notes = [("n",) if i % 4 else () for i in range(len(items))]
    joined = nb._fold_joins({p[4] for p in parts if p[2] and p[4] != "x"}, known)
    want = nb._plain_readings(items, persons, notes, joined)
    got = fastcore.core.build_plain(items, persons, notes, joined, NormName, nb._SLOTS)
    assert [g is None for g in got] == [w is None for w in want]
    assert 0 < sum(g is not None for g in got) < len(got) - 3
    assert all(g == w and g.raws is g.tokens for g, w in zip(got, want, strict=True) if g)
    with pytest.raises(TypeError):
        fastcore.core.build_plain([("a",)], [True], [()], {}, NormName, nb._SLOTS)
    with pytest.raises(ValueError):
        fastcore.core.build_plain(items, persons[:-1], notes, joined, NormName, nb._SLOTS)
    with pytest.raises(TypeError):
        fastcore.core.build_plain(items, persons, notes, joined, NormName, (len,) * 6)
