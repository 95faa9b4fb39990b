# ruff: noqa: E501  (the kanji tables: wide characters count double)
"""Generate the second kanji organisation hold-out (issue 14, second round):
tests/cases/holdout_ja_kanji2/, and development additions in tests/cases/dev_ja_kanji/
(`ja_kanji2_*.csv`) (deterministic, no randomness).

    python benchmarks/make_cases_ja_kanji2.py [--ofac DIR]

The hold-out (`ORGS`, `NEGATIVES`) was made on 2 Dec 2026 BEFORE the second round's matching
changes (the full vocabulary, word alternatives, the explanation); measured once before and
once after, and not tuned on. The development additions (`DEV_ORGS`, `DEV_NEGATIVES`) were
written during the round and tuned on.

- `ja_kanji_positives.csv`: listed organisations that no other Japanese case set uses (checked
  on generation against `tests/cases/ja_*.csv`, `dev_ja*/`, `holdout_ja*/`), written as Japanese writes them:
  Japanese words around a country word, a katakana transcription or the kanji of a Korean name.
  Listed names and entity numbers are those of the OFAC bench file
  (`../shared/data/ofac/bench/sdn.csv`, primary name checked on load).
- `ja_kanji_negatives.csv`: names that must stay clean, none used by another Japanese case set:
  Japanese banks, firms, public bodies and ministries(several built from the same words as
  listed names: 国家安全保障局, 日本原子力研究開発機構, 東京都選挙管理委員会, 国際交流基金),
  and foreign institutions that are not listed (state oil firms, airlines, central banks,
  intelligence and defence bodies of other countries).

Sources of the renderings: the Japanese names by which Japanese government notices (財務省・
外務省 asset-freeze notices for North Korea, Iran, Syria, Russia; 公安調査庁「国際テロリズム要覧」
for the armed groups) and the Japanese press (Kyodo, NHK, Nikkei, Asahi, Yomiuri) write these
organisations, written by hand from those conventions, before and independently of the glossary
(`screening/data/japanese_org_glossary.toml`); no Japanese official file is available offline,
so none is copied from one and a rendering may differ from an official notice. Registered names
of Japanese bodies and firms are as they write them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_cases_ja import NEG_COLS, POS_COLS, write  # noqa: E402

HOLDOUT = ROOT / "tests" / "cases" / "holdout_ja_kanji2"
DEV = ROOT / "tests" / "cases" / "dev_ja_kanji"
DEFAULT_OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"
SRC = "ja-kanji2-hand (Japanese names as MOF/MOFA notices and the Japanese press write them; see make_cases_ja_kanji2.py)"

# (OFAC bench ent_num, listed primary name, [renderings])
ORGS: list[tuple[str, str, list[str]]] = [
    # North Korea
    ("12213", "SECOND ECONOMIC COMMITTEE", ["第二経済委員会", "朝鮮第二経済委員会"]),
    ("9521", "KOREA COMPLEX EQUIPMENT IMPORT CORPORATION", ["朝鮮総合設備輸入会社"]),
    ("9526", "KOREA INTERNATIONAL CHEMICAL JOINT VENTURE COMPANY", ["朝鮮国際化学合弁会社"]),
    ("9527", "KOREA RYONHA MACHINERY JOINT VENTURE CORPORATION", ["朝鮮連河機械合弁会社"]),
    ("12220", "KOREA HEUNGJIN TRADING COMPANY", ["朝鮮興進貿易会社"]),
    ("12212", "GREEN PINE ASSOCIATED CORPORATION", ["青松連合会社"]),
    ("12209", "OFFICE 39", ["朝鮮労働党39号室"]),
    ("20123", "ORGANIZATION AND GUIDANCE DEPARTMENT", ["朝鮮労働党組織指導部", "組織指導部"]),
    ("19528", "KOREAN WORKERS PARTY, PROPAGANDA AND AGITATION DEPARTMENT", ["朝鮮労働党宣伝扇動部"]),
    ("22284", "KOREAN PEOPLE'S ARMY", ["朝鮮人民軍"]),
    ("18568", "STRATEGIC ROCKET FORCE OF THE KOREAN PEOPLE'S ARMY", ["朝鮮人民軍戦略ロケット軍"]),
    ("19530", "NATIONAL AEROSPACE DEVELOPMENT ADMINISTRATION", ["国家宇宙開発局", "朝鮮国家宇宙開発局"]),
    ("15666", "KOREAN COMMITTEE FOR SPACE TECHNOLOGY", ["朝鮮宇宙空間技術委員会"]),
    ("19490", "NATIONAL DEFENSE COMMISSION", ["北朝鮮国防委員会"]),
    ("19492", "ACADEMY OF NATIONAL DEFENSE SCIENCE", ["国防科学院", "朝鮮国防科学院"]),
    ("12215", "SECOND ACADEMY OF NATURAL SCIENCES", ["第二自然科学院"]),
    ("21308", "MINISTRY OF LABOR", ["北朝鮮労働省"]),
    ("23211", "MINISTRY OF CRUDE OIL INDUSTRY", ["原油工業省", "朝鮮原油工業省"]),
    ("20572", "KORYO BANK", ["高麗銀行"]),
    ("20571", "KUMGANG BANK", ["金剛銀行"]),
    ("22985", "CHEIL CREDIT BANK", ["第一信用銀行"]),
    ("23005", "RYUGYONG COMMERCIAL BANK", ["柳京商業銀行"]),
    ("20570", "RASON INTERNATIONAL COMMERCIAL BANK", ["羅先国際商業銀行"]),
    ("12696", "BANK OF EAST LAND", ["東方銀行", "朝鮮東方銀行"]),
    ("19508", "ILSIM INTERNATIONAL BANK", ["日心国際銀行"]),
    ("11647", "AMROGGANG DEVELOPMENT BANK", ["鴨緑江開発銀行"]),
    ("23708", "KOREA ANSAN SHIPPING COMPANY", ["朝鮮安山海運会社"]),
    ("19630", "KOREA FOREIGN TECHNICAL TRADE CENTER", ["朝鮮対外技術貿易センター"]),
    ("20603", "KOREA KUMSAN TRADING CORPORATION", ["朝鮮金山貿易会社"]),
    ("21724", "PAEKSOL TRADING CORPORATION", ["白雪貿易会社"]),
    # Iran
    ("9348", "AEROSPACE INDUSTRIES ORGANIZATION", ["航空宇宙産業機構", "イラン航空宇宙産業機構"]),
    ("9349", "SHAHID HEMMAT INDUSTRIAL GROUP", ["シャヒード・ヘンマト産業グループ"]),
    ("11184", "IRAN ELECTRONICS INDUSTRIES", ["イラン電子工業"]),
    ("11181", "IRAN COMMUNICATION INDUSTRIES", ["イラン通信工業"]),
    ("15652", "MARINE INDUSTRIES ORGANIZATION", ["イラン海洋産業機構"]),
    ("16436", "IRAN AVIATION INDUSTRIES ORGANIZATION", ["イラン航空産業機構"]),
    ("11168", "ARMAMENT INDUSTRIES GROUP", ["イラン兵器産業グループ"]),
    ("10862", "AMMUNITION AND METALLURGY INDUSTRIES GROUP", ["弾薬・冶金産業グループ"]),
    ("11618", "NATIONAL PETROCHEMICAL COMPANY", ["イラン国営石油化学会社"]),
    ("29792", "NATIONAL IRANIAN OIL REFINING AND DISTRIBUTION COMPANY", ["イラン国営石油精製・流通会社"]),
    ("28293", "NATIONAL IRANIAN COPPER INDUSTRIES COMPANY", ["イラン国営銅産業会社"]),
    ("25685", "BANK OF INDUSTRY AND MINE", ["産業鉱山銀行", "イラン産業鉱山銀行"]),
    ("4639", "BANK KESHAVARZI IRAN", ["イラン農業銀行"]),
    ("13141", "TOURISM BANK", ["イラン観光銀行"]),
    ("16017", "AMIN INVESTMENT BANK", ["アミン投資銀行"]),
    ("17157", "KISH INTERNATIONAL BANK", ["キシュ国際銀行"]),
    ("13133", "PASARGAD BANK", ["パサルガド銀行"]),
    ("29788", "MINISTRY OF PETROLEUM", ["イラン石油省"]),
    ("12055", "ISLAMIC REVOLUTIONARY GUARD CORPS AIR FORCE", ["イラン革命防衛隊空軍"]),
    # Syria
    ("12726", "SYRIAN GENERAL INTELLIGENCE DIRECTORATE", ["シリア総合情報局"]),
    ("12741", "SYRIAN AIR FORCE INTELLIGENCE", ["シリア空軍情報部"]),
    ("12742", "SYRIAN NATIONAL SECURITY BUREAU", ["シリア国家安全保障局"]),
    ("12813", "POLITICAL SECURITY DIRECTORATE", ["シリア政治治安局"]),
    ("20954", "SYRIAN ARAB ARMY", ["シリア・アラブ軍"]),
    ("20960", "SYRIAN AIR FORCE", ["シリア空軍"]),
    ("15486", "ARMY SUPPLY BUREAU", ["シリア軍補給局"]),
    ("29942", "SYRIAN MINISTRY OF TOURISM", ["シリア観光省"]),
    ("30130", "SYRIAN MINISTRY OF PETROLEUM AND MINERAL RESOURCES", ["シリア石油鉱物資源省"]),
    ("17242", "AGRICULTURAL COOPERATIVE BANK", ["シリア農業協同組合銀行"]),
    ("17243", "INDUSTRIAL BANK", ["シリア産業銀行"]),
    ("17245", "POPULAR CREDIT BANK", ["シリア庶民信用銀行"]),
    ("13100", "GENERAL ORGANIZATION OF RADIO AND TV", ["シリア・ラジオテレビ総機構"]),
    ("18207", "GENERAL DIRECTORATE OF SYRIAN PORTS", ["シリア港湾総局"]),
    ("9352", "SCIENTIFIC STUDIES AND RESEARCH CENTER", ["シリア科学研究センター"]),
    ("30228", "NATIONAL DEFENSE FORCES", ["シリア国防隊"]),
    # Russia, Ukraine (Crimea), China
    ("16886", "UNITED SHIPBUILDING CORPORATION", ["統一造船会社", "ロシア統一造船会社"]),
    ("21039", "CRIMEAN RAILWAY", ["クリミア鉄道"]),
    ("17755", "RUSSIAN NATIONAL COMMERCIAL BANK", ["ロシア国家商業銀行"]),
    ("22543", "PRIVATE MILITARY COMPANY 'WAGNER'", ["民間軍事会社ワグネル"]),
    ("24837", "EQUIPMENT DEVELOPMENT DEPARTMENT", ["中央軍事委員会装備発展部"]),
    # Myanmar, Venezuela, Nicaragua, Colombia
    ("31135", "MYANMAR RUBY ENTERPRISE", ["ミャンマー・ルビー公社"]),
    ("24811", "99TH LIGHT INFANTRY DIVISION OF THE BURMESE ARMY", ["ミャンマー国軍第99軽歩兵師団"]),
    ("27008", "GENERAL DIRECTORATE OF MILITARY COUNTERINTELLIGENCE", ["ベネズエラ軍事防諜総局"]),
    ("27964", "NICARAGUAN NATIONAL POLICE", ["ニカラグア国家警察"]),
    ("4711", "REVOLUTIONARY ARMED FORCES OF COLOMBIA", ["コロンビア革命軍"]),
    # armed groups (公安調査庁 names)
    ("4707", "PALESTINE ISLAMIC JIHAD - SHAQAQI FACTION", ["パレスチナ・イスラム聖戦"]),
    ("12206", "TEHRIK-E TALIBAN PAKISTAN (TTP)", ["パキスタン・タリバン運動"]),
    ("10411", "MARTYRS FOUNDATION IN LEBANON", ["レバノン殉教者財団"]),
    ("4709", "POPULAR FRONT FOR THE LIBERATION OF PALESTINE", ["パレスチナ解放人民戦線"]),
]

# (category, name): must stay clean
NEGATIVES: list[tuple[str, str]] = [
    *[("ja_bank_kanji", n) for n in [
        "株式会社山梨中央銀行", "株式会社大垣共立銀行", "株式会社北國銀行", "株式会社福岡銀行",
        "株式会社関西みらい銀行", "株式会社滋賀銀行", "株式会社南都銀行", "株式会社紀陽銀行",
        "株式会社肥後銀行", "株式会社鹿児島銀行", "株式会社琉球銀行", "株式会社沖縄銀行",
        "株式会社筑波銀行", "株式会社足利銀行", "株式会社武蔵野銀行", "株式会社東和銀行",
        "株式会社きらぼし銀行", "株式会社商工中金", "株式会社愛知銀行", "全国信用協同組合連合会",
    ]],
    *[("ja_company_kanji", n) for n in [
        "日本郵政株式会社", "日本電気株式会社", "東日本旅客鉄道株式会社", "九州旅客鉄道株式会社",
        "東京電力ホールディングス株式会社", "関西電力株式会社", "三菱電機株式会社", "株式会社東芝",
        "東ソー株式会社", "信越化学工業株式会社", "出光興産株式会社", "飯野海運株式会社",
        "住友林業株式会社", "株式会社日本経済新聞社", "株式会社読売新聞東京本社", "一般社団法人共同通信社",
        "日本赤十字社", "全国農業協同組合連合会", "東洋エンジニアリング株式会社", "千代田化工建設株式会社",
        "日揮ホールディングス株式会社", "国際電気株式会社", "日本海洋掘削株式会社", "第一三共株式会社",
        "東邦ガス株式会社", "中央発條株式会社", "大洋漁業株式会社", "東方貿易株式会社",
    ]],
    *[("ja_government_kanji", n) for n in [
        "国家安全保障局", "日本放送協会", "国立研究開発法人日本原子力研究開発機構",
        "国立研究開発法人宇宙航空研究開発機構", "防衛装備庁", "海上保安庁", "公安調査庁",
        "内閣情報調査室", "総務省", "農林水産省", "文部科学省", "厚生労働省", "環境省", "復興庁",
        "金融庁", "独立行政法人国際交流基金", "東京都選挙管理委員会", "陸上自衛隊", "航空自衛隊",
        "統合幕僚監部", "防衛研究所", "公正取引委員会", "中央労働委員会", "警視庁公安部",
        "株式会社産業革新投資機構", "日本学術振興会",
    ]],
    *[("foreign_clean_kanji", n) for n in [
        "大韓航空", "アシアナ航空", "韓国電力公社", "韓国ガス公社", "韓国石油公社",
        "アブダビ国営石油会社", "クウェート石油公社", "メキシコ国営石油会社", "サウジアラビア国営石油会社",
        "アゼルバイジャン国営石油会社", "カザフスタン国営石油会社", "ウクライナ国営石油ガス会社",
        "カタール航空", "トルコ航空", "シンガポール航空", "アジアインフラ投資銀行", "新開発銀行",
        "イスラム開発銀行", "欧州投資銀行", "国際決済銀行", "米連邦準備制度理事会", "米中央情報局",
        "米国務省", "英国外務省", "フランス国防省", "ドイツ連邦軍", "韓国国家情報院", "イスラエル国防軍",
        "ウクライナ保安庁", "イスラエル中央銀行", "レバノン中央銀行", "ヨルダン中央銀行",
        "エジプト国立銀行", "シンガポール政府投資公社", "ノルウェー中央銀行", "インド石油公社",
    ]],
]


# Development additions (written during the round, tuned on; written to
# tests/cases/dev_ja_kanji/ja_kanji2_*.csv): other listed organisations, same sources.
DEV_ORGS: list[tuple[str, str, list[str]]] = [
    ("29793", "NATIONAL IRANIAN OIL PRODUCTS DISTRIBUTION COMPANY", ["イラン国営石油製品流通会社"]),
    ("29795", "NATIONAL IRANIAN OIL ENGINEERING AND CONSTRUCTION COMPANY", ["イラン国営石油エンジニアリング建設会社"]),
    ("11643", "INDUSTRIAL DEVELOPMENT AND RENOVATION ORGANIZATION OF IRAN", ["イラン産業開発改修機構"]),
    ("13140", "HEKMAT IRANIAN BANK", ["ヘクマト・イラニアン銀行"]),
    ("10410", "MARTYRS FOUNDATION", ["殉教者財団", "イラン殉教者財団"]),
    ("17244", "SAVING BANK", ["シリア貯蓄銀行"]),
    ("20955", "SYRIAN ARAB AIR DEFENSE FORCES", ["シリア・アラブ防空軍"]),
    ("29282", "FIRST DIVISION OF THE SYRIAN ARAB ARMY", ["シリア・アラブ軍第1師団"]),
    ("10128", "HIGHER INSTITUTE OF APPLIED SCIENCE AND TECHNOLOGY", ["シリア高等応用科学技術研究所"]),
    ("21424", "ORGANIZATION FOR TECHNOLOGICAL INDUSTRIES", ["シリア技術産業機構"]),
    ("31472", "77TH LIGHT INFANTRY DIVISION OF THE BURMESE ARMY", ["ミャンマー国軍第77軽歩兵師団"]),
    ("6895", "UNITED SELF-DEFENSE FORCES OF COLOMBIA", ["コロンビア自衛軍連合"]),
    ("19789", "MINISTRY OF STATE SECURITY PRISONS BUREAU", ["国家保衛省監獄局"]),
    ("23083", "EXTERNAL CONSTRUCTION BUREAU", ["朝鮮対外建設局"]),
    ("19611", "KOREA GENERAL CORPORATION FOR EXTERNAL CONSTRUCTION", ["朝鮮対外建設総会社"]),
]

# (not 人民解放軍: "people's liberation army" is a listed alias, ofac 4715, as written in English)
DEV_NEGATIVES: list[tuple[str, str]] = [
    *[("ja_government_kanji", n) for n in [
        "気象庁", "消費者庁", "国税庁", "特許庁", "中小企業庁", "資源エネルギー庁", "国立印刷局",
        "造幣局", "国立国会図書館", "国家公務員共済組合連合会", "日本年金機構", "国立病院機構",
        "中央省庁", "国家戦略特区", "国土地理院", "原子力損害賠償・廃炉等支援機構",
    ]],
    *[("ja_company_kanji", n) for n in [
        "株式会社日本取引所グループ", "日本原燃株式会社", "電源開発株式会社", "国際石油株式会社",
        "中央建設株式会社", "東洋建設株式会社", "国際興業株式会社", "株式会社国際電気通信基礎技術研究所",
    ]],
    *[("foreign_clean_kanji", n) for n in [
        "米連邦捜査局", "ドイツ連邦情報局", "フランス対外治安総局", "中国人民解放軍", "英国国家犯罪対策庁",
        "米国土安全保障省", "国際原子力機関", "国連開発計画", "世界食糧計画", "国際赤十字委員会",
        "ロシア正教会", "インドネシア国営石油会社", "マレーシア国営石油会社", "イラク中央銀行",
    ]],
    *[("generic_kanji", n) for n in [
        "国家安全保障会議", "民族解放戦線", "国営航空会社", "国家情報局", "国際開発銀行",
        "国営放送", "国防科学研究所", "中央選挙管理委員会", "原子力発電所",
    ]],
]


def cases(orgs: list[tuple[str, str, list[str]]], negatives: list[tuple[str, str]],
          names: dict[str, str], refs: set[str], queries: set[str]
          ) -> tuple[list[dict], list[dict]]:
    """Positive and negative rows; stops on a listed name that differs or a case another
    Japanese case set already has."""
    pos: list[dict] = []
    for ref, name, renderings in orgs:
        if names.get(ref) != name:
            raise SystemExit(f"OFAC {ref}: listed as {names.get(ref)!r}, not {name!r}")
        if f"ofac:{ref}" in refs:
            raise SystemExit(f"OFAC {ref} ({name}) is already in another case set")
        for r in renderings:
            pos.append({"query": r, "kind": "organisation", "variation": "kanji_org",
                        "list_name": name, "list_kind": "organisation",
                        "entity_ref": f"ofac:{ref}", "source": SRC})
    neg: list[dict] = []
    for category, name in negatives:
        if name in queries:
            raise SystemExit(f"negative {name!r} is already in another case set")
        neg.append({"query": name, "kind": "organisation", "category": category,
                    "note": "must stay clean (not a listed party)"})
    return pos, neg


def listed_names(ofac: Path) -> dict[str, str]:
    """OFAC bench ent_num -> primary name (sdn.csv)."""
    with (ofac / "sdn.csv").open(encoding="utf-8", errors="replace", newline="") as f:
        return {r[0]: r[1] for r in csv.reader(f) if len(r) > 1}


def used_elsewhere(own: set[Path]) -> tuple[set[str], set[str]]:
    """(entity refs, queries) of the other Japanese case sets (tests/cases/ja_*.csv,
    dev_ja*/, holdout_ja*/), `own` files left out."""
    refs: set[str] = set()
    queries: set[str] = set()
    cases = ROOT / "tests" / "cases"
    for path in [*cases.glob("ja_*.csv"), *cases.glob("dev_ja*/*.csv"),
                 *cases.glob("holdout_ja*/*.csv")]:
        if path in own:
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                refs.add(row.get("entity_ref") or "")
                queries.add(row.get("query") or "")
    return refs, queries


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    a = ap.parse_args(argv)
    names = listed_names(a.ofac)
    outputs = [(HOLDOUT, "ja_kanji", ORGS, NEGATIVES), (DEV, "ja_kanji2", DEV_ORGS, DEV_NEGATIVES)]
    own = {folder / f"{stem}_{part}.csv" for folder, stem, _, _ in outputs
           for part in ("positives", "negatives")}
    refs, queries = used_elsewhere(own)
    done_refs: set[str] = set()
    done_queries: set[str] = set()
    for folder, stem, orgs, negatives in outputs:
        pos, neg = cases(orgs, negatives, names, refs | done_refs, queries | done_queries)
        done_refs |= {r["entity_ref"] for r in pos}
        done_queries |= {r["query"] for r in neg}
        folder.mkdir(parents=True, exist_ok=True)
        write(folder / f"{stem}_positives.csv", pos, POS_COLS)
        write(folder / f"{stem}_negatives.csv", neg, NEG_COLS)
        print(f"{folder.relative_to(ROOT)}: {len(pos)} positives, {len(neg)} negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
