"""The example files get exactly the decisions examples/README.md lists for them (every row not
listed there is CLEAR), from the library and from the `screen` command."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from screening import Screener
from screening.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = ("payments.csv", "exports.csv")


def expected() -> dict[str, str]:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| ([PE]\d{4}) \| [\d-]+ \| (CLEAR|REVIEW|BLOCK) \|", readme, re.M))


def example_rows(name: str) -> list[dict[str, str]]:
    with open(EXAMPLES / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.default()


@pytest.mark.parametrize("name", FILES)
def test_library_decisions_match_the_readme(screener, name) -> None:
    want = expected()
    got = {r.record_id: r.decision.value for r in screener.screen_many(example_rows(name))}
    assert got == {rid: want.get(rid, "CLEAR") for rid in got}


@pytest.mark.parametrize("name", FILES)
def test_command_decisions_match_the_readme(capsys, name) -> None:
    want = expected()
    code = main([str(EXAMPLES / name), "-q"])
    got = {r["record_id"]: r["decision"]
           for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert got == {rid: want.get(rid, "CLEAR") for rid in got}
    assert len(got) == len(example_rows(name))
    assert code == 1


# -- the name cache changes nothing but speed ----------------------------------------------------

def _dumps(screener: Screener, rows: list[dict[str, str]]) -> list[dict]:
    return [r.model_dump(mode="json", exclude={"row"}) for r in screener.screen_many(rows)]


@pytest.mark.parametrize("name", FILES)
def test_results_are_identical_with_and_without_the_name_cache(screener, name) -> None:
    rows = example_rows(name)
    plain = _dumps(screener, rows)
    assert screener.name_cache == 0  # off by default for library use
    for cached in (Screener.default(name_cache=10_000), screener.with_name_cache(3)):
        assert cached.name_cache in (10_000, 3)
        assert _dumps(cached, rows) == plain  # first pass fills the cache
        assert _dumps(cached, rows[::-1]) == plain[::-1]  # later passes read it
    assert screener.name_cache == 0  # with_name_cache left it as it was
    with pytest.raises(ValueError, match="name_cache"):
        Screener.default(name_cache=-1)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_command_output_is_identical_with_and_without_the_name_cache(capsys, monkeypatch,
                                                                      jobs) -> None:
    from screening.screener_spec import ScreenerSpec

    args = [str(EXAMPLES / "payments.csv"), "-q", "-f", "jsonl", "--jobs", jobs]
    main(args)
    cached = capsys.readouterr().out
    monkeypatch.setattr(ScreenerSpec, "name_cache", 0)
    main(args)
    assert capsys.readouterr().out == cached
