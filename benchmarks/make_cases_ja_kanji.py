# ruff: noqa: E501  (the kanji tables: wide characters count double)
"""Generate the kanji organisation case sets (issue 14): tests/cases/dev_ja_kanji/ and
tests/cases/holdout_ja_kanji/ (deterministic, no randomness).

    python benchmarks/make_cases_ja_kanji.py [--ofac DIR]

Made on 2 Dec 2026 BEFORE the kanji translation step of that session (the glossary
`screening/data/japanese_org_glossary.toml` did not exist yet). The hold-out was measured once
before and once after the change and the glossary was not tuned on it; the dev set is the one
the glossary was built against.

- `ja_kanji_positives.csv`: listed organisations written as Japanese writes them, with Japanese
  words (銀行, 省, 公社, 委員会, ...) around a country word (朝鮮, イラン, ロシア, ...), a katakana
  transcription (セパ銀行) or the kanji of a Korean name (端川商業銀行). Listed names and entity
  numbers come from the OFAC bench file (`../shared/data/ofac/bench/sdn.csv`, name checked on
  load) or the built-in list (`lists/japan-2022.toml`, `builtin:<name>`).
- `ja_kanji_negatives.csv`: names that must stay clean: Japanese banks, firms and ministries,
  foreign central/development banks that are not listed (アジア開発銀行, 欧州中央銀行,
  韓国銀行, ウクライナ国防省), and generic organisation words alone (中央銀行, 開発銀行).

Split: every entity of `ORGS` belongs to one country group; within a group, sorted by entity
reference, entities alternate hold-out / dev (the first to the hold-out). Entities that the task
named as examples, or that other Japanese case sets already use, go to dev (`DEV_ONLY`). The
negatives alternate the same way within each category.

Sources of the renderings: the Japanese names by which Japanese government notices and the
Japanese press write these organisations (外務省告示 / 財務省 asset-freeze lists for North Korea,
Iran, Russia and Belarus: 朝鮮鉱業開発貿易会社, 端川商業銀行, 偵察総局, 国家保衛省; Kyodo, NHK,
Nikkei, Asahi: イラン中央銀行, ロシア連邦軍参謀本部情報総局, ミャンマー経済公社), written by hand
from those conventions; no Japanese official file is available offline, so none is copied from one
and a rendering may differ from an official notice. They were written before, and independently
of, the glossary (the glossary is built from general dictionaries; see its header).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_cases_ja import NEG_COLS, POS_COLS, write  # noqa: E402

DEV = ROOT / "tests" / "cases" / "dev_ja_kanji"
HOLDOUT = ROOT / "tests" / "cases" / "holdout_ja_kanji"
DEFAULT_OFAC = ROOT.parent / "shared" / "data" / "ofac" / "bench"
SRC = "ja-kanji-hand (Japanese names as MOF/MOFA notices and the Japanese press write them; see make_cases_ja_kanji.py)"

# (country group, entity reference, listed name, [renderings])
# entity reference: an OFAC bench ent_num, or "builtin" (the listed name is a name of a built-in
# list entity)
ORGS: list[tuple[str, str, str, list[str]]] = [
    # North Korea (MOFA/MOF notice names: Korean names in their kanji)
    ("KP", "23015", "CENTRAL BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", ["朝鮮中央銀行", "北朝鮮中央銀行"]),
    ("KP", "9345", "KOREA MINING DEVELOPMENT TRADING CORPORATION", ["朝鮮鉱業開発貿易会社"]),
    ("KP", "11581", "KOREA KWANGSON BANKING CORP", ["朝鮮光鮮銀行"]),
    ("KP", "16085", "DAEDONG CREDIT BANK", ["大同信用銀行"]),
    ("KP", "9347", "KOREA RYONBONG GENERAL CORPORATION", ["朝鮮連峰総会社"]),
    ("KP", "9346", "TANCHON COMMERCIAL BANK", ["端川商業銀行"]),
    ("KP", "12312", "KOREA DAESONG BANK", ["朝鮮大聖銀行"]),
    ("KP", "12313", "KOREA DAESONG GENERAL TRADING CORPORATION", ["朝鮮大聖総貿易会社"]),
    ("KP", "12210", "RECONNAISSANCE GENERAL BUREAU", ["偵察総局", "朝鮮人民軍偵察総局"]),
    ("KP", "12214", "MUNITIONS INDUSTRY DEPARTMENT", ["軍需工業部", "朝鮮労働党軍需工業部"]),
    ("KP", "20573", "KOREA NATIONAL INSURANCE CORPORATION", ["朝鮮民族保険総会社"]),
    ("KP", "20129", "MINISTRY OF STATE SECURITY", ["国家保衛省", "北朝鮮国家保衛省"]),
    ("KP", "20118", "MINISTRY OF PEOPLE'S SECURITY", ["人民保安省"]),
    ("KP", "22285", "MINISTRY OF PEOPLE'S ARMED FORCES", ["人民武力省"]),
    ("KP", "19493", "MINISTRY OF ATOMIC ENERGY INDUSTRY", ["原子力工業省"]),
    ("KP", "11598", "GENERAL BUREAU OF ATOMIC ENERGY", ["原子力総局"]),
    ("KP", "23174", "MINISTRY OF LAND AND MARITIME TRANSPORTATION OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", ["陸海運省", "朝鮮民主主義人民共和国陸海運省"]),
    ("KP", "19509", "KOREA UNITED DEVELOPMENT BANK", ["朝鮮統一発展銀行"]),
    ("KP", "20569", "KORYO CREDIT DEVELOPMENT BANK", ["高麗信用開発銀行"]),
    ("KP", "22983", "AGRICULTURAL DEVELOPMENT BANK", ["農業開発銀行"]),
    ("KP", "23002", "INTERNATIONAL INDUSTRIAL DEVELOPMENT BANK", ["国際産業開発銀行"]),
    ("KP", "9523", "KOREA KWANGSONG TRADING CORPORATION", ["朝鮮光星貿易会社"]),
    ("KP", "10012", "KOREA HYOKSIN TRADING CORPORATION", ["朝鮮革新貿易会社"]),
    ("KP", "11599", "KOREA TANGUN TRADING CORPORATION", ["朝鮮檀君貿易会社"]),
    ("KP", "19489", "WORKERS' PARTY OF KOREA CENTRAL MILITARY COMMISSION", ["朝鮮労働党中央軍事委員会"]),
    # Iran
    ("IR", "4632", "BANK MARKAZI JOMHOURI ISLAMI IRAN", ["イラン中央銀行"]),
    ("IR", "25580", "BANK SEPAH", ["セパ銀行"]),
    ("IR", "25237", "IRAN AIR", ["イラン航空"]),
    ("IR", "15764", "ISLAMIC REPUBLIC OF IRAN BROADCASTING", ["イラン・イスラム共和国放送", "イラン国営放送"]),
    ("IR", "25627", "ATOMIC ENERGY ORGANIZATION OF IRAN", ["イラン原子力庁"]),
    ("IR", "10153", "DEFENSE INDUSTRIES ORGANIZATION", ["防衛産業機構", "イラン防衛産業機構"]),
    ("IR", "10392", "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS", ["イラン国防軍需省"]),
    ("IR", "12111", "IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY", ["イラン情報省", "イラン情報安全保障省"]),
    ("IR", "25639", "EXPORT DEVELOPMENT BANK OF IRAN", ["イラン輸出開発銀行"]),
    ("IR", "11195", "IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY", ["イラン航空機製造産業会社"]),
    ("IR", "23464", "IRAN AIRCRAFT INDUSTRIES", ["イラン航空機産業"]),
    ("IR", "27445", "NATIONAL DEVELOPMENT FUND OF IRAN", ["イラン国家開発基金"]),
    ("IR", "15542", "MINISTRY OF CULTURE AND ISLAMIC GUIDANCE", ["文化・イスラム指導省"]),
    ("IR", "10391", "ISLAMIC REVOLUTIONARY GUARD CORPS", ["イラン革命防衛隊"]),
    # Syria, Venezuela, Cuba, Myanmar
    ("SY", "30663", "CENTRAL BANK OF SYRIA", ["シリア中央銀行"]),
    ("SY", "12867", "SYRIAN PETROLEUM COMPANY", ["シリア石油会社"]),
    ("VE", "26727", "BANCO CENTRAL DE VENEZUELA", ["ベネズエラ中央銀行"]),
    ("VE", "26367", "PETROLEOS DE VENEZUELA, S.A.", ["ベネズエラ国営石油会社"]),
    ("CU", "306", "BANCO NACIONAL DE CUBA", ["キューバ国立銀行"]),
    ("MM", "31516", "MYANMAR ECONOMIC CORPORATION LIMITED", ["ミャンマー経済公社"]),
    ("MM", "31651", "MYANMA GEMS ENTERPRISE", ["ミャンマー宝石公社"]),
    ("MM", "31691", "MYANMA TIMBER ENTERPRISE", ["ミャンマー木材公社"]),
    ("MM", "31692", "MYANMAR PEARL ENTERPRISE", ["ミャンマー真珠公社"]),
    # Belarus
    ("BY", "32275", "STATE SECURITY COMMITTEE OF THE REPUBLIC OF BELARUS", ["ベラルーシ国家保安委員会"]),
    ("BY", "30627", "CENTRAL COMMISSION OF THE REPUBLIC OF BELARUS ON ELECTIONS AND HOLDING REPUBLICAN REFERENDA", ["ベラルーシ中央選挙管理委員会"]),
    ("BY", "31678", "INTERNAL TROOPS OF THE MINISTRY OF INTERNAL AFFAIRS OF THE REPUBLIC OF BELARUS", ["ベラルーシ内務省国内軍"]),
    ("BY", "builtin", "State Authority for Military Industry of the Republic of Belarus", ["ベラルーシ国家軍需産業委員会"]),
    ("BY", "builtin", "Ministry of Defence of the Republic of Belarus", ["ベラルーシ共和国国防省"]),
    # Russia
    ("RU", "21343", "MAIN INTELLIGENCE DIRECTORATE", ["ロシア連邦軍参謀本部情報総局", "ロシア軍参謀本部情報総局"]),
    ("RU", "builtin", "Vnesheconombank", ["ロシア対外経済銀行", "対外経済銀行"]),
    ("RU", "builtin", "VTB Bank", ["ロシア対外貿易銀行", "対外貿易銀行"]),
    ("RU", "builtin", "Central Bank of the Russian Federation", ["ロシア連邦中央銀行"]),
]

# named by the task as examples (VEB, VTB, the central bank, the Belarus ministry of defence), or
# already in another Japanese case set (IRGC, PDVSA): dev only
DEV_ONLY = {"Vnesheconombank", "VTB Bank", "Central Bank of the Russian Federation",
            "Ministry of Defence of the Republic of Belarus", "10391", "26367"}

# (category, name): must stay clean
NEGATIVES: list[tuple[str, str]] = [
    # Japanese banks and public finance institutions (registered names)
    *[("ja_bank_kanji", n) for n in [
        "株式会社みずほ銀行", "株式会社三菱UFJ銀行", "株式会社三井住友銀行", "株式会社りそな銀行",
        "株式会社ゆうちょ銀行", "株式会社日本政策投資銀行", "株式会社国際協力銀行", "日本銀行",
        "株式会社商工組合中央金庫", "農林中央金庫", "信金中央金庫", "株式会社中国銀行",
        "株式会社北海道銀行", "株式会社北陸銀行", "株式会社七十七銀行", "株式会社京都銀行",
        "株式会社西日本シティ銀行", "株式会社あおぞら銀行", "三井住友信託銀行株式会社",
        "株式会社日本政策金融公庫", "独立行政法人住宅金融支援機構", "株式会社百五銀行",
        "株式会社十六銀行", "株式会社八十二銀行", "株式会社第四北越銀行", "株式会社山口銀行",
        "株式会社広島銀行", "株式会社伊予銀行", "株式会社常陽銀行", "株式会社群馬銀行",
        "株式会社東京スター銀行", "株式会社SBI新生銀行", "株式会社日本貿易保険", "株式会社大光銀行",
        "株式会社中京銀行", "株式会社東邦銀行",
    ]],
    # Japanese firms (registered names), some with words of listed names (大同, 大成, 中国, 開発)
    *[("ja_company_kanji", n) for n in [
        "株式会社山田製作所", "国際石油開発帝石株式会社", "石油資源開発株式会社", "日本航空株式会社",
        "全日本空輸株式会社", "三菱重工業株式会社", "川崎重工業株式会社", "今治造船株式会社",
        "ジャパンマリンユナイテッド株式会社", "日本郵船株式会社", "中国電力株式会社",
        "中部電力株式会社", "中央開発株式会社", "大同生命保険株式会社", "大同特殊鋼株式会社",
        "大成建設株式会社", "東京海上日動火災保険株式会社", "日本原子力発電株式会社",
        "中央自動車工業株式会社", "朝日新聞社", "三井物産株式会社", "伊藤忠商事株式会社",
        "日本製鉄株式会社", "国際航業株式会社", "日本貿易株式会社", "大和証券株式会社",
        "光星産業株式会社", "東洋信用金庫", "統一企業株式会社", "高麗屋",
    ]],
    # Japanese ministries and agencies
    *[("ja_government_kanji", n) for n in [
        "財務省", "防衛省", "外務省", "経済産業省", "国土交通省", "内閣府", "警察庁",
        "独立行政法人日本貿易振興機構", "独立行政法人国際協力機構", "原子力規制委員会",
        "独立行政法人エネルギー・金属鉱物資源機構", "北海道開発局", "中央選挙管理会", "国家公安委員会",
    ]],
    # foreign institutions that are not listed
    *[("foreign_clean_kanji", n) for n in [
        "アジア開発銀行", "国際復興開発銀行", "欧州復興開発銀行", "米州開発銀行", "アフリカ開発銀行",
        "欧州中央銀行", "イングランド銀行", "韓国銀行", "韓国産業銀行", "韓国輸出入銀行",
        "中国人民銀行", "中国工商銀行", "中国建設銀行", "中国輸出入銀行", "国際通貨基金", "世界銀行",
        "台湾銀行", "インド準備銀行", "スイス国立銀行", "ドイツ連邦銀行", "米国防総省", "英国防省",
        "韓国国防部", "ウクライナ国立銀行", "ウクライナ国防省", "カザフスタン開発銀行",
        "ベトナム国家銀行", "タイ中央銀行", "フィリピン中央銀行", "トルコ中央銀行",
        "大韓貿易投資振興公社", "韓国貿易保険公社", "ブラジル中央銀行", "メキシコ銀行",
        "サウジアラビア中央銀行", "カナダ銀行",
    ]],
    # organisation words alone: generic, not a name
    *[("generic_kanji", n) for n in [
        "中央銀行", "開発銀行", "貿易銀行", "国防省", "国営石油会社", "商業銀行", "信用銀行",
        "開発公社", "経済公社", "総合商社", "国家開発基金", "国立銀行", "航空会社", "造船会社",
        "情報省", "貿易会社",
    ]],
]


def listed_names(ofac: Path) -> dict[str, str]:
    """OFAC bench ent_num -> primary name (sdn.csv)."""
    with (ofac / "sdn.csv").open(encoding="utf-8", errors="replace", newline="") as f:
        return {r[0]: r[1] for r in csv.reader(f) if len(r) > 1}


def builtin_names() -> set[str]:
    sys.path.insert(0, str(ROOT))
    from screening.lists import builtin_lists

    return {n.value for b in builtin_lists() for e in b.entities for n in e.names}


def split() -> tuple[set[str], set[str]]:
    """(hold-out entity keys, dev entity keys); an entity's key is its ent_num, or its listed
    name for built-in entities."""
    hold: set[str] = set()
    dev: set[str] = set()
    groups: dict[str, list[str]] = {}
    for group, ref, name, _ in ORGS:
        groups.setdefault(group, []).append(name if ref == "builtin" else ref)
    for keys in groups.values():
        i = 0
        for key in sorted(keys, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)):
            if key in DEV_ONLY:
                dev.add(key)
                continue
            (hold if i % 2 == 0 else dev).add(key)
            i += 1
    return hold, dev


def positives(ofac: Path) -> tuple[list[dict], list[dict]]:
    names = listed_names(ofac)
    builtin = builtin_names()
    hold_keys, _ = split()
    hold: list[dict] = []
    dev: list[dict] = []
    for _, ref, name, renderings in ORGS:
        if ref == "builtin":
            if name not in builtin:
                raise SystemExit(f"not a built-in list name: {name!r}")
            entity_ref, key = f"builtin:{name}", name
        else:
            if names.get(ref) != name:
                raise SystemExit(f"OFAC {ref}: listed as {names.get(ref)!r}, not {name!r}")
            entity_ref, key = f"ofac:{ref}", ref
        for r in renderings:
            (hold if key in hold_keys else dev).append({
                "query": r, "kind": "organisation", "variation": "kanji_org", "list_name": name,
                "list_kind": "organisation", "entity_ref": entity_ref, "source": SRC})
    return hold, dev


def negatives() -> tuple[list[dict], list[dict]]:
    hold: list[dict] = []
    dev: list[dict] = []
    seen: dict[str, int] = {}
    for category, name in NEGATIVES:
        i = seen.get(category, 0)
        seen[category] = i + 1
        (hold if i % 2 == 0 else dev).append({
            "query": name, "kind": "organisation", "category": category,
            "note": "must stay clean (not a listed party)"})
    return hold, dev


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    a = ap.parse_args(argv)
    hold_pos, dev_pos = positives(a.ofac)
    hold_neg, dev_neg = negatives()
    for out, pos, neg in ((HOLDOUT, hold_pos, hold_neg), (DEV, dev_pos, dev_neg)):
        out.mkdir(parents=True, exist_ok=True)
        write(out / "ja_kanji_positives.csv", pos, POS_COLS)
        write(out / "ja_kanji_negatives.csv", neg, NEG_COLS)
        print(f"{out.relative_to(ROOT)}: {len(pos)} positives, {len(neg)} negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
