# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate the second, clean Japanese hold-out set: tests/cases/holdout_ja2/ (deterministic).

    python benchmarks/make_cases_ja2.py [--out DIR] [--seed N]

Made on 2 Dec 2026 BEFORE any matching change of that session and never tuned on (see
tests/cases/holdout_ja2/README.md). Disjoint from make_cases_ja.py: other listed entities
(none of `RENDERINGS_HOLDOUT2` is in make_cases_ja.RENDERINGS), another Faker seed, other
negatives (real Japanese companies).

- `ja_positives.csv`: katakana renderings of OFAC bench entities as Japanese writes them.
  Persons (`PERSONS`): the full name in the style of the Japanese MOF/MOFA sanction notices
  (given name, patronymic, family name joined by ・, ヴ for v) as `katakana`; the press style
  as `katakana_press`: patronymic left out and ヴ written with バ行 kana (ヴィ -> ビ, ...), as
  Japanese newspapers write foreign names (Nihon Shinbun Kyokai usage: プーチン, メドベージェフ,
  ラブロフ); `katakana_family_first` (press style, family name first, full-width space) and
  `katakana_halfwidth` (half-width Zengin form of the family-first press style). Korean names
  are written family name first as the press does (キム・ヨジョン) and get no reordered form.
  Organisations (`ORGS`): the name as the Japanese press writes it (katakana transcription,
  katakana loanwords for English words, or Japanese words such as 銀行, 航空, 国営, 会社) as
  `katakana` or `kanji_org`, and the half-width form of katakana-only names.
- `ja_negatives.csv`: Japanese counterparties that must stay clean: real Japanese companies
  (`JA_COMPANIES`: kanji/katakana names as registered, many with katakana loanwords such as
  ホールディングス, グループ, インターナショナル, and Zengin half-width forms of their
  katakana readings) and Faker ja_JP names and companies with a seed the tuning set does not use.

Sources: every rendering was written by hand from the transcription conventions of Japanese
government notices (外務省/財務省 告示 of asset freezes: full names with patronymic, ヴ) and of
the Japanese press (Kyodo, NHK, Asahi, Yomiuri: バ行 for v, no patronymic), for names these
publications carry. No Japanese official file is available offline, so they are not copied from
one; a rendering may differ from the one an official notice used for the same person.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_cases_ja import NEG_COLS, POS_COLS, RENDERINGS, halfwidth, write  # noqa: E402

OUT = ROOT / "tests" / "cases" / "holdout_ja2"
SRC = "ja2-hand (MOF/MOFA notice style and Japanese press style; see make_cases_ja2.py)"

