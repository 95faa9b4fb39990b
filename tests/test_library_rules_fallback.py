"""Rules given to the library keep the fail-closed fallback, as the CLI's --rules does: a listed
party that no rule of the caller's files covers goes to REVIEW, never CLEAR (unless the caller
opts out with keep_fallback=False)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening import Decision, PaymentRecord, Screener
from screening.compiled import compile_snapshot
from screening.rules import RuleSet

IN_HOUSE = Path(__file__).parent / "fixtures" / "rules" / "in-house.toml"
# VTB Bank is listed (asset freeze); the in-house file only covers payment prohibitions of
# originators, so no rule of it covers VTB as beneficiary
VTB = PaymentRecord(id="X2", date=dt.date(2022, 4, 5), originator_name="Tanaka Trading Co",
                    beneficiary_name="VTB Bank", beneficiary_country="RU")
INTEGRAL = PaymentRecord(id="X1", date=dt.date(2022, 4, 5), originator_name="JSC Integral",
                         beneficiary_name="Mueller GmbH", beneficiary_country="DE")


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_library_rule_files_keep_the_fallback() -> None:
    s = Screener.load(rules=[IN_HOUSE])
    result = s.screen(VTB)
    assert result.decision is Decision.REVIEW
    assert "listed-party-review" in {r.rule_id for r in result.reasons}
    assert s.screen(INTEGRAL).decision is Decision.BLOCK  # the caller's own rule applies
    # the same for a RuleSet built by the caller
    assert Screener.load(rules=RuleSet.load([IN_HOUSE])).screen(VTB).decision is Decision.REVIEW


def test_keep_fallback_false_uses_exactly_the_given_rules() -> None:
    s = Screener.load(rules=[IN_HOUSE], keep_fallback=False)
    assert [r.id for r in s.rules.rules] == ["in-house-payment-prohibition"]
    assert s.screen(VTB).decision is Decision.CLEAR
    assert s.screen(INTEGRAL).decision is Decision.BLOCK


def test_rules_with_a_snapshot_keep_the_fallback(tmp_path: Path) -> None:
    snap = tmp_path / "lists.snap"
    compile_snapshot([], snap)
    assert Screener.load([snap], rules=[IN_HOUSE]).screen(VTB).decision is Decision.REVIEW
    assert Screener.load([snap], rules=[IN_HOUSE], keep_fallback=False).screen(
        VTB).decision is Decision.CLEAR
