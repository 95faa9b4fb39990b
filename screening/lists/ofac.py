"""OFAC SDN legacy CSV importer (sdn.csv + alt.csv + add.csv + optional sdn_comments.csv).

No header; `-0- ` means empty; CRLF line ends; a stray 0x1A may end a file. Malformed rows
(wrong column count, non-numeric or duplicate ent_num) reject the load with file:line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from screening.lists.errors import ListError, build, require_entries
from screening.lists.ofac_remarks import parse_remarks
from screening.lists.version import date_from_name, make_version
from screening.models import (
    Address,
    DateBasis,
    Entity,
    Measure,
    MeasureType,
    Name,
    NameStrength,
    Relation,
    WatchList,
)

LIST_ID = "ofac-sdn"
AUTHORITY = "OFAC"
TITLE = "OFAC Specially Designated Nationals and Blocked Persons List"
SOURCE = "https://ofac.treasury.gov/sanctions-list-service"
SDN_TYPES = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft",
             None: "organisation"}
ALT_TYPES = {"aka": NameStrength.strong, "fka": NameStrength.former, "nka": NameStrength.strong}
COLUMNS = {"sdn": 12, "alt": 5, "add": 6, "sdn_comments": 2}


@dataclass
class SdnRow:
    ent_num: str
    line: int
    cells: list[str | None]  # SDN_Name, SDN_Type, Program, Title, Call_Sign, ..., Remarks


def _cell(v: str) -> str | None:
    v = v.strip()
    return None if v == "-0-" or not v else v


def read_rows(path: Path, kind: str) -> Iterator[tuple[int, list[str | None]]]:
    """Yield (line number, cells) for each row, checking the column count."""
    raw = path.read_bytes().rstrip(b"\x1a\r\n")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not row or row == [""]:
                continue
            if len(row) != COLUMNS[kind]:
                raise ListError(f"{path}:{start}: {kind} row has {len(row)} columns, "
                                f"want {COLUMNS[kind]}")
            ent = row[0].strip()
            if not ent.isdigit():
                raise ListError(f"{path}:{start}: ent_num {row[0]!r} is not a number")
            yield start, [ent] + [_cell(c) for c in row[1:]]
    except csv.Error as e:
        raise ListError(f"{path}:{reader.line_num}: CSV error: {e}") from None


def read_sdn(path: Path) -> dict[str, SdnRow]:
    """ent_num -> row of an sdn.csv file, rejecting duplicate ent_nums."""
    rows: dict[str, SdnRow] = {}
    for line, cells in read_rows(path, "sdn"):
        ent = cells[0]
        assert ent is not None
        if ent in rows:
            raise ListError(f"{path}:{line}: duplicate ent_num {ent} (first at line "
                            f"{rows[ent].line})")
        rows[ent] = SdnRow(ent, line, cells[1:])
    require_entries(path, len(rows), "SDN entries (rows)")
    return rows


def set_files(path: Path) -> dict[str, Path]:
    """The files of an OFAC set: a directory with sdn.csv etc., or a single sdn.csv file."""
    if path.is_dir():
        files = {k: path / f"{k}.csv" for k in COLUMNS if (path / f"{k}.csv").exists()}
        if "sdn" not in files:
            raise ListError(f"{path}: no sdn.csv in this directory")
        return files
    return {"sdn": path}


def build_entity(row: SdnRow, list_id: str, source: str, extra: dict | None = None,
                 warnings: list[str] | None = None) -> Entity:
    """One SDN row (plus alt/add data in `extra`) as an Entity with an OFAC asset freeze."""
    name, sdn_type, program = row.cells[0], row.cells[1], row.cells[2]
    remarks = row.cells[10]
    facts = parse_remarks(remarks)
    where = f"{source}:{row.line}: ent_num {row.ent_num}"
    if warnings is not None:
        warnings.extend(f"{where}: {w}" for w in facts.warnings)
    kind = SDN_TYPES.get(sdn_type, None)
    if kind is None:
        raise ListError(f"{where}: unknown SDN_Type {sdn_type!r}")
    if kind == "organisation":
        has_bic = any(i.type == "bic" for i in facts.identifiers)
        kind = facts.target_kind or ("bank" if has_bic else kind)
    programs = [p.strip() for p in (program or "").split("] [") if p.strip()]
    extra = extra or {}
    names = [Name(value=name or "", strength=NameStrength.primary)] if name else []
    names += extra.get("names", []) + facts.names
    data = {
        "id": row.ent_num, "list_id": list_id, "kind": kind, "names": _dedupe(names),
        "identifiers": facts.identifiers, "birth_dates": facts.birth_dates,
        "birth_places": facts.birth_places, "nationalities": _unique(facts.nationalities),
        "countries": _unique([a.country for a in extra.get("addresses", []) if a.country]),
        "addresses": extra.get("addresses", []),
        "relations": [Relation(name=n) for n in facts.linked_to],
        "measures": [Measure(type=MeasureType.asset_freeze, authority=AUTHORITY,
                             program=", ".join(programs) or None,
                             date_basis=DateBasis.unknown, source=source)],
        "sources": [source], "notes": remarks,
    }
    return build(Entity, data, where)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _dedupe(names: list[Name]) -> list[Name]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n.value not in seen:
            seen.add(n.value)
            out.append(n)
    return out


def _extras(files: dict[str, Path], sdn: dict[str, SdnRow], notes: list[str]) -> dict[str, dict]:
    extra: dict[str, dict] = {}
    orphans: dict[str, list[str]] = {}
    if "sdn_comments" in files:
        for line, (ent, more) in read_rows(files["sdn_comments"], "sdn_comments"):
            if ent not in sdn:
                orphans.setdefault("sdn_comments", []).append(f"{line}")
                continue
            cells = sdn[ent].cells
            cells[10] = (cells[10] or "") + (more or "")
    if "alt" in files:
        for line, (ent, _num, typ, name, _rem) in read_rows(files["alt"], "alt"):
            if ent not in sdn:
                orphans.setdefault("alt", []).append(f"{line}")
                continue
            if typ not in ALT_TYPES or not name:
                raise ListError(f"{files['alt']}:{line}: alt_type {typ!r} / alt_name {name!r} "
                                f"not usable (want aka, fka or nka and a name)")
            extra.setdefault(ent, {}).setdefault("names", []).append(
                Name(value=name, strength=ALT_TYPES[typ]))
    if "add" in files:
        for line, (ent, _num, addr, city, country, _rem) in read_rows(files["add"], "add"):
            if ent not in sdn:
                orphans.setdefault("add", []).append(f"{line}")
                continue
            if addr or city or country:
                extra.setdefault(ent, {}).setdefault("addresses", []).append(
                    Address(text=addr, city=city, country=country))
    for kind, lines in orphans.items():
        shown = ", ".join(lines[:20]) + (" ..." if len(lines) > 20 else "")
        notes.append(f"{files[kind]}: {len(lines)} row(s) refer to an ent_num not in sdn.csv and "
                     f"were ignored (lines {shown})")
    return extra


def load_ofac(path: Path, list_id: str = LIST_ID) -> WatchList:
    """Load an OFAC SDN legacy CSV set (directory) or a single sdn.csv file."""
    files = set_files(path)
    sdn = read_sdn(files["sdn"])
    notes: list[str] = []
    extra = _extras(files, sdn, notes)
    source = str(files["sdn"])
    warnings: list[str] = []
    entities = tuple(build_entity(r, list_id, source, extra.get(e), warnings)
                     for e, r in sdn.items())
    notes += warnings
    ordered = [files[k] for k in COLUMNS if k in files]
    return WatchList(id=list_id, authority=AUTHORITY, title=TITLE, source=SOURCE,
                     version=make_version(ordered, date_from_name(files["sdn"])),
                     entities=entities, notes=tuple(notes), path=str(path))
