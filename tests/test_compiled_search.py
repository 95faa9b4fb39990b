"""The compiled search loop (screening/names/_core_search.c: the candidate look-up and its word
cache, the ranking of candidates, the scoring loop and the choice of each entity's best name)
gives exactly the pure-Python reference's results -- the same names, scores, order, ties and
explanations -- on many realistic queries: list and case-set names with typos, reordered, with
initials, with a part dropped or two parts joined, in every script of the case sets; on
hostile ones (very long names, thousands of parts, one very long word, names that are empty
after normalisation); for every kind of query. A snapshot-loaded index searches the same. And
the compiled tables refuse damaged index data instead of reading out of bounds."""

from __future__ import annotations

import csv
import random
from array import array
from pathlib import Path

import pytest

from screening.lists import builtin_lists, load_list
from screening.models import Entity, EntityKind, Name, NameStrength
from screening.names import REVIEW_THRESHOLD, NameIndex, fastcore, index

CASES = Path(__file__).parent / "cases"
OFAC = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac" / "bench"

needs_core = pytest.mark.skipif(
    not fastcore.available(),
    reason="the compiled core was not built (no C compiler at install, or "
           "SCREENING_PURE_PYTHON set): only the pure-Python path runs")


def _case_queries() -> list[str]:
    out = []
    for path in sorted(CASES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            out += [r["query"] for r in csv.DictReader(f) if r.get("query")]
    return out


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.randrange(4)
    if op == 0:
        return s[:i] + s[i + 1:]
    if op == 1:
        return s[:i] + rng.choice(s) + s[i:]
    if op == 2:
        return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]
    return s[:i] + rng.choice("aeioukhzжאあ") + s[i + 1:]


def _mutations(rng: random.Random, names: list[str], n: int) -> list[str]:
    """Realistic queries from names: typos, reordered parts, initials, a part dropped, two
    parts joined, upper case, an honorific or legal form added."""
    out = []
    for _ in range(n):
        name = rng.choice(names)
        parts = name.replace(",", " ").split() or [name]
        r = rng.random()
        if r < 0.3:
            q = _typo(rng, name)
        elif r < 0.45:
            q = " ".join(reversed(parts))
        elif r < 0.55 and len(parts) > 1:
            q = " ".join([parts[0][0] + "."] + parts[1:])
        elif r < 0.65 and len(parts) > 2:
            k = rng.randrange(len(parts))
            q = " ".join(parts[:k] + parts[k + 1:])
        elif r < 0.72 and len(parts) > 1:
            k = rng.randrange(len(parts) - 1)
            q = " ".join(parts[:k] + [parts[k] + parts[k + 1]] + parts[k + 2:])
        elif r < 0.8:
            q = name.upper()
        elif r < 0.87:
            q = rng.choice(("Mr ", "Dr. ", "", "Sheikh ")) + name + rng.choice(
                (" LLC", " Ltd", " OOO", "", " & Co"))
        else:
            q = name
        out.append(q)
    return out


def _hostile(rng: random.Random) -> list[str]:
    words = ["ivan", "petrov", "bank", "trading", "a", "b", "al", "bin", "ООО", "иван",
             "محمد", "李", "ジョン", "co", "llc", "mr"]
    return [
        "", " ", "...", "Mr", "LLC", "Mr LLC", "-", "a", "a b c d e f g h i j",
        "x" * 5_000, "ab" * 3_000, "ivanov" * 200,
        " ".join(rng.choice(words) for _ in range(2_000)),
        " ".join(f"w{k}" for k in range(1_000)),
        " ".join(chr(0x4E00 + k) for k in range(300)),
        " ".join(chr(97 + k % 26) for k in range(500)),  # hundreds of initials
        "Bank " * 400, "Trading Bank Company Limited " * 30,
        "\u200b".join("Putin"), "Vlad\u0456mir Put\u0456n",
    ]


def _found(results) -> list[list[tuple]]:
    return [[(m.entity.list_id, m.entity.id, m.name, m.strength, m.score, m.explanation)
             for m in r] for r in results]


def _assert_both_paths_agree(ix: NameIndex, queries: list[str], **kw) -> list:
    compiled = _found(ix.search_many(queries, **kw))
    with fastcore.pure_python():
        reference = _found(ix.search_many(queries, **kw))
    differ = [q[:60] for q, a, b in zip(queries, compiled, reference, strict=True) if a != b]
    assert not differ, f"{len(differ)} of {len(queries)} queries differ, e.g. {differ[:5]}"
    return compiled


