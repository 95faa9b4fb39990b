"""Parse the Remarks column of the OFAC SDN legacy CSV into model fields.

Remarks are `; `-separated facts such as `DOB 07 Oct 1952`, `POB Leningrad, Russia`,
`nationality Russia`, `SWIFT/BIC VTBRRUMM`, `Tax ID No. 7702070139 (Russia)`, `a.k.a. 'VTB'`,
`Linked To: SOVCOMBANK`. Facts we do not map are left in the entity notes (the full Remarks text).
Problems in an official file (an unreadable DOB, a BIC of the wrong shape) never reject the file:
they are kept as published and reported as warnings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from screening.models import BIC_RE, BirthDate, Identifier, IdentifierType, Name, NameStrength

T = IdentifierType
# Remark label -> identifier type. Longest label wins ("UK Company Number" before "Company Number").
ID_LABELS: dict[str, IdentifierType] = {
    "SWIFT/BIC": T.bic,
    "Registration ID": T.registration,
    "Registration Number": T.registration,
    "Business Registration Number": T.registration,
    "Company Number": T.registration,
    "UK Company Number": T.registration,
    "Tax ID No.": T.tax,
    "V.A.T. Number": T.tax,
    "Legal Entity Number": T.lei,
    "Passport": T.passport,
    "Diplomatic Passport": T.passport,
    "National ID No.": T.national_id,
    "Cedula No.": T.national_id,
    "BIK (RU)": T.bik,
    "Vessel Registration Identification": T.imo,
    "Identification Number": T.other,
    "MMSI": T.other,
}
_LABELS = sorted(ID_LABELS, key=len, reverse=True)
ALIAS_MARKERS = {"a.k.a.": NameStrength.weak, "f.k.a.": NameStrength.former,
                 "n.k.a.": NameStrength.strong}
TARGET_TYPES = {"Financial Institution": "bank", "Government Entity": "government"}
MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}
_ONE = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})$")
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_ALIAS = re.compile(r"^([afn]\.k\.a\.) '(.+)'$")


@dataclass
class RemarkFacts:
    names: list[Name] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[BirthDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    target_kind: str | None = None
    warnings: list[str] = field(default_factory=list)


def _one_date(text: str) -> tuple[int, int | None, int | None] | None:
    m = _ONE.match(text)
    if not m or (m[2] and m[2] not in MONTHS):
        return None
    return int(m[3]), MONTHS.get(m[2]) if m[2] else None, int(m[1]) if m[1] else None


def parse_dob(text: str) -> BirthDate:
    """`07 Oct 1952`, `1954`, `Mar 1960`, `circa 1960`, `1960 to 1962`, `1953-1958`, ranges of
    dates. Raises ValueError when the text is not a date we can read."""
    published = text
    circa = text.startswith("circa ")
    body = text.removeprefix("circa ").strip()
    parts = re.split(r" to |(?<=\d{4})-(?=\d{4}$)", body)
    if len(parts) > 2:
        raise ValueError(f"unreadable DOB {published!r}")
    ends = [_one_date(p.strip()) for p in parts]
    if any(e is None for e in ends):
        raise ValueError(f"unreadable DOB {published!r}")
    (y1, m1, d1), (y2, m2, d2) = ends[0], ends[-1]  # type: ignore[misc]
    if len(parts) == 1 and m1 and d1:
        return BirthDate(date=dt.date(y1, m1, d1), circa=circa, text=published)
    if len(parts) == 2 and (y1, m1, d1) == (y2, m2, d2) and m1 and d1:
        return BirthDate(date=dt.date(y1, m1, d1), circa=circa, text=published)
    if m1 and d1:
        dt.date(y1, m1, d1)  # check the day exists
    return BirthDate(year_from=y1, year_to=y2, circa=circa, text=published)


def _split_value(rest: str) -> tuple[str, str | None, str | None]:
    """`P0017003 (Belize)` -> value, country (last parenthesis), note (other parentheses)."""
    groups = _PARENS.findall(rest)
    value = _PARENS.sub("", rest).strip()
    country = groups[-1] if groups else None
    note = "; ".join(groups[:-1]) or None
    return value, country, note


def _identifier(label: str, rest: str, facts: RemarkFacts) -> None:
    value, country, note = _split_value(rest)
    if not value:
        return
    kind = ID_LABELS[label]
    if value.upper().startswith("IMO "):
        kind, value = T.imo, value[4:].strip()
    elif kind is T.imo:  # Vessel Registration Identification without IMO prefix
        kind, note = T.other, label
    if kind is T.bic:
        bic = value.replace(" ", "").upper()
        if not BIC_RE.match(bic):
            facts.warnings.append(f"SWIFT/BIC {value!r} has the wrong shape; kept as identifier "
                                  "type other")
            kind, note = T.other, "published as SWIFT/BIC, wrong shape"
    elif kind is T.other and note is None:
        note = label
    facts.identifiers.append(Identifier(type=kind, value=value, country=country, note=note))


def parse_remarks(text: str | None) -> RemarkFacts:
    """Read the facts we model out of one Remarks cell."""
    facts = RemarkFacts()
    if not text:
        return facts
    for raw in text.split(";"):
        part = re.sub(r"^(?:alt|Alt)\. ", "", raw.strip()).rstrip(".").strip()
        if not part:
            continue
        alias = _ALIAS.match(part)
        if alias:
            facts.names.append(Name(value=alias[2], strength=ALIAS_MARKERS[alias[1]]))
        elif part.startswith("DOB "):
            try:
                facts.birth_dates.append(parse_dob(part[4:].strip()))
            except ValueError as e:
                facts.warnings.append(f"DOB {part[4:]!r} not read ({e}); left in the notes")
        elif part.startswith("POB "):
            facts.birth_places.append(part[4:].strip())
        elif part.startswith(("nationality ", "citizen ")):
            facts.nationalities.append(part.split(" ", 1)[1].strip())
        elif part.startswith("Linked To: "):
            facts.linked_to.append(part[len("Linked To: "):].strip())
        elif part.startswith("Target Type "):
            target = part[len("Target Type "):].strip()
            facts.target_kind = TARGET_TYPES.get(target, facts.target_kind)
        else:
            label = next((lb for lb in _LABELS if part.startswith(lb + " ")), None)
            if label:
                _identifier(label, part[len(label) + 1:], facts)
    return facts
