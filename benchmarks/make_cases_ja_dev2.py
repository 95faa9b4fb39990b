# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate a second Japanese development set: tests/cases/dev_ja2/ (deterministic).

    python benchmarks/make_cases_ja_dev2.py [--out DIR]

Made in session 6 to tune on (the kana tables, the key rules): more OFAC bench entities than
tests/cases/dev_ja/ holds, none in any other Japanese set (the generator refuses an overlap
with the tuning set, holdout/, holdout_ja2/, holdout_ja3/ and dev_ja/), written by hand in
the styles of make_cases_ja2 (MOF notice style with patronymic and ヴ, press style, family name
first, half-width Zengin) from the same transcription conventions (see make_cases_ja3.py for
the sources and their limits). It is not a hold-out. `ja_negatives.csv`: Faker ja_JP persons and companies (other seeds than
any other set) to check the Japanese counterparties stay clean while tuning.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_cases_ja3 as ja3  # noqa: E402
from make_cases_ja import NEG_COLS, POS_COLS, halfwidth, write  # noqa: E402

OUT = ROOT / "tests" / "cases" / "dev_ja2"

PERSONS: list[tuple[str, str, str, int | None]] = [
    ("16715", "ZIMA, Pyotr Anatoliyovych", "ピョートル・アナトリエヴィチ・ジマ", -1),
    ("16735", "STAVYTSKY, Eduard Anatoliyovych", "エドゥアルド・アナトリエヴィチ・スタヴィツキー", -1),
    ("16755", "ZHEREBTSOV, Yuriy Gennadievych", "ユーリー・ゲンナジエヴィチ・ジェレプツォフ", -1),
    ("16759", "MALYSHEV, Mikhail Grigorevich", "ミハイル・グリゴリエヴィチ・マルイシェフ", -1),
    ("16774", "BELAVENCEV, Oleg Evgenyevich", "オレグ・エヴゲニエヴィチ・ベラヴェンツェフ", -1),
    ("16936", "KAUROV, Valery Vladimirovich", "ワレリー・ウラジーミロヴィチ・カウロフ", -1),
    ("16949", "KOZYURA, Oleg Grigorievich", "オレグ・グリゴリエヴィチ・コズュラ", -1),
    ("17123", "RUDENKO, Miroslav Vladimirovich", "ミロスラフ・ウラジーミロヴィチ・ルデンコ", -1),
    ("17177", "BEREZIN, Fedor", "フョードル・ドミトリエヴィチ・ベレジン", -1),
    ("17188", "KHRYAKOV, Alexander", "アレクサンドル・ヴィタリエヴィチ・フリャコフ", -1),
    ("17246", "SAVCHENKO, Petr", "ピョートル・サフチェンコ", -1),
    ("17748", "IVAKIN, Yuriy Vladimirovich", "ユーリー・ウラジーミロヴィチ・イワキン", -1),
    ("18303", "USACHEV, Oleg", "オレグ・ウサチョフ", -1),
    ("18323", "KURCHENKO, Sergey Vitalievich", "セルゲイ・ヴィタリエヴィチ・クルチェンコ", -1),
    ("20272", "SHEREMET, Mikhail Sergeyevich", "ミハイル・セルゲーエヴィチ・シェレメト", -1),
    ("20277", "DEMIDOV, Valentin Valentinovich", "ワレンチン・ワレンチノヴィチ・デミドフ", -1),
    ("21167", "MANSUROV, Dmitri Flerovich", "ドミトリー・フレロヴィチ・マンスロフ", -1),
    ("21169", "MINAEV, Oleg Aleksandrovich", "オレグ・アレクサンドロヴィチ・ミナエフ", -1),
    ("22404", "VOROBEV, Aleksandr Nikolayevich", "アレクサンドル・ニコラエヴィチ・ヴォロビヨフ", -1),
    ("23545", "CHEREZOV, Andrey Vladimirovich", "アンドレイ・ウラジーミロヴィチ・チェレゾフ", -1),
    ("23558", "OVSYANNIKOV, Dmitry Vladimirovich", "ドミトリー・ウラジーミロヴィチ・オフシャンニコフ", -1),
    ("26173", "MORENETS, Aleksei Sergeyevich", "アレクセイ・セルゲーエヴィチ・モレネツ", -1),
    ("26185", "YERMAKOV, Ivan Sergeyevich", "イワン・セルゲーエヴィチ・エルマコフ", -1),
    ("26193", "KOVALEV, Anatoliy Sergeyevich", "アナトリー・セルゲーエヴィチ・コワリョフ", -1),
    ("31301", "STEPANOV, Artem Nikolaevich", "アルチョム・ニコラエヴィチ・ステパノフ", -1),
    ("28351", "DANILENKO, Sergei Andreevich", "セルゲイ・アンドレーエヴィチ・ダニレンコ", -1),
    ("9762", "ZIMOUSKY, Aliaksandr Leanidavich", "アレクサンドル・レオニドヴィチ・ジモフスキー", -1),
    ("9766", "SUKHARENKA, Stiapan Mikalayevich", "ステパン・ニコラエヴィチ・スハレンコ", -1),
    ("9770", "YARMOSHINA, Lidziya Mihaulauna", "リディア・ミハイロヴナ・エルモシナ", -1),
    ("10138", "SLIZHEVSKY, Oleg Leonidovich", "オレグ・レオニドヴィチ・スリジェフスキー", -1),
    ("29664", "BALABA, Dzmitriy Uladzimiravich", "ドミトリー・ウラジーミロヴィチ・バラバ", -1),
    ("17619", "KIL, Jong Hun", "キル・ジョンフン", None),
    ("18668", "RI, Chong Chol", "リ・ジョンチョル", None),
    ("19791", "CHO, Il-U", "チョ・イルウ", None),
    ("20121", "RI, Song Chol", "リ・ソンチョル", None),
    ("23509", "HAN, Kwon U", "ハン・グォヌ", None),
    ("23000", "HO, Yong Il", "ホ・ヨンイル", None),
    ("22997", "MUN, Kyong Hwan", "ムン・ギョンファン", None),
    ("27847", "HADDAD-ADEL, Gholamali", "ゴラムアリ・ハッダードアーデル", -1),
    ("28003", "AZARI JAHROMI, Mohammad Javad", "モハンマドジャヴァド・アーザリージャフロミ", -1),
    ("12254", "MORTAZAVI, Saeed", "サイード・モルタザヴィ", -1),
    ("12253", "MAHSOULI, Sadeq", "サデク・マフスーリ", -1),
    ("12257", "TAEB, Hossein", "ホセイン・タエブ", -1),
    ("12596", "JAFARI DOLATABADI, Abbas", "アッバス・ジャファリドラタバディ", -1),
    ("28541", "JANNATI, Ahmad", "アフマド・ジャンナティ", -1),
    ("28925", "RAHMANI FAZLI, Abdolreza", "アブドルレザ・ラフマニファズリ", -1),
    ("29789", "ZANGANEH, Bijan", "ビジャン・ザンギャネ", -1),
    ("12740", "AL-SHAAR, Mohammad Ibrahim", "モハンマド・イブラヒム・シャアール", -1),
    ("12738", "MAHMOUD, Ali Habib", "アリ・ハビブ・マフムード", -1),
    ("29279", "AL-ASSAD, Hafez", "ハーフェズ・アサド", -1),
    ("29072", "AL-ASSAD, Bushra", "ブシュラ・アサド", -1),
    ("7913", "HAMDAN, Usama", "ウサマ・ハムダン", -1),
    ("27256", "JABARIN, Zaher", "ザヘル・ジャバリン", -1),
    ("11982", "AL-RIMI, Qasim", "カシム・リミ", -1),
    ("11378", "BIN LADEN, Sa'ad", "サード・ビンラディン", -1),
    ("1572", "NORIEGA, Manuel Antonio", "マヌエル・アントニオ・ノリエガ", -1),
    ("30042", "RODRIGUEZ LOPEZ-CALLEJA, Luis Alberto", "ルイス・アルベルト・ロドリゲス・ロペスカジェハ", 2),
    ("27241", "SAAB MORAN, Amir Luis", "アミール・ルイス・サアブ・モラン", 2),
    ("29040", "MORON HERNANDEZ, Santiago Jose", "サンティアゴ・ホセ・モロン・エルナンデス", 2),
    ("30683", "TORRES ESPINOZA, Ramon Antonio", "ラモン・アントニオ・トレス・エスピノサ", 2),
    ("7235", "SISON, Jose Maria", "ホセ・マリア・シソン", -1),
    ("30685", "YIGIT, Faruk", "ファルク・ユイット", -1),
    ("27963", "BAYALTUN, Ismail", "イスマイル・バヤルトゥン", -1),
    # a second batch: Arab, Iranian, Hispanic, Central Asian, Turkish, European, Korean
    ("2675", "AL RAHMAN, Shaykh Umar Abd", "オマル・アブデルラフマン", -1),
    ("2682", "ISLAMBOULI, Mohammad Shawqi", "ムハンマド・シャウキ・イスランブリ", -1),
    ("6367", "AL-MASRI, Abu Hafs", "アブ・ハフス・マスリ", -1),
    ("6901", "AL-ADL, Sayf", "サイフ・アデル", -1),
    ("6925", "GHAILANI, Ahmed Khalfan", "アハメド・ハルファン・ガイラニ", -1),
    ("6928", "MOHAMMED, Khalid Shaikh", "ハリド・シェイク・モハメド", -1),
    ("7006", "AWEYS, Hassan Dahir", "ハッサン・ダヒル・アウェイス", -1),
    ("9614", "BA'ASYIR, Abu Bakar", "アブバカル・バシル", -1),
    ("10612", "DROUKDEL, Abdelmalek", "アブデルマレク・ドルークデル", -1),
    ("11313", "ROBOW, Mukhtar", "ムフタール・ロボウ", -1),
    ("11376", "MUJAHID, Mohammed Yahya", "ムハンマド・ヤヒヤ・ムジャヒド", -1),
    ("10689", "SAEED, Muhammad", "ムハンマド・サイード", -1),
    ("12561", "HAQQANI, Khalil Al-Rahman", "ハリル・ハッカニ", -1),
    ("27317", "SHUKR, Fu'ad", "フアド・シュクル", -1),
    ("27315", "'AQIL, Ibrahim", "イブラヒム・アキル", -1),
    ("30218", "QAOUK, Nabil", "ナビル・カウーク", -1),
    ("2691", "YASSIN, Sheik Ahmed Ismail", "アハメド・ヤシン", -1),
    ("7915", "RANTISI, Abdel Aziz", "アブデルアジズ・ランティシ", -1),
    ("9343", "KANAAN, Ghazi", "ガジ・カナーン", -1),
    ("12737", "SAFAR, Adel", "アーディル・サファル", -1),
    ("12724", "NAJIB, Atif", "アテフ・ナジブ", -1),
    ("12812", "HASSAN, Jamil", "ジャミル・ハッサン", -1),
    ("10479", "REZAIE, Morteza", "モルテザ・レザイ", -1),
    ("10483", "HEJAZI, Mohammad", "モハンマド・ヘジャジ", -1),
    ("12251", "RADAN, Ahmad-Reza", "アフマドレザ・ラダン", -1),
    ("12252", "MOHSENI-EJEI, Qolam-Hossein", "ゴラムホセイン・モフセニエジェイ", -1),
    ("27853", "QOMI, Mohsen", "モフセン・コミ", -1),
    ("27854", "SOLEIMANI, Gholamreza", "ゴラムレザ・ソレイマニ", -1),
    ("28542", "YAZDI, Mohammad", "モハンマド・ヤズディ", -1),
    ("28543", "SADEGHI MOGHADAM, Mohammad Hasan", "モハンマドハサン・サデギモガダム", -1),
    ("30368", "ESKANDARI, Mohammad", "モハンマド・エスカンダリ", -1),
    ("28307", "NORIEGA FIGUEROA, Jose Gregorio", "ホセ・グレゴリオ・ノリエガ・フィゲロア", 2),
    ("27427", "DUGARTE PADRON, Juan Carlos", "フアン・カルロス・ドゥガルテ・パドロン", 2),
    ("27430", "VIZCAINO GIL, Gustavo Adolfo", "グスタボ・アドルフォ・ビスカイノ・ヒル", 2),
    ("29365", "GUTIERREZ PARRA, Jose Luis", "ホセ・ルイス・グティエレス・パラ", 2),
    ("10930", "JALOLOV, Najmiddin Kamolitdinovich", "ナジミディン・カモリッディノヴィチ・ジャロロフ", -1),
    ("11322", "YILMAZ, Adem", "アデム・ユルマズ", -1),
    ("11320", "GELOWICZ, Fritz Martin", "フリッツ・マルティン・ゲロヴィッチ", -1),
    ("7831", "DUMONT, Lionel", "リオネル・デュモン", -1),
    ("17616", "RYU, Jin", "リュ・ジン", None),
    ("17617", "KIM, Kwang Chun", "キム・グァンチュン", None),
    ("19533", "PAK, Chun Il", "パク・チュニル", None),
    ("22994", "PAK, Bong Nam", "パク・ボンナム", None),
    ("23483", "KIM, Chol", "キム・チョル", None),
    ("24607", "RI, Jong Won", "リ・ジョンウォン", None),
    ("23231", "RI, Myong Hun", "リ・ミョンフン", None),
]