@pytest.fixture(scope="module")
def builtin_index() -> NameIndex:
    return NameIndex.build([e for wl in builtin_lists() for e in wl.entities])


@needs_core
@pytest.mark.parametrize("kind", [None, "person", "organisation"])
def test_compiled_search_equals_reference_on_realistic_queries(builtin_index, kind) -> None:
    rng = random.Random(23 if kind is None else 29)
    names = [n.value for e in builtin_index.entities for n in e.names]
    cases = _case_queries()
    queries = (_mutations(rng, names, 1_500) + _mutations(rng, cases, 1_500)
               + rng.sample(cases, 500) + _hostile(rng))
    got = _assert_both_paths_agree(builtin_index, queries, kind=kind, limit=10,
                                   min_score=REVIEW_THRESHOLD)
    assert sum(map(bool, got)) > len(queries) // 10, "list names are found"
    _assert_both_paths_agree(builtin_index, queries[::5], kind=kind, limit=30, min_score=0.0)
    # one by one, with no word cache shared between them
    for q in queries[::37] + _hostile(rng):
        one = _found([builtin_index.search(q, kind=kind, limit=10)])
        with fastcore.pure_python():
            assert one == _found([builtin_index.search(q, kind=kind, limit=10)]), q[:60]


@needs_core
def test_compiled_search_equals_reference_against_ofac() -> None:
    if not OFAC.exists():
        pytest.skip(f"{OFAC} absent (the OFAC bench set of ../shared/data)")
    ents = [e for wl in builtin_lists() for e in wl.entities] + list(load_list(OFAC).entities)
    ix = NameIndex.build(ents)
    rng = random.Random(31)
    names = [n.value for e in ents for n in e.names]
    queries = (_mutations(rng, names, 2_000) + _mutations(rng, _case_queries(), 500)
               + _hostile(rng))
    got = _assert_both_paths_agree(ix, queries, limit=10, min_score=REVIEW_THRESHOLD)
    assert sum(map(bool, got)) > len(queries) // 3


@needs_core
def test_compiled_search_on_a_snapshot_loaded_index(tmp_path) -> None:
    """The compiled tables are derived from a loaded snapshot's index state as from a built
    index: the same results."""
    from screening.lists.snapshot_file import read_snapshot, write_snapshot

    lists = builtin_lists()
    built = NameIndex.build([e for wl in lists for e in wl.entities])
    path = tmp_path / "lists.snap"
    write_snapshot(path, lists, built, *_identifier_index(lists))
    loaded = read_snapshot(path).index
    rng = random.Random(37)
    queries = _mutations(rng, [n.value for e in built.entities for n in e.names], 500)
    assert _found(loaded.search_many(queries, limit=10)) == _found(
        built.search_many(queries, limit=10))


def _identifier_index(lists) -> tuple:
    from screening.names.identifiers import IdentifierIndex
    return (IdentifierIndex.build([e for wl in lists for e in wl.entities]),)


@needs_core
def test_compiled_tables_refuse_damaged_index_data(builtin_index) -> None:
    """A posting of a name that does not exist, a part id out of range: refused when the
    tables are made (ValueError), never read out of bounds."""
    ix = builtin_index
    index._tables(ix)  # the real tables build
    bad_post = list(ix._postings)
    bad_post[0] = array("i", [len(ix) + 5])
    with pytest.raises(ValueError):
        _make_tables(ix, postings=bad_post)
    bad_parts = list(ix._name_parts)
    bad_parts[0] = (len(ix._part_tok) + 1,)
    bad_parts_w = list(ix._name_w)
    bad_parts_w[0] = (1.0,)
    bad_parts_u = list(ix._name_u)
    bad_parts_u[0] = (1.0,)
    with pytest.raises(ValueError):
        _make_tables(ix, name_parts=bad_parts, name_w=bad_parts_w, name_u=bad_parts_u)
    with pytest.raises(ValueError):  # weights that do not fit the parts
        _make_tables(ix, name_w=[(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)] * len(ix))
    bad_split = array("i", ix._split)
    bad_split[0] = 10**6
    with pytest.raises(ValueError):
        _make_tables(ix, split=bad_split)


