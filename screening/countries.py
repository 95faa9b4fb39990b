"""Country names and codes: reads `screening/data/countries.toml` once and turns what a record
gives ("RU", "ru", "RUS", "Russia", "Russian Federation", "Россия", "ロシア") into the ISO 3166
alpha-2 code that rules compare with.

A value that is not a known code or name, or that is ambiguous ("Korea", "Congo"), raises
ValueError saying so: the caller reports the field as unreadable (fail closed), it never guesses.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

NAME_LANGUAGES = ("en", "ru", "be", "uk", "ja")
"""The keys of a country entry that hold names, in the data file's order."""

_WORD = re.compile(r"\w+")


def key(text: str) -> str:
    """The lookup key of a country code or name: case, accents, spaces and punctuation ignored,
    a leading "the" dropped, "&" read as "and" and "St" as "Saint"."""
    s = unicodedata.normalize("NFKD", text.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    words = _WORD.findall(s.replace("&", " and ").replace(".", ""))
    if len(words) > 1:  # a one-word value is a code or a name as it stands ("ST" is a code)
        if words[0] == "the":
            words = words[1:]
        words = ["saint" if w == "st" else w for w in words]
    return "".join(words)


@dataclass(frozen=True)
class Country:
    """One country of the data file."""

    alpha2: str
    alpha3: str | None
    names: tuple[str, ...]  # English names first (the ISO short name first of all)

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Countries:
    """The parsed data file: countries by alpha-2 code, and every lookup key."""

    by_code: dict[str, Country]
    lookup: dict[str, str]  # key -> alpha-2
    ambiguous: dict[str, str]  # key -> why it is not read


@cache
def countries() -> Countries:
    """The country table, parsed and checked once per process. A name given for two countries,
    or both for a country and as ambiguous, is an error in the data file (ValueError)."""
    text = resources.files("screening.data").joinpath("countries.toml").read_text("utf-8")
    data = tomllib.loads(text)
    by_code: dict[str, Country] = {}
    lookup: dict[str, str] = {}
    problems: list[str] = []

    def claim(k: str, code: str, what: str) -> None:
        if not k:
            problems.append(f"{code}: {what!r} has no letters")
        elif lookup.setdefault(k, code) != code:
            problems.append(f"{what!r} is given for both {lookup[k]} and {code}")

    for code, entry in data["countries"].items():
        if not re.fullmatch(r"[A-Z]{2}", code):
            problems.append(f"{code!r} is not an alpha-2 code")
        names = tuple(n for lang in NAME_LANGUAGES for n in entry.get(lang, ()))
        alpha3 = entry.get("alpha3")
        by_code[code] = Country(alpha2=code, alpha3=alpha3, names=names)
        claim(key(code), code, code)
        if alpha3 is not None:
            claim(key(alpha3), code, alpha3)
        for n in names:
            claim(key(n), code, n)
    ambiguous = {key(n): f"{n!r} is ambiguous: {why}" for n, why in data["ambiguous"].items()}
    problems += [f"{k!r} is both ambiguous and a name of {lookup[k]}"
                 for k in ambiguous if k in lookup]
    if problems:
        raise ValueError("screening/data/countries.toml: " + "; ".join(problems))
    return Countries(by_code=by_code, lookup=lookup, ambiguous=ambiguous)


@lru_cache(maxsize=4096)
def to_alpha2(text: str) -> str:
    """The ISO 3166 alpha-2 code for a code or name; ValueError (saying why) when the value is
    not a country in the table or could be more than one. (Cached: files repeat countries.)"""
    table = countries()
    k = key(text)
    code = table.lookup.get(k)
    if code is not None:
        return code
    if k in table.ambiguous:
        raise ValueError(f"{table.ambiguous[k]}; write the ISO 3166 alpha-2 code")
    raise ValueError(f"{text.strip()!r} is not a country this tool can read; write the ISO 3166 "
                     "alpha-2 code (e.g. RU), the alpha-3 code (RUS) or the English name")


def is_code(code: str) -> bool:
    """True if `code` is an alpha-2 code of the table (exactly, upper case)."""
    return code in countries().by_code


def name_of(code: str) -> str:
    """The English name of an alpha-2 code (the code itself if unknown)."""
    c = countries().by_code.get(code)
    return c.name if c else code
