"""OFAC SDN legacy CSV importer on the real tiny set, plus malformed-row rejection."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from screening.lists import ListError, load_list
from screening.lists.ofac_remarks import parse_dob, parse_remarks
from screening.models import DateBasis, EntityKind, IdentifierType, MeasureType, NameStrength

FIX = Path(__file__).parent / "fixtures" / "ofac"
TINY = FIX / "tiny"


@pytest.fixture(scope="module")
def tiny():
    return load_list(TINY)


def test_tiny_set_loads_all_17_sdns_with_kinds(tiny):
    assert tiny.id == "ofac-sdn" and tiny.authority == "OFAC"
    assert len(tiny.entities) == 17
    kinds = {e.id: e.kind for e in tiny.entities}
    assert kinds["10278"] is EntityKind.person
    assert kinds["40716"] is EntityKind.vessel
    assert kinds["20540"] is EntityKind.aircraft
    assert kinds["11195"] is EntityKind.organisation


def test_every_sdn_gets_an_ofac_asset_freeze_with_its_programs(tiny):
    m = tiny.get("11195").measures
    assert len(m) == 1
    assert m[0].type is MeasureType.asset_freeze and m[0].authority == "OFAC"
    assert m[0].program == "NPWMD, IFSR, IRAN-CON-ARMS-EO"
    assert m[0].date_basis is DateBasis.unknown and m[0].effective_from is None
    assert m[0].source.endswith("sdn.csv")
    assert all(e.sources == (m[0].source,) for e in tiny.entities)


def test_aliases_from_alt_csv_and_weak_akas_from_remarks(tiny):
    names = {n.value: n.strength for n in tiny.get("11195").names}
    assert names["IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY"] is NameStrength.primary
    assert names["HESA TRADE CENTER"] is NameStrength.strong  # alt.csv aka
    assert names["HESA"] is NameStrength.weak  # Remarks a.k.a. 'HESA'
    assert names["SHAHIN CO."] is NameStrength.weak
    khoroshev = {n.value: n.strength for n in tiny.get("48603").names}
    assert khoroshev["KHOROSHEV, Dmitry Yuryevich"] is NameStrength.primary  # as published
    assert khoroshev["LOCKBITSUPP"] is NameStrength.weak


def test_alias_rows_of_other_ent_nums_are_ignored_and_reported(tiny):
    # alt.csv line 6: ent 11935 (not in sdn.csv) has alt_num 12685, which IS an SDN's ent_num.
    names = [n.value for n in tiny.get("12685").names]
    assert "HERNANDEZ LECHUGA, Raul Lucio" not in names
    assert any("alt.csv: 5 row(s)" in n for n in tiny.notes)


def test_remarks_ids_dob_nationality_relations(tiny):
    p = tiny.get("48603")
    ids = {(i.type, i.value, i.country) for i in p.identifiers}
    assert (IdentifierType.passport, "2018278055", "Russia") in ids
    assert (IdentifierType.tax, "366110340670", "Russia") in ids
    assert p.birth_dates[0].date == dt.date(1993, 4, 17)
    assert p.nationalities == ("Russia",)
    assert p.birth_places == ("Russian Federation",)
    assert [r.name for r in tiny.get("11195").relations] == [
        "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS", "ISLAMIC REVOLUTIONARY GUARD CORPS"]
    assert tiny.get("40716").identifiers[0].type is IdentifierType.imo
    assert tiny.get("40716").identifiers[0].value == "9486910"


def test_sdn_comments_continue_the_remarks(tiny):
    suex = tiny.get("33151")
    assert "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi" in suex.notes
    assert (IdentifierType.lei, "5299007NTWCC3U23WM81") in {
        (i.type, i.value) for i in suex.identifiers}
    assert "SUCCESSFUL EXCHANGE" in [n.value for n in suex.names]


def test_addresses_from_add_csv(tiny):
    e = tiny.get("11195")
    assert len(e.addresses) == 5 and e.addresses[1].city == "Tehran 15946"
    assert e.countries == ("Iran",)


def test_single_sdn_file_loads_and_list_id_can_be_named():
    wl = load_list(TINY / "sdn.csv", list_id="ofac-tiny")
    assert wl.id == "ofac-tiny" and len(wl.entities) == 17
    assert {e.list_id for e in wl.entities} == {"ofac-tiny"}
    assert wl.get("10278").names[-1].value == "BURTON BURGESS"


@pytest.mark.parametrize(
    ("text", "date", "years", "circa"),
    [
        ("07 Oct 1952", dt.date(1952, 10, 7), None, False),
        ("1954", None, (1954, 1954), False),
        ("circa 1960", None, (1960, 1960), True),
        ("1960 to 1962", None, (1960, 1962), False),
        ("Mar 1960", None, (1960, 1960), False),
        ("01 Jan 1960 to 31 Dec 1962", None, (1960, 1962), False),
        ("circa 1953-1958", None, (1953, 1958), True),
    ],
)
def test_dob_forms(text, date, years, circa):
    b = parse_dob(text)
    assert b.date == date and b.circa is circa and b.text == text
    if years:
        assert (b.year_from, b.year_to) == years


def test_remarks_bank_kind_bic_and_target_types():
    f = parse_remarks("SWIFT/BIC SOMRRUM1KST; alt. DOB 1954; Target Type Financial Institution; "
                      "BIK (RU) 044525187; Legal Entity Number 253400V1H6ART1UQ0N98.")
    assert [(i.type, i.value) for i in f.identifiers] == [
        (IdentifierType.bic, "SOMRRUM1KST"), (IdentifierType.bik, "044525187"),
        (IdentifierType.lei, "253400V1H6ART1UQ0N98")]
    assert f.target_kind == "bank" and f.birth_dates[0].year_from == 1954
    assert parse_remarks("Target Type Government Entity.").target_kind == "government"
    f = parse_remarks("f.k.a. 'OLD NAME'; Linked To: SOVCOMBANK.")
    assert f.names[0].strength is NameStrength.former and f.linked_to == ["SOVCOMBANK"]


def _tiny_copy(tmp_path: Path) -> Path:
    d = tmp_path / "set"
    shutil.copytree(TINY, d)
    for f in d.iterdir():
        f.chmod(0o644)
    return d


def test_a_bic_of_the_wrong_shape_does_not_reject_an_official_file(tmp_path):
    # Synthetic edit of a real row: the published BIC is replaced by a malformed one.
    d = _tiny_copy(tmp_path)
    sdn = d / "sdn.csv"
    sdn.write_bytes(sdn.read_bytes().replace(b'"Website www.gicdf.org;',
                                             b'"SWIFT/BIC GICD-LY; Website www.gicdf.org;'))
    wl = load_list(d)
    e = wl.get("12685")
    kept = [i for i in e.identifiers if i.value == "GICD-LY"]
    assert kept and kept[0].type is IdentifierType.other and "wrong shape" in kept[0].note
    assert e.kind is EntityKind.organisation  # no valid BIC: not made a bank
    assert any("ent_num 12685" in n and "GICD-LY" in n for n in wl.notes)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda b: b.replace(b'15102,"MORENO, Daniel","individual",', b'15102,"MORENO, Daniel",'),
         r"sdn\.csv:4: sdn row has 11 columns, want 12"),
        (lambda b: b.replace(b"15102,", b"X15102,", 1), r"sdn\.csv:4: ent_num 'X15102' is not"),
        (lambda b: b.replace(b"15102,", b"12685,", 1), r"sdn\.csv:4: duplicate ent_num 12685 "
                                                        r"\(first at line 3\)"),
        (lambda b: b.replace(b'"individual","SDNTK"', b'"submarine","SDNTK"'),
         r"sdn\.csv:4: ent_num 15102: unknown SDN_Type 'submarine'"),
    ],
)
def test_malformed_rows_reject_the_load_with_file_and_line(tmp_path, edit, message):
    d = _tiny_copy(tmp_path)
    (d / "sdn.csv").write_bytes(edit((d / "sdn.csv").read_bytes()))
    with pytest.raises(ListError, match=message):
        load_list(d)


def test_malformed_alt_row_rejects_the_load(tmp_path):
    d = _tiny_copy(tmp_path)
    alt = d / "alt.csv"
    alt.write_bytes(alt.read_bytes().replace(b'11195,11593,"aka",', b'11195,11593,'))
    with pytest.raises(ListError, match=r"alt\.csv:3: alt row has 4 columns"):
        load_list(d)
