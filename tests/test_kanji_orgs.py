"""Japanese names of foreign organisations written with translated words (朝鮮貿易銀行 = Korea
Trade Bank) meet their Latin list names; Japanese firms' names and generic words alone do not
(issue 14; the case sets are tests/cases/dev_ja_kanji and holdout_ja_kanji)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from screening.lists import builtin_lists
from screening.models import Entity, EntityKind, Name, NameStrength
from screening.names import REVIEW_THRESHOLD, NameIndex
from screening.names.kanji_orgs import MAX_READINGS, NORTH_KOREA, english_readings
from screening.names.korean_hanja import romanise_hangul


def _entity(eid: str, *names: str, countries: tuple[str, ...] = ()) -> Entity:
    return Entity(id=eid, list_id="t", kind=EntityKind.organisation, countries=countries,
                  names=tuple(Name(value=n, strength=NameStrength.primary if i == 0
                                   else NameStrength.strong) for i, n in enumerate(names)))


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.build([
        _entity("ftb", "FOREIGN TRADE BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA",
                "KOREA TRADE BANK", "NORTH KOREA'S FOREIGN TRADE BANK"),
        _entity("cbi", "BANK MARKAZI JOMHOURI ISLAMI IRAN", "CENTRAL BANK OF IRAN"),
        _entity("cbs", "CENTRAL BANK OF SYRIA"),
        _entity("mss", "MINISTRY OF STATE SECURITY"),
        _entity("usc", "UNITED SHIPBUILDING CORPORATION"),
        _entity("sepah", "BANK SEPAH"),
        _entity("kdb", "KOREA UNITED DEVELOPMENT BANK"),
        _entity("ntc", "NATIONAL IRANIAN TANKER COMPANY"),
        _entity("gems", "MYANMA GEMS ENTERPRISE"),
        _entity("iai", "IRAN AIRCRAFT INDUSTRIES"),
        _entity("nioc", "NATIONAL IRANIAN OIL COMPANY"),
        _entity("rgb", "RECONNAISSANCE GENERAL BUREAU"),
        _entity("aeoi", "ATOMIC ENERGY ORGANIZATION OF IRAN"),
        _entity("cec", "BELARUSIAN CENTRAL ELECTION COMMISSION"),
        _entity("lid", "77TH LIGHT INFANTRY DIVISION OF THE BURMESE ARMY"),
        _entity("tb", "TOURISM BANK", countries=("Iran",)),
        _entity("mol", "MINISTRY OF LABOR", countries=("Korea, North",)),
        _entity("koryo", "KORYO BANK", countries=("Korea, North",)),
        _entity("daedong", "DAEDONG CREDIT BANK", countries=("Korea, North",)),
        _entity("mid", "MUNITIONS INDUSTRY DEPARTMENT", countries=("Korea, North",)),
    ])


def _found(index: NameIndex, query: str) -> set[str]:
    return {m.entity_id for m in index.search(query, min_score=REVIEW_THRESHOLD)}


@pytest.mark.parametrize(("query", "eid"), [
    ("朝鮮貿易銀行", "ftb"),  # Korea Trade Bank
    ("イラン中央銀行", "cbi"),  # Japanese order: Iran central bank
    ("シリア中央銀行", "cbs"),
    ("国家保衛省", "mss"),  # state security ministry: organisation words only, three of them
    ("北朝鮮国家保衛省", "mss"),  # the country named in Japanese, not on the list
    ("セパ銀行", "sepah"),  # a katakana name with a translated word
    ("ミャンマー宝石公社", "gems"),
    ("イラン航空機産業", "iai"),
    ("イラン国営石油会社", "nioc"),  # two words changed at once: national, iranian
    ("偵察総局", "rgb"),  # words of the vocabulary of listed names
    ("イラン原子力庁", "aeoi"),
    ("ベラルーシ中央選挙管理委員会", "cec"),  # the country's adjective
    ("ミャンマー国軍第77軽歩兵師団", "lid"),  # an ordinal, Myanmar/Burmese
])
def test_translated_names_meet_the_listed_name(index: NameIndex, query: str, eid: str) -> None:
    assert eid in _found(index, query)


def test_batch_search_reads_them_the_same(index: NameIndex) -> None:
    queries = ["朝鮮貿易銀行", "イラン中央銀行", "みずほ銀行", "中央銀行", "Bank Sepah"]
    assert index.search_many(queries, min_score=REVIEW_THRESHOLD) == [
        index.search(q, min_score=REVIEW_THRESHOLD) for q in queries]


@pytest.mark.parametrize("query", [
    "中央銀行", "開発銀行", "造船会社", "貿易銀行",  # organisation words alone name no one
    "株式会社みずほ銀行", "株式会社三菱UFJ銀行", "株式会社日本政策投資銀行", "株式会社山田製作所",
    "株式会社中国銀行", "韓国銀行", "日本航空株式会社", "アジア開発銀行", "欧州中央銀行",
])
def test_japanese_firms_and_generic_words_stay_clean(index: NameIndex, query: str) -> None:
    assert _found(index, query) == set()


def test_only_names_made_of_known_words_are_read_in_english() -> None:
    assert "korea trade bank" in english_readings("朝鮮貿易銀行")
    assert english_readings("セパ銀行")[0] == "セパ bank"  # the foreign name as written
    # a kanji the glossary does not hold (a Japanese name), hiragana, or no kanji at all
    for name in ("株式会社山田製作所", "みずほ銀行", "ノビコムバンク", "Korea Trade Bank"):
        assert english_readings(name) == ()
    # (other kanji are read in Korean, for North Korean parties only: see below)
    assert {r.countries for r in english_readings("日本政策投資銀行")} == {NORTH_KOREA}
    # generic words: three or more besides legal forms, else not read
    assert english_readings("中央銀行") == ()
    assert english_readings("造船会社") == ()
    assert english_readings("農業開発銀行")[0] == "agricultural development bank"
    # a legal form in brackets, as Japanese payment data writes it, is read as none
    assert english_readings("（株）VTB銀行")[0] == english_readings("㈱VTB銀行")[0] == "VTB bank"
    assert english_readings("朝鮮貿易銀行（株）")[0] == "korea trading bank"


def test_the_builtin_list_holds_the_japanese_names_of_the_reports() -> None:
    ix = NameIndex.build([e for wl in builtin_lists() for e in wl.entities])
    for query, eid in [("対外経済銀行", "jp-2022-veb"), ("開発対外経済銀行", "jp-2022-veb"),
                       ("VTB銀行", "jp-2022-vtb"), ("バンク・ロシヤ", "jp-2022-bank-rossiya")]:
        assert eid in {m.entity_id for m in ix.search(query, min_score=REVIEW_THRESHOLD)}


@pytest.mark.parametrize(("hangul", "latin"), [
    ("련봉", "ryonbong"), ("대동", "taedong"), ("단천", "tanchon"), ("광선", "kwangson"),
    ("혁신", "hyoksin"), ("고려", "koryo"),
])
def test_korean_names_are_romanised_as_the_lists_write_north_korean_names(
        hangul: str, latin: str) -> None:
    assert romanise_hangul(hangul) == latin


def test_kanji_of_a_korean_name_are_read_in_korean() -> None:
    assert "korea kwangson bank" in english_readings("朝鮮光鮮銀行")
    # without a Korean country word: read, for North Korean parties met closely only
    readings = english_readings("光鮮銀行")
    assert readings[0] == "kwangson bank"
    assert {(r.countries, r.min_score > 1) for r in readings} == {(NORTH_KOREA, True)}
    assert english_readings("光星産業株式会社") == ()  # a Japanese firm stays as it is
    assert english_readings("イラン山田銀行") == ()  # another country's name: not Korean


@pytest.mark.parametrize(("query", "eid"), [
    ("高麗銀行", "koryo"), ("大同信用銀行", "daedong"),  # Korean names, no Korean country word
    ("イラン観光銀行", "tb"), ("北朝鮮労働省", "mol"),  # the list leaves the country out
    ("朝鮮労働党軍需工業部", "mid"),  # ... and the parent body (the Workers' Party)
])
def test_names_of_a_countrys_parties_meet_them(index: NameIndex, query: str, eid: str) -> None:
    assert eid in _found(index, query)


@pytest.mark.parametrize("query", [
    "シリア観光銀行", "ロシア労働省",  # the same words, another country's body
    "京都銀行", "大東銀行", "株式会社高麗銀行",  # Japanese banks: read in Korean, meet no one
])
def test_readings_scoped_to_a_country_meet_no_other_countrys_parties(
        index: NameIndex, query: str) -> None:
    assert _found(index, query) == set()


def test_a_match_through_an_english_reading_says_so(index: NameIndex) -> None:
    top = index.search("朝鮮対外貿易銀行", min_score=REVIEW_THRESHOLD)[0]
    assert top.entity_id == "ftb"
    # (the reading that met the name best: "democratic people's republic of korea foreign
    # trade bank" meets its full name whole)
    assert top.explanation.startswith("read as 'democratic people's republic of korea foreign"
                                      " trade bank' from 朝鮮対外貿易銀行 (glossary); ")
    # a name that matches as written is explained as before
    assert not index.search("KOREA TRADE BANK")[0].explanation.startswith("read as")


def test_organisation_words_alone_count_only_when_they_meet_a_listed_name_whole(
        index: NameIndex) -> None:
    # "central election commission" is read, but names no one: the listed name has a country
    assert "central election commission" in english_readings("中央選挙管理委員会")
    assert _found(index, "中央選挙管理委員会") == set()
    assert "mss" in _found(index, "国家保衛省")  # MINISTRY OF STATE SECURITY, whole


def test_readings_are_bounded_and_the_usual_one_comes_first() -> None:
    readings = english_readings("イラン国営石油会社")
    assert readings[0] == "iran state oil company"
    assert "iranian national oil company" in readings
    assert len(readings) <= MAX_READINGS
    long_name = "朝鮮国際産業開発銀行国家保衛省対外貿易総会社"
    assert 0 < len(english_readings(long_name)) <= MAX_READINGS


def test_the_vocabulary_reads_no_single_kanji_but_organisation_suffixes() -> None:
    vocab = tomllib.loads(resources.files("screening.data").joinpath(
        "japanese_org_vocabulary.toml").read_text("utf-8"))["vocabulary"]
    assert len(vocab) > 400
    singles = {j for js in vocab.values() for j in js if len(j) == 1}
    assert singles <= set("局部軍隊党省庁室社港")
    # so Japanese and Korean proper names made of common kanji are not read in English (only
    # in Korean, for North Korean parties)
    assert {r.countries for r in english_readings("大東海銀行")} == {NORTH_KOREA}
