# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate a Japanese development set: tests/cases/dev_ja/ (deterministic).

    python benchmarks/make_cases_ja_dev.py [--out DIR]

The set the kana tables were tuned on in the session that made tests/cases/holdout_ja2/ (which
is not tuned on): other OFAC bench entities again (the generator refuses an overlap with
make_cases_ja.RENDERINGS and make_cases_ja2), written in the same styles as holdout_ja2 (MOF
notice style with patronymic and ヴ, press style without, family name first, half-width Zengin)
by make_cases_ja2's functions. Written by hand from the same conventions; see make_cases_ja2.py
for the sources and their limits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_cases_ja2 as ja2  # noqa: E402
from make_cases_ja import POS_COLS, RENDERINGS  # noqa: E402

OUT = ROOT / "tests" / "cases" / "dev_ja"

PERSONS: list[tuple[str, str, str, int | None]] = [
    ("16656", "GLAZYEV, Sergey", "セルゲイ・ユリエヴィチ・グラジエフ", -1),
    ("16659", "KLISHAS, Andrei", "アンドレイ・アレクサンドロヴィチ・クリシャス", -1),
    ("16661", "MIZULINA, Yelena", "エレーナ・ボリソヴナ・ミズリナ", -1),
    ("16663", "MEDVEDCHUK, Viktor", "ヴィクトル・ウラジーミロヴィチ・メドヴェドチュク", -1),
    ("16664", "OZEROV, Viktor Alekseevich", "ヴィクトル・アレクセーエヴィチ・オゼロフ", -1),
    ("16665", "DZHABAROV, Vladimir Michailovich", "ウラジーミル・ミハイロヴィチ・ジャバロフ", -1),
    ("16668", "ZHELEZNYAK, Sergei Vladimirovich", "セルゲイ・ウラジーミロヴィチ・ジェレズニャク", -1),
    ("16673", "RYZHKOV, Nikolai Ivanovich", "ニコライ・イワノヴィチ・ルイシコフ", -1),
    ("16675", "PANTELEEV, Oleg Evgenevich", "オレグ・エヴゲニエヴィチ・パンテレーエフ", -1),
    ("16677", "KOZHIN, Vladimir Igorevich", "ウラジーミル・イーゴレヴィチ・コージン", -1),
    ("16683", "SERGUN, Igor Dmitrievich", "イーゴリ・ドミトリエヴィチ・セルグン", -1),
    ("16690", "IVANOV, Victor Petrovich", "ヴィクトル・ペトロヴィチ・イワノフ", -1),
    ("16708", "BABAKOV, Alexander Mikhailovich", "アレクサンドル・ミハイロヴィチ・ババコフ", -1),
    ("16710", "SKOCH, Andrei Vladimirovich", "アンドレイ・ウラジーミロヴィチ・スコチ", -1),
    ("16712", "PUSHKOV, Aleksei Konstantinovich", "アレクセイ・コンスタンチノヴィチ・プシコフ", -1),
    ("16733", "MUROV, Evgeniy Alekseyevich", "エフゲニー・アレクセーエヴィチ・ムロフ", -1),
    ("16760", "TSEKOV, Sergey Pavlovich", "セルゲイ・パヴロヴィチ・ツェコフ", -1),
    ("16917", "NEVEROV, Sergei Ivanovich", "セルゲイ・イワノヴィチ・ネヴェロフ", -1),
    ("16938", "SAVELYEV, Oleg Genrikhovich", "オレグ・ゲンリホヴィチ・サヴェリエフ", -1),
    ("17760", "DUGIN, Aleksandr", "アレクサンドル・ゲリエヴィチ・ドゥーギン", -1),
    ("18310", "ROTENBERG, Roman", "ロマン・ボリソヴィチ・ローテンベルク", -1),
    ("10136", "MIKLASHEVICH, Petr Petrovich", "ピョートル・ペトロヴィチ・ミクラシェヴィチ", -1),
    ("10137", "PODOBED, Yury Nikolaevich", "ユーリー・ニコラエヴィチ・ポドベド", -1),
    ("17747", "KHODAKOVSKYY, Oleksandr Sergeyevich", "アレクサンドル・セルゲーエヴィチ・ホダコフスキー", -1),
    ("17318", "ZALDOSTANOV, Aleksandr", "アレクサンドル・セルゲーエヴィチ・ザルドスタノフ", -1),
    ("12479", "FATTAH, Parviz", "パルヴィズ・ファッターフ", -1),
    ("15991", "MIR-HEJAZI, Asghar", "アスガル・ミールヘジャーズィー", -1),
    ("17810", "GONZALEZ LOPEZ, Gustavo Enrique", "グスタボ・エンリケ・ゴンサレス・ロペス", 2),
    ("22750", "SAAB HALABI, Tarek William", "タレク・ウィリアム・サアブ・ハラビ", 2),
    ("22748", "JAUA MILANO, Elias Jose", "エリアス・ホセ・ハウア・ミラノ", 2),
    ("22747", "REVEROL TORRES, Nestor Luis", "ネストル・ルイス・レベロル・トレス", 2),
    ("22751", "LUCENA RAMIREZ, Tibisay", "ティビサイ・ルセナ・ラミレス", 1),
    ("17620", "JANG, Song Chol", "チャン・ソンチョル", None),
    ("23016", "KIM, Kyong Il", "キム・ギョンイル", None),
    ("22988", "RI, Chun Song", "リ・チュンソン", None),
    ("19497", "PAK, Yong Sik", "パク・ヨンシク", None),
    ("15771", "O, Kuk-Ryol", "オ・グクリョル", None),
    ("21306", "CHOE, Hwi", "チェ・フィ", None),
]

