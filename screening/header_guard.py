"""Refuse to screen a file with a party column nobody mapped (fail closed).

A bank export with `Payee Name`, `Payer`, `Payer BIC` and `Corr BIC` columns, mapped only for
`beneficiary_name`, would otherwise be screened on one party and the other names and BICs
would pass unread. Every header column that is not mapped to a record field is checked against
the header words in `screening/data/party_headers.toml` (English, Japanese, Russian); one that
looks like a party, bank identifier, country or HS-code column stops the run, naming the column
and the `--map` that would read it, unless `--ignore-column` names it as deliberate.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from screening.mapping import ColumnMap, InputError
from screening.records import RecordKind

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


@dataclass(frozen=True)
class _Words:
    en: frozenset[str]
    other: tuple[str, ...]  # Japanese and Russian: matched as substrings


@dataclass(frozen=True)
class HeaderWords:
    roles: dict[str, _Words]
    categories: dict[str, _Words]
    exclude: _Words
    fields: dict[str, dict[str, tuple[str, ...]]]  # record kind -> "role.what" -> fields

    def fields_for(self, kind: RecordKind, role: str | None, category: str) -> tuple[str, ...]:
        """The record fields that would read a column of `role` holding `category`."""
        table = self.fields.get(str(kind), {})
        return table.get(f"{role}.{category}") or table.get(f"*.{category}") or ()


def _words(table: dict[str, list[str]]) -> _Words:
    return _Words(frozenset(w.casefold() for w in table.get("en", [])),
                  tuple(w.casefold() for w in (*table.get("ja", []), *table.get("ru", []))))


@cache
def header_words() -> HeaderWords:
    """The header-word tables (package data), loaded once."""
    text = resources.files("screening.data").joinpath("party_headers.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return HeaderWords(roles={k: _words(v) for k, v in data["roles"].items()},
                       categories={k: _words(v) for k, v in data["categories"].items()},
                       exclude=_words(data["exclude"]),
                       fields={k: {rc: tuple(f) for rc, f in v.items()}
                               for k, v in data["fields"].items()})


@dataclass(frozen=True)
class Suspect:
    """An unmapped column that looks like a party column, and what would read it."""

    column: str
    role: str | None
    category: str  # name, bic, bank, country or hs
    fields: tuple[str, ...]  # record fields that could read it (empty: none of this kind)

    def advice(self, kind: RecordKind, cmap: ColumnMap) -> str:
        col = self.column.replace("'", "'\\''")
        ignore = f"--ignore-column '{col}'"
        what = {"name": "a party name", "bic": "a bank identifier (BIC)", "bank": "a bank",
                "country": "a country", "hs": "an HS goods code"}[self.category]
        head = f"column {self.column!r} looks like {what}"
        if self.role:
            head += f" of the {self.role.replace('_', ' ')}"
        head += " but is not read"
        if not self.fields:
            return (f"{head}; a {kind} record has no field for it (map it with --map FIELD="
                    f"'{col}' if it is one, or {ignore} if it need not be screened)")
        taken = [(f, cmap.header[i]) for f, i in cmap.columns if f in self.fields]
        maps = " or ".join(f"--map {f}='{col}'" for f in self.fields)
        tail = ""
        if self.category == "bank":
            tail = " (only BICs are screened: map it if the column holds BICs)"
        if taken and len(taken) == len(self.fields):
            return (f"{head}; {', '.join(f'{f} is read from {h!r}' for f, h in taken)}: "
                    f"use {maps} instead, or {ignore}{tail}")
        return f"{head}; read it with {maps}, or say it is deliberate with {ignore}{tail}"


def _longest(text: str, tokens: set[str], phrase: str, tables: dict[str, _Words]
             ) -> str | None:
    """The key of the table whose word found in the header is longest, or None. English words
    match whole header words (a two-word entry matches the phrase); others match anywhere."""
    best, best_len = None, 0
    for key, words in tables.items():
        for w in words.en:
            found = f" {w} " in phrase if " " in w else w in tokens
            if found and len(w) > best_len:
                best, best_len = key, len(w)
        for w in words.other:
            if w in text and len(w) > best_len:
                best, best_len = key, len(w)
    return best


def classify(header: str) -> tuple[str | None, str] | None:
    """(role or None, category) if `header` looks like a party, BIC, bank, country or HS-code
    column, else None. Category `name` means a party name."""
    hw = header_words()
    text = " ".join(header.casefold().split())
    words = [w.casefold() for w in _WORD.findall(header)]
    tokens = set(words) | {a + b for a, b in zip(words, words[1:], strict=False)}
    phrase = f" {' '.join(words)} "
    role = _longest(text, tokens, phrase, hw.roles)
    # a BIC or HS code column stays one whatever else it names ("БИК банка получателя")
    category = next((c for c in ("hs", "bic", "country", "bank")
                     if _longest(text, tokens, phrase, {c: hw.categories[c]})), None)
    if role is None and category is None:
        return None
    if category not in ("bic", "hs"):
        ex = hw.exclude
        if tokens & ex.en or any(w in text for w in ex.other):
            return None
    return role, category or "name"


def find_unmapped(header: Sequence[str], cmap: ColumnMap, ignore: Iterable[str] = ()
                  ) -> list[Suspect]:
    """The header columns that look like party columns but are neither mapped nor ignored."""
    used = {i for _, i in cmap.columns}
    ignored = {h.strip().casefold() for h in ignore}
    hw = header_words()
    out = []
    for i, col in enumerate(header):
        if i in used or not col.strip() or col.strip().casefold() in ignored:
            continue
        found = classify(col)
        if found is None:
            continue
        role, category = found
        out.append(Suspect(col, role, category, hw.fields_for(cmap.kind, role, category)))
    return out


def check_unmapped(header: Sequence[str], cmap: ColumnMap, ignore: Iterable[str] = ()) -> None:
    """Raise InputError naming every unmapped party-like column and how to read it; also
    when an `--ignore-column` name is not in the header (a typo would ignore nothing)."""
    ignore = list(ignore)
    names = {h.strip().casefold() for h in header}
    missing = [c for c in ignore if c.strip().casefold() not in names]
    if missing:
        raise InputError(f"--ignore-column {', '.join(repr(c) for c in missing)}: no such column "
                         f"in the header ({', '.join(repr(h) for h in header[:30])})")
    suspects = find_unmapped(header, cmap, ignore)
    if not suspects:
        return
    lines = [s.advice(cmap.kind, cmap) for s in suspects]
    raise InputError(f"{len(suspects)} column(s) look like party columns but would not be "
                     "screened (nothing was screened):\n  " + "\n  ".join(lines)
                     + f"\n  columns read now: {cmap.describe()}")


def mapping_ignores(path: str | Path) -> list[str]:
    """The `ignore_columns = ["Header", ...]` of a mapping file (TOML or JSON): columns that
    look like party columns but are deliberately not screened, as with `--ignore-column`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = (json.loads(text) if path.suffix.lower() == ".json"
                or text.lstrip().startswith("{") else tomllib.loads(text))
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # TOML/JSON errors are ValueErrors
        raise InputError(f"mapping file {path}: cannot read it ({exc})") from exc
    value = data.get("ignore_columns", []) if isinstance(data, dict) else []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"mapping file {path}: ignore_columns must be a list of header names")
    return [v.strip() for v in value]
