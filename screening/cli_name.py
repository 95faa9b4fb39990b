"""`screen name`: check one name, as `screen FILE` checks a row.

Exit 1 when a list entry matches at or above the review threshold with a measure in force on the
as-of date (today unless `--as-of`), 0 when none does. `--dob`, `--country` and `--kind` narrow:
an entry whose published birth dates or countries contradict them is shown as ruled out (an entry
that publishes none is never ruled out). Candidates below the review threshold are shown and
labelled as such; they never make the exit code 1.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from screening.countries import to_alpha2
from screening.models import Entity, EntityKind, NameStrength
from screening.rules.timing import timing

EXIT_NONE = 0
EXIT_MATCH = 1


@dataclass
class Checked:
    """One candidate with what the check found about it."""

    match: Any  # names.NameMatch
    label: str  # STRONG, review or below-threshold
    ruled_out: list[str] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    in_force: bool = False

    @property
    def counts(self) -> bool:
        """Whether this candidate makes the check a hit (exit 1)."""
        return self.label != "below-threshold" and not self.ruled_out and self.in_force


def parse_dob(text: str) -> tuple[int, dt.date | None]:
    """`--dob`: a year (1952) or a date (1952-10-07): (year, date or None)."""
    s = text.strip()
    if len(s) == 4 and s.isdigit():
        return int(s), None
    from screening.mapping import parse_date

    d = parse_date(s)
    return d.year, d


def _dob_conflict(e: Entity, year: int, date: dt.date | None) -> str | None:
    if not e.birth_dates:
        return None
    for b in e.birth_dates:
        if b.date is not None:
            if (date is None and b.date.year == year) or b.date == date:
                return None
        elif b.year_from is not None:
            to = b.year_to if b.year_to is not None else b.year_from
            if b.year_from - (1 if b.circa else 0) <= year <= to + (1 if b.circa else 0):
                return None
    shown = ", ".join(b.text or (str(b.date) if b.date else f"{b.year_from}")
                      for b in e.birth_dates)
    return f"born {shown}, not {date or year}"


def _countries(e: Entity) -> set[str]:
    out = set()
    values = [*e.countries, *e.nationalities, *(a.country for a in e.addresses if a.country),
              *(i.country for i in e.identifiers if i.country)]
    for v in values:
        try:
            out.add(to_alpha2(v))
        except ValueError:
            continue
    return out


def check(screener: Any, name: str, *, kind: str | None = None, limit: int = 10,
          on: dt.date, dob: str | None = None, country: str | None = None) -> list[Checked]:
    """The candidates for `name`, best first, each labelled and narrowed."""
    want_person = None if kind is None else kind == "person"
    year, date = parse_dob(dob) if dob else (0, None)
    code = to_alpha2(country) if country else None
    policy = screener.rules.announced_policy
    out = []
    for m in screener.search(name, kind=kind, limit=limit):
        th = screener.thresholds_for(m.entity.list_id)
        if m.score >= th.block and m.strength is not NameStrength.weak:
            label = "STRONG"
        elif m.score >= th.review:
            label = "review"
        else:
            label = "below-threshold"
        c = Checked(m, label)
        e = m.entity
        if want_person is not None and (e.kind is EntityKind.person) != want_person:
            c.ruled_out.append(f"a {e.kind}, not a {kind}")
        if dob:
            why = _dob_conflict(e, year, date)
            if why:
                c.ruled_out.append(why)
        if code:
            known = _countries(e)
            if known and code not in known:
                c.ruled_out.append(f"countries {', '.join(sorted(known))}, not {code}")
        for ms in e.measures:
            t = timing(ms, on, policy)
            c.measures.append({"type": ms.type.value, "authority": ms.authority,
                               "program": ms.program, "start": t.since() + t.until(),
                               "in_force": t.applies, "state": t.state.value})
        c.in_force = not e.measures or any(x["in_force"] for x in c.measures)
        out.append(c)
    return out


def render_text(name: str, found: list[Checked], screener: Any, on: dt.date) -> list[str]:
    th = screener.thresholds
    lines = [f"{name!r} on {on}: review from {th.review:.2f}, strong from {th.block:.2f}"]
    if not found:
        lines.append("no candidates")
    for c in found:
        m, e = c.match, c.match.entity
        flag = c.label
        if c.ruled_out:
            flag += ", ruled out"
        elif c.label != "below-threshold" and not c.in_force:
            flag += ", not in force"
        lines.append(f"{m.score:.3f} {flag:<17} {e.list_id}:{e.id}  {e.primary_name} ({e.kind})")
        if m.name != e.primary_name or str(m.strength) != "primary":
            lines.append(f"        matched {m.strength} name {m.name!r}")
        lines.append(f"        {m.explanation}")
        for why in c.ruled_out:
            lines.append(f"        ruled out: {why}")
        if not e.measures:
            lines.append("        measures: none published (treated as listed: fail closed)")
        for x in c.measures:
            state = "IN FORCE" if x["in_force"] else x["state"].replace("_", " ")
            lines.append(f"        measure: {x['type']} ({x['authority']}), {x['start']}: "
                         f"{state} on {on}")
    hits = sum(c.counts for c in found)
    lines.append(f"{hits} match(es) at or above review with a measure in force on {on}"
                 if hits else f"no match at or above review with a measure in force on {on}")
    return lines


def render_json(name: str, found: list[Checked], screener: Any, on: dt.date) -> str:
    th = screener.thresholds
    return json.dumps({
        "query": name, "as_of": on.isoformat(),
        "thresholds": {"review": th.review, "block": th.block},
        "hit": any(c.counts for c in found),
        "matches": [{
            "score": round(c.match.score, 4), "label": c.label, "counts": c.counts,
            "ruled_out": c.ruled_out, "in_force": c.in_force,
            "list_id": c.match.entity.list_id, "entity_id": c.match.entity.id,
            "entity_kind": str(c.match.entity.kind), "entity_name": c.match.entity.primary_name,
            "matched": c.match.name, "name_strength": str(c.match.strength),
            "explanation": c.match.explanation, "measures": c.measures,
        } for c in found]}, indent=2, ensure_ascii=False)
