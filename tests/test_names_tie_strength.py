"""An entity whose names score the same is reported through its strongest name, whatever else
is in the loaded lists.

A weak alias never makes a strong hit (`Screener.hits`), so a payment to a listed person's exact
name must BLOCK even when the list also carries that name as a weak alias ("PAO, Yu Yi" with
a.k.a. 'PAO YU YI'). The scores of the two names are sums of the same part weights in another
order, which can differ in the last bit depending on the other names in the index; that noise
must not decide which name is reported.
"""

from __future__ import annotations

from pathlib import Path
from random import Random

import pytest

from screening import Screener
from screening.lists import builtin_lists
from screening.models import Entity, EntityKind, ListVersion, Name, NameStrength, WatchList
from screening.names import NameIndex

HISTORY = Path(__file__).resolve().parents[2] / "shared" / "data" / "ofac" / "history"

_SYLLABLES = ("pao", "yu", "yi", "cha", "ta", "fa", "lu", "hua", "chiang", "liang", "hsiang",
              "kyet", "rang", "pang", "ming", "wei", "zhou", "lin", "sai", "tun")


def _listed(strong: str, weak: str, weak_first: bool, eid: str = "target") -> Entity:
    names = [Name(value=strong, strength=NameStrength.primary),
             Name(value=weak, strength=NameStrength.weak)]
    return Entity(id=eid, list_id="hand", kind=EntityKind.person,
                  names=tuple(reversed(names) if weak_first else names))


def _others(count: int, seed: int) -> list[Entity]:
    """Unrelated persons sharing some of the target's name parts (which changes every part's
    weight), each with a strong and a weak alias of its own."""
    rnd = Random(seed)
    out = []
    for i in range(count):
        parts = [rnd.choice(_SYLLABLES).upper() for _ in range(rnd.randint(2, 4))]
        out.append(Entity(
            id=f"other{seed}-{i:03d}", list_id="hand", kind=EntityKind.person,
            names=(Name(value=f"{parts[0]}, {' '.join(parts[1:]).title()}"),
                   Name(value=" ".join(reversed(parts)), strength=NameStrength.weak))))
    return out


def _variants() -> list[tuple[int, int, bool]]:
    """(unrelated entities, their seed, weak alias listed first) for many different lists."""
    return [(count, seed, weak_first) for count in (0, 1, 2, 3, 5, 8, 13, 21, 34, 55)
            for seed in range(6) for weak_first in (False, True)]


@pytest.mark.parametrize(("strong", "weak", "query"), [
    ("PAO, Yu Yi", "PAO YU YI", "PAO, Yu Yi"),
    ("CHA, Ta Fa", "CHA TA FA", "CHA, Ta Fa"),
    ("CHA, Ta Fa", "CHA TA FA", "Ta Fa Cha"),
])
def test_equal_scores_report_the_strong_name_whatever_else_is_listed(strong, weak,
                                                                    query) -> None:
    wrong = []
    for count, seed, weak_first in _variants():
        others = _others(count, seed)
        # the same entities in another order give the same index
        entities = [*others[::2], _listed(strong, weak, weak_first), *others[1::2]]
        index = NameIndex.build(entities)
        (one,) = [m for m in index.search(query, limit=20) if m.entity_id == "target"]
        (many,) = [m for m in index.search_many([query], limit=20)[0]
                   if m.entity_id == "target"]
        assert (many.name, many.strength, many.score) == (one.name, one.strength, one.score)
        assert one.score == 1.0
        if (one.name, one.strength) != (strong, NameStrength.primary):
            wrong.append((count, seed, weak_first, one.name, one.strength))
    assert not wrong, (f"{len(wrong)} of {len(_variants())} lists report the weak alias, e.g. "
                       f"{wrong[:3]}")


def test_a_former_name_is_preferred_to_a_weak_alias_on_equal_scores() -> None:
    # a former name can block (it is not weak); reporting the weak alias instead would not
    entity = Entity(id="target", list_id="hand", kind=EntityKind.person,
                    names=(Name(value="ZHOU, Lin", strength=NameStrength.primary),
                           Name(value="PAO YU YI", strength=NameStrength.weak),
                           Name(value="PAO, Yu Yi", strength=NameStrength.former)))
    for count, seed, _ in _variants()[::7]:
        index = NameIndex.build([entity, *_others(count, seed)])
        (m,) = [m for m in index.search("PAO, Yu Yi", limit=20) if m.entity_id == "target"]
        assert (m.name, m.strength) == ("PAO, Yu Yi", NameStrength.former)


def test_payment_to_the_exact_listed_name_is_a_strong_hit_whatever_else_is_listed() -> None:
    rules = Screener.default().rules
    for count, seed, weak_first in _variants()[::5]:
        hand = WatchList(id="hand", authority="test", title="hand-made",
                         version=ListVersion(content_hash=f"hand-{count}-{seed}"),
                         entities=(_listed("PAO, Yu Yi", "PAO YU YI", weak_first),
                                   *_others(count, seed)))
        # (a hit is strong or weak before any rule applies: see `Screener.hits`)
        screener = Screener([*builtin_lists(), hand], rules)
        result = screener.screen({"id": "p1", "date": "2022-03-01", "amount": "100",
                                  "currency": "USD", "beneficiary_name": "PAO, Yu Yi"})
        hits = [h for h in result.hits if h.entity_id == "target"]
        assert [(h.matched, h.name_strength, str(h.strength)) for h in hits] == [
            ("PAO, Yu Yi", NameStrength.primary, "strong")], (count, seed, weak_first)


@pytest.mark.parametrize("snapshot", ["sdn-2022-02-23.csv", "sdn-2022-02-25.csv"])
def test_real_ofac_snapshots_block_both_listed_names(snapshot) -> None:
    path = HISTORY / snapshot
    if not path.exists():
        pytest.skip(f"{path} not present (the shared OFAC history snapshots)")
    screener = Screener.load([path])
    for query, ent in (("PAO, Yu Yi", "11289"), ("CHA, Ta Fa", "11281")):
        result = screener.screen({"id": "p1", "date": "2022-03-01", "amount": "100",
                                  "currency": "USD", "beneficiary_name": query})
        hits = [h for h in result.hits if h.entity_id == ent]
        assert [(h.matched, h.name_strength) for h in hits] == [(query, NameStrength.primary)]
        assert str(result.decision) == "BLOCK", (snapshot, query, result.decision)
