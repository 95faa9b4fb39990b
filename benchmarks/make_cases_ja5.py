# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate the fifth, clean Japanese hold-out set: tests/cases/holdout_ja5/ (deterministic).

    python benchmarks/make_cases_ja5.py [--out DIR] [--seed N]

Made on 2 Dec 2026 (session 8) BEFORE any matching change of that session, measured once
before and once after, never tuned on (see tests/cases/holdout_ja5/README.md). Other listed
entities than every earlier set (the generator refuses an entity found in any
`*positives.csv` of a Japanese or hold-out folder under tests/cases/, or in the tables of
make_cases_ja2/ja3/ja4/ja_dev/ja_dev2/ja_dev3), other real Japanese companies (refused when
an earlier Japanese set or generator table holds them), another Faker seed.

- `ja_positives.csv`: katakana renderings of OFAC bench entities (`../shared/data/ofac/bench`
  sdn.csv: the entity number is the row's first column; the listed name is checked against
  it) in the styles of make_cases_ja2 (its row writers): `katakana` (MOF/MOFA notice style:
  given name, patronymic, family name, ・, ヴ), `katakana_press` (no patronymic, ヴ as バ行),
  `katakana_family_first` (press style, family name first, full-width space),
  `katakana_halfwidth` (Zengin half-width: no small kana). Persons of many origins: Russian
  officials, Magnitsky-list and cyber designees and the arms dealer BOUT; a Ukrainian-listed
  person written from the Russian form (デイネゴ); Belarusian officials by the Russian form of
  the name as Japanese notices write them (ゲンナジー・カザケヴィチ for Henadz KAZAKEVICH,
  ニコライ for Mikalai); Iranian persons (compound family names written apart:
  アシュタリ・ファルド; -zadeh as ザデ; gh as グ/ガ行); North Korean officials (family name
  first, Korean reading with voicing inside the given name: キム・グァンヒョク); Hong Kong and
  Chinese officials (English given names as the press writes them: キャリー・ラム; Chinese
  names by the Chinese reading, family name first: シア・バオロン); Venezuelan and Dominican
  persons (j as ハ行, v as バ行, de as デ); Syrian persons (Arabic article dropped, long vowels
  as the press marks them); Myanmar generals (no family name: ミン・スエ); Zimbabwean, Congolese,
  Indian and Bosnian persons (-ić as イッチ).
  Organisations: Crimean state firms by their Russian names, North Korean shipping and trading
  firms and a bank, Chinese and Hong Kong traders (Chinese place names by the Chinese reading:
  タントン for Dandong), Russian cyber firms, Iranian industrial groups, a Cuban firm, Congo
  fronts; English words as loanwords (トレーディング, ホールディング, キャピタル).
- `ja_negatives.csv`: Japanese counterparties that must stay clean: real Japanese companies
  in no earlier Japanese set (`JA_COMPANIES`, registered name and the Zengin half-width
  reading), and Faker ja_JP persons and companies (seed 20261222).

Sources and method: each rendering was written by hand, name by name, from the conventions of
Japanese government notices (外務省 告示 on asset freezes, 財務省 資産凍結等の措置の対象者:
full name with patronymic, ヴ for v; names given with the patronymic where the person is
Russian or written in Russian form) and of the Japanese press (Kyodo, NHK, Asahi, Yomiuri,
Nikkei style books: バ行 for v and no patronymic; Korean names by the Korean reading, family
name first; Chinese names of the mainland by the Chinese reading in katakana when ruby or
Zengin carry them, Hong Kong officials by their English given name; Spanish j/g(e,i) as ハ行;
Arabic al- dropped; Burmese names written as one sequence without family name; Serbo-Croat
-ić as イッチ), from how the names sound, not by running or reading the matcher's romaniser
backwards, and no rendering was checked against the matcher before the first measurement. No
Japanese official list file is available offline, so none is copied from one; a rendering may
differ from the one an official notice used. The companies are real and on no sanctions list.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_cases_ja2 as ja2  # noqa: E402
import make_cases_ja3 as ja3  # noqa: E402
import make_cases_ja4 as ja4  # noqa: E402
import make_cases_ja_dev3 as dev3  # noqa: E402
from make_cases import DEFAULT_OFAC  # noqa: E402
from make_cases_ja import NEG_COLS, POS_COLS, write  # noqa: E402

