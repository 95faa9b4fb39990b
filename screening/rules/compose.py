"""Which rules a run uses: the built-in rules, `--rules` files that replace them, and
`--add-rules` files added to either.

Replacing the built-in rules never silently drops the fail-closed fallback: when no `--rules`
file has a fallback rule of its own, the built-in fallback (`listed-party-review`: a listed party
with a measure in force that no rule covers goes to REVIEW) is kept for the record kinds the
files cover, and the run says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from screening.rules.loader import RuleError, load_rule_files
from screening.rules.ruleset import RuleSet
from screening.rules.schema import Rule


def compose_rules(rules: Sequence[str] = (), add_rules: Sequence[str] = ()
                  ) -> tuple[RuleSet | None, list[str]]:
    """(the rule set, notes on how it was made); (None, []) means the built-in rules as they
    are. Rule ids must be unique across everything loaded (RuleError otherwise)."""
    from screening.rules import builtin_rules

    if not rules and not add_rules:
        return None, []
    notes: list[str] = []
    builtin = builtin_rules()
    if rules:
        base = list(load_rule_files(rules))
        kept = fallback_rules(base)
        base += kept
        if kept:
            notes.append("kept the built-in fallback rule " + ", ".join(r.id for r in kept)
                         + " for " + "/".join(sorted(str(k) for k in kept[0].record_kinds))
                         + " records (none of the --rules files has a fallback rule)")
    else:
        base = list(builtin.rules)
    extra = load_rule_files(add_rules) if add_rules else []
    clash = sorted({r.id for r in extra} & {r.id for r in base})
    if clash:
        raise RuleError(f"--add-rules: rule id(s) {', '.join(clash)} already defined by the "
                        f"{'--rules files' if rules else 'built-in rules'}; rename them, or "
                        "replace the rules with --rules")
    return RuleSet([*base, *extra], builtin.announced_policy), notes


def fallback_rules(rules: Sequence[Rule]) -> list[Rule]:
    """The built-in fallback rules to add to `rules` that replace the built-in rules: none if
    one of `rules` is a fallback rule; else each built-in fallback, for the record kinds
    `rules` cover (a kind they do not cover stays uncovered: its records are ERROR rows,
    never screened by the fallback alone)."""
    from screening.rules import builtin_rules

    if any(r.fallback for r in rules):
        return []
    kinds = {k for r in rules for k in r.record_kinds}
    ids = {r.id for r in rules}
    return [r.model_copy(update={"record_kinds": tuple(k for k in r.record_kinds if k in kinds)})
            for r in builtin_rules().rules
            if r.fallback and r.id not in ids and kinds & set(r.record_kinds)]


def keep_fallback(ruleset: RuleSet) -> RuleSet:
    """`ruleset` with the built-in fallback rules it lacks (see `fallback_rules`)."""
    kept = fallback_rules(ruleset.rules)
    return RuleSet([*ruleset.rules, *kept], ruleset.announced_policy) if kept else ruleset


def describe_origin(rules: Sequence[str] = (), add_rules: Sequence[str] = ()) -> str:
    """Where the rules of a run come from, in words (for the summary)."""
    where = "files: " + ", ".join(rules) if rules else "built-in"
    if add_rules:
        where += " + added: " + ", ".join(add_rules)
    return where
