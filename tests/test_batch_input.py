"""Reading batch input: encoding and delimiter detection, row splitting, dates and amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from screening.csvio import CsvSource, detect_delimiter, detect_encoding
from screening.mapping import InputError, norm_header, parse_date, parse_decimal, resolve_columns
from screening.records import RecordKind

SAMPLES = {
    "russian": "ООО «Ромашка», г. Москва, ул. Ленина д.5 №12; Иван Петров; Сбербанк России",
    "russian capitals": "ВТБ БАНК; ПРОМСВЯЗЬБАНК; ОАО РЖД",
    "japanese": "山田太郎; 株式会社トヨタ; ウラジーミル・プーチン; 東京都千代田区",
    "half-width kana": "ﾔﾏﾀﾞ ﾀﾛｳ; ｶ)ﾄﾖﾀｼﾞﾄﾞｳｼｬ; ｽｽﾞｷ ﾊﾅｺ",
}


@pytest.mark.parametrize("text,encoding", [
    (SAMPLES["russian"], "cp1251"), (SAMPLES["russian capitals"], "cp1251"),
    (SAMPLES["japanese"], "cp932"), (SAMPLES["half-width kana"], "cp932"),
    (SAMPLES["russian"], "utf-8"), (SAMPLES["japanese"], "utf-8"),
])
def test_encoding_detection(text, encoding):
    data = b"id,name\n1," + text.encode(encoding) + b"\n"
    assert detect_encoding(data, complete=True) == encoding


def test_utf8_bom_and_truncated_sample():
    assert detect_encoding(b"\xef\xbb\xbfid,name\n", complete=True) == "utf-8-sig"
    cut = "id,name\n1,Путин".encode()[:-1]  # a sample may end inside a character
    assert detect_encoding(cut, complete=False) == "utf-8"


def test_delimiter_detection_prefers_the_header():
    assert detect_delimiter(["id;name;country", '1;"Suzuki, Hanako";JP']) == ";"
    assert detect_delimiter(["id|name", "1|a,b,c"]) == "|"
    assert detect_delimiter(["id\tname", "1\tx"]) == "\t"


@pytest.mark.parametrize("text,date", [
    ("2022-04-05", dt.date(2022, 4, 5)), ("2022-04-05T10:11:12Z", dt.date(2022, 4, 5)),
    ("2022/4/5", dt.date(2022, 4, 5)), ("05.04.2022", dt.date(2022, 4, 5)),
    ("20220405", dt.date(2022, 4, 5)), ("2022年4月5日", dt.date(2022, 4, 5)),
])
def test_unambiguous_dates(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text,why", [
    ("03/04/2022", "ambiguous"), ("4/5/22", "ambiguous"), ("2022-02-30", "not a real date"),
    ("yesterday", "not a date"),
])
def test_refused_dates(text, why):
    with pytest.raises(ValueError, match=why):
        parse_date(text)


@pytest.mark.parametrize("text,value", [
    ("1234.56", "1234.56"), ("1,234.56", "1234.56"), ("1 234,56", "1234.56"),
    ("1.234,56", "1234.56"), ("1234,5", "1234.5"), ("1.234.567", "1234567"),
    ("1,234,567", "1234567"), ("-10", "-10"),
])
def test_amounts(text, value):
    assert parse_decimal(text) == Decimal(value)


def test_ambiguous_amount_is_refused():
    with pytest.raises(ValueError, match="ambiguous"):
        parse_decimal("1,234")


def test_header_matching_ignores_case_and_spacing():
    assert norm_header("Beneficiary Name") == norm_header("beneficiary_name") == \
        norm_header(" BENEFICIARY-NAME ")
    cmap = resolve_columns(["ID", "Date", "Beneficiary Name", "Beneficiary BIC"])
    assert cmap.kind is RecordKind.payment
    assert dict(cmap.columns) == {"id": 0, "date": 1, "beneficiary_name": 2,
                                  "beneficiary_bic": 3}


def test_kind_detection_and_ambiguity():
    assert resolve_columns(["id", "date", "consignee_name", "hs_code"]).kind is RecordKind.export
    with pytest.raises(InputError, match="--kind"):
        resolve_columns(["id", "date", "currency"])


def test_rows_keep_numbering_through_multiline_fields_and_blank_lines(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text('id,date,beneficiary_name\n1,2022-01-01,"a\nb"\n\n2,2022-01-01,c\n'
                 '3,2022-01-01,"unclosed\n4,2022-01-01,d\n')
    src = CsvSource(p)
    got = [(r.row, r.line, r.fields, r.error is not None) for r in src.rows()]
    assert got == [
        (1, 2, ["1", "2022-01-01", "a\nb"], False),
        (2, 5, ["2", "2022-01-01", "c"], False),
        (3, 6, None, True),
        (4, 7, ["4", "2022-01-01", "d"], False),
    ]


def test_trailing_empty_fields_are_tolerated_but_extra_values_are_not(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("id,date,beneficiary_name\n1,2022-01-01,a,,\n2,2022-01-01,a,b\n")
    got = list(CsvSource(p).rows())
    assert got[0].fields == ["1", "2022-01-01", "a"]
    assert got[1].fields is None and "4 fields" in (got[1].error or "")


def test_progress_line_is_drawn_and_cleared():
    import io

    from screening.batch_summary import Progress

    buf = io.StringIO()
    bar = Progress(buf, min_bytes=0)
    bar(500, 50, 100)
    bar.close()
    assert "50.0%" in buf.getvalue() and "500 rows" in buf.getvalue()
    assert buf.getvalue().endswith("\r\033[K")
