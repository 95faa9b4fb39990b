"""Effective-date rule engine: rules as data (TOML), applied to hits and to goods/destinations.

Public API: `RuleSet` (`RuleSet.load(paths)`, `.check_lists(list_ids)`,
`.evaluate(record, hits, on, country_measures, list_versions) -> (reasons, notes)`),
`builtin_rules()`, `RuleError`, `AnnouncedPolicy`, `Rule`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from screening.package_data import package_dir
from screening.rules.loader import RuleError, parse_rules
from screening.rules.ruleset import RuleSet
from screening.rules.schema import AnnouncedPolicy, Rule
from screening.rules.timing import Timing, timing

PACKAGE = "screening.builtin_rules"


BUILTIN_DIR = package_dir(PACKAGE)
"""The built-in rule files: rules/*.toml of the source tree, shipped in the package as
`screening.builtin_rules` (setup.py maps the folder); None if the package data is missing."""


def builtin_rule_paths() -> list[Path]:
    """The built-in rule files, sorted by name; RuleError if the package holds none."""
    files = sorted(BUILTIN_DIR.glob("*.toml")) if BUILTIN_DIR is not None else []
    if not files:
        raise RuleError(f"the built-in rules are missing: package data {PACKAGE} holds no "
                        "*.toml file (a broken install: reinstall screening, or pass --rules "
                        "files)")
    return files


@lru_cache(maxsize=8)
def _builtin(policy: AnnouncedPolicy) -> RuleSet:
    return RuleSet.load(builtin_rule_paths(), announced_policy=policy)


def builtin_rules(announced_policy: AnnouncedPolicy | str = AnnouncedPolicy.conservative
                  ) -> RuleSet:
    """The built-in rules (rules/*.toml), loaded once per policy and cached."""
    return _builtin(AnnouncedPolicy(announced_policy))


__all__ = ["RuleSet", "RuleError", "Rule", "AnnouncedPolicy", "Timing", "timing",
           "builtin_rules", "builtin_rule_paths", "parse_rules", "BUILTIN_DIR"]
