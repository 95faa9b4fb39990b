"""The built-in watchlist data (lists/*.toml) and the example inputs (examples/*.csv).

What users rely on: the built-in list loads, every entry and measure names its source, the
parties the sources name are all there in Latin and Cyrillic script, dates say whether they are
effective or only announced, and the example files are well-formed.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from screening.lists import builtin_lists
from screening.models import DateBasis, EntityKind, IdentifierType, MeasureType, WatchList
from screening.records import ExportRecord, PaymentRecord

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
LIST_FILES = sorted((REPO / "lists").glob("*.toml"))
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def lists() -> list[WatchList]:
    return builtin_lists()


@pytest.fixture(scope="module")
def jp(lists: list[WatchList]) -> WatchList:
    by_id = {wl.id: wl for wl in lists}
    assert "jp-2022" in by_id, f"built-in lists: {sorted(by_id)}"
    return by_id["jp-2022"]


def entity(jp: WatchList, entity_id: str):
    e = jp.get(entity_id)
    assert e is not None, f"{entity_id} missing from the built-in list"
    return e


# -- loading ----------------------------------------------------------------------------------

def test_builtin_list_loads_with_entities_and_country_measures(jp: WatchList) -> None:
    assert jp.authority == "JP-MOF"
    assert jp.version.published == dt.date(2022, 3, 25)
    assert len(jp.entities) >= 17
    assert {cm.id for cm in jp.country_measures} >= {
        "jp-2022-cm-ru-oil-refining", "jp-2022-cm-by-dual-use", "jp-2022-cm-81-orgs",
        "jp-2022-cm-ru-mfn"}
    assert all(e.list_id == "jp-2022" for e in jp.entities)


def test_ids_are_unique_across_builtin_lists(lists: list[WatchList]) -> None:
    ids = [e.id for wl in lists for e in wl.entities]
    ids += [cm.id for wl in lists for cm in wl.country_measures]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    list_ids = [wl.id for wl in lists]
    assert len(list_ids) == len(set(list_ids))


# -- sources and dates ------------------------------------------------------------------------

def test_every_entity_and_measure_names_its_source(lists: list[WatchList]) -> None:
    for wl in lists:
        for e in wl.entities:
            assert e.sources and all(s.strip() for s in e.sources), f"{e.id}: no source"
            assert e.measures, f"{e.id}: no measure"
            for m in e.measures:
                assert m.source and m.source.strip(), f"{e.id}: {m.type} measure has no source"
        for cm in wl.country_measures:
            assert cm.source and cm.source.strip(), f"{cm.id}: no source"


def test_every_measure_sets_date_basis_explicitly() -> None:
    """In the file itself, not through the model default: a missing date_basis would silently
    read as 'unknown'."""
    for path in LIST_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        measures = [(e["id"], m) for e in data.get("entity", []) for m in e.get("measures", [])]
        measures += [(c["id"], c) for c in data.get("country_measure", [])]
        for owner, m in measures:
            assert "date_basis" in m, f"{path.name}: {owner} {m['type']}: date_basis not set"


def test_date_basis_agrees_with_the_dates(lists: list[WatchList]) -> None:
    measures = [(e.id, m) for wl in lists for e in wl.entities for m in e.measures]
    measures += [(cm.id, cm) for wl in lists for cm in wl.country_measures]
    for owner, m in measures:
        if m.date_basis is DateBasis.effective:
            assert m.effective_from, f"{owner} {m.type}: 'effective' without effective_from"
        elif m.date_basis is DateBasis.announced:
            assert m.announced and not m.effective_from, f"{owner} {m.type}: 'announced' dates"
        elif m.date_basis is DateBasis.snapshot:
            assert m.effective_from, f"{owner} {m.type}: 'snapshot' without a snapshot date"
        else:
            assert not (m.announced or m.effective_from), f"{owner} {m.type}: dated but unknown"
            assert m.note and "unknown" in m.note.lower(), f"{owner}: unknown date not explained"


PUBLICATIONS = ("Kyodo News", "Al Jazeera", "Aldgra Fredly", "UNILAD", "OFAC SDN",
                "secondary press reports (outlets not recorded)", "Council Regulation (EU)",
                # the Japanese names of the banks
                "NHK News", "SankeiBiz", "Jiji Press", "Reuters Japan")


def _all_sources(lists: list[WatchList]) -> list[str]:
    from screening.rules import builtin_rules

    texts = [s for wl in lists for e in wl.entities for s in e.sources]
    texts += [m.source or "" for wl in lists for e in wl.entities for m in e.measures]
    texts += [cm.source or "" for wl in lists for cm in wl.country_measures]
    texts += [wl.source or "" for wl in lists]
    texts += [r.source or "" for r in builtin_rules().rules]
    return texts


def test_sources_name_publications_not_files_of_this_repository(lists: list[WatchList]) -> None:
    """An auditor must be able to find every source without the repository: each names a
    publication (outlet, date, headline or official notice), never a path of ours."""
    for text in _all_sources(lists):
        assert text.strip()
        assert not re.search(r"seeds/|facts/|data/|\.txt\b|\.md\b|\.csv\b(?! as published)",
                             text.replace("downloads/sdn.csv", "").replace(
                                 "downloads/alt.csv", "").replace("sdn.csv as published", "")
                             .replace("sdn.csv of", "").replace("alt.csv, about", "")), text
        if "project policy" not in text and "Compliance" not in text:
            assert any(p in text for p in PUBLICATIONS), text


def test_news_sources_carry_their_date(lists: list[WatchList]) -> None:
    for text in _all_sources(lists):
        if text.startswith("news reports of 22 Feb - 25 Mar 2022"):  # the list as a whole
            continue
        for outlet in ("Kyodo News", "Al Jazeera", "UNILAD", "NHK News", "SankeiBiz",
                       "Jiji Press", "Reuters Japan"):
            if outlet in text:
                assert re.search(outlet + r",? \d{1,2} (Feb|Mar) 2022", text), text


# -- the parties the sources name -------------------------------------------------------------

NAMED = {
    # id: (kind, a Latin name, a Cyrillic name)
    "jp-2022-putin": ("person", "Vladimir Vladimirovich Putin", "Владимир Владимирович Путин"),
    "jp-2022-lukashenko": ("person", "Alexander Lukashenko", "Аляксандр Рыгоравіч Лукашэнка"),
    "jp-2022-kadyrov": ("person", "Ramzan Akhmatovich Kadyrov", "Рамзан Ахматович Кадыров"),
    "jp-2022-kiriyenko": ("person", "Sergei Vladilenovich Kiriyenko",
                          "Сергей Владиленович Кириенко"),
    "jp-2022-gromov": ("person", "Alexei Alexeyevich Gromov", "Алексей Алексеевич Громов"),
    "jp-2022-khrenin": ("person", "Viktor Gennadievich Khrenin", "Виктор Геннадьевич Хренин"),
    "jp-2022-by-mod": ("government", "Ministry of Defence of the Republic of Belarus",
                       "Министерство обороны Республики Беларусь"),
    "jp-2022-integral": ("organisation", "JSC Integral", "ОАО «Интеграл»"),
    "jp-2022-by-goskomvoenprom": ("government",
                                  "State Authority for Military Industry of the Republic of "
                                  "Belarus", "Госкомвоенпром"),
    "jp-2022-cbr": ("government", "Central Bank of the Russian Federation", "Банк России"),
    "jp-2022-vtb": ("bank", "VTB Bank", "ПАО Банк ВТБ"),
    "jp-2022-otkritie": ("bank", "Bank Otkritie", "Банк Открытие"),
    "jp-2022-novikombank": ("bank", "Novikombank", "Новикомбанк"),
    "jp-2022-promsvyazbank": ("bank", "Promsvyazbank", "Промсвязьбанк"),
    "jp-2022-bank-rossiya": ("bank", "Bank Rossiya", "Банк «Россия»"),
    "jp-2022-sovcombank": ("bank", "Sovcombank", "Совкомбанк"),
    "jp-2022-veb": ("bank", "VEB.RF", "ВЭБ.РФ"),
}


@pytest.mark.parametrize("entity_id", sorted(NAMED))
def test_named_party_present_in_latin_and_cyrillic(jp: WatchList, entity_id: str) -> None:
    kind, latin, cyrillic = NAMED[entity_id]
    e = entity(jp, entity_id)
    assert e.kind is EntityKind(kind)
    values = {n.value for n in e.names}
    assert latin in values and cyrillic in values
    strong = [n for n in e.names if n.strength.value in ("primary", "strong")]
    assert any(n.script == "Latn" and LATIN.search(n.value) for n in strong)
    assert any(n.script == "Cyrl" and CYRILLIC.search(n.value) for n in strong)
    assert all((n.script == "Cyrl") == bool(CYRILLIC.search(n.value)) for n in e.names), \
        f"{entity_id}: a name's script tag disagrees with its characters"


def test_belarusian_parties_have_belarusian_cyrillic_names(jp: WatchList) -> None:
    for eid in ("jp-2022-lukashenko", "jp-2022-khrenin", "jp-2022-by-mod", "jp-2022-integral",
                "jp-2022-by-goskomvoenprom"):
        langs = {n.lang for n in entity(jp, eid).names if n.script == "Cyrl"}
        assert {"be", "ru"} <= langs, f"{eid}: Cyrillic names in {langs}"


def test_lukashenko_romanisations(jp: WatchList) -> None:
    values = {n.value for n in entity(jp, "jp-2022-lukashenko").names}
    for v in ("Alyaksandr Ryhorovich Lukashenka", "Aleksandr Lukashenko", "Aliaksandr Lukashenka",
              "Александр Григорьевич Лукашенко", "アレクサンドル・ルカシェンコ"):
        assert v in values


def test_putin_date_of_birth_and_katakana(jp: WatchList) -> None:
    putin = entity(jp, "jp-2022-putin")
    assert [b.date for b in putin.birth_dates] == [dt.date(1952, 10, 7)]
    assert "ウラジーミル・プーチン" in {n.value for n in putin.names}
    assert putin.nationalities == ("RU",)


@pytest.mark.parametrize("entity_id,dob", [
    ("jp-2022-lukashenko", dt.date(1954, 8, 30)), ("jp-2022-kadyrov", dt.date(1976, 10, 5)),
    ("jp-2022-khrenin", dt.date(1971, 8, 1)), ("jp-2022-kiriyenko", dt.date(1962, 7, 26)),
    ("jp-2022-gromov", dt.date(1960, 5, 31)),
])
def test_person_dates_of_birth(jp: WatchList, entity_id: str, dob: dt.date) -> None:
    assert dob in {b.date for b in entity(jp, entity_id).birth_dates}


SWIFT_BANKS = {
    "jp-2022-vtb": "VTBRRUMM", "jp-2022-otkritie": "JSNMRUMM",
    "jp-2022-novikombank": "CNOVRUMM", "jp-2022-promsvyazbank": "PRMSRUMM",
    "jp-2022-bank-rossiya": "ROSYRU2P", "jp-2022-sovcombank": "SOMRRUM1KST",
    "jp-2022-veb": "BFEARUMM",
}


@pytest.mark.parametrize("entity_id", sorted(SWIFT_BANKS))
def test_swift_banks_carry_bic_and_swift_disconnection(jp: WatchList, entity_id: str) -> None:
    bank = entity(jp, entity_id)
    assert bank.kind is EntityKind.bank
    assert SWIFT_BANKS[entity_id] in bank.bics
    swift = [m for m in bank.measures if m.type is MeasureType.swift_disconnection]
    assert len(swift) == 1
    assert swift[0].effective_from == dt.date(2022, 3, 12)
    assert swift[0].date_basis is DateBasis.effective
    assert swift[0].authority == "EU"


def test_bic8s_are_not_shared_between_entities(lists: list[WatchList]) -> None:
    seen: dict[str, str] = {}
    for wl in lists:
        for e in wl.entities:
            for bic in e.bics:
                assert seen.setdefault(bic[:8], e.id) == e.id, f"{bic[:8]}: {seen[bic[:8]]}, {e.id}"


@pytest.mark.parametrize("entity_id", ["jp-2022-vtb", "jp-2022-otkritie", "jp-2022-novikombank",
                                       "jp-2022-sovcombank"])
def test_four_banks_frozen_from_2_april_after_transition(jp: WatchList, entity_id: str) -> None:
    freeze = [m for m in entity(jp, entity_id).measures if m.type is MeasureType.asset_freeze]
    assert len(freeze) == 1
    assert freeze[0].announced == dt.date(2022, 3, 3)
    assert freeze[0].effective_from == dt.date(2022, 4, 2)
    assert freeze[0].date_basis is DateBasis.effective


@pytest.mark.parametrize("entity_id", ["jp-2022-by-mod", "jp-2022-integral"])
def test_payment_prohibition_from_15_march(jp: WatchList, entity_id: str) -> None:
    pp = [m for m in entity(jp, entity_id).measures
          if m.type is MeasureType.payment_prohibition]
    assert len(pp) == 1
    assert pp[0].effective_from == dt.date(2022, 3, 15)
    assert pp[0].date_basis is DateBasis.effective
    assert "Kyodo News, 8 Mar 2022" in (pp[0].source or "")


def test_identifiers_from_the_ofac_file(jp: WatchList) -> None:
    def ids(eid: str) -> set[tuple[IdentifierType, str]]:
        return {(i.type, i.value) for i in entity(jp, eid).identifiers}

    assert (IdentifierType.lei, "253400V1H6ART1UQ0N98") in ids("jp-2022-vtb")
    assert (IdentifierType.registration, "1027739609391") in ids("jp-2022-vtb")
    assert (IdentifierType.registration, "100386629") in ids("jp-2022-integral")
    assert (IdentifierType.tax, "4401116480") in ids("jp-2022-sovcombank")


def test_country_measures_dates_are_announcements(jp: WatchList) -> None:
    cms = {cm.id: cm for cm in jp.country_measures}
    oil = cms["jp-2022-cm-ru-oil-refining"]
    assert (oil.country, oil.type, oil.announced) == ("RU", MeasureType.export_ban,
                                                      dt.date(2022, 3, 8))
    dual = cms["jp-2022-cm-by-dual-use"]
    assert (dual.country, dual.type, dual.announced) == ("BY", MeasureType.export_ban,
                                                         dt.date(2022, 3, 8))
    assert cms["jp-2022-cm-ru-mfn"].type is MeasureType.trade_status
    for cm in cms.values():  # the sources give no legal effective date for any of them
        assert cm.date_basis is DateBasis.announced and cm.effective_from is None


def test_unnamed_parties_are_recorded_as_notes_not_entities(jp: WatchList) -> None:
    notes = " ".join(jp.notes)
    for phrase in ("32 more Russian and Belarusian individuals", "12 entities", "25 more Russians",
                   "81 Russian organisations", "--list"):
        assert phrase in notes


# -- example inputs ---------------------------------------------------------------------------

EXAMPLES = {
    "payments.csv": (PaymentRecord, ["id", "date", "amount", "currency", "originator_name",
                                     "originator_country", "originator_bic", "beneficiary_name",
                                     "beneficiary_country", "beneficiary_bic",
                                     "intermediary_bic", "purpose"]),
    "exports.csv": (ExportRecord, ["id", "date", "exporter_name", "consignee_name",
                                   "consignee_country", "end_user_name", "destination_country",
                                   "hs_code", "goods_description", "value", "currency"]),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_file_is_well_formed(name: str) -> None:
    model, columns = EXAMPLES[name]
    with open(REPO / "examples" / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == columns
        rows = list(reader)
    assert len(rows) >= 100
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        rec = model.model_validate(r)
        assert rec.date.year == 2022
        assert rec.parties(), f"{name} {r['id']}: no party"


def test_examples_readme_covers_existing_rows() -> None:
    readme = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| ([PE]\d{4}) \| ([\d-]+) \| (CLEAR|REVIEW|BLOCK) \|", readme, re.M)
    assert len(listed) >= 60
    rows = {}
    for name in EXAMPLES:
        with open(REPO / "examples" / name, encoding="utf-8", newline="") as f:
            rows.update({r["id"]: r for r in csv.DictReader(f)})
    for rid, date, _decision in listed:
        assert rid in rows, f"README lists {rid}, not in the example files"
        assert rows[rid]["date"] == date, f"README date of {rid} disagrees with the file"