def _make_tables(ix: NameIndex, **over):
    args = dict(postings=ix._postings, split=ix._split, common=ix._common_sets,
                name_entity=ix._name_entity,
                rank=bytes(ix._name_strength).translate(index._RANK_TABLE),
                person=ix._name_person, first=ix._name_first, wfull=ix._wfull, wmin=ix._wmin,
                name_parts=ix._name_parts, name_w=ix._name_w, name_u=ix._name_u,
                joined=[n.joined for n in ix._name_norm], part_tok=ix._part_tok,
                part_fold=ix._part_fold, part_raw=ix._part_raw)
    args.update(over)
    return fastcore.core.Tables(*args.values(), index.PRE_CUT, index.MAX_COMMON_PAIRS,
                                index.SCORE_DIGITS, index.ROUGH_DIGITS, index.SHORT_WORD_CAP)


def _entity(i: int, kind: str, *names: str) -> Entity:
    return Entity(id=f"C{i:03d}", list_id="caps",
                  kind=EntityKind.person if kind == "person" else EntityKind.organisation,
                  names=tuple(Name(value=v, strength=NameStrength.primary if k == 0
                                   else NameStrength.weak) for k, v in enumerate(names)))


CAP_NAMES = [  # list names for each branch of score.cap and the query's weights
    ("org", "Gara Ltd"), ("org", "Webb LLC"), ("org", "Hara Company LLC"),
    ("org", "Promsvyazbank PJSC"), ("org", "VTB Bank", "VTBBank"), ("org", "Bank Trading Co"),
    ("person", "Ivan Ivanovich Petrov"), ("person", "Petrova Anna Sergeevna"),
    ("person", "Aliyev Ilham Heydar oglu"), ("person", "Zhong Li"), ("person", "Ri Chong Chol"),
    ("person", "LI, Yi"), ("person", "Choe Hwi", "チェ・フィ"), ("person", "Kim Jong Un"),
    ("person", "Uladzimir Karatkevich"), ("person", "Oscar Melarbe"), ("person", "A B Smith"),
    ("person", "Mohammad Javad Zarif", "モハンマドジャヴァド・ザリフ"),
    ("person", "AL-ASSAD, Asma"), ("person", "AL-ASAD, Bashar"), ("org", "AL-AQSA Foundation"),
]


def _cap_queries() -> list[str]:
    qs = ["Hara Ltd", "Gara LLC", "Gara Company", "VEB", "Webb", "Promsvyazbnak", "Promsvyazbank",
          "VTBBank", "VTB Bank", "Vtb Bnak", "Ivan Ivanovic Petrov", "Ivan Petrov",
          "Ivan Ivanovich Ivanovich Petrov", "Petrov Ivan Sergeevich", "Anna Petrova",
          "Ilham Aliyev", "Aliev Ilham Heydar ogly", "Chong Li", "Zong Li", "Ri Jong Chol",
          "Li Li Juan", "LI Yi", "Choi Hwi", "チェ・フィ", "チェ フィ", "キム・ジョンウン",
          "Kim Jongun", "Jong Un Kim", "Uladzimir Karatkevich Ivanovich",
          "Oscar Melarbe Martinez", "A. B. Smith", "Smith", "モハンマドジャヴァド・ザリフ",
          "Mohammadjavad Zarif", "アスマ・アサド", "アサド・アスマ", "バシャール・アサド",
          "アクサ財団", "Asma Assad", "Bank", "Trading Bank", "Ivan " * 50, "Petrov " * 300,
          " ".join(["Ivanovich"] * 40), "Gara " * 200 + "LLC",
          " ".join(f"Petrov{k}" for k in range(400)),  # many words, all different
          "Ivan Ivanovich Petrov " + "x" * 3000]
    return qs + [q.upper() for q in qs[:30]] + [q + " LLC" for q in qs[:30]]


@needs_core
@pytest.mark.parametrize("kind", [None, "person", "organisation"])
def test_compiled_caps_and_weights_equal_reference(builtin_index, kind) -> None:
    """The caps of score.cap (one distinctive word folded or edited, short parts, katakana
    syllables, the same legal form), the query's weights and unmatched weights (middle names,
    patronymics) and the ties, as the compiled core computes them: the reference's scores, on
    names made for each branch and on hostile queries (repeated words, hundreds of words, a
    very long word)."""
    ix = NameIndex.build(list(builtin_index.entities) + [
        _entity(i, kind_, *names) for i, (kind_, *names) in enumerate(CAP_NAMES)])
    queries = _cap_queries()
    got = _assert_both_paths_agree(ix, queries, kind=kind, limit=20, min_score=0.0)
    assert sum(map(bool, got)) > len(queries) // 4
    for q in queries[::3]:
        one = _found([ix.search(q, kind=kind, limit=20)])
        with fastcore.pure_python():
            assert one == _found([ix.search(q, kind=kind, limit=20)]), q[:60]


