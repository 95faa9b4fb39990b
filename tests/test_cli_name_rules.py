"""`screen name` as a check (exit codes, narrowing, labels, in-force status) and rules from the
command line (`--add-rules`, `--rules` keeping the fallback, `screen rules` in words)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from screening.cli import main
from screening.rules import builtin_rules

RULES = Path(__file__).parent / "fixtures" / "rules"
IN_HOUSE = RULES / "in-house.toml"
N_BUILTIN = len(builtin_rules().rules)
PAYMENTS = ("id,date,originator_name,beneficiary_name,beneficiary_country\n"
            "X1,2022-04-05,JSC Integral,Mueller GmbH,DE\n"
            "X2,2022-04-05,Tanaka Trading Co,VTB Bank,RU\n")


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def decisions(out: str) -> dict[str, str]:
    return {r["record_id"]: r["decision"] for r in csv.DictReader(io.StringIO(out))}


# -- screen name ---------------------------------------------------------------------------------

def test_name_match_exits_1_and_shows_measures(capsys):
    code, out, _ = run(capsys, "name", "Vladimir Putin", "--as-of", "2022-04-05")
    assert code == 1
    assert "STRONG" in out.splitlines()[1] and "jp-2022-putin" in out
    assert "measure: asset_freeze (JP-MOF), announced 2022-03-01" in out
    assert "IN FORCE on 2022-04-05" in out


def test_name_without_match_exits_0(capsys):
    code, out, _ = run(capsys, "name", "Hanako Ito")
    assert code == 0 and "no match at or above review" in out


def test_name_below_threshold_candidates_are_labelled_and_do_not_count(capsys):
    code, out, _ = run(capsys, "name", "VTB Bank", "--as-of", "2022-04-05", "-n", "3")
    below = [ln for ln in out.splitlines() if "below-threshold" in ln]
    assert below and "jp-2022-vtb" not in below[0]
    code, out, _ = run(capsys, "name", "Bank", "--as-of", "2022-04-05", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["hit"] is False
    assert data["matches"] and {m["label"] for m in data["matches"]} == {"below-threshold"}


def test_name_not_in_force_on_the_date_exits_0(capsys):
    # VTB: SWIFT disconnection from 2022-03-12, asset freeze from 2022-04-02
    code, out, _ = run(capsys, "name", "VTB Bank", "--as-of", "2022-03-01", "-n", "1")
    assert code == 0 and "STRONG, not in force" in out and "not yet on 2022-03-01" in out
    code, _, _ = run(capsys, "name", "VTB Bank", "--as-of", "2022-03-12", "-n", "1")
    assert code == 1


def test_name_dob_country_and_kind_narrow(capsys):
    code, out, _ = run(capsys, "name", "Vladimir Putin", "--dob", "1960")
    assert code == 0 and "ruled out: born" in out
    code, _, _ = run(capsys, "name", "Vladimir Putin", "--dob", "1952-10-07")
    assert code == 1
    code, out, _ = run(capsys, "name", "Vladimir Putin", "--kind", "organisation", "-f", "json")
    assert code == 0
    assert all(m["entity_kind"] != "person" for m in json.loads(out)["matches"])
    code, out, _ = run(capsys, "name", "Vladimir Putin", "--country", "RU", "-f", "json")
    assert code == 1 and json.loads(out)["matches"][0]["counts"] is True


def test_name_json(capsys):
    code, out, _ = run(capsys, "name", "Promsvyazbank", "--as-of", "2022-04-05", "-f", "json")
    data = json.loads(out)
    assert code == 1 and data["hit"] is True and data["as_of"] == "2022-04-05"
    top = data["matches"][0]
    assert top["entity_id"] == "jp-2022-promsvyazbank" and top["label"] == "STRONG"
    assert {m["type"] for m in top["measures"]} >= {"asset_freeze"}
    assert all("in_force" in m for m in top["measures"])


def test_name_bad_dob_is_exit_2(capsys):
    code, _, err = run(capsys, "name", "Vladimir Putin", "--dob", "03/04/1952")
    assert code == 2 and "ambiguous" in err


# -- rules ---------------------------------------------------------------------------------------

def test_add_rules_adds_to_the_built_in_rules(tmp_path, capsys):
    p = tmp_path / "x.csv"
    p.write_text(PAYMENTS, encoding="utf-8")
    code, out, _ = run(capsys, p)
    assert decisions(out) == {"X1": "REVIEW", "X2": "BLOCK"}  # fallback for Integral to DE
    code, out, err = run(capsys, p, "--add-rules", IN_HOUSE)
    assert decisions(out) == {"X1": "BLOCK", "X2": "BLOCK"}
    assert "in-house-payment-prohibition" in out
    assert f"rules: {N_BUILTIN + 1} (built-in + added: " in err


def test_rules_replacing_the_built_in_ones_keep_the_fallback(tmp_path, capsys):
    p = tmp_path / "x.csv"
    p.write_text(PAYMENTS, encoding="utf-8")
    code, out, err = run(capsys, p, "--rules", IN_HOUSE)
    # VTB is covered by no rule of the file: the kept fallback sends it to REVIEW, not CLEAR
    assert decisions(out) == {"X1": "BLOCK", "X2": "REVIEW"}
    assert "kept the built-in fallback rule listed-party-review for payment records" in err


def test_add_rules_clash_is_exit_2(tmp_path, capsys):
    dup = tmp_path / "dup.toml"
    dup.write_text(IN_HOUSE.read_text(encoding="utf-8").replace(
        "in-house-payment-prohibition", "payment-asset-freeze"), encoding="utf-8")
    code, _, err = run(capsys, "rules", "--add-rules", dup)
    assert code == 2 and "payment-asset-freeze already defined" in err


def test_rules_command_in_words(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and out.startswith(f"{N_BUILTIN} rules (built-in)")
    assert "payment-asset-freeze: BLOCK (payment records)" in out
    assert ("originator, beneficiary, originator bank, beneficiary bank or intermediary "
            "matches a list entry") in out
    assert "the entry has a measure of type asset freeze in force on the screening date" in out
    assert "the record's beneficiary country is JP" in out
    assert "{'" not in out and "['" not in out  # no dict or list reprs
    code, out, _ = run(capsys, "rules", "--add-rules", IN_HOUSE)
    assert out.startswith(f"{N_BUILTIN + 1} rules") and "in-house-payment-prohibition: BLOCK" in out
    code, out, _ = run(capsys, "rules", "-f", "json")
    assert {r["id"] for r in json.loads(out)} >= {"listed-party-review"}
