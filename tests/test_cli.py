"""The `screen` command as a user runs it: decisions, errors, encodings, delimiters, mappings,
exit codes, output formats, and the other commands."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from screening.cli import main

FIX = Path(__file__).parent / "fixtures" / "cli"
SCREEN = Path(sys.executable).parent / "screen"
HEADER = ("id,date,amount,currency,originator_name,originator_country,originator_bic,"
          "beneficiary_name,beneficiary_country,beneficiary_bic,intermediary_bic,purpose")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def payment(id_: str, beneficiary: str, bic: str = "", date: str = "2022-04-05",
            originator: str = "Tanaka Trading Co") -> str:
    return f"{id_},{date},100.00,USD,{originator},JP,,{beneficiary},RU,{bic},,test"


def write(tmp_path: Path, lines: list[str], name: str = "in.csv", encoding: str = "utf-8",
          sep: str = ",") -> Path:
    p = tmp_path / name
    text = "\n".join(ln.replace(",", sep) for ln in lines) + "\n"
    p.write_bytes(text.encode(encoding))
    return p


# -- decisions and exit codes --------------------------------------------------------------------

def test_each_decision_in_input_order_and_exit_1(capsys):
    code, out, err = run(capsys, FIX / "payments.csv")
    got = [(r["row"], r["record_id"], r["decision"]) for r in rows(out)]
    assert got == [("1", "P1", "CLEAR"), ("2", "P2", "BLOCK"), ("3", "P3", "REVIEW"),
                   ("4", "P4", "CLEAR")]
    assert code == 1
    vtb = rows(out)[1]
    assert "VTBRRUMM" in vtb["hits"] and "jp-2022-vtb" in vtb["reasons"]
    assert float(vtb["best_score"]) == 1.0
    assert "BLOCK: 1" in err and "REVIEW: 1" in err and "CLEAR: 2" in err
    assert "jp-2022" in err and "rows/s" in err


def test_vtb_before_its_freeze_takes_effect_is_not_an_asset_freeze_block(capsys):
    # VTB's Japanese asset freeze took effect on 2022-04-02 (announced 2022-03-03)
    code, out, _ = run(capsys, FIX / "payments.csv", "--as-of", "2022-03-20", "-f", "jsonl")
    vtb = json.loads(out.splitlines()[1])
    assert vtb["as_of"] == "2022-03-20"
    assert not any(r["rule_id"] == "payment-asset-freeze" for r in vtb["reasons"])


def test_all_clear_exits_0(tmp_path, capsys):
    f = write(tmp_path, [HEADER, payment("C1", "Suzuki Electronics"),
                         payment("C2", "Hanako Ito")])
    code, out, _ = run(capsys, f)
    assert code == 0
    assert [r["decision"] for r in rows(out)] == ["CLEAR", "CLEAR"]


def test_unread_rows_are_errors_naming_field_and_exit_3(capsys):
    code, out, err = run(capsys, FIX / "errors.csv")
    assert code == 3  # errors outrank the BLOCK on the last row
    got = {r["row"]: r for r in rows(out)}
    assert [r["decision"] for r in rows(out)] == [
        "CLEAR", "ERROR", "ERROR", "ERROR", "ERROR", "ERROR", "ERROR", "BLOCK"]
    assert "id: empty" in got["2"]["error"]
    assert "date" in got["3"]["error"] and "ambiguous" in got["3"]["error"]
    # the unbalanced quote on line 5 closes on line 7 (E6's own quote): lines 6 and 7 read as
    # rows of their own, so E4, E5 and E6 are each an ERROR; E6's second line is part of it
    for r in ("4", "5", "6"):
        assert "broken quoting" in got[r]["error"] and "opened on line 5" in got[r]["error"]
    assert [got[r]["record_id"] for r in ("4", "5", "6")] == ["E4", "E5", "E6"]
    assert "not a real date" in got["7"]["error"]
    for r in got.values():
        if r["decision"] == "ERROR":
            lines = (f"line {r['line']}" if r["line"] == r["last_line"]
                     else f"lines {r['line']}-{r['last_line']}")
            assert r["error"].startswith(f"errors.csv row {r['row']} ({lines})")
            assert r["best_score"] == ""
    # every physical line is in exactly one result row
    assert [(r["line"], r["last_line"]) for r in rows(out)] == [
        ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("6", "6"), ("7", "8"), ("9", "9"),
        ("10", "10")]
    assert "rows that could not be read" in err and "errors.csv row 3 (line 4)" in err
    assert "lines read: 10 = 1 header + 0 blank + 9 in 8 result rows" in err


def test_wrong_column_count_is_an_error_row(tmp_path, capsys):
    f = write(tmp_path, [HEADER, payment("W1", "Hanako Ito"),
                         "W2,2022-04-05,10.00,USD,Tanaka Trading Co,JP,,Suzuki Electronics,JP"])
    code, out, _ = run(capsys, f)
    got = rows(out)
    assert got[1]["decision"] == "ERROR" and "wrong column count" in got[1]["error"]
    assert "9 fields" in got[1]["error"] and code == 3


def test_broken_quote_does_not_swallow_the_rows_after_it(tmp_path, capsys):
    f = write(tmp_path, [HEADER, payment("B1", '"Suzuki Electronics'),
                         payment("B2", "VTB Bank", "VTBRRUMM"),
                         payment("B3", "Hanako Ito")])
    code, out, _ = run(capsys, f)
    assert [(r["record_id"], r["decision"]) for r in rows(out)] == [
        ("B1", "ERROR"), ("B2", "BLOCK"), ("B3", "CLEAR")]
    assert code == 3


def test_payment_without_any_party_is_an_error_not_clear(tmp_path, capsys):
    f = write(tmp_path, [HEADER, "N1,2022-04-05,1.00,USD,,JP,,,RU,,,nothing"])
    code, out, _ = run(capsys, f)
    assert rows(out)[0]["decision"] == "ERROR" and "no party" in rows(out)[0]["error"]
    assert code == 3


def test_undecodable_bytes_are_an_error_row(tmp_path, capsys):
    p = tmp_path / "bad.csv"
    p.write_bytes((HEADER + "\n" + payment("U1", "Hanako Ito") + "\n").encode()
                  + b"U2,2022-04-05,1,USD,Tanaka,JP,,Suzuki \xff\xfe,JP,,,x\n"
                  + (payment("U3", "VTB Bank", "VTBRRUMM") + "\n").encode())
    code, out, _ = run(capsys, p, "--encoding", "utf-8")
    got = rows(out)
    assert [r["decision"] for r in got] == ["CLEAR", "ERROR", "BLOCK"]
    assert "undecodable" in got[1]["error"] and got[1]["record_id"] == "U2"
    assert code == 3


# -- encodings and delimiters --------------------------------------------------------------------

@pytest.mark.parametrize("encoding,name,label", [
    ("utf-8", "Владимир Путин", "UTF-8"),
    ("utf-8-sig", "Владимир Путин", "UTF-8 with BOM"),
    ("cp1251", "Владимир Путин", "Windows-1251"),
    ("shift_jis", "ウラジーミル・プーチン", "Shift_JIS"),
])
def test_encodings_are_detected(tmp_path, capsys, encoding, name, label):
    other = "Иван Петров" if encoding != "shift_jis" else "山田太郎"
    f = write(tmp_path, [HEADER, payment("E1", other, originator="Tanaka"),
                         payment("E2", name, originator="Tanaka")], encoding=encoding)
    code, out, err = run(capsys, f, "-f", "jsonl")
    res = [json.loads(ln) for ln in out.splitlines()]
    assert res[0]["record_id"] == "E1"  # the BOM is not part of the first header
    assert res[1]["decision"] == "BLOCK"
    assert res[1]["hits"][0]["query"] == name
    assert res[1]["hits"][0]["entity_id"] == "jp-2022-putin"
    assert label in err
    assert code == 1


@pytest.mark.parametrize("sep,label", [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_delimiters_are_detected(tmp_path, capsys, sep, label):
    lines = [HEADER, payment("D1", "Suzuki, Hanako"), payment("D2", "VTB Bank", "VTBRRUMM")]
    f = write(tmp_path, [ln.replace(",", sep).replace(f"Suzuki{sep} ", "Suzuki, ")
                         for ln in lines])
    code, out, err = run(capsys, f)
    got = rows(out)
    assert [r["decision"] for r in got] == ["CLEAR", "BLOCK"]
    assert f"{label}-separated" in err


def test_delimiter_option(tmp_path, capsys):
    f = write(tmp_path, [HEADER, payment("D1", "VTB Bank", "VTBRRUMM")], sep=";")
    code, out, _ = run(capsys, f, "--delimiter", "semicolon")
    assert rows(out)[0]["decision"] == "BLOCK"


# -- mapping -------------------------------------------------------------------------------------

def test_mapping_file_and_header_matching(capsys):
    code, out, err = run(capsys, FIX / "exports-other-headers.csv",
                         "--mapping", FIX / "exports-mapping.toml")
    got = rows(out)
    assert [(r["record_id"], r["decision"]) for r in got] == [
        ("X1", "CLEAR"), ("X2", "BLOCK"), ("X3", "BLOCK")]
    assert "export-ru-oil-refining" in got[1]["reasons"]  # HS Code found case-insensitively
    assert "export rows" in err and code == 1


def test_map_options(tmp_path, capsys):
    f = write(tmp_path, ["Ref,Value Date,Payer,Payee,Payee Bank BIC",
                         "M1,2022-04-05,Tanaka Trading,VTB Bank,VTBRRUMM",
                         "M2,2022-04-05,Tanaka Trading,Hanako Ito,"])
    code, out, _ = run(capsys, f, "--kind", "payment", "--map", "id=Ref",
                       "--map", "date=value date", "--map", "originator_name=Payer",
                       "--map", "beneficiary_name=PAYEE", "--map", "beneficiary_bic=Payee Bank BIC")
    assert [r["decision"] for r in rows(out)] == ["BLOCK", "CLEAR"]
    assert code == 1


def test_json_mapping_file_and_map_option_override(tmp_path, capsys):
    f = write(tmp_path, ["Ref;Day;Payee;BIC", "J1;2022-04-05;Hanako Ito;VTBRRUMM"], sep=";")
    m = tmp_path / "m.json"
    m.write_text(json.dumps({"kind": "payment", "id": "Ref", "date": "Day",
                             "beneficiary_name": "Payee", "beneficiary_bic": "Nope"}))
    code, out, err = run(capsys, f, "--mapping", m)
    assert code == 2 and "Nope" in err
    code, out, _ = run(capsys, f, "--mapping", m, "--map", "beneficiary_bic=bic")
    assert code == 1 and rows(out)[0]["decision"] == "BLOCK"


def test_map_to_a_missing_column_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, FIX / "payments.csv", "--map", "id=Reference")
    assert code == 2 and out == ""
    assert "Reference" in err and "Traceback" not in err


# -- output --------------------------------------------------------------------------------------

def test_formula_cells_are_neutralised(tmp_path, capsys):
    f = write(tmp_path, [HEADER, payment("=HYPERLINK(\"x\")", "VTB Bank", "VTBRRUMM"),
                         payment("+1", "@SUM(A1)"), payment("-2", "Hanako Ito")])
    code, out, _ = run(capsys, f)
    got = rows(out)
    assert got[0]["record_id"] == "'=HYPERLINK(\"x\")"
    assert got[1]["record_id"] == "'+1" and got[2]["record_id"] == "'-2"
    for r in got:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_json_and_jsonl_hold_full_results(capsys):
    code, out, _ = run(capsys, FIX / "payments.csv", "--format", "json")
    data = json.loads(out)["results"]
    assert [d["row"] for d in data] == [1, 2, 3, 4]
    vtb = data[1]
    assert vtb["decision"] == "BLOCK" and vtb["line"] == 3
    assert {h["match_type"] for h in vtb["hits"]} == {"name", "identifier"}
    assert all(r["text"] for r in vtb["reasons"])
    code, out, _ = run(capsys, FIX / "payments.csv", "--format", "jsonl")
    assert [json.loads(ln)["record_id"] for ln in out.splitlines()] == ["P1", "P2", "P3", "P4"]


def test_output_file(tmp_path, capsys):
    dest = tmp_path / "results.csv"
    code, out, _ = run(capsys, FIX / "payments.csv", "--output", dest, "--quiet")
    assert out == "" and code == 1
    assert [r["record_id"] for r in rows(dest.read_text())] == ["P1", "P2", "P3", "P4"]
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]  # no temporary left


def test_header_only_file_screens_nothing(tmp_path, capsys):
    code, out, err = run(capsys, write(tmp_path, [HEADER]))
    assert code == 0 and rows(out) == [] and "no data rows" in err


# -- files that cannot be read at all ------------------------------------------------------------

@pytest.mark.parametrize("make,message", [
    (lambda d: d / "missing.csv", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: _bytes(d, b"\x00\x01\x02\x03binary\x00" * 50), "binary"),
    (lambda d: _bytes(d, b""), "empty"),
    (lambda d: _bytes(d, b"foo,bar,baz\n1,2,3\n"), "no recognisable header"),
    (lambda d: _bytes(d, b"PK\x03\x04" + b"\x00" * 100), "Excel"),
])
def test_unreadable_file_is_one_message_and_exit_2(tmp_path, capsys, make, message):
    code, out, err = run(capsys, make(tmp_path))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def _bytes(d: Path, data: bytes) -> Path:
    p = d / "x.csv"
    p.write_bytes(data)
    return p


def test_bad_list_file_is_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[list]\nid = 'x'\n[[entity]]\nid = 1\n")
    code, out, err = run(capsys, FIX / "payments.csv", "--list", bad)
    assert code == 2 and out == "" and "Traceback" not in err and "bad.toml" in err


def test_usage_errors_are_exit_2(capsys):
    assert run(capsys, FIX / "payments.csv", "--no-such-option")[0] == 2
    assert run(capsys, FIX / "payments.csv", "--format", "xml")[0] == 2
    assert run(capsys, FIX / "payments.csv", "--as-of", "04/05/2022")[0] == 2
    assert run(capsys)[0] == 2


def test_thresholds_per_list(tmp_path, capsys):
    f = write(tmp_path, [HEADER, payment("T1", "Vladimir Ptuin")])  # a typo: about 0.9
    code, out, _ = run(capsys, f)
    assert code == 1 and rows(out)[0]["decision"] != "CLEAR"
    code, out, _ = run(capsys, f, "--list-threshold", "jp-2022=0.97:0.99")
    assert code == 0 and rows(out)[0]["decision"] == "CLEAR"
    code, out, _ = run(capsys, f, "--list-threshold", "jp-2022=0.8")  # block stays at default
    assert code == 1 and rows(out)[0]["decision"] != "CLEAR"


@pytest.mark.parametrize(("value", "message"), [
    ("jp-2022", "expected LIST=REVIEW"),
    ("jp-2022=high", "expected LIST=REVIEW"),
    ("jp-2022=0.95:0.9", "thresholds"),
    ("no-such-list=0.9", "no-such-list, which is not loaded"),
])
def test_bad_list_threshold_is_exit_2(tmp_path, capsys, value, message):
    f = write(tmp_path, [HEADER, payment("T1", "Vladimir Ptuin")])
    code, out, err = run(capsys, f, "--list-threshold", value)
    assert code == 2 and message in err and not out


# -- the other commands and dispatch -------------------------------------------------------------

def test_a_file_named_like_a_command(tmp_path, capsys, monkeypatch):
    shutil.copy(FIX / "payments.csv", tmp_path / "lists")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "file", "lists")
    assert code == 1 and len(rows(out)) == 4


def test_options_before_the_file(capsys):
    code, out, _ = run(capsys, "--format", "jsonl", FIX / "payments.csv")
    assert code == 1 and json.loads(out.splitlines()[0])["record_id"] == "P1"


def test_lists_command(capsys):
    code, out, _ = run(capsys, "lists")
    assert code == 0 and "jp-2022" in out and "JP-MOF" in out
    code, out, _ = run(capsys, "lists", "--show", "jp-2022-vtb")
    assert code == 0 and "VTBRRUMM" in out and "asset_freeze" in out
    code, _, err = run(capsys, "lists", "--show", "no-such-entry")
    assert code == 2 and "no-such-entry" in err


def test_name_command(capsys):
    code, out, _ = run(capsys, "name", "Vladimir Putin")
    first = out.splitlines()[1]
    assert code == 1 and first.startswith("1.000") and "jp-2022-putin" in first
    code, out, _ = run(capsys, "name", "Vladimir Putin", "--format", "json")
    assert json.loads(out)["matches"][0]["entity_id"] == "jp-2022-putin"


def test_rules_command(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "payment-asset-freeze" in out and "BLOCK" in out


def test_help_documents_default_command_and_exit_codes(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "screen FILE" in out and "Exit codes" in out and "3 =" in out


# -- real processes ------------------------------------------------------------------------------

@pytest.mark.skipif(not SCREEN.exists(), reason="console script not installed")
def test_jobs_2_keeps_input_order(tmp_path):
    names = ["Suzuki Electronics", "VTB Bank", "Hanako Ito", "Vladimir Pukin", "Ito Yokado",
             "Promsvyazbank", "Kimura Shoji"]
    lines = [HEADER] + [payment(f"R{i}", names[i % len(names)], date="2022-04-05")
                        for i in range(3000)]
    lines[1500] = "R1499,2022-04-05,broken"
    f = write(tmp_path, lines)
    one = subprocess.run([SCREEN, f, "--jobs", "1", "-q"], capture_output=True, text=True)
    two = subprocess.run([SCREEN, f, "--jobs", "2", "-q"], capture_output=True, text=True)
    assert one.returncode == two.returncode == 3
    assert one.stdout == two.stdout
    got = rows(two.stdout)
    assert [r["row"] for r in got] == [str(i) for i in range(1, 3001)]
    assert got[1499]["decision"] == "ERROR"
    assert {r["decision"] for r in got} == {"CLEAR", "REVIEW", "BLOCK", "ERROR"}


@pytest.mark.skipif(not SCREEN.exists(), reason="console script not installed")
def test_real_process_exit_codes_and_no_traceback(tmp_path):
    ok = subprocess.run([SCREEN, FIX / "payments.csv"], capture_output=True, text=True)
    assert ok.returncode == 1 and ok.stdout.startswith("row,line,last_line,record_id,decision")
    missing = subprocess.run([SCREEN, tmp_path / "nope.csv"], capture_output=True, text=True)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr
