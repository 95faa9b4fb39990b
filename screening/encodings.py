"""Which encoding a CSV file is in, told from its first megabyte, failing closed: UTF-8 unless
the file is plainly in a legacy encoding (Windows-1251, Shift_JIS, Windows-1252), so that a few
stray bytes never turn readable names into mojibake (they make their rows ERROR rows instead)."""

from __future__ import annotations

import codecs
import re


def _cyrillic_plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are Cyrillic letters in all-Cyrillic words of two
    or more letters (`Mьller` is Windows-1252 read as 1251; symbols such as `±¶` inside text,
    and lone letters from stray bytes, are implausible)."""
    good = sum(len(w) for w in re.findall(r"[^\W\d_]{2,}", text)
               if all("\u0400" <= c <= "\u04ff" for c in w))
    total = sum(1 for c in text if ord(c) > 127)
    return good / total if total else 0.0


_ACCENTED = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ")


_TYPOGRAPHIC = frozenset("«»‘’‚“”„–—…•€£¥°§©®™\u00a0")
LATIN_MIN_LETTERS = 4
"""Windows-1252 needs at least this many accented letters inside Latin words as evidence."""


def _latin_plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are common accented Latin letters inside Latin
    words (`Müller`, `José`) or typographic marks (« » “ ” – € ...) not wedged between two
    letters (`Pu€€tin` is stray bytes, `don’t` is fine): what Windows-1252 text looks like.
    0 with fewer than LATIN_MIN_LETTERS accented letters (marks alone are no evidence)."""
    letters = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if not word.isascii() and any(c.isascii() for c in word):
            letters += sum(1 for c in word if c in _ACCENTED)
    if letters < LATIN_MIN_LETTERS:
        return 0.0
    marks = 0
    for i, c in enumerate(text):
        if c in _TYPOGRAPHIC:
            wedged = (0 < i < len(text) - 1 and text[i - 1].isalpha()
                      and text[i + 1].isalpha() and c != "’")
            marks += not wedged
    total = sum(1 for c in text if ord(c) > 127)
    return (letters + marks) / total if total else 0.0


_FULL_RUN = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]{2,}")
_HALF_RUN = re.compile(r"[\uff61-\uff9f]{2,}")


def _japanese_share(text: str) -> tuple[float, float]:
    """(full-width Japanese share, half-width katakana share) of the non-ASCII characters,
    counting runs of two or more (a name; not a lone character from a stray byte)."""
    total = sum(1 for c in text if ord(c) > 127)
    if not total:
        return 0.0, 0.0
    full = sum(len(r) for r in _FULL_RUN.findall(text))
    half = sum(len(r) for r in _HALF_RUN.findall(text))
    return full / total, half / total


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_ESCAPED = re.compile(r"[\udc80-\udcff]")
LEGACY_MIN_BYTES = 8
"""A legacy encoding needs at least this many non-ASCII bytes as evidence (a short legacy
file is read as UTF-8: its rows are ERRORs asking for --encoding)."""


def utf8_profile(sample: bytes, complete: bool) -> tuple[int, int, int]:
    """`sample` read as UTF-8: (valid non-ASCII characters, those of them in runs of two or more
    non-ASCII characters free of undecodable bytes, undecodable bytes). Real UTF-8 text has
    clean runs (whole words); legacy text that happens to form a UTF-8 sequence has it amid
    undecodable bytes, or alone (Windows-1251 `Её` is one valid UTF-8 character).
    A character cut at the end of an incomplete sample is not counted as undecodable."""
    text = sample.decode("utf-8", "surrogateescape")
    if not complete:
        cut = len(text) - len(text.rstrip("".join(chr(c) for c in range(0xDC80, 0xDD00))))
        if 0 < cut <= 3 and sample[-cut] >= 0xC0:  # the last bytes start a character
            text = text[:-cut]
    valid = clean = bad = 0
    for run in _NON_ASCII_RUN.findall(text):
        b = len(_ESCAPED.findall(run))
        bad += b
        valid += len(run) - b
        if not b and len(run) > 1:
            clean += len(run)
    return valid, clean, bad


def _plain_utf8(sample: bytes, complete: bool) -> bool:
    """The sample decodes as UTF-8 (but for a character cut at the end of an incomplete
    sample): `utf8_profile` would find no undecodable byte."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _legacy(sample: bytes, complete: bool) -> tuple[str, str] | None:
    """The legacy encoding the sample plainly is in (with why), or None."""
    if len(sample.translate(None, bytes(range(128)))) < LEGACY_MIN_BYTES:
        return None
    cyr_text = sample.decode("cp1251", "replace")
    cyr = _cyrillic_plausibility(cyr_text)
    try:
        jp_text = sample.decode("cp932")
        jp_ok = True
    except UnicodeDecodeError as exc:
        jp_ok = not complete and exc.start >= len(sample) - 1
        jp_text = sample.decode("cp932", "replace")
    full, half = _japanese_share(jp_text) if jp_ok else (0.0, 0.0)
    if cyr >= 0.9 and full < 0.5:
        return "cp1251", "reads as Cyrillic"
    if full + half >= 0.9:
        return "cp932", "reads as Japanese"
    if cyr >= 0.6 and cyr >= full + half:
        return "cp1251", "reads as Cyrillic"
    if full + half >= 0.6:
        return "cp932", "reads as Japanese"
    if _latin_plausibility(sample.decode("cp1252", "replace")) >= 0.9:
        return "cp1252", "reads as accented Latin letters"
    return None


def detect(sample: bytes, complete: bool) -> tuple[str, str]:
    """(encoding, why) for a sample of the file. UTF-8 (with or without BOM) when the sample is
    UTF-8, or mostly UTF-8 (at least as many characters in clean UTF-8 words as undecodable
    bytes: rows holding those bytes become ERROR rows, and readable names are never turned
    into mojibake); a legacy encoding (Windows-1251, Shift_JIS, Windows-1252) only when the
    sample is plainly not UTF-8 (no clean UTF-8 word, under one valid UTF-8 character for two
    undecodable bytes) and reads as plausible text in it; otherwise UTF-8."""
    where = "the file" if complete else "the first megabyte"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "detected: UTF-8 byte-order mark"
    if _plain_utf8(sample, complete):  # (what utf8_profile says, sooner: no undecodable byte)
        return "utf-8", f"detected: {where} is valid UTF-8"
    valid, clean, bad = utf8_profile(sample, complete)
    if not bad:
        return "utf-8", f"detected: {where} is valid UTF-8"
    if clean >= bad:
        return "utf-8", (f"detected: {where} is mostly UTF-8 ({bad:,} undecodable bytes: "
                         "their rows are ERROR)")
    if not clean and valid * 2 < bad:  # a clean UTF-8 word would be garbled by a legacy read
        legacy = _legacy(sample, complete)
        if legacy:
            return legacy[0], f"detected: {where} is not UTF-8 and {legacy[1]}"
    return "utf-8", (f"detected: {where} is neither plainly UTF-8 nor a known legacy "
                     f"encoding ({bad:,} undecodable bytes): read as UTF-8, their rows are "
                     "ERROR; give --encoding")


def detect_encoding(sample: bytes, complete: bool) -> str:
    """The encoding `detect` picks."""
    return detect(sample, complete)[0]
