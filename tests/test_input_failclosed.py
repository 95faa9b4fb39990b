"""Input that must never read as CLEAR (issue 10): stray bytes, NUL bytes, stray quotes, phantom
rows, over-long fields; every physical line accounted for; ERROR rows still show name hits."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from screening.cli import main
from screening.csvio import CsvSource, detect
from screening.encodings import utf8_profile
from screening.limits import MAX_FIELD_CHARS, MAX_ROW_BYTES

HEADER = "id,date,amount,currency,originator_name,beneficiary_name,beneficiary_bic,purpose"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def pay(id_: str, beneficiary: str, amount: str = "100.00", date: str = "2022-04-05") -> str:
    return f"{id_},{date},{amount},USD,Tanaka Trading Co,{beneficiary},,invoice"


def write(tmp_path: Path, data: bytes, name: str = "in.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def lines(*items: str) -> bytes:
    return ("\n".join(items) + "\n").encode()


# -- decoding ------------------------------------------------------------------------------------

def test_one_stray_byte_does_not_turn_a_utf8_file_into_mojibake(tmp_path, capsys):
    # the issue: one non-UTF-8 byte made the whole file Windows-1251, so `Путин Владимир`
    # became `РџСѓС‚РёРЅ` and read CLEAR
    data = (lines(HEADER, pay("C1", "Сузуки Ханако"), pay("P1", "Путин Владимир"))
            + b"B1,2022-04-05,1.00,USD,Tanaka,Suzuki \xff Denki,,x\n"
            + lines(pay("C2", "Иванов Иван")))
    code, out, err = run(capsys, write(tmp_path, data))
    got = {r["record_id"]: r for r in rows(out)}
    assert got["P1"]["decision"] in ("REVIEW", "BLOCK") and "Putin" in got["P1"]["hits"]
    assert got["B1"]["decision"] == "ERROR"
    at_line = b"B1,2022-04-05,1.00,USD,Tanaka,Suzuki ".__len__() + 1
    assert f"row 3 (line 4): undecodable bytes (ff) at byte {at_line} of line 4 (byte " \
        f"{data.index(bytes([255])) + 1} of the file)" in got["B1"]["error"]
    assert "encoding UTF-8: detected: the file is mostly UTF-8 (1 undecodable bytes" in err
    assert code == 3


@pytest.mark.parametrize("text,encoding,why", [
    ("Путин Владимир; ООО Ромашка", "cp1251", "reads as Cyrillic"),
    ("山田太郎; 株式会社トヨタ", "cp932", "reads as Japanese"),
    ("Müller GmbH; José Álvarez; Françoise Gärtner; Øresund Ærø", "cp1252",
     "reads as accented Latin"),
])
def test_a_legacy_encoding_only_when_it_is_plainly_so(text, encoding, why):
    enc, note = detect(b"id,name\n1," + text.encode(encoding) + b"\n", complete=True)
    assert enc == encoding and why in note


@pytest.mark.parametrize("tail", [b"", b"\xe5", b"\xe5\xb1", b"\xf0\x9f\x98", b"\xff",
                                  b"\xe5\x41", b"\xff\x41", b"\xc0\x80", b"\xed\xa0\x80",
                                  b"\xf5\x80"])
@pytest.mark.parametrize("complete", [True, False])
def test_a_sample_is_utf8_exactly_when_it_has_no_undecodable_byte(tail, complete):
    # a first megabyte cut inside a character is UTF-8 (the file goes on); a whole file
    # ending so, or a byte no UTF-8 has, is not plainly UTF-8 (its rows say why)
    sample = "id,name\n1,山田太郎 Müller\n2,".encode() + tail
    enc, note = detect(sample, complete=complete)
    plain = enc == "utf-8" and "is valid UTF-8" in note
    assert plain == (utf8_profile(sample, complete)[2] == 0)
    if tail in (b"", b"\xe5\xb1", b"\xf0\x9f\x98"):
        assert plain == (tail == b"" or not complete)
    if tail in (b"\xe5\x41", b"\xff\x41"):
        assert not plain


def test_a_few_stray_bytes_in_ascii_are_not_a_legacy_encoding(tmp_path, capsys):
    data = lines(HEADER, pay("A1", "Hanako Ito")) + b"A2,2022-04-05,1,USD,T,M\xfcller,,x\n"
    code, out, err = run(capsys, write(tmp_path, data))
    got = rows(out)
    assert [r["decision"] for r in got] == ["CLEAR", "ERROR"]
    assert "undecodable" in got[1]["error"] and "--encoding" in got[1]["error"]
    assert "neither plainly UTF-8 nor a known legacy encoding" in err and code == 3


def test_nul_byte_makes_its_row_an_error_not_the_file(tmp_path, capsys):
    data = lines(HEADER, pay("N1", "Hanako\x00 Ito"), pay("N2", "VTB Bank"),
                 pay("N3", "Vladimir\x00Putin"))
    code, out, _ = run(capsys, write(tmp_path, data))
    got = rows(out)
    assert [r["decision"] for r in got] == ["ERROR", "BLOCK", "ERROR"]
    assert "NUL byte" in got[0]["error"] and got[0]["record_id"] == "N1"
    assert "Putin" in got[2]["hits"]  # the name around the NUL is still shown
    assert code == 3


def test_nul_byte_in_the_header_is_exit_2(tmp_path, capsys):
    code, out, err = run(capsys, write(tmp_path, lines("id,da\x00te,beneficiary_name",
                                                       "1,2022-04-05,x")))
    assert code == 2 and "header" in err and "NUL" in err


# -- quoting -------------------------------------------------------------------------------------

def test_stray_quote_swallowing_rows_gives_an_error_per_row(tmp_path, capsys):
    # the reproduction: one CLEAR row and exit 0 before
    data = lines("id,date,beneficiary_name", 'R1,2022-04-05,"Rosneft',
                 "R2,2022-04-05,Vladimir Putin", 'R3,2022-04-05,Smith"',
                 "R4,2022-04-05,Hanako Ito")
    code, out, err = run(capsys, write(tmp_path, data))
    got = rows(out)
    assert [(r["record_id"], r["decision"]) for r in got] == [
        ("R1", "ERROR"), ("R2", "ERROR"), ("R3", "ERROR"), ("R4", "CLEAR")]
    assert all("broken quoting" in r["error"] and "read as rows of their own (line 3, line 4)"
               in r["error"] for r in got[:3])
    assert "Putin" in got[1]["hits"]  # ERROR, yet the name is in front of the analyst
    assert code == 3


def test_stray_quote_with_continuation_lines_in_a_wide_file(tmp_path, capsys):
    data = lines(HEADER, pay("S1", '"Rosneft'), pay("S2", "Vladimir Putin"),
                 'S3,2022-04-05,1,USD,Tanaka,Smith",,x', pay("S4", "Hanako Ito"))
    code, out, _ = run(capsys, write(tmp_path, data))
    assert [r["decision"] for r in rows(out)] == ["ERROR", "ERROR", "ERROR", "CLEAR"]
    assert code == 3


def test_no_phantom_rows_from_inside_a_quoted_value(tmp_path, capsys):
    # a quoted field spanning lines whose record has too many fields: its continuation lines
    # (`X9,...`) are not rows of the file and must not come out as rows with id X9
    data = lines("id,date,beneficiary_name", 'Q1,2022-04-05,"Suzuki',
                 "X9,some words", 'X10,more words",extra', "Q2,2022-04-05,Hanako Ito")
    code, out, _ = run(capsys, write(tmp_path, data))
    got = rows(out)
    assert [(r["record_id"], r["line"], r["last_line"], r["decision"]) for r in got] == [
        ("Q1", "2", "4", "ERROR"), ("Q2", "5", "5", "CLEAR")]
    assert code == 3


def test_unclosed_quote_spoils_only_its_own_line(tmp_path, capsys):
    data = lines("id,date,beneficiary_name", 'U1,2022-04-05,"Suzuki', "more text",
                 "U2,2022-04-05,VTB Bank", "U3,2022-04-05,Hanako Ito")
    code, out, _ = run(capsys, write(tmp_path, data))
    got = rows(out)
    assert [(r["record_id"], r["line"], r["last_line"], r["decision"]) for r in got] == [
        ("U1", "2", "3", "ERROR"), ("U2", "4", "4", "BLOCK"), ("U3", "5", "5", "CLEAR")]


def test_a_proper_multiline_field_is_one_row(tmp_path, capsys):
    data = lines("id,date,beneficiary_name", 'M1,2022-04-05,"VTB', 'Bank"',
                 "M2,2022-04-05,Hanako Ito")
    code, out, _ = run(capsys, write(tmp_path, data))
    got = rows(out)
    assert [(r["line"], r["last_line"], r["decision"]) for r in got] == [
        ("2", "3", "BLOCK"), ("4", "4", "CLEAR")]


def test_every_line_is_accounted_for_in_output_and_summary(tmp_path, capsys):
    data = ("\n" + "\n".join([
        "id,date,beneficiary_name", "", 'A1,2022-04-05,"multi', "line", 'field"', "",
        'A2,2022-04-05,"stray', "A3,2022-04-05,Vladimir Putin", 'A4,2022-04-05,x"',
        "tail of it", "A5,2022-04-05,Hanako Ito", "A6,03/04/2022,VTB Bank", ""]) + "\n").encode()
    p = write(tmp_path, data)
    code, out, err = run(capsys, p, "-f", "jsonl")
    got = [json.loads(x) for x in out.splitlines()]
    covered = [n for r in got for n in range(r["line"], r["last_line"] + 1)]
    assert len(covered) == len(set(covered))
    # lines 1, 3, 7 and 14 are blank (14 being the empty line at the end), 2 the header
    assert len(data.splitlines()) == 14 and len(covered) == 9
    assert "lines read: 14 = 2 header + 3 blank + 9 in 6 result rows" in err
    assert [(r["record_id"], r["decision"]) for r in got] == [
        ("A1", "CLEAR"), ("A2", "ERROR"), ("A3", "ERROR"), ("A4", "ERROR"), ("A5", "CLEAR"),
        ("A6", "ERROR")]
    assert (got[3]["line"], got[3]["last_line"]) == (10, 11)  # "tail of it" is in the span
    assert code == 3


# -- limits --------------------------------------------------------------------------------------

def test_over_long_name_is_an_error_naming_the_field_and_limit(tmp_path, capsys):
    long_name = "ab " * 2000
    code, out, _ = run(capsys, write(tmp_path, lines(HEADER, pay("L1", long_name),
                                                     pay("L2", "VTB Bank"))))
    got = rows(out)
    assert got[0]["decision"] == "ERROR" and "'beneficiary_name' is 6,000 characters" in \
        got[0]["error"] and f"limit is {MAX_FIELD_CHARS:,}" in got[0]["error"]
    assert got[1]["decision"] == "BLOCK" and code == 3


def test_a_huge_line_is_an_error_read_in_bounded_memory(tmp_path):
    p = tmp_path / "huge.csv"
    with p.open("wb") as f:
        f.write(b"id,date,beneficiary_name\nH1,2022-04-05,")
        for _ in range(8):
            f.write(b"x" * (1 << 20))
        f.write(b"\nH2,2022-04-05,VTB Bank\n")
    src = CsvSource(p)
    tracemalloc.start()
    try:
        got = list(src.rows())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(r.line, r.fields is None) for r in got] == [(2, True), (3, False)]
    assert f"the limit is {MAX_ROW_BYTES:,} bytes" in (got[0].error or "")
    assert peak < 1 << 20  # the 8 MB line was never held
    assert src.lines_read == 3


def test_library_record_with_an_over_long_field_is_an_error():
    from screening.engine import Screener

    res = Screener.default().screen({"id": "1", "date": "2022-04-05",
                                     "beneficiary_name": "ab " * 2000})
    assert res.decision == "ERROR" and "beneficiary_name" in (res.error or "")


def test_stripping_and_lookup_are_linear_on_hostile_names():
    # 64,000 `LLC` or `Dr` tokens took 8 s (quadratic stripping); a single long word made the
    # one-edit neighbourhood quadratic in its length (48,000 letters: a minute). A hang
    # guard, not a speed figure: the old code needs about a minute for the first and a quarter
    # of an hour for the second, the new one about a second in all.
    script = textwrap.dedent("""
        from screening.names.normalize import normalize
        from screening.engine import Screener
        for tok in ("LLC", "Dr", "ab"):  # (`ab ab ab ...`, 2 MB, ran 18 minutes)
            n = normalize(" ".join([tok] * 150_000) + " Romashka", None)
            assert n.tokens == ("romashka",), n.tokens
        assert Screener.default().search("x" * 200_000) == []
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=40)
    assert done.returncode == 0, done.stderr


