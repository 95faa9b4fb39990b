# ruff: noqa: E501  (the kanji tables: wide characters count double)
"""Generate the fourth kanji organisation hold-out (issue 14, session 8):
tests/cases/holdout_ja_kanji4/ (deterministic, no randomness).

    python benchmarks/make_cases_ja_kanji4.py [--ofac DIR]

Made on 2 Dec 2026 (session 8) BEFORE that session's kanji matching changes; measured once
before and once after, and not tuned on.

- `ja_kanji_positives.csv`: listed organisations (OFAC bench file) that no other case set uses:
  the generator refuses an entity found in any case file under `tests/cases/` (top-level files
  and every folder: Japanese sets, hold-outs, the default sets) or in the tables of the other
  Japanese generators (`benchmarks/make_cases_ja*.py`), and a query any case set already has.
  Kinds: North Korean trading, shipping and construction firms and banks (Korean names in
  kanji, with and without 朝鮮; native Korean words in katakana: クムビョル, ソンイ); Chinese
  firms trading with North Korea by their Chinese characters in Japanese kanji (丹東鴻達貿易,
  中国精密機械輸出入総公司); Russian and Crimean banks, shipyards, ports, research institutes,
  parties and militias (katakana names with translated words: カリーニン機械工場, ヤルタ商業港);
  Iranian banks, industrial groups, petrochemical and nuclear firms, airlines, IRGC bodies and
  regulators (katakana names, translated names: 中東銀行 for KHAVARMIANEH BANK = MIDDLE EAST
  BANK, 協同組合開発銀行 for TOSEE TAAVON BANK = COOPERATIVE DEVELOPMENT BANK); Syrian ports,
  refinery, telecoms and holdings; a Burmese army division; Cuban, Venezuelan, Zimbabwean
  state firms; armed groups by the names of 公安調査庁 (クルディスタン労働者党, 神の抵抗軍,
  バスク祖国と自由).
- `ja_kanji_negatives.csv`: names that must stay clean, none used by another case set (a pool
  written first and filtered by that check, never by the matcher's result): Japanese banks,
  shinkin banks and credit unions (registered names with 株式会社 and （株）, Zengin ｶ) forms;
  the Korean-resident credit unions ハナ信用組合 and 近畿産業信用組合), trading, shipping,
  shipbuilding, steel, chemical, energy, nuclear-fuel, electronics, defence and construction
  firms, insurers and brokers (中国電力, 中国化薬, 中国塗料: 中国 is the Chūgoku region;
  国際石油開発, 日本核燃料開発, 東京貿易ホールディングス made of the words of listed names),
  ministries' bureaux, police, Self-Defense Force units (陸上自衛隊第1師団 beside listed
  divisions), research institutes, business bodies (一般社団法人日本貿易会), the press and
  universities; and foreign banks, state firms, central banks, airlines and armed forces that
  are not listed (上海浦東発展銀行, 国家開発銀行, ナフトガス, NH農協銀行, 米海軍第7艦隊, ...).

Sources of the renderings: the conventions of Japanese government notices (財務省「経済制裁措置
及び対象者リスト」 and its 告示 of asset-freeze designations, https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/economic_sanctions/list.html;
外務省 告示 and press releases on measures against North Korea, Iran, Syria and Russia;
公安調査庁「国際テロリズム要覧」 for the armed groups, https://www.moj.go.jp/psia/ITH/index.html):
generic words translated (銀行, 会社, 公社, 工業, 研究所, 司令部, 旅団), proper names in katakana
after the sound of the original (長音符 for long vowels, ・ between words), the kanji of Korean
and Chinese names as Japanese reports on North Korea and China write them; and the Japanese
press (Kyodo, NHK, Nikkei, Asahi, Yomiuri, Jiji), which also uses its own words (製油所 for a
refinery company, 師団 for a division). Written by hand from those conventions, independently of
the glossary and the vocabulary (`screening/data/japanese_org_*.toml`) and without running the
reader; no Japanese official file is available offline, so none is copied and a rendering may
differ from an official notice. Japanese banks, firms and bodies by their registered names;
Zengin forms by the Zengin transfer conventions (half-width katakana, ｶ) for 株式会社, ﾞ as a
separate mark, small kana written large); foreign institutions by the names the Japanese press
uses for them.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_cases_ja import NEG_COLS, POS_COLS, write  # noqa: E402
from make_cases_ja_kanji2 import DEFAULT_OFAC, listed_names  # noqa: E402

HOLDOUT = ROOT / "tests" / "cases" / "holdout_ja_kanji4"
SRC = "ja-kanji4-hand (Japanese names as MOF/MOFA notices and the Japanese press write them; see make_cases_ja_kanji4.py)"

# (OFAC bench ent_num, listed primary name, [renderings])
ORGS: list[tuple[str, str, list[str]]] = [
    # North Korea: trading, shipping and construction firms, banks (Korean names in kanji)
    ("9525", "KOREA RYONGWANG TRADING CORPORATION", ["朝鮮竜光貿易会社"]),
    ("11532", "NAMCHONGANG TRADING CORPORATION", ["南川江貿易会社", "朝鮮南川江貿易会社"]),
    ("12219", "KOREA TAESONG TRADING COMPANY", ["朝鮮大成貿易会社"]),
    ("9519", "HESONG TRADING CORPORATION", ["彗星貿易会社"]),
    ("9520", "TOSONG TECHNOLOGY TRADING CORPORATION", ["土星技術貿易会社"]),
    ("23006", "JINMYONG JOINT BANK", ["真明合弁銀行", "ジンミョン合弁銀行"]),
    ("23153", "KOREA RUNGRADO RYONGAK TRADING CO", ["朝鮮綾羅島竜岳貿易会社"]),
    ("23154", "KOREA RUNGRADO SHIPPING CO", ["朝鮮綾羅島海運会社"]),
    ("23183", "KOREA KUMBYOL TRADING COMPANY", ["朝鮮クムビョル貿易会社"]),
    ("23711", "KOREA MYONGDOK SHIPPING CO", ["朝鮮明徳海運会社"]),
    ("23706", "HAPJANGGANG SHIPPING CORP", ["合掌江海運会社"]),
    ("23715", "PAEKMA SHIPPING CO", ["朝鮮白馬海運"]),
    ("23717", "PHYONGCHON SHIPPING & MARINE", ["平川海運"]),
    ("23718", "POCHON SHIPPING & MANAGEMENT", ["普天海運管理会社"]),
    ("19574", "HOERYONG SHIPPING CO LTD", ["会寧海運"]),
    ("19581", "THAEPHYONGSAN SHIPPING CO LTD", ["太平山海運"]),
    ("19569", "CHONGBONG SHIPPING CO LTD", ["青峰海運"]),
    ("19586", "KOREA OCEAN SHIPPING AGENCY", ["朝鮮大洋海運代理店"]),
    ("19580", "KOREAN POLISH SHPG CO LTD", ["朝鮮ポーランド海運会社"]),
    ("19612", "NAMGANG CONSTRUCTION", ["南江建設"]),
    ("22324", "SONGI TRADING COMPANY", ["ソンイ貿易会社"]),
    ("24917", "KOREA EXPO JOINT VENTURE", ["朝鮮エキスポ合弁会社"]),
    # China: firms trading with North Korea (Chinese characters in Japanese kanji)
    ("22614", "DANDONG TIANFU TRADE CO., LTD.", ["丹東天富貿易有限公司"]),
    ("23177", "DANDONG HONGDA TRADE CO. LTD.", ["丹東鴻達貿易"]),
    ("23176", "DANDONG XIANGHE TRADING CO., LTD.", ["丹東祥和貿易有限公司"]),
    ("23171", "DANDONG DONGYUAN INDUSTRIAL CO., LTD.", ["丹東東源実業"]),
    ("23779", "SHANGHAI DONGFENG SHPG CO LTD", ["上海東豊海運"]),
    ("9753", "CHINA NATIONAL PRECISION MACHINERY IMPORT/EXPORT CORPORATION", ["中国精密機械輸出入総公司", "中国精密機械進出口総公司"]),
    ("24977", "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.", ["延辺シルバースター・ネットワーク技術"]),
    # Russia, Crimea, Donbas
    ("16862", "FEDERAL STATE UNITARY ENTERPRISE STATE RESEARCH AND PRODUCTION ENTERPRISE BAZALT", ["国立研究生産企業バザルト"]),
    ("17259", "KALININ MACHINE PLANT JSC", ["カリーニン機械工場"]),
    ("17251", "JSC V. TIKHOMIROV SCIENTIFIC RESEARCH INSTITUTE OF INSTRUMENT DESIGN", ["チホミロフ計器設計科学研究所"]),
    ("17255", "MYTISHCHINSKI MASHINOSTROITELNY ZAVOD, OAO", ["ムイチシチ機械製造工場"]),
    ("17019", "DONBASS PEOPLE'S MILITIA", ["ドンバス人民民兵"]),
    ("17471", "NOVOROSSIYA PARTY", ["ノボロシア党"]),
    ("17759", "EURASIAN YOUTH UNION", ["ユーラシア青年同盟"]),
    ("20284", "SALVATION COMMITTEE OF UKRAINE", ["ウクライナ救済委員会"]),
    ("18315", "STATE ENTERPRISE YALTA SEA TRADING PORT", ["ヤルタ商業港", "国営企業ヤルタ海洋商業港"]),
    ("18319", "STATE SHIPPING COMPANY KERCH SEA FERRY", ["ケルチ海峡フェリー", "国営海運会社ケルチ・フェリー"]),
    ("20201", "OAO SHIP REPAIR CENTER 'ZVEZDOCHKA'", ["船舶修理センター・ズベズドチカ"]),
    ("20200", "FEDERAL SUE SHIPYARD 'MORYE'", ["モーリエ造船所"]),
    ("20199", "OOO SHIPYARD 'ZALIV'", ["ザリフ造船所"]),
    ("21040", "CRIMEAN PORTS", ["クリミア港湾"]),
    ("22486", "CENTRAL REPUBLIC BANK", ["中央共和国銀行"]),
    ("22505", "JOINT STOCK COMMERCIAL BANK RUBLEV", ["ルブリョフ商業銀行"]),
    ("19032", "OPEN JOINT STOCK COMPANY KRASNODAR REGIONAL INVESTMENT BANK", ["クラスノダール地域投資銀行"]),
    ("19034", "JOINT STOCK COMPANY SEVASTOPOLSKY MORSKOY BANK", ["セバストポリ海洋銀行"]),
    ("24646", "KVANT SCIENTIFIC RESEARCH INSTITUTE", ["クバント科学研究所"]),
    ("26232", "FEDERAL NEWS AGENCY LLC", ["連邦通信社"]),
    ("26664", "EVIL CORP", ["イービル・コープ"]),
    ("26510", "ZELENODOLSK SHIPYARD PLANT NAMED AFTER A.M. GORKY", ["ゼレノドリスク造船所"]),
    ("30086", "STATE RESEARCH CENTER OF THE RUSSIAN FEDERATION FGUP CENTRAL SCIENTIFIC RESEARCH INSTITUTE OF CHEMISTRY AND MECHANICS", ["中央化学機械科学研究所"]),
    # Iran: banks
    ("12481", "MEHR BANK", ["メフル銀行"]),
    ("13135", "SAMAN BANK", ["サマン銀行"]),
    ("13136", "SARMAYEH BANK", ["サルマーイェ銀行"]),
    ("13137", "TAT BANK", ["タット銀行"]),
    ("13145", "TOSEE TAAVON BANK", ["協同組合開発銀行", "トセエ・タアボン銀行"]),
    ("13147", "CREDIT INSTITUTION FOR DEVELOPMENT", ["開発信用機関"]),
    ("17154", "KHAVARMIANEH BANK", ["中東銀行"]),
    ("25417", "ARIAN BANK", ["アリアン銀行"]),
    ("25619", "DAY BANK", ["デイ銀行"]),
    ("25648", "IRAN-VENEZUELA BI-NATIONAL BANK", ["イラン・ベネズエラ二国間銀行"]),
    ("25758", "GHAVAMIN BANK", ["ガバミン銀行"]),
    ("25681", "FIRST EAST EXPORT BANK PLC", ["ファースト・イースト輸出銀行"]),
    ("25684", "EUROPAISCH-IRANISCHE HANDELSBANK AG", ["欧州イラン商業銀行"]),
    # Iran: industrial groups, petrochemical, nuclear, airlines
    ("9350", "SHAHID BAKERI INDUSTRIAL GROUP", ["シャヒド・バケリ工業グループ"]),
    ("9763", "SANAM INDUSTRIAL GROUP", ["サナム工業グループ"]),
    ("9764", "YA MAHDI INDUSTRIES GROUP", ["ヤー・マフディ工業グループ"]),
    ("10122", "KALAYE ELECTRIC COMPANY", ["カラエ電気会社"]),
    ("10389", "MIZAN MACHINE MANUFACTURING GROUP", ["ミザン機械製造グループ"]),
    ("10887", "PARCHIN CHEMICAL INDUSTRIES", ["パルチン化学工業"]),
    ("11314", "NAVAL DEFENCE MISSILE INDUSTRY GROUP", ["海軍防衛ミサイル産業グループ"]),
    ("11441", "KHORASAN METALLURGY INDUSTRIES", ["ホラサン冶金工業"]),
    ("11446", "NIRU BATTERY MANUFACTURING COMPANY", ["ニル電池製造会社"]),
    ("11607", "IRANIAN MINES AND MINING INDUSTRIES DEVELOPMENT AND RENOVATION ORGANIZATION", ["イラン鉱山・鉱業開発改修機構"]),
    ("15950", "BANDAR IMAM PETROCHEMICAL COMPANY", ["バンダル・イマーム石油化学"]),
    ("15952", "MOBIN PETROCHEMICAL COMPANY", ["モビン石油化学会社"]),
    ("15956", "SHAZAND PETROCHEMICAL COMPANY", ["シャザンド石油化学"]),
    ("16011", "REY INVESTMENT COMPANY", ["レイ投資会社"]),
    ("16040", "OIL INDUSTRY INVESTMENT COMPANY", ["イラン石油産業投資会社"]),
    ("16418", "QODS AVIATION INDUSTRIES", ["ゴッズ航空産業"]),
    ("17226", "CASPIAN AIRLINES", ["カスピアン航空"]),
    ("17227", "MERAJ AIR", ["メラージ航空"]),
    ("24529", "DENA AIRWAYS", ["デナ航空"]),
    ("25041", "IRAN TRACTOR MANUFACTURING COMPANY", ["イラン・トラクター製造会社"]),
    ("25043", "IRAN ZINC MINES DEVELOPMENT COMPANY", ["イラン亜鉛鉱山開発会社"]),
    ("25637", "NUCLEAR POWER PRODUCTION AND DEVELOPMENT COMPANY OF IRAN", ["イラン原子力発電開発会社"]),
    ("25662", "NUCLEAR SCIENCE AND TECHNOLOGY RESEARCH INSTITUTE", ["イラン原子力科学技術研究所"]),
    # Iran: state and IRGC bodies
    ("12056", "ISLAMIC REVOLUTIONARY GUARD CORPS AL-GHADIR MISSILE COMMAND", ["革命防衛隊ガディール・ミサイル司令部"]),
    ("15537", "IMAM HOSSEIN UNIVERSITY", ["イマーム・ホセイン大学"]),
    ("15765", "IRANIAN COMMUNICATIONS REGULATORY AUTHORITY", ["イラン通信規制庁"]),
    ("16004", "EXECUTION OF IMAM KHOMEINI'S ORDER", ["ホメイニ師命令執行本部"]),
    ("21805", "TEHRAN PRISONS ORGANIZATION", ["テヘラン刑務所機構"]),
    ("22693", "ISLAMIC REVOLUTIONARY GUARD CORPS RESEARCH AND SELF-SUFFICIENCY JEHAD ORGANIZATION", ["革命防衛隊研究自給ジハード機構"]),
    ("23474", "NATIONAL CYBERSPACE CENTER", ["イラン国家サイバー空間センター"]),
    ("23475", "ISLAMIC REVOLUTIONARY GUARD CORPS ELECTRONIC WARFARE AND CYBER DEFENSE ORGANIZATION", ["革命防衛隊電子戦・サイバー防衛機構"]),
    ("26348", "ZAYNABIYOUN BRIGADE", ["ザイナビユン旅団"]),
    # Syria
    ("10890", "SYRIATEL", ["シリアテル"]),
    ("12744", "CHAM HOLDING", ["シャーム・ホールディング"]),
    ("16908", "BANIAS REFINERY COMPANY", ["バニヤス製油所"]),
    ("18208", "LATTAKIA PORT GENERAL COMPANY", ["ラタキア港湾総公社"]),
    ("18209", "TARTOUS PORT GENERAL COMPANY", ["タルトゥース港総公社"]),
    ("18211", "SYRIAN SHIPPING AGENCIES COMPANY", ["シリア海運代理店会社"]),
    ("18212", "SYRIAN CHAMBER OF SHIPPING", ["シリア海運会議所"]),
    ("15918", "AL-DUNYA TELEVISION", ["ドゥニヤ・テレビ"]),
    ("22255", "SYRIAN COMPANY FOR INFORMATION TECHNOLOGY", ["シリア情報技術会社"]),
    # Burma, Cuba, Venezuela, Zimbabwe
    ("24812", "33RD LIGHT INFANTRY DIVISION OF THE BURMESE ARMY", ["ミャンマー国軍第33軽歩兵師団"]),
    ("36", "AEROCARIBBEAN AIRLINES", ["アエロカリビアン航空"]),
    ("1702", "PRENSA LATINA", ["プレンサ・ラティナ通信"]),
    ("26587", "BANCO DE DESARROLLO ECONOMICO Y SOCIAL DE VENEZUELA", ["ベネズエラ経済社会開発銀行"]),
    ("26590", "BANCO DE VENEZUELA SA BANCO UNIVERSAL", ["ベネズエラ銀行"]),
    ("10958", "MINERALS MARKETING CORPORATION OF ZIMBABWE", ["ジンバブエ鉱物販売公社"]),
    # armed groups (公安調査庁 names)
    ("4693", "EUZKADI TA ASKATASUNA", ["バスク祖国と自由"]),
    ("4694", "GAMA'A AL-ISLAMIYYA", ["イスラム集団"]),
    ("4702", "KURDISTAN WORKERS' PARTY", ["クルディスタン労働者党"]),
    ("4715", "SHINING PATH", ["センデロ・ルミノソ", "輝く道"]),
    ("7234", "NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE PHILIPPINES", ["新人民軍"]),
    ("9334", "ISLAMIC JIHAD GROUP", ["イスラム聖戦連合"]),
    ("13168", "ABDALLAH AZZAM BRIGADES", ["アブドッラー・アッザーム旅団"]),
    ("18647", "ISIL KHORASAN", ["ISILホラサン州"]),
    ("20159", "AL-QA'IDA IN THE INDIAN SUBCONTINENT", ["インド亜大陸のアルカイダ"]),
    ("19100", "LORD'S RESISTANCE ARMY", ["神の抵抗軍"]),
    ("15638", "FORCES DEMOCRATIQUES DE LIBERATION DU RWANDA", ["ルワンダ解放民主軍"]),
]

# (category, name): must stay clean
NEGATIVES: list[tuple[str, str]] = [
    *[("ja_bank_kanji", n) for n in [
        "株式会社青森みちのく銀行", "株式会社北都銀行", "株式会社大東銀行", "株式会社福島銀行", "株式会社仙台銀行", "株式会社きらやか銀行", "株式会社北日本銀行", "株式会社栃木銀行",
        "株式会社神奈川銀行", "株式会社長野銀行", "株式会社富山銀行", "株式会社福邦銀行", "スルガ銀行株式会社", "株式会社名古屋銀行", "株式会社あいち銀行", "株式会社みなと銀行", "株式会社トマト銀行",
        "株式会社もみじ銀行", "株式会社北九州銀行", "株式会社徳島大正銀行", "株式会社香川銀行", "株式会社愛媛銀行", "株式会社高知銀行", "株式会社筑邦銀行", "株式会社長崎銀行", "株式会社熊本銀行",
        "株式会社大分銀行", "株式会社豊和銀行", "株式会社宮崎銀行", "株式会社宮崎太陽銀行", "株式会社鳥取銀行", "株式会社山陰合同銀行", "ソニー銀行株式会社", "楽天銀行株式会社", "株式会社セブン銀行",
        "株式会社イオン銀行", "住信SBIネット銀行株式会社", "auじぶん銀行株式会社", "PayPay銀行株式会社", "株式会社UI銀行", "オリックス銀行株式会社", "城南信用金庫", "京都中央信用金庫",
        "岡崎信用金庫", "多摩信用金庫", "尼崎信用金庫", "西武信用金庫", "巣鴨信用金庫", "朝日信用金庫", "第一勧業信用組合", "近畿産業信用組合", "横浜幸銀信用組合", "ハナ信用組合", "中央労働金庫",
        "近畿労働金庫", "（株）千葉銀行", "（株）静岡銀行", "（株）福岡銀行",
    ]],
    *[("ja_bank_zengin", n) for n in [
        "ｼﾞﾖｳﾅﾝｼﾝﾖｳｷﾝｺ", "ｶ)ﾐﾔｻﾞｷｷﾞﾝｺｳ", "ｶ)ｱｷﾀｷﾞﾝｺｳ", "ｶ)ﾔﾏｶﾞﾀｷﾞﾝｺｳ", "ﾐﾂﾋﾞｼｼﾖｳｼﾞ(ｶ", "ｲﾄｳﾁﾕｳｼﾖｳｼﾞ(ｶ", "ﾆﾂﾃﾂﾌﾞﾂｻﾝ(ｶ",
        "ｶ)ｷﾗﾎﾞｼｷﾞﾝｺｳ",
    ]],
    *[("ja_company_kanji", n) for n in [
        "株式会社メタルワン", "伊藤忠丸紅鉄鋼株式会社", "日鉄物産株式会社", "第一中央汽船株式会社", "栗林商船株式会社", "東京汽船株式会社", "川崎近海汽船株式会社", "株式会社上組", "株式会社日新",
        "株式会社近鉄エクスプレス", "ヤマト運輸株式会社", "山九株式会社", "鈴与株式会社", "常石造船株式会社", "株式会社新来島どっく", "尾道造船株式会社", "佐世保重工業株式会社", "三菱造船株式会社",
        "株式会社中山製鋼所", "大和工業株式会社", "東京製鐵株式会社", "株式会社淀川製鋼所", "株式会社UACJ", "株式会社レゾナック", "UBE株式会社", "株式会社トクヤマ", "デンカ株式会社",
        "日産化学株式会社", "株式会社カネカ", "株式会社クラレ", "日本ゼオン株式会社", "北海道電力株式会社", "北陸電力株式会社", "四国電力株式会社", "沖縄電力株式会社", "東京ガス株式会社",
        "大阪ガス株式会社", "株式会社INPEX", "伊藤忠エネクス株式会社", "日本核燃料開発株式会社", "株式会社グローバル・ニュークリア・フュエル・ジャパン", "株式会社リコー", "ソフトバンク株式会社",
        "株式会社NTTドコモ", "あいおいニッセイ同和損害保険株式会社", "明治安田生命保険相互会社", "住友生命保険相互会社", "株式会社かんぽ生命保険", "SMBC日興証券株式会社", "みずほ証券株式会社",
        "株式会社ジェイエア", "日本トランスオーシャン航空株式会社", "株式会社AIRDO", "株式会社スターフライヤー", "Peach Aviation株式会社", "株式会社フジドリームエアラインズ",
        "アイベックスエアラインズ株式会社", "ANAウイングス株式会社", "前田建設工業株式会社", "株式会社安藤・間", "西松建設株式会社", "株式会社熊谷組", "株式会社奥村組", "三井住友建設株式会社",
        "株式会社フジタ", "株式会社IHIエアロスペース", "新明和工業株式会社", "豊和工業株式会社", "日油株式会社", "中国化薬株式会社", "旭精機工業株式会社", "積水化学工業株式会社",
        "株式会社日本製鋼所", "日本精工株式会社", "株式会社ジェイテクト", "日本碍子株式会社", "東洋製罐グループホールディングス株式会社", "中国塗料株式会社", "中国工業株式会社",
        "東京貿易ホールディングス株式会社", "国際石油開発株式会社", "北海道国際輸送株式会社", "東亜石油株式会社", "大阪国際石油精製株式会社", "西部石油株式会社", "鹿島石油株式会社", "中国電力", "四国電力",
        "東京ガス", "（株）キーエンス",
    ]],
    *[("ja_government_kanji", n) for n in [
        "経済産業省貿易経済協力局", "財務省国際局", "外務省総合外交政策局", "警視庁", "大阪府警察", "神奈川県警察本部", "防衛医科大学校", "海上自衛隊幹部学校", "航空自衛隊航空総隊",
        "陸上自衛隊第1師団", "陸上自衛隊第7師団", "陸上自衛隊第1空挺団", "陸上自衛隊西部方面隊", "陸上自衛隊水陸機動団", "自衛隊中央病院", "国立研究開発法人防災科学技術研究所",
        "国立研究開発法人国立環境研究所", "国立研究開発法人農業・食品産業技術総合研究機構", "独立行政法人中小企業基盤整備機構", "独立行政法人鉄道建設・運輸施設整備支援機構", "株式会社大阪取引所",
        "株式会社証券保管振替機構", "日本証券業協会", "一般社団法人日本損害保険協会", "一般社団法人生命保険協会", "一般社団法人日本鉄鋼連盟", "石油連盟", "電気事業連合会",
        "一般社団法人日本造船工業会", "一般社団法人日本貿易会", "株式会社毎日新聞社", "株式会社産業経済新聞社", "株式会社中日新聞社", "株式会社北海道新聞社", "株式会社テレビ朝日",
        "株式会社フジテレビジョン", "日本テレビ放送網株式会社", "大阪大学", "東北大学", "名古屋大学", "九州大学", "北海道大学", "東京科学大学", "早稲田大学", "慶應義塾大学", "東海大学",
        "拓殖大学", "原子力発電環境整備機構", "内閣官房国家安全保障局", "個人情報保護委員会", "海難審判所", "運輸安全委員会事務局",
    ]],
    *[("foreign_clean_kanji", n) for n in [
        "上海浦東発展銀行", "中国民生銀行", "中信銀行", "中国光大銀行", "平安銀行", "国家開発銀行", "中国船舶集団", "中国中車", "ポスコ", "サムスン電子", "SKハイニックス", "現代自動車",
        "釜山銀行", "中小企業銀行", "NH農協銀行", "KB国民銀行", "ナフトガス", "プリバトバンク", "ウクライナ輸出入銀行", "カズムナイガス", "モンゴル開発銀行", "ジョージア銀行",
        "ポーランド国立銀行", "チェコ国立銀行", "ハンガリー国立銀行", "ルーマニア国立銀行", "フィンランド銀行", "スウェーデン国立銀行", "デンマーク国立銀行", "ニュージーランド準備銀行", "米国輸出入銀行",
        "アラブ通貨基金", "サウジ中央銀行", "アラブ首長国連邦中央銀行", "モロッコ中央銀行", "エチオピア航空", "ケニア航空", "フィンエアー", "ルフトハンザ・ドイツ航空",
        "ブリティッシュ・エアウェイズ", "エールフランス航空", "マレーシア航空", "ガルーダ・インドネシア航空", "フィリピン航空", "フランス陸軍", "韓国陸軍", "在日米軍", "米海軍第7艦隊",
        "オーストラリア国防軍",
    ]],
]

_REF = re.compile(r'(?:"|ofac:)(\d{1,6})"?\s*,')


def used_anywhere(own: set[Path]) -> tuple[set[str], set[str]]:
    """(entity refs, queries) of every case file under tests/cases/ (top level and every
    folder) and the entity numbers in the other Japanese generators' tables, `own` left out."""
    refs: set[str] = set()
    queries: set[str] = set()
    cases = ROOT / "tests" / "cases"
    for path in sorted([*cases.glob("*.csv"), *cases.glob("*/*.csv")]):
        if path in own:
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                refs.add(row.get("entity_ref") or "")
                queries.add(row.get("query") or "")
    for gen in sorted((ROOT / "benchmarks").glob("make_cases_ja*.py")):
        if gen.resolve() == Path(__file__).resolve():
            continue
        refs |= {f"ofac:{n}" for n in _REF.findall(gen.read_text("utf-8"))}
    return refs, queries


def cases(names: dict[str, str], refs: set[str], queries: set[str]
          ) -> tuple[list[dict], list[dict]]:
    """Positive and negative rows; stops on a listed name that differs or a case another
    case set already has."""
    pos: list[dict] = []
    for ref, name, renderings in ORGS:
        if names.get(ref) != name:
            raise SystemExit(f"OFAC {ref}: listed as {names.get(ref)!r}, not {name!r}")
        key = f"ofac:{ref}"
        if key in refs:
            raise SystemExit(f"{key} ({name}) is already in another case set or generator")
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
    refs, queries = used_anywhere(own)
    pos, neg = cases(listed_names(a.ofac), refs, queries)
    HOLDOUT.mkdir(parents=True, exist_ok=True)
    write(HOLDOUT / "ja_kanji_positives.csv", pos, POS_COLS)
    write(HOLDOUT / "ja_kanji_negatives.csv", neg, NEG_COLS)
    print(f"{HOLDOUT.relative_to(ROOT)}: {len(pos)} positives, {len(neg)} negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
