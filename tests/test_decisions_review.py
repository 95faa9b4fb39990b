"""The review round trip on the command line: screen to CSV, fill the review columns as an
analyst would in a spreadsheet, import, screen again with the decisions; export, approve, revoke.
Also: a decision made on one real OFAC list version lapses when the entry changes in the next."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from screening.cli import main
from screening.decisions import DecisionSet, DecisionStore, NewDecision, fingerprint
from screening.decisions.review import REVIEW_COLUMNS
from screening.engine import Screener
from screening.lists import load_list
from screening.rules import builtin_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "payments.csv"
HISTORY = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac" / "history"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def screened(tmp_path, capsys) -> list[dict[str, str]]:
    code, out, _ = run(capsys, EXAMPLE, "-q")
    assert code == 1
    return read_csv(out)


def review(rows, which, **cells) -> list[dict[str, str]]:
    out = [dict(r) for r in rows]
    for i in which:
        out[i].update(cells)
    return out


def alert_indexes(rows, n=3) -> list[int]:
    return [i for i, r in enumerate(rows) if r["decision"] in ("BLOCK", "REVIEW")][:n]


def test_csv_results_have_review_columns_at_the_end(screened):
    assert tuple(screened[0])[-len(REVIEW_COLUMNS):] == REVIEW_COLUMNS
    alert = next(r for r in screened if r["decision"] == "BLOCK")
    refs = json.loads(alert["hit_refs"])
    assert refs and {"field", "value", "list", "entity", "fp"} <= set(refs[0])
    assert all(r["review_outcome"] == r["reviewer"] == "" for r in screened)
    assert all(r["hit_refs"] == "" for r in screened if not r["hits"])


def test_import_then_screen_suppresses_and_second_import_adds_nothing(tmp_path, capsys,
                                                                      screened):
    idx = alert_indexes(screened)
    reviewed = tmp_path / "reviewed.csv"
    write_csv(reviewed, review(screened, idx, review_outcome="false_positive",
                               review_reason="other party, checked DOB", reviewer="alice"))
    db = tmp_path / "decisions.sqlite"
    code, out, err = run(capsys, "decisions", "import", reviewed, "--db", db)
    assert code == 0, err
    assert "recorded 3 decision(s)" in out or "recorded" in out
    n_events = len(list(DecisionStore(db).events()))
    assert n_events >= 3
    code, out, err = run(capsys, "decisions", "import", reviewed, "--db", db)
    assert code == 0 and "recorded 0 decision(s)" in out
    assert len(list(DecisionStore(db).events())) == n_events

    code, out, _ = run(capsys, EXAMPLE, "-q", "--decisions", db)
    after = read_csv(out)
    for i in idx:
        assert after[i]["decision"] == "CLEAR", after[i]
        assert "suppressed by decision D" in after[i]["notes"]
        assert "alice" in after[i]["notes"]
    untouched = [i for i, r in enumerate(screened) if r["decision"] != "CLEAR" and i not in idx]
    assert all(after[i]["decision"] == screened[i]["decision"] for i in untouched)

    # the same with two worker processes
    code, out2, _ = run(capsys, EXAMPLE, "-q", "--decisions", db, "--jobs", "2")
    assert out2 == out


def test_import_errors_name_the_row_and_record_nothing(tmp_path, capsys, screened):
    idx = alert_indexes(screened, 4)
    rows = review(screened, idx[:1], review_outcome="false_positive", review_reason="ok",
                  reviewer="alice")
    rows = review(rows, idx[1:2], review_outcome="not sure", review_reason="?", reviewer="bob")
    rows = review(rows, idx[2:3], review_outcome="true_match", review_reason="it is them")
    broken = json.loads(rows[idx[3]]["hit_refs"])
    broken[0]["entity"] = "jp-2022-no-such-entry"
    rows[idx[3]]["hit_refs"] = json.dumps(broken)
    rows = review(rows, idx[3:4], review_outcome="false_positive", review_reason="x",
                  reviewer="carol")
    clear = next(i for i, r in enumerate(screened) if r["decision"] == "CLEAR")
    rows = review(rows, [clear], review_outcome="false_positive", review_reason="x",
                  reviewer="dan")
    reviewed = tmp_path / "reviewed.csv"
    write_csv(reviewed, rows)
    db = tmp_path / "decisions.sqlite"
    code, out, err = run(capsys, "decisions", "import", reviewed, "--db", db)
    assert code == 2
    assert "nothing imported" in err
    assert f"row {idx[1] + 1}" in err and "'not sure' is not false_positive or true_match" in err
    assert f"row {idx[2] + 1}" in err and "reviewer is empty" in err
    assert f"row {idx[3] + 1}" in err and "jp-2022-no-such-entry is no longer in the lists" in err
    assert f"row {clear + 1}" in err and "no hit to decide on" in err
    assert f"row {idx[0] + 1} " not in err
    assert list(DecisionStore(db).events()) == []


def test_import_refuses_hits_screened_against_another_list_version(tmp_path, capsys,
                                                                   screened):
    idx = alert_indexes(screened, 1)
    rows = review(screened, idx, review_outcome="false_positive", review_reason="ok",
                  reviewer="alice")
    refs = json.loads(rows[idx[0]]["hit_refs"])
    refs[0]["fp"] = "0" * 16
    rows[idx[0]]["hit_refs"] = json.dumps(refs)
    reviewed = tmp_path / "reviewed.csv"
    write_csv(reviewed, rows)
    code, _, err = run(capsys, "decisions", "import", reviewed, "--db",
                       tmp_path / "d.sqlite")
    assert code == 2 and "has changed in the list since this file was screened" in err


def test_approve_revoke_list_export(tmp_path, capsys, screened):
    idx = alert_indexes(screened, 1)
    reviewed = tmp_path / "reviewed.csv"
    write_csv(reviewed, review(screened, idx, review_outcome="false_positive",
                               review_reason="namesake", reviewer="alice"))
    db = tmp_path / "decisions.sqlite"
    assert run(capsys, "decisions", "import", reviewed, "--db", db)[0] == 0
    did = DecisionStore(db).decisions()[0].id

    code, out, _ = run(capsys, EXAMPLE, "-q", "--decisions", db, "--require-approval")
    assert read_csv(out)[idx[0]]["decision"] != "CLEAR"
    assert "awaits approval" in read_csv(out)[idx[0]]["notes"]
    code, _, err = run(capsys, "decisions", "approve", did, "--db", db, "--analyst", "alice")
    assert code == 2 and "second, different analyst" in err
    assert run(capsys, "decisions", "approve", did, "--db", db, "--analyst", "bob")[0] == 0
    code, out, _ = run(capsys, EXAMPLE, "-q", "--decisions", db, "--require-approval")
    assert read_csv(out)[idx[0]]["decision"] == "CLEAR"

    code, out, _ = run(capsys, "decisions", "list", "--db", db)
    assert did in out and "in force" in out and "approved by bob" in out
    assert run(capsys, "decisions", "revoke", did, "--db", db, "--analyst", "carol",
               "--reason", "ownership changed")[0] == 0
    code, out, _ = run(capsys, "decisions", "list", "--db", db)
    assert did not in out
    code, out, _ = run(capsys, "decisions", "export", "--db", db)
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["kind"] for e in events][-2:] == ["approval", "revocation"]
    assert events[0]["entry"]["names"] and events[0]["analyst"] == "alice"
    code, out, _ = run(capsys, "decisions", "export", "--db", db, "--format", "csv")
    assert len(read_csv(out)) == len(events)


def test_screen_refuses_a_missing_decisions_file(tmp_path, capsys):
    code, _, err = run(capsys, EXAMPLE, "--decisions", tmp_path / "nope.sqlite")
    assert code == 2 and "no such decisions file" in err
    code, _, err = run(capsys, EXAMPLE, "--require-approval")
    assert code == 2 and "--require-approval needs --decisions" in err


@pytest.fixture(scope="module")
def ofac_versions():
    old, new = HISTORY / "sdn-2022-02-25.csv", HISTORY / "sdn-2022-03-30.csv"
    if not (old.exists() and new.exists()):
        pytest.skip(f"OFAC history snapshots not found under {HISTORY}")
    return load_list(old), load_list(new)


def test_decision_on_one_ofac_version_lapses_when_the_entry_changes(tmp_path, ofac_versions):
    old, new = ofac_versions
    changed_id = "16666"  # TIMCHENKO, Gennady: a tax id and the RUSSIA-EO14024 program added
    assert fingerprint(old.get(changed_id)) != fingerprint(new.get(changed_id))
    same_id = next(e.id for e in old.entities[:500] if e.kind == "person"
                   and new.get(e.id) is not None
                   and fingerprint(e) == fingerprint(new.get(e.id)))
    records = [{"id": f"P{i}", "date": "2022-04-01", "amount": "1",
                "beneficiary_name": old.get(eid).primary_name}
               for i, eid in enumerate((changed_id, same_id))]
    before = Screener([old], builtin_rules())
    store = DecisionStore(tmp_path / "d.sqlite")
    for rec, eid in zip(records, (changed_id, same_id), strict=True):
        hit = next(h for h in before.screen(rec).hits if h.entity_id == eid)
        store.record([NewDecision.for_hit(hit, "false_positive", "alice", "namesake")])
    ds = DecisionSet(store.decisions())
    on_old = [before.with_decisions(ds).screen(r) for r in records]
    assert [bool(r.suppressed) for r in on_old] == [True, True]

    after = Screener([new], builtin_rules(), decisions=ds)
    lapsed, kept = (after.screen(r) for r in records)
    assert not any(s.hit.entity_id == changed_id for s in lapsed.suppressed)
    assert any(h.entity_id == changed_id for h in lapsed.hits)
    assert lapsed.decision == "BLOCK"
    note = next(n for n in lapsed.notes if "no longer applies" in n)
    assert "new identifier: tax 781012626436" in note
    assert f"list version {old.version}" in note
    assert any(s.hit.entity_id == same_id for s in kept.suppressed)


def test_wheel_data_files_exist():
    """The report's page parts are package data (found with importlib.resources)."""
    from importlib import resources

    names = {p.name for p in resources.files("screening.report").iterdir()}
    assert {"template.html", "report.js", "report.css"} <= names
    assert shutil.which("screen") is not None


