"""Our TOML list format: a valid file loads; every kind of bad file is rejected whole, clearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening.lists import ListError, load_list
from screening.models import EntityKind, MeasureType, NameStrength

FIX = Path(__file__).parent / "fixtures" / "lists"


def test_good_list_loads_with_list_id_version_and_country_measures():
    wl = load_list(FIX / "good.toml")
    assert wl.id == "test-good" and wl.authority == "OFAC"
    assert wl.version.published == dt.date(2024, 5, 3)
    assert len(wl.version.content_hash) == 16
    assert [e.id for e in wl.entities] == ["17013", "35096"]
    assert {e.list_id for e in wl.entities} == {"test-good"}
    vtb = wl.get("17013")
    assert vtb.kind is EntityKind.bank and vtb.bics == ("VTBRRUMM",)
    assert vtb.names[1].strength is NameStrength.strong
    assert vtb.measures[0].type is MeasureType.asset_freeze
    assert wl.country_measures[0].id == "jp-oil-refining-equipment"
    assert wl.notes == ("Test fixture: two entries copied from the OFAC SDN file of 2024-05-03.",)


def test_content_hash_changes_with_the_bytes(tmp_path):
    copy = tmp_path / "copy.toml"
    copy.write_text((FIX / "good.toml").read_text() + "\n# a comment\n")
    assert load_list(copy).version.content_hash != load_list(FIX / "good.toml").version.content_hash


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("syntax", ["TOML syntax error", "line 15"]),
        ("bad_date", ["TOML syntax error", "line 31"]),
        ("duplicate_id", ["entity #2", "'17013'", "duplicate entity id"]),
        ("unknown_field", ["entity #2", "'35096'", "field gender", "Extra inputs"]),
        ("unknown_list_field", ["[list]", "version"]),
        ("unknown_measure_type", ["entity #1", "field measures[0].type", "asset_seizure"]),
        ("unknown_kind", ["entity #2", "field kind", "human"]),
        ("unknown_strength", ["entity #1", "field names[1].strength", "medium"]),
        ("end_before_start", ["entity #1", "field measures[0]", "delisted 2022-01-01 is before"]),
        ("birth_year", ["entity #2", "field birth_dates[0]", "impossible birth year 1652"]),
        ("bic_shape", ["entity #1", "field identifiers[0]", "VTBR-RU", "wrong shape"]),
        ("missing_list", ["unknown top-level table", "listing"]),
    ],
)
def test_bad_files_are_rejected_naming_file_entry_and_field(name, expected):
    path = FIX / f"bad_{name}.toml"
    with pytest.raises(ListError) as err:
        load_list(path)
    msg = str(err.value)
    assert str(path) in msg
    for part in expected:
        assert part in msg, msg


def test_list_error_is_a_value_error():
    assert issubclass(ListError, ValueError)


def test_country_measure_end_before_start_is_rejected(tmp_path):
    text = (FIX / "good.toml").read_text().replace(
        'announced = 2022-03-08', 'announced = 2022-03-08\neffective_to = 2022-03-01')
    bad = tmp_path / "cm.toml"
    bad.write_text(text)
    with pytest.raises(ListError, match=r"country_measure #1 .*effective_to 2022-03-01"):
        load_list(bad)


def test_list_id_in_an_entity_must_match_the_list(tmp_path):
    bad = tmp_path / "lid.toml"
    bad.write_text((FIX / "good.toml").read_text().replace(
        'kind = "person"', 'kind = "person"\nlist_id = "other"'))
    with pytest.raises(ListError, match=r"entity #2 .*list_id"):
        load_list(bad)
