"""Kanji organisation names that the vocabulary of listed names, Korean readings as North Korea
writes them and the Japanese press's words let meet their list entries, and Japanese bodies
made of the same words that must stay clean (issue 14, session 8)."""

from __future__ import annotations

import pytest

from screening.models import Entity, EntityKind, Name, NameStrength
from screening.names import REVIEW_THRESHOLD, NameIndex
from screening.names.kanji_orgs import MAX_READINGS, english_readings, fused_readings
from screening.names.korean_hanja import korean_reading


def _entity(eid: str, *names: str, countries: tuple[str, ...] = ()) -> Entity:
    return Entity(id=eid, list_id="t", kind=EntityKind.organisation, countries=countries,
                  names=tuple(Name(value=n, strength=NameStrength.primary if i == 0
                                   else NameStrength.strong) for i, n in enumerate(names)))


@pytest.fixture(scope="module")
def index() -> NameIndex:
    kp, sy = ("Korea, North",), ("Syria",)
    return NameIndex.build([
        _entity("rungrado", "KOREA RUNGRADO GENERAL TRADING CORPORATION", countries=kp),
        _entity("kcc", "KOREA COMPUTER CENTER", countries=kp),
        _entity("msc", "MILITARY SECURITY COMMAND", countries=kp),
        _entity("novikom", "NOVIKOMBANK"),
        _entity("navy", "SYRIAN ARAB NAVY", countries=sy),
        _entity("army", "SYRIAN ARAB ARMY", countries=sy),
        _entity("reb", "REAL ESTATE BANK", countries=sy),
        _entity("eln", "NATIONAL LIBERATION ARMY", countries=("Colombia",)),
        _entity("abadan", "ABADAN OIL REFINING COMPANY", countries=("Iran",)),
        _entity("ktc", "KOREA TRADING COMPANY", countries=kp),
        _entity("ntc", "NATIONAL TRADING COMPANY"),
        _entity("neab", "NORTH EAST ASIA BANK", countries=kp),
        _entity("div1", "FIRST DIVISION OF THE SYRIAN ARAB ARMY", countries=sy),
        _entity("hana", "HANA BANKING CORPORATION LTD", countries=kp),
    ])


def _found(index: NameIndex, query: str) -> set[str]:
    return {m.entity_id for m in index.search(query, min_score=REVIEW_THRESHOLD)}


@pytest.mark.parametrize(("query", "eid"), [
    ("朝鮮綾羅島貿易総会社", "rungrado"),  # 綾羅島 read 릉라도 (rungrado), not 능나도
    ("朝鮮コンピューターセンター", "kcc"),  # two katakana words written together
    ("北朝鮮軍保衛司令部", "msc"),  # 軍 before another word: "military"
    ("ノビコム銀行", "novikom"),  # the list writes the name and "bank" as one word
    ("シリア海軍", "navy"),  # the list's "Syrian Arab"
    ("シリア・アラブ軍", "army"),  # 軍 ending a name: "army"
    ("シリア不動産銀行", "reb"),  # 不動産 = real estate; the list leaves the country out
    ("コロンビア民族解放軍", "eln"),  # a country of other listed parties, left out by the list
    ("アバダン製油所", "abadan"),  # the press's "refinery" for an oil refining company
])
def test_kanji_names_meet_their_list_entries(index: NameIndex, query: str, eid: str) -> None:
    assert eid in _found(index, query)


@pytest.mark.parametrize("query", [
    "三菱商事株式会社", "三菱商事", "住友商事株式会社",  # 商事 (trading) alone names no one
    "株式会社東北銀行", "東北電力株式会社",  # 東北 is also Japan's Tōhoku region
    "陸上自衛隊第1師団", "株式会社中国銀行", "ハナ信用金庫", "ソニー銀行",
    "株式会社国際貿易", "国家貿易株式会社",
])
def test_japanese_bodies_made_of_the_same_words_stay_clean(index: NameIndex, query: str) -> None:
    assert _found(index, query) == set()


def test_korean_readings_keep_the_initial_r_and_read_reduced_forms_as_the_full_character(
        ) -> None:
    assert korean_reading("綾羅島") == "rungrado"
    assert korean_reading("羅先") == "rason"
    assert korean_reading("万寿台") == "mansudae"  # 台 for 臺 (대), not 태


def test_fused_readings_are_bounded_and_only_for_katakana_names() -> None:
    assert fused_readings("ノビコム銀行") == ["ノビコムバンク"]
    assert fused_readings("みずほ銀行") == [] and fused_readings("VTB銀行") == []
    assert fused_readings("ノビコムバンク") == []  # already one word
    assert len(english_readings("ノビコム銀行ソブコム銀行プロムスビャズ銀行")) <= MAX_READINGS
