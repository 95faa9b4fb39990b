# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate the third, clean Japanese hold-out set: tests/cases/holdout_ja3/ (deterministic).

    python benchmarks/make_cases_ja3.py [--out DIR] [--seed N]

Made on 2 Dec 2026 (session 6) BEFORE any matching change of that session, measured once
before and once after, never tuned on (see tests/cases/holdout_ja3/README.md). Other listed
entities than every earlier Japanese set (the generator refuses an overlap with
make_cases_ja.RENDERINGS, make_cases_ja2, make_cases_ja_dev and tests/cases/holdout/), other
real Japanese companies, another Faker seed.

- `ja_positives.csv`: katakana renderings of OFAC bench entities (`../shared/data/ofac/bench`
  sdn.csv: entity number and listed name) in the styles of make_cases_ja2 (its functions):
  `katakana` (MOF/MOFA notice style: given name, patronymic, family name, ・, ヴ),
  `katakana_press` (no patronymic, ヴ as バ行), `katakana_family_first` (press style, family
  name first, full-width space), `katakana_halfwidth` (Zengin half-width of that: no small
  kana). Persons: Russian and Ukrainian officials and separatist leaders (Crimea/Donbas
  designations), GRU officers, Belarusian officials (written from the Russian form of the name,
  as Japanese notices and press do: ルカシェンコ, not Lukashenka), North Korean officials
  (family name first, as the press writes キム・ヨンチョル), Iranian, Syrian, Arab, Afghan and
  Pakistani persons. Organisations: katakana transcriptions and loanwords (ラザルス・グループ,
  ボコ・ハラム, ハッカニ・ネットワーク, ガスプロム・ブレニエ) and a few bank names with 銀行
  (`kanji_org`, reported apart).
- `ja_negatives.csv`: Japanese counterparties that must stay clean: real Japanese companies
  not in holdout_ja2 (`JA_COMPANIES`, registered name and the Zengin half-width reading), and
  Faker ja_JP persons and companies (seed 20261206).

Sources and method: each rendering was written by hand, name by name, from the transcription
conventions Japanese government notices (外務省/財務省 告示) and the Japanese press (Kyodo,
NHK, Asahi, Yomiuri, Nikkei) use: Russian и/ы/е/ё, final -в as フ, -ий as -イー, ди as ジ, ти
as チ, patronymics -ヴィチ/-ヴナ; Arabic/Persian names as the press writes them (article al-
dropped, long vowels often not marked); Korean names by their Korean reading (Pyongyang
standard: リ for Ri). Written from how the names sound and are printed, not by running or
reading the matcher's tables (the author had seen them; no rendering was checked against the
matcher before the first measurement). No Japanese official list file is available offline,
so none is copied from one, and a rendering may differ from the one an official notice used.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_cases_ja2 as ja2  # noqa: E402
import make_cases_ja_dev as dev  # noqa: E402
from make_cases_ja import NEG_COLS, POS_COLS, RENDERINGS, write  # noqa: E402

OUT = ROOT / "tests" / "cases" / "holdout_ja3"
SRC = "ja3-hand (MOF/MOFA notice style and Japanese press style; see make_cases_ja3.py)"

