"""Reading rule files (TOML): a bad file is rejected whole, naming file, rule and field."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from screening.rules.schema import Rule
from screening.tomlsafe import loads_toml


class RuleError(ValueError):
    """A rule file (or a set of rule files) that cannot be used, with every problem listed."""


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "rule"


def _problems(exc: ValidationError) -> list[str]:
    msgs = []
    for err in exc.errors():
        field = _loc(err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif err["type"] == "enum":
            msg = f"{msg} (got {err.get('input')!r})"
        msgs.append(f"field {field}: {msg}")
    return msgs


def parse_rules(text: str, source: str) -> list[Rule]:
    """Parse and validate one rule file's text. Raises RuleError listing every problem."""
    try:
        data = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:
        raise RuleError(f"{source}: TOML nested too deeply to read") from None
    problems: list[str] = []
    extra = sorted(set(data) - {"rule"})
    if extra:
        problems.append(f"{source}: unknown top-level key(s) {', '.join(extra)} "
                        "(a rule file holds [[rule]] tables only)")
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        problems.append(f"{source}: no [[rule]] tables")
        raw_rules = []
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for pos, raw in enumerate(raw_rules, start=1):
        rid = raw.get("id") if isinstance(raw, dict) else None
        where = f"{source}: rule #{pos}" + (f" (id {rid!r})" if rid else "")
        try:
            rule = Rule.model_validate(raw)
        except ValidationError as exc:
            problems.extend(f"{where}: {p}" for p in _problems(exc))
            continue
        if rule.id in seen:
            problems.append(f"{where}: field id: duplicate rule id (first used by rule "
                            f"#{seen[rule.id]})")
            continue
        seen[rule.id] = pos
        rules.append(rule)
    if problems:
        raise RuleError("rule file rejected:\n  " + "\n  ".join(problems))
    return rules


def load_rule_files(paths: Iterable[str | Path]) -> list[Rule]:
    """Load several rule files; rule ids must be unique across all of them."""
    rules: list[Rule] = []
    origin: dict[str, str] = {}
    problems: list[str] = []
    for p in paths:
        path = Path(p)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path}: cannot read rule file: {exc}") from None
        for rule in parse_rules(text, str(path)):
            if rule.id in origin:
                problems.append(f"{path}: rule {rule.id!r}: field id: duplicate rule id "
                                f"(already defined in {origin[rule.id]})")
                continue
            origin[rule.id] = str(path)
            rules.append(rule)
    if problems:
        raise RuleError("rule files rejected:\n  " + "\n  ".join(problems))
    return rules
