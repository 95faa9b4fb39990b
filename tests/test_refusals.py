"""Nothing to screen against is a refusal, never a run where every row reads CLEAR: no list
entries, no rules, missing package data, an empty list file, an official file with a valid root
and no entries. Errors in list and rule files name the file. Also the version and py.typed."""

from __future__ import annotations

import importlib.metadata
from importlib import resources
from pathlib import Path

import pytest

import screening
import screening.lists.builtin as lists_builtin
import screening.rules as rules_pkg
from screening import Screener
from screening.cli import main
from screening.lists import ListError, builtin_lists, load_list
from screening.models import ListVersion, WatchList
from screening.rules import RuleError, RuleSet, builtin_rules

PAYMENTS = Path(__file__).resolve().parents[1] / "examples" / "payments.csv"

EMPTY_OFFICIAL = {
    "un.xml": '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09Z">'
              "<INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>\n",
    "eu.xml": '<?xml version="1.0"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export" '
              'generationDate="2026-08-05T16:47:04.449+02:00"></export>\n',
    "uk.xml": '<?xml version="1.0"?>\n<Designations><DateGenerated>10/09/2026</DateGenerated>'
              "</Designations>\n",
}


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# -- version and typing ---------------------------------------------------------------------------

def test_version_from_package_metadata(capsys) -> None:
    assert screening.__version__ == importlib.metadata.version("screening")
    for flag in ("--version", "-V"):
        code, out, _ = run(capsys, flag)
        assert code == 0 and out.strip() == f"screen {screening.__version__}"


def test_the_package_is_marked_typed() -> None:
    assert resources.files("screening").joinpath("py.typed").is_file()


def test_builtin_lists_and_rules_are_package_resources() -> None:
    lists_dir = resources.files("screening.builtin_lists")
    rules_dir = resources.files("screening.builtin_rules")
    assert "japan-2022.toml" in {p.name for p in lists_dir.iterdir()}
    assert {"exports.toml", "fallback.toml", "payments.toml"} <= {
        p.name for p in rules_dir.iterdir()}


# -- a Screener with nothing to screen against refuses to start -----------------------------------

def test_screener_with_no_list_entries_refuses() -> None:
    empty = WatchList(id="empty", authority="T", title="t", version=ListVersion(content_hash="x"))
    with pytest.raises(ValueError, match="no list entries"):
        Screener([], builtin_rules())
    with pytest.raises(ValueError, match="no list entries.*empty"):
        Screener([empty], builtin_rules())
    with pytest.raises(ValueError, match="no list entries"):
        Screener.load(builtin=False)


def test_screener_with_no_rules_refuses() -> None:
    with pytest.raises(ValueError, match="no rules"):
        Screener(builtin_lists(), RuleSet([]))