def test_import_reads_a_spreadsheet_save_in_cp1252_with_semicolons(tmp_path, capsys,
                                                                    screened):
    idx = [i for i in alert_indexes(screened, 40) if screened[i]["hit_refs"].isascii()][:2]
    rows = review(screened, idx, review_outcome="False_Positive", reviewer="Jürgen",
                  review_reason="Prüfung: anderes Geburtsdatum")
    reviewed = tmp_path / "reviewed.csv"
    with reviewed.open("w", encoding="cp1252", errors="replace", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=";")
        w.writeheader()
        w.writerows(rows)
    db = tmp_path / "d.sqlite"
    code, out, err = run(capsys, "decisions", "import", reviewed, "--db", db)
    assert code == 0, err
    ds = DecisionStore(db).decisions()
    assert ds and {d.analyst for d in ds} == {"Jürgen"}
    assert ds[0].reason == "Prüfung: anderes Geburtsdatum"


def test_four_eyes_as_the_rule_of_the_store(tmp_path, capsys, screened):
    db = tmp_path / "d.sqlite"
    code, _, err = run(capsys, "decisions", "init", "--db", db, "--require-approval")
    assert code == 2 and "--analyst" in err
    code, out, _ = run(capsys, "decisions", "init", "--db", db, "--require-approval",
                       "--analyst", "head of compliance")
    assert code == 0 and "four-eyes" in out
    idx = alert_indexes(screened, 1)
    reviewed = tmp_path / "reviewed.csv"
    write_csv(reviewed, review(screened, idx, review_outcome="false_positive",
                               review_reason="namesake", reviewer="alice"))
    assert run(capsys, "decisions", "import", reviewed, "--db", db)[0] == 0
    # no --require-approval given: the store's rule applies anyway
    code, out, err = run(capsys, EXAMPLE, "--decisions", db)
    assert read_csv(out)[idx[0]]["decision"] == screened[idx[0]]["decision"]
    assert "awaits approval" in read_csv(out)[idx[0]]["notes"] and "four-eyes" in err
    did = DecisionStore(db).decisions()[0].id
    assert run(capsys, "decisions", "approve", did, "--db", db, "--analyst", "bob")[0] == 0
    code, out, _ = run(capsys, EXAMPLE, "-q", "--decisions", db)
    assert read_csv(out)[idx[0]]["decision"] == "CLEAR"