def test_patronymic_endings_read_as_is_patronymic() -> None:
    """The compiled core tells patronymics by the endings read from the pattern of
    `normalize.is_patronymic`: the same answer for every token."""
    from screening.names.normalize import is_patronymic

    endings = fastcore.patronymic_endings()
    assert endings and "vich" in endings
    rng = random.Random(41)
    tokens = ["ivanovich", "sergeevna", "oglu", "ogly", "kyzy", "mykolaiovych", "vich", "ovna",
              "ivanov", "ivanova", "vichy", "ichnaa", "ichna", "petrovych"]
    tokens += ["".join(rng.choice("aeiouvchnygklzs") for _ in range(rng.randrange(1, 12)))
               for _ in range(20_000)]
    for t in tokens:
        assert t.endswith(endings) == is_patronymic(t), t


def _rejoined(rng: random.Random, name: str) -> str:
    """`name` with its letters split into parts at other places, a few letters dropped or
    changed: the part counts differ, and the names' joined keys are near (at, above and below
    the similarity from which a joined comparison can replace the part-wise score)."""
    letters = [c for c in name if c.isalpha()]
    for _ in range(rng.randrange(4)):
        k = rng.randrange(len(letters))
        if rng.random() < 0.7:
            del letters[k]
        else:
            letters[k] = rng.choice("aeiourstn")
    cuts = sorted(rng.sample(range(1, len(letters)), min(len(letters) - 1, rng.randrange(1, 4))))
    return " ".join("".join(letters[a:b]) for a, b in zip([0, *cuts], [*cuts, len(letters)],
                                                           strict=True))


@needs_core
@pytest.mark.parametrize("kind", [None, "person", "organisation"])
def test_compiled_joined_comparison_equals_reference(builtin_index, kind) -> None:
    """The joined keys of a query and a list name whose part counts differ are compared only
    when their lengths allow a similarity that can replace the score: the same scores and
    explanations as the reference, which compares them every time, on names split and joined
    at other places with letters dropped (similarities on both sides of that bound)."""
    rng = random.Random(41)
    names = [n.value for e in builtin_index.entities for n in e.names
             if sum(c.isalpha() for c in n.value) >= 8]
    queries = [_rejoined(rng, rng.choice(names)) for _ in range(1_500)]
    got = _assert_both_paths_agree(builtin_index, queries, kind=kind, limit=10, min_score=0.0)
    assert sum(m[5].startswith("joined") for r in got for m in r) > 20, "joined keys matched"
    _assert_both_paths_agree(builtin_index, queries, kind=kind, limit=10,
                             min_score=REVIEW_THRESHOLD)


@needs_core
def test_search_many_equals_search_one_by_one(builtin_index) -> None:
    """The batch entry (`search_many`, its compiled loop over names) gives what `search` gives
    for each name, in the order given, with repeated, empty and parenthesised names."""
    rng = random.Random(43)
    names = [n.value for e in builtin_index.entities for n in e.names]
    queries = (_mutations(rng, names, 300) + ["", "Mr", "Bank Rossii (Central Bank)"]
               + _hostile(rng)[:9] + ["Kim Jong Un", "キム・ジョンウン", "ﾊﾂｶﾆ ﾈｯﾄﾜｰｸ"] * 2)
    for kind in (None, "person", "organisation"):
        many = _found(builtin_index.search_many(queries, kind=kind, limit=5, min_score=0.5))
        one = _found([builtin_index.search(q, kind=kind, limit=5, min_score=0.5)
                      for q in queries])
        assert many == one


def test_text_below_cjk_is_read_no_other_way() -> None:
    """No character below index._CJK_FROM (where `_variants` stops looking for other
    readings) gives an English reading of kanji or a half-width kana variant."""
    from screening.names import kanji_orgs
    from screening.names.japanese import zengin_variants

    for c in range(0x80, ord(index._CJK_FROM)):
        text = f"Ab{chr(c)}{chr(c)} Cd"
        assert kanji_orgs.english_readings(text) == (), hex(c)
        assert zengin_variants(text) == [], hex(c)


