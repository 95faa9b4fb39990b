"""Japanese counterparties that must stay clear, each by a general rule, and listed names the
rules must not hide (issue 14, session 9): a Japanese firm's katakana word in a name with
translated words, a one-word katakana name near a one-word listed name only by a vowel, and a
Japanese person's name in kanji read as Chinese."""

from __future__ import annotations

import pytest

from screening.models import Entity, EntityKind, Name
from screening.names import REVIEW_THRESHOLD, NameIndex, compare
from screening.names.kanji_orgs import english_readings
from screening.names.normalize import transliterate


def _index(*names: str, kind: EntityKind = EntityKind.organisation) -> NameIndex:
    return NameIndex.build([Entity(id=n, list_id="t", kind=kind, names=(Name(value=n),))
                            for n in names])


def _best(index: NameIndex, query: str) -> tuple[str, float]:
    res = index.search(query, limit=3)
    return (res[0].entity.id, res[0].score) if res else ("", 0.0)


@pytest.mark.parametrize("query", ["株式会社セブン銀行", "セブン銀行株式会社", "(株)セブン銀行"])
def test_a_japanese_firms_katakana_word_read_with_translated_words_is_spelt(query: str) -> None:
    # セブン銀行 is read "セブン bank" (glossary); with a Japanese legal form its katakana word is
    # a Japanese name, compared as it reads ("sebun"), not by kana key (sebun ~ saving)
    assert english_readings(query)[0] == "sebun bank"
    assert _best(_index("SAVING BANK"), query)[1] < REVIEW_THRESHOLD


def test_a_foreign_bank_in_katakana_with_translated_words_still_meets_its_list_name() -> None:
    # no Japanese legal form: a foreign name heard in katakana (セパ = SEPAH)
    listed, score = _best(_index("SEPAH BANK", "SAVING BANK"), "セパ銀行")
    assert listed == "SEPAH BANK" and score >= REVIEW_THRESHOLD
    assert english_readings("セパ銀行")[0] == "セパ bank"


def test_a_one_word_katakana_name_near_a_one_word_listed_name_by_a_vowel_is_clear() -> None:
    # ポスコ "posuko" ~ PASCO: kana keys "posko" / "pasko", one vowel apart
    assert compare("ポスコ", "PASCO", "organisation") < REVIEW_THRESHOLD
    assert _best(_index("PASCO"), "ポスコ")[1] < REVIEW_THRESHOLD


@pytest.mark.parametrize(("query", "listed"), [
    ("ノビコムバンク", "NOVIKOMBANK"),  # one word, kana key equal
    ("ゲンバンク", "GENBANK"),
])
def test_a_one_word_katakana_name_with_its_key_equal_still_meets_its_list_name(
        query: str, listed: str) -> None:
    assert compare(query, listed, "organisation") >= REVIEW_THRESHOLD


@pytest.mark.parametrize("query", ["近藤 翼", "近藤\u3000翼", "伊藤 翼", "翼 近藤"])
def test_a_japanese_persons_name_in_kanji_is_read_as_japanese(query: str) -> None:
    # a common Japanese family name of two kanji (japanese.toml `family_names`) with a given
    # name: read as Japanese, not as Chinese "jin teng yi", which meets JIN TENG
    assert "tsubasa" in transliterate(query).split()
    index = _index("JIN TENG", "YI TENG", kind=EntityKind.person)
    assert _best(index, query)[1] < REVIEW_THRESHOLD


def test_kanji_without_a_japanese_family_name_are_still_read_as_chinese() -> None:
    assert transliterate("习近平").split() == ["xi", "jin", "ping"]
    assert transliterate("林 晃").split() == ["lin", "huang"]  # 林: a Chinese family name too
    index = _index("JIN TENG", kind=EntityKind.person)
    assert _best(index, "金 腾")[1] >= REVIEW_THRESHOLD
