"""EU Financial Sanctions Files (FSF) XML importer (namespace http://eu.europa.ec/fpi/fsd/export)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from screening.lists.errors import ListError, build, require_entries
from screening.lists.version import make_version
from screening.lists.xml_util import clean, iso_date, parse_xml, script_of
from screening.models import (
    Address,
    BirthDate,
    DateBasis,
    Entity,
    Identifier,
    IdentifierType,
    Measure,
    MeasureType,
    Name,
    NameStrength,
    WatchList,
)

NS = "{http://eu.europa.ec/fpi/fsd/export}"
LIST_ID = "eu-fsf"
TITLE = "EU Financial Sanctions Files (consolidated list of financial sanctions)"
SOURCE = "https://webgate.ec.europa.eu/fsd/fsf"
SUBJECT_KINDS = {"person": "person", "enterprise": "organisation"}
ID_TYPES = {"passport": IdentifierType.passport, "id": IdentifierType.national_id,
            "regnumber": IdentifierType.registration, "tax": IdentifierType.tax,
            "swiftbic": IdentifierType.bic, "imo": IdentifierType.imo}


def _a(el: ET.Element, attr: str) -> str | None:
    return clean(el.get(attr))


def _names(el: ET.Element) -> list[Name]:
    out: list[Name] = []
    for a in el.iter(f"{NS}nameAlias"):
        whole = _a(a, "wholeName")
        if not whole or any(n.value == whole for n in out):
            continue
        strength = NameStrength.strong if a.get("strong", "true") == "true" else NameStrength.weak
        if not out:
            strength = NameStrength.primary
        lang = (_a(a, "nameLanguage") or "").lower() or None
        out.append(Name(value=whole, strength=strength, lang=lang, script=script_of(whole)))
    return out


def _birth(el: ET.Element, where: str) -> tuple[list[BirthDate], list[str]]:
    dates, places = [], []
    for b in el.iter(f"{NS}birthdate"):
        data: dict = {"circa": b.get("circa") == "true",
                      "text": clean(b.findtext(f"{NS}remark"))}
        if _a(b, "birthdate"):
            data["date"] = iso_date(b.get("birthdate"), f"{where}: birthdate")
        elif _a(b, "year"):
            data["year_from"] = data["year_to"] = b.get("year")
        elif _a(b, "yearRangeFrom"):
            data["year_from"] = b.get("yearRangeFrom")
            data["year_to"] = _a(b, "yearRangeTo") or b.get("yearRangeFrom")
        if len(data) > 2:
            dates.append(build(BirthDate, data, f"{where}: birthdate"))
        country = _a(b, "countryDescription")
        parts = [_a(b, "city") or _a(b, "place"), None if country == "UNKNOWN" else country]
        if any(parts):
            places.append(", ".join(p for p in parts if p))
    return dates, list(dict.fromkeys(places))


def _identifiers(el: ET.Element) -> list[Identifier]:
    out = []
    for i in el.iter(f"{NS}identification"):
        number = _a(i, "number") or _a(i, "latinNumber")
        if not number:
            continue
        code = (_a(i, "identificationTypeCode") or "").lower()
        kind = ID_TYPES.get(code, IdentifierType.other)
        note = _a(i, "identificationTypeDescription")
        out.append(Identifier(type=kind, value=number, country=_a(i, "countryIso2Code"), note=note))
    return out


def _addresses(el: ET.Element) -> list[Address]:
    out = []
    for a in el.iter(f"{NS}address"):
        text = ", ".join(x for x in (_a(a, "street"), _a(a, "poBox"), _a(a, "zipCode"),
                                     _a(a, "region"), _a(a, "place"),
                                     clean(a.findtext(f"{NS}remark"))) if x)
        country = _a(a, "countryDescription")
        out.append(Address(text=text or None, city=_a(a, "city"),
                           country=None if country == "UNKNOWN" else country))
    return [a for a in out if a.text or a.city or a.country]


def _measure(el: ET.Element, where: str, source: str) -> Measure:
    regs = el.findall(f"{NS}regulation")
    programme = next((_a(r, "programme") for r in regs if _a(r, "programme")), None)
    designated = iso_date(el.get("designationDate"), f"{where}: designationDate")
    notes = [f"{_a(r, 'regulationType')} {_a(r, 'numberTitle')} in force "
             f"{_a(r, 'entryIntoForceDate')}" for r in regs]
    start = designated
    if start is None:  # no designation date: the earliest regulation in force
        starts = [iso_date(r.get("entryIntoForceDate"), f"{where}: regulation") for r in regs]
        start = min((s for s in starts if s), default=None)
    return Measure(type=MeasureType.asset_freeze, authority="EU", program=programme,
                   effective_from=start,
                   date_basis=DateBasis.effective if start else DateBasis.unknown,
                   source=source, note="; ".join(notes) or None)


def _entry(el: ET.Element, pos: int, path: Path, list_id: str) -> Entity:
    ident = _a(el, "euReferenceNumber") or _a(el, "logicalId")
    where = f"{path}: sanctionEntity #{pos + 1} (id {ident!r})"
    if not ident:
        raise ListError(f"{where}: field euReferenceNumber/logicalId is missing")
    subject = el.find(f"{NS}subjectType")
    code = subject.get("code") if subject is not None else None
    dates, places = _birth(el, where)
    addresses = _addresses(el)
    nats = [_a(c, "countryDescription") for c in el.iter(f"{NS}citizenship")]
    remark = clean(el.findtext(f"{NS}remark"))
    data = {
        "id": ident, "list_id": list_id, "kind": SUBJECT_KINDS.get(code or "", "organisation"),
        "names": _names(el), "identifiers": _identifiers(el), "birth_dates": dates,
        "birth_places": places, "nationalities": [n for n in nats if n and n != "UNKNOWN"],
        "countries": list(dict.fromkeys(a.country for a in addresses if a.country)),
        "addresses": addresses, "measures": [_measure(el, where, str(path))],
        "sources": [str(path)], "notes": remark,
    }
    return build(Entity, data, where)


def load_eu(path: Path, list_id: str = LIST_ID) -> WatchList:
    """Load an EU FSF XML export."""
    root = parse_xml(path)
    if root.tag != f"{NS}export":
        raise ListError(f"{path}: not an EU FSF export (root <{root.tag}>)")
    entities = [_entry(el, i, path, list_id)
                for i, el in enumerate(root.iter(f"{NS}sanctionEntity"))]
    require_entries(path, len(entities), "<sanctionEntity> entries")
    seen: set[str] = set()
    for e in entities:
        if e.id in seen:
            raise ListError(f"{path}: duplicate sanctionEntity id {e.id!r}")
        seen.add(e.id)
    published = iso_date(root.get("generationDate"), f"{path}: generationDate")
    return WatchList(id=list_id, authority="EU", title=TITLE, source=SOURCE,
                     version=make_version([path], published), entities=tuple(entities),
                     path=str(path))