ORGS: list[tuple[str, str, str]] = [
    ("17449", "MARSHALL CAPITAL PARTNERS", "マーシャル・キャピタル・パートナーズ"),
    ("23564", "EVRO POLIS LTD.", "エブロ・ポリス"),
    ("24229", "RUSSIAN MACHINES", "ロシアン・マシーンズ"),
    ("29107", "MEROE GOLD CO. LTD.", "メロエ・ゴールド"),
    ("29869", "LOBAYE INVEST", "ロバイエ・インベスト"),
    ("24978", "VOLASYS SILVER STAR", "ヴォラシス・シルバースター"),
    ("23519", "HANA ELECTRONICS JVC", "ハナ・エレクトロニクス"),
    ("16831", "STROYTRANSGAZ GROUP", "ストロイトランスガス・グループ"),
    ("16824", "SAKHATRANS LLC", "サハトランス"),
    ("16809", "AQUANIKA", "アクアニカ"),
    ("17466", "OPLOT", "オプロト"),
    ("20292", "OJSC SOVFRACHT", "ソフフラフト"),
    ("7331", "LASHKAR I JHANGVI", "ラシュカレ・ジャングヴィ"),
    ("17289", "JAISH AL-MUHAJIREEN WAL-ANSAR", "ジャイシュ・ムハジリーン・ワ・アンサール"),
    ("10386", "GULF CARTEL", "ガルフ・カルテル"),
    ("12803", "TIDEWATER MIDDLE EAST CO.", "タイドウォーター・ミドルイースト"),
    ("30842", "ASTAN QUDS RAZAVI", "アースターネ・ゴドセ・ラザヴィー"),
    # a second batch of organisations: transcriptions and loanwords
    ("16937", "AL-NUSRAH FRONT", "アル・ヌスラ・フロント"),
    ("15487", "BELVNESHPROMSERVICE", "ベルヴネシュプロムサービス"),
    ("23565", "LIMITED LIABILITY COMPANY FOREIGN ECONOMIC ASSOCIATION TECHNOPROMEXPORT", "テクノプロムエクスポルト"),
    ("20203", "OAO 'URANIS-RADIOSISTEMY'", "ウラニス・ラジオシステムイ"),
    ("23575", "ZAO VNESHTORGSERVIS", "ヴネシュトルグセルヴィス"),
    ("24204", "LADOGA MENEDZHMENT, OOO", "ラドガ・マネジメント"),
    ("26513", "PAO ZVEZDA", "ズヴェズダ"),
    ("26512", "AO KONTSERN OKEANPRIBOR", "コンツェルン・オケアンプリボル"),
    ("21110", "TRANS-FLOT JSC", "トランスフロート"),
    ("21113", "TRANSPETROCHART CO LTD", "トランスペトロチャート"),
    ("20293", "CJSC SOVMORTRANS", "ソフモルトランス"),
    ("31169", "INFOROS, OOO", "インフォロス"),
    ("31455", "AKTSIONERNOE OBSHCHESTVO POZITIV TEKNOLODZHIZ", "ポジティブ・テクノロジーズ"),
    ("29117", "SHINE DRAGON GROUP LIMITED", "シャイン・ドラゴン・グループ"),
    ("23825", "KINGLY WON INTERNATIONAL CO., LTD.", "キングリー・ウォン・インターナショナル"),
    ("22605", "TRANSATLANTIC PARTNERS PTE. LTD.", "トランスアトランティック・パートナーズ"),
    ("22606", "VELMUR MANAGEMENT PTE LTD", "ヴェルムル・マネジメント"),
    ("24516", "PROFINET PTE. LTD.", "プロフィネット"),
    ("27526", "GOOD SIBLINGS LTD", "グッド・シブリングス"),
    ("27531", "ALWAYS SMOOTH LTD", "オールウェイズ・スムーズ"),
    ("23151", "DAWN MARINE MANAGEMENT CO LTD", "ドーン・マリン・マネジメント"),
    ("23773", "LIBERTY SHIPPING CO LTD", "リバティ・シッピング"),
    ("18345", "SENAT SHIPPING LIMITED", "セナト・シッピング"),
    ("25058", "PARSIAN CATALYST CHEMICAL COMPANY", "パルシアン・カタリスト・ケミカル"),
    ("30752", "PASARGAD STEEL COMPLEX", "パサルガド・スチール・コンプレックス"),
    ("12477", "BONYAD TAAVON SEPAH", "ボニヤード・タアーヴォン・セパー"),
    ("23148", "TEJARAT ALMAS MOBIN HOLDING", "テジャラト・アルマス・モビン・ホールディング"),
]


