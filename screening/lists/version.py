"""List versions: a content hash of the source bytes plus the publication date where known."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from screening.models import ListVersion

DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def content_hash(files: Iterable[Path]) -> str:
    """sha256 over the bytes of `files` in the given (fixed) order, first 16 hex characters."""
    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).read_bytes())
    return h.hexdigest()[:16]


def make_version(files: Iterable[Path], published: dt.date | None) -> ListVersion:
    return ListVersion(content_hash=content_hash(files), published=published)


def date_from_name(path: Path) -> dt.date | None:
    """The YYYY-MM-DD date in a file name such as sdn-2022-02-25.csv, else None."""
    m = DATE_IN_NAME.search(Path(path).name)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