def _close_names(rng: random.Random) -> list[Entity]:
    """Persons and organisations whose names differ by a letter or two, a middle name, a
    given name's other spelling, a part joined or split: many candidates per query, scoring
    close to each other and to the thresholds."""
    given = ["Aleksandr", "Alexander", "Oleksandr", "Mohammed", "Muhammad", "Mykola", "Nikolai",
             "Yusuf", "Youssef", "Abdulrahman", "Abdul Rahman", "Kim", "Jong", "Sergei"]
    middle = ["Ivanovich", "Petrovna", "Bin", "Ali", "Un", "Abdullah", ""]
    family = ["Petrovsky", "Petrovskiy", "Petrowski", "Al Hashimi", "Alhashimi", "Karimov",
              "Karimova", "Melarbe", "Martinez", "Lee", "Li", "Zarif", "Ivanov"]
    words = ["Trading", "Shipping", "Petrochemical", "Bank", "Maritime", "Holding", "Rosneft",
             "Rosnefte", "Sovcomflot", "Sovkomflot", "Transneft", "Transnefty"]
    forms = ["LLC", "Ltd", "OOO", "JSC", ""]
    out = []
    for i in range(400):
        if i % 2:
            name = " ".join(x for x in (rng.choice(given), rng.choice(middle),
                                        rng.choice(family)) if x)
            kind = "person"
        else:
            name = " ".join(x for x in (*rng.sample(words, rng.randrange(1, 4)),
                                        rng.choice(forms)) if x)
            kind = "org"
        out.append(_entity(i, kind, name, _typo(rng, name)))
    # one word of 7 or 8 letters: one edit scores ONE_EDIT_SIM, above what the letters say
    return out + [_entity(400, "org", "Petrovsk"), _entity(401, "org", "Rosnefta")]


@needs_core
@pytest.mark.parametrize("kind", [None, "person", "organisation"])
def test_compiled_bound_keeps_every_result(kind) -> None:
    """Candidates that cannot reach min_score are not aligned (Tables.best's bound): the
    reference's results at every threshold, on names made to score close to one another and
    to the thresholds (typos in long and short words, other spellings of given names, middle
    names added or left out, parts joined or split), where a bound that is not one would drop
    results."""
    rng = random.Random(47)
    ents = _close_names(rng)
    ix = NameIndex.build(ents)
    names = [n.value for e in ents for n in e.names]
    queries = _mutations(rng, names, 500) + [_rejoined(rng, rng.choice(names))
                                             for _ in range(300)] + ["Petrovsz", "Rosnefza"]
    found = 0
    for min_score in (0.55, 0.75, 0.8, 0.85, REVIEW_THRESHOLD, 0.88, 0.9, 0.93, 0.97, 1.0):
        got = _assert_both_paths_agree(ix, queries, kind=kind, limit=10, min_score=min_score)
        found += sum(len(r) for r in got)
    assert found > 1_000


@needs_core
def test_token_sim_bound_is_at_least_token_sim(builtin_index) -> None:
    """What Tables.best bounds a pair of parts' similarity by, from their lengths, letters and
    hashes alone, is never below score.token_sim of them: on every pair of parts of list names
    and of the same names with typos, other spellings and scripts (a bound below it would
    drop results; the bound's test above checks the results)."""
    from screening.names.normalize import normalize
    from screening.names.score import token_sim

    rng = random.Random(53)
    names = [n.value for e in builtin_index.entities for n in e.names]
    names += [_typo(rng, n) for n in names] + _case_queries()[:2_000]
    parts = set()
    for person in (True, False):
        for n in names:
            q = normalize(n, person)
            parts.update(zip(q.tokens, q.folds, q.raws or q.tokens, strict=True))
    parts = sorted(parts)
    bound = fastcore.core.token_sim_bound
    checked = 0
    for _ in range(60_000):
        (qt, qf, qr), (ct, cf, cr) = rng.choice(parts), rng.choice(parts)
        if rng.random() < 0.5:  # (near pairs: most random pairs share nothing)
            ct, cf, cr = _typo(rng, qt), _typo(rng, qf), qr if rng.random() < 0.5 else qt
        person = rng.random() < 0.5
        s = token_sim(qt, qf, ct, cf, qr, cr, person)
        assert bound(qt, qf, ct, cf, qr, cr, person) >= s, (qt, qf, qr, ct, cf, cr, person)
        checked += s > 0
    assert checked > 5_000