# Real Japanese companies in neither hold-out (name, reading used for Zengin transfers): the
# registered name is written here as name + 株式会社 (some register it before the name)
DEV_COMPANIES: list[tuple[str, str]] = [
    ("三菱電機", "ミツビシデンキ"),
    ("三菱ケミカル", "ミツビシケミカル"),
    ("三井住友海上火災保険", "ミツイスミトモカイジョウカサイホケン"),
    ("住友不動産", "スミトモフドウサン"),
    ("住友林業", "スミトモリンギョウ"),
    ("住友重機械工業", "スミトモジュウキカイコウギョウ"),
    ("日本郵政", "ニッポンユウセイ"),
    ("日本郵便", "ニッポンユウビン"),
    ("ヤマハ発動機", "ヤマハハツドウキ"),
    ("日野自動車", "ヒノジドウシャ"),
    ("三菱自動車工業", "ミツビシジドウシャコウギョウ"),
    ("豊田自動織機", "トヨタジドウショッキ"),
    ("アイシン", "アイシン"),
    ("住友ゴム工業", "スミトモゴムコウギョウ"),
    ("横浜ゴム", "ヨコハマゴム"),
    ("日本ガイシ", "ニッポンガイシ"),
    ("アルプスアルパイン", "アルプスアルパイン"),
    ("ニデック", "ニデック"),
    ("安川電機", "ヤスカワデンキ"),
    ("横河電機", "ヨコガワデンキ"),
    ("島津製作所", "シマヅセイサクショ"),
    ("堀場製作所", "ホリバセイサクショ"),
    ("浜松ホトニクス", "ハママツホトニクス"),
    ("日東電工", "ニットウデンコウ"),
    ("大日本印刷", "ダイニッポンインサツ"),
    ("凸版印刷", "トッパンインサツ"),
    ("王子ホールディングス", "オウジホールディングス"),
    ("日本製紙", "ニッポンセイシ"),
    ("東洋紡", "トウヨウボウ"),
    ("帝人", "テイジン"),
    ("クラレ", "クラレ"),
    ("宇部興産", "ウベコウサン"),
    ("三菱マテリアル", "ミツビシマテリアル"),
    ("古河電気工業", "フルカワデンキコウギョウ"),
    ("フジクラ", "フジクラ"),
    ("大同特殊鋼", "ダイドウトクシュコウ"),
    ("神戸製鋼所", "コウベセイコウショ"),
    ("日本軽金属", "ニッポンケイキンゾク"),
    ("三井金属鉱業", "ミツイキンゾクコウギョウ"),
    ("松井証券", "マツイショウケン"),
    ("岡三証券", "オカサンショウケン"),
    ("東海東京証券", "トウカイトウキョウショウケン"),
    ("三菱UFJ信託銀行", "ミツビシユーエフジェイシンタクギンコウ"),
    ("三井住友信託銀行", "ミツイスミトモシンタクギンコウ"),
    ("みずほ信託銀行", "ミズホシンタクギンコウ"),
    ("あおぞら銀行", "アオゾラギンコウ"),
    ("福岡銀行", "フクオカギンコウ"),
    ("北洋銀行", "ホクヨウギンコウ"),
    ("常陽銀行", "ジョウヨウギンコウ"),
    ("群馬銀行", "グンマギンコウ"),
    ("八十二銀行", "ハチジュウニギンコウ"),
    ("七十七銀行", "シチジュウシチギンコウ"),
    ("京都銀行", "キョウトギンコウ"),
    ("広島銀行", "ヒロシマギンコウ"),
    ("伊予銀行", "イヨギンコウ"),
    ("松屋", "マツヤ"),
    ("松坂屋", "マツザカヤ"),
    ("高島屋", "タカシマヤ"),
    ("阪急阪神ホールディングス", "ハンキュウハンシンホールディングス"),
    ("近鉄グループホールディングス", "キンテツグループホールディングス"),
    ("東急", "トウキュウ"),
    ("小田急電鉄", "オダキュウデンテツ"),
    ("京王電鉄", "ケイオウデンテツ"),
    ("西日本旅客鉄道", "ニシニホンリョカクテツドウ"),
    ("九州旅客鉄道", "キュウシュウリョカクテツドウ"),
    ("全日本空輸", "ゼンニッポンクウユ"),
    ("三井倉庫", "ミツイソウコ"),
    ("三菱倉庫", "ミツビシソウコ"),
    ("住友倉庫", "スミトモソウコ"),
    ("上組", "カミグミ"),
    ("鴻池運輸", "コウノイケウンユ"),
    ("福山通運", "フクヤマツウウン"),
    ("西濃運輸", "セイノウウンユ"),
    ("佐川急便", "サガワキュウビン"),
    ("キッコーマン", "キッコーマン"),
    ("ヤクルト本社", "ヤクルトホンシャ"),
    ("明治ホールディングス", "メイジホールディングス"),
    ("森永製菓", "モリナガセイカ"),
    ("江崎グリコ", "エザキグリコ"),
    ("カルビー", "カルビー"),
    ("日本ハム", "ニッポンハム"),
    ("伊藤ハム", "イトウハム"),
    ("雪印メグミルク", "ユキジルシメグミルク"),
    ("サッポロホールディングス", "サッポロホールディングス"),
    ("宝ホールディングス", "タカラホールディングス"),
    ("伊藤園", "イトウエン"),
    ("松竹", "ショウチク"),
    ("東宝", "トウホウ"),
    ("角川", "カドカワ"),
    ("集英社", "シュウエイシャ"),
    ("講談社", "コウダンシャ"),
    ("小学館", "ショウガクカン"),
    ("松下工業", "マツシタコウギョウ"),
    ("三ツ星ベルト", "ミツボシベルト"),
    ("日本発条", "ニッポンハツジョウ"),
    ("立花エレテック", "タチバナエレテック"),
    ("八幡ねじ", "ヤハタネジ"),
    ("松本建設", "マツモトケンセツ"),
    ("津田産業", "ツダサンギョウ"),
    ("塚本商事", "ツカモトショウジ"),
]


