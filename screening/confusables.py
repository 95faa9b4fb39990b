"""Look-alike characters (`screening/data/confusables.tsv`): Cyrillic and Greek letters drawn
like a Latin letter, read as that letter where only Latin letters can occur (identifiers)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def confusables() -> dict[str, str]:
    """Look-alike character -> the Latin letter it passes for (loaded once)."""
    text = resources.files("screening.data").joinpath("confusables.tsv").read_text(
        encoding="utf-8")
    table: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or len(cols[0]) != 1 or not (cols[1].isascii() and cols[1].isalpha()):
            raise ValueError(f"screening/data/confusables.tsv line {n}: want a character, a tab "
                             f"and a Latin letter, got {line!r}")
        table[cols[0]] = cols[1]
    return table


@cache
def _translation() -> dict[int, str]:
    return str.maketrans(confusables())


def fold_lookalikes(text: str) -> str:
    """`text` with every look-alike character replaced by the Latin letter it passes for."""
    return text.translate(_translation())
