"""Tell a list file's format from its name and first bytes."""

from __future__ import annotations

import re
from pathlib import Path

from screening.lists.errors import ListError

FORMATS = ("toml", "ofac", "un", "eu", "uk", "ftm")
FTM_LINE = re.compile(rb'^\s*\{.*"schema"\s*:', re.S)
OFAC_ROW = re.compile(rb'^\d+,"[^"]*",(?:-0- |"[^"]*"),')


def detect_format(path: Path) -> str:
    """One of FORMATS, or ListError saying how to name the format."""
    if path.is_dir():
        if (path / "sdn.csv").exists():
            return "ofac"
        if (path / "entities.ftm.json").exists():
            return "ftm"
        raise ListError(f"{path}: a directory without sdn.csv; not a list set we know")
    if not path.exists():
        raise ListError(f"{path}: no such file")
    head = path.open("rb").read(4096)
    if head.startswith(b"SCREENING-SNAPSHOT\n"):
        raise ListError(f"{path}: a compiled snapshot of several lists, not one list: give it "
                        "to `screen FILE --list` or Screener.load, or give the list files")
    if path.suffix.lower() == ".toml":
        return "toml"
    if path.suffix.lower() == ".csv" and OFAC_ROW.match(head.lstrip(b"\xef\xbb\xbf")):
        return "ofac"
    if b"<CONSOLIDATED_LIST" in head:
        return "un"
    if b"http://eu.europa.ec/fpi/fsd/export" in head:
        return "eu"
    if b"<Designations" in head:
        return "uk"
    if path.suffix.lower() in (".json", ".jsonl", ".ndjson") and FTM_LINE.match(head):
        return "ftm"  # FollowTheMoney entities, one JSON object a line
    raise ListError(f"{path}: cannot tell the list format from the name or content; "
                    f"name it with fmt= (one of {', '.join(FORMATS)})")