def company_negatives() -> list[dict]:
    rows = []
    for name, reading in DEV_COMPANIES:
        rows.append({"query": f"{name}株式会社", "kind": "organisation",
                     "category": "ja_company_real", "note": "real Japanese company"})
        rows.append({"query": halfwidth(f"カ){reading}"), "kind": "organisation",
                     "category": "ja_company_real_zengin",
                     "note": "real Japanese company, Zengin half-width reading"})
        rows.append({"query": halfwidth(f"{reading}(カ"), "kind": "organisation",
                     "category": "ja_company_real_zengin",
                     "note": "real Japanese company, Zengin half-width reading, KK after"})
    return rows


def faker_negatives(seed: int, n: int) -> list[dict]:
    """Japanese persons and companies (Faker ja_JP; no real companies: those of the hold-outs
    stay unseen) that must stay clean: kanji, katakana, half-width, Zengin company forms."""
    rows = []
    for k in range(n // 100):
        rows += ja3.ja_negatives(seed + k, companies=[])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=20261207)
    a = ap.parse_args(argv)
    earlier = ja3._earlier_refs(a.out.name) | {f"ofac:{e}" for e, *_ in ja3.PERSONS + ja3.ORGS}
    overlap = [e for e, *_ in PERSONS + ORGS if f"ofac:{e}" in earlier]
    if overlap:
        raise SystemExit(f"entities already in another Japanese set: {overlap}")
    rows = ja3.ja_positives(PERSONS, ORGS, "ja-dev2-hand (MOF/MOFA notice style and Japanese "
                            "press style; see make_cases_ja_dev2.py)")
    write(a.out / "ja_positives.csv", rows, POS_COLS)
    dup = [c for c, _ in DEV_COMPANIES if f"{c}株式会社" in {n for n, _ in ja3.JA_COMPANIES}]
    if dup:
        raise SystemExit(f"companies already in holdout_ja3: {dup}")
    write(a.out / "ja_negatives.csv", company_negatives() + faker_negatives(a.seed, 500),
          NEG_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
