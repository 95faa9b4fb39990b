"""Format detection, load_lists, built-in lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.lists import BUILTIN_DIR, ListError, builtin_lists, load_list, load_lists
from screening.lists.detect import detect_format

FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (FIX / "ofac" / "tiny", "ofac"),
        (FIX / "ofac" / "tiny" / "sdn.csv", "ofac"),
        (FIX / "ofac" / "snapshots" / "sdn-2022-02-23.csv", "ofac"),
        (FIX / "un" / "consolidated-excerpt-2026-02-27.xml", "un"),
        (FIX / "eu" / "eu_fsf_excerpt_2026-08-05.xml", "eu"),
        (FIX / "uk" / "uk_sanctions_list_excerpt_2026-09-10.xml", "uk"),
        (FIX / "lists" / "good.toml", "toml"),
    ],
)
def test_detect_format(path, fmt):
    assert detect_format(path) == fmt


def test_unknown_format_asks_for_fmt(tmp_path):
    f = tmp_path / "list.txt"
    f.write_text("hello")
    with pytest.raises(ListError, match="name it with fmt="):
        load_list(f)
    with pytest.raises(ListError, match="unknown format 'xls'"):
        load_list(FIX / "lists" / "good.toml", fmt="xls")
    with pytest.raises(ListError, match="no such file"):
        load_list(tmp_path / "missing.csv")


def test_named_format_overrides_detection():
    wl = load_list(FIX / "ofac" / "tiny" / "sdn.csv", fmt="ofac")
    assert len(wl.entities) == 17


def test_ofac_snapshot_date_from_file_name():
    wl = load_list(FIX / "ofac" / "snapshots" / "sdn-2022-03-31.csv")
    assert str(wl.version.published) == "2022-03-31"


def test_load_lists_mixed_formats_and_duplicate_ids():
    out = load_lists([FIX / "lists" / "good.toml", FIX / "ofac" / "tiny",
                      FIX / "uk" / "uk_sanctions_list_excerpt_2026-09-10.xml"])
    assert [wl.id for wl in out] == ["test-good", "ofac-sdn", "uk-sanctions"]
    with pytest.raises(ListError, match="two lists with id 'ofac-sdn'"):
        load_lists([FIX / "ofac" / "tiny", FIX / "ofac" / "tiny" / "sdn.csv"])


def test_builtin_lists_are_the_repo_lists_dir_sorted_and_cached():
    assert BUILTIN_DIR == Path(__file__).resolve().parents[1] / "lists"
    files = sorted(BUILTIN_DIR.glob("*.toml"))
    lists = builtin_lists()
    assert [wl.path for wl in lists] == [str(f) for f in files]
    assert all(a is b for a, b in zip(lists, builtin_lists(), strict=True))