# (OFAC bench ent_num, listed name, katakana in MOF notice style, index of the family name
# among the ・-parts, or None when the name is already family-first (Korean))
PERSONS: list[tuple[str, str, str, int | None]] = [
    # Russia, Ukraine (Crimea, Donbas), GRU
    ("16672", "BUSHMIN, Evgeni Viktorovich", "エフゲニー・ヴィクトロヴィチ・ブシミン", -1),
    ("16674", "TOTOONOV, Aleksandr Borisovich", "アレクサンドル・ボリソヴィチ・トトーノフ", -1),
    ("16678", "CHALIY, Aleksei Mikhailovich", "アレクセイ・ミハイロヴィチ・チャリイ", -1),
    ("16721", "YANUKOVYCH, Oleksandr Viktorovych", "オレクサンドル・ヴィクトロヴィチ・ヤヌコーヴィチ", -1),
    ("16753", "TEMIRGALIEV, Rustam Ilmirovich", "ルスタム・イリミロヴィチ・テミルガリエフ", -1),
    ("16757", "MEDVEDEV, Valery Kirillovich", "ワレリー・キリロヴィチ・メドヴェージェフ", -1),
    ("16934", "MENYAILO, Sergei Ivanovich", "セルゲイ・イワノヴィチ・メニャイロ", -1),
    ("16943", "PURGIN, Andrey Yevgenyevich", "アンドレイ・エヴゲニエヴィチ・プルギン", -1),
    ("16960", "BESEDA, Sergey", "セルゲイ・オレゴヴィチ・ベセダ", -1),
    ("16962", "BOLOTOV, Valery", "ワレリー・ドミトリエヴィチ・ボロトフ", -1),
    ("17063", "SHCHEGOLEV, Igor", "イーゴリ・オレゴヴィチ・シチョーゴレフ", -1),
    ("17083", "BEZLER, Igor Nikolayevich", "イーゴリ・ニコラエヴィチ・ベズレル", -1),
    ("17163", "TSARYOV, Oleh Anatolievich", "オレグ・アナトリエヴィチ・ツァリョフ", -1),
    ("17215", "ZAKHARCHENKO, Alexander", "アレクサンドル・ウラジーミロヴィチ・ザハルチェンコ", -1),
    ("17256", "GUBAREV, Pavel", "パーヴェル・ユーリエヴィチ・グバレフ", -1),
    ("17265", "ANTYUFEYEV, Vladimir", "ウラジーミル・ユーリエヴィチ・アンチュフェーエフ", -1),
    ("17427", "MOZGOVOY, Aleksey", "アレクセイ・ボリソヴィチ・モズゴヴォイ", -1),
    ("19008", "TABACHNYK, Dmytro Volodymyrovych", "ドミトロ・ヴォロディミロヴィチ・タバチニク", -1),
    ("20140", "BASURIN, Eduard", "エドゥアルド・アレクサンドロヴィチ・バスリン", -1),
    ("21328", "KOROBOV, Igor Valentinovich", "イーゴリ・ワレンチノヴィチ・コロボフ", -1),
    ("24103", "TORSHIN, Alexander Porfiryevich", "アレクサンドル・ポルフィリエヴィチ・トルシン", -1),
    ("24123", "REZNIK, Vladislav Matusovich", "ウラジスラフ・マトゥソヴィチ・レズニク", -1),
    ("24317", "BOGDANOV, Vladimir Leonidovich", "ウラジーミル・レオニドヴィチ・ボグダノフ", -1),
    ("24322", "ZHAROV, Alexander Alexandrovich", "アレクサンドル・アレクサンドロヴィチ・ジャロフ", -1),
    ("24327", "SHKOLOV, Evgeniy Mikhailovich", "エフゲニー・ミハイロヴィチ・シコロフ", -1),
    ("26170", "MISHKIN, Alexander Yevgeniyevich", "アレクサンドル・エヴゲニエヴィチ・ミシキン", -1),
    ("26171", "CHEPIGA, Anatoliy Vladimirovich", "アナトリー・ウラジーミロヴィチ・チェピガ", -1),
    ("26180", "NETYKSHO, Viktor Borisovich", "ヴィクトル・ボリソヴィチ・ネティクショ", -1),
    ("26235", "MALKEVICH, Alexander Aleksandrovich", "アレクサンドル・アレクサンドロヴィチ・マルケヴィチ", -1),
    ("31122", "YARIN, Andrei Veniaminovich", "アンドレイ・ヴェニアミノヴィチ・ヤーリン", -1),
    ("31124", "KRIVORUCHKO, Aleksei Yurievich", "アレクセイ・ユーリエヴィチ・クリヴォルチコ", -1),
    ("31251", "KRASNOV, Igor Victorovich", "イーゴリ・ヴィクトロヴィチ・クラスノフ", -1),
    ("31252", "KALASHNIKOV, Alexander Petrovich", "アレクサンドル・ペトロヴィチ・カラシニコフ", -1),
    ("31291", "KILIMNIK, Konstantin Viktorovich", "コンスタンチン・ヴィクトロヴィチ・キリムニク", -1),
    # Belarus (Japanese writes the Russian form)
    ("9761", "HALAVANAU, Viktar Hryhoryavich", "ヴィクトル・グリゴリエヴィチ・ゴロワノフ", -1),
    ("29662", "BARSUKOU, Alyaksandr Pyatrovich", "アレクサンドル・ペトロヴィチ・バルスコフ", -1),
    ("29663", "KUBRAKOU, Ivan Uladzimiravich", "イワン・ウラジーミロヴィチ・クブラコフ", -1),
    ("29642", "KARAEU, Yuriy Khadzymuratavich", "ユーリー・ハジムラトヴィチ・カラエフ", -1),
    # North Korea (family name first)
    ("12211", "KIM, Yong Chol", "キム・ヨンチョル", None),
    ("17615", "JANG, Yong Son", "チャン・ヨンソン", None),
    ("17627", "KANG, Ryong", "カン・リョン", None),
    ("19609", "RI, Won Ho", "リ・ウォンホ", None),
    ("19610", "JO, Yong Chol", "チョ・ヨンチョル", None),
    ("19793", "CHOE, Chang Pong", "チェ・チャンボン", None),
    ("23212", "JONG, Kyong Thaek", "チョン・ギョンテク", None),
    ("23214", "KIM, Jong Sik", "キム・ジョンシク", None),
    ("24918", "PARK, Jin Hyok", "パク・ジンヒョク", None),
    # Iran, Syria, Arab, Afghan, Pakistani, others
    ("12725", "AL-ASSAD, Maher", "マヘル・アサド", -1),
    ("12722", "MAMLUK, Ali", "アリ・マムルーク", -1),
    ("12736", "AL-SHARA, Farouk", "ファルーク・シャラア", -1),
    ("10725", "MAKHLUF, Rami", "ラミ・マフルーフ", -1),
    ("9415", "SHAWKAT, Assef", "アセフ・シャウカト", -1),
    ("12066", "JAFARI, Mohammad Ali", "モハンマド・アリ・ジャファリ", -1),
    ("10860", "SAFAVI, Yahya Rahim", "ヤヒヤ・ラヒム・サファヴィ", -1),
    ("27845", "DEHGHAN, Hossein", "ホセイン・デフガン", -1),
    ("27852", "REZA'I, Mohsen", "モフセン・レザイ", -1),
    ("30879", "MOKHBER, Mohammad", "モハンマド・モフベル", -1),
    ("2676", "AL ZAWAHIRI, Dr. Ayman", "アイマン・ザワヒリ", -1),
    ("12109", "AL-AULAQI, Anwar", "アンワル・アウラキ", -1),
    ("7914", "MISHAAL, Khalid", "ハーリド・マシャアル", -1),
    ("3754", "ABU MARZOOK, Mousa Mohammed", "ムーサ・アブ・マルズーク", 1),
    ("7471", "HEKMATYAR, Gulbuddin", "グルブディン・ヘクマティヤル", -1),
    ("8084", "BELMOKHTAR, Mokhtar", "モフタール・ベルモフタール", -1),
    ("12110", "UMAROV, Doku", "ドク・ウマロフ", -1),
    ("11018", "KONY, Joseph", "ジョゼフ・コニー", -1),
    ("28004", "AL-KHAZALI, Qais", "カイス・ハザリ", -1),
]

