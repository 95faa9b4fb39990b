"""OpenSanctions / FollowTheMoney: import, delta files, export and the round trip."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from screening import Screener
from screening.cli import main
from screening.lists import ListError, builtin_lists, load_list, load_lists
from screening.lists.ftm import FtmStore, ftm_versions, load_ftm, write_ftm
from screening.models import Entity, WatchList

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
T1 = FIX / "opensanctions" / "t1"
T2 = FIX / "opensanctions" / "t2"
OFFICIAL = [FIX / "ofac" / "tiny", FIX / "un" / "consolidated-excerpt-2026-02-27.xml",
            FIX / "eu" / "eu_fsf_excerpt_2026-08-05.xml",
            FIX / "uk" / "uk_sanctions_list_excerpt_2026-09-10.xml"]


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def by_id(wl: WatchList) -> dict[str, Entity]:
    return {e.id: e for e in wl.entities}


def write_lines(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                    encoding="utf-8")
    return path


def test_import_opensanctions_export() -> None:
    wl = load_list(T1 / "entities.ftm.json")  # the format is detected
    assert wl.id == "opensanctions" and wl.authority == "OpenSanctions"
    assert str(wl.version).startswith("2024-05-27/")
    assert "OpenSanctions version 20240527134702-zbn" in wl.notes
    ents = by_id(wl)
    assert len(ents) == 6  # the Address entity is not a party
    tobacco = ents["NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert tobacco.kind == "organisation" and tobacco.primary_name == "RAB „Inter Tobacco“"
    assert "Общество с ограниченной ответственностью “Интер Тобако”" in [
        n.value for n in tobacco.names]
    assert [(i.type, i.value) for i in tobacco.identifiers] == [("registration", "808000714")]
    assert tobacco.countries == ("BY",)
    assert [m.type for m in tobacco.measures] == ["sanction"]
    kuzmenko = ents["NK-2Ka3UvopqbpZmVDFjWd4LA"]
    assert kuzmenko.kind == "person"
    assert str(kuzmenko.birth_dates[0].date) == "1971-01-22"
    assert [(i.type, i.value) for i in kuzmenko.identifiers] == [("tax", "366510784303")]
    assert kuzmenko.nationalities == ("RU",)
    assert load_list(T1).id == "opensanctions"  # the directory works too


def test_sanction_entities_identifiers_and_topics(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "x.ftm.json", [
        {"id": "c1", "schema": "Company", "caption": "Example Bank", "properties": {
            "name": ["Example Bank"], "alias": ["ExBank"], "weakAlias": ["EB"],
            "previousName": ["Old Example Bank"], "swiftBic": ["EXMPRUMM"],
            "innCode": ["7700000000"], "ogrnCode": ["1027700000000"],
            "leiCode": ["253400ABCDEFGHIJ1234"], "country": ["ru"],
            "topics": ["sanction"]}},
        {"id": "s1", "schema": "Sanction", "properties": {
            "entity": ["c1"], "program": ["RUSSIA-EO14024"], "authority": ["OFAC"],
            "startDate": ["2022-02-24"], "listingDate": ["2022-02-24"]}},
        {"id": "s2", "schema": "Sanction", "properties": {
            "entity": ["c1"], "authority": ["EU"], "startDate": ["2022-03"],
            "endDate": ["2023-01-31"]}},
        {"id": "v1", "schema": "Vessel", "properties": {
            "name": ["SEA STAR"], "imoNumber": ["IMO 9123456"], "topics": ["sanction.linked"]}},
        {"id": "p1", "schema": "Person", "properties": {
            "name": ["Jane Minister"], "topics": ["role.pep"], "birthDate": ["1960"]}},
        {"id": "x1", "schema": "Address", "properties": {"full": ["Moscow"]}},
    ])
    wl = load_ftm(path)
    ents = by_id(wl)
    assert set(ents) == {"c1", "v1"}  # the PEP is not taken by default
    bank = ents["c1"]
    assert bank.kind == "bank" and bank.bics == ("EXMPRUMM",)
    assert {(n.value, n.strength) for n in bank.names} == {
        ("Example Bank", "primary"), ("ExBank", "strong"), ("EB", "weak"),
        ("Old Example Bank", "former")}
    assert {(i.type, i.value, i.note) for i in bank.identifiers} == {
        ("bic", "EXMPRUMM", None), ("tax", "7700000000", "INN"),
        ("registration", "1027700000000", "OGRN"), ("lei", "253400ABCDEFGHIJ1234", None)}
    ofac, eu = bank.measures
    assert (ofac.authority, ofac.program, str(ofac.effective_from), ofac.date_basis) == (
        "OFAC", "RUSSIA-EO14024", "2022-02-24", "effective")
    assert (eu.authority, str(eu.effective_from), str(eu.effective_to)) == (
        "EU", "2022-03-01", "2023-01-31")
    assert ents["v1"].kind == "vessel" and ents["v1"].identifiers[0].type == "imo"
    peps = by_id(load_ftm(path, topics=["role.pep"]))
    assert set(peps) == {"p1"} and peps["p1"].measures == ()
    assert peps["p1"].birth_dates[0].year_from == 1960
    screener = Screener.load([path], builtin=False)
    res = screener.screen({"id": "1", "date": "2022-06-01", "beneficiary_name": "Acme",
                           "beneficiary_bic": "EXMPRUMMXXX"})
    assert res.decision == "BLOCK" and res.hits[0].entity_id == "c1"


def test_bad_ftm_files_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{oops\n')
    with pytest.raises(ListError, match=r"bad\.json line 2: not valid JSON"):
        load_ftm(bad)
    write_lines(bad, [{"id": "a", "schema": "Person", "properties": {"name": "A"}}])
    with pytest.raises(ListError, match="property name: not a list of text values"):
        load_ftm(bad)
    write_lines(bad, [{"id": "a", "schema": "Person", "properties": {
        "name": ["A"], "topics": ["sanction"], "swiftBic": ["NOTABIC"]}}])
    with pytest.raises(ListError, match="entity a.*BIC 'NOTABIC' has the wrong shape"):
        load_ftm(bad)
    write_lines(bad, [{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}])
    with pytest.raises(ListError, match="no party with topic sanction"):
        load_ftm(bad)


def test_delta_chain_produces_each_version() -> None:
    versions = ftm_versions(T1, T2)
    assert [v for v, _ in versions] == ["20240527134702-zbn", "20240527194702-wnk",
                                        "20240528014702-pfh", "20240528074703-npf",
                                        "20240528134729-3iv"]
    ids = [set(by_id(wl)) for _, wl in versions]
    assert ids[1] - ids[0] == {"NK-2T3S8Hu29ktYnKSTgQp2wL", "NK-2sJaJRaPJcWUfMbHjTtWcL"}
    assert ids[2] - ids[1] == {"NK-500Poltergeist"}
    assert ids[1] - ids[2] == set()
    assert by_id(versions[1][1])["NK-2T3S8Hu29ktYnKSTgQp2wL"].primary_name == "AL-QAIDA IN IRAQ"
    modded = by_id(versions[2][1])["NK-2T3S8Hu29ktYnKSTgQp2wL"]
    assert modded.primary_name == "Foobar Foobargroup"
    assert "AL-QAIDA IN IRAQ" not in [n.value for n in modded.names]
    assert ids[3] == ids[2] - {"NK-500Poltergeist"}
    assert ids[4] - ids[3] == {"Q4365364"}
    assert len({str(wl.version) for _, wl in versions}) == 5
    assert str(versions[-1][1].version).startswith("2024-05-28/")
    assert set(by_id(load_ftm(T1, deltas=T2))) == ids[4]


def test_a_delta_that_does_not_apply_is_rejected_whole(tmp_path: Path) -> None:
    store = FtmStore.load(T1)
    before = dict(store.entities)
    cases = {
        "mod-unknown": ('{"op":"ADD","entity":{"id":"new1","schema":"Person","properties":'
                        '{"name":["X"],"topics":["sanction"]}}}\n'
                        '{"op":"MOD","entity":{"id":"nobody","schema":"Person","properties":{}}}',
                        "MOD of entity nobody, which is not in the list"),
        "del-unknown": ('{"op":"DEL","entity":{"id":"nobody"}}', "DEL of entity 'nobody'"),
        "add-known": ('{"op":"ADD","entity":{"id":"NK-2KeUB68qUJtykm3BuAcazG","schema":'
                      '"Person","properties":{}}}', "already listed"),
        "bad-op": ('{"op":"UPSERT","entity":{"id":"a"}}', "not a delta operation"),
    }
    for name, (text, why) in cases.items():
        delta = tmp_path / f"{name}.json"
        delta.write_text(text)
        with pytest.raises(ListError, match=why):
            store.apply(delta, "20990101000000-aaa")
        assert store.entities == before and store.version == "20240527134702-zbn"
    ok = tmp_path / "ok.json"
    ok.write_text('{"op":"DEL","entity":{"id":"NK-2KeUB68qUJtykm3BuAcazG"}}')
    with pytest.raises(ListError, match="not after the list's version"):
        store.apply(ok, "20200101000000-old")
    store.apply(ok, "20990101000000-aaa")
    assert "NK-2KeUB68qUJtykm3BuAcazG" not in store.entities
    # a chain with a broken link stops there; the versions before it stay applied
    chain = tmp_path / "chain"
    shutil.copytree(T2, chain)
    (chain / "20240528074703-npf" / "entities.delta.json").write_text(
        '{"op":"DEL","entity":{"id":"NK-does-not-exist"}}')
    store = FtmStore.load(T1)
    with pytest.raises(ListError, match="20240528074703-npf.*DEL of entity"):
        store.apply_chain(chain)
    assert store.version == "20240528014702-pfh" and "NK-500Poltergeist" in store.entities


def measure_key(m) -> tuple:  # noqa: ANN001
    return (str(m.type), m.authority, m.program, m.effective_from, m.announced, m.end,
            str(m.date_basis))


def test_export_round_trip_keeps_names_identifiers_measures(tmp_path: Path) -> None:
    lists = list(builtin_lists()) + load_lists(OFFICIAL) + [load_ftm(T1, deltas=T2)]
    buf = io.StringIO()
    n = write_ftm(lists, buf)
    assert n > sum(len(wl.entities) for wl in lists)
    path = tmp_path / "all.ftm.json"
    path.write_text(buf.getvalue(), encoding="utf-8")
    back = by_id(load_ftm(path))
    compared = 0
    for wl in lists:
        for e in wl.entities:
            r = back[f"{wl.id}-{e.id}"]
            assert {(x.value, x.strength) for x in r.names} == {
                (x.value, x.strength) for x in e.names}, e.id
            assert {(x.type, x.value) for x in r.identifiers} == {
                (x.type, x.value) for x in e.identifiers}, e.id
            assert sorted(map(measure_key, r.measures)) == sorted(map(measure_key, e.measures))
            assert r.kind == e.kind or (e.kind == "bank" and r.kind == "organisation")
            compared += 1
    assert compared == len(back)


def test_cli_export_and_screen_with_ftm(tmp_path: Path, capsys) -> None:
    out = tmp_path / "o.ftm.json"
    assert main(["lists", "export", "--format", "ftm", "--only", "ofac-sdn", "--list",
                 str(OFFICIAL[0]), "-o", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert {x["schema"] for x in lines} >= {"Person", "Sanction"}
    assert all(x["id"].startswith("ofac-sdn-") for x in lines)
    assert "ofac-sdn" in capsys.readouterr().err
    pay = tmp_path / "p.csv"
    pay.write_text("id,date,beneficiary_name\n1,2024-06-01,Inter Tobacco LLC\n")
    code = main([str(pay), "--list", str(T1 / "entities.ftm.json"), "--no-builtin", "-q"])
    assert code == 1 and "opensanctions:NK-2GdmHtZTeNXjNVrBGEXZNj" in capsys.readouterr().out
    snap = tmp_path / "os.snap"
    assert main(["lists", "compile", "--no-builtin", "--list", str(T1), "--ftm-deltas",
                 str(T2), "-o", str(snap)]) == 0
    ids = {e.id for wl in Screener.load([snap], builtin=False).lists for e in wl.entities}
    assert "Q4365364" in ids
    assert main(["lists", "export", "--ftm-topic", "role.pep"]) == 2
    assert "FollowTheMoney --list" in capsys.readouterr().err
