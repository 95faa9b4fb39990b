"""Compiled list snapshots: compile, load, identical results, and every refusal of a bad file."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path

import pytest

from screening import Screener
from screening.cli import main
from screening.compiled import cached_snapshot, compile_snapshot
from screening.lists import snapshot_file
from screening.lists.snapshot_file import MAGIC, SnapshotError, read_snapshot
from screening.lists.state_decode import LazyList
from screening.names import NameIndex

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
LISTS = [FIX / "ofac" / "tiny", FIX / "un" / "consolidated-excerpt-2026-02-27.xml",
         FIX / "uk" / "uk_sanctions_list_excerpt_2026-09-10.xml",
         FIX / "eu" / "eu_fsf_excerpt_2026-08-05.xml"]
EXAMPLES = [ROOT / "examples" / "payments.csv", ROOT / "examples" / "exports.csv"]
BENCH = ROOT.parent / "shared" / "data" / "ofac" / "bench"


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This installation's snapshot key, the same for every test of the module."""
    return tmp_path_factory.mktemp("key") / "snapshot-key"


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path: Path, key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SCREENING_SNAPSHOT_KEY", str(key))


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory, key: Path) -> Path:
    path = tmp_path_factory.mktemp("snap") / "lists.snap"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SCREENING_SNAPSHOT_KEY", str(key))
        compile_snapshot(LISTS, path)
    return path


def queries(screener: Screener) -> list[str]:
    """Every list name, some altered (typo, order, case), and names that match nothing."""
    out = []
    for wl in screener.lists:
        for e in wl.entities:
            for n in e.names:
                v = n.value
                out += [v, v.upper(), v[:-1], " ".join(reversed(v.split()))]
    return out + ["Jon Smith", "Acme Trading GmbH", "Иван Петров", "株式会社テスト", "x"]


def search_results(screener: Screener, names: list[str]) -> list[list[tuple]]:
    return [[(m.entity.list_id, m.entity.id, m.name, str(m.strength), m.score, m.explanation)
             for m in screener.search(q, limit=20)] for q in names]


def test_snapshot_gives_the_same_results_as_the_source_files(snap: Path) -> None:
    source = Screener.load(LISTS)
    loaded = Screener.load([snap])
    assert [wl.model_dump() for wl in loaded.lists] == [wl.model_dump() for wl in source.lists]
    names = queries(source)
    assert len(names) > 100
    assert search_results(loaded, names) == search_results(source, names)
    for kind in ("person", "organisation"):
        assert ([m.entity.id for m in loaded.search("Bank Rossiya", kind=kind)]
                == [m.entity.id for m in source.search("Bank Rossiya", kind=kind)])
    bics = [b for wl in source.lists for e in wl.entities for b in e.bics]
    assert bics
    for bic in bics + [b[:8] + "XXX" for b in bics]:
        assert loaded.identifiers.lookup_bic(bic) == source.identifiers.lookup_bic(bic)


def test_snapshot_screens_the_examples_like_the_source(snap: Path, capsys) -> None:
    for example in EXAMPLES:
        outs = []
        for lists in ([str(p) for p in LISTS], [str(snap)]):
            args = [str(example), "--format", "jsonl", "-q"]
            for p in lists:
                args += ["--list", p]
            main(args)
            outs.append(capsys.readouterr().out)
        assert outs[0] == outs[1]
        assert '"decision":"BLOCK"' in outs[0]


def test_index_state_is_stored_whole(snap: Path) -> None:
    """Every attribute of the compiled indexes comes back equal (a field added to an index is
    stored, or refused at compile time: see the next test)."""
    source = Screener.load(LISTS)
    loaded = read_snapshot(snap)
    for a, b in ((source.index, loaded.index), (source.identifiers, loaded.identifiers)):
        assert vars(a).keys() == vars(b).keys()
        for k in vars(a):
            x, y = getattr(a, k), getattr(b, k)
            if hasattr(x, "tolist") and not isinstance(x, bytearray):
                x, y = x.tolist(), y.tolist()
            if isinstance(y, LazyList):  # a list whose items are made when first read
                assert type(x) is list and len(y) == len(x), k
                y = list(y)
                assert [type(v) for v in x] == [type(v) for v in y], k
            assert type(x) is type(y), k
            assert x == y, k


