"""Rules in words, for `screen rules`: what a rule looks at, when it fires and what it decides."""

from __future__ import annotations

from collections.abc import Sequence

from screening.rules.schema import IfBlank, MatchFilter, Rule


def _join(items: Sequence[str], last: str = "or") -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _words(values: Sequence[object]) -> list[str]:
    return [str(getattr(v, "value", v)).replace("_", " ") for v in values]


def conditions_in_words(rule: Rule) -> list[str]:
    """One sentence per condition of `rule`."""
    c = rule.conditions
    out: list[str] = []
    if c.is_country_rule:
        what = []
        if c.country_measure_ids:
            what.append("country measure " + _join(list(c.country_measure_ids)))
        if c.country_measure_types:
            what.append("a country measure of type " + _join(_words(c.country_measure_types)))
        out.append("the export falls under " + _join(what))
        if c.destination_countries:
            out.append("the destination (or the consignee's country when it is blank) is "
                       + _join(list(c.destination_countries)))
        if c.hs_prefixes:
            out.append("the HS code starts with " + _join(list(c.hs_prefixes)))
    else:
        who = _join(_words(c.roles)) if c.roles else "any party"
        out.append(f"{who} matches a list entry"
                   + (f" by {_join(_words(c.match_types))}" if c.match_types else ""))
        if c.match is MatchFilter.strong:
            out.append("the match is strong (at or above the block threshold, not a weak alias)")
        elif c.match is MatchFilter.weak:
            out.append("the match is weak (between the review and block thresholds, or a weak "
                       "alias)")
        if c.measure_types:
            out.append("the entry has a measure of type " + _join(_words(c.measure_types))
                       + " in force on the screening date")
        else:
            out.append("the entry has a measure in force on the screening date")
    if c.lists:
        out.append("in list " + _join(list(c.lists)))
    if c.authorities:
        out.append("imposed by " + _join(list(c.authorities)))
    for name, allowed in c.record.items():
        out.append(f"the record's {name.replace('_', ' ')} is " + _join(list(allowed)))
    if c.record or c.destination_countries or c.hs_prefixes:
        if c.if_blank is IfBlank.skip:
            out.append("a blank field it needs: the rule does not fire")
        else:
            out.append(f"a blank field it needs: {c.if_blank.value} at most (fail closed)")
    return out


def describe(rule: Rule) -> list[str]:
    """`rule` as readable lines: heading, when it fires, validity, basis, source, note."""
    kinds = _join([k.value for k in rule.record_kinds], "and")
    head = f"{rule.id}: {rule.outcome.value} ({kinds} records)"
    if rule.fallback:
        head += ", fallback: only for a hit no other rule decided"
    lines = [head, f"  {rule.description}", "  fires when:"]
    lines += [f"    - {s}" for s in conditions_in_words(rule)]
    if rule.outcome.value == "BLOCK" and not rule.conditions.is_country_rule:
        lines.append("    (a weak match gives REVIEW at most)")
    if rule.valid_from or rule.valid_to:
        lines.append(f"  valid: from {rule.valid_from or 'always'}"
                     + (f" until {rule.valid_to} (exclusive)" if rule.valid_to else ""))
    if rule.legal_basis:
        lines.append(f"  legal basis: {rule.legal_basis}")
    if rule.source:
        lines.append(f"  source: {rule.source}")
    if rule.note:
        lines.append("  note: " + " ".join(rule.note.split()))
    return lines
