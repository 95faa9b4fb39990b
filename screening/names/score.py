"""Name scoring (PLACEHOLDER)."""
from rapidfuzz import fuzz
from unidecode import unidecode


def compare(a: str, b: str, kind: str | None = None) -> float:
    return fuzz.token_sort_ratio(unidecode(a).lower(), unidecode(b).lower()) / 100.0