# -- ERROR rows still show their hits ------------------------------------------------------------

@pytest.mark.parametrize("line,why", [
    (pay("E1", "Vladimir Putin", amount='"1,234"'), "amount"),
    (pay("E2", "Vladimir Putin", date="03/04/2022"), "ambiguous"),
    (pay("E3", "Vladimir Putin").replace("invoice", "in\x00voice"), "NUL byte"),
])
def test_error_row_still_shows_the_hits_of_its_names(tmp_path, capsys, line, why):
    code, out, _ = run(capsys, write(tmp_path, lines(HEADER, line)), "-f", "jsonl")
    res = json.loads(out)
    assert res["decision"] == "ERROR" and why in res["error"]
    assert any(h["entity_name"].startswith("Vladimir Vladimirovich Putin") for h in res["hits"])
    assert res["best_score"] >= 0.9 and res["reasons"] == []
    assert any("no rule was applied" in n for n in res["notes"])
    assert code == 3


def test_error_row_hits_in_csv(tmp_path, capsys):
    data = lines("id,date,beneficiary_name,beneficiary_country",
                 "C1,2022-04-05,Vladimir Putin,Narnia")
    code, out, _ = run(capsys, write(tmp_path, data))
    got = rows(out)[0]
    assert got["decision"] == "ERROR" and "Putin" in got["hits"] and got["best_score"]


