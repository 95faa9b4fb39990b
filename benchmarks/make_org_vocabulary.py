"""The English words of listed organisation names, and the Japanese vocabulary that renders
them (`screening/data/japanese_org_vocabulary.toml`, read by `screening/names/kanji_orgs.py`).

    python benchmarks/make_org_vocabulary.py [--write] [--min-names N] [--show N]

1. Counts, for every word (ASCII letters, lower case), the organisation entities of the official
   lists in `../shared/data/` whose names hold it: OFAC (bench: sdn.csv + alt.csv), the UN
   consolidated list, the EU and UK list excerpts (every organisation, vessel and aircraft
   left out; each entity counted once per word).
2. Reads the vocabulary (English word -> Japanese words that render it). The table is written by
   hand: for each English content word of those names (legal forms, proper names and
   non-English words left out), its usual Japanese equivalents as general dictionaries give
   them (JMdict, Electronic Dictionary Research and Development Group,
   https://www.edrdg.org/jmdict/j_jmdict.html, CC BY-SA 4.0) and as Japanese government notices
   and the press write organisation names. A Japanese word of one kanji is kept only when it is
   an organisation suffix (`SINGLE_KANJI`): single kanji (大, 東, 金, 新) would let Japanese and
   Korean proper names (大聖, 東海, 金剛) be read as words.
3. Prints how much of the listed names' word occurrences the vocabulary and the glossary cover,
   and the most frequent words not covered (for review: most are names and foreign words).
   With --write, rewrites the vocabulary file: entries sorted by how many listed organisations
   use the word (most first; a Japanese word's English renderings are tried in this order),
   each with that count as a comment; words no listed organisation name holds are dropped.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.lists import load_list  # noqa: E402

DATA = ROOT / "screening" / "data"
VOCAB = DATA / "japanese_org_vocabulary.toml"
SHARED = ROOT.parent / "shared" / "data"
SOURCES = ["ofac/bench", "un/consolidated-2026-02-27.xml", "eu/eu_fsf_excerpt_2026-08-05.xml",
           "uk/uk_sanctions_list_excerpt_2026-09-10.xml"]
SINGLE_KANJI = frozenset("局部軍隊党省庁室社港")
_WORD = re.compile(r"[a-z]+(?:'s)?")


def listed_word_counts(shared: Path = SHARED) -> Counter[str]:
    """word -> organisation entities of the official lists whose names hold it."""
    counts: Counter[str] = Counter()
    for src in SOURCES:
        for e in load_list(shared / src).entities:
            if e.kind.value in ("person", "vessel", "aircraft"):
                continue
            words: set[str] = set()
            for n in e.names:
                if n.value.isascii():
                    words |= set(_WORD.findall(n.value.lower()))
            counts.update(words)
    return counts


def read_vocabulary() -> dict[str, list[str]]:
    return tomllib.loads(VOCAB.read_text("utf-8"))["vocabulary"]


def write_vocabulary(vocab: dict[str, list[str]], counts: Counter[str]) -> None:
    text = VOCAB.read_text("utf-8")
    head = text[: text.index("[vocabulary]")]
    def count(w: str) -> int:  # a phrase: its rarest word
        return min(counts[x] for x in w.split())

    order = sorted(vocab, key=lambda w: (-count(w), w))
    lines = ["[vocabulary]"]
    for w in order:
        if not count(w):
            continue  # a word no listed organisation name holds cannot help a match
        jp = [j for j in dict.fromkeys(vocab[w]) if len(j) > 1 or j in SINGLE_KANJI]
        if jp:
            key = f'"{w}"'
            lines.append(f"{key} = [{', '.join(f'{j!r}'.replace(chr(39), chr(34)) for j in jp)}]"
                         f"  # {count(w)}")
    VOCAB.write_text(head + "\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the vocabulary file, sorted")
    ap.add_argument("--min-names", type=int, default=3)
    ap.add_argument("--show", type=int, default=80)
    a = ap.parse_args(argv)
    counts = listed_word_counts()
    vocab = read_vocabulary()
    glossary = tomllib.loads((DATA / "japanese_org_glossary.toml").read_text("utf-8"))
    covered = {w for ws in vocab for w in ws.split()}
    for sec in ("places", "words"):
        for renderings in glossary[sec].values():
            covered |= {w for r in renderings for w in r.split()}
    frequent = {w: k for w, k in counts.items() if k >= a.min_names and len(w) > 2}
    occ = sum(frequent.values())
    cov = sum(k for w, k in frequent.items() if w in covered)
    print(f"words in >= {a.min_names} listed organisations: {len(frequent)}; "
          f"with a Japanese rendering: {sum(w in covered for w in frequent)} "
          f"({cov / occ:.1%} of their occurrences)")
    unused = sorted(w for w in vocab if not all(counts[x] for x in w.split()))
    print(f"vocabulary: {len(vocab)} English words; in no listed organisation name: {unused}")
    missing = sorted((w for w in frequent if w not in covered), key=lambda w: -frequent[w])
    print(f"most frequent words without one (names, foreign words): "
          f"{' '.join(missing[:a.show])}")
    if a.write:
        write_vocabulary(vocab, counts)
        print(f"wrote {VOCAB.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
