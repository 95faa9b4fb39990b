"""RuleSet: applies dated rules to a record's hits and to its goods and destination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from screening.models import CountryMeasure, DateBasis, Measure, MeasureType
from screening.records import ExportRecord, Record
from screening.results import Decision, Hit, MatchStrength, Reason
from screening.rules.loader import RuleError, load_rule_files
from screening.rules.schema import AnnouncedPolicy, Conditions, IfBlank, MatchFilter, Rule
from screening.rules.timing import State, Timing, timing

UNLISTED_MEASURE = Measure(type=MeasureType.sanction, authority="unknown",
                           date_basis=DateBasis.unknown,
                           note="the entry carries no measure: treated as listed, type and "
                                "dates unknown")
"""Stands in for the measure of a list entry that carries none (fail closed)."""


def _cap(outcome: Decision, cap: Decision) -> Decision:
    return cap if cap.severity < outcome.severity else outcome


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


class RuleSet:
    """An ordered, immutable set of rules and the announced-date policy they run under.

    `RuleSet(rules, announced_policy="conservative")`; `RuleSet.load(paths)` reads rule files.
    """

    def __init__(self, rules: Sequence[Rule] = (),
                 announced_policy: AnnouncedPolicy | str = AnnouncedPolicy.conservative) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.announced_policy = AnnouncedPolicy(announced_policy)
        ids = [r.id for r in self.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise RuleError(f"duplicate rule id(s): {', '.join(dupes)}")
        self._party = tuple(r for r in self.rules
                            if not r.conditions.is_country_rule and not r.fallback)
        self._fallback = tuple(r for r in self.rules if r.fallback)
        self._country = tuple(r for r in self.rules if r.conditions.is_country_rule)

    @classmethod
    def load(cls, paths: Iterable[str | Path],
             announced_policy: AnnouncedPolicy | str = AnnouncedPolicy.conservative) -> RuleSet:
        """Load rule files (TOML, `[[rule]]` tables). A bad file raises RuleError naming the
        file, the rule (position and id) and the field; nothing is half-loaded."""
        return cls(load_rule_files(paths), announced_policy)

    def with_policy(self, announced_policy: AnnouncedPolicy | str) -> RuleSet:
        """The same rules under another announced-date policy."""
        return RuleSet(self.rules, announced_policy)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def check_lists(self, list_ids: Iterable[str]) -> None:
        """Raise RuleError if any rule is restricted to a list that is not loaded."""
        known = set(list_ids)
        problems = [f"rule {r.id!r}: field conditions.lists: list {lid!r} does not exist "
                    f"(loaded lists: {', '.join(sorted(known)) or 'none'})"
                    for r in self.rules for lid in r.conditions.lists if lid not in known]
        if problems:
            raise RuleError("rules refer to unknown lists:\n  " + "\n  ".join(problems))

    # -- evaluation ---------------------------------------------------------------------------
    def evaluate(self, record: Record, hits: Sequence[Hit], on: dt.date,
                 country_measures: Sequence[CountryMeasure] = (),
                 list_versions: Mapping[str, str] | None = None,
                 ) -> tuple[list[Reason], list[str]]:
        """Reasons (every rule that fired, each with its measure, hit and dates) and notes
        (hits that did not count because their measure was not in force on `on`, etc.).
        `list_versions` (list id -> version) lets a reason from a country measure cite the
        version of the list the measure is in, as hits do for entries."""
        ev = _Evaluation(self, record, on, list_versions or {})
        rules = [r for r in self._party if record.kind in r.record_kinds and r.in_validity(on)]
        for hit in hits:
            ev.party(hit, rules)
        fallback = [r for r in self._fallback
                    if record.kind in r.record_kinds and r.in_validity(on)]
        for hit in hits:
            if _hit_key(hit) not in ev.fired:
                ev.party(hit, fallback)
        for hit in hits:
            if _hit_key(hit) not in ev.fired and not ev.noted_hit(hit):
                types = ", ".join(sorted({m.type.value for m in hit.entity.measures})) or "none"
                ev.note(f"{_who(hit)} matched {_entry(hit)} but no rule applies to it in a "
                        f"{record.kind} record on {on} (measures: {types})")
        if isinstance(record, ExportRecord):
            for rule in self._country:
                if rule.in_validity(on):
                    ev.country(rule, record, country_measures)
        return list(ev.reasons.values()), ev.notes


def _hit_key(hit: Hit) -> tuple[str, str, str, str]:
    return (hit.role.value, hit.field, hit.list_id, hit.entity_id)


def _who(hit: Hit) -> str:
    return f"{hit.role.value} {hit.query!r}"


def _entry(hit: Hit) -> str:
    how = "identifier" if hit.match_type == "identifier" else "name"
    return (f"{hit.list_id} entry {hit.entity_id} ({hit.entity_name}, list version "
            f"{hit.list_version}) by {how} {hit.matched!r}, score {hit.score:.2f}")


def _hit_ok(c: Conditions, hit: Hit) -> bool:
    if c.roles and hit.role not in c.roles:
        return False
    if c.match_types and hit.match_type not in c.match_types:
        return False
    if c.lists and hit.list_id not in c.lists:
        return False
    if c.match is MatchFilter.strong and hit.strength is not MatchStrength.strong:
        return False
    return not (c.match is MatchFilter.weak and hit.strength is not MatchStrength.weak)


def _measure_ok(c: Conditions, m: Measure) -> bool:
    if c.measure_types and m.type not in c.measure_types:
        return False
    return not (c.authorities
                and m.authority.casefold() not in {a.casefold() for a in c.authorities})


class _Evaluation:
    """State of one `evaluate` call: reasons keyed for de-duplication, notes in order."""

    def __init__(self, rs: RuleSet, record: Record, on: dt.date,
                 list_versions: Mapping[str, str]) -> None:
        self.policy = rs.announced_policy
        self.record = record
        self.on = on
        self.list_versions = list_versions
        self.reasons: dict[tuple, Reason] = {}
        self.notes: list[str] = []
        self._noted: set[tuple] = set()
        self.fired: set[tuple[str, str, str, str]] = set()

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def noted_hit(self, hit: Hit) -> bool:
        return any(k[:4] == _hit_key(hit) for k in self._noted)

    def add(self, key: tuple, reason: Reason) -> None:
        old = self.reasons.get(key)
        if old is None or (reason.outcome.severity, reason.score or 0) > (
                old.outcome.severity, old.score or 0):
            self.reasons[key] = reason

    def _fields(self, c: Conditions) -> tuple[bool, Decision | None, str]:
        """Record-field conditions: (passes, outcome cap if a field is blank, explanation)."""
        cap: Decision | None = None
        said = []
        for name, allowed in c.record.items():
            value = getattr(self.record, name, None)
            if _blank(value):
                if c.if_blank is IfBlank.skip:
                    return False, None, ""
                cap = Decision(c.if_blank.value)
                said.append(f"{name} is blank, could be {'/'.join(allowed)} (fail closed)")
            elif str(value).strip().upper() not in allowed:
                return False, None, ""
            else:
                said.append(f"{name} {str(value).strip().upper()}")
        return True, cap, "; ".join(said)

    def _timing_note(self, hit: Hit, m: Measure, t: Timing) -> None:
        key = (*_hit_key(hit), m)
        if key in self._noted:
            return
        self._noted.add(key)
        what = f"its {m.type.value} measure ({m.authority})"
        if t.state is State.ended:
            verb = "was delisted" if t.end_label == "delisted" else "ended"
            tail = f"{verb} on {t.end}: no longer applies on {self.on}"
        elif t.state is State.not_yet:
            tail = f"is not in force on {self.on} ({t.since()})"
        else:
            tail = (f"has only an announcement date ({t.start}) and the announced-date policy "
                    f"is effective_only: not applied on {self.on}")
        self.note(f"{_who(hit)} matched {_entry(hit)} but {what} {tail}")

    def party(self, hit: Hit, rules: Sequence[Rule]) -> None:
        measures = hit.entity.measures or (UNLISTED_MEASURE,)
        for rule in rules:
            c = rule.conditions
            if not _hit_ok(c, hit):
                continue
            for i, m in enumerate(measures):
                if not _measure_ok(c, m):
                    continue
                t = timing(m, self.on, self.policy)
                if not t.applies:
                    self._timing_note(hit, m, t)
                    continue
                ok, blank_cap, fields = self._fields(c)
                if not ok:
                    continue
                outcome = rule.outcome
                caps = []
                if hit.strength is MatchStrength.weak:
                    outcome = _cap(outcome, Decision.REVIEW)
                    caps.append("weak match")
                if t.cap_review:
                    outcome = _cap(outcome, Decision.REVIEW)
                    caps.append("announced-only start under policy review")
                if blank_cap is not None:
                    outcome = _cap(outcome, blank_cap)
                text = (f"{outcome.value} by rule {rule.id}: {_who(hit)} matched {_entry(hit)}; "
                        f"{m.type.value} by {m.authority}"
                        f"{' (' + m.program + ')' if m.program else ''}, {t.since()}"
                        f"{t.until()}; applies on {self.on}"
                        f"{'; ' + fields if fields else ''}"
                        f"{'; REVIEW only: ' + ', '.join(caps) if caps else ''}")
                self.fired.add(_hit_key(hit))
                self.add((rule.id, *_hit_key(hit), i), Reason(
                    rule_id=rule.id, outcome=outcome, description=rule.description,
                    legal_basis=rule.legal_basis, measure_type=m.type.value,
                    measure_authority=m.authority, measure_from=t.start, measure_to=t.end,
                    date_basis=t.basis.value, measure_source=m.source, role=hit.role,
                    list_id=hit.list_id, list_version=hit.list_version,
                    entity_id=hit.entity_id, entity_name=hit.entity_name,
                    matched=hit.matched, score=hit.score, text=text,
                ))

    def country(self, rule: Rule, record: ExportRecord,
                country_measures: Sequence[CountryMeasure]) -> None:
        c = rule.conditions
        cms = [cm for cm in country_measures
               if (cm.id in c.country_measure_ids or cm.type in c.country_measure_types)
               and (not c.destination_countries or cm.country in c.destination_countries)
               and (not c.lists or cm.list_id in c.lists)
               and (not c.authorities or cm.authority.casefold()
                    in {a.casefold() for a in c.authorities})]
        if not cms:
            return
        cap: Decision | None = None
        said = []
        dest = (record.destination_country or record.consignee_country or "").strip().upper()
        if not dest:
            if c.if_blank is IfBlank.skip:
                return
            cap = Decision(c.if_blank.value)
            said.append("destination country is blank (fail closed)")
        else:
            cms = [cm for cm in cms if cm.country.upper() == dest]
            said.append(f"destination {dest}")
        hs = "".join(ch for ch in (record.hs_code or "") if ch.isdigit())
        if c.hs_prefixes:
            if not hs:
                if c.if_blank is IfBlank.skip:
                    return
                cap = _cap(cap or Decision.BLOCK, Decision(c.if_blank.value))
                said.append("HS code is blank (fail closed)")
            else:
                hit_prefix = next((p for p in c.hs_prefixes if hs.startswith(p)), None)
                if hit_prefix is None:
                    return
                said.append(f"HS {record.hs_code} under listed prefix {hit_prefix}")
        ok, blank_cap, fields = self._fields(c)
        if not ok:
            return
        if fields:
            said.append(fields)
        if blank_cap is not None:
            cap = _cap(cap or Decision.BLOCK, blank_cap)
        for cm in cms:
            version = self.list_versions.get(cm.list_id)
            cited = (f"list {cm.list_id or '(unnamed)'}"
                     + (f", list version {version}" if version else ""))
            t = timing(cm, self.on, self.policy)
            if not t.applies:
                self.note(f"export {record.id} ({'; '.join(said)}) falls under country measure "
                          f"{cm.id} ({cm.authority}; {cited}) but it is not in force on "
                          f"{self.on} ({t.since()}{t.until()})")
                continue
            outcome = rule.outcome
            caps = []
            if t.cap_review:
                outcome = _cap(outcome, Decision.REVIEW)
                caps.append("announced-only start under policy review")
            if cap is not None:
                outcome = _cap(outcome, cap)
            text = (f"{outcome.value} by rule {rule.id}: export {'; '.join(said)}; country "
                    f"measure {cm.id} ({cm.type.value} by {cm.authority}, {cm.country}: "
                    f"{cm.description}; {cited}), {t.since()}{t.until()}; applies on {self.on}"
                    f"{'; REVIEW only: ' + ', '.join(caps) if caps else ''}")
            self.add((rule.id, cm.list_id, cm.id), Reason(
                rule_id=rule.id, outcome=outcome, description=rule.description,
                legal_basis=rule.legal_basis, measure_type=cm.type.value,
                measure_authority=cm.authority, measure_from=t.start, measure_to=t.end,
                date_basis=t.basis.value, measure_source=cm.source, measure_id=cm.id,
                list_id=cm.list_id or None, list_version=version,
                matched=f"{cm.country} HS {record.hs_code or '(blank)'}", text=text,
            ))
