"""UK Sanctions List XML importer (Designations/Designation)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from screening.lists.errors import ListError, build, require_entries
from screening.lists.version import make_version
from screening.lists.xml_util import clean, dmy_date, parse_xml, script_of
from screening.models import (
    BIC_RE,
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

LIST_ID = "uk-sanctions"
TITLE = "UK Sanctions List"
SOURCE = "https://www.gov.uk/government/publications/the-uk-sanctions-list"
KINDS = {"Individual": "person", "Entity": "organisation", "Ship": "vessel"}
# SanctionsImposedIndicators element -> measure type; indicators not here map to `sanction`.
INDICATORS = {"AssetFreeze": MeasureType.asset_freeze, "TravelBan": MeasureType.travel_ban,
              "ArmsEmbargo": MeasureType.export_ban, "TargetedArmsEmbargo": MeasureType.export_ban,
              "ProhibitionOfPortEntry": MeasureType.sanction}
NAME_TYPES = {"Primary Name": NameStrength.strong, "Primary Name Variation": NameStrength.strong,
              "Alias": NameStrength.strong}
_DOB = re.compile(r"^(?:(dd|\d{1,2})/(mm|\d{1,2})/)?(\d{4})$")


def _t(el: ET.Element, path: str) -> str | None:
    return clean(el.findtext(path))


def _names(el: ET.Element) -> list[Name]:
    out: list[Name] = []
    for n in el.iterfind("Names/Name"):
        value = " ".join(p for p in (_t(n, f"Name{i}") for i in range(1, 7)) if p)
        if not value or any(x.value == value for x in out):
            continue
        typ = _t(n, "NameType") or "Alias"
        strength = NAME_TYPES.get(typ, NameStrength.strong)
        if "low quality" in (_t(n, "AliasStrength") or "").lower():
            strength = NameStrength.weak
        if typ == "Primary Name" and not any(x.strength is NameStrength.primary for x in out):
            strength = NameStrength.primary
        out.append(Name(value=value, strength=strength))
    for n in el.iterfind("NonLatinNames/NonLatinName"):
        value = _t(n, "NameNonLatinScript")
        if value:
            out.append(Name(value=value, strength=NameStrength.strong, script=script_of(value)))
    out.sort(key=lambda x: x.strength is not NameStrength.primary)
    return out


def _dobs(el: ET.Element, where: str) -> list[BirthDate]:
    out = []
    for d in el.iterfind("IndividualDetails/Individual/DOBs/DOB"):
        text = clean(d.text)
        m = _DOB.match(text or "")
        if not m:
            raise ListError(f"{where}: field DOB {text!r} is not dd/mm/yyyy")
        if m[1] and m[1] != "dd" and m[2] != "mm":
            data = {"date": dmy_date(text, f"{where}: DOB"), "text": text}
        else:
            data = {"year_from": m[3], "year_to": m[3], "text": text}
        out.append(build(BirthDate, data, f"{where}: DOB"))
    return out


def _identifiers(el: ET.Element) -> tuple[list[Identifier], bool]:
    out = []
    ind = "IndividualDetails/Individual/"
    for p in el.iterfind(ind + "PassportDetails/Passport"):
        out.append((IdentifierType.passport, _t(p, "PassportNumber"),
                    _t(p, "PassportAdditionalInformation")))
    for p in el.iterfind(ind + "NationalIdentifierDetails/NationalIdentifier"):
        out.append((IdentifierType.national_id, _t(p, "NationalIdentifierNumber"),
                    _t(p, "NationalIdentifierAdditionalInformation")))
    for p in el.iterfind("EntityDetails/Entity/BusinessRegistrationNumbers/"
                         "BusinessRegistrationNumber"):
        out.append((IdentifierType.registration, clean(p.text), None))
    for p in el.iterfind("ShipDetails/Ship/IMONumbers/IMONumber"):
        digits = re.sub(r"\D", "", p.text or "")
        out.append((IdentifierType.imo, digits, clean(p.text)))
    has_bic = False
    for p in el.iter():
        if re.search(r"(?i)bic|swift", p.tag) and clean(p.text):
            value = (clean(p.text) or "").replace(" ", "").upper()
            ok = bool(BIC_RE.match(value))
            has_bic = has_bic or ok
            out.append((IdentifierType.bic if ok else IdentifierType.other, value,
                        None if ok else f"{p.tag} of the wrong shape"))
    ids: list[Identifier] = []
    for kind, value, note in out:
        if value and not any(i.type is kind and i.value == value for i in ids):
            ids.append(Identifier(type=kind, value=value, note=note))
    return ids, has_bic


def _measures(el: ET.Element, where: str, source: str) -> list[Measure]:
    start = dmy_date(_t(el, "DateDesignated"), f"{where}: DateDesignated")
    regime = _t(el, "RegimeName")
    out = []
    for ind in el.iterfind("SanctionsImposedIndicators/*"):
        if (clean(ind.text) or "").lower() != "true":
            continue
        kind = INDICATORS.get(ind.tag, MeasureType.sanction)
        out.append(Measure(type=kind, authority="UK", program=regime, effective_from=start,
                           date_basis=DateBasis.effective if start else DateBasis.unknown,
                           source=source, note=ind.tag))
    if not out:  # listed, but no indicator published
        out.append(Measure(type=MeasureType.sanction, authority="UK", program=regime,
                           effective_from=start, source=source, note=_t(el, "SanctionsImposed"),
                           date_basis=DateBasis.effective if start else DateBasis.unknown))
    return out


def _addresses(el: ET.Element) -> list[Address]:
    out = []
    for a in el.iterfind("Addresses/Address"):
        lines = [_t(a, f"AddressLine{i}") for i in range(1, 7)] + [_t(a, "AddressPostalCode")]
        text = ", ".join(x for x in lines if x)
        country = _t(a, "AddressCountry")
        if text or country:
            out.append(Address(text=text or None, country=country))
    return out


def _entry(el: ET.Element, pos: int, path: Path, list_id: str) -> Entity:
    ident = _t(el, "UniqueID")
    where = f"{path}: Designation #{pos + 1} (id {ident!r})"
    if not ident:
        raise ListError(f"{where}: field UniqueID is missing")
    typ = _t(el, "IndividualEntityShip") or ""
    if typ not in KINDS:
        raise ListError(f"{where}: field IndividualEntityShip {typ!r} unknown; want {list(KINDS)}")
    ids, has_bic = _identifiers(el)
    kind = "bank" if has_bic and KINDS[typ] == "organisation" else KINDS[typ]
    ind = "IndividualDetails/Individual/"
    places = [", ".join(x for x in (_t(loc, "TownOfBirth"), _t(loc, "CountryOfBirth")) if x)
              for loc in el.iterfind(ind + "BirthDetails/Location")]
    addresses = _addresses(el)
    data = {
        "id": ident, "list_id": list_id, "kind": kind, "names": _names(el), "identifiers": ids,
        "birth_dates": _dobs(el, where), "birth_places": [p for p in places if p],
        "nationalities": [clean(n.text) for n in el.iterfind(ind + "Nationalities/Nationality")
                          if clean(n.text)],
        "countries": list(dict.fromkeys(a.country for a in addresses if a.country)),
        "addresses": addresses, "measures": _measures(el, where, str(path)),
        "sources": [str(path)], "notes": _t(el, "OtherInformation"),
    }
    return build(Entity, data, where)


def load_uk(path: Path, list_id: str = LIST_ID) -> WatchList:
    """Load a UK Sanctions List XML file."""
    root = parse_xml(path)
    if root.tag != "Designations":
        raise ListError(f"{path}: not a UK Sanctions List (root <{root.tag}>)")
    entities = [_entry(el, i, path, list_id) for i, el in enumerate(root.iterfind("Designation"))]
    require_entries(path, len(entities), "<Designation> entries")
    seen: set[str] = set()
    for e in entities:
        if e.id in seen:
            raise ListError(f"{path}: duplicate UniqueID {e.id!r}")
        seen.add(e.id)
    published = dmy_date(_t(root, "DateGenerated"), f"{path}: DateGenerated")
    return WatchList(id=list_id, authority="UK", title=TITLE, source=SOURCE,
                     version=make_version([path], published), entities=tuple(entities),
                     path=str(path))