ORGS: list[tuple[str, str, str]] = [
    ("16830", "STROYTRANSGAZ HOLDING", "ストロイトランスガス・ホールディング"),
    ("24303", "RENOVA GROUP", "レノバ・グループ"),
    ("22526", "LIMITED LIABILITY COMPANY CONCORD MANAGEMENT AND CONSULTING", "コンコルド・マネジメント・アンド・コンサルティング"),
    ("16868", "JOINT STOCK COMPANY CONCERN RADIO-ELECTRONIC TECHNOLOGIES", "ラジオエレクトロニック・テクノロジーズ・コンツェルン"),
    ("25677", "BANK TEJARAT", "テジャラト銀行"),
    ("25618", "POST BANK OF IRAN", "イラン・ポスト銀行"),
    ("12848", "SYRIAN LEBANESE COMMERCIAL BANK", "シリア・レバノン商業銀行"),
    ("13122", "SYRIA INTERNATIONAL ISLAMIC BANK", "シリア国際イスラム銀行"),
    ("19045", "LTS HOLDING LIMITED", "LTSホールディング"),
    ("19048", "WHITE SEAL HOLDINGS LIMITED", "ホワイト・シール・ホールディングス"),
    ("25000", "SIA FALCON INTERNATIONAL GROUP", "ファルコン・インターナショナル・グループ"),
    ("15968", "GLOBAL SEA LINE CO LTD", "グローバル・シー・ライン"),
    ("28603", "TNK TRADING INTERNATIONAL S.A.", "TNKトレーディング・インターナショナル"),
    ("21553", "MKS INTERNATIONAL CO. LTD.", "MKSインターナショナル株式会社"),
    ("26119", "GLOBAL VISION GROUP", "グローバル・ビジョン・グループ"),
    ("31165", "INTERNATIONAL ANTICRISIS CENTER", "インターナショナル・アンチクライシス・センター"),
    ("18308", "SOUTHPORT MANAGEMENT SERVICES LIMITED", "サウスポート・マネジメント・サービシズ"),
    ("24225", "AGROHOLDING KUBAN", "アグロホールディング・クバン"),
    ("16825", "AVIA GROUP LLC", "アヴィア・グループ"),
    ("17067", "CHONGCHONGANG SHIPPING COMPANY LIMITED", "チョンチョンガン海運"),
    ("16812", "JSB SOBINBANK", "ソビンバンク"),
    ("19036", "PAO MOSOBLBANK", "モスオブルバンク"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    used = {r[0] for r in RENDERINGS} | {f"ofac:{e}" for e, *_ in ja2.PERSONS + ja2.ORGS}
    overlap = [e for e, *_ in PERSONS + ORGS if f"ofac:{e}" in used]
    if overlap:
        raise SystemExit(f"entities already in another set: {overlap}")
    ja2.PERSONS, ja2.ORGS = PERSONS, ORGS
    ja2.write(a.out / "ja_positives.csv", ja2.ja_positives(), POS_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
