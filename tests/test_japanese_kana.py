"""Katakana renderings of listed names (issue 14, session 6): names Japanese writes as one
katakana word, family name first with a two-word family name, Korean names of short syllables,
half-width (Zengin) text that cannot write the small ッ."""

from __future__ import annotations

import pytest

from screening.models import Entity, EntityKind, Name
from screening.names import BLOCK_THRESHOLD, REVIEW_THRESHOLD, NameIndex, compare
from screening.names.japanese import KANA_MARK, joined_key, kana_key, kana_reading, zengin_variants
from screening.names.normalize import normalize


def _person(ref: str, *names: str) -> Entity:
    return Entity(id=ref, list_id="t", kind=EntityKind.person,
                  names=tuple(Name(value=n) for n in names))


@pytest.fixture(scope="module")
def index() -> NameIndex:
    """Listed names with the words of the queries below, and others sharing their common
    parts (Asghar, Mohammad, Khalil, Abbas), so that a common part alone does not find them."""
    ents = [
        _person("mir", "MIR-HEJAZI, Asghar", "HEJAZI, Ali Asghar"),
        _person("jafari", "JAFARI DOLATABADI, Abbas"),
        _person("azari", "AZARI JAHROMI, Mohammad Javad"),
        _person("haqqani", "HAQQANI, Khalil Al-Rahman"),
        _person("kil", "KIL, Jong Hun"),
    ]
    for i, given in enumerate(["Asghar", "Ali Asghar", "Mohammad", "Mohammad Javad", "Khalil",
                               "Abbas", "Abbas Ali"] * 6):
        ents.append(_person(f"other{i}", f"SURNAME{chr(65 + i % 26)}{i}, {given}"))
    return NameIndex.build(ents)


def _best(index: NameIndex, query: str) -> tuple[str, float]:
    res = index.search(query, limit=3)
    return (res[0].entity.id, res[0].score) if res else ("", 0.0)


@pytest.mark.parametrize("query, ref", [
    ("アッバス・ジャファリドラタバディ", "jafari"),  # a two-word family name as one word
    ("ジャファリドラタバディ\u3000アッバス", "jafari"),  # ... written first
    ("モハンマドジャヴァド・アーザリージャフロミ", "azari"),  # both names one word each
    ("ミールヘジャーズィー\u3000アスガル", "mir"),  # MIR-HEJAZI, family name first
    ("ｼﾞﾔﾌｱﾘﾄﾞﾗﾀﾊﾞﾃﾞｲ ｱﾂﾊﾞｽ", "jafari"),  # half-width: ﾂ is the small ッ of アッバス
    ("ﾊﾂｶﾆ ﾊﾘﾙ", "haqqani"),  # ﾊﾂｶﾆ = ハッカニ
    ("キル・ジョンフン", "kil"),  # KIL, Jong Hun: Jong|hun read word by word, not "gh"
])
def test_compound_and_half_width_katakana_names_are_found(index, query: str, ref: str) -> None:
    found, score = _best(index, query)
    assert found == ref and score >= REVIEW_THRESHOLD, (found, score)


def test_joined_key_is_the_words_keys_in_a_row() -> None:
    """A name's parts written as one katakana word meet their keys one after the other; the
    letters of two words do not make a spelling across the join (Jong|hun is not "gh")."""
    assert joined_key(["jong", "hun"]) == kana_key("jong") + kana_key("hun")
    assert joined_key(["jong", "hun"]) == kana_key(kana_reading("ジョンフン"))
    assert joined_key(["han", "kwon", "u"]) == joined_key([kana_reading("ハン"),
                                                           kana_reading("グォヌ")])


def test_short_korean_name_alike_by_kana_key_is_review_not_block() -> None:
    """Every syllable of a short Korean name meets by kana key: an alert for review, never a
    block on that alone (チェ could as well be Chae or Che)."""
    s = compare("チェ・フィ", "CHOE, Hwi", "person")
    assert REVIEW_THRESHOLD <= s < BLOCK_THRESHOLD
    assert compare("Che Fi", "CHOE, Hwi", "person") < REVIEW_THRESHOLD  # Latin: as before


def test_zengin_tsu_read_both_ways_japanese_names_as_written() -> None:
    """ﾂ before a consonant is also searched as the small ッ; the name as written keeps its
    Japanese reading (ﾏﾂﾀﾞ is Matsuda)."""
    assert zengin_variants("ﾊﾂｻﾝ ﾀﾞﾋﾙ") == ["ﾊｯｻﾝ ﾀﾞﾋﾙ"]
    assert zengin_variants("ﾏﾂｲ ﾀﾛｳ") == []  # ﾂ before a vowel: nothing to read otherwise
    assert zengin_variants("ｶ)ﾏﾂﾀﾞ") == []  # one word (a firm: Mazda): not guessed otherwise
    assert zengin_variants("ハッサン") == []  # full-width text writes ッ
    assert normalize("ﾏﾂﾀﾞ ﾀﾛｳ", True).tokens == ("matsuda", "tarou")


@pytest.mark.parametrize("kana, latin", [
    ("ブシュラ", "bushra"),  # シュ before a consonant
    ("ラシュカル", "lashkar"),
    ("アハメド", "ahmed"),  # h after a written ハ
    ("グォン", "kwon"),  # グォ, クオ, Kw
    ("ｸｵﾝ", "kwon"),
    ("ゲロヴィッチ", "gelowicz"),  # Polish cz
    ("ロボウ", "robow"),  # final -ow
    ("フセイン", "hussein"),  # word-initial Hu
    ("ムハンマド", "muhammad"),  # h inside a word stays
])
def test_kana_key_rules(kana: str, latin: str) -> None:
    fold = normalize(kana, True).folds[0]  # (half-width text read as Zengin writes it)
    assert fold == KANA_MARK + kana_key(latin)
