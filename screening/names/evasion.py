"""Names disguised with look-alike letters or invisible characters.

A word that mixes scripts (`Рrоmѕvуаzbаnk`: Latin with Cyrillic р, о, ѕ, у, а) is read in the
script of its other letters: the look-alikes of `screening/data/confusables_names.tsv` are folded
to Latin (or, in a mostly-Cyrillic word, Latin look-alikes to Cyrillic). Invisible characters
(`screening/data/invisible_chars.txt`: zero-width space, bidi controls, soft hyphen, ...) are
dropped. Both are reported, since writing a name so is a red flag in itself.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

LOOK_ALIKE = "look-alike letters of another script"
INVISIBLE = "invisible characters"

_LATIN = re.compile(r"[A-Za-z]")
_OTHER = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u0530-\u058f]")  # Greek, Cyrillic, Armenian
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters


def _data(name: str) -> list[str]:
    text = resources.files("screening.data").joinpath(name).read_text(encoding="utf-8")
    return [s for line in text.splitlines() if (s := line.split("#", 1)[0].strip())]


@cache
def _tables() -> tuple[dict[int, str], dict[int, str], re.Pattern[str]]:
    to_latin: dict[int, str] = {}
    to_cyrillic: dict[int, str] = {}
    for line in _data("confusables_names.tsv"):
        alike, latin = line.split("\t")[:2]
        to_latin[ord(alike)] = latin
        if _CYRILLIC.match(alike):
            to_cyrillic.setdefault(ord(latin), alike)
    ranges = []
    for line in _data("invisible_chars.txt"):
        first, _, last = line.partition("-")
        ranges.append(f"\\U{int(first, 16):08x}" + (f"-\\U{int(last, 16):08x}" if last else ""))
    return to_latin, to_cyrillic, re.compile(f"[{''.join(ranges)}]")


def _fold_word(word: str, to_latin: dict[int, str], to_cyrillic: dict[int, str]) -> str:
    """A mixed-script word in the script of its letters that have no look-alike."""
    latin_only = sum(1 for c in word if _LATIN.match(c) and ord(c) not in to_cyrillic)
    other_only = sum(1 for c in word if _OTHER.match(c) and ord(c) not in to_latin)
    if other_only > latin_only and all(_CYRILLIC.match(c) or not _OTHER.match(c) for c in word):
        return word.translate(to_cyrillic)
    return word.translate(to_latin)


def clean(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` (NFKC-normalised) with invisible characters dropped and mixed-script words
    folded to one script, and what was found (LOOK_ALIKE, INVISIBLE)."""
    if text.isascii():
        return text, ()
    to_latin, to_cyrillic, invisible = _tables()
    notes = []
    if invisible.search(text):
        text = invisible.sub("", text)
        notes.append(INVISIBLE)
    if _LATIN.search(text) and _OTHER.search(text):
        # a word of look-alikes only (`С.V.`, `РОРЕ`) in a name otherwise Latin is Latin too
        latin_name = all(ord(c) in to_latin for c in _OTHER.findall(text))

        def one(m: re.Match[str]) -> str:
            w = m.group()
            if _OTHER.search(w) and (_LATIN.search(w) or latin_name):
                return _fold_word(w, to_latin, to_cyrillic)
            return w

        folded = _WORD.sub(one, text)
        if folded != text:
            notes.append(LOOK_ALIKE)
            text = folded
    return text, tuple(notes)
