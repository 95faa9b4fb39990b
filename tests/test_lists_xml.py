"""UN, EU and UK XML importers on small excerpts of the real files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening.lists import ListError, load_list
from screening.models import DateBasis, EntityKind, IdentifierType, MeasureType, NameStrength

FIX = Path(__file__).parent / "fixtures"
UN = FIX / "un" / "consolidated-excerpt-2026-02-27.xml"
EU = FIX / "eu" / "eu_fsf_excerpt_2026-08-05.xml"
UK = FIX / "uk" / "uk_sanctions_list_excerpt_2026-09-10.xml"


@pytest.fixture(scope="module")
def un():
    return load_list(UN)


def test_un_excerpt_individuals_and_entities(un):
    assert un.authority == "UN" and un.version.published == dt.date(2026, 2, 27)
    assert [e.id for e in un.entities] == ["CDi.001", "CDi.003", "IQi.001", "CDi.030", "CDi.014",
                                          "CDi.021", "CDe.001", "KPe.001"]
    assert un.get("CDi.001").kind is EntityKind.person
    assert un.get("KPe.001").kind is EntityKind.organisation


def test_un_measure_is_an_effective_asset_freeze_from_listed_on(un):
    m = un.get("IQi.001").measures[0]
    assert (m.type, m.authority, m.program) == (MeasureType.asset_freeze, "UN", "Iraq")
    assert m.effective_from == dt.date(2003, 6, 27) and m.date_basis is DateBasis.effective
    assert m.source == str(UN)


def test_un_names_quality_and_original_script(un):
    names = {n.value: n for n in un.get("IQi.001").names}
    assert names["SADDAM HUSSEIN AL-TIKRITI"].strength is NameStrength.primary
    assert names["Abu Ali"].strength is NameStrength.weak  # QUALITY Low
    assert names["صدام حسين التكريتي"].script == "Arab"
    adf = {n.value: n.strength for n in un.get("CDe.001").names}
    assert adf["Allied Democratic Forces"] is NameStrength.strong  # a.k.a.
    assert adf["NALU"] is NameStrength.former  # f.k.a.


def test_un_birth_dates_exact_between_approximately(un):
    assert un.get("IQi.001").birth_dates[0].date == dt.date(1937, 4, 28)
    assert (un.get("CDi.001").birth_dates[0].year_from, un.get("CDi.001").birth_dates[0].circa) \
        == (1971, False)
    b = un.get("CDi.030").birth_dates[0]
    assert (b.year_from, b.year_to) == (1973, 1974)
    approx = un.get("CDi.014").birth_dates[1]
    assert approx.year_from == 1966 and approx.circa


def test_un_documents_and_nationality(un):
    e = un.get("CDi.021")
    assert (IdentifierType.passport, "OB 0243318", "Democratic Republic of the Congo") in {
        (i.type, i.value, i.country) for i in e.identifiers}
    assert un.get("IQi.001").nationalities == ("Iraq",)


def test_eu_excerpt():
    wl = load_list(EU)
    assert wl.authority == "EU" and wl.version.published == dt.date(2026, 8, 5)
    assert [e.id for e in wl.entities] == ["EU.502.12", "EU.3886.3"]
    dorda = wl.get("EU.3886.3")
    assert dorda.kind is EntityKind.person
    assert dorda.primary_name == "Abu Zayd Umar DORDA"
    assert {n.value: n.lang for n in dorda.names}["ABÚ ZAJD UMAR DÚRDA"] == "cs"
    assert dorda.birth_dates[0].date == dt.date(1944, 4, 4)
    assert (dorda.identifiers[0].type, dorda.identifiers[0].value) == (IdentifierType.passport,
                                                                      "FK117RK0")
    m = dorda.measures[0]
    assert (m.authority, m.program, m.effective_from) == ("EU", "LBY", dt.date(2011, 2, 26))
    jan = wl.get("EU.502.12")
    assert (jan.birth_dates[0].year_from, jan.birth_dates[0].year_to) == (1953, 1958)
    assert jan.birth_dates[0].circa and jan.nationalities == ("AFGHANISTAN",)


@pytest.fixture(scope="module")
def uk():
    return load_list(UK)


def test_uk_excerpt_kinds_and_names(uk):
    assert uk.authority == "UK" and uk.version.published == dt.date(2026, 9, 10)
    kinds = {e.id: e.kind for e in uk.entities}
    assert kinds == {"AFG0001": EntityKind.organisation, "AFG0006": EntityKind.person,
                     "BEL0107": EntityKind.organisation, "DPR0075": EntityKind.vessel,
                     "AQD0195": EntityKind.person}
    names = {n.value: n.strength for n in uk.get("BEL0107").names}
    assert names == {"BNK (UK) Ltd": NameStrength.primary, "BNK UK Limited": NameStrength.strong,
                     "BNK": NameStrength.weak}
    akhund = uk.get("AFG0006")
    assert akhund.primary_name == "MOHAMMAD HASSAN AKHUND"
    assert [n.script for n in akhund.names if n.script] == ["Arab"]


def test_uk_dobs_with_unknown_day_and_month(uk):
    dobs = uk.get("AFG0006").birth_dates
    assert dobs[0].date == dt.date(1958, 5, 12)
    assert (dobs[1].date, dobs[1].year_from, dobs[1].text) == (None, 1945, "dd/mm/1945")
    assert dobs[2].year_from == 1946


def test_uk_indicators_become_measures(uk):
    types = {e.id: [m.type for m in e.measures] for e in uk.entities}
    assert types["AFG0006"] == [MeasureType.asset_freeze, MeasureType.travel_ban]
    assert types["BEL0107"] == [MeasureType.asset_freeze, MeasureType.sanction]
    assert uk.get("BEL0107").measures[1].note == "DirectorDisqualificationSanction"
    m = uk.get("AFG0006").measures[0]
    assert m.effective_from == dt.date(2001, 1, 25) and m.authority == "UK"
    assert m.program == "The Afghanistan (Sanctions) (EU Exit) Regulations 2020"
    assert uk.get("DPR0075").identifiers[0].value == "9562233"


def test_uk_bic_in_entity_details_makes_a_bank(tmp_path):
    # Synthetic: the BNK entry with a BIC element added to its entity details.
    xml = UK.read_text(encoding="utf-8").replace(
        "<TypeOfEntities>", "<BIC>BNKUGB2L</BIC><TypeOfEntities>")
    f = tmp_path / "uk.xml"
    f.write_text(xml, encoding="utf-8")
    e = load_list(f).get("BEL0107")
    assert e.kind is EntityKind.bank and e.bics == ("BNKUGB2L",)


def test_bad_xml_is_rejected_with_line(tmp_path):
    f = tmp_path / "un.xml"
    f.write_text(UN.read_text(encoding="utf-8").replace("</INDIVIDUALS>", "</INDIVIDUAL>"),
                 encoding="utf-8")
    with pytest.raises(ListError, match=r"un\.xml: XML syntax error: mismatched tag: line \d+"):
        load_list(f)


def test_impossible_date_in_xml_names_entry(tmp_path):
    f = tmp_path / "uk.xml"
    f.write_text(UK.read_text(encoding="utf-8").replace(
        "<DateDesignated>21/06/2021", "<DateDesignated>31/02/2021"), encoding="utf-8")
    with pytest.raises(ListError, match=r"Designation #3 \(id 'BEL0107'\): DateDesignated: "
                                        r"impossible date '31/02/2021'"):
        load_list(f)