OUT = ROOT / "tests" / "cases" / "holdout_ja5"
SRC = "ja5-hand (MOF/MOFA notice style and Japanese press style; see make_cases_ja5.py)"

# (OFAC bench ent_num, listed name, katakana in MOF notice style, index of the family name
# among the ・-parts (the parts from it on are the family name), or None when the name is
# already written family name first (Korean, Chinese))
PERSONS: list[tuple[str, str, str, int | None]] = [
    # Russia: Crimea/Donbas designees, Magnitsky list, cyber, arms trade
    ("17176", "NEKLYUDOV, Dmitry Sergeyevich", "ドミトリー・セルゲーエヴィチ・ネクリュードフ", -1),
    ("17467", "KARYAKIN, Alexei Vyacheslavovich", "アレクセイ・ヴャチェスラヴォヴィチ・カリャーキン", -1),
    ("18655", "TSYPLAKOV, Sergey Gennadevich", "セルゲイ・ゲンナジエヴィチ・ツィプラコフ", -1),
    ("19030", "RODKIN, Andrei Nikolaevich", "アンドレイ・ニコラエヴィチ・ロドキン", -1),
    ("19041", "NIKITIN, Vasiliy Aleksandrovich", "ワシリー・アレクサンドロヴィチ・ニキーチン", -1),
    ("15885", "KRIVORUCHKO, Aleksey", "アレクセイ・クリヴォルチコ", -1),
    ("15894", "STASHINA, Yelena", "エレーナ・スタシナ", -1),
    ("23944", "BYSTROV, Mikhail Ivanovich", "ミハイル・イワノヴィチ・ブイストロフ", -1),
    ("23947", "BOGACHEVA, Anna Vladislavovna", "アンナ・ヴラジスラヴォヴナ・ボガチョワ", -1),
    ("8279", "BOUT, Viktor Anatolijevitch", "ヴィクトル・アナトリエヴィチ・ブート", -1),
    ("18656", "DEYNEGO, Vladyslav Nykolayevych", "ウラジスラフ・ニコラエヴィチ・デイネゴ", -1),
    # Belarus (Japanese writes the Russian form)
    ("10139", "RADKOV, Aleksandr Mikhailovich", "アレクサンドル・ミハイロヴィチ・ラドコフ", -1),
    ("30545", "KAZAKEVICH, Henadz Arkadzievich", "ゲンナジー・アルカジエヴィチ・カザケヴィチ", -1),
    ("31674", "KARPIANKOU, Mikalai", "ニコライ・カルペンコフ", -1),
    # Iran
    ("22946", "AHMADZADEGAN, Sadegh", "サデグ・アフマドザデガン", -1),
    ("22949", "SAEDI, Nader", "ナデル・サエディ", -1),
    ("28918", "ASHTARI FARD, Hossein", "ホセイン・アシュタリ・ファルド", 1),
    ("29802", "GHOLIZADEH, Hojjat", "ホッジャト・ゴリザデ", -1),
    ("29806", "MAGHSOUDI, Hassan Fazli", "ハサン・ファズリ・マグスディ", -1),
    ("28921", "MAHMOODZADEH, Yahya", "ヤヒヤ・マフムードザデ", -1),
    # North Korea (family name first, Korean reading)
    ("17614", "KIM, Yong Chol", "キム・ヨンチョル", None),
    ("18848", "KIM, Kwang Hyok", "キム・グァンヒョク", None),
    ("20127", "RI, Jae Il", "リ・ジェイル", None),
    ("20577", "CHO, Chun-ryong", "チョ・チュンリョン", None),
    ("19488", "YU, Chol U", "ユ・チョルウ", None),
    # Hong Kong and China
    ("29249", "LAM, Carrie", "キャリー・ラム", -1),
    ("29243", "CHENG, Teresa", "テレサ・チェン", -1),
    ("29259", "ZHANG, Xiaoming", "チャン・シャオミン", None),
    ("29262", "XIA, Baolong", "シア・バオロン", None),
    ("29263", "LUO, Huining", "ルオ・ホイニン", None),
    # Venezuela, Dominican Republic
    ("17808", "BENAVIDES TORRES, Antonio Jose", "アントニオ・ホセ・ベナビデス・トレス", 2),
    ("17809", "NOGUERA PIETRI, Justo Jose", "フスト・ホセ・ノゲラ・ピエトリ", 2),
    ("22248", "DELGADO ROSALES, Arcadio de Jesus", "アルカディオ・デ・ヘスス・デルガド・ロサレス", 3),
    ("22249", "GUTIERREZ ALVARADO, Gladys Maria", "グラディス・マリア・グティエレス・アルバラド", 2),
    ("23306", "RONDON RIJO, Angel", "アンヘル・ロンドン・リホ", 1),
    # Syria
    ("12880", "AL-MOALLEM, Walid", "ワリード・ムアレム", -1),
    ("12881", "SHAABAN, Bouthaina", "ブサイナ・シャアバン", -1),
    ("13002", "MAKHLUF, Muhammad", "ムハンマド・マフルーフ", -1),
    ("9342", "GHAZALI, Rustum", "ルストム・ガザーリ", -1),
    # Myanmar (no family name; the listed "family" part is the last word)
    ("31127", "SWE, Myint", "ミン・スエ", -1),
    ("31128", "WIN, Sein", "セイン・ウィン", -1),
    ("24808", "ZAW, Aung Kyaw", "アウン・チョー・ゾー", -1),
    # Zimbabwe, DR Congo, India, Bosnia
    ("7480", "MUGABE, Robert Gabriel", "ロバート・ガブリエル・ムガベ", -1),
    ("7489", "CHIWENGA, Constantine Gureya", "コンスタンティン・グレヤ・チウェンガ", -1),
    ("10035", "NKUNDA, Laurent", "ローラン・ンクンダ", -1),
    ("8294", "RUPRAH, Sanjivan Singh", "サンジバン・シン・ルプラ", -1),
    ("7650", "ALISPAHIC, Bakir", "バキル・アリスパヒッチ", -1),
    ("7655", "BANOVIC, Predrag", "プレドラグ・バノヴィッチ", -1),
]