# (OFAC bench ent_num, listed name, as the Japanese press writes it)
ORGS: list[tuple[str, str, str]] = [
    ("4688", "ABU SAYYAF GROUP", "アブ・サヤフ・グループ"),
    ("6366", "AL QA'IDA", "アルカイダ"),
    ("6935", "JAISH-I-MOHAMMED", "ジャイシュ・エ・ムハンマド"),
    ("7140", "LASHKAR E-TAYYIBA", "ラシュカレ・タイバ"),
    ("10761", "AL-SHABAAB", "アル・シャバブ"),
    ("11462", "KATA'IB HIZBALLAH", "カタイブ・ヒズボラ"),
    ("11440", "SINALOA CARTEL", "シナロア・カルテル"),
    ("11438", "LOS ZETAS", "ロス・セタス"),
    ("15484", "HAQQANI NETWORK", "ハッカニ・ネットワーク"),
    ("16363", "BOKO HARAM", "ボコ・ハラム"),
    ("27307", "LAZARUS GROUP", "ラザルス・グループ"),
    ("27308", "BLUENOROFF", "ブルーノロフ"),
    ("27309", "ANDARIEL", "アンダリエル"),
    ("10574", "BELNEFTEKHIM", "ベルネフテヒム"),
    ("12212", "GREEN PINE ASSOCIATED CORPORATION", "グリーン・パイン・アソシエイテッド"),
    ("16807", "TRANSOIL", "トランスオイル"),
    ("17317", "NIGHT WOLVES", "ナイト・ウルブズ"),
    ("20029", "PJSC MOSTOTREST", "モストトレスト"),
    ("22527", "CONCORD CATERING", "コンコルド・ケータリング"),
    ("23563", "PJSC POWER MACHINES", "パワー・マシーンズ"),
    ("24185", "GAZPROM BURENIE, OOO", "ガスプロム・ブレニエ"),
    ("31451", "NEWSFRONT", "ニュースフロント"),
    ("26503", "EVROFINANCE MOSNARBANK", "エヴロファイナンス・モスナルバンク"),
    ("26523", "MINERVEN", "ミネルベン"),
    ("25580", "BANK SEPAH", "セパー銀行"),
    ("25066", "PARSIAN BANK", "パルシアン銀行"),
    ("13133", "PASARGAD BANK", "パサルガド銀行"),
]

