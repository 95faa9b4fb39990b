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
        if not any(r.fallback for r in base):
            # for the record kinds the files cover: a kind no file covers stays uncovered (its
            # records are ERROR rows, never screened by the fallback alone)
            kinds = {k for r in base for k in r.record_kinds}
            kept = [r.model_copy(update={"record_kinds": tuple(k for k in r.record_kinds
                                                               if k in kinds)})
                    for r in builtin.rules if r.fallback and r.id not in {b.id for b in base}
                    and kinds & set(r.record_kinds)]
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


def describe_origin(rules: Sequence[str] = (), add_rules: Sequence[str] = ()) -> str:
    """Where the rules of a run come from, in words (for the summary)."""
    where = "files: " + ", ".join(rules) if rules else "built-in"
    if add_rules:
        where += " + added: " + ", ".join(add_rules)
    return where
