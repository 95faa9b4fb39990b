# ruff: noqa: E501  (the katakana table: wide characters count double)
"""Generate the Japanese and obfuscation case files in tests/cases/ (deterministic).

    python benchmarks/make_cases_ja.py [--ofac DIR] [--out DIR]

Writes, beside positives.csv / negatives.csv (same columns), and a hold-out third of each in
`holdout/` (by entity, never looked at while tuning):

- `ja_positives.csv`: katakana renderings of listed names (table `RENDERINGS` below) as Japanese
  payment data writes them: `katakana` (full-width, given name first, parts joined by ・ as the
  Japanese MOF list writes them), `katakana_short` (patronymic left out), `katakana_family_first`
  (family name first, full-width space), `katakana_halfwidth` (half-width katakana as Zengin
  domestic transfers carry it: no small kana, ｰ for the long vowel, family name first), and
  `kanji_org` (organisation names with Japanese organisation words: 銀行, 航空, 株式会社 ...).
- `ja_negatives.csv`: Japanese people and firms that must stay clean: the Japanese officials
  named in the seed articles (../shared/seeds/, in kanji, katakana and half-width), and names
  from Faker's ja_JP provider when Faker is installed (a benchmark-only dependency:
  `pip install faker`): kanji names, their katakana readings (full- and half-width),
  romanised names, and company names (kanji with 株式会社/有限会社, Zengin `ｶ)` forms).
- `obfuscation_positives.csv`: listed names (OFAC bench and built-in) written with look-alike
  letters of another script (Cyrillic or Greek for Latin: every one in a word, or one) or with
  an invisible character (zero-width space, soft hyphen, zero-width joiner, bidi marks) inside a
  word.

Sources of the katakana: each rendering in `RENDERINGS` is how Japanese government lists and
the Japanese press write the name (MOF style: given name, patronymic, family name, joined by
・). They were written by hand for this case set, following those conventions; no official
Japanese file is available offline here, so they are not copied from one.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_cases import DEFAULT_OFAC, read_ofac  # noqa: E402

OUT = ROOT / "tests" / "cases"
POS_COLS = ["query", "kind", "variation", "list_name", "list_kind", "entity_ref", "source"]
NEG_COLS = ["query", "kind", "category", "note"]
SRC = "ja-hand (katakana as Japanese lists and press write it; see make_cases_ja.py)"

# (OFAC ent_num or builtin:<name>, listed name, kind, katakana given-first, family index)
# family index: which ・-part is the family name (-1 last; None: no family-first variant)
RENDERINGS: list[tuple[str, str, str, str, int | None]] = [
    ("ofac:16666", "TIMCHENKO, Gennady", "person", "ゲンナジー・ニコラエヴィチ・ティムチェンコ", -1),
    ("ofac:16669", "ROTENBERG, Arkady", "person", "アルカジー・ロマノヴィチ・ローテンベルク", -1),
    ("ofac:16671", "ROTENBERG, Boris", "person", "ボリス・ロマノヴィチ・ローテンベルク", -1),
    ("ofac:24306", "VEKSELBERG, Viktor Feliksovich", "person",
     "ヴィクトル・フェリクソヴィチ・ヴェクセリベルグ", -1),
    ("ofac:16680", "KOVALCHUK, Yuri Valentinovich", "person",
     "ユーリー・ヴァレンチノヴィチ・コワリチュク", -1),
    ("ofac:21164", "KOVALCHUK, Kirill Mikhailovich", "person",
     "キリル・ミハイロヴィチ・コワリチュク", -1),
    ("ofac:16692", "SECHIN, Igor", "person", "イーゴリ・イワノヴィチ・セーチン", -1),
    ("ofac:24083", "MILLER, Alexey Borisovich", "person", "アレクセイ・ボリソヴィチ・ミレル", -1),
    ("ofac:16714", "VOLODIN, Vyacheslav", "person", "ヴャチェスラフ・ヴィクトロヴィチ・ヴォロージン", -1),
    ("ofac:16660", "MATVIYENKO, Valentina Ivanovna", "person",
     "ワレンチナ・イワノヴナ・マトヴィエンコ", -1),
    ("ofac:24309", "PATRUSHEV, Nikolai Platonovich", "person",
     "ニコライ・プラトノヴィチ・パトルシェフ", -1),
    ("ofac:31126", "BORTNIKOV, Aleksandr Vasilievich", "person",
     "アレクサンドル・ワシリエヴィチ・ボルトニコフ", -1),
    ("ofac:16691", "NARYSHKIN, Sergey Yevgenyevich", "person",
     "セルゲイ・エヴゲニエヴィチ・ナルイシキン", -1),
    ("ofac:24326", "ZOLOTOV, Viktor Vasiliyevich", "person",
     "ヴィクトル・ワシリエヴィチ・ゾロトフ", -1),
    ("ofac:16655", "SURKOV, Vladislav Yurievich", "person", "ウラジスラフ・ユリエヴィチ・スルコフ", -1),
    ("ofac:24063", "KOSTIN, Andrey Leonidovich", "person", "アンドレイ・レオニドヴィチ・コスチン", -1),
    ("ofac:24184", "SHAMALOV, Kirill Nikolaevich", "person", "キリル・ニコラエヴィチ・シャマロフ", -1),
    ("ofac:24325", "KERIMOV, Suleiman Abusaidovich", "person",
     "スレイマン・アブサイドヴィチ・ケリモフ", -1),
    ("ofac:21171", "PRIGOZHIN, Yevgeniy Viktorovich", "person",
     "エフゲニー・ヴィクトロヴィチ・プリゴジン", -1),
    ("ofac:16667", "YAKUNIN, Vladimir Ivanovich", "person", "ウラジーミル・イワノヴィチ・ヤクーニン", -1),
    ("ofac:16685", "CHEMEZOV, Sergei", "person", "セルゲイ・ヴィクトロヴィチ・チェメゾフ", -1),
    ("ofac:16662", "SLUTSKY, Leonid", "person", "レオニード・エドゥアルドヴィチ・スルツキー", -1),
    ("ofac:16670", "MIRONOV, Sergei Mikhailovich", "person", "セルゲイ・ミハイロヴィチ・ミロノフ", -1),
    ("ofac:24319", "KOLOKOLTSEV, Vladimir Alexandrovich", "person",
     "ウラジーミル・アレクサンドロヴィチ・コロコリツェフ", -1),
    ("ofac:16641", "YANUKOVYCH, Viktor Fedorovych", "person",
     "ヴィクトル・フョードロヴィチ・ヤヌコーヴィチ", -1),
    ("ofac:16762", "AZAROV, Mykola Yanovych", "person", "ミコラ・ヤノヴィチ・アザロフ", -1),
    ("ofac:16642", "AKSYONOV, Sergey Valeryevich", "person",
     "セルゲイ・ワレリエヴィチ・アクショーノフ", -1),
    ("ofac:16958", "PUSHILIN, Denis", "person", "デニス・ウラジーミロヴィチ・プシーリン", -1),
    ("ofac:22409", "PASECHNIK, Leonid Ivanovich", "person", "レオニード・イワノヴィチ・パセチニク", -1),
    ("ofac:22544", "UTKIN, Dmitriy Valeryevich", "person", "ドミトリー・ワレリエヴィチ・ウトキン", -1),
    ("ofac:16601", "ZAKHARCHENKO, Vitaliy Yuriyovych", "person",
     "ヴィタリー・ユーリエヴィチ・ザハルチェンコ", -1),
    ("ofac:26443", "MEDVEDEV, Gennadiy", "person", "ゲンナジー・メドヴェージェフ", -1),
    ("ofac:9797", "LUKASHENKA, Viktar Aliaksandravich", "person",
     "ヴィクトル・アレクサンドロヴィチ・ルカシェンコ", -1),
    ("ofac:31915", "KATSUBA, Sviatlana Piatrowna", "person", "スヴェトラーナ・カツバ", -1),
    ("ofac:24316", "AKIMOV, Andrey Igorevich", "person", "アンドレイ・イーゴレヴィチ・アキモフ", -1),
    ("ofac:20157", "KIM, Jong Un", "person", "キム・ジョンウン", None),
    ("ofac:12735", "AL-ASSAD, Bashar", "person", "バッシャール・アル・アサド", None),
    ("ofac:26945", "KHAMENEI, Ali Husseini", "person", "アリー・ホセイニー・ハメネイ", -1),
    ("ofac:27848", "KHAMENEI, Mojtaba", "person", "モジタバ・ハメネイ", -1),
    ("ofac:10481", "SOLEIMANI, Qasem", "person", "ガーセム・ソレイマーニー", -1),
    ("ofac:22790", "MADURO MOROS, Nicolas", "person", "ニコラス・マドゥロ・モロス", None),
    ("ofac:2686", "NASRALLAH, Hasan", "person", "ハサン・ナスララ", -1),
    ("ofac:6365", "BIN LADIN, Usama bin Muhammad bin Awad", "person", "ウサマ・ビン・ラディン", None),
    ("ofac:4695", "HAMAS", "organisation", "ハマス", None),
    ("ofac:16911", "KALASHNIKOV CONCERN", "organisation", "カラシニコフ・コンツェルン", None),
    ("ofac:16885", "URALVAGONZAVOD", "organisation", "ウラルヴァゴンザヴォード", None),
    ("ofac:12927", "MAHAN AIR", "organisation", "マハン航空", None),
    ("ofac:12863", "BELSHINA OAO", "organisation", "ベルシナ", None),
    ("ofac:12861", "GRODNO AZOT OAO", "organisation", "グロドノ・アゾト", None),
    ("ofac:12860", "NAFTAN OAO", "organisation", "ナフタン", None),
    ("ofac:22543", "PRIVATE MILITARY COMPANY 'WAGNER'", "organisation", "民間軍事会社ワグネル", None),
    ("ofac:18782", "ROSOBORONEKSPORT OAO", "organisation", "ロスオボロンエクスポルト", None),
    ("ofac:16865", "JOINT-STOCK COMPANY CONCERN ALMAZ-ANTEY", "organisation",
     "アルマズ・アンテイ", None),
    ("ofac:16886", "UNITED SHIPBUILDING CORPORATION", "organisation",
     "ユナイテッド・シップビルディング・コーポレーション", None),
    ("ofac:10391", "ISLAMIC REVOLUTIONARY GUARD CORPS", "organisation", "イスラム革命防衛隊", None),
    ("ofac:4691", "AUM SHINRIKYO", "organisation", "オウム真理教", None),
    ("builtin:VTB Bank", "VTB Bank", "organisation", "VTB銀行", None),
    ("builtin:Otkritie FC Bank", "Otkritie FC Bank", "organisation", "オトクリチエ銀行", None),
    ("ofac:16681", "BANK ROSSIYA", "organisation", "ロシヤ銀行", None),
    ("builtin:Sovcombank", "Sovcombank", "organisation", "ソフコムバンク株式会社", None),
]

# Japanese officials named in the seed articles (kanji, katakana reading): must stay clean
SEED_PEOPLE = [
    ("岸田文雄", "キシダ フミオ", "Fumio Kishida", "seeds/000, 001, 002"),
    ("松野博一", "マツノ ヒロカズ", "Hirokazu Matsuno", "seeds/003"),
    ("鈴木俊一", "スズキ シュンイチ", "Shunichi Suzuki", "seeds/000, 003"),
    ("林芳正", "ハヤシ ヨシマサ", "Yoshimasa Hayashi", "seeds/001"),
    ("市川恵一", "イチカワ ケイイチ", "Keiichi Ichikawa", "seeds/003"),
    ("増田和夫", "マスダ カズオ", "Kazuo Masuda", "seeds/003"),
]

_SMALL = str.maketrans("ァィゥェォャュョッヮ", "アイウエオヤユヨツワ")


def halfwidth(text: str) -> str:
    """Zengin style: half-width katakana, no small kana, spaces between parts."""
    text = text.translate(_SMALL).replace("・", " ").replace("\u3000", " ")
    out = []
    for ch in text:
        # NFKC maps half-width to full-width; invert it for katakana (and voiced marks)
        base = unicodedata.normalize("NFD", ch)
        hw = _HALF.get(base[0], base[0])
        if len(base) > 1:
            hw += {"\u3099": "ﾞ", "\u309a": "ﾟ"}.get(base[1], "")
        out.append(hw)
    return "".join(out)


_HALF = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF61, 0xFFA0)
         if len(unicodedata.normalize("NFKC", chr(c))) == 1}
_HALF["ー"] = "ｰ"


_PATRONYMIC = ("ヴィチ", "ヴナ", "ヴィッチ")


def family_first(kana: str, fam: int) -> str:
    """Family name first, then the given name (patronymic left out), full-width space."""
    parts = kana.split("・")
    family = parts.pop(fam)
    given = [p for p in parts if not p.endswith(_PATRONYMIC)]
    return family + "\u3000" + " ".join(given)


def short(kana: str) -> str | None:
    """The name without its patronymic (a middle part ending -ヴィチ/-ヴナ), if it has one."""
    parts = kana.split("・")
    kept = [p for i, p in enumerate(parts)
            if not (0 < i < len(parts) - 1 and p.endswith(_PATRONYMIC))]
    return "・".join(kept) if len(kept) < len(parts) else None


def ja_positives() -> tuple[list[dict], list[dict]]:
    tune: list[dict] = []
    hold: list[dict] = []
    for n, (ref, name, kind, kana, fam) in enumerate(RENDERINGS):
        rows = []

        def add(q: str, var: str, ref=ref, name=name, kind=kind, rows=rows) -> None:
            list_kind = "person" if kind == "person" else "organisation"
            rows.append({"query": q, "kind": kind, "variation": var, "list_name": name,
                         "list_kind": list_kind, "entity_ref": ref, "source": SRC})

        if kind == "person":
            add(kana, "katakana")
            s = short(kana)
            if s:
                add(s, "katakana_short")
            if fam is not None:
                add(family_first(kana, fam), "katakana_family_first")
                add(halfwidth(family_first(kana, fam)), "katakana_halfwidth")
            else:
                add(halfwidth(kana), "katakana_halfwidth")
        else:
            has_kanji = any("\u4e00" <= c <= "\u9fff" for c in kana)
            add(kana, "kanji_org" if has_kanji else "katakana")
            if not has_kanji:
                add(halfwidth(kana), "katakana_halfwidth")
        (hold if n % 3 == 2 else tune).extend(rows)
    return tune, hold


def ja_negatives(seed: int) -> tuple[list[dict], list[dict]]:
    rows: list[dict] = []
    for kanji, kana, latin, src in SEED_PEOPLE:
        note = f"{latin} ({src})"
        rows.append({"query": kanji, "kind": "person", "category": "ja_seed_kanji", "note": note})
        rows.append({"query": kana, "kind": "person", "category": "ja_seed_kana", "note": note})
        rows.append({"query": halfwidth(kana), "kind": "person", "category": "ja_seed_halfwidth",
                     "note": note})
    try:
        from faker import Faker
    except ImportError:
        print("faker not installed: Japanese negatives from the seeds only", file=sys.stderr)
        return rows, []
    fake = Faker("ja_JP")
    fake.seed_instance(seed)
    for _ in range(150):
        rows.append({"query": fake.name(), "kind": "person", "category": "ja_person_kanji",
                     "note": "faker ja_JP name()"})
        kana = fake.kana_name()
        rows.append({"query": kana, "kind": "person", "category": "ja_person_kana",
                     "note": "faker ja_JP kana_name()"})
        rows.append({"query": halfwidth(fake.kana_name()), "kind": "person",
                     "category": "ja_person_halfwidth", "note": "faker ja_JP kana_name()"})
        rows.append({"query": fake.romanized_name(), "kind": "person",
                     "category": "ja_person_romaji", "note": "faker ja_JP romanized_name()"})
        rows.append({"query": fake.company(), "kind": "organisation", "category": "ja_org_kanji",
                     "note": "faker ja_JP company()"})
        fam = fake.last_kana_name()
        rows.append({"query": halfwidth(f"カ){fam}{fake.random_element(_ZENGIN_ACT)}"),
                     "kind": "organisation", "category": "ja_org_zengin",
                     "note": "faker ja_JP last_kana_name() + activity, Zengin style"})
    # a third (every third row) is held out
    tune = [r for i, r in enumerate(rows) if i % 3 != 2]
    hold = [r for i, r in enumerate(rows) if i % 3 == 2]
    return tune, hold


_ZENGIN_ACT = ["ショウジ", "デンキ", "コウギョウ", "ケンセツ", "ウンユ", "ショクヒン", "セイサクショ",
               "トレーディング", "ロジスティクス", "サンギョウ"]

# look-alikes for the obfuscation cases (a subset of screening/data/confusables_names.tsv;
# the generator keeps its own copy so the cases do not follow the table)
CYR = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
       "s": "ѕ", "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М",
       "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У"}
GRK = {"o": "ο", "v": "ν", "i": "ι", "A": "Α", "B": "Β", "E": "Ε", "H": "Η", "I": "Ι",
       "K": "Κ", "M": "Μ", "N": "Ν", "O": "Ο", "P": "Ρ", "T": "Τ", "X": "Χ", "Z": "Ζ"}
INVISIBLE = ["\u200b", "\u00ad", "\u200d", "\u200e", "\u2060", "\ufeff", "\u202e"]


def obfuscate(rng: Random, name: str, how: str) -> str | None:
    words = name.split()
    cands = [i for i, w in enumerate(words) if len(w) >= 4]
    if not cands:
        return None
    i = rng.choice(cands)
    w = words[i]
    if how in ("lookalike_all", "lookalike_one", "lookalike_greek"):
        table = GRK if how == "lookalike_greek" else CYR
        pos = [k for k, ch in enumerate(w) if ch in table]
        if not pos:
            return None
        if how == "lookalike_one":
            pos = [rng.choice(pos)]
        chars = list(w)
        for k in pos:
            chars[k] = table[chars[k]]
        words[i] = "".join(chars)
    else:  # invisible
        k = rng.randrange(1, len(w))
        words[i] = w[:k] + rng.choice(INVISIBLE) + w[k:]
    return " ".join(words)


def obfuscation_positives(ofac: Path, seed: int) -> tuple[list[dict], list[dict]]:
    rng = Random(seed)
    names = [n for n in read_ofac(ofac) if n.primary]
    names.sort(key=lambda n: int(n.ent))
    rng.shuffle(names)
    builtin = [("builtin:Promsvyazbank", "Promsvyazbank", "organisation"),
               ("builtin:Vladimir Putin", "Vladimir Putin", "person"),
               ("builtin:VTB Bank", "VTB Bank", "organisation"),
               ("builtin:Sovcombank", "Sovcombank", "organisation"),
               ("builtin:Novikombank", "Novikombank", "organisation")]
    picked = [(f"ofac:{n.ent}", n.name, n.kind) for n in names[:120]] + builtin
    rows = []
    hows = ["lookalike_all", "lookalike_one", "lookalike_greek", "invisible"]
    for n, (ref, name, kind) in enumerate(picked):
        how = hows[n % len(hows)]
        q = obfuscate(rng, name, how)
        if q is None or q == name:
            continue
        rows.append({"query": q, "kind": kind, "variation": how, "list_name": name,
                     "list_kind": kind, "entity_ref": ref,
                     "source": "ofac-bench:sdn.csv" if ref.startswith("ofac") else "builtin"})
    tune = [r for i, r in enumerate(rows) if i % 3 != 2]
    hold = [r for i, r in enumerate(rows) if i % 3 == 2]
    return tune, hold


def write(path: Path, rows: list[dict], cols: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{path}: {len(rows)} rows")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ofac", type=Path, default=DEFAULT_OFAC)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=20220308)
    a = ap.parse_args(argv)
    pt, ph = ja_positives()
    nt, nh = ja_negatives(a.seed)
    ot, oh = obfuscation_positives(a.ofac, a.seed)
    write(a.out / "ja_positives.csv", pt, POS_COLS)
    write(a.out / "holdout" / "ja_positives.csv", ph, POS_COLS)
    write(a.out / "ja_negatives.csv", nt, NEG_COLS)
    write(a.out / "holdout" / "ja_negatives.csv", nh, NEG_COLS)
    write(a.out / "obfuscation_positives.csv", ot, POS_COLS)
    write(a.out / "holdout" / "obfuscation_positives.csv", oh, POS_COLS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