# (OFAC bench ent_num, listed name, katakana in MOF notice style, index of the family name
# among the ・-parts, or None when the name is already family-first (Korean))
PERSONS: list[tuple[str, str, str, int | None]] = [
    ("24283", "DERIPASKA, Oleg Vladimirovich", "オレグ・ウラジーミロヴィチ・デリパスカ", -1),
    ("16649", "ROGOZIN, Dmitry Olegovich", "ドミトリー・オレゴヴィチ・ロゴジン", -1),
    ("24183", "ROTENBERG, Igor Arkadyevich", "イーゴリ・アルカジエヴィチ・ローテンベルク", -1),
    ("16688", "IVANOV, Sergei", "セルゲイ・ボリソヴィチ・イワノフ", -1),
    ("24143", "USTINOV, Vladimir Vasilyevich", "ウラジーミル・ワシリエヴィチ・ウスチノフ", -1),
    ("24163", "DYUMIN, Alexey Gennadyevich", "アレクセイ・ゲンナジエヴィチ・ジューミン", -1),
    ("16709", "KOZAK, Dmitry", "ドミトリー・ニコラエヴィチ・コザク", -1),
    ("24315", "FRADKOV, Mikhail Efimovich", "ミハイル・エフィモヴィチ・フラトコフ", -1),
    ("17448", "MALOFEYEV, Konstantin", "コンスタンチン・ワレリエヴィチ・マロフェーエフ", -1),
    ("24231", "KOSACHEV, Konstantin", "コンスタンチン・イオシフォヴィチ・コサチョフ", -1),
    ("16676", "FURSENKO, Andrei Alexandrovich", "アンドレイ・アレクサンドロヴィチ・フルセンコ", -1),
    ("17261", "POKLONSKAYA, Natalia Vladimirovna", "ナタリア・ウラジーミロヴナ・ポクロンスカヤ", -1),
    ("16961", "GIRKIN, Igor Vsevolodovich", "イーゴリ・フセヴォロドヴィチ・ギルキン", -1),
    ("16648", "KONSTANTINOV, Vladimir Andreyevich", "ウラジーミル・アンドレーエヴィチ・コンスタンチノフ", -1),
    ("16764", "KLYUYEV, Andriy Petrovych", "アンドリー・ペトロヴィチ・クリュエフ", -1),
    ("16737", "ARBUZOV, Serhiy", "セルヒー・アルブゾフ", -1),
    ("17426", "PLOTNITSKY, Igor Venediktovich", "イーゴリ・ヴェネディクトヴィチ・プロトニツキー", -1),
    ("9769", "SHEIMAN, Viktar Uladzimiravich", "ヴィクトル・ウラジーミロヴィチ・シェイマン", -1),
    ("32211", "ZUBKOV, Sergei Yevgenevich", "セルゲイ・エヴゲニエヴィチ・ズブコフ", -1),
    ("21166", "LEBEDEV, Dmitri Alekseevich", "ドミトリー・アレクセーエヴィチ・レベデフ", -1),
    ("17024", "BORODAI, Aleksandr", "アレクサンドル・ボロダイ", -1),
    ("26950", "ZARIF, Mohammad Javad", "モハンマド・ジャヴァド・ザリフ", -1),
    ("27844", "RAISI, Ebrahim", "エブラヒム・ライシ", -1),
    ("27850", "BAGHERI, Mohammad", "モハンマド・バゲリ", -1),
    ("12057", "NAQDI, Mohammad Reza", "モハンマドレザ・ナグディ", -1),
    ("28315", "SHAMKHANI, Ali", "アリ・シャムハニ", -1),
    ("26942", "HAJIZADEH, Amir Ali", "アミール・アリ・ハジザデ", -1),
    ("12060", "VAHIDI, Ahmad", "アフマド・ヴァヒディ", -1),
    ("29068", "AL-ASSAD, Asma", "アスマ・アサド", -1),
    ("10569", "MAKHLUF, Hafiz", "ハーフェズ・マフルーフ", -1),
    ("23627", "HANIYEH, Ismail", "イスマイル・ハニヤ", -1),
    ("18528", "SINWAR, Yahya", "ヤヒヤ・シンワル", -1),
    ("12129", "HAQQANI, Nasiruddin", "ナシルディン・ハッカニ", -1),
    ("6635", "OMAR, Mohammed", "ムハンマド・オマル", -1),
    ("24424", "CABELLO RONDON, Diosdado", "ディオスダド・カベジョ・ロンドン", 1),
    ("25080", "PADRINO LOPEZ, Vladimir", "ウラジミール・パドリノ・ロペス", 1),
    ("25077", "RODRIGUEZ GOMEZ, Delcy Eloina", "デルシー・ロドリゲス", -1),
    ("21444", "KIM, Yo Jong", "キム・ヨジョン", None),
    ("23213", "CHOE, Ryong Hae", "チェ・リョンヘ", None),
    ("23215", "RI, Pyong Chol", "リ・ピョンチョル", None),
    ("19496", "HWANG, Pyong So", "ファン・ピョンソ", None),
    ("21443", "KIM, Won Hong", "キム・ウォンホン", None),
    ("19494", "RI, Yong Mu", "リ・ヨンム", None),
]

