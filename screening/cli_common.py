"""What the `screen` commands share: exit codes, output formats, the list and rule options,
building the Screener from them (failing with one clear message), and the results stream."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from screening.mapping import parse_date
from screening.output import EXIT_BROKEN_PIPE, Output, OutputError
from screening.screener_spec import ScreenerSpec

EXIT_CLEAR = 0
EXIT_HITS = 1
EXIT_USAGE = 2
EXIT_ROW_ERRORS = 3
EXIT_INTERNAL = 4

EXIT_CODES_HELP = """Exit codes: 0 = screened, every row CLEAR; 1 = screened, hits to look at
(a REVIEW or BLOCK row); 2 = usage, input or output error (bad option, unreadable file, bad
list, rule or mapping file, output that cannot be written), no results written; 3 = screened,
but some rows could not be read (ERROR rows; this outranks 1, since an unread row must never
look like nothing to review); 4 = internal error (a bug); 141 = the reader of standard output
went away (broken pipe, e.g. | head): results incomplete; 130 / 143 = interrupted (SIGINT /
SIGTERM): no output file written."""


class Fmt(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    parquet = "parquet"


class TextFmt(StrEnum):
    text = "text"
    json = "json"


def _fail(msg: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"screen: error: {msg}", err=True)
    return typer.Exit(code)


# shared options
ListOpt = Annotated[list[Path], typer.Option(
    "--list", metavar="PATH",
    help="Add a watchlist file (repeatable): our TOML lists and official formats (OFAC SDN CSV "
         "set or directory, UN/EU/UK XML).")]
NoBuiltinOpt = Annotated[bool, typer.Option(
    "--no-builtin", help="Do not load the built-in lists (use only --list files).")]
RulesOpt = Annotated[list[Path], typer.Option(
    "--rules", metavar="PATH", help="Rule file (repeatable); replaces the built-in rules, "
    "except the fail-closed fallback listed-party-review, which is kept unless a given file "
    "has a fallback rule of its own.")]
AddRulesOpt = Annotated[list[Path], typer.Option(
    "--add-rules", metavar="PATH", help="Rule file (repeatable) added to the built-in rules "
    "(or to the --rules files).")]


def _spec(lists: list[Path], rules: list[Path], no_builtin: bool,
          review: float | None = None, block: float | None = None,
          per_list: list[str] | None = None, add_rules: list[Path] | None = None
          ) -> ScreenerSpec:
    if no_builtin and not lists:
        raise _fail("--no-builtin needs at least one --list file")
    return ScreenerSpec(lists=tuple(str(p) for p in lists), rules=tuple(str(p) for p in rules),
                        builtin=not no_builtin, review=review, block=block,
                        list_thresholds=tuple(_list_threshold(v) for v in per_list or ()),
                        add_rules=tuple(str(p) for p in add_rules or ()))


def _list_threshold(value: str) -> tuple[str, float, float | None]:
    """`LIST=REVIEW` or `LIST=REVIEW:BLOCK` from --list-threshold."""
    lid, sep, nums = value.partition("=")
    parts = nums.split(":")
    try:
        if not (sep and lid.strip() and 1 <= len(parts) <= 2):
            raise ValueError
        review = float(parts[0])
        block = float(parts[1]) if len(parts) == 2 else None
    except ValueError:
        raise _fail(f"--list-threshold {value!r}: expected LIST=REVIEW or LIST=REVIEW:BLOCK, "
                    "e.g. ofac-sdn=0.9:0.95") from None
    return lid.strip(), review, block


def _build(spec: ScreenerSpec) -> Any:
    """Build the Screener, turning any loading problem into one clear message and exit 2."""
    for p in (*spec.lists, *spec.rules, *spec.add_rules):
        if not Path(p).exists():
            raise _fail(f"{p}: no such file")
    try:
        spec.thresholds()
        spec.per_list()
    except ValueError as exc:
        raise _fail(f"thresholds: {exc}") from exc
    try:
        return spec.build()
    except Exception as exc:  # noqa: BLE001 - list/rule loaders raise many kinds; all are input
        raise _fail(f"cannot load lists or rules: {exc}") from exc


def _parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise _fail(f"--as-of: {exc}") from exc


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """The results stream of a command (see `screening.output`): a failed write exits 2 and
    leaves no partial file, a broken pipe exits 141."""
    try:
        with Output(path) as out:
            yield out
    except OutputError as exc:
        raise _output_failed(exc, path) from exc


def _output_failed(exc: OutputError, path: Path | None) -> typer.Exit:
    """Exit 141 for a broken pipe (the reader went away: results incomplete), else exit 2
    naming the output and why (disk full, ...); no partial file is left behind."""
    if exc.broken_pipe:
        if path is None:
            devnull = os.open(os.devnull, os.O_WRONLY)  # no second error when Python exits
            os.dup2(devnull, sys.stdout.fileno())
        where = "standard output" if path is None else f"--output {path}"
        return _fail(f"results incomplete: {where} was closed by its reader (broken pipe)",
                     EXIT_BROKEN_PIPE)
    return _fail(f"{exc}" + ("; the partial file was removed" if exc.removed else ""))