# (OFAC bench ent_num, listed name, as Japanese lists and press write it)
ORGS: list[tuple[str, str, str]] = [
    # Crimea (Russian names)
    ("18868", "STATE CONCERN NATIONAL PRODUCTION AND AGRICULTURAL ASSOCIATION MASSANDRA", "マサンドラ"),
    ("18961", "RESORT NIZHNYAYA OREANDA", "ニジニャヤ・オレアンダ"),
    ("18965", "STATE ENTERPRISE UNIVERSAL-AVIA", "ウニヴェルサル・アヴィア"),
    # North Korea, China, Hong Kong
    ("23006", "JINMYONG JOINT BANK", "ジンミョン・ジョイント・バンク"),
    ("23149", "YUSONG SHIPPING CO", "ユソン・シッピング"),
    ("23183", "KOREA KUMBYOL TRADING COMPANY", "コリア・クムビョル・トレーディング"),
    ("23177", "DANDONG HONGDA TRADE CO. LTD.", "タントン・ホンダー・トレード"),
    ("28345", "SAGE ENERGY HK LIMITED", "セージ・エナジーHK"),
    ("27468", "KUNLUN HOLDING COMPANY LTD.", "クンルン・ホールディング"),
    # Russia and Iran: cyber firms, industrial groups
    ("24027", "MABNA INSTITUTE", "マブナ・インスティテュート"),
    ("24650", "DIGITAL SECURITY", "デジタル・セキュリティ"),
    ("24652", "ERPSCAN", "ERPスキャン"),
    ("26230", "NEVSKIY NEWS LLC", "ネフスキー・ニュース"),
    ("9350", "SHAHID BAKERI INDUSTRIAL GROUP", "シャヒド・バケリ・インダストリアル・グループ"),
    ("10122", "KALAYE ELECTRIC COMPANY", "カラエ・エレクトリック"),
    # Cuba, DR Congo fronts
    ("535", "CIMEX", "シメックス"),
    ("23259", "OIL OF DR CONGO SPRL", "オイル・オブ・DRコンゴ"),
    ("23264", "PROGLAN CAPITAL LTD", "プログラン・キャピタル"),
]