def test_review_hits_picks_some_hits_of_a_row(tmp_path, capsys, screened):
    i = next(i for i, r in enumerate(screened) if len(json.loads(r["hit_refs"] or "[]")) >= 2)
    refs = json.loads(screened[i]["hit_refs"])
    rows = review(screened, [i], review_outcome="false_positive", review_reason="namesake",
                  reviewer="alice", review_hits="2")
    reviewed = tmp_path / "reviewed.csv"
    write_csv(reviewed, rows)
    db = tmp_path / "d.sqlite"
    assert run(capsys, "decisions", "import", reviewed, "--db", db)[0] == 0
    (d,) = DecisionStore(db).decisions()
    assert (d.field, d.entity_id) == (refs[1]["field"], refs[1]["entity"])
    rows[i]["review_hits"] = "3" if len(refs) == 2 else "0"
    write_csv(reviewed, rows)
    code, _, err = run(capsys, "decisions", "import", reviewed, "--db", db)
    assert code == 2 and f"row {i + 1}" in err and "is not a hit number of this row" in err


def test_contradicting_reviews_in_one_file_are_refused(tmp_path, capsys, screened):
    by_refs: dict[str, list[int]] = {}
    for i, r in enumerate(screened):
        if r["hit_refs"]:
            by_refs.setdefault(r["hit_refs"], []).append(i)
    first, second = next(v for v in by_refs.values() if len(v) >= 2)[:2]
    rows = review(screened, [first], review_outcome="false_positive", review_reason="namesake",
                  reviewer="alice")
    rows = review(rows, [second], review_outcome="true_match", review_reason="it is them",
                  reviewer="bob")
    reviewed = tmp_path / "reviewed.csv"
    write_csv(reviewed, rows)
    db = tmp_path / "d.sqlite"
    code, _, err = run(capsys, "decisions", "import", reviewed, "--db", db)
    assert code == 2 and f"row {second + 1}" in err and f"false_positive in row {first + 1}" in err
    assert list(DecisionStore(db).events()) == []
    # the same counterparty reviewed the same way on several rows gives one decision
    rows[second].update(review_outcome="false_positive", review_reason="namesake",
                        reviewer="alice")
    write_csv(reviewed, rows)
    assert run(capsys, "decisions", "import", reviewed, "--db", db)[0] == 0
    refs = json.loads(screened[first]["hit_refs"])
    assert len(DecisionStore(db).decisions()) == len(refs)
