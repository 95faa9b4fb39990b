"""Record validation: values are stripped, blank values are missing values, and a record that
fails names the field (the engine turns it into an ERROR result, never CLEAR)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from screening import Decision, PaymentRecord, Screener


def test_strings_are_stripped_and_blanks_are_none() -> None:
    rec = PaymentRecord.model_validate({
        "id": " P1 ", "date": " 2022-04-05 ", "amount": " 12.50 ", "kind": " payment ",
        "originator_name": "   ", "beneficiary_name": "\u00a0Hanako Ito\u3000",
        "beneficiary_country": " jp ", "originator_country": "\t", "purpose": ""})
    assert (rec.id, rec.date, rec.amount) == ("P1", dt.date(2022, 4, 5), Decimal("12.50"))
    assert rec.beneficiary_name == "Hanako Ito" and rec.beneficiary_country == "JP"
    assert rec.originator_name is None and rec.originator_country is None
    assert rec.purpose is None and rec.currency is None


@pytest.mark.parametrize(("record", "field"), [
    ({"id": "  ", "date": "2022-04-05", "beneficiary_name": "X"}, "id"),
    ({"id": "P1", "date": " ", "beneficiary_name": "X"}, "date"),
    ({"id": "P1", "date": "2022-04-05", "beneficiary_name": "X", "kind": " "}, "kind"),
    ({"id": "P1", "date": "2022-04-05", "beneficiary_name": "X", "amount": "abc"}, "amount"),
])
def test_a_blank_required_or_bad_field_is_an_error_naming_it(record, field) -> None:
    r = Screener.default().screen(record)
    assert r.decision is Decision.ERROR
    assert r.error.startswith(f"{field}: ")


def test_blank_parties_only_is_an_error() -> None:
    r = Screener.default().screen({"id": "P1", "date": "2022-04-05", "beneficiary_name": "  ",
                                   "beneficiary_bic": " "})
    assert r.decision is Decision.ERROR and "no party to screen" in r.error


def test_an_unknown_kind_or_a_non_text_id_is_an_error_result_not_an_exception() -> None:
    r = Screener.default().screen({"id": 5, "date": "2022-04-05", "beneficiary_name": "X",
                                   "kind": "wire"})
    assert r.decision is Decision.ERROR and r.record_id == "5"
    assert r.error == "kind: 'wire' is not payment or export"