# Real Japanese companies not in holdout_ja2 (registered name, katakana reading used for Zengin
# transfers); none is on a sanctions list. Must stay clean.
JA_COMPANIES: list[tuple[str, str]] = [
    ("株式会社デンソー", "デンソー"),
    ("株式会社小松製作所", "コマツセイサクショ"),
    ("ダイキン工業株式会社", "ダイキンコウギョウ"),
    ("信越化学工業株式会社", "シンエツカガクコウギョウ"),
    ("株式会社キーエンス", "キーエンス"),
    ("ファナック株式会社", "ファナック"),
    ("オムロン株式会社", "オムロン"),
    ("株式会社リクルートホールディングス", "リクルートホールディングス"),
    ("株式会社資生堂", "シセイドウ"),
    ("花王株式会社", "カオウ"),
    ("味の素株式会社", "アジノモト"),
    ("日清食品ホールディングス株式会社", "ニッシンショクヒンホールディングス"),
    ("ヤマハ株式会社", "ヤマハ"),
    ("スズキ株式会社", "スズキ"),
    ("マツダ株式会社", "マツダ"),
    ("株式会社SUBARU", "スバル"),
    ("いすゞ自動車株式会社", "イスズジドウシャ"),
    ("セイコーエプソン株式会社", "セイコーエプソン"),
    ("ブラザー工業株式会社", "ブラザーコウギョウ"),
    ("株式会社ニコン", "ニコン"),
    ("オリンパス株式会社", "オリンパス"),
    ("テルモ株式会社", "テルモ"),
    ("武田薬品工業株式会社", "タケダヤクヒンコウギョウ"),
    ("アステラス製薬株式会社", "アステラスセイヤク"),
    ("第一三共株式会社", "ダイイチサンキョウ"),
    ("中外製薬株式会社", "チュウガイセイヤク"),
    ("大和ハウス工業株式会社", "ダイワハウスコウギョウ"),
    ("積水ハウス株式会社", "セキスイハウス"),
    ("株式会社大林組", "オオバヤシグミ"),
    ("鹿島建設株式会社", "カジマケンセツ"),
    ("大成建設株式会社", "タイセイケンセツ"),
    ("清水建設株式会社", "シミズケンセツ"),
    ("東日本旅客鉄道株式会社", "ヒガシニホンリョカクテツドウ"),
    ("東海旅客鉄道株式会社", "トウカイリョカクテツドウ"),
    ("東京電力ホールディングス株式会社", "トウキョウデンリョクホールディングス"),
    ("関西電力株式会社", "カンサイデンリョク"),
    ("東京瓦斯株式会社", "トウキョウガス"),
    ("ENEOSホールディングス株式会社", "エネオスホールディングス"),
    ("出光興産株式会社", "イデミツコウサン"),
    ("INPEX株式会社", "インペックス"),
    ("株式会社三越伊勢丹ホールディングス", "ミツコシイセタンホールディングス"),
    ("株式会社ローソン", "ローソン"),
    ("株式会社ファミリーマート", "ファミリーマート"),
    ("株式会社ユニクロ", "ユニクロ"),
    ("株式会社良品計画", "リョウヒンケイカク"),
    ("株式会社電通グループ", "デンツウグループ"),
    ("株式会社博報堂", "ハクホウドウ"),
    ("富士通株式会社", "フジツウ"),
    ("日本電気株式会社", "ニッポンデンキ"),
    ("株式会社東芝", "トウシバ"),
    ("シャープ株式会社", "シャープ"),
    ("株式会社バンダイナムコホールディングス", "バンダイナムコホールディングス"),
    ("株式会社スクウェア・エニックス・ホールディングス", "スクウェアエニックスホールディングス"),
    ("株式会社カプコン", "カプコン"),
    ("株式会社コナミグループ", "コナミグループ"),
    ("株式会社セガサミーホールディングス", "セガサミーホールディングス"),
    ("株式会社クボタ", "クボタ"),
    ("株式会社ダイフク", "ダイフク"),
    ("日本ペイントホールディングス株式会社", "ニッポンペイントホールディングス"),
    ("東レ株式会社", "トウレ"),
    ("旭化成株式会社", "アサヒカセイ"),
    ("住友金属鉱山株式会社", "スミトモキンゾクコウザン"),
    ("三井不動産株式会社", "ミツイフドウサン"),
    ("三菱地所株式会社", "ミツビシジショ"),
    ("株式会社大和証券グループ本社", "ダイワショウケングループホンシャ"),
    ("SOMPOホールディングス株式会社", "ソンポホールディングス"),
    ("MS&ADインシュアランスグループホールディングス株式会社", "エムエスアンドエーディーインシュアランスグループホールディングス"),
    ("株式会社ニチレイ", "ニチレイ"),
    ("株式会社マルハニチロ", "マルハニチロ"),
    ("カゴメ株式会社", "カゴメ"),
]

