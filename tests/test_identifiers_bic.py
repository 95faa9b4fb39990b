"""BICs written differently (dashes, spaces, dots, lower case, full-width, Cyrillic or Greek
look-alike letters) are read as the BIC they plainly are and matched; anything else in a BIC
field is an ERROR naming the field, never CLEAR."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from screening import Screener
from screening.bic import normalise_bic
from screening.cli import main
from screening.confusables import confusables, fold_lookalikes
from screening.results import Decision

HEADER = ("id,date,amount,currency,originator_name,originator_country,originator_bic,"
          "beneficiary_name,beneficiary_country,beneficiary_bic,intermediary_bic,purpose")

VTB_FORMS = [
    "VTBR-RU-MM",  # dashes
    "ＶＴＢＲＲＵＭＭ",  # full-width
    "VТВRRUMM",  # Cyrillic Т and В
    "vtbr ru mm",  # lower case, spaces
    "VTBR.RU.MM",  # dots
    "VΤΒRRUMM",  # Greek Tau and Beta
    "VTBR\u2011RU\u2011MM\u00a0XXX",  # non-breaking hyphens and space, branch code
    " VTBRRUMM ",
]
NOT_BICS = ["garbage!!", "VTBRRUM", "VTBR-RU-MM-X", "ВТБРРУММ", "12345678", "VTBRRUMM12",
            "VTB@RUMM"]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


@pytest.mark.parametrize("written", VTB_FORMS)
def test_bic_written_differently_is_read_as_the_bic(written) -> None:
    assert normalise_bic(written)[:8] == "VTBRRUMM"


@pytest.mark.parametrize("written", NOT_BICS)
def test_not_a_bic_is_refused(written) -> None:
    with pytest.raises(ValueError, match="is not a BIC"):
        normalise_bic(written)


@pytest.mark.parametrize("written", VTB_FORMS)
@pytest.mark.parametrize("field", ["originator_bic", "beneficiary_bic", "intermediary_bic"])
def test_bic_written_differently_hits_vtb(screener, field, written) -> None:
    res = screener.screen({"id": "B1", "date": "2022-04-05", "originator_name": "Tanaka Shoji",
                           "beneficiary_name": "Acme GmbH", field: written})
    assert res.decision is Decision.BLOCK
    bic_hits = [h for h in res.hits if h.match_type == "identifier"]
    assert [(h.field, h.entity_id, h.query[:8]) for h in bic_hits] == [
        (field, "jp-2022-vtb", "VTBRRUMM")]
    rewritten = [n for n in res.notes if n.startswith(f"{field} {written!r} read as BIC")]
    assert len(rewritten) == (written.strip() != bic_hits[0].query)  # the audit trail says how


@pytest.mark.parametrize("written", NOT_BICS)
def test_not_a_bic_is_an_error_naming_the_field(screener, written) -> None:
    res = screener.screen({"id": "B2", "date": "2022-04-05", "originator_name": "Tanaka Shoji",
                           "beneficiary_bic": written})
    assert res.decision is Decision.ERROR
    assert res.error.startswith("beneficiary_bic:") and "is not a BIC" in res.error


def test_the_command_reads_and_refuses_bics(tmp_path: Path, capsys) -> None:
    lines = [HEADER]
    for i, bic in enumerate(["VTBR-RU-MM", "ＶＴＢＲＲＵＭＭ", "VТВRRUMM", "garbage!!"], start=1):
        lines.append(f"R{i},2022-04-05,100,USD,Tanaka Shoji,JP,,Acme GmbH,DE,{bic},,goods")
    path = tmp_path / "bics.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main([str(path), "-q"])
    out = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["decision"] for r in out] == ["BLOCK", "BLOCK", "BLOCK", "ERROR"]
    assert all("jp-2022-vtb" in r["reasons"] for r in out[:3])
    assert "beneficiary_bic" in out[3]["error"] and "garbage!!" in out[3]["error"]
    assert code == 3  # an unreadable row outranks the hits


def test_lookalike_table_is_data_and_maps_to_latin_letters() -> None:
    table = confusables()
    assert table["В"] == "B" and table["Т"] == "T" and table["Β"] == "B"
    assert all(len(k) == 1 and not k.isascii() and v.isascii() and v.isalpha()
               for k, v in table.items())
    assert fold_lookalikes("VТВ") == "VTB"
    assert "Д" not in table  # not a look-alike: stays itself, so a BIC holding it is refused