# Real Japanese companies in no earlier Japanese set (registered name, katakana reading used
# for Zengin transfers); none is on a sanctions list. Must stay clean.
JA_COMPANIES: list[tuple[str, str]] = [
    ("株式会社不二家", "フジヤ"),
    ("株式会社湖池屋", "コイケヤ"),
    ("株式会社コメダホールディングス", "コメダホールディングス"),
    ("株式会社王将フードサービス", "オウショウフードサービス"),
    ("株式会社リンガーハット", "リンガーハット"),
    ("株式会社物語コーポレーション", "モノガタリコーポレーション"),
    ("株式会社ワークマン", "ワークマン"),
    ("株式会社アダストリア", "アダストリア"),
    ("株式会社ユナイテッドアローズ", "ユナイテッドアローズ"),
    ("株式会社オンワードホールディングス", "オンワードホールディングス"),
    ("株式会社ゴールドウイン", "ゴールドウイン"),
    ("株式会社デサント", "デサント"),
    ("ヨネックス株式会社", "ヨネックス"),
    ("株式会社コーエーテクモホールディングス", "コーエーテクモホールディングス"),
    ("株式会社リコー", "リコー"),
    ("株式会社マキタ", "マキタ"),
    ("ヤンマーホールディングス株式会社", "ヤンマーホールディングス"),
    ("株式会社ダスキン", "ダスキン"),
    ("株式会社ベルーナ", "ベルーナ"),
    ("株式会社ジンズホールディングス", "ジンズホールディングス"),
    ("株式会社エディオン", "エディオン"),
    ("株式会社ノジマ", "ノジマ"),
    ("株式会社ミスミグループ本社", "ミスミグループホンシャ"),
    ("株式会社MonotaRO", "モノタロウ"),
    ("アスクル株式会社", "アスクル"),
    ("株式会社メルカリ", "メルカリ"),
    ("株式会社ディー・エヌ・エー", "ディーエヌエー"),
    ("株式会社サイバーエージェント", "サイバーエージェント"),
    ("株式会社MIXI", "ミクシィ"),
    ("株式会社カカクコム", "カカクコム"),
    ("パーソルホールディングス株式会社", "パーソルホールディングス"),
    ("株式会社ロッテ", "ロッテ"),
    ("株式会社ハローズ", "ハローズ"),
    ("株式会社ヤオコー", "ヤオコー"),
    ("株式会社ベルク", "ベルク"),
    ("株式会社ライフコーポレーション", "ライフコーポレーション"),
    ("株式会社オークワ", "オークワ"),
    ("株式会社バローホールディングス", "バローホールディングス"),
    ("株式会社アークス", "アークス"),
    ("株式会社トライアルホールディングス", "トライアルホールディングス"),
    ("株式会社コスモス薬品", "コスモスヤクヒン"),
    ("株式会社スギホールディングス", "スギホールディングス"),
    ("株式会社サンドラッグ", "サンドラッグ"),
    ("株式会社クスリのアオキホールディングス", "クスリノアオキホールディングス"),
    ("株式会社マツキヨココカラ＆カンパニー", "マツキヨココカラアンドカンパニー"),
    ("株式会社西松屋チェーン", "ニシマツヤチェーン"),
    ("株式会社アルペン", "アルペン"),
    ("株式会社ヒマラヤ", "ヒマラヤ"),
    ("株式会社ゼビオホールディングス", "ゼビオホールディングス"),
    ("株式会社オートバックスセブン", "オートバックスセブン"),
    ("株式会社イエローハット", "イエローハット"),
    ("株式会社ハードオフコーポレーション", "ハードオフコーポレーション"),
    ("株式会社ゲオホールディングス", "ゲオホールディングス"),
    ("株式会社ブックオフグループホールディングス", "ブックオフグループホールディングス"),
    ("株式会社ヴィレッジヴァンガードコーポレーション", "ヴィレッジヴァンガードコーポレーション"),
    ("株式会社ドン・キホーテ", "ドンキホーテ"),
    ("株式会社大創産業", "ダイソウサンギョウ"),
    ("株式会社セリア", "セリア"),
    ("株式会社キャンドゥ", "キャンドゥ"),
    ("株式会社ペッパーフードサービス", "ペッパーフードサービス"),
    ("株式会社鳥貴族ホールディングス", "トリキゾクホールディングス"),
    ("株式会社ハイデイ日高", "ハイデイヒダカ"),
    ("株式会社幸楽苑", "コウラクエン"),
    ("株式会社ココスジャパン", "ココスジャパン"),
    ("株式会社ロイヤルホールディングス", "ロイヤルホールディングス"),
    ("株式会社フジオフードグループ本社", "フジオフードグループホンシャ"),
    ("株式会社串カツ田中ホールディングス", "クシカツタナカホールディングス"),
    ("株式会社丸亀製麺", "マルガメセイメン"),
    ("日清オイリオグループ株式会社", "ニッシンオイリオグループ"),
    ("株式会社J-オイルミルズ", "ジェイオイルミルズ"),
]

