"""Katakana renderings of Latin-script listed names by the language the name comes from
(screening/data/japanese_origins.toml: pinyin, Turkish, Spanish, German, English, Arabic,
Persian), and Japanese firms named by one katakana word, which must not meet a one-word listed
name through the kana key's folds (issue 14, session 8)."""

from __future__ import annotations

import pytest

from screening.models import Entity, EntityKind, Name
from screening.names import REVIEW_THRESHOLD, NameIndex, compare
from screening.names.japanese import kana_key, kana_reading
from screening.names.kana_origins import kana_key_variants


@pytest.mark.parametrize(("query", "listed"), [
    ("チン・ガン", "QIN, Gang"),  # pinyin q = チ
    ("ツイ・ティエンカイ", "CUI, Tiankai"),  # pinyin c = ツ, ian = イエン
    ("ジェンギズ・チャンダル", "CANDAR, Cengiz"),  # Turkish c = ジ, ç (written c) = チ
    ("ハカン・アクン", "AKIN, Hakan"),  # Turkish ı (written i) = ウ
    ("ギジェルモ・バジェホ", "VALLEJO, Guillermo"),  # Spanish ll = ジ, j = ハ行
    ("シュテファン・ヴァイス", "WEISS, Stefan"),  # German st = シュト, ei = アイ
    ("アーディル・ハサン", "HASAN, Adel"),  # Arabic e = イ
    ("ホセイン・モサヴィ", "MUSAVI, Hussein"),  # Persian u = オ
    ("リ・マンゴン", "RI, Man Gon"),  # Korean syllables run together: ンゴ
])
def test_a_name_written_as_its_language_sounds_meets_its_list_spelling(query: str,
                                                                       listed: str) -> None:
    assert compare(query, listed, "person") >= REVIEW_THRESHOLD


def test_origin_keys_add_to_a_words_own_key() -> None:
    keys = kana_key_variants("qin")
    assert keys[0] == kana_key("qin")  # its own key first, always
    assert kana_key(kana_reading("チン")) in keys


def _entity(ref: str, name: str, kind: EntityKind) -> Entity:
    return Entity(id=ref, list_id="t", kind=kind, names=(Name(value=name),))


def test_the_index_finds_a_listed_name_by_an_origin_key() -> None:
    ents = [_entity("qin", "QIN, Gang", EntityKind.person),
            _entity("kim", "KIM, Gang Chol", EntityKind.person)]
    res = NameIndex.build(ents).search("チン・ガン", limit=3)
    assert res and res[0].entity.id == "qin" and res[0].score >= REVIEW_THRESHOLD


@pytest.mark.parametrize("query", ["株式会社ディスコ", "ディスコ株式会社", "ｶ)ﾃﾞｲｽｺ", "ﾃﾞｲｽｺ(ｶ"])
def test_a_japanese_firm_of_one_katakana_word_stays_clear(query: str) -> None:
    # ディスコ and ZISCO share a kana key only through the di/zi fold: a Japanese firm's
    # name, not a foreign one heard in katakana, is compared as it reads
    ents = [_entity("zisco", "ZISCO", EntityKind.organisation)]
    res = NameIndex.build(ents).search(query, limit=3)
    assert all(m.score < REVIEW_THRESHOLD for m in res)


def test_a_foreign_firm_in_katakana_still_meets_its_list_name() -> None:
    # no Japanese legal form: a foreign name heard in katakana, compared by kana key
    assert compare("ゲンバンク", "GENBANK", "organisation") >= REVIEW_THRESHOLD
    # with one, compared as spelt: a close spelling still goes to review
    assert compare("株式会社ゲンバンク", "GENBANK", "organisation") >= REVIEW_THRESHOLD