# (OFAC bench ent_num, listed name, as the Japanese press writes it)
ORGS: list[tuple[str, str, str]] = [
    ("23943", "INTERNET RESEARCH AGENCY LLC", "インターネット・リサーチ・エージェンシー"),
    ("16806", "VOLGA GROUP", "ヴォルガ・グループ"),
    ("16829", "SMP BANK", "SMP銀行"),
    ("16810", "INVESTCAPITALBANK", "インベストキャピタルバンク"),
    ("24230", "GAZ GROUP", "GAZグループ"),
    ("24224", "BASIC ELEMENT LIMITED", "ベーシック・エレメント"),
    ("18299", "ROSNEFT TRADING S.A.", "ロスネフチ・トレーディング"),
    ("17068", "OCEAN MARITIME MANAGEMENT COMPANY LIMITED", "オーシャン・マリタイム・マネジメント"),
    ("16828", "STROYGAZMONTAZH", "ストロイガスモンタージュ"),
    ("16736", "CHERNOMORNEFTEGAZ", "チェルノモルネフテガス"),
    ("4697", "HIZBALLAH", "ヒズボラ"),
    ("6636", "TALIBAN", "タリバン"),
    ("25578", "BANK MELLI IRAN", "イラン・メリ銀行"),
    ("25019", "BANK MELLAT", "メラット銀行"),
    ("4642", "BANK SADERAT PLC", "サデラート銀行"),
    ("12847", "COMMERCIAL BANK OF SYRIA", "シリア商業銀行"),
    ("13440", "SYRIAN ARAB AIRLINES", "シリア・アラブ航空"),
    ("11317", "NATIONAL IRANIAN OIL COMPANY", "イラン国営石油会社"),
    ("15117", "NATIONAL IRANIAN TANKER COMPANY", "イラン国営タンカー会社"),
    ("25396", "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES", "イラン・イスラム共和国海運"),
    ("15603", "FOREIGN TRADE BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "朝鮮貿易銀行"),
    ("20520", "AIR KORYO", "高麗航空"),
    ("26367", "PETROLEOS DE VENEZUELA, S.A.", "ペトロレオス・デ・ベネズエラ"),
    ("21344", "FEDERAL SECURITY SERVICE", "ロシア連邦保安庁"),
    ("8759", "ISLAMIC STATE OF IRAQ AND THE LEVANT", "イラク・レバントのイスラム国"),
]

# Real Japanese companies (names as registered, and the katakana reading of the name where it
# is used for Zengin transfers); none is on a sanctions list. Must stay clean.
JA_COMPANIES: list[tuple[str, str]] = [
    ("トヨタ自動車株式会社", "トヨタジドウシャ"),
    ("ソフトバンクグループ株式会社", "ソフトバンクグループ"),
    ("株式会社三菱UFJ銀行", "ミツビシユーエフジェイギンコウ"),
    ("株式会社みずほ銀行", "ミズホギンコウ"),
    ("株式会社三井住友銀行", "ミツイスミトモギンコウ"),
    ("ソニーグループ株式会社", "ソニーグループ"),
    ("パナソニック ホールディングス株式会社", "パナソニックホールディングス"),
    ("野村ホールディングス株式会社", "ノムラホールディングス"),
    ("伊藤忠商事株式会社", "イトウチュウショウジ"),
    ("三菱商事株式会社", "ミツビシショウジ"),
    ("丸紅株式会社", "マルベニ"),
    ("住友商事株式会社", "スミトモショウジ"),
    ("三井物産株式会社", "ミツイブッサン"),
    ("双日株式会社", "ソウジツ"),
    ("豊田通商株式会社", "トヨタツウショウ"),
    ("日本郵船株式会社", "ニッポンユウセン"),
    ("株式会社商船三井", "ショウセンミツイ"),
    ("川崎汽船株式会社", "カワサキキセン"),
    ("株式会社ファーストリテイリング", "ファーストリテイリング"),
    ("株式会社セブン&アイ・ホールディングス", "セブンアンドアイホールディングス"),
    ("イオン株式会社", "イオン"),
    ("楽天グループ株式会社", "ラクテングループ"),
    ("東京海上ホールディングス株式会社", "トウキョウカイジョウホールディングス"),
    ("第一生命ホールディングス株式会社", "ダイイチセイメイホールディングス"),
    ("キヤノン株式会社", "キヤノン"),
    ("富士フイルムホールディングス株式会社", "フジフイルムホールディングス"),
    ("株式会社日立製作所", "ヒタチセイサクショ"),
    ("三菱重工業株式会社", "ミツビシジュウコウギョウ"),
    ("川崎重工業株式会社", "カワサキジュウコウギョウ"),
    ("日本製鉄株式会社", "ニッポンセイテツ"),
    ("JFEホールディングス株式会社", "ジェイエフイーホールディングス"),
    ("住友電気工業株式会社", "スミトモデンキコウギョウ"),
    ("株式会社ブリヂストン", "ブリヂストン"),
    ("アサヒグループホールディングス株式会社", "アサヒグループホールディングス"),
    ("キリンホールディングス株式会社", "キリンホールディングス"),
    ("サントリーホールディングス株式会社", "サントリーホールディングス"),
    ("日本航空株式会社", "ニホンコウクウ"),
    ("ANAホールディングス株式会社", "エーエヌエーホールディングス"),
    ("東京エレクトロン株式会社", "トウキョウエレクトロン"),
    ("ルネサスエレクトロニクス株式会社", "ルネサスエレクトロニクス"),
    ("株式会社村田製作所", "ムラタセイサクショ"),
    ("京セラ株式会社", "キョウセラ"),
    ("任天堂株式会社", "ニンテンドウ"),
    ("本田技研工業株式会社", "ホンダギケンコウギョウ"),
    ("日産自動車株式会社", "ニッサンジドウシャ"),
    ("オリックス株式会社", "オリックス"),
    ("SBIホールディングス株式会社", "エスビーアイホールディングス"),
    ("株式会社ゆうちょ銀行", "ユウチョギンコウ"),
    ("株式会社横浜銀行", "ヨコハマギンコウ"),
    ("株式会社千葉銀行", "チバギンコウ"),
    ("株式会社静岡銀行", "シズオカギンコウ"),
    ("三井住友トラスト・ホールディングス株式会社", "ミツイスミトモトラストホールディングス"),
    ("株式会社りそなホールディングス", "リソナホールディングス"),
    ("日本電信電話株式会社", "ニッポンデンシンデンワ"),
    ("KDDI株式会社", "ケーディーディーアイ"),
    ("住友化学株式会社", "スミトモカガク"),
    ("三井化学株式会社", "ミツイカガク"),
    ("株式会社IHI", "アイエイチアイ"),
    ("ヤマトホールディングス株式会社", "ヤマトホールディングス"),
    ("日本通運株式会社", "ニッポンツウウン"),
    ("三菱UFJモルガン・スタンレー証券株式会社", "ミツビシユーエフジェイモルガンスタンレーショウケン"),
    ("伊藤忠インターナショナル株式会社", "イトウチュウインターナショナル"),
    ("丸紅エネルギー株式会社", "マルベニエネルギー"),
    ("トヨタ・モビリティ・サービス株式会社", "トヨタモビリティサービス"),
    ("三井物産グローバルロジスティクス株式会社", "ミツイブッサングローバルロジスティクス"),
    ("住友商事グローバルメタルズ株式会社", "スミトモショウジグローバルメタルズ"),
    ("双日マシナリー株式会社", "ソウジツマシナリー"),
    ("日立建機株式会社", "ヒタチケンキ"),
    ("ニトリホールディングス株式会社", "ニトリホールディングス"),
    ("株式会社ユニバーサルエンターテインメント", "ユニバーサルエンターテインメント"),
]

_VU = str.maketrans({"ヴ": "ブ"})
_VU_PAIRS = {"ヴァ": "バ", "ヴィ": "ビ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴュ": "ビュ"}
_PATRONYMIC = ("ヴィチ", "ヴナ", "ヴィッチ")


def press_style(kana: str) -> str:
    """The name as Japanese newspapers write it: patronymic (a middle part ending -ヴィチ /
    -ヴナ) left out, ヴ written with the バ行 kana."""
    parts = kana.split("・")
    parts = [p for i, p in enumerate(parts)
             if not (0 < i < len(parts) - 1 and p.endswith(_PATRONYMIC))]
    out = "・".join(parts)
    for a, b in _VU_PAIRS.items():
        out = out.replace(a, b)
    return out.translate(_VU)


def family_first(kana: str, fam: int) -> str:
    """Family name (the ・-part at `fam`, with the parts after it for Hispanic double
    surnames) first, then the given names, full-width space."""
    parts = kana.split("・")
    if fam < 0:
        fam = len(parts) + fam
    return "・".join(parts[fam:]) + "\u3000" + " ".join(parts[:fam])


def ja_positives(persons: list | None = None, orgs: list | None = None, src: str = SRC,
                 halfwidth_ascii: bool = False) -> list[dict]:
    """Positive rows for `persons` and `orgs` (default: this set's) in every style; an
    organisation written partly in Latin letters gets a half-width row only with
    `halfwidth_ascii` (the later sets do)."""
    rows: list[dict] = []

    def add(q: str, kind: str, var: str, ent: str, name: str) -> None:
        rows.append({"query": q, "kind": kind, "variation": var, "list_name": name,
                     "list_kind": kind, "entity_ref": f"ofac:{ent}", "source": src})

    for ent, name, kana, fam in PERSONS if persons is None else persons:
        press = press_style(kana)
        add(kana, "person", "katakana", ent, name)
        if press != kana:
            add(press, "person", "katakana_press", ent, name)
        if fam is not None:
            ff = family_first(press, fam)
            add(ff, "person", "katakana_family_first", ent, name)
            add(halfwidth(ff), "person", "katakana_halfwidth", ent, name)
        else:
            add(halfwidth(kana), "person", "katakana_halfwidth", ent, name)
    for ent, name, text in ORGS if orgs is None else orgs:
        has_kanji = any("\u4e00" <= c <= "\u9fff" for c in text)
        add(text, "organisation", "kanji_org" if has_kanji else "katakana", ent, name)
        if not has_kanji and (halfwidth_ascii or not any(c.isascii() for c in text)):
            add(halfwidth(text), "organisation", "katakana_halfwidth", ent, name)
    return rows


_ZENGIN_ACT = ["ショウジ", "デンキ", "コウギョウ", "ケンセツ", "ウンユ", "ショクヒン",
               "インターナショナル", "トレーディング", "ホールディングス", "エンジニアリング",
               "システムズ", "サービス"]


def ja_negatives(seed: int, companies: list | None = None,
                 activities: list[str] | None = None) -> list[dict]:
    """Negative rows: `companies` (default: this set's real companies) as registered and in
    Zengin form, then 100 rounds of Faker ja_JP persons and companies seeded with `seed`."""
    rows: list[dict] = []
    for name, reading in JA_COMPANIES if companies is None else companies:
        rows.append({"query": name, "kind": "organisation", "category": "ja_company_real",
                     "note": "real Japanese company (registered name)"})
        rows.append({"query": halfwidth(f"カ){reading}"), "kind": "organisation",
                     "category": "ja_company_real_zengin",
                     "note": "real Japanese company, Zengin half-width reading"})
    try:
        from faker import Faker
    except ImportError:
        print("faker not installed (pip install faker): real companies only", file=sys.stderr)
        return rows
    fake = Faker("ja_JP")
    fake.seed_instance(seed)
    for _ in range(100):
        rows.append({"query": fake.name(), "kind": "person", "category": "ja_person_kanji",
                     "note": "faker ja_JP name()"})
        rows.append({"query": fake.kana_name(), "kind": "person", "category": "ja_person_kana",
                     "note": "faker ja_JP kana_name()"})
        rows.append({"query": halfwidth(fake.last_kana_name() + " " + fake.first_kana_name()),
                     "kind": "person", "category": "ja_person_halfwidth",
                     "note": "faker ja_JP kana names, Zengin style"})
        rows.append({"query": fake.company(), "kind": "organisation", "category": "ja_org_kanji",
                     "note": "faker ja_JP company()"})
        act = fake.random_element(_ZENGIN_ACT if activities is None else activities)
        rows.append({"query": halfwidth(f"{fake.last_kana_name()}{act}(カ"),
                     "kind": "organisation", "category": "ja_org_zengin",
                     "note": "faker ja_JP last_kana_name() + activity, Zengin style (KK after)"})
        rows.append({"query": f"{fake.last_name()}{act}株式会社", "kind": "organisation",
                     "category": "ja_org_loanword",
                     "note": "faker ja_JP last_name() + activity + 株式会社"})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=20261202)
    a = ap.parse_args(argv)
    tuned = {r[0] for r in RENDERINGS}
    overlap = [e for e, *_ in PERSONS + ORGS if f"ofac:{e}" in tuned]
    if overlap:
        raise SystemExit(f"entities already in the tuning set: {overlap}")
    write(a.out / "ja_positives.csv", ja_positives(), POS_COLS)
    write(a.out / "ja_negatives.csv", ja_negatives(a.seed), NEG_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
