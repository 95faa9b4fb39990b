"""OpenSanctions / FollowTheMoney (FtM) entity files: import as a list, apply delta files,
export any list as FtM.

An FtM export is JSON lines, one entity per line: `{"id", "schema", "properties": {name:
[values]}, ...}`. Person, Organization, Company, LegalEntity, PublicBody, Vessel and Airplane
entities whose `topics` include a selected topic (default: `sanction`) become list entries;
their names (`name`, `alias`, `previousName`, `weakAlias`), identifiers (`swiftBic`,
`registrationNumber`, `innCode`, ... and linked `Identification` entities), birth dates,
countries and addresses (linked `Address` entities) are read, and linked `Sanction` entities
(`entity` pointing at the party) become its measures (program, authority, startDate, endDate,
listingDate). A party with a sanction topic but no linked Sanction entity gets one measure of
type `sanction` from an unknown date.

The `followthemoney` library is not used: it brings a large dependency tree (its schema YAML,
rigour, ICU bindings for names) for what is, for this purpose, reading ~30 property names from
JSON lines, and our own models validate every value. The property and schema names here are
FtM's own.

Deltas (`{"op": "ADD"|"MOD"|"DEL", "entity": {...}}` per line, listed by version in
`delta.json`) are applied to an `FtmStore` (the raw entities) in version order; a delta that
does not apply (ADD of a known id, MOD or DEL of an unknown one, a version not after the
store's, a line that is not an operation) is rejected whole and the store is left unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screening.countries import to_alpha2
from screening.lists.errors import ListError, build
from screening.lists.version import make_version
from screening.models import (
    BirthDate,
    Entity,
    EntityKind,
    IdentifierType,
    MeasureType,
    NameStrength,
    WatchList,
)

LIST_ID = "opensanctions"
AUTHORITY = "OpenSanctions"
DEFAULT_TOPICS = ("sanction",)
MAX_LINE = 10_000_000  # bytes; a longer line is refused rather than parsed

SCHEMA_KIND = {"Person": EntityKind.person, "Organization": EntityKind.organisation,
               "Company": EntityKind.organisation, "LegalEntity": EntityKind.organisation,
               "PublicBody": EntityKind.government, "Vessel": EntityKind.vessel,
               "Airplane": EntityKind.aircraft}
KIND_SCHEMA = {EntityKind.person: "Person", EntityKind.organisation: "Organization",
               EntityKind.bank: "Organization", EntityKind.government: "PublicBody",
               EntityKind.vessel: "Vessel", EntityKind.aircraft: "Airplane"}
NAME_PROPS = (("name", NameStrength.primary), ("alias", NameStrength.strong),
              ("previousName", NameStrength.former), ("weakAlias", NameStrength.weak))
STRENGTH_PROP = {s: p for p, s in NAME_PROPS}
# FtM identifier properties -> our types (note: what the number is, where the type is generic)
ID_PROPS: dict[str, tuple[IdentifierType, str | None]] = {
    "swiftBic": (IdentifierType.bic, None),
    "registrationNumber": (IdentifierType.registration, None),
    "ogrnCode": (IdentifierType.registration, "OGRN"),
    "okpoCode": (IdentifierType.registration, "OKPO"),
    "taxNumber": (IdentifierType.tax, None),
    "innCode": (IdentifierType.tax, "INN"),
    "vatCode": (IdentifierType.tax, "VAT"),
    "leiCode": (IdentifierType.lei, None),
    "imoNumber": (IdentifierType.imo, None),
    "passportNumber": (IdentifierType.passport, None),
    "idNumber": (IdentifierType.national_id, None),
    "bikCode": (IdentifierType.bik, None),
    "kppCode": (IdentifierType.other, "KPP"),
    "mmsi": (IdentifierType.other, "MMSI"),
    "icaoCode": (IdentifierType.other, "ICAO"),
}
TYPE_PROP = {IdentifierType.bic: "swiftBic", IdentifierType.registration: "registrationNumber",
             IdentifierType.tax: "taxNumber", IdentifierType.lei: "leiCode",
             IdentifierType.imo: "imoNumber", IdentifierType.passport: "passportNumber",
             IdentifierType.national_id: "idNumber", IdentifierType.bik: "bikCode"}
COUNTRY_PROPS = ("country", "jurisdiction", "mainCountry", "citizenship")
BASIS_PREFIX = "date basis: "


# -- the raw entities ----------------------------------------------------------------------------

def _check_entity(raw: Any, where: str) -> dict[str, Any]:
    """An FtM entity as read: id, schema, and properties that are lists of strings."""
    if not isinstance(raw, dict):
        raise ListError(f"{where}: not an FtM entity (a JSON object with id and schema)")
    eid, schema, props = raw.get("id"), raw.get("schema"), raw.get("properties", {})
    if not isinstance(eid, str) or not eid.strip():
        raise ListError(f"{where}: field id: missing or not text")
    if not isinstance(schema, str) or not schema:
        raise ListError(f"{where} (entity {eid}): field schema: missing or not text")
    if not isinstance(props, dict):
        raise ListError(f"{where} (entity {eid}): field properties: not an object")
    for k, vs in props.items():
        if not isinstance(vs, list) or not all(isinstance(v, str) for v in vs):
            raise ListError(f"{where} (entity {eid}): property {k}: not a list of text values")
    return raw


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        f = path.open("rb")
    except OSError as exc:
        raise ListError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with f:
        for n, line in enumerate(f, start=1):
            if len(line) > MAX_LINE:
                raise ListError(f"{path} line {n}: longer than {MAX_LINE:,} bytes")
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except (UnicodeDecodeError, ValueError) as exc:
                raise ListError(f"{path} line {n}: not valid JSON ({exc})") from None


@dataclass
class FtmStore:
    """The raw FtM entities of a dataset at one version, by id (in file order)."""

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: str | None = None
    published: dt.date | None = None
    sources: list[Path] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path) -> FtmStore:
        """An FtM export (JSON lines; a directory holding entities.ftm.json). Its version and
        date come from a delta.json beside it, when there is one."""
        path = Path(path)
        if path.is_dir():
            path = path / "entities.ftm.json"
        store = cls(sources=[path])
        for n, raw in _json_lines(path):
            ent = _check_entity(raw, f"{path} line {n}")
            if ent["id"] in store.entities:
                raise ListError(f"{path} line {n}: entity {ent['id']} appears twice")
            store.entities[ent["id"]] = ent
        if not store.entities:
            raise ListError(f"{path}: no entities")
        index = path.parent / "delta.json"
        if index.exists():
            versions, updated = read_delta_index(index)
            store.version = versions[-1][0] if versions else None
            store.published = updated
        return store

    def apply(self, delta: str | Path, version: str) -> None:
        """Apply one delta file as `version`, whole or not at all (ListError says why)."""
        delta = Path(delta)
        if self.version is not None and version <= self.version:
            raise ListError(f"{delta}: version {version} is not after the list's version "
                            f"{self.version}; deltas apply in order")
        staged = dict(self.entities)
        for n, op in _json_lines(delta):
            where = f"{delta} line {n}"
            if not isinstance(op, dict) or op.get("op") not in ("ADD", "MOD", "DEL"):
                raise ListError(f"{where}: not a delta operation (want op ADD, MOD or DEL)")
            kind = op["op"]
            raw = op.get("entity")
            if kind == "DEL":
                eid = raw.get("id") if isinstance(raw, dict) else None
                if eid not in staged:
                    raise ListError(f"{where}: DEL of entity {eid!r}, which is not in the list")
                del staged[eid]
                continue
            ent = _check_entity(raw, where)
            if kind == "ADD" and ent["id"] in staged:
                raise ListError(f"{where}: ADD of entity {ent['id']}, which is already listed")
            if kind == "MOD" and ent["id"] not in staged:
                raise ListError(f"{where}: MOD of entity {ent['id']}, which is not in the list")
            staged[ent["id"]] = ent
        self.entities = staged
        self.version = version
        self.sources.append(delta)
        self.published = _date(f"{version[:4]}-{version[4:6]}-{version[6:8]}") or self.published

    def apply_chain(self, directory: str | Path) -> list[str]:
        """Apply the versions listed in `directory`/delta.json after the store's own, each
        from `directory`/VERSION/entities.delta.json, in order. Returns the versions applied.
        A delta that does not apply stops the chain with ListError; the versions before it
        stay applied (each one is whole)."""
        directory = Path(directory)
        versions, updated = read_delta_index(directory / "delta.json")
        done = []
        for version, _url in versions:
            if self.version is not None and version <= self.version:
                continue  # already in the store
            self.apply(directory / version / "entities.delta.json", version)
            done.append(version)
        if done and updated:
            self.published = updated
        return done

    def to_watchlist(self, topics: Sequence[str] = DEFAULT_TOPICS, list_id: str = LIST_ID,
                     title: str | None = None) -> WatchList:
        """The parties with one of `topics` (a topic matches itself and its sub-topics:
        `sanction` takes `sanction.linked` too) as a WatchList."""
        return _watchlist(self, tuple(topics), list_id, title)


def read_delta_index(path: Path) -> tuple[list[tuple[str, str]], dt.date | None]:
    """(version, url) pairs of a delta.json in version order, and its `updated_at` date."""
    try:
        data = json.loads(path.read_bytes())
        versions = data["versions"]
        if not isinstance(versions, dict) or not all(isinstance(k, str) for k in versions):
            raise ValueError("versions is not an object")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ListError(f"{path}: not an OpenSanctions delta index ({exc})") from None
    updated = data.get("updated_at")
    day = _date(updated[:10]) if isinstance(updated, str) else None
    return sorted(versions.items()), day


# -- FtM -> our models ---------------------------------------------------------------------------

def _date(value: str, end: bool = False) -> dt.date | None:
    """An FtM date (YYYY, YYYY-MM or YYYY-MM-DD, maybe with a time); a partial date is its
    first day, or with `end` the first day after it."""
    v = value.strip()[:10]
    try:
        if len(v) == 10:
            d = dt.date.fromisoformat(v)
            return d
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:7])
            return (dt.date(y + m // 12, m % 12 + 1, 1) if end else dt.date(y, m, 1))
        if len(v) == 4:
            y = int(v)
            return dt.date(y + 1, 1, 1) if end else dt.date(y, 1, 1)
    except ValueError:
        return None
    return None


def _birth(value: str) -> dict[str, Any]:
    v = value.strip()
    if len(v) >= 10:
        d = _date(v)
        if d:
            return {"date": d, "text": v}
    if len(v) >= 4 and v[:4].isdigit():
        return {"year_from": int(v[:4]), "year_to": int(v[:4]), "text": v}
    raise ValueError(f"birth date {value!r} is not a date")


def _props(ent: dict[str, Any], name: str) -> list[str]:
    return [v for v in ent.get("properties", {}).get(name, []) if v.strip()]


def _has_topic(ent: dict[str, Any], topics: tuple[str, ...]) -> bool:
    return any(t == want or t.startswith(want + ".") for t in _props(ent, "topics")
               for want in topics)


def _measure(s: dict[str, Any]) -> dict[str, Any]:
    start = next(iter(_props(s, "startDate")), None)
    listed = next(iter(_props(s, "listingDate")), None)
    end = next(iter(_props(s, "endDate")), None)
    provisions = _props(s, "provisions")
    mtype = provisions[0] if provisions and provisions[0] in MeasureType.__members__ else "sanction"
    basis = next((v[len(BASIS_PREFIX):] for v in _props(s, "summary")
                  if v.startswith(BASIS_PREFIX)), None)
    effective = _date(start) if start else None
    announced = _date(listed) if listed else None
    if basis is None:
        basis = "effective" if effective else ("announced" if announced else "unknown")
    return {
        "type": mtype,
        "authority": next(iter(_props(s, "authority")), None) or AUTHORITY,
        "program": next(iter(_props(s, "program") or _props(s, "programId")), None),
        "announced": announced,
        "effective_from": effective,
        "date_basis": basis,
        "effective_to": _date(end, end=len(end.strip()) < 10) if end else None,
        "source": next(iter(_props(s, "sourceUrl")), None),
        "note": "; ".join(_props(s, "reason")) or None,
    }


def _address(a: dict[str, Any]) -> dict[str, Any]:
    full = next(iter(_props(a, "full")), None)
    parts = _props(a, "street") + _props(a, "city") + _props(a, "postalCode")
    country = next(iter(_props(a, "country")), None)
    return {"text": full or (", ".join(parts) or None),
            "city": next(iter(_props(a, "city")), None),
            "country": country.upper() if country else None}


def _country(code: str) -> str:
    try:
        return to_alpha2(code)
    except ValueError:
        return code.upper()


def _watchlist(store: FtmStore, topics: tuple[str, ...], list_id: str,
               title: str | None) -> WatchList:
    where0 = str(store.sources[0]) if store.sources else "FtM"
    sanctions: dict[str, list[dict[str, Any]]] = {}
    idents: dict[str, list[dict[str, Any]]] = {}
    for ent in store.entities.values():
        if ent["schema"] == "Sanction":
            for target in _props(ent, "entity"):
                sanctions.setdefault(target, []).append(ent)
        elif ent["schema"] == "Identification":
            for holder in _props(ent, "holder"):
                idents.setdefault(holder, []).append(ent)
    entities = []
    for ent in store.entities.values():
        kind = SCHEMA_KIND.get(ent["schema"])
        if kind is None or not _has_topic(ent, topics):
            continue
        eid = ent["id"]
        where = f"{where0}: entity {eid}"
        names = [{"value": v, "strength": s} for p, s in NAME_PROPS for v in _props(ent, p)]
        caption = ent.get("caption")
        if isinstance(caption, str) and caption in _props(ent, "name"):  # shown first
            names.sort(key=lambda n: n["value"] != caption or n["strength"] != "primary")
        if not names:
            raise ListError(f"{where}: no name (properties name, alias, ...)")
        ids = [{"type": t, "value": v, "note": note}
               for p, (t, note) in ID_PROPS.items() for v in _props(ent, p)]
        for doc in idents.get(eid, ()):
            t = next(iter(_props(doc, "type")), "other")
            for v in _props(doc, "number"):
                ids.append({"type": t if t in IdentifierType.__members__ else "other",
                            "value": v, "country": next(iter(_props(doc, "country")), None),
                            "note": None if t in IdentifierType.__members__ else t})
        if kind is EntityKind.organisation and _props(ent, "swiftBic"):
            kind = EntityKind.bank
        measures = [_measure(s) for s in sanctions.get(eid, ())]
        if not measures and _has_topic(ent, ("sanction",)):
            measures = [{"type": "sanction", "authority": AUTHORITY, "date_basis": "unknown",
                         "note": "topics " + ", ".join(_props(ent, "topics"))
                         + ("; datasets " + ", ".join(ent.get("datasets") or [])
                            if ent.get("datasets") else "")}]
        addresses = [_address(store.entities[a]) for a in _props(ent, "addressEntity")
                     if a in store.entities]
        try:
            births = [_birth(v) for v in _props(ent, "birthDate")]
        except ValueError as exc:
            raise ListError(f"{where}: property birthDate: {exc}") from None
        data = {
            "id": eid, "list_id": list_id, "kind": kind, "names": names,
            "identifiers": ids, "birth_dates": births,
            "birth_places": _props(ent, "birthPlace"),
            "nationalities": [_country(c) for c in _props(ent, "nationality")],
            "countries": list(dict.fromkeys(_country(c) for p in COUNTRY_PROPS
                                            for c in _props(ent, p))),
            "addresses": [a for a in addresses if a["text"] or a["city"] or a["country"]],
            "measures": measures,
            "sources": _props(ent, "sourceUrl"),
            "notes": "; ".join(_props(ent, "notes")) or None,
        }
        entities.append(build(Entity, data, where))
    if not entities:
        raise ListError(f"{where0}: no party with topic {', '.join(topics)}; choose other "
                        "topics, or this is not a sanctions dataset")
    notes = [f"FollowTheMoney entities with topics {', '.join(topics)}"]
    if store.version:
        notes.append(f"OpenSanctions version {store.version}")
    return WatchList(id=list_id, authority=AUTHORITY,
                     title=title or "OpenSanctions (FollowTheMoney entities)",
                     source="https://www.opensanctions.org/", version=make_version(
                         store.sources, store.published), entities=tuple(entities),
                     notes=tuple(notes), path=str(store.sources[0]) if store.sources else None)


def load_ftm(path: str | Path, list_id: str = LIST_ID,
             topics: Sequence[str] = DEFAULT_TOPICS, deltas: str | Path | None = None
             ) -> WatchList:
    """An FtM export as a list (parties with one of `topics`), after applying the delta
    chain in the directory `deltas` when given."""
    store = FtmStore.load(path)
    if deltas is not None:
        store.apply_chain(deltas)
    return store.to_watchlist(topics, list_id)


def ftm_versions(path: str | Path, deltas: str | Path, list_id: str = LIST_ID,
                 topics: Sequence[str] = DEFAULT_TOPICS) -> list[tuple[str, WatchList]]:
    """The list at the export's version and after each delta of the chain, in order."""
    store = FtmStore.load(path)
    out = [(store.version or "base", store.to_watchlist(topics, list_id))]
    directory = Path(deltas)
    versions, _ = read_delta_index(directory / "delta.json")
    for version, _url in versions:
        if store.version is not None and version <= store.version:
            continue
        store.apply(directory / version / "entities.delta.json", version)
        out.append((version, store.to_watchlist(topics, list_id)))
    return out


