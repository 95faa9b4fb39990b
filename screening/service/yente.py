"""The yente-compatible `/match` adapter: FollowTheMoney-style queries in, scored list entries
out as FollowTheMoney-like entities. The vocabulary (schemata, properties) is data:
`screening/data/ftm.toml`.

Scores are this engine's: the best name score of any query name against any list name, or 1.0
for an identifier (BIC, registration number, ...) listed for the entry. Birth dates and
countries are compared and reported as features but do not lower the score (a sanctions match
is not dismissed on a date alone; an analyst sees the mismatch).
"""

from __future__ import annotations

import re
import tomllib
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from screening.countries import to_alpha2
from screening.engine import Screener
from screening.models import BirthDate, Entity, EntityKind

MAX_VALUES = 20
"""At most this many values per query property."""
MAX_NAMES = 20
"""At most this many names per query (name, alias, weakAlias, previousName together)."""
MAX_QUERIES = 100
"""At most this many queries per request (as yente's default batch limit)."""
MAX_VALUE_CHARS = 500
MATCHER_NAME = "screening-name-v1"


class MatchQueryError(ValueError):
    """A query that cannot be used; `field` is where (e.g. queries.q1.properties.name)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Vocabulary:
    query_schemata: Mapping[str, str]
    query_properties: Mapping[str, str]
    entity_schemata: Mapping[str, str]
    name_properties: Mapping[str, str]
    identifier_properties: Mapping[str, str]


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("screening.data").joinpath("ftm.toml").read_text("utf-8")
    d = tomllib.loads(text)
    return Vocabulary(d["query_schemata"], d["query_properties"], d["entity_schemata"],
                      d["name_properties"], d["identifier_properties"])


FEATURES: dict[str, str] = {
    "name_match": "Best similarity of a query name to a list name (this engine's name score).",
    "swift_bic_match": "A query BIC belongs to an institution listed with that BIC.",
    "identifier_match": "A query identifier equals one listed for the entry.",
    "birth_date_match": "A query birth date agrees with a listed one (year, month, day given).",
    "birth_date_mismatch": "The entry lists birth dates and none agrees with the query's.",
    "country_match": "A query country is among the entry's nationalities or countries.",
    "country_mismatch": "The entry lists countries and none is among the query's.",
}


def matcher_docs() -> dict[str, dict[str, Any]]:
    """yente's `matcher` block: each feature with a description and its weight in the score
    (1 for the features the score is the maximum of, 0 for those only reported)."""
    scored = {"name_match", "swift_bic_match", "identifier_match"}
    return {k: {"description": v, "coefficient": 1.0 if k in scored else 0.0,
                "url": "https://example.invalid/screening/README.md#service"}
            for k, v in FEATURES.items()}


# -- queries -----------------------------------------------------------------------------------

@dataclass
class Query:
    schema: str
    target: str
    """person, organisation, vessel, aircraft or any."""
    names: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    bics: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)


def _values(raw: Any, where: str) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    if len(items) > MAX_VALUES:
        raise MatchQueryError(where, f"at most {MAX_VALUES} values")
    out = []
    for i, v in enumerate(items):
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            raise MatchQueryError(f"{where}[{i}]", "must be a string")
        s = " ".join(str(v).split())
        if len(s) > MAX_VALUE_CHARS:
            raise MatchQueryError(f"{where}[{i}]", f"longer than {MAX_VALUE_CHARS} characters")
        if s:
            out.append(s)
    return out


def parse_query(key: str, schema: str, properties: Mapping[str, Any]) -> Query:
    """Read one yente query example; MatchQueryError names the offending field."""
    voc = vocabulary()
    base = f"queries.{key}"
    if schema not in voc.query_schemata:
        raise MatchQueryError(f"{base}.schema", f"{schema!r} is not one of "
                              + ", ".join(sorted(voc.query_schemata)))
    q = Query(schema=schema, target=voc.query_schemata[schema])
    parts: dict[str, list[str]] = {}
    for prop, raw in properties.items():
        where = f"{base}.properties.{prop}"
        use = voc.query_properties.get(prop)
        if use is None:
            raise MatchQueryError(where, "unknown property (see screening/data/ftm.toml)")
        vals = _values(raw, where)
        if vals:
            q.properties[prop] = vals
        if use == "name":
            q.names += vals
        elif use == "name_part":
            parts[prop] = vals
        elif use == "birth_date":
            for i, v in enumerate(vals):
                if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
                    raise MatchQueryError(f"{where}[{i}]", f"{v!r} is not yyyy, yyyy-mm or "
                                          "yyyy-mm-dd")
            q.birth_dates += vals
        elif use == "country":
            for i, v in enumerate(vals):
                try:
                    q.countries.add(to_alpha2(v))
                except ValueError:
                    raise MatchQueryError(f"{where}[{i}]", f"{v!r} is not a known country "
                                          "code or name") from None
        elif use == "bic":
            q.bics += [v.replace(" ", "").upper() for v in vals]
        elif use == "identifier":
            q.identifiers += [norm_identifier(v) for v in vals if norm_identifier(v)]
    if not q.names and parts:
        order = [p for p, u in voc.query_properties.items() if u == "name_part"]
        q.names.append(" ".join(v for p in order for v in parts.get(p, ())))
    if len(q.names) > MAX_NAMES:
        raise MatchQueryError(f"{base}.properties", f"{len(q.names)} names; at most "
                              f"{MAX_NAMES} per query")
    if not (q.names or q.bics or q.identifiers):
        raise MatchQueryError(f"{base}.properties", "give a name (name, alias, firstName/"
                              "lastName, ...) or an identifier (swiftBic, registrationNumber, "
                              "...)")
    return q


def norm_identifier(value: str) -> str:
    return re.sub(r"[\W_]+", "", value).casefold()


# -- per-screener caches -------------------------------------------------------------------------

_ID_INDEX: weakref.WeakKeyDictionary[Screener, dict[str, list[Entity]]] = (
    weakref.WeakKeyDictionary())
_FTM: weakref.WeakKeyDictionary[Screener, dict[tuple[str, str], dict[str, Any]]] = (
    weakref.WeakKeyDictionary())


def _identifier_index(screener: Screener) -> dict[str, list[Entity]]:
    idx = _ID_INDEX.get(screener)
    if idx is None:
        idx = {}
        for wl in screener.lists:
            for e in wl.entities:
                for ident in e.identifiers:
                    k = norm_identifier(ident.value)
                    if k:
                        idx.setdefault(k, []).append(e)
        _ID_INDEX[screener] = idx
    return idx


def ftm_id(e: Entity) -> str:
    """Unique across lists: `list_id:entity_id` (as the audit log writes hits)."""
    return f"{e.list_id}:{e.id}"


def _birth_text(b: BirthDate) -> str:
    if b.date:
        return b.date.isoformat()
    if b.year_from is not None and b.year_to not in (None, b.year_from):
        return f"{b.year_from}/{b.year_to}"
    return str(b.year_from)


def to_ftm(screener: Screener, e: Entity) -> dict[str, Any]:
    """A list entry as a FollowTheMoney-like entity (cached per screener)."""
    cache_ = _FTM.setdefault(screener, {})
    key = (e.list_id, e.id)
    got = cache_.get(key)
    if got is not None:
        return got
    voc = vocabulary()
    props: dict[str, list[str]] = {}

    def add(prop: str, values: Iterable[str | None]) -> None:
        for v in values:
            if v and v not in props.setdefault(prop, []):
                props[prop].append(v)

    for n in e.names:
        add(voc.name_properties[str(n.strength)], [n.value])
    for i in e.identifiers:
        add(voc.identifier_properties.get(str(i.type), "idNumber"), [i.value])
    add("birthDate", (_birth_text(b) for b in e.birth_dates))
    add("birthPlace", e.birth_places)
    add("nationality", e.nationalities)
    add("country", e.countries)
    add("address", (", ".join(x for x in (a.text, a.city, a.country) if x)
                    for a in e.addresses))
    add("program", (m.program or f"{m.authority} {m.type}" for m in e.measures))
    add("topics", ["sanction"])
    add("sourceUrl", e.sources)
    add("notes", [e.notes])
    add("associates", (r.name for r in e.relations))
    got = {"id": ftm_id(e), "caption": e.primary_name,
           "schema": voc.entity_schemata.get(str(e.kind), "LegalEntity"),
           "properties": {k: v for k, v in props.items() if v},
           "datasets": [e.list_id], "referents": [e.id], "target": True,
           "first_seen": None, "last_seen": None, "last_change": None}
    cache_[key] = got
    return got


# -- matching ----------------------------------------------------------------------------------

def _kind_ok(target: str, kind: EntityKind) -> bool:
    if target == "any":
        return True
    if target == "organisation":
        return kind is not EntityKind.person
    return kind.value == target


def _search_kind(target: str) -> str | None:
    if target == "any":
        return None
    return "person" if target == "person" else "organisation"


def _entity_countries(e: Entity) -> set[str]:
    out = set()
    for v in (*e.nationalities, *e.countries, *(a.country for a in e.addresses if a.country)):
        try:
            out.add(to_alpha2(v))
        except ValueError:
            continue
    return out


def _birth_agrees(query: str, b: BirthDate) -> bool:
    year = int(query[:4])
    if b.date is not None:
        listed = b.date.isoformat()
        return listed.startswith(query) or (len(query) == 10 and query == listed)
    lo = b.year_from if b.year_from is not None else year
    hi = b.year_to if b.year_to is not None else lo
    return lo <= year <= hi


@dataclass
class Scored:
    entity: Entity
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    explanations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    include_dataset: Sequence[str] = ()
    exclude_dataset: Sequence[str] = ()
    exclude_schema: Sequence[str] = ()
    topics: Sequence[str] = ()
    exclude_entity_ids: Sequence[str] = ()

    def allows(self, e: Entity, schema: str) -> bool:
        if self.include_dataset and e.list_id not in self.include_dataset:
            return False
        if e.list_id in self.exclude_dataset or schema in self.exclude_schema:
            return False
        if self.topics and "sanction" not in self.topics:
            return False
        return not (self.exclude_entity_ids
                    and (ftm_id(e) in self.exclude_entity_ids
                         or e.id in self.exclude_entity_ids))


def match(screener: Screener, q: Query, limit: int, cutoff: float, filters: Filters,
          datasets: Sequence[str] | None) -> tuple[list[Scored], int]:
    """The entries `q` matches, best first (at most `limit`), and how many scored above
    `cutoff` in all. `datasets`: the list ids searched (None: all)."""
    found: dict[tuple[str, str], Scored] = {}

    def entry(e: Entity) -> Scored | None:
        if datasets is not None and e.list_id not in datasets:
            return None
        if not _kind_ok(q.target, e.kind):
            return None
        key = (e.list_id, e.id)
        if key not in found:
            found[key] = Scored(e)
        return found[key]

    depth = max(limit * 3, 20)
    for name in q.names:
        for m in screener.search(name, kind=_search_kind(q.target), limit=depth):
            s = entry(m.entity)
            if s is None:
                continue
            if m.score > s.features.get("name_match", -1.0):
                s.features["name_match"] = round(m.score, 4)
                s.explanations = [e for e in s.explanations if not e.startswith("name ")]
                s.explanations.append(f"name {name!r} ~ {m.strength} name {m.name!r}: "
                                      f"{m.explanation}")
    for bic in q.bics:
        for e, _listed, how in screener.identifiers.lookup_bic(bic):
            s = entry(e)
            if s is not None:
                s.features["swift_bic_match"] = 1.0
                s.explanations.append(how)
    id_index = _identifier_index(screener)
    for ident in q.identifiers:
        for e in id_index.get(ident, ()):
            s = entry(e)
            if s is not None and "identifier_match" not in s.features:
                s.features["identifier_match"] = 1.0
                s.explanations.append(f"identifier {ident!r} is listed for the entry")
    out = []
    for s in found.values():
        s.score = max(s.features.values(), default=0.0)
        _compare_facts(q, s)
        if s.score > cutoff and filters.allows(s.entity, to_ftm(screener, s.entity)["schema"]):
            out.append(s)
    out.sort(key=lambda s: (-s.score, s.entity.list_id, s.entity.id))
    return out[:limit], len(out)


def _compare_facts(q: Query, s: Scored) -> None:
    e = s.entity
    if q.birth_dates and e.birth_dates:
        if any(_birth_agrees(d, b) for d in q.birth_dates for b in e.birth_dates):
            s.features["birth_date_match"] = 1.0
        else:
            s.features["birth_date_mismatch"] = 1.0
            s.explanations.append("birth date differs: query " + ", ".join(q.birth_dates)
                                  + "; listed " + ", ".join(_birth_text(b)
                                                            for b in e.birth_dates))
    if q.countries:
        listed = _entity_countries(e)
        if listed:
            if q.countries & listed:
                s.features["country_match"] = 1.0
            else:
                s.features["country_mismatch"] = 1.0