@pytest.fixture
def no_package_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The built-in lists and rules folders as a broken install leaves them: empty."""
    monkeypatch.setattr(lists_builtin, "BUILTIN_DIR", tmp_path)
    monkeypatch.setattr(rules_pkg, "BUILTIN_DIR", tmp_path)
    lists_builtin._builtin.cache_clear()
    rules_pkg._builtin.cache_clear()
    yield
    lists_builtin._builtin.cache_clear()
    rules_pkg._builtin.cache_clear()


def test_missing_package_data_refuses(no_package_data, capsys) -> None:
    with pytest.raises(ListError, match="built-in lists are missing"):
        Screener.default()
    with pytest.raises(RuleError, match="built-in rules are missing"):
        builtin_rules()
    code, out, err = run(capsys, PAYMENTS, "-q")
    assert code == 2 and out == ""
    assert "built-in lists are missing" in err


def test_missing_builtin_rules_alone_refuses(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(rules_pkg, "BUILTIN_DIR", tmp_path)
    rules_pkg._builtin.cache_clear()
    try:
        code, out, err = run(capsys, PAYMENTS, "-q")
    finally:
        rules_pkg._builtin.cache_clear()
    assert code == 2 and out == ""
    assert "built-in rules are missing" in err


@pytest.mark.parametrize("content", ["", '[list]\nid = "mine"\nauthority = "Me"\ntitle = "t"\n'],
                         ids=["zero-bytes", "header-only"])
def test_no_builtin_with_an_empty_list_file_refuses(tmp_path, capsys, content) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ListError, match="mine.toml"):
        load_list(path)
    code, out, err = run(capsys, PAYMENTS, "--no-builtin", "--list", path, "-q")
    assert code == 2 and out == ""
    assert str(path) in err


@pytest.mark.parametrize("name", sorted(EMPTY_OFFICIAL))
def test_official_file_with_a_valid_root_and_no_entries_is_malformed(tmp_path, capsys,
                                                                     name) -> None:
    path = tmp_path / name
    path.write_text(EMPTY_OFFICIAL[name], encoding="utf-8")
    with pytest.raises(ListError, match=rf"{name}: no .* found: the file is malformed"):
        load_list(path)
    code, out, err = run(capsys, PAYMENTS, "--no-builtin", "--list", path, "-q")
    assert code == 2 and out == ""
    assert str(path) in err and "malformed" in err
    code, out, err = run(capsys, PAYMENTS, "--list", path, "-q")  # with the built-in lists too
    assert code == 2 and str(path) in err


@pytest.mark.parametrize("as_dir", [True, False], ids=["set-directory", "sdn-file"])
def test_empty_ofac_sdn_file_is_malformed(tmp_path, capsys, as_dir) -> None:
    (tmp_path / "sdn.csv").write_bytes(b"\r\n\x1a")
    target = tmp_path if as_dir else tmp_path / "sdn.csv"
    with pytest.raises(ListError, match=r"sdn.csv: no SDN entries"):
        load_list(target, "ofac")
    if as_dir:
        code, _, err = run(capsys, PAYMENTS, "--no-builtin", "--list", target, "-q")
        assert code == 2 and "sdn.csv" in err


def test_errors_in_list_and_rule_files_name_the_file(tmp_path, capsys) -> None:
    bad_list = tmp_path / "broken-list.toml"
    bad_list.write_text('[list]\nid = "x"\nauthority = "A"\ntitle = "t"\n[[entity]]\nid = 3\n',
                        encoding="utf-8")
    code, _, err = run(capsys, PAYMENTS, "--list", bad_list, "-q")
    assert code == 2 and str(bad_list) in err
    bad_rules = tmp_path / "broken-rules.toml"
    bad_rules.write_text('[[rule]]\nid = "r"\noutcome = "MAYBE"\n', encoding="utf-8")
    code, _, err = run(capsys, PAYMENTS, "--rules", bad_rules, "-q")
    assert code == 2 and str(bad_rules) in err
    empty_rules = tmp_path / "empty-rules.toml"
    empty_rules.write_text("# nothing yet\n", encoding="utf-8")
    code, _, err = run(capsys, PAYMENTS, "--rules", empty_rules, "-q")
    assert code == 2 and str(empty_rules) in err and "no [[rule]] tables" in err


def test_deeply_nested_list_and_rule_files_are_named(tmp_path, capsys) -> None:
    deep = "[" * 5000 + "]" * 5000
    lst = tmp_path / "deep-list.toml"
    lst.write_text(f'[list]\nid = "a"\nauthority = "b"\ntitle = "c"\nnotes = {deep}\n',
                   encoding="utf-8")
    rules = tmp_path / "deep-rules.toml"
    rules.write_text(f'[[rule]]\nid = "a"\nx = {deep}\n', encoding="utf-8")
    for option, path in (("--list", lst), ("--rules", rules)):
        code, out, err = run(capsys, PAYMENTS, option, path, "-q")
        assert code == 2 and out == ""
        assert f"{path}: TOML nested too deeply" in err


def test_a_record_kind_no_rule_covers_is_an_error(tmp_path, capsys) -> None:
    export_only = tmp_path / "exports-only.toml"
    export_only.write_text('[[rule]]\nid = "x"\ndescription = "d"\nrecord_kinds = ["export"]\n'
                           'outcome = "BLOCK"\n', encoding="utf-8")
    screener = Screener.load(rules=[export_only])
    res = screener.screen({"id": "P1", "date": "2022-04-05", "beneficiary_name": "Vladimir Putin"})
    assert res.decision.value == "ERROR"
    assert "no loaded rule screens payment records" in res.error
    code, out, err = run(capsys, PAYMENTS, "--rules", export_only, "-q")
    assert code == 3 and "no loaded rule screens payment records" in out
