# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate a third Japanese development set: tests/cases/dev_ja3/ (deterministic).

    python benchmarks/make_cases_ja_dev3.py [--out DIR]

Made in session 7, after holdout_ja4 was made and measured, to tune on: the kinds of names
the earlier development sets hold few of, written by hand in the styles of make_cases_ja2
(MOF notice style, press style, family name first, half-width Zengin): Chinese persons by the
Chinese reading (チャン・ジーチョン for ZHANG Jicheng: pinyin q, x, zh, c, -eng, -ian as the
Japanese press writes them), Turkish persons (ğ silent, ı as ウ, ü/ö as ユ/エ, c as ジ, ç as
チ, ş as シ), Mexican and Colombian persons (ll as ジ, j and g before e, i as ハ行, z as サ行,
ñ as ニャ). OFAC bench entities in no other Japanese set (the generator refuses an overlap
with every Japanese and hold-out folder under tests/cases/, holdout_ja4 included). No
negatives: the other development sets hold 4,000 of them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_cases_ja3 as ja3  # noqa: E402
import make_cases_ja4 as ja4  # noqa: E402
from make_cases import DEFAULT_OFAC  # noqa: E402
from make_cases_ja import POS_COLS, write  # noqa: E402

OUT = ROOT / "tests" / "cases" / "dev_ja3"
SRC = "ja-dev3-hand (MOF/MOFA notice style and Japanese press style; see make_cases_ja_dev3.py)"

PERSONS: list[tuple[str, str, str, int | None]] = [
    # China (family name first, Chinese reading)
    ("16817", "HU, Yongan", "フー・ヨンアン", None),
    ("16818", "ZHANG, Jicheng", "チャン・ジーチョン", None),
    ("16819", "WANG, Guoying", "ワン・グオイン", None),
    ("18660", "PENG, Bo", "ポン・ボー", None),
    ("21042", "ZHANG, Jian", "チャン・ジエン", None),
    ("23226", "LIU, Cuiying", "リウ・ツイイン", None),
    ("23227", "ZHANG, Keping", "チャン・クーピン", None),
    ("25308", "YAN, Xiaobing", "イエン・シャオビン", None),
    ("26323", "ZHENG, Guanghua", "ジェン・グアンホア", None),
    ("27923", "JI, Songyan", "ジー・ソンイエン", None),
    ("27924", "ZHANG, Longbao", "チャン・ロンバオ", None),
    ("27925", "CHENG, Guifeng", "チョン・グイフォン", None),
    ("27988", "ZHANG, Taotao", "チャン・タオタオ", None),
    ("23647", "WEI, Zhao", "ウェイ・ジャオ", None),
    ("23170", "SUN, Sidong", "スン・スードン", None),
    ("22612", "CHI, Yupeng", "チー・ユーポン", None),
    # Turkey
    ("10589", "DUZCAN, Ceylan", "ジェイラン・デュズジャン", -1),
    ("10903", "YAKUT, Cumhur", "ジュムフル・ヤクト", -1),
    ("11601", "ALTUN, Ali Riza", "アリ・ルザ・アルトゥン", -1),
    ("11602", "AYDAR, Zubayir", "ズバイル・アイダル", -1),
    ("12575", "KARTAL, Remzi", "レムズィ・カルタル", -1),
    ("12579", "UZUN, Adem", "アデム・ウズン", -1),
    ("13062", "BOZTEPE, Omer", "エメル・ボズテペ", -1),
    ("13060", "GELERI, Zeyneddin", "ゼイネッディン・ゲレリ", -1),
    # Mexico, Colombia
    ("6707", "CARO QUINTERO, Rafael", "ラファエル・カロ・キンテロ", 1),
    ("6857", "CARDENAS GUILLEN, Osiel", "オシエル・カルデナス・ギジェン", 1),
    ("7169", "GIL GARCIA, Jose Alejandro", "ホセ・アレハンドロ・ヒル・ガルシア", 2),
    ("7226", "ZAMBADA GARCIA, Ismael", "イスマエル・サンバダ・ガルシア", 1),
    ("8235", "ARELLANO FELIX, Francisco Javier", "フランシスコ・ハビエル・アレジャノ・フェリクス", 2),
    ("9335", "CORONEL VILLAREAL, Ignacio", "イグナシオ・コロネル・ビジャレアル", 1),
    ("10940", "PENA AREVALO, Ana Isabel", "アナ・イサベル・ペーニャ・アレバロ", 2),
    ("10983", "GUZMAN ENRIQUEZ, Juan Luis", "フアン・ルイス・グスマン・エンリケス", 2),
    ("11833", "GUERRERO CASTILLO, Pedro Oliveiro", "ペドロ・オリベイロ・ゲレロ・カスティジョ", 2),
    ("11893", "MEJIA VALENCIA, Gonzalo Alberto", "ゴンサロ・アルベルト・メヒア・バレンシア", 2),
    ("11898", "MANCO TORRES, Jhon Freddy", "ジョン・フレディ・マンコ・トレス", 2),
    ("11813", "JEREZ PINEDA, Oscar Alberto", "オスカル・アルベルト・ヘレス・ピネダ", 2),
    ("11826", "JEREZ GALEANO, Jaime", "ハイメ・ヘレス・ガレアノ", 1),
    ("8154", "GIRALDO SERNA, Hernan", "エルナン・ヒラルド・セルナ", 1),
    ("11248", "CALDERON DE TRUJILLO, Nubia", "ヌビア・カルデロン・デ・トルヒジョ", 1),
    ("11350", "ZABALA PADILLA, Omar Arturo", "オマル・アルトゥロ・サバラ・パディジャ", 2),
    ("10350", "ZAMBADA NIEBLA, Vicente", "ビセンテ・サンバダ・ニエブラ", 1),
]

ORGS: list[tuple[str, str, str]] = []


def _all_japanese_refs() -> set[str]:
    refs = ja3._earlier_refs(OUT.name) | {f"ofac:{e}" for e, *_ in ja4.PERSONS + ja4.ORGS}
    for path in (ROOT / "tests" / "cases").glob("**/*positives.csv"):
        if path.parent.name != OUT.name and ("ja" in path.parent.name
                                             or "holdout" in path.parent.name):
            with path.open(encoding="utf-8", newline="") as f:
                refs |= {r["entity_ref"] for r in csv.DictReader(f)}
    return refs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    a = ap.parse_args(argv)
    if (a.ofac / "sdn.csv").exists():
        with (a.ofac / "sdn.csv").open(encoding="latin-1", newline="") as f:
            names = {r[0].strip(): r[1].strip() for r in csv.reader(f) if len(r) > 1}
        bad = [(e, n, names.get(e)) for e, n, *_ in PERSONS + ORGS if names.get(e) != n]
        if bad:
            raise SystemExit(f"not as listed in {a.ofac}/sdn.csv: {bad}")
    earlier = _all_japanese_refs()
    overlap = [e for e, *_ in PERSONS + ORGS if f"ofac:{e}" in earlier]
    if overlap:
        raise SystemExit(f"entities already in another Japanese set: {overlap}")
    write(a.out / "ja_positives.csv", ja3.ja_positives(PERSONS, ORGS, SRC), POS_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
