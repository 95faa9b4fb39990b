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
