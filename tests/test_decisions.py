"""Analysts' decisions: suppression, every lapse cause, true matches, revocation, expiry and
four-eyes approval, applied through the real rule engine on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from screening.decisions import (
    DecisionError,
    DecisionSet,
    DecisionStore,
    NewDecision,
    apply_decisions,
    fingerprint,
)
from screening.engine import Screener
from screening.lists import builtin_lists
from screening.models import Measure, MeasureType, Name, NameStrength
from screening.rules import builtin_rules

DAY = "2022-04-05"
VTB = {"id": "P1", "date": DAY, "amount": "100", "beneficiary_name": "VTB Bank"}
TWO = {"id": "P2", "date": DAY, "amount": "100", "beneficiary_name": "VTB Bank",
       "originator_name": "Vladimir Putin"}


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


@pytest.fixture
def store(tmp_path):
    with DecisionStore(tmp_path / "decisions.sqlite") as s:
        yield s


def decide(store, screener, record, field, outcome="false_positive", analyst="alice",
           reason="a different company: registry number differs", expires=None):
    res = screener.screen(record)
    hits = [h for h in res.hits if h.field == field]
    assert hits, f"no hit on {field}: {res}"
    recorded, _ = store.record([NewDecision.for_hit(h, outcome, analyst, reason, expires)
                                for h in hits])
    return recorded


def loaded(store, **kw) -> DecisionSet:
    return DecisionSet(store.decisions(), **kw)


def test_false_positive_suppresses_hit_and_keeps_it_with_a_note(screener, store):
    assert screener.screen(VTB).decision == "BLOCK"
    (d,) = decide(store, screener, VTB, "beneficiary_name")
    res = screener.with_decisions(loaded(store)).screen(VTB)
    assert res.decision == "CLEAR"
    assert res.hits == [] and res.reasons == []
    (s,) = res.suppressed
    assert s.decision_id == d.id and s.analyst == "alice" and s.hit.entity_id == "jp-2022-vtb"
    note = next(n for n in res.notes if "suppressed by" in n)
    assert d.id in note and "alice" in note and d.at[:10] in note and "registry" in note
    # the screener itself is unchanged
    assert screener.screen(VTB).decision == "BLOCK"


def test_row_decision_recomputed_from_the_remaining_hits(screener, store):
    before = screener.screen(TWO)
    assert before.decision == "BLOCK" and {h.field for h in before.hits} == {
        "beneficiary_name", "originator_name"}
    decide(store, screener, TWO, "beneficiary_name")
    res = screener.with_decisions(loaded(store)).screen(TWO)
    assert res.decision == "BLOCK"  # Putin still blocks
    assert {h.field for h in res.hits} == {"originator_name"}
    assert all(r.entity_id != "jp-2022-vtb" for r in res.reasons)
    assert [s.hit.field for s in res.suppressed] == ["beneficiary_name"]


def test_decision_is_per_record_field(screener, store):
    decide(store, screener, VTB, "beneficiary_name")
    other = {"id": "P3", "date": DAY, "amount": "1", "originator_name": "VTB Bank"}
    res = screener.with_decisions(loaded(store)).screen(other)
    assert res.decision == "BLOCK" and not res.suppressed


def test_value_compared_after_normalisation_only(screener, store):
    decide(store, screener, VTB, "beneficiary_name")
    ds = loaded(store)
    same = dict(VTB, beneficiary_name="  vtb   BANK ")
    assert screener.with_decisions(ds).screen(same).decision == "CLEAR"
    differs = dict(VTB, beneficiary_name="VTB Bank.")  # still a hit, but not the same value
    res = screener.with_decisions(ds).screen(differs)
    assert res.decision == "BLOCK" and not res.suppressed
    assert any("not 'VTB Bank.'" in n and "same value" in n for n in res.notes)
    unrelated = dict(VTB, beneficiary_name="Bank VTB")  # an alias: a hit, another value
    res = screener.with_decisions(ds).screen(unrelated)
    assert res.decision == "BLOCK" and not res.suppressed
    assert not any("decision D" in n for n in res.notes)  # not worth a note


def test_lapses_when_the_entry_gains_an_alias(screener, store):
    decide(store, screener, VTB, "beneficiary_name")
    (jp,) = builtin_lists()
    vtb = jp.get("jp-2022-vtb")
    changed = vtb.model_copy(update={"names": (*vtb.names, Name(value="VTB Capital Holding",
                                                                  strength=NameStrength.strong))})
    assert fingerprint(changed) != fingerprint(vtb)
    new_list = jp.model_copy(update={"entities": tuple(changed if e.id == vtb.id else e
                                                       for e in jp.entities)})
    res = Screener([new_list], builtin_rules(), decisions=loaded(store)).screen(VTB)
    assert res.decision == "BLOCK" and not res.suppressed
    note = next(n for n in res.notes if "no longer applies" in n)
    assert "new name: 'VTB Capital Holding'" in note


def test_fingerprint_ignores_order_and_file_paths():
    (jp,) = builtin_lists()
    vtb = jp.get("jp-2022-vtb")
    shuffled = vtb.model_copy(update={
        "names": tuple(reversed(vtb.names)), "sources": ("elsewhere.toml",),
        "measures": tuple(m.model_copy(update={"source": "/other/path"}) for m in vtb.measures)})
    assert fingerprint(shuffled) == fingerprint(vtb)
    new_measure = vtb.model_copy(update={"measures": (*vtb.measures, Measure(
        type=MeasureType.export_ban, authority="JP-METI"))})
    assert fingerprint(new_measure) != fingerprint(vtb)


def test_lapses_when_the_entry_was_delisted_and_relisted(screener, store):
    decide(store, screener, VTB, "beneficiary_name")
    (jp,) = builtin_lists()
    vtb = jp.get("jp-2022-vtb")
    first = vtb.measures[0]
    relisted = vtb.model_copy(update={"measures": (
        first.model_copy(update={"delisted": dt.date(2022, 3, 20)}),
        first.model_copy(update={"effective_from": dt.date(2022, 3, 28), "announced": None}),
        *vtb.measures[1:])})
    new_list = jp.model_copy(update={"entities": tuple(relisted if e.id == vtb.id else e
                                                       for e in jp.entities)})
    res = Screener([new_list], builtin_rules(), decisions=loaded(store)).screen(VTB)
    assert res.decision == "BLOCK" and not res.suppressed
    assert any("delisted on 2022-03-20 and listed again on 2022-03-28" in n for n in res.notes)


def test_expiry(screener, store):
    decide(store, screener, VTB, "beneficiary_name", expires=dt.date(2027, 1, 1))
    before = loaded(store, today=dt.date(2026, 12, 31))
    assert screener.with_decisions(before).screen(VTB).decision == "CLEAR"
    on_the_day = loaded(store, today=dt.date(2027, 1, 1))
    res = screener.with_decisions(on_the_day).screen(VTB)
    assert res.decision == "BLOCK"
    assert any("expired on 2027-01-01" in n for n in res.notes)


def test_without_a_fixed_day_expiry_is_checked_against_the_current_date(screener, store):
    today = dt.datetime.now(dt.UTC).date()
    decide(store, screener, VTB, "beneficiary_name", expires=today)  # ends today
    decide(store, screener, dict(VTB, beneficiary_name="Bank VTB"), "beneficiary_name",
           expires=today + dt.timedelta(days=2))
    ds = loaded(store)  # no `today`: a long-running service's set
    assert screener.with_decisions(ds).screen(VTB).decision == "BLOCK"
    other = dict(VTB, beneficiary_name="Bank VTB")
    assert screener.with_decisions(ds).screen(other).decision == "CLEAR"


def test_true_match_never_lowers(screener, store):
    decide(store, screener, VTB, "beneficiary_name", outcome="true_match", reason="confirmed")
    res = screener.with_decisions(loaded(store)).screen(VTB)
    assert res.decision == "BLOCK" and not res.suppressed
    assert any("confirmed a true match" in n for n in res.notes)
    # a later false_positive does not override a standing true_match ...
    decide(store, screener, VTB, "beneficiary_name", analyst="bob", reason="not them")
    assert screener.with_decisions(loaded(store)).screen(VTB).decision == "BLOCK"
    # ... until the true_match is revoked
    tm = next(d for d in store.decisions() if d.outcome == "true_match")
    store.revoke(tm.id, "carol", "recorded on the wrong payment")
    assert screener.with_decisions(loaded(store)).screen(VTB).decision == "CLEAR"


def test_revocation_is_a_new_record(screener, store):
    (d,) = decide(store, screener, VTB, "beneficiary_name")
    assert screener.with_decisions(loaded(store)).screen(VTB).decision == "CLEAR"
    revoked = store.revoke(d.id, "bob", "customer is now owned by the listed bank")
    assert "revoked by bob" in revoked.revoked
    assert screener.with_decisions(loaded(store)).screen(VTB).decision == "BLOCK"
    kinds = [e["kind"] for e in store.events()]
    assert kinds == ["decision", "revocation"]
    with pytest.raises(DecisionError, match="already revoked"):
        store.revoke(d.id, "bob", "again")


def test_store_is_append_only(screener, store):
    decide(store, screener, VTB, "beneficiary_name")
    db = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE events SET outcome = 'true_match'")
    db.close()
    assert len(list(store.events())) == 1


def test_four_eyes(screener, store):
    (d,) = decide(store, screener, VTB, "beneficiary_name")
    res = screener.with_decisions(loaded(store, require_approval=True)).screen(VTB)
    assert res.decision == "BLOCK"
    assert any("awaits approval" in n and d.id in n for n in res.notes)
    with pytest.raises(DecisionError, match="second, different analyst"):
        store.approve(d.id, "Alice")
    assert screener.with_decisions(loaded(store, require_approval=True)).screen(VTB
                                                                            ).decision == "BLOCK"
    store.approve(d.id, "bob", "checked")
    assert screener.with_decisions(loaded(store, require_approval=True)).screen(VTB
                                                                            ).decision == "CLEAR"


def test_decision_needs_analyst_and_reason(screener, store):
    res = screener.screen(VTB)
    with pytest.raises(DecisionError, match="analyst"):
        store.record([NewDecision.for_hit(res.hits[0], "false_positive", " ", "why")])
    with pytest.raises(DecisionError, match="reason"):
        store.record([NewDecision.for_hit(res.hits[0], "false_positive", "alice", "")])
    with pytest.raises(ValueError):
        NewDecision.for_hit(res.hits[0], "maybe", "alice", "why")
    assert list(store.events()) == []


def test_not_a_decisions_file_is_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(DecisionError, match="not a decisions store"):
        DecisionStore(other)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(DecisionError, match="not a decisions store"):
        DecisionStore(junk)
    with pytest.raises(DecisionError, match="no such"):
        DecisionSet.load(tmp_path / "missing.sqlite")
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).execute("PRAGMA user_version = 1").connection.close()
    with pytest.raises(DecisionError, match="not a decisions store"):
        DecisionSet.load(empty)  # reading never turns a file into a store
    assert sqlite3.connect(empty).execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def test_apply_decisions_to_results_already_computed(screener, store):
    decide(store, screener, VTB, "beneficiary_name")
    records = [VTB, TWO, {"id": "P9", "date": DAY, "amount": "5", "beneficiary_name": "Acme"}]
    results = [screener.screen(r, row=i) for i, r in enumerate(records, 1)]
    ds = loaded(store)
    applied = apply_decisions(screener, ds, records, results)
    direct = [screener.with_decisions(ds).screen(r, row=i) for i, r in enumerate(records, 1)]
    assert [a.model_dump() for a in applied] == [d.model_dump() for d in direct]
    assert [a.decision for a in applied] == ["CLEAR", "BLOCK", "CLEAR"]
    assert applied[2] is results[2]  # untouched when no hit has a decision


def test_newest_decision_that_holds_applies(screener, store):
    """A decision re-made after the entry changed governs the new version; the first one
    still holds when screening against the version it was made on."""
    (old_d,) = decide(store, screener, VTB, "beneficiary_name", analyst="alice")
    (jp,) = builtin_lists()
    vtb = jp.get("jp-2022-vtb")
    changed = vtb.model_copy(update={"names": (*vtb.names, Name(value="VTB Capital Holding",
                                                                  strength=NameStrength.strong))})
    new_list = jp.model_copy(update={"entities": tuple(changed if e.id == vtb.id else e
                                                       for e in jp.entities)})
    new_screener = Screener([new_list], builtin_rules())
    (new_d,) = decide(store, new_screener, VTB, "beneficiary_name", analyst="bob",
                      reason="re-checked after the new alias")
    ds = loaded(store)
    on_new = new_screener.with_decisions(ds).screen(VTB)
    assert [s.decision_id for s in on_new.suppressed] == [new_d.id]
    on_old = screener.with_decisions(ds).screen(VTB)
    assert [s.decision_id for s in on_old.suppressed] == [old_d.id]
