"""Reading a BIC (SWIFT code) from a record: what is plainly a BIC written differently is
normalised, anything else is refused (the caller reports the field as an ERROR, never CLEAR)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from screening.confusables import fold_lookalikes
from screening.models import BIC_RE

# spaces, dashes and dots people put between a BIC's parts ("VTBR RU MM", "VTBR-RU-MM")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.\u00b7\u30fb\u3002]+")

BIC_SHAPE = ("8 or 11 letters and digits: 4 letters bank, 2 letters country, 2 letters or digits "
             "location, optional 3 branch")


def rewritten_bics(given: Mapping[str, Any], fields: Iterable[str], read: Any) -> list[str]:
    """Notes for the BIC fields of a record dict `given` that were read as a BIC written
    otherwise (`read` is the validated record), for the audit trail: "beneficiary_bic
    'VТВRRUMM' read as BIC VTBRRUMM"."""
    out = []
    for field in fields:
        raw = given.get(field)
        if isinstance(raw, str) and raw.strip() and getattr(read, field, None) != raw.strip():
            out.append(f"{field} {raw!r} read as BIC {getattr(read, field)} (written with "
                       "other characters or separators)")
    return out


@lru_cache(maxsize=4096)
def normalise_bic(value: str) -> str:
    """The BIC `value` stands for, in its standard form ("VTBRRUMM").

    Full-width characters, Cyrillic and Greek look-alike letters, lower case, and spaces,
    dashes or dots between the parts are read as the BIC they plainly write; a value that is
    still not 8 or 11 characters of the BIC shape after that raises ValueError saying why."""
    text = unicodedata.normalize("NFKC", value)
    text = fold_lookalikes(fold_lookalikes(text).upper())  # small look-alikes, then capitals
    text = _SEPARATORS.sub("", text)
    if not BIC_RE.match(text):
        raise ValueError(f"{value!r} is not a BIC (want {BIC_SHAPE})")
    return text