_ZENGIN_ACT = ["ショウテン", "セイサクショ", "サンギョウ", "ブッサン", "コウサン", "ケンセツ",
               "トレーディング", "エンタープライズ", "テクノロジー", "ソリューションズ",
               "マネジメント", "ロジスティクス"]


def ja_positives(persons: list | None = None, orgs: list | None = None,
                 src: str = SRC) -> list[dict]:
    """This set's positives (or `persons`/`orgs`'), in the styles of holdout_ja2."""
    return ja2.ja_positives(PERSONS if persons is None else persons,
                            ORGS if orgs is None else orgs, src, halfwidth_ascii=True)


def ja_negatives(seed: int, companies: list | None = None) -> list[dict]:
    """This set's real companies (or `companies`) and Faker ja_JP names, as holdout_ja2's."""
    return ja2.ja_negatives(seed, JA_COMPANIES if companies is None else companies, _ZENGIN_ACT)


def _earlier_refs(skip: str = OUT.name) -> set[str]:
    """Entity refs of every earlier Japanese case set (but the one in folder `skip`)."""
    refs = {r[0] for r in RENDERINGS}
    refs |= {f"ofac:{e}" for e, *_ in ja2.PERSONS + ja2.ORGS + dev.PERSONS + dev.ORGS}
    for path in (ROOT / "tests" / "cases").glob("**/ja_positives.csv"):
        if path.parent.name == skip:
            continue
        with path.open(encoding="utf-8", newline="") as f:
            refs |= {r["entity_ref"] for r in csv.DictReader(f)}
    return refs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=20261206)
    a = ap.parse_args(argv)
    earlier = _earlier_refs()
    overlap = [e for e, *_ in PERSONS + ORGS if f"ofac:{e}" in earlier]
    if overlap:
        raise SystemExit(f"entities already in an earlier Japanese set: {overlap}")
    companies = {c for c, _ in ja2.JA_COMPANIES}
    dup = [c for c, _ in JA_COMPANIES if c in companies]
    if dup:
        raise SystemExit(f"companies already in holdout_ja2: {dup}")
    write(a.out / "ja_positives.csv", ja_positives(), POS_COLS)
    write(a.out / "ja_negatives.csv", ja_negatives(a.seed), NEG_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
