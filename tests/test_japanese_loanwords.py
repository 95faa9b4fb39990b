"""Katakana loanwords of organisation names, kanji readings as Latin lists write them, and the
general kana key rules, measured on a development set of katakana/Latin name pairs
(tests/fixtures/kana_latin_pairs.tsv; the case sets are in tests/cases/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.names import BLOCK_THRESHOLD, REVIEW_THRESHOLD, compare, kanji_reader
from screening.names.japanese import KANA_SIM, kana_key, kana_reading, kana_sim
from screening.names.normalize import normalize

PAIRS = Path(__file__).resolve().parent / "fixtures" / "kana_latin_pairs.tsv"


@pytest.mark.parametrize(("query", "listed"), [
    ("ユナイテッド・シップビルディング・コーポレーション", "United Shipbuilding Corporation"),
    ("ﾕﾅｲﾃﾂﾄﾞ ｼﾂﾌﾟﾋﾞﾙﾃﾞｲﾝｸﾞ ｺｰﾎﾟﾚｰｼﾖﾝ", "United Shipbuilding Corporation"),  # Zengin
    ("カラシニコフ・コンツェルン", "Kalashnikov Concern"),  # German Konzern
    ("ｶﾗｼﾆｺﾌ ｺﾝﾂｴﾙﾝ", "Kalashnikov Concern"),
    ("グローバル・エナジー・ホールディングス", "Global Energy Holdings"),
])
def test_katakana_loanwords_are_read_as_the_words_they_stand_for(query: str, listed: str) -> None:
    assert compare(query, listed, "organisation") >= BLOCK_THRESHOLD


def test_a_loanword_inside_a_katakana_name_is_read_by_its_sounds() -> None:
    # バンク ends the name ソフコムバンク (Sovcombank): not split off as "bank"
    assert normalize("ソフコムバンク", False).tokens == ("sofukomubanku",)
    assert compare("ソフコムバンク", "Sovcombank", "organisation") >= BLOCK_THRESHOLD


def test_loanwords_alone_do_not_make_a_match() -> None:
    # two companies sharing only loanwords (group, holdings) stay apart
    assert compare("ミツイ・グループ・ホールディングス", "Mitra Group Holdings",
                   "organisation") < REVIEW_THRESHOLD


def test_kanji_readings_drop_long_vowels_as_latin_lists_do() -> None:
    if kanji_reader.reader() is None:
        pytest.skip("no kanji reader installed (the `japanese` extra)")
    assert "shinrikyo" in "".join(normalize("オウム真理教", False).tokens)
    assert "tokyo" in " ".join(normalize("東京海上株式会社", False).tokens)


@pytest.mark.parametrize(("kana", "latin"), [
    ("ゴルバチョフ", "gorbachev"), ("セミョーノフ", "semenov"), ("フョードロフ", "fedorov"),
    ("チャベス", "chavez"), ("モハンマド", "mohammad"), ("レベジェフ", "lebedev"),
    ("バグダディ", "baghdadi"), ("カダフィ", "qadhafi"), ("ファン", "hwang"), ("チェ", "choe"),
    ("アンドレーエフ", "andreyev"), ("ネベンジャ", "nebenzya"), ("クズネツォフ", "kuznetsov"),
    ("オルロフ", "orlov"), ("シェフチェンコ", "shevchenko"), ("カラジッチ", "karadzic"),
    # Korean lenis stops written voiced or not, Spanish j, Arabic final h after a long a
    ("チャン", "jang"), ("ギョンイル", "kyongil"), ("グクリョル", "kukryol"), ("ホセ", "jose"),
    ("ホルヘ", "jorge"), ("ヒメネス", "jimenez"), ("ファッターフ", "fattah"),
])
def test_general_transcription_rules(kana: str, latin: str) -> None:
    assert kana_key(kana_reading(kana)) == kana_key(latin)


def test_a_j_outside_spanish_names_stays_ji() -> None:
    assert kana_key(kana_reading("ジャファル")) == kana_key("jafar")
    assert kana_key(kana_reading("ジョンウン")) == kana_key("jongun")
    assert kana_key("jafar") != kana_key("hafar")


@pytest.mark.parametrize(("query", "listed", "kind"), [
    ("ｷﾑ ｷﾞﾖﾝｲﾙ", "KIM, Kyong Il", "person"),  # ｷﾞﾖ = ギョ
    ("ﾌｱﾂﾀｰﾌ ﾊﾟﾙﾋﾞｽﾞ", "FATTAH, Parviz", "person"),  # ﾂﾀ = ッタ, ﾌｱ = ファ
    ("ｳｲﾘｱﾑ ｳｴｲ", "William Wei", "person"),  # ｳｲ, ｳｴ starting a word = ウィ, ウェ
])
def test_zengin_text_is_read_with_the_small_kana_it_cannot_write(query: str, listed: str,
                                                                 kind: str) -> None:
    assert compare(query, listed, kind) >= REVIEW_THRESHOLD


def test_zengin_reads_u_inside_a_japanese_name_as_written() -> None:
    assert normalize("ｲﾉｳｴ ﾖｳｲﾁ", True).tokens == ("inoue", "youichi")


def test_kana_keys_keep_different_names_apart() -> None:
    for a, b in [("putin", "patin"), ("ivanov", "ivanova"), ("kim", "kam"), ("sato", "saito"),
                 ("semenov", "simonov")]:
        assert kana_key(a) != kana_key(b), (a, b)


def test_development_pairs_meet() -> None:
    """Katakana renderings of foreign names beside their usual Latin spelling: at least 90%
    meet at the kana key (equal keys), the rest are recorded as known limits."""
    pairs = [line.split("\t") for line in PAIRS.read_text("utf-8").splitlines()
             if line and not line.startswith("#")]
    equal = [(k, v) for k, v in pairs
             if kana_sim(kana_key(kana_reading(k)), kana_key(v.lower())) >= KANA_SIM]
    assert len(equal) / len(pairs) >= 0.9, sorted(set(map(tuple, pairs)) - set(equal))


def test_the_kanji_reader_is_permissively_licensed_by_default() -> None:
    """The `japanese` extra installs cutlet (MIT) with fugashi and unidic-lite; it is chosen
    before pykakasi (GPL-3.0-or-later) when both are installed."""
    pytest.importorskip("cutlet")
    assert kanji_reader.reader_name() == "cutlet"
    assert normalize("岸田文雄様", True).tokens[0] == "kishida"


def test_a_katakana_word_made_of_loanwords_is_read_as_those_words() -> None:
    assert normalize("ラジオエレクトロニック・テクノロジーズ", False).tokens == (
        "radio", "electronic", "technologies")
    assert compare("サウスポート・マネジメント・サービシズ",
                   "Southport Management Services Limited", "organisation") >= REVIEW_THRESHOLD
    # a word only partly made of loanwords is a name
    assert normalize("モスオブルバンク", False).tokens == ("mosuoburubanku",)


OFAC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac" / "bench"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(scope="module")
def ofac_index():
    """The OFAC bench list (as benchmarks/accuracy.py loads it) and the built-in lists."""
    if not (OFAC / "sdn.csv").exists():
        pytest.skip(f"OFAC bench list not found at {OFAC}")
    from screening.lists import builtin_lists, load_list
    from screening.names import NameIndex

    entities = list(load_list(OFAC).entities) + [e for wl in builtin_lists() for e in wl.entities]
    return NameIndex.build(entities)


def _rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_development_cases_recall_floor(ofac_index) -> None:
    """Regression floor on the set the loanwords and key rules were tuned on (94% measured)."""
    rows = _rows(CASES / "dev_ja" / "ja_positives.csv")
    found = 0
    for c in rows:
        num = c["entity_ref"].split(":")[1]
        res = ofac_index.search(c["query"], kind=None, limit=10, min_score=REVIEW_THRESHOLD)
        found += any(m.entity.id.split(":")[-1] == num for m in res)
    assert found / len(rows) >= 0.92, f"{found}/{len(rows)}"


def test_second_development_set_recall_floor(ofac_index) -> None:
    """Regression floor on dev_ja2, the set the session-6 rules were tuned on (89.6% measured;
    compound names, Arabic and Korean names, organisations with English loanwords)."""
    rows = _rows(CASES / "dev_ja2" / "ja_positives.csv")
    found = 0
    for c in rows:
        num = c["entity_ref"].split(":")[1]
        res = ofac_index.search(c["query"], kind=None, limit=10, min_score=REVIEW_THRESHOLD)
        found += any(m.entity.id.split(":")[-1] == num for m in res)
    assert found / len(rows) >= 0.87, f"{found}/{len(rows)}"


def test_japanese_companies_and_people_stay_clean(ofac_index) -> None:
    """Real Japanese companies (many named with katakana loanwords) and Japanese people."""
    rows = _rows(CASES / "holdout_ja2" / "ja_negatives.csv")
    alerts = [f"{c['query']} -> {r[0].name} {r[0].score:.3f}" for c in rows
              if (r := ofac_index.search(c["query"], limit=1, min_score=REVIEW_THRESHOLD))]
    assert not alerts, alerts


def test_the_kanji_reader_can_be_chosen_and_a_broken_one_is_an_error(monkeypatch) -> None:
    monkeypatch.setattr(kanji_reader, "_reader", False)
    monkeypatch.setenv("SCREENING_KANJI_READER", "none")
    assert kanji_reader.reader() is None and kanji_reader.reader_name() == "none"

    def broken():
        raise OSError("dictionary not found")

    monkeypatch.setattr(kanji_reader, "_reader", False)
    monkeypatch.setitem(kanji_reader._READERS, "cutlet", broken)
    monkeypatch.setenv("SCREENING_KANJI_READER", "cutlet")
    with pytest.raises(RuntimeError, match="cannot start"):
        kanji_reader.reader()
    monkeypatch.setattr(kanji_reader, "_reader", False)