@pytest.mark.parametrize("extra", [{"amount": "1,234"}, {"beneficiary_country": "Narnia"},
                                   {"date": "03/04/2022"}])
def test_library_error_result_still_shows_the_hits_of_its_names(extra):
    from screening.engine import Screener

    record = {"id": "1", "date": "2022-04-05", "beneficiary_name": "Vladimir Putin", **extra}
    res = Screener.default().screen(record)
    assert res.decision == "ERROR" and res.reasons == []
    assert [h.entity_id for h in res.hits] == ["jp-2022-putin"]


def test_several_nul_rows_early_are_row_errors_not_a_binary_file(tmp_path, capsys):
    data = lines(HEADER, *(pay(f"Z{i}", f"Hanako\x00 Ito {i}") for i in range(12)),
                 pay("Z99", "VTB Bank"))
    code, out, _ = run(capsys, write(tmp_path, data))
    assert [r["decision"] for r in rows(out)] == ["ERROR"] * 12 + ["BLOCK"] and code == 3


@pytest.mark.skipif(not (Path(sys.executable).parent / "screen").exists(),
                    reason="console script not installed")
def test_worker_processes_give_the_same_rows_and_line_spans(tmp_path):
    # multi-line records and swallowed rows keep their `line`..`last_line` across processes
    body = []
    for i in range(700):
        body.append(pay(f"J{i}", ["Hanako Ito", "VTB Bank", '"Suzuki', "Vladimir Putin"][i % 4]))
        if i % 50 == 0:
            body.append(f'J{i}m,2022-04-05,1.00,USD,Tanaka,"Ito\nHanako",,x')
    p = write(tmp_path, lines(HEADER, *body))
    screen = Path(sys.executable).parent / "screen"
    one = subprocess.run([screen, p, "-j", "1", "-q"], capture_output=True, text=True)
    two = subprocess.run([screen, p, "-j", "2", "-q"], capture_output=True, text=True)
    assert one.returncode == two.returncode == 3
    assert one.stdout == two.stdout
    spans = {(r["line"], r["last_line"]) for r in rows(two.stdout)}
    assert any(a != b for a, b in spans)


def test_stray_bytes_in_an_ascii_file_are_not_read_as_windows_1252(tmp_path, capsys):
    # 0x80 is `€` in Windows-1252: read so, `Vladimir Pu€€tin` was CLEAR
    data = (b"id,date,beneficiary_name\nA1,2022-04-05,Vladimir Pu\x80\x80tin\n"
            b"A2,2022-04-05,Hanako\x80\x80 Ito\nA3,2022-04-05,VTB\x80\x80 Bank\n"
            b"A4,2022-04-05,Ito\x80\x80\n")
    code, out, err = run(capsys, write(tmp_path, data))
    got = rows(out)
    assert [r["decision"] for r in got] == ["ERROR"] * 4 and code == 3
    assert "Putin" in got[0]["hits"] and "VTB" in got[2]["hits"]
    assert "encoding UTF-8" in err
