# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate the fourth, clean Japanese hold-out set: tests/cases/holdout_ja4/ (deterministic).

    python benchmarks/make_cases_ja4.py [--out DIR] [--seed N]

Made on 2 Dec 2026 (session 7) BEFORE any matching change of that session, measured once
before and once after, never tuned on (see tests/cases/holdout_ja4/README.md). Other listed
entities than every earlier Japanese set (the generator refuses an entity found in any
`ja_positives.csv` / `*positives.csv` of a Japanese or hold-out folder under tests/cases/, or
in the generators' tables), other real Japanese companies (refused when an earlier Japanese
set holds them), another Faker seed.

- `ja_positives.csv`: katakana renderings of OFAC bench entities (`../shared/data/ofac/bench`
  sdn.csv: the entity number is the row's first column; the listed name is checked against it)
  in the styles of make_cases_ja2 (its row writers): `katakana` (MOF/MOFA notice style: given
  name, patronymic, family name, ・, ヴ), `katakana_press` (no patronymic, ヴ as バ行),
  `katakana_family_first` (press style, family name first, full-width space),
  `katakana_halfwidth` (Zengin half-width of that: no small kana). Persons of many origins:
  Russian officials, Magnitsky-list and cyber designees, Chechen officials, Crimea/Donbas
  figures, Belarusian officials written from the Russian form of the name (ルカシェンコ, as
  Japanese notices and press write them), Ukrainians by the Ukrainian form (オレクサンドル),
  Iranian (compound family names, ezafe-free press forms), Saudi and other Arab persons, North
  Korean officials (family name first, Korean reading), Chinese persons (Chinese reading in
  katakana, family name first, as ruby and Zengin write them), Venezuelan, Nicaraguan, Mexican
  and Dominican persons (Hispanic double family names; ll as ジ/リ, j and g as ハ行, ñ as ニャ),
  Turkish persons (ı as ウ, ü as ユ, ş as シ, c as ジ, ç as チ), Western and other persons
  (Flemish, Swedish, Finnish, Israeli, Gambian). Organisations: Russian and Belarusian firms
  written run together (テフノプロムエクスポルト, コクソヒムトランス), Western shells and
  traders with English loanwords (サウスイースト・トレーディング), Iranian and German-named
  fronts, North Korean and Chinese trading and shipping firms, Latin American firms, and two
  bodies written with kanji (`kanji_org`, reported apart).
- `ja_negatives.csv`: Japanese counterparties that must stay clean: real Japanese companies
  in no earlier Japanese set (`JA_COMPANIES`, registered name and the Zengin half-width
  reading), and Faker ja_JP persons and companies (seed 20261215).

Sources and method: each rendering was written by hand, name by name, from the conventions of
Japanese government notices (外務省/財務省 告示: full name with patronymic, ヴ) and the Japanese
press (Kyodo, NHK, Asahi, Yomiuri, Nikkei: バ行 for v, no patronymic; Korean names by their
Korean reading; Chinese names by the Chinese reading when written in katakana; Spanish ll as
ジャ行 for Latin Americans, j as ハ行; Turkish by Turkish pronunciation; Persian long vowels
often unmarked; Arabic al- dropped), from how the names sound, not by running or reading the
matcher's romaniser backwards, and no rendering was checked against the matcher before the
first measurement. No Japanese official list file is available offline, so none is copied
from one; a rendering may differ from the one an official notice used.
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
import make_cases_ja_dev2 as dev2  # noqa: E402
from make_cases import DEFAULT_OFAC  # noqa: E402
from make_cases_ja import NEG_COLS, POS_COLS, write  # noqa: E402

OUT = ROOT / "tests" / "cases" / "holdout_ja4"
SRC = "ja4-hand (MOF/MOFA notice style and Japanese press style; see make_cases_ja4.py)"

# (OFAC bench ent_num, listed name, katakana in MOF notice style, index of the family name
# among the ・-parts (the parts from it on are the family name), or None when the name is
# already written family name first (Korean, Chinese, Singaporean))
PERSONS: list[tuple[str, str, str, int | None]] = [
    # Russia: Magnitsky list, Chechnya, cyber and GRU, officials
    ("23343", "KADYROV, Ramzan Akhmatovich", "ラムザン・アフマトヴィチ・カディロフ", -1),
    ("21186", "BASTRYKIN, Alexander Ivanovich", "アレクサンドル・イワノヴィチ・バストルイキン", -1),
    ("21184", "LUGOVOI, Andrei Konstantinovich", "アンドレイ・コンスタンチノヴィチ・ルゴヴォイ", -1),
    ("21185", "KOVTUN, Dmitri", "ドミトリー・フセヴォロドヴィチ・コフトゥン", -1),
    ("17295", "DAUDOV, Magomed Khozhakhmedovich", "マゴメド・ホジャフメドヴィチ・ダウドフ", -1),
    ("17446", "ALAUDINOV, Apti Kharonovich", "アプティ・ハロノヴィチ・アラウジノフ", -1),
    ("23248", "KATAEV, Ayub Vakhaevich", "アユブ・ヴァハエヴィチ・カターエフ", -1),
    ("16393", "LITVINOVA, Larisa Anatolievna", "ラリサ・アナトリエヴナ・リトヴィノワ", -1),
    ("16395", "GAUS, Alexandra Viktorovna", "アレクサンドラ・ヴィクトロヴナ・ガウス", -1),
    ("21188", "GORDIEVSKY, Stanislav Evgenievich", "スタニスラフ・エヴゲニエヴィチ・ゴルジエフスキー", -1),
    ("21326", "BOGACHEV, Evgeniy Mikhaylovich", "エフゲニー・ミハイロヴィチ・ボガチョフ", -1),
    ("21324", "BELAN, Aleksey Alekseyevich", "アレクセイ・アレクセーエヴィチ・ベラン", -1),
    ("16689", "GROMOV, Alexei Alexeyevich", "アレクセイ・アレクセーエヴィチ・グロモフ", -1),
    ("21330", "KOSTYUKOV, Igor Olegovich", "イーゴリ・オレゴヴィチ・コスチュコフ", -1),
    ("21329", "GIZUNOV, Sergey Aleksandrovich", "セルゲイ・アレクサンドロヴィチ・ギズノフ", -1),
    ("21331", "ALEXSEYEV, Vladimir Stepanovich", "ウラジーミル・ステパノヴィチ・アレクセーエフ", -1),
    ("23948", "POLOZOV, Sergey Pavlovich", "セルゲイ・パヴロヴィチ・ポロゾフ", -1),
    ("23946", "KRYLOVA, Aleksandra Yuryevna", "アレクサンドラ・ユーリエヴナ・クルイロワ", -1),
    ("23953", "VASILCHENKO, Gleb Igorevich", "グレブ・イーゴレヴィチ・ワシリチェンコ", -1),
    ("23954", "KAVERZINA, Irina Viktorovna", "イリーナ・ヴィクトロヴナ・カヴェルジナ", -1),
    ("24834", "NAGIBIN, Anton Aleksandrovich", "アントン・アレクサンドロヴィチ・ナギビン", -1),
    ("26233", "KHUSYAYNOVA, Elena Alekseevna", "エレーナ・アレクセーエヴナ・フシャイノワ", -1),
    ("24651", "KAGANSKIY, Vladimir Yakovlevich", "ウラジーミル・ヤコヴレヴィチ・カガンスキー", -1),
    ("24648", "TRIBUN, Aleksandr Lvovich", "アレクサンドル・リヴォヴィチ・トリブン", -1),
    ("23303", "CHAYKA, Artem Yuryevich", "アルチョム・ユーリエヴィチ・チャイカ", -1),
    ("20282", "MURADOV, Georgiy L'vovich", "ゲオルギー・リヴォヴィチ・ムラドフ", -1),
    ("22545", "NAZAROV, Sergey Makarovich", "セルゲイ・マカロヴィチ・ナザロフ", -1),
    ("23556", "PEREVALOV, Viktor Pavlovich", "ヴィクトル・パヴロヴィチ・ペレヴァロフ", -1),
    ("23567", "TOPOR-GILKA, Sergey Anatolyevich", "セルゲイ・アナトリエヴィチ・トポル＝ギルカ", -1),
    ("19035", "KOFMAN, Aleksandr Igorevich", "アレクサンドル・イーゴレヴィチ・コフマン", -1),
    # Crimea and Donbas
    ("23581", "PAVLENKO, Vladimir Nikolaevich", "ウラジーミル・ニコラエヴィチ・パヴレンコ", -1),
    ("23582", "TIMOFEEV, Aleksandr Yurievich", "アレクサンドル・ユーリエヴィチ・チモフェーエフ", -1),
    ("23574", "PASHKOV, Vladimir Igorevich", "ウラジーミル・イーゴレヴィチ・パシコフ", -1),
    ("20923", "BALBEK, Ruslan Ismailovich", "ルスラン・イスマイロヴィチ・バルベク", -1),
    ("17763", "LYAGIN, Roman", "ロマン・ヴィクトロヴィチ・リャーギン", -1),
    ("16935", "PONOMARYOV, Vyacheslav", "ヴャチェスラフ・ウラジーミロヴィチ・ポノマリョフ", -1),
    ("18316", "SEMENOVA, Olena Yurevna", "オレーナ・ユーリエヴナ・セミョーノワ", -1),
    ("17766", "BOHATYRIOVA, Raisa Vasylivna", "ライサ・ワシリエヴナ・ボガティリョワ", -1),
    ("23573", "MELNYCHUK, Oleksandr", "オレクサンドル・メルニチュク", -1),
    ("17301", "ZDRILIUK, Serhii Anatoliyovych", "セルヒイ・アナトリヨヴィチ・ズドリリューク", -1),
    # Belarus (Japanese writes the Russian form)
    ("9760", "LUKASHENKA, Alyaksandr Hryhoryavich", "アレクサンドル・グリゴリエヴィチ・ルカシェンコ", -1),
    ("9768", "PAULICHENKA, Dzmitry Valeryevich", "ドミトリー・ワレリエヴィチ・パヴリチェンコ", -1),
    ("9898", "NAUMAU, Uladzimir Uladzimiravich", "ウラジーミル・ウラジーミロヴィチ・ナウモフ", -1),
    ("9771", "PIATKEVICH, Natallia Uladzimirauna", "ナタリヤ・ウラジーミロヴナ・ペトケヴィチ", -1),
    ("10140", "RUSAKEVICH, Vladimir Vasilyevich", "ウラジーミル・ワシリエヴィチ・ルサケヴィチ", -1),
    ("10142", "SIVAKOV, Yury", "ユーリー・レオニドヴィチ・シヴァコフ", -1),
    # Iran
    ("12946", "FIROUZABADI, Hassan", "ハサン・フィルーザーバーディ", -1),
    ("12255", "MOSLEHI, Heydar", "ヘイダル・モスレヒ", -1),
    ("12256", "NAJJAR, Mostafa Mohammad", "モスタファ・モハンマド・ナッジャール", -1),
    ("21806", "SOLEIMANI, Sohrab", "ソフラブ・ソレイマニ", -1),
    ("23472", "LARIJANI, Sadegh Amoli", "サデク・アモリ・ラリジャニ", -1),
    ("23468", "ZIAEI, Gholamreza", "ゴラムレザ・ジアエイ", -1),
    ("24589", "MOHTASHAM, Abdolhamid", "アブドルハミド・モフタシャム", -1),
    ("24590", "ALLAHKARAM, Hossein", "ホセイン・アッラーカラム", -1),
    ("24029", "RAFATNEJAD, Gholamreza", "ゴラムレザ・ラファトネジャド", -1),
    ("24030", "GOHARI MOQADAM, Abuzar", "アブザル・ゴハリ・モガダム", 1),
    ("22948", "GHAFFARINIA, Omid", "オミード・ガッファリニア", -1),
    ("24036", "MIRKARIMI, Seyed Ali", "セイエド・アリ・ミルカリミ", -1),
    ("26137", "KHORASHADIZADEH, Ali", "アリ・ホラシャディザデ", -1),
    # Saudi Arabia, Libya, Pakistan
    ("26087", "MUTREB, Maher Abdulaziz M.", "マーヘル・アブドルアジズ・ムトレブ", -1),
    ("26078", "TUBAIGY, Salah Muhammed A.", "サラハ・ムハンマド・トゥバイギ", -1),
    ("26091", "ALQAHTANI, Saif Saad Q.", "サイフ・サアド・カハタニ", -1),
    ("26092", "AL-OTAIBI, Mohammad", "ムハンマド・オタイビ", -1),
    ("25038", "AL-WARFALLI, Mahmud", "マフムード・ワルファリ", -1),
    ("23277", "SHAH, Mukhtar Hamid", "ムフタール・ハミド・シャー", -1),
    # North Korea (family name first, Korean reading)
    ("17618", "KIM, Kwang Yon", "キム・グァンヨン", None),
    ("17625", "YU, Kwang Ho", "ユ・グァンホ", None),
    ("18552", "HWANG, Su Man", "ファン・スマン", None),
    ("19491", "RI, Man Gon", "リ・マンゴン", None),
    ("19792", "O, Chong Ok", "オ・チョンオク", None),
    ("20126", "KIM, Ki Nam", "キム・ギナム", None),
    ("20124", "CHO, Yon Chun", "チョ・ヨンジュン", None),
    ("21305", "MIN, Byong Chol", "ミン・ビョンチョル", None),
    ("22998", "KWAK, Chong-chol", "クァク・チョンチョル", None),
    ("22999", "RYOM, Hui-bong", "リョム・ヒボン", None),
    ("23484", "PAEK, Jong Sam", "ペク・ジョンサム", None),
    ("23512", "RYANG, Tae Chol", "リャン・テチョル", None),
    ("23087", "SIN, Yong Il", "シン・ヨンイル", None),
    # China (Chinese reading, family name first)
    ("24838", "LI, Shangfu", "リー・シャンフー", None),
    ("23279", "GAO, Yan", "ガオ・ヤン", None),
    ("16318", "ZHANG, Lei", "チャン・レイ", None),
    ("26236", "ZHENG, Fujing", "ジェン・フージン", None),
    ("23649", "SU, Guiqin", "スー・グイチン", None),
    ("28263", "TIAN, Yinyin", "ティエン・インイン", None),
    # Venezuela, Nicaragua, Mexico, Guatemala, Dominican Republic
    ("24425", "CABELLO RONDON, Jose David", "ホセ・ダビド・カベジョ・ロンドン", 2),
    ("26199", "GORRIN BELISARIO, Raul", "ラウル・ゴリン・ベリサリオ", 1),
    ("25079", "FLORES DE MADURO, Cilia Adela", "シリア・アデラ・フローレス・デ・マドゥロ", 2),
    ("26124", "MURILLO DE ORTEGA, Rosario Maria", "ロサリオ・マリア・ムリージョ・デ・オルテガ", 2),
    ("26554", "ORTEGA MURILLO, Laureano Facundo", "ラウレアノ・ファクンド・オルテガ・ムリージョ", 2),
    ("26125", "MONCADA LAU, Nestor", "ネストル・モンカダ・ラウ", 1),
    ("22183", "MORENO PEREZ, Maikel Jose", "マイケル・ホセ・モレノ・ペレス", 2),
    ("23129", "VILLEGAS POLJAK, Ernesto Emilio", "エルネスト・エミリオ・ビジェガス・ポリャク", 2),
    ("26419", "GARCIA CARNEIRO, Jorge Luis", "ホルヘ・ルイス・ガルシア・カルネイロ", 2),
    ("23345", "RANGEL GOMEZ, Francisco Jose", "フランシスコ・ホセ・ランヘル・ゴメス", 2),
    ("22808", "FARIAS PENA, Erika del Valle", "エリカ・デル・バジェ・ファリアス・ペーニャ", 3),
    ("25149", "SANDOVAL CASTANEDA, Roberto", "ロベルト・サンドバル・カスタニェダ", 1),
    ("23276", "JUAREZ RAMIREZ, Julio Antonio", "フリオ・アントニオ・フアレス・ラミレス", 2),
    ("22252", "DAMIANI BUSTILLOS, Luis Fernando", "ルイス・フェルナンド・ダミアニ・ブスティジョス", 2),
    # Turkey
    ("24998", "SAHIN, Huseyin", "ヒュセイン・シャヒン", -1),
    ("24999", "CULHA, Erhan", "エルハン・チュルハ", -1),
    ("27018", "DEMIR, Ismail", "イスマイル・デミル", -1),
    ("11600", "KARAYILAN, Murat", "ムラト・カラユラン", -1),
    ("12576", "BAYIK, Cemil", "ジェミル・バユク", -1),
    ("12577", "KALKAN, Duran", "ドゥラン・カルカン", -1),
    ("13061", "AKBULUT, Cerkez", "チェルケズ・アクブルト", -1),
    ("18333", "AYDIN, Mustafa", "ムスタファ・アイドゥン", -1),
    # Western and others
    ("23252", "GERTLER, Dan", "ダン・ゲルトラー", -1),
    ("23255", "DEBOUTTE, Pieter Albert", "ピーテル・アルベルト・デブット", -1),
    ("18302", "PAANANEN, Kai", "カイ・パーナネン", -1),
    ("19043", "OLSSON, Sven Anders", "スヴェン・アンデシュ・オルソン", -1),
    ("23304", "JAMMEH, Yahya", "ヤヒヤ・ジャメ", -1),
    ("23307", "KARIMOVA, Gulnara", "グリナラ・カリモワ", -1),
    ("23288", "TESIC, Slobodan", "スロボダン・テシッチ", -1),
    ("25686", "TAN, Wee Beng", "タン・ウィー・ベン", None),
]

# (OFAC bench ent_num, listed name, as Japanese lists and press write it)
ORGS: list[tuple[str, str, str]] = [
    # Russia and Belarus: names written run together, as one word
    ("16832", "STROYTRANSGAZ OJSC", "ストロイトランスガス"),
    ("18318", "OPEN JOINT STOCK COMPANY 'KONTSERN IZHMASH'", "コンツェルン・イジマシュ"),
    ("18317", "IZHEVSKY MEKHANICHESKY ZAVOD JSC", "イジェフスキー・メハニチェスキー・ザヴォード"),
    ("18962", "OTKRYTOE AKTSIONERNOE OBSHCHESTVO VNESHNEEKONOMICHESKOE OBEDINENIE TEKHNOPROMEKSPORT", "テフノプロムエクスポルト"),
    ("20290", "LLC KOKSOKHIMTRANS", "コクソヒムトランス"),
    ("21107", "LLC RUSCHEMTRADE", "ルスケムトレード"),
    ("22407", "OBORONLOGISTIKA, OOO", "オボロンロジスティカ"),
    ("22406", "MOLOT-ORUZHIE, OOO", "モロト・オルジエ"),
    ("21333", "ZORSECURITY", "ゾルセキュリティ"),
    ("19031", "JOINT STOCK COMPANY GENBANK", "ゲンバンク"),
    ("19037", "INRESBANK OOO", "インレスバンク"),
    ("20288", "SOVFRACHT-SOVMORTRANS GROUP", "ソフフラフト・ソフモルトランス・グループ"),
    ("17258", "JOINT STOCK COMPANY ALMAZ-ANTEY AIR DEFENSE CONCERN MAIN SYSTEM DESIGN BUREAU NAMED BY ACADEMICIAN A.A. RASPLETIN", "アルマズ・アンテイ"),
    ("16884", "JOINT STOCK COMPANY MILITARY-INDUSTRIAL CORPORATION NPO MASHINOSTROYENIA", "NPOマシノストロエニヤ"),
    ("16869", "JOINT STOCK COMPANY CONCERN SOZVEZDIE", "コンツェルン・ソズヴェズジエ"),
    ("19040", "OAO VOLGOGRADNEFTEMASH", "ヴォルゴグラドネフテマシュ"),
    ("12862", "GRODNO KHIMVOLOKNO OAO", "グロドノ・ヒムヴォロクノ"),
    ("10756", "LAKOKRASKA OAO", "ラコクラスカ"),
    ("10755", "POLOTSK STEKLOVOLOKNO OAO", "ポロツク・ステクロヴォロクノ"),
    ("21332", "SPECIAL TECHNOLOGY CENTER", "スペシャル・テクノロジー・センター"),
    ("22506", "JOINT-STOCK COMPANY COMMERCIAL BANK NORTH CREDIT", "ノース・クレジット"),
    # Western shells and traders
    ("18306", "SET PETROCHEMICALS OY", "SETペトロケミカルズ"),
    ("18305", "SOUTHEAST TRADING OY", "サウスイースト・トレーディング"),
    ("18304", "AIRFIX AVIATION OY", "エアフィックス・アビエーション"),
    ("18311", "OY LANGVIK CAPITAL LTD", "ラングヴィク・キャピタル"),
    ("19044", "LERMA TRADING S.A.", "レルマ・トレーディング"),
    ("19047", "FENTEX PROPERTIES LTD.", "フェンテックス・プロパティーズ"),
    ("20283", "CJSC ABR MANAGEMENT", "ABRマネジメント"),
    # Iran and its fronts
    ("11319", "NAFTIRAN INTERTRADE CO. (NICO) SARL", "ナフティラン・インタートレード"),
    ("11634", "PETROPARS INTERNATIONAL FZE", "ペトロパルス・インターナショナル"),
    ("11613", "ASCOTEC STEEL TRADING GMBH", "アスコテック・スチール・トレーディング"),
    ("11616", "BREYELLER STAHL TECHNOLOGY GMBH & CO. KG", "ブライエラー・シュタール・テクノロジー"),
    ("11621", "INTRA CHEM TRADING GMBH", "イントラ・ケム・トレーディング"),
    ("10368", "BANK SADERAT IRAN", "イラン・サーデラート銀行"),
    # North Korea, China
    ("20579", "DAEWON INDUSTRIES", "テウォン・インダストリーズ"),
    ("20580", "KANGBONG TRADING CORPORATION", "カンボン・トレーディング"),
    ("18953", "HAEJIN SHIP MANAGEMENT COMPANY LIMITED", "ヘジン・シップ・マネジメント"),
    ("19576", "MIRIM SHIPPING CO LTD", "ミリム・シッピング"),
    ("22613", "JINHOU INTERNATIONAL HOLDINGS CO., LTD.", "ジンホウ・インターナショナル・ホールディングス"),
    # Latin America
    ("10644", "CAZPER IMPORTACIONES, S.A. DE C.V.", "カスペル・インポルタシオネス"),
    ("11244", "LABORATORIOS WILLMAR, S.A. DE C.V.", "ラボラトリオス・ウィルマル"),
    ("11421", "VUELA PERU S.A.C.", "ブエラ・ペルー"),
    ("11406", "PERUVIAN PRECIOUS METALS S.A.C.", "ペルビアン・プレシャス・メタルズ"),
    # Donbas bodies, written with kanji
    ("17065", "DONETSK PEOPLE'S REPUBLIC", "ドネツク人民共和国"),
    ("17023", "LUHANSK PEOPLE'S REPUBLIC", "ルガンスク人民共和国"),
]

# Real Japanese companies in no earlier Japanese set (registered name, katakana reading used
# for Zengin transfers); none is on a sanctions list. Must stay clean.
JA_COMPANIES: list[tuple[str, str]] = [
    ("株式会社明治", "メイジ"),
    ("ハウス食品グループ本社株式会社", "ハウスショクヒングループホンシャ"),
    ("伊藤ハム米久ホールディングス株式会社", "イトウハムヨネキュウホールディングス"),
    ("株式会社伊藤園", "イトウエン"),
    ("株式会社しまむら", "シマムラ"),
    ("株式会社エービーシー・マート", "エービーシーマート"),
    ("株式会社ビックカメラ", "ビックカメラ"),
    ("株式会社ヤマダホールディングス", "ヤマダホールディングス"),
    ("株式会社ケーズホールディングス", "ケーズホールディングス"),
    ("株式会社パン・パシフィック・インターナショナルホールディングス", "パンパシフィックインターナショナルホールディングス"),
    ("ウエルシアホールディングス株式会社", "ウエルシアホールディングス"),
    ("株式会社ツルハホールディングス", "ツルハホールディングス"),
    ("ライオン株式会社", "ライオン"),
    ("ユニ・チャーム株式会社", "ユニチャーム"),
    ("株式会社コーセー", "コーセー"),
    ("株式会社ポーラ・オルビスホールディングス", "ポーラオルビスホールディングス"),
    ("TOTO株式会社", "トートー"),
    ("株式会社LIXIL", "リクシル"),
    ("リンナイ株式会社", "リンナイ"),
    ("株式会社ノーリツ", "ノーリツ"),
    ("象印マホービン株式会社", "ゾウジルシマホービン"),
    ("タイガー魔法瓶株式会社", "タイガーマホウビン"),
    ("株式会社アシックス", "アシックス"),
    ("美津濃株式会社", "ミズノ"),
    ("株式会社シマノ", "シマノ"),
    ("株式会社神戸製鋼所", "コウベセイコウショ"),
    ("株式会社フジクラ", "フジクラ"),
    ("TDK株式会社", "ティーディーケイ"),
    ("ローム株式会社", "ローム"),
    ("株式会社堀場製作所", "ホリバセイサクショ"),
    ("株式会社島津製作所", "シマヅセイサクショ"),
    ("シスメックス株式会社", "シスメックス"),
    ("HOYA株式会社", "ホーヤ"),
    ("株式会社安川電機", "ヤスカワデンキ"),
    ("SMC株式会社", "エスエムシー"),
    ("株式会社ディスコ", "ディスコ"),
    ("株式会社アドバンテスト", "アドバンテスト"),
    ("レーザーテック株式会社", "レーザーテック"),
    ("株式会社SCREENホールディングス", "スクリーンホールディングス"),
    ("SGホールディングス株式会社", "エスジーホールディングス"),
    ("NIPPON EXPRESSホールディングス株式会社", "ニッポンエクスプレスホールディングス"),
    ("株式会社オリエンタルランド", "オリエンタルランド"),
    ("株式会社サンリオ", "サンリオ"),
    ("株式会社タカラトミー", "タカラトミー"),
    ("株式会社ワコールホールディングス", "ワコールホールディングス"),
    ("亀田製菓株式会社", "カメダセイカ"),
    ("不二製油グループ本社株式会社", "フジセイユグループホンシャ"),
    ("株式会社日清製粉グループ本社", "ニッシンセイフングループホンシャ"),
    ("東洋水産株式会社", "トウヨウスイサン"),
    ("株式会社永谷園ホールディングス", "ナガタニエンホールディングス"),
    ("株式会社ブルボン", "ブルボン"),
    ("井村屋グループ株式会社", "イムラヤグループ"),
    ("株式会社コメリ", "コメリ"),
    ("株式会社カインズ", "カインズ"),
    ("株式会社島忠", "シマチュウ"),
    ("株式会社ゼンショーホールディングス", "ゼンショーホールディングス"),
    ("株式会社すかいらーくホールディングス", "スカイラークホールディングス"),
    ("株式会社吉野家ホールディングス", "ヨシノヤホールディングス"),
    ("株式会社コロワイド", "コロワイド"),
    ("株式会社壱番屋", "イチバンヤ"),
    ("株式会社モスフードサービス", "モスフードサービス"),
    ("株式会社サイゼリヤ", "サイゼリヤ"),
    ("株式会社くら寿司", "クラズシ"),
    ("株式会社トリドールホールディングス", "トリドールホールディングス"),
    ("株式会社ベネッセホールディングス", "ベネッセホールディングス"),
    ("株式会社学研ホールディングス", "ガッケンホールディングス"),
    ("株式会社講談社", "コウダンシャ"),
    ("株式会社集英社", "シュウエイシャ"),
    ("株式会社小学館", "ショウガクカン"),
    ("株式会社KADOKAWA", "カドカワ"),
]

_ZENGIN_ACT = ["ツウシン", "セイコウ", "ヤクヒン", "ノウサン", "スイサン", "ジュウキ",
               "パートナーズ", "コンサルティング", "デザイン", "ファーマ", "ネットワークス",
               "エージェンシー"]


def _earlier_refs() -> set[str]:
    """Entity refs of every earlier Japanese case set (folders named *ja* or holdout*)."""
    refs = ja3._earlier_refs(OUT.name)
    refs |= {f"ofac:{e}" for e, *_ in ja3.PERSONS + ja3.ORGS + dev2.PERSONS + dev2.ORGS}
    for path in (ROOT / "tests" / "cases").glob("**/*positives.csv"):
        if path.parent.name == OUT.name or not ("ja" in path.parent.name
                                                or "holdout" in path.parent.name):
            continue
        with path.open(encoding="utf-8", newline="") as f:
            refs |= {r["entity_ref"] for r in csv.DictReader(f)}
    return refs


def _earlier_companies() -> set[str]:
    """Queries of the Japanese sets' negatives (real companies and their Zengin readings)."""
    seen = {c for c, _ in ja2.JA_COMPANIES + ja3.JA_COMPANIES}
    seen |= {f"{c}株式会社" for c, _ in dev2.DEV_COMPANIES}
    for path in (ROOT / "tests" / "cases").glob("**/*negatives.csv"):
        if path.parent.name == OUT.name or "ja" not in str(path.relative_to(ROOT)):
            continue
        with path.open(encoding="utf-8", newline="") as f:
            seen |= {r["query"] for r in csv.DictReader(f)}
    return seen


def _check_names(ofac_dir: Path) -> None:
    """Every entity number exists in the OFAC bench sdn.csv with the listed name given."""
    with (ofac_dir / "sdn.csv").open(encoding="latin-1", newline="") as f:
        names = {r[0].strip(): r[1].strip() for r in csv.reader(f) if len(r) > 1}
    bad = [(e, n, names.get(e)) for e, n, *_ in PERSONS + ORGS if names.get(e) != n]
    if bad:
        raise SystemExit(f"not as listed in {ofac_dir}/sdn.csv: {bad}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=20261215)
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    a = ap.parse_args(argv)
    if (a.ofac / "sdn.csv").exists():
        _check_names(a.ofac)
    earlier = _earlier_refs()
    overlap = [e for e, *_ in PERSONS + ORGS if f"ofac:{e}" in earlier]
    if overlap:
        raise SystemExit(f"entities already in an earlier Japanese set: {overlap}")
    seen = _earlier_companies()
    dup = [c for c, r in JA_COMPANIES if c in seen or r in seen]
    if dup:
        raise SystemExit(f"companies already in an earlier Japanese set: {dup}")
    write(a.out / "ja_positives.csv", ja3.ja_positives(PERSONS, ORGS, SRC), POS_COLS)
    write(a.out / "ja_negatives.csv",
          ja2.ja_negatives(a.seed, JA_COMPANIES, _ZENGIN_ACT), NEG_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
