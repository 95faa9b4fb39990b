"""Everyday habits of `screen FILE`: unmapped party columns refused, stdin, compressed input,
Parquet and Excel, output format from the -o name, echoed columns, as-of and in-force columns."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import subprocess
import sys
from pathlib import Path

import pytest

from screening.cli import main
from screening.header_guard import classify

FIX = Path(__file__).parent / "fixtures" / "cli"
PAYMENTS = FIX / "payments.csv"
BANK = FIX / "bank-export.csv"
SCREEN = Path(sys.executable).parent / "screen"
BANK_BASE = ("--map", "id=TxnRef", "--map", "date=Value Date")


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- unmapped party columns ----------------------------------------------------------------------

def test_unmapped_party_columns_stop_the_run_naming_the_map(capsys):
    # the bank export: only the payee mapped, so payer, payer BIC and corr BIC unread
    code, out, err = run(capsys, BANK, *BANK_BASE, "--map", "beneficiary_name=Payee Name")
    assert code == 2 and out == ""
    assert "--map originator_name='Payer'" in err
    assert "--map originator_bic='Payer BIC'" in err
    assert "--map intermediary_bic='Corr BIC'" in err
    assert "--map beneficiary_country='Payee Country'" in err
    assert "--ignore-column 'Corr BIC'" in err
    assert "Payee Account" not in err.split("columns read now")[0]  # an account is no party
    assert "Memo" not in err


def test_full_mapping_screens_every_party(capsys):
    code, out, err = run(capsys, BANK, *BANK_BASE, "--map", "beneficiary_name=Payee Name",
                         "--map", "originator_name=Payer", "--map", "originator_bic=Payer BIC",
                         "--map", "intermediary_bic=Corr BIC",
                         "--map", "beneficiary_country=Payee Country")
    assert code == 1
    got = {r["record_id"]: r["decision"] for r in rows(out)}
    assert got == {"B1": "BLOCK", "B2": "BLOCK", "B3": "BLOCK", "B4": "BLOCK", "B5": "CLEAR"}
    # the summary names the column read for every role
    assert "originator_bic <- 'Payer BIC'" in err and "intermediary_bic <- 'Corr BIC'" in err


def test_ignore_column_says_it_is_deliberate(capsys):
    code, out, err = run(capsys, BANK, *BANK_BASE, "--map", "beneficiary_name=Payee Name",
                         "--ignore-column", "Payer", "--ignore-column", "payer bic",
                         "--ignore-column", "Corr BIC", "--ignore-column", "Payee Country")
    assert code == 1
    assert [r["decision"] for r in rows(out)].count("BLOCK") == 1
    assert "columns deliberately not screened (--ignore-column): 'Payer', 'payer bic'" in err


def test_ignore_column_must_name_a_column(capsys):
    code, _, err = run(capsys, PAYMENTS, "--ignore-column", "Payee Nmae")
    assert code == 2 and "'Payee Nmae': no such column" in err


def test_json_metadata_names_the_columns(capsys):
    code, out, _ = run(capsys, BANK, *BANK_BASE, "--map", "beneficiary_name=Payee Name",
                       "--map", "originator_name=Payer", "--map", "originator_bic=Payer BIC",
                       "--map", "intermediary_bic=Corr BIC", "--ignore-column", "Payee Country",
                       "-f", "json")
    data = json.loads(out)
    meta = data["metadata"]
    assert meta["columns"]["originator_bic"] == "Payer BIC"
    assert meta["columns"]["beneficiary_name"] == "Payee Name"
    assert meta["ignored_columns"] == ["Payee Country"]
    assert meta["as_of_rule"] == "each row's own date"
    assert meta["lists"][0]["id"] == "jp-2022" and meta["lists"][0]["version"]
    assert data["summary"] == {"rows": 5, "BLOCK": 4, "REVIEW": 0, "CLEAR": 1, "ERROR": 0}


@pytest.mark.parametrize("header, role, category", [
    ("Payee Name", "beneficiary", "name"), ("Payer", "originator", "name"),
    ("Payer BIC", "originator", "bic"), ("Corr BIC", "intermediary", "bic"),
    ("BeneficiarySwift", "beneficiary", "bic"), ("Ordering Customer", "originator", "name"),
    ("受取人", "beneficiary", "name"), ("送金人名", "originator", "name"),
    ("依頼人", "originator", "name"), ("被仕向銀行", "beneficiary_bank", "bank"),
    ("仕向銀行", "originator_bank", "bank"), ("受益者", "beneficiary", "name"),
    ("Получатель", "beneficiary", "name"), ("плательщик", "originator", "name"),
    ("БИК банка получателя", "beneficiary", "bic"), ("Страна получателя", "beneficiary", "country"),
    ("HS Code", None, "hs"), ("ТН ВЭД", None, "hs"), ("End User", "end_user", "name"),
])
def test_party_like_headers(header, role, category):
    assert classify(header) == (role, category)


@pytest.mark.parametrize("header", ["Amount", "Value Date", "Memo", "Payee Account",
                                    "Bank Charges", "Sender Reference", "Purpose", "Currency",
                                    "Invoice", "Correction", "金額", "Назначение платежа"])
def test_other_headers_are_not_party_columns(header):
    assert classify(header) is None


def test_export_file_hs_column_unmapped(tmp_path, capsys):
    p = tmp_path / "exports.csv"
    p.write_text("id,date,consignee_name,destination_country,Tariff No\n"
                 "E1,2022-04-05,Acme,RU,8419.40\n", encoding="utf-8")
    code, _, err = run(capsys, p)
    assert code == 2 and "--map hs_code='Tariff No'" in err


# -- inputs --------------------------------------------------------------------------------------

def _decisions(out: str) -> list[str]:
    return [r["decision"] for r in rows(out)]


EXPECTED = ["CLEAR", "BLOCK", "REVIEW", "CLEAR"]


@pytest.mark.parametrize("suffix, compress", [
    (".csv.gz", gzip.compress), (".csv.bz2", bz2.compress), (".csv.xz", lzma.compress),
    (".csv.zst", lambda b: __import__("zstandard").ZstdCompressor().compress(b)),
])
def test_compressed_input(tmp_path, capsys, suffix, compress):
    p = tmp_path / f"payments{suffix}"
    p.write_bytes(compress(PAYMENTS.read_bytes()))
    code, out, err = run(capsys, p)
    assert code == 1 and _decisions(out) == EXPECTED
    assert f"payments{suffix}" in err


def test_corrupt_compressed_input_is_exit_2_not_clear(tmp_path, capsys):
    data = gzip.compress(PAYMENTS.read_bytes() * 200)
    p = tmp_path / "cut.csv.gz"
    p.write_bytes(data[: len(data) // 2])
    code, _, err = run(capsys, p)
    assert code == 2 and "cut.csv.gz" in err and "nothing after it was screened" in err


def test_name_and_content_disagree(tmp_path, capsys):
    p = tmp_path / "plain.csv.gz"
    p.write_bytes(PAYMENTS.read_bytes())
    code, _, err = run(capsys, p)
    assert code == 2 and "the name says gzip but the content is plain text" in err


def test_stdin_plain_and_gzip(tmp_path):
    for data in (PAYMENTS.read_bytes(), gzip.compress(PAYMENTS.read_bytes())):
        proc = subprocess.run([str(SCREEN), "-", "-q"], input=data, capture_output=True,
                              timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert _decisions(proc.stdout.decode()) == EXPECTED
    proc = subprocess.run([str(SCREEN), "-"], input=PAYMENTS.read_bytes(), capture_output=True,
                          timeout=120)
    assert b"from <stdin>" in proc.stderr


def test_parquet_round_trip(tmp_path, capsys):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = list(csv.DictReader(PAYMENTS.open(encoding="utf-8")))
    table = pa.table({k: [r[k] for r in src] for k in src[0]})
    pin = tmp_path / "payments.parquet"
    pq.write_table(table, pin)
    pout = tmp_path / "results.parquet"
    code, out, _ = run(capsys, pin, "-o", pout, "--echo-columns")
    assert code == 1 and out == ""
    got = pq.read_table(pout)
    assert got.column("decision").to_pylist() == EXPECTED
    assert got.schema.field("row").type == pa.int64()
    assert got.column("beneficiary_name").to_pylist()[1] == "VTB Bank"  # echoed
    meta = json.loads(got.schema.metadata[b"screening"])
    assert meta["columns"]["beneficiary_bic"] == "beneficiary_bic"
    assert meta["input"].endswith("payments.parquet")


def test_xlsx_input(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Payments"
    src = list(csv.reader(PAYMENTS.open(encoding="utf-8")))
    ws.append(src[0])
    for r in src[1:]:
        r = list(r)
        r[1] = dt.datetime.fromisoformat(r[1])  # Excel holds real dates
        r[2] = float(r[2])
        ws.append(r)
    p = tmp_path / "payments.xlsx"
    wb.save(p)
    code, out, _ = run(capsys, p)
    assert code == 1 and _decisions(out) == EXPECTED
    assert [r["line"] for r in rows(out)] == ["2", "3", "4", "5"]  # the sheet's row numbers
    wb.create_sheet("More").append(["id", "date"])
    wb.save(p)
    code, _, err = run(capsys, p)
    assert code == 2 and "--sheet" in err and "Payments, More" in err
    code, out, _ = run(capsys, p, "--sheet", "Payments")
    assert code == 1 and _decisions(out) == EXPECTED


# -- outputs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, check", [
    ("r.jsonl", lambda t: [json.loads(x)["decision"] for x in t.splitlines()] == EXPECTED),
    ("r.json", lambda t: [d["decision"] for d in json.loads(t)["results"]] == EXPECTED),
    ("r.csv", lambda t: _decisions(t) == EXPECTED),
])
def test_format_follows_the_output_name(tmp_path, capsys, name, check):
    dest = tmp_path / name
    code, _, _ = run(capsys, PAYMENTS, "-o", dest, "-q")
    assert code == 1 and check(dest.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, fmt", [("r.jsonl", "csv"), ("r.csv", "json"),
                                       ("r.parquet", "jsonl"), ("r.xlsx", None)])
def test_format_contradicting_the_name_is_an_error(tmp_path, capsys, name, fmt):
    dest = tmp_path / name
    code, _, err = run(capsys, PAYMENTS, "-o", dest, *(("-f", fmt) if fmt else ()))
    assert code == 2 and not dest.exists()
    assert "contradicts" in err or "cannot write" in err


def test_echo_columns_in_csv_and_json(capsys):
    code, out, _ = run(capsys, PAYMENTS, "--echo-columns")
    r = rows(out)
    assert r[1]["beneficiary_name"] == "VTB Bank" and r[1]["purpose"] == "loan repayment"
    assert r[1]["decision"] == "BLOCK"
    header = out.splitlines()[0].split(",")
    from screening.batch_cells import CSV_COLUMNS

    n = len(CSV_COLUMNS)
    assert header[:10] == ["row", "line", "last_line", "record_id", "decision", "best_score",
                           "reasons", "hits", "notes", "error"]
    assert header[:n] == list(CSV_COLUMNS) and header[10:12] == ["as_of", "in_force"]
    assert header[n:] == ["id", "date", "amount", "currency", "originator_name",
                           "originator_country", "originator_bic", "beneficiary_name",
                           "beneficiary_country", "beneficiary_bic", "intermediary_bic",
                           "purpose"]
    code, out, _ = run(capsys, PAYMENTS, "--keep-input", "-f", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first["input"]["originator_name"] == "Tanaka Trading Co"


def test_as_of_and_in_force_columns_and_the_clear_note(capsys):
    # 2022-02-01: VTB matched by name and BIC, but none of its measures is in force yet
    code, out, err = run(capsys, PAYMENTS, "--as-of", "2022-02-01")
    assert code == 0 and "as of: 2022-02-01 (--as-of, every row)" in err
    vtb = rows(out)[1]
    assert vtb["decision"] == "CLEAR" and vtb["as_of"] == "2022-02-01"
    assert vtb["in_force"] == "no"
    assert vtb["notes"].startswith("CLEAR although 1 list entry matched: no measure of it is "
                                   "in force on 2022-02-01")
    code, out, _ = run(capsys, PAYMENTS)
    r = rows(out)
    assert [x["as_of"] for x in r] == ["2022-04-05"] * 4  # each row's own date
    assert [x["in_force"] for x in r] == ["", "yes", "yes", ""]
    code, out, _ = run(capsys, PAYMENTS, "-f", "jsonl")
    assert json.loads(out.splitlines()[1])["as_of"] == "2022-04-05"
    assert json.loads(out.splitlines()[1])["in_force"] is True


def test_help_has_examples_and_completion(capsys):
    code, out, _ = run(capsys, "file", "--help")
    assert code == 0 and "Examples:" in out and "screen - -f json" in out
    code, out, _ = run(capsys, "--help")
    assert "--install-completion" in out


def test_mapping_file_with_ignore_columns(capsys):
    examples = Path(__file__).resolve().parents[1] / "examples"
    code, out, err = run(capsys, examples / "bank-export.csv", "--mapping",
                         examples / "bank-export.toml")
    assert code == 1
    assert [r["decision"] for r in rows(out)] == ["BLOCK"] * 4 + ["CLEAR"] * 2
    assert "deliberately not screened (--ignore-column): 'Payer Bank'" in err


def test_stdin_from_a_terminal_is_refused(capsys, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    code, _, err = run(capsys, "-")
    assert code == 2 and "nothing is piped in" in err


@pytest.mark.parametrize("header", ["Country of Origin", "原産国", "Страна происхождения"])
def test_origin_of_goods_is_not_a_party_country(header):
    assert classify(header) is None


def test_shell_completion_completes_commands():
    import os

    env = dict(os.environ, _SCREEN_COMPLETE="complete_bash", COMP_WORDS="screen li",
               COMP_CWORD="1")
    proc = subprocess.run([str(SCREEN)], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.split() == ["lists"]


def test_xlsx_formula_without_saved_value_stops_the_run(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "date", "beneficiary_name", "originator_name"])
    ws.append(["P1", "2022-04-05", "=D2", "VTB Bank"])  # openpyxl saves no cached value
    p = tmp_path / "formula.xlsx"
    wb.save(p)
    code, out, err = run(capsys, p, "-o", tmp_path / "r.csv")
    assert code == 2 and "row 2 column 3 holds the formula '=D2' without a saved value" in err
    assert not (tmp_path / "r.csv").exists()


def test_japanese_and_russian_bank_headers(tmp_path, capsys):
    ja = tmp_path / "ja.csv"
    ja.write_bytes(("取引番号,日付,依頼人,受取人,被仕向銀行\n"
                    "J1,2022-04-05,田中商事,VTB Bank,VTBRRUMM\n").encode("cp932"))
    code, _, err = run(capsys, ja, "--map", "id=取引番号", "--map", "date=日付",
                       "--map", "beneficiary_name=受取人")
    assert code == 2
    assert "--map originator_name='依頼人'" in err and "--map beneficiary_bic='被仕向銀行'" in err
    ru = tmp_path / "ru.csv"
    ru.write_bytes("Номер;Дата;Плательщик;Получатель;БИК банка получателя\n"
                   "R1;05.04.2022;ООО Ромашка;Банк ВТБ;VTBRRUMM\n".encode("cp1251"))
    code, _, err = run(capsys, ru, "--map", "id=Номер", "--map", "date=Дата",
                       "--map", "originator_name=Плательщик")
    assert code == 2
    assert "--map beneficiary_name='Получатель'" in err
    assert "--map beneficiary_bic='БИК банка получателя'" in err
    code, out, _ = run(capsys, ru, "--map", "id=Номер", "--map", "date=Дата",
                       "--map", "originator_name=Плательщик", "--map",
                       "beneficiary_name=Получатель", "--map",
                       "beneficiary_bic=БИК банка получателя")
    assert code == 1 and rows(out)[0]["decision"] == "BLOCK"


def test_header_word_tables_name_real_fields():
    from screening.header_guard import header_words
    from screening.mapping import FIELDS
    from screening.records import RecordKind

    hw = header_words()
    for kind in RecordKind:
        for key, fields in hw.fields[str(kind)].items():
            role, _, what = key.partition(".")
            assert role == "*" or role in hw.roles, key
            assert what in (*hw.categories, "name"), key
            assert set(fields) <= set(FIELDS[kind]), (kind, key)