_ZENGIN_ACT = ["ブッサン", "セイミツ", "カガク", "ユソウ", "ソウコ", "リース",
               "テクノロジーズ", "ソリューションズ", "マーケティング", "ロジスティクス",
               "ラボ", "プランニング"]


def _earlier_refs() -> set[str]:
    """Entity refs of every earlier Japanese or hold-out case set and generator table."""
    refs = ja3._earlier_refs(OUT.name)
    refs |= {f"ofac:{e}" for e, *_ in ja4.PERSONS + ja4.ORGS + dev3.PERSONS}
    for path in (ROOT / "tests" / "cases").glob("**/*positives.csv"):
        if path.parent.name == OUT.name or not ("ja" in path.parent.name
                                                or "holdout" in path.parent.name):
            continue
        with path.open(encoding="utf-8", newline="") as f:
            refs |= {r["entity_ref"] for r in csv.DictReader(f)}
    return refs


def _earlier_companies() -> set[str]:
    """Queries and readings of the earlier Japanese sets' real companies."""
    seen = {c for c, _ in ja4.JA_COMPANIES} | {r for _, r in ja4.JA_COMPANIES}
    seen |= ja4._earlier_companies()
    for path in (ROOT / "tests" / "cases").glob("**/*negatives.csv"):
        if path.parent.name == OUT.name or "ja" not in str(path.relative_to(ROOT)):
            continue
        with path.open(encoding="utf-8", newline="") as f:
            seen |= {r["query"] for r in csv.DictReader(f)}
    return seen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=20261222)
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    a = ap.parse_args(argv)
    if (a.ofac / "sdn.csv").exists():
        with (a.ofac / "sdn.csv").open(encoding="latin-1", newline="") as f:
            names = {r[0].strip(): r[1].strip() for r in csv.reader(f) if len(r) > 1}
        bad = [(e, n, names.get(e)) for e, n, *_ in PERSONS + ORGS if names.get(e) != n]
        if bad:
            raise SystemExit(f"not as listed in {a.ofac}/sdn.csv: {bad}")
    earlier = _earlier_refs()
    overlap = [e for e, *_ in PERSONS + ORGS if f"ofac:{e}" in earlier]
    if overlap:
        raise SystemExit(f"entities already in an earlier Japanese set: {overlap}")
    seen = _earlier_companies()
    zengin = {ja2.halfwidth(f"カ){r}") for r in (x for _, x in JA_COMPANIES)}
    dup = [c for c, r in JA_COMPANIES if c in seen or r in seen
           or ja2.halfwidth(f"カ){r}") in seen]
    if dup or len(zengin) != len(JA_COMPANIES):
        raise SystemExit(f"companies already in an earlier Japanese set: {dup}")
    write(a.out / "ja_positives.csv", ja3.ja_positives(PERSONS, ORGS, SRC), POS_COLS)
    write(a.out / "ja_negatives.csv",
          ja2.ja_negatives(a.seed, JA_COMPANIES, _ZENGIN_ACT), NEG_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
