"""Loads the name-matching knowledge tables shipped in `screening/data/` (once, cached)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import itemgetter


def _text(name: str) -> str:
    return resources.files("screening.data").joinpath(name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    out = []
    for line in _text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@dataclass(frozen=True)
class Knowledge:
    characters: dict[str, str]
    # fold rules in order: a compiled pattern, or a plain string (replaced as such: faster);
    # the replacement, or the function giving it (see `_replacement`)
    folds: tuple[tuple[re.Pattern[str] | str, str | Callable[[re.Match[str]], str | None]], ...]
    legal_forms: dict[tuple[str, ...], str]  # variant phrase (tokens) -> canonical form
    legal_form_max_len: int
    # legal forms of three or more words ("S.A. de C.V.", "Public Joint Stock Company"): no
    # person's name ends so, and their letters would read as initials; stripped from persons too
    long_legal_forms: dict[tuple[str, ...], str]
    legal_form_fuzzy: tuple[str, ...]  # long legal-form words recognised despite a typo
    # legal forms of two or more words (9+ letters), by word count, recognised despite a typo
    legal_form_fuzzy_phrases: dict[int, tuple[str, ...]]
    honorifics: frozenset[tuple[str, ...]]
    honorific_fuzzy: tuple[str, ...]  # one-word honorifics long enough (7+ letters) to spot
    # despite a typo
    generic_words: frozenset[str]
    given_names: dict[str, str]  # spelling -> canonical spelling (single-token spellings)
    org_stopwords: frozenset[str]  # function words dropped from organisation names
    org_abbreviations: dict[str, str]  # abbreviation -> word, in organisation names


def _replacement(repl: str) -> str | Callable[[re.Match[str]], str | None]:
    """A replacement that is one group of the match (`\\1`) as `itemgetter(1)`: the same text
    (a group that took no part is replaced by nothing either way), without the Python code
    that expands a template at every match (`([a-z])\\1+` matches often)."""
    m = re.fullmatch(r"\\([1-9])", repl)
    return itemgetter(int(m.group(1))) if m else repl


@cache
def knowledge() -> Knowledge:
    """The knowledge tables, parsed and compiled once per process."""
    tr = tomllib.loads(_text("transliteration.toml"))
    # multi-line mode: the folder may run the rules over many tokens joined by line breaks
    folds = tuple((f["pattern"] if re.escape(f["pattern"]) == f["pattern"]
                   and "\\" not in f["replace"] else re.compile(f["pattern"], re.M),
                   _replacement(f["replace"])) for f in tr["fold"])
    lf_file = tomllib.loads(_text("legal_forms.toml"))
    legal: dict[tuple[str, ...], str] = {}
    for canon, variants in lf_file["forms"].items():
        for v in [canon, *variants]:
            legal[tuple(v.split())] = canon
    given: dict[str, str] = {}
    for group in tomllib.loads(_text("given_names.toml"))["groups"]:
        canon = group[0]
        for v in group:
            if " " not in v:
                given.setdefault(v, canon)
    org = tomllib.loads(_text("org_words.toml"))
    return Knowledge(
        characters=tr["characters"],
        folds=folds,
        legal_forms=legal,
        legal_form_max_len=max(len(k) for k in legal),
        long_legal_forms={k: v for k, v in legal.items() if len(k) >= 3},
        legal_form_fuzzy=tuple(lf_file["fuzzy"]["words"]),
        legal_form_fuzzy_phrases={n: tuple(sorted(
            " ".join(k) for k in legal if len(k) == n and len("".join(k)) >= 9))
            for n in range(2, max(len(k) for k in legal) + 1)},
        honorifics=frozenset(tuple(h.split()) for h in _lines("honorifics.txt")),
        honorific_fuzzy=tuple(h for h in _lines("honorifics.txt") if " " not in h and len(h) >= 7),
        generic_words=frozenset(_lines("generic_words.txt")),
        given_names=given,
        org_stopwords=frozenset(org["stopwords"]),
        org_abbreviations=dict(org["abbreviations"]),
    )
