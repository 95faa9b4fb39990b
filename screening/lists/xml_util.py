"""Small helpers shared by the XML importers (UN, EU, UK)."""

from __future__ import annotations

import datetime as dt
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from screening.lists.errors import ListError

# Unicode character-name prefix -> ISO 15924 script code.
SCRIPTS = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "CJK": "Hani",
           "HIRAGANA": "Hira", "KATAKANA": "Kana", "HANGUL": "Hang", "GREEK": "Grek",
           "HEBREW": "Hebr", "GEORGIAN": "Geor", "ARMENIAN": "Armn", "THAI": "Thai"}


def parse_xml(path: Path) -> ET.Element:
    """Parse an XML file, turning syntax errors into ListError with the line."""
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        raise ListError(f"{path}: XML syntax error: {e}") from None


def clean(text: str | None) -> str | None:
    """Collapse whitespace; empty -> None."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def script_of(text: str) -> str | None:
    """The script of the first letter of `text` (e.g. Arab, Cyrl), or None."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for prefix, code in SCRIPTS.items():
                if name.startswith(prefix):
                    return code
            return None
    return None


def iso_date(text: str | None, where: str) -> dt.date | None:
    """YYYY-MM-DD (optionally followed by a time) -> date; bad dates reject the file."""
    if not text or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ListError(f"{where}: impossible date {text!r}") from None


def dmy_date(text: str | None, where: str) -> dt.date | None:
    """dd/mm/yyyy -> date; bad dates reject the file."""
    if not text or not text.strip():
        return None
    try:
        d, m, y = (int(p) for p in text.strip().split("/"))
        return dt.date(y, m, d)
    except ValueError:
        raise ListError(f"{where}: impossible date {text!r} (want dd/mm/yyyy)") from None