def test_an_index_field_of_an_unknown_type_is_refused_at_compile(tmp_path: Path,
                                                                 monkeypatch) -> None:
    real = NameIndex._build.__func__

    def build(cls, entities):  # noqa: ANN001, ANN202
        index = real(cls, entities)
        index._mystery = object()
        return index

    monkeypatch.setattr(NameIndex, "_build", classmethod(build))
    with pytest.raises(SnapshotError, match=r"NameIndex\._mystery: values of type "
                                            r"builtins\.object are not stored"):
        compile_snapshot(LISTS[:1], tmp_path / "x.snap")
    assert not (tmp_path / "x.snap").exists()


# -- refusals ------------------------------------------------------------------------------------

def _parts(path: Path) -> tuple[dict, bytes]:
    data = path.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    return json.loads(data[len(MAGIC):end]), data[end + 1:]


def _write(path: Path, header: dict, body: bytes) -> Path:
    path.write_bytes(MAGIC + json.dumps(header).encode() + b"\n" + body)
    return path


def _refused(path: Path, match: str) -> None:
    with pytest.raises(SnapshotError, match=match):
        read_snapshot(path)
    with pytest.raises(SnapshotError, match=match):
        Screener.load([path])


def test_truncated_snapshot_is_refused(snap: Path, tmp_path: Path) -> None:
    data = snap.read_bytes()
    for cut in (len(data) - 1, len(data) // 2, len(MAGIC) + 10):
        bad = tmp_path / f"cut{cut}.snap"
        bad.write_bytes(data[:cut])
        _refused(bad, "truncated")


def test_corrupt_snapshot_is_refused(snap: Path, tmp_path: Path) -> None:
    data = bytearray(snap.read_bytes())
    data[-100] ^= 0x01
    bad = tmp_path / "corrupt.snap"
    bad.write_bytes(bytes(data))
    _refused(bad, "checksum mismatch")
    header, body = _parts(snap)
    _refused(_write(tmp_path / "extra.snap", header, body + b"\0"), "extra bytes")


def test_foreign_files_are_refused(tmp_path: Path) -> None:
    pickled = tmp_path / "evil.snap"
    pickled.write_bytes(pickle.dumps({"lists": []}))
    with pytest.raises(SnapshotError, match="not a screening snapshot"):
        read_snapshot(pickled)
    text = tmp_path / "notes.snap"
    text.write_text("hello\n")
    with pytest.raises(SnapshotError, match="not a screening snapshot"):
        read_snapshot(text)
    damaged = tmp_path / "header.snap"
    damaged.write_bytes(MAGIC + b"{not json\n")
    _refused(damaged, "header is damaged")


def test_other_format_and_engine_versions_are_refused(snap: Path, tmp_path: Path) -> None:
    """Refused by the snapshot reader; `Screener.load` then compiles again from the list
    files the snapshot names, as they are unchanged here (see the rebuild test below)."""
    header, body = _parts(snap)
    for name, changed, why in (
            ("f.snap", {"format": 99}, "snapshot format 99; this engine reads format 2"),
            ("e.snap", {"engine": "0.0.1+abc"},
             r"compiled by engine 0\.0\.1\+abc, this is engine .*compile it again")):
        path = _write(tmp_path / name, {**header, **changed}, body)
        with pytest.raises(SnapshotError, match=why):
            read_snapshot(path)
        assert {wl.id for wl in Screener.load([path]).lists} == {d["id"] for d in header["lists"]}
        gone = _write(tmp_path / f"gone-{name}", {**header, **changed, "sources": [
            {"path": str(tmp_path / "nowhere.xml"), "sha256": "0" * 64}]}, body)
        _refused(gone, why)


def test_changed_builtin_lists_are_refused(snap: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(snapshot_file, "builtin_fingerprint", lambda: "0" * 16)
    header, body = _parts(snap)
    _refused(_write(tmp_path / "b.snap", {**header, "sources": []}, body),
             "built-in lists changed")


def test_well_checksummed_but_inconsistent_content_is_refused(snap: Path, tmp_path: Path
                                                              ) -> None:
    """A file crafted with a valid checksum is still checked piece by piece, and refused whole
    (its entries all validated at load: it keeps the stamp of the file it was made from, but
    the stamp no longer fits it)."""
    header, body = _parts(snap)
    assert header.get("stamp")
    n_lists, n_ents, n_state, n_blob = header["segments"]
    lists, ents = body[:n_lists], body[n_lists:n_lists + n_ents]
    state, blob = body[n_lists + n_ents:n_lists + n_ents + n_state], body[-n_blob:]

    def forged(name: str, lists: bytes, ents: bytes, state: bytes, blob: bytes,
               header_lists=None) -> Path:
        body = lists + ents + state + blob
        extra = {"lists": header_lists} if header_lists is not None else {}
        h = {**header, **extra, "segments": [len(lists), len(ents), len(state), len(blob)],
             "sha256": hashlib.sha256(body).hexdigest()}
        return _write(tmp_path / name, h, body)

    assert b'"kind":"person"' in ents
    _refused(forged("ents.snap", lists, ents.replace(b'"kind":"person"', b'"kind":"dragon"', 1),
                    state, blob), "lists do not validate")
    _refused(forged("lists.snap", lists.replace(b'"authority":"', b'"authority":7,"x":"', 1),
                    ents, state, blob), "lists do not validate")
    _refused(forged("header.snap", lists, ents, state, blob, header["lists"][:1]),
             "do not match its header")
    moved = [dict(d) for d in header["lists"]]  # an entry filed under the list before its own
    k = next(i for i in range(1, len(moved)) if moved[i]["entries"])
    moved[k - 1]["entries"] += 1
    moved[k]["entries"] -= 1
    _refused(forged("moved.snap", lists, ents, state, blob, moved), "do not match its header")
    st = json.loads(state)
    st["index"]["state"]["_name_text"][1] = ["a", 42]  # a number where names are text
    _refused(forged("types.snap", lists, ents, json.dumps(st).encode(), blob),
             "indexes are damaged")
    st = json.loads(state)
    st["index"]["state"]["_entities"][1] = {"e": [0, 10**6]}  # an entity that is not there
    _refused(forged("refs.snap", lists, ents, json.dumps(st).encode(), blob),
             "indexes are damaged")
    _refused(forged("blob.snap", lists, ents, state, blob[:-8]), "indexes are damaged")
    st = json.loads(state)
    st["index"]["class"] = "os.system"
    _refused(forged("class.snap", lists, ents, json.dumps(st).encode(), blob),
             "indexes are damaged")
    st = json.loads(state)
    st["index"]["state"]["search"] = st["index"]["state"]["_longest"]  # shadows a method
    _refused(forged("method.snap", lists, ents, json.dumps(st).encode(), blob),
             "indexes are damaged")


def test_stamped_snapshot_makes_entries_when_used_and_a_foreign_one_checks_all(
        snap: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This installation's snapshots load their entries lazily; the same file elsewhere (here:
    another key) is checked whole at load, and both screen alike."""
    mine = read_snapshot(snap)
    assert mine.trusted
    assert sum(e is not None for e in mine.deferred.store._made) < len(mine.deferred.store)
    monkeypatch.setenv("SCREENING_SNAPSHOT_KEY", str(tmp_path / "another-key"))
    theirs = read_snapshot(snap)
    assert not theirs.trusted
    assert all(e is not None for e in theirs.deferred.store._made)
    assert [wl.model_dump() for wl in theirs.lists] == [wl.model_dump() for wl in mine.lists]
    names = queries(Screener.load(LISTS))
    a = Screener.load([snap])
    assert search_results(a, names) == search_results(Screener.load(LISTS), names)


def test_matches_travel_between_processes_without_making_every_entry(snap: Path) -> None:
    """A --jobs run sends a match's entity as its position in the index: found from the entity
    without making the entries not used yet (a second of CPU per process with a big list)."""
    from screening.batch_names import _pack, _unpack

    screener = Screener.load([snap])
    entities = screener.index.entities
    assert isinstance(entities, LazyList)
    made = sum(e is not None for e in entities._made)
    matches = screener.name_matches("VTB Bank")
    assert matches
    packed = _pack(screener, matches)
    assert [entities[p[0]] for p in packed] == [m.entity for m in matches]
    assert _unpack(screener, packed) == matches
    assert sum(e is not None for e in entities._made) <= made + len(matches) < len(entities)
    with pytest.raises(ValueError):
        entities.position(matches[0].entity.model_copy())  # an equal entry, not the same one
    assert entities.position(entities[3]) == 3


# -- combining with other lists, the CLI, the cache ----------------------------------------------

def test_snapshot_with_more_lists_or_without_builtin_recompiles(snap: Path) -> None:
    more = Screener.load([snap, ROOT / "tests" / "fixtures" / "lists" / "good.toml"])
    ids = [wl.id for wl in more.lists]
    assert "ofac-sdn" in ids and len(ids) == len(set(ids)) == 6
    bare = Screener.load([snap], builtin=False)
    builtin = {wl.id for wl in Screener.default().lists}
    assert builtin and not builtin & {wl.id for wl in bare.lists}
    assert all(m.entity.list_id not in builtin for m in bare.search("VTB Bank"))


def test_cli_compile_then_screen(tmp_path: Path, capsys) -> None:
    out = tmp_path / "l.snap"
    args = ["lists", "compile", "-o", str(out)]
    for p in LISTS:
        args += ["--list", str(p)]
    assert main(args) == 0
    assert "ofac-sdn" in capsys.readouterr().err
    code = main([str(EXAMPLES[0]), "--list", str(out), "--jobs", "2", "-q"])
    jobs = capsys.readouterr().out
    main([str(EXAMPLES[0]), "--list", str(out), "-q"])
    assert code == 1 and jobs == capsys.readouterr().out
    bad = tmp_path / "bad.snap"
    bad.write_bytes(out.read_bytes()[:-5])
    assert main([str(EXAMPLES[0]), "--list", str(bad)]) == 2
    assert "truncated" in capsys.readouterr().err


def test_cli_cache_is_keyed_by_list_content(tmp_path: Path, capsys, monkeypatch) -> None:
    lst = tmp_path / "good.toml"
    lst.write_bytes((FIX / "lists" / "good.toml").read_bytes())
    first = cached_snapshot([lst], builtin=True)
    assert first is not None and first.parent == tmp_path / "cache" / "screening"
    assert cached_snapshot([lst], builtin=True) == first
    assert cached_snapshot([lst], builtin=False) != first
    lst.write_bytes(lst.read_bytes() + b"\n# changed\n")
    assert cached_snapshot([lst], builtin=True) != first
    main([str(EXAMPLES[0]), "--list", str(lst), "-q"])
    cached = capsys.readouterr().out
    monkeypatch.setenv("SCREENING_CACHE", "0")
    main([str(EXAMPLES[0]), "--list", str(lst), "-q"])
    assert capsys.readouterr().out == cached


@pytest.mark.skipif(not BENCH.exists(), reason=f"{BENCH} (shared OFAC data) not present")
def test_full_ofac_snapshot_matches_source(tmp_path: Path) -> None:
    path = tmp_path / "ofac.snap"
    source = Screener.load([BENCH])
    snapshot_file.write_snapshot(path, source.lists, source.index, source.identifiers,
                                 builtin_ids=[wl.id for wl in Screener.default().lists])
    loaded = Screener.load([path])
    ofac = next(wl for wl in source.lists if wl.id == "ofac-sdn")
    names = [e.names[-1].value for e in ofac.entities[::97]]
    names += [n[:-2] + n[-1] for n in names] + ["VTB Bank", "Sberbank Rossii", "Kim Jong Un"]
    assert search_results(loaded, names) == search_results(source, names)


def test_other_engine_snapshot_is_rebuilt_from_unchanged_sources(tmp_path: Path) -> None:
    src = tmp_path / "ofac"
    shutil.copytree(FIX / "ofac" / "tiny", src)
    path = tmp_path / "old.snap"
    compile_snapshot([src], path)
    header, body = _parts(path)
    _write(path, {**header, "engine": "0.0.1+abc"}, body)
    rebuilt = Screener.load([path])
    assert [wl.model_dump() for wl in rebuilt.lists] == [
        wl.model_dump() for wl in Screener.load([src]).lists]
    (src / "sdn.csv").write_bytes((src / "sdn.csv").read_bytes() + b"\n")
    with pytest.raises(SnapshotError, match="compiled by engine 0.0.1"):
        Screener.load([path])  # a source changed: refused, with the reason
