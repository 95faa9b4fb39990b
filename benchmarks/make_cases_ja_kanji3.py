# ruff: noqa: E501  (the kanji tables: wide characters count double)
"""Generate the third kanji organisation hold-out (issue 14, session 7):
tests/cases/holdout_ja_kanji3/ (deterministic, no randomness).

    python benchmarks/make_cases_ja_kanji3.py [--ofac DIR]

Made on 2 Dec 2026 (session 7) BEFORE that session's matching changes; measured once before
and once after, and not tuned on.

- `ja_kanji_positives.csv`: listed organisations that no other Japanese case set uses (checked
  on generation against `tests/cases/ja_*.csv`, `dev_ja*/`, `holdout_ja*/`), written as
  Japanese writes them: translated words with the country first or left out, 株式会社 / （株）
  added as Japanese payment data adds them, Korean names in their Chinese characters (with and
  without 朝鮮), katakana names with kanji words (マスカン銀行, シャーム・ウイングス航空), and
  the Japanese press's own words where they differ from the listed English (旅団 for a
  "division", 製油所 for a "refinery company"). Listed names and entity numbers are those of the
  OFAC bench file (`../shared/data/ofac/bench/sdn.csv`, primary name checked on load); three
  built-in entities (`lists/japan-2022.toml`) are referred to by name (`builtin:<name>`).
- `ja_kanji_negatives.csv`: names that must stay clean, none used by another Japanese case set:
  Japanese banks (some in the （株） and Zengin ｶ) forms), firms and public bodies, several
  made of the same words as listed names (合同製鐵, 国際協力銀行, 原子力規制委員会, 国土交通省海事局,
  防衛省情報本部), and foreign institutions that are not listed (黒海貿易開発銀行 beside the listed
  BLACK SEA BANK OF DEVELOPMENT AND RECONSTRUCTION, 欧州復興開発銀行, 韓国産業銀行, 中国人民銀行,
  ベトナム国家銀行, フィリピン国家警察, ...). Names marked `ja_company_generic` are small-firm
  names built from common words (有限会社中央石油), as Japanese registers hold many such.

Sources of the renderings: the Japanese names by which Japanese government notices (財務省・
外務省 asset-freeze notices for North Korea, Iran, Syria, Russia and Belarus; 公安調査庁「国際テロ
リズム要覧」 for the armed groups) and the Japanese press (Kyodo, NHK, Nikkei, Asahi, Yomiuri,
Jiji) write these organisations, written by hand from those conventions (translated generic
words, katakana for proper names, the kanji of Korean names as Japanese reports of North Korea
write them: 万寿台, 綾羅島, 鉄山, 三日浦), independently of the glossary and the vocabulary
(`screening/data/japanese_org_*.toml`) and without running the reader; no Japanese official
file is available offline, so none is copied from one and a rendering may differ from an
official notice. Registered names of Japanese banks, firms and bodies are as they write them
(their own registered names); Zengin forms follow the Zengin transfer conventions (half-width
katakana, ｶ) for 株式会社).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_cases_ja import NEG_COLS, POS_COLS, write  # noqa: E402
from make_cases_ja_kanji2 import DEFAULT_OFAC, listed_names, used_elsewhere  # noqa: E402

HOLDOUT = ROOT / "tests" / "cases" / "holdout_ja_kanji3"
SRC = "ja-kanji3-hand (Japanese names as MOF/MOFA notices and the Japanese press write them; see make_cases_ja_kanji3.py)"

# (OFAC bench ent_num or "builtin:<name>", listed primary name, [renderings])
ORGS: list[tuple[str, str, list[str]]] = [
    # North Korea: state bodies (the country word often left out in the press)
    ("21323", "STATE PLANNING COMMISSION", ["国家計画委員会", "朝鮮国家計画委員会"]),
    ("22283", "STATE AFFAIRS COMMISSION", ["北朝鮮国務委員会"]),
    ("23085", "MILITARY SECURITY COMMAND", ["北朝鮮軍保衛司令部"]),
    ("19790", "MINISTRY OF PEOPLE'S SECURITY CORRECTIONAL BUREAU", ["人民保安省教化局"]),
    ("23173", "MARITIME ADMINISTRATION OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", ["朝鮮民主主義人民共和国海事監督局"]),
    ("22323", "KOREA COMPUTER CENTER", ["朝鮮コンピューターセンター"]),
    # North Korea: banks and firms, Korean names in kanji
    ("23004", "KORYO COMMERCIAL BANK LTD.", ["高麗商業銀行"]),
    ("20568", "NORTH EAST ASIA BANK", ["東北アジア銀行"]),
    ("23003", "JINSONG JOINT BANK", ["ジンソン合弁銀行"]),
    ("20574", "KOREA HAEGUMGANG TRADING CORPORATION", ["朝鮮海金剛貿易会社"]),
    ("19613", "KOREA RUNGRADO GENERAL TRADING CORPORATION", ["朝鮮綾羅島貿易総会社"]),
    ("30082", "KOREA CHOLSAN GENERAL TRADING CORPORATION", ["朝鮮鉄山貿易総会社"]),
    ("27383", "KOREA NAMGANG TRADING CORPORATION", ["朝鮮南江貿易会社"]),
    ("19579", "KOREA SAMILPO SHIPPING CO", ["朝鮮三日浦海運会社"]),
    ("20581", "KOREA OIL EXPLORATION CORPORATION", ["朝鮮石油探査会社"]),
    ("22325", "KOREA ZINC INDUSTRIAL GROUP", ["朝鮮亜鉛工業グループ"]),
    ("23178", "KOREA SOUTH-SOUTH COOPERATION CORPORATION", ["朝鮮南南協力会社"]),
    ("20578", "MANSUDAE OVERSEAS PROJECT GROUP OF COMPANIES", ["万寿台海外開発会社グループ"]),
    ("19629", "SINGWANG ECONOMICS AND TRADING GENERAL CORPORATION", ["新光経済貿易総会社"]),
    ("23725", "FIRST OIL JV CO LTD", ["第一石油合弁会社"]),
    ("23724", "MYOHYANG SHIPPING CO", ["妙香海運"]),
    # Iran: banks (katakana names, translated names)
    ("4633", "BANK MASKAN", ["マスカン銀行", "イラン住宅銀行"]),
    ("4635", "BANK REFAH KARGARAN", ["レファー銀行", "イラン勤労者福祉銀行"]),
    ("12478", "ANSAR BANK", ["アンサール銀行"]),
    ("13131", "EGHTESAD NOVIN BANK", ["エクテサド・ノビン銀行"]),
    ("13134", "KARAFARIN BANK", ["カラフリン銀行"]),
    ("13142", "IRAN ZAMIN BANK", ["イラン・ザミン銀行"]),
    ("25067", "SINA BANK", ["シナ銀行"]),
    ("25757", "AYANDEH BANK", ["アーヤンデ銀行"]),
    ("13146", "ISLAMIC REGIONAL COOPERATION BANK", ["イスラム地域協力銀行"]),
    # Iran: firms
    ("11631", "IRAN INSURANCE COMPANY", ["イラン保険会社"]),
    ("16019", "MELLAT INSURANCE COMPANY", ["メラト保険会社"]),
    ("11627", "IRAN FOREIGN INVESTMENT COMPANY", ["イラン外国投資会社"]),
    ("11619", "IRAN PETROCHEMICAL COMMERCIAL COMPANY", ["イラン石油化学商業会社"]),
    ("12476", "PARS OIL AND GAS COMPANY", ["パルス石油ガス会社"]),
    ("16028", "HORMOZ OIL REFINING COMPANY", ["ホルモズ石油精製会社"]),
    ("29522", "ABADAN OIL REFINING COMPANY", ["アバダン製油所"]),
    ("15957", "TABRIZ PETROCHEMICAL COMPANY", ["タブリーズ石油化学"]),
    ("25064", "ESFAHAN'S MOBARAKEH STEEL COMPANY", ["モバラケ製鉄", "イスファハン・モバラケ製鉄会社"]),
    ("28285", "KHORASAN STEEL COMPANY", ["ホラサン製鉄会社"]),
    ("28290", "IRAN ALLOY STEEL COMPANY", ["イラン合金鋼会社"]),
    ("29114", "IRAN CENTRAL IRON ORE COMPANY", ["イラン中央鉄鉱石会社"]),
    ("25641", "URANIUM PROCESSING AND NUCLEAR FUEL COMPANY", ["ウラン加工・核燃料会社"]),
    # Iran: state and armed bodies
    ("26017", "IRAN NUCLEAR REGULATORY AUTHORITY", ["イラン原子力規制当局"]),
    ("27849", "ARMED FORCES GENERAL STAFF", ["イラン軍統合参謀本部"]),
    ("26719", "IRGC GROUND FORCES", ["イラン革命防衛隊地上軍"]),
    ("26720", "IRGC NAVY", ["革命防衛隊海軍"]),
    ("10465", "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", ["革命防衛隊コッズ部隊"]),
    ("12727", "BASIJ RESISTANCE FORCE", ["バシジ抵抗部隊"]),
    ("12763", "LAW ENFORCEMENT FORCES OF THE ISLAMIC REPUBLIC OF IRAN", ["イラン・イスラム共和国法執行軍"]),
    ("15766", "IRANIAN CYBER POLICE", ["イラン・サイバー警察"]),
    ("23473", "SUPREME COUNCIL OF CYBERSPACE", ["イラン・サイバー空間最高評議会"]),
    ("24586", "EVIN PRISON", ["エビン刑務所"]),
    ("26347", "FATEMIYOUN DIVISION", ["ファテミユン旅団"]),
    # Syria
    ("12743", "SYRIAN MILITARY INTELLIGENCE", ["シリア軍事情報局"]),
    ("12866", "GENERAL PETROLEUM CORPORATION", ["シリア石油総公社"]),
    ("12870", "SYRIAN COMPANY FOR OIL TRANSPORT", ["シリア石油輸送会社"]),
    ("12871", "SYRIAN GAS COMPANY", ["シリア・ガス会社"]),
    ("12932", "REAL ESTATE BANK", ["シリア不動産銀行"]),
    ("16909", "HOMS REFINERY COMPANY", ["ホムス製油所"]),
    ("18210", "SYRIAN GENERAL AUTHORITY FOR MARITIME TRANSPORT", ["シリア海運総庁"]),
    ("20956", "SYRIAN ARAB NAVY", ["シリア・アラブ海軍", "シリア海軍"]),
    ("20957", "SYRIAN ARAB REPUBLICAN GUARD", ["シリア共和国防衛隊"]),
    ("21244", "CHAM WINGS AIRLINES", ["シャーム・ウイングス航空"]),
    ("22261", "CHAM ISLAMIC BANK", ["シャーム・イスラム銀行"]),
    ("29066", "FOURTH DIVISION OF THE SYRIAN ARAB ARMY", ["シリア軍第4師団"]),
    ("29867", "SYRIAN TRANSPORT AND TOURISM COMPANY", ["シリア運輸観光会社"]),
    ("29240", "MILITARY CONSTRUCTION ESTABLISHMENT", ["シリア軍事建設公社"]),
    # Russia, Crimea, Donbas, Belarus
    ("17065", "DONETSK PEOPLE'S REPUBLIC", ["ドネツク人民共和国"]),
    ("17023", "LUHANSK PEOPLE'S REPUBLIC", ["ルガンスク人民共和国"]),
    ("22487", "STATE BANK LUHANSK PEOPLE'S REPUBLIC", ["ルハンスク人民共和国国立銀行"]),
    ("18027", "STATE ENTERPRISE KERCH SEA COMMERCIAL PORT", ["ケルチ商業港"]),
    ("16911", "KALASHNIKOV CONCERN", ["カラシニコフ・コンツェルン", "カラシニコフ株式会社"]),
    ("22504", "JOINT STOCK COMPANY BLACK SEA BANK OF DEVELOPMENT AND RECONSTRUCTION", ["黒海開発復興銀行"]),
    ("30546", "MAIN INTERNAL AFFAIRS DIRECTORATE OF THE MINSK CITY EXECUTIVE COMMITTEE", ["ミンスク市執行委員会内務総局"]),
    ("10762", "BELARUSIAN OIL TRADE HOUSE", ["ベラルーシ石油商社"]),
    ("builtin:Promsvyazbank", "Promsvyazbank", ["プロムスビャズ銀行", "（株）プロムスビャズ銀行"]),
    ("builtin:Novikombank", "Novikombank", ["ノビコム銀行"]),
    ("builtin:Sovcombank", "Sovcombank", ["ソフコム銀行"]),
    # Myanmar, Cuba, Zimbabwe, Libya
    ("31937", "STATE ADMINISTRATIVE COUNCIL", ["ミャンマー国家行政評議会", "国家行政評議会"]),
    ("735", "EMPRESA CUBANA DE AVIACION", ["キューバ航空"]),
    ("10959", "ZIMBABWE MINING DEVELOPMENT CORPORATION", ["ジンバブエ鉱業開発公社"]),
    ("10960", "ZIMBABWE IRON AND STEEL COMPANY", ["ジンバブエ鉄鋼会社"]),
    ("12685", "GADDAFI INTERNATIONAL CHARITY AND DEVELOPMENT FOUNDATION", ["カダフィ国際慈善開発財団"]),
    # armed groups (公安調査庁 names)
    ("4703", "LIBERATION TIGERS OF TAMIL EELAM", ["タミル・イーラム解放のトラ"]),
    ("4706", "NATIONAL LIBERATION ARMY", ["コロンビア民族解放軍"]),
    ("6725", "ISLAMIC MOVEMENT OF UZBEKISTAN", ["ウズベキスタン・イスラム運動"]),
    ("7200", "AL-AQSA MARTYRS BRIGADE", ["アクサ殉教者旅団"]),
    ("4710", "POPULAR FRONT FOR THE LIBERATION OF PALESTINE - GENERAL COMMAND", ["パレスチナ解放人民戦線総司令部派"]),
    ("4708", "PALESTINE LIBERATION FRONT - ABU ABBAS FACTION", ["パレスチナ解放戦線"]),
    ("11695", "AL-QA'IDA IN THE ARABIAN PENINSULA", ["アラビア半島のアルカイダ"]),
]

# (category, name): must stay clean
NEGATIVES: list[tuple[str, str]] = [
    *[("ja_bank_kanji", n) for n in [
        "株式会社百十四銀行", "株式会社荘内銀行", "株式会社岩手銀行", "株式会社福井銀行", "株式会社清水銀行", "株式会社三十三銀行",
        "株式会社池田泉州銀行", "株式会社島根銀行", "株式会社佐賀銀行", "株式会社十八親和銀行", "株式会社南日本銀行", "株式会社東北銀行",
        "株式会社京葉銀行", "株式会社千葉興業銀行", "株式会社東日本銀行", "株式会社静岡中央銀行", "株式会社富山第一銀行", "株式会社西京銀行",
        "日本マスタートラスト信託銀行株式会社", "株式会社日本カストディ銀行", "東北銀行", "千葉興業銀行", "（株）広島銀行", "（株）千葉興業銀行",
    ]],
    *[("ja_bank_zengin", n) for n in [
        "ｶ)ﾁﾊﾞｺｳｷﾞﾖｳｷﾞﾝｺｳ", "ｶ)ﾄｳﾎｸｷﾞﾝｺｳ", "ｶ)ｻﾝｲﾝｺﾞｳﾄﾞｳｷﾞﾝｺｳ",
    ]],
    *[("ja_company_kanji", n) for n in [
        "JFEスチール株式会社", "愛知製鋼株式会社", "山陽特殊製鋼株式会社", "日本冶金工業株式会社", "日鉄鉱業株式会社", "東邦亜鉛株式会社",
        "三井海洋開発株式会社", "株式会社名村造船所", "株式会社大島造船所", "NSユナイテッド海運株式会社", "乾汽船株式会社", "明治海運株式会社",
        "阪和興業株式会社", "稲畑産業株式会社", "神鋼商事株式会社", "三菱ガス化学株式会社", "富士石油株式会社", "太陽石油株式会社",
        "共栄火災海上保険株式会社", "北海道国際航空株式会社", "原子燃料工業株式会社", "三菱原子燃料株式会社", "五洋建設株式会社",
        "東亜建設工業株式会社", "株式会社三菱総合研究所", "新光電気工業株式会社", "新光商事株式会社", "白馬観光開発株式会社", "株式会社金剛組",
        "合同製鐵株式会社", "（株）日本製鋼所", "東北電力株式会社",
    ]],
    *[("ja_company_generic", n) for n in [
        "有限会社中央石油", "有限会社国際貿易", "合同会社東亜貿易", "株式会社総合開発", "東方海運株式会社", "株式会社国際投資",
        "中央化学工業株式会社", "合同会社第一商事", "株式会社亜鉛工業", "有限会社第一石油",
    ]],
    *[("ja_government_kanji", n) for n in [
        "観光庁", "水産庁", "出入国在留管理庁", "運輸安全委員会", "原子力委員会", "最高検察庁", "証券取引等監視委員会",
        "国立研究開発法人理化学研究所", "陸上幕僚監部", "自衛隊情報保全隊", "自衛艦隊", "警察大学校", "大阪府警察本部", "東京都港湾局", "日本学士院",
        "国土交通省海事局", "防衛省情報本部", "原子力規制庁", "会計検査院", "人事院", "法務省", "日本貿易振興機構", "国際協力機構",
        "預金保険機構", "株式会社東京証券取引所",
    ]],
    *[("ja_korean_community", n) for n in [
        "高麗神社", "朝鮮大学校", "在日本朝鮮人総聯合会", "朝鮮奨学会", "在日本大韓民国民団",
    ]],
    *[("foreign_clean_kanji", n) for n in [
        "韓国国民銀行", "新韓銀行", "韓国企業銀行", "韓国外換銀行", "韓国水力原子力", "韓国航空宇宙産業", "現代重工業", "交通銀行", "招商銀行",
        "中国東方航空", "中国遠洋海運集団", "シンガポール開発銀行", "南アフリカ準備銀行", "パキスタン国立銀行", "スリランカ中央銀行",
        "エジプト中央銀行", "ドバイ・イスラム銀行", "エミレーツ航空", "エジプト航空", "パキスタン国際航空", "ウズベキスタン航空",
        "ウクライナ国際航空", "ウクライナ国家警察", "ジョージア国家保安庁", "パレスチナ通貨庁", "コロンビア国軍", "韓国統一部", "ウクライナ鉄道",
        "カザフスタン国立銀行", "ベトナム航空", "フィリピン国家警察", "米陸軍", "英国海軍", "黒海貿易開発銀行", "クウェート投資庁",
        "オマーン石油会社",
    ]],
]


def cases(names: dict[str, str], refs: set[str], queries: set[str]
          ) -> tuple[list[dict], list[dict]]:
    """Positive and negative rows; stops on a listed name that differs or a case another
    Japanese case set already has."""
    pos: list[dict] = []
    for ref, name, renderings in ORGS:
        builtin = ref.startswith("builtin:")
        if not builtin and names.get(ref) != name:
            raise SystemExit(f"OFAC {ref}: listed as {names.get(ref)!r}, not {name!r}")
        key = ref if builtin else f"ofac:{ref}"
        if key in refs:
            raise SystemExit(f"{key} ({name}) is already in another case set")
        for r in renderings:
            if r in queries:
                raise SystemExit(f"positive {r!r} is already in another case set")
            pos.append({"query": r, "kind": "organisation", "variation": "kanji_org",
                        "list_name": name, "list_kind": "organisation",
                        "entity_ref": key, "source": SRC})
    neg: list[dict] = []
    seen: set[str] = set()
    for category, name in NEGATIVES:
        if name in queries or name in seen:
            raise SystemExit(f"negative {name!r} is already in a case set")
        seen.add(name)
        neg.append({"query": name, "kind": "organisation", "category": category,
                    "note": "must stay clean (not a listed party)"})
    return pos, neg


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    a = ap.parse_args(argv)
    own = {HOLDOUT / f"ja_kanji_{part}.csv" for part in ("positives", "negatives")}
    refs, queries = used_elsewhere(own)
    pos, neg = cases(listed_names(a.ofac), refs, queries)
    HOLDOUT.mkdir(parents=True, exist_ok=True)
    write(HOLDOUT / "ja_kanji_positives.csv", pos, POS_COLS)
    write(HOLDOUT / "ja_kanji_negatives.csv", neg, NEG_COLS)
    print(f"{HOLDOUT.relative_to(ROOT)}: {len(pos)} positives, {len(neg)} negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
