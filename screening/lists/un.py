"""UN Security Council Consolidated List XML importer (INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY)."""

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

LIST_ID = "un-consolidated"
TITLE = "UN Security Council Consolidated List"
SOURCE = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
QUALITY = {"Good": NameStrength.strong, "Low": NameStrength.weak, "a.k.a.": NameStrength.strong,
           "f.k.a.": NameStrength.former}
DOCUMENTS = {"Passport": IdentifierType.passport,
             "National Identification Number": IdentifierType.national_id}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _text(el: ET.Element, tag: str) -> str | None:
    return clean(el.findtext(tag))


def _names(el: ET.Element, alias_tag: str) -> list[Name]:
    primary = " ".join(p for p in (_text(el, t) for t in NAME_PARTS) if p)
    names = [Name(value=primary)] if primary else []
    for a in el.iter(alias_tag):
        value = _text(a, "ALIAS_NAME")
        if value:
            strength = QUALITY.get(_text(a, "QUALITY") or "", NameStrength.strong)
            names.append(Name(value=value, strength=strength))
    original = _text(el, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(Name(value=original, strength=NameStrength.strong,
                          script=script_of(original)))
    return names


def _birth_dates(el: ET.Element, where: str) -> list[BirthDate]:
    out = []
    for d in el.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        typ = _text(d, "TYPE_OF_DATE")
        date, year = _text(d, "DATE"), _text(d, "YEAR")
        frm, to = _text(d, "FROM_YEAR"), _text(d, "TO_YEAR")
        text = " ".join(x for x in (typ, date, year, frm, to, _text(d, "NOTE")) if x)
        data: dict = {"circa": typ == "APPROXIMATELY", "text": text}
        if date:
            data["date"] = iso_date(date, where)
        elif year:
            data["year_from"] = data["year_to"] = year
        elif frm:
            data["year_from"], data["year_to"] = frm, to or frm
        else:
            continue
        out.append(build(BirthDate, data, f"{where}: INDIVIDUAL_DATE_OF_BIRTH"))
    return out


def _places(el: ET.Element) -> list[str]:
    out = []
    for p in el.iter("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [_text(p, t) for t in ("CITY", "STATE_PROVINCE", "COUNTRY")]
        if any(parts):
            out.append(", ".join(x for x in parts if x))
    return out


def _addresses(el: ET.Element, tag: str) -> list[Address]:
    out = []
    for a in el.iter(tag):
        text = ", ".join(x for x in (_text(a, t) for t in ("STREET", "STATE_PROVINCE",
                                                            "ZIP_CODE", "NOTE")) if x)
        city, country = _text(a, "CITY"), _text(a, "COUNTRY")
        if text or city or country:
            out.append(Address(text=text or None, city=city, country=country))
    return out


def _documents(el: ET.Element) -> list[Identifier]:
    out = []
    for d in el.iter("INDIVIDUAL_DOCUMENT"):
        number = _text(d, "NUMBER")
        if not number:
            continue
        typ = _text(d, "TYPE_OF_DOCUMENT") or ""
        kind = DOCUMENTS.get(typ, IdentifierType.other)
        note = " ".join(x for x in (typ if kind is IdentifierType.other else None,
                                    _text(d, "TYPE_OF_DOCUMENT2"), _text(d, "NOTE")) if x)
        country = _text(d, "ISSUING_COUNTRY") or _text(d, "COUNTRY_OF_ISSUE")
        out.append(Identifier(type=kind, value=number, country=country, note=note or None))
    return out


def _entry(el: ET.Element, person: bool, pos: int, path: Path, list_id: str) -> Entity:
    ref = _text(el, "REFERENCE_NUMBER")
    where = f"{path}: {el.tag} #{pos + 1} (id {ref!r})"
    if not ref:
        raise ListError(f"{where}: field REFERENCE_NUMBER is missing")
    tag = "INDIVIDUAL" if person else "ENTITY"
    addresses = _addresses(el, f"{tag}_ADDRESS")
    nationalities = [v for v in (clean(x.text) for x in el.findall("NATIONALITY/VALUE")) if v]
    measure = Measure(type=MeasureType.asset_freeze, authority="UN",
                      program=_text(el, "UN_LIST_TYPE"),
                      effective_from=iso_date(_text(el, "LISTED_ON"), f"{where}: LISTED_ON"),
                      date_basis=DateBasis.effective, source=str(path))
    data = {
        "id": ref, "list_id": list_id, "kind": "person" if person else "organisation",
        "names": _names(el, f"{tag}_ALIAS"),
        "identifiers": _documents(el) if person else [],
        "birth_dates": _birth_dates(el, where) if person else [],
        "birth_places": _places(el), "nationalities": nationalities,
        "countries": list(dict.fromkeys(a.country for a in addresses if a.country)),
        "addresses": addresses, "measures": [measure], "sources": [str(path)],
        "notes": _text(el, "COMMENTS1"),
    }
    return build(Entity, data, where)


def load_un(path: Path, list_id: str = LIST_ID) -> WatchList:
    """Load the UN consolidated list XML."""
    root = parse_xml(path)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListError(f"{path}: not a UN consolidated list (root <{root.tag}>)")
    entities = [_entry(el, True, i, path, list_id)
                for i, el in enumerate(root.iterfind("INDIVIDUALS/INDIVIDUAL"))]
    entities += [_entry(el, False, i, path, list_id)
                 for i, el in enumerate(root.iterfind("ENTITIES/ENTITY"))]
    require_entries(path, len(entities), "INDIVIDUAL or ENTITY entries")
    seen: set[str] = set()
    for e in entities:
        if e.id in seen:
            raise ListError(f"{path}: duplicate REFERENCE_NUMBER {e.id!r}")
        seen.add(e.id)
    published = iso_date(root.get("dateGenerated"), f"{path}: dateGenerated")
    return WatchList(id=list_id, authority="UN", title=TITLE, source=SOURCE,
                     version=make_version([path], published), entities=tuple(entities),
                     path=str(path))