# -- our models -> FtM ---------------------------------------------------------------------------

def _birth_text(b: BirthDate) -> list[str]:
    if b.date:
        return [b.date.isoformat()]
    if b.year_from is None:
        return []
    to = b.year_to if b.year_to is not None else b.year_from
    return [str(y) for y in range(b.year_from, to + 1)][:20]


def _country_code(text: str) -> str | None:
    try:
        return to_alpha2(text).lower()
    except ValueError:
        return None


def export_entities(lists: Iterable[WatchList]) -> Iterator[dict[str, Any]]:
    """FtM entities for every entry of `lists`: the party (id `LIST-ID`), one Sanction entity
    per measure and one Identification per identifier FtM has no property for."""
    for wl in lists:
        for e in wl.entities:
            yield from _export_entity(wl, e)


def _export_entity(wl: WatchList, e: Entity) -> Iterator[dict[str, Any]]:
    pid = f"{wl.id}-{e.id}"
    props: dict[str, list[str]] = {}

    def add(prop: str, value: str | None) -> None:
        if value and value not in props.setdefault(prop, []):
            props[prop].append(value)

    for n in e.names:
        add(STRENGTH_PROP[n.strength], n.value)
    extra = []
    for i in e.identifiers:
        prop = TYPE_PROP.get(i.type)
        if prop and not i.note and not i.country:
            add(prop, i.value)
        else:
            extra.append(i)
    for b in e.birth_dates:
        for v in _birth_text(b):
            add("birthDate", v)
    for p in e.birth_places:
        add("birthPlace", p)
    for c in e.nationalities:
        add("nationality", _country_code(c))
    for c in e.countries:
        add("country", _country_code(c))
    if e.notes:
        add("notes", e.notes)
    for s in e.sources:
        add("sourceUrl", s)
    props["topics"] = ["sanction"]  # an entry of a sanctions list
    yield {"id": pid, "schema": KIND_SCHEMA[e.kind], "properties": props,
           "datasets": [wl.id], "target": True}
    for k, i in enumerate(extra):
        yield {"id": f"{pid}-id{k}", "schema": "Identification", "datasets": [wl.id],
               "properties": {"holder": [pid], "number": [i.value], "type": [str(i.type)],
                              **({"country": [i.country]} if i.country else {}),
                              **({"summary": [i.note]} if i.note else {})}}
    for k, m in enumerate(e.measures):
        sp: dict[str, list[str]] = {"entity": [pid], "authority": [m.authority],
                                    "provisions": [str(m.type)],
                                    "summary": [BASIS_PREFIX + str(m.date_basis)]}
        if m.program:
            sp["program"] = [m.program]
        if m.effective_from:
            sp["startDate"] = [m.effective_from.isoformat()]
        if m.announced:
            sp["listingDate"] = [m.announced.isoformat()]
        if m.end:
            sp["endDate"] = [m.end.isoformat()]
        if m.note:
            sp["reason"] = [m.note]
        if m.source:
            sp["sourceUrl"] = [m.source]
        yield {"id": f"{pid}-m{k}", "schema": "Sanction", "properties": sp,
               "datasets": [wl.id]}


def write_ftm(lists: Iterable[WatchList], out: Any) -> int:
    """Write `lists` as FtM JSON lines to the text stream `out`; returns the entities written."""
    n = 0
    for ent in export_entities(lists):
        out.write(json.dumps(ent, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n

