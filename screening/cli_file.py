"""`screen file`: batch screening of CSV, Parquet and Excel files (locally, with --jobs worker
processes, or on a Dask cluster), registered in `screening.cli`."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from screening.batch import FORMATS, BatchOptions, WorkerError, run_batch
from screening.batch_summary import Progress, format_summary
from screening.cli_common import (
    EXIT_INTERNAL,
    AddRulesOpt,
    Fmt,
    ListOpt,
    NoBuiltinOpt,
    RulesOpt,
    _build,
    _fail,
    _output_failed,
    _parse_as_of,
    _spec,
)
from screening.compiled import cached_spec
from screening.mapping import InputError, load_mapping_file, parse_map_options
from screening.output import Output, OutputError
from screening.records import RecordKind
from screening.screener_spec import ScreenerSpec

FILE_EXAMPLES = """Examples:

\b
  screen payments.csv -o results.csv        results to a file, summary on stderr
  screen export.xlsx -o results.jsonl       Excel in, JSON Lines out (format from the name)
  zcat day.csv.gz | screen - -f json        standard input (.gz, .bz2, .xz, .zst read as is too)
  screen bank.csv --map beneficiary_name='Payee Name' --map originator_name=Payer
  screen bank.csv --mapping bank.toml --ignore-column 'Payee Account Holder'
  screen payments.csv --as-of 2022-04-05 --echo-columns -o review.csv"""


def file_cmd(
    files: Annotated[list[Path], typer.Argument(
        help="The file to screen: CSV (also .gz, .bz2, .xz, .zst), Parquet, Excel .xlsx, or - "
        "for standard input (with --dask: CSV or Parquet files, globs or directories of "
        "partitions).", show_default=False, metavar="FILE...")],
    fmt: Annotated[Fmt | None, typer.Option(
        "--format", "-f", help="Output format: csv (a compact reasons column), jsonl or json "
        "(full results), parquet. Default: from the --output name (.csv, .jsonl, .json, "
        ".parquet), else csv.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write results to this file (default: stdout). Written to a "
        "temporary file and renamed when complete; a device or named pipe is written "
        "straight into.")] = None,
    kind: Annotated[RecordKind | None, typer.Option(
        "--kind", help="payment or export (default: told from the header).")] = None,
    map_: Annotated[list[str], typer.Option(
        "--map", metavar="FIELD=Header", help="Read FIELD from column Header (repeatable), "
        "e.g. --map beneficiary_name='Payee Name'.")] = [],  # noqa: B006 - typer needs a list
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", metavar="FILE", help="TOML or JSON file of field = \"Header\" (optional "
        "kind = \"payment\"); --map options win over it.")] = None,
    ignore_column: Annotated[list[str], typer.Option(
        "--ignore-column", metavar="NAME", help="A column that looks like a party, BIC, "
        "country or HS-code column but is deliberately not screened (repeatable). Without it "
        "such a column stops the run (exit 2).")] = [],  # noqa: B006
    echo_columns: Annotated[bool, typer.Option(
        "--echo-columns", "--keep-input", help="Copy the input's columns into each result row "
        "(after the result columns; JSON: an `input` object).")] = False,
    sheet: Annotated[str | None, typer.Option(
        "--sheet", metavar="NAME", help="The sheet of an Excel workbook to screen (needed "
        "when several sheets hold data).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="Screen every row as of this date instead of its own "
        "date (yyyy-mm-dd).")] = None,
    lists: ListOpt = [],  # noqa: B006
    no_builtin: NoBuiltinOpt = False,
    rules: RulesOpt = [],  # noqa: B006
    add_rules: AddRulesOpt = [],  # noqa: B006
    review_threshold: Annotated[float | None, typer.Option(
        "--review-threshold", help="Name score from which a match is reported (0-1).")] = None,
    block_threshold: Annotated[float | None, typer.Option(
        "--block-threshold", help="Name score from which a match is strong (0-1).")] = None,
    list_threshold: Annotated[list[str], typer.Option(
        "--list-threshold", metavar="LIST=REVIEW[:BLOCK]", help="Thresholds for one list "
        "(repeatable), e.g. ofac-sdn=0.9:0.95; the list id as `screen lists` shows it.")
    ] = [],  # noqa: B006 - typer needs a list
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes (0 = one per core). Output order is "
        "always the input order.")] = 1,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Input encoding (default: detected; UTF-8 with or without BOM, "
        "Windows-1251, Shift_JIS, Windows-1252; a file not plainly in a legacy encoding is "
        "read as UTF-8 and its undecodable rows are ERROR).")] = None,
    delimiter: Annotated[str | None, typer.Option(
        "--delimiter", help="Field delimiter: a character or comma, semicolon, tab, pipe "
        "(default: detected).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
    no_progress: Annotated[bool, typer.Option(
        "--no-progress", help="No progress bar (it shows only when stderr is a terminal).")
    ] = False,
    since_list: Annotated[Path | None, typer.Option(
        "--since-list", metavar="OLD", help="Lookback: OLD is the list version the file was "
        "screened against; report only rows whose screening changed with the --list of the "
        "same id (newly hit, hits gone), the rest skipped and counted.")] = None,
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", metavar="PATH", help="Apply analysts' decisions (SQLite file of `screen "
        "decisions`): hits covered by a valid false_positive decision are suppressed.")] = None,
    require_approval: Annotated[bool, typer.Option(
        "--require-approval", help="Four-eyes: a false_positive decision applies only once a "
        "second, different analyst approved it.")] = False,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE.html", help="Also write a self-contained HTML review page of "
        "the BLOCK and REVIEW rows.")] = None,
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="ADDRESS", help="Screen on a Dask cluster: a scheduler address "
        "(tcp://host:8786) or local:N for N local worker processes. Needs screening[dask].")
    ] = None,
) -> None:
    """Screen a file of payments or exports (`screen FILE` is short for this).

    One result per input row, in input order: row number, physical line, record id, decision
    (CLEAR, REVIEW, BLOCK, or ERROR for a row that could not be read, with the field and why),
    best score, and the hits with their reasons. Dates in the file may be yyyy-mm-dd,
    yyyy/mm/dd, dd.mm.yyyy or yyyymmdd; 03/04/2022-style dates are refused as ambiguous.
    """
    try:
        overrides: dict[str, str] = {}
        mkind = None
        if mapping is not None:
            from screening.header_guard import mapping_ignores

            overrides, mkind = load_mapping_file(mapping)
            ignore_column = [*mapping_ignores(mapping), *ignore_column]
        overrides.update(parse_map_options(map_))
    except InputError as exc:
        raise _fail(str(exc)) from exc
    from screening.outputs import format_for

    if [str(f) for f in files] == ["-"] and sys.stdin.isatty():
        raise _fail("FILE is - (standard input) but nothing is piped in; e.g. "
                    "zcat day.csv.gz | screen -")

    try:
        out_fmt = format_for(output, fmt.value if fmt else None)
    except InputError as exc:
        raise _fail(str(exc)) from exc
    if out_fmt == "parquet" and output is None and sys.stdout.isatty():
        raise _fail("Parquet output is binary: give --output FILE.parquet or redirect stdout")
    opts = BatchOptions(kind=kind or mkind, overrides=overrides, as_of=_parse_as_of(as_of),
                        encoding=encoding, delimiter=delimiter, fmt=out_fmt, jobs=jobs,
                        ignore_columns=tuple(ignore_column), echo=echo_columns, sheet=sheet)
    spec = _spec(lists, rules, no_builtin, review_threshold, block_threshold, list_threshold,
                 add_rules)
    if decisions is not None:
        spec = _with_decisions(spec, decisions, require_approval)
    elif require_approval:
        raise _fail("--require-approval needs --decisions")
    if dask is not None:
        from screening.dask.cli import run_dask_command

        if dask == "local" or dask.startswith("local:"):  # workers on this machine: the
            spec = cached_spec(spec)  # compiled snapshot (remote ones read the list paths)
        try:
            run_dask_command(files, dask, spec, opts, output, quiet, Output, _fail, _build,
                             report)
        except OutputError as exc:
            raise _output_failed(exc, output) from exc
    if len(files) != 1:
        raise _fail(f"give one FILE to screen ({len(files)} given); several files, globs and "
                    "directories of partitions are read with --dask")
    file = files[0]
    assert opts.fmt in FORMATS
    # check the input before the (slower) list loading, so a bad file fails fast; it is
    # opened once (standard input cannot be read twice)
    from screening.batch import open_source

    try:
        source = open_source(file, opts)
    except InputError as exc:
        raise _fail(str(exc)) from exc
    if since_list is not None:  # lookback (screening/lookback.py)
        from screening.cli_lists import lookback

        if report is not None:
            raise _fail("--report is written by full runs; not with --since-list")
        raise typer.Exit(lookback(file, since_list, spec, opts, output, quiet))
    spec = cached_spec(spec)  # list files -> their compiled snapshot (also for --jobs workers)
    screener = _build(spec)
    progress = None
    to_terminal = output is None and sys.stdout.isatty()  # results would garble the bar
    if not quiet and not no_progress and sys.stderr.isatty() and not to_terminal:
        progress = Progress(sys.stderr)
    alerts = None
    if report is not None:
        from screening.report import AlertCollector

        if report.is_dir() or not report.resolve().parent.is_dir():
            raise _fail(f"--report {report}: not a file in an existing directory")

        alerts = AlertCollector()
    try:
        with Output(output) as out, _settled_heap():
            try:
                summary = run_batch(file, out, screener, spec, opts, progress, source=source,
                                    alerts=alerts)
            except InputError as exc:
                raise _fail(str(exc)) from exc
            except WorkerError as exc:  # results incomplete (and no output file left)
                raise _fail(str(exc), EXIT_INTERNAL) from exc
            finally:
                if progress:
                    progress.close()
    except OutputError as exc:
        raise _output_failed(exc, output) from exc
    if report is not None:
        from screening.report import write_report

        try:
            write_report(report, alerts, summary, screener, opts.as_of)
        except OSError as exc:
            raise _fail(f"--report {report}: cannot write it ({exc.strerror})") from exc
    if not quiet:
        typer.echo(format_summary(summary, screener, spec), err=True)
        if spec.decisions is not None:
            typer.echo(f"  decisions: {len(screener.decisions)} in force from {decisions}"
                       + (" (four-eyes: approved ones only)"
                          if screener.decisions.require_approval else ""),
                       err=True)
    raise typer.Exit(summary.exit_code())


GC_GEN0 = 20_000
"""Allocations between young-generation collections in a batch run (Python's default: 700)."""


@contextlib.contextmanager
def _settled_heap() -> Iterator[None]:
    """During a batch run (the CLI only, not library callers): the cyclic garbage collector
    leaves alone the objects that exist when it starts (the compiled lists, which live as long
    as the run; --jobs workers forked later inherit this) and collects the young generation
    less often. A batch makes many short-lived objects and few cycles: with the defaults the
    collector took about 7% of a batch's CPU, a third of that with these settings."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(before[0], GC_GEN0), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _with_decisions(spec: ScreenerSpec, path: Path, require_approval: bool) -> ScreenerSpec:
    """The spec applying the decisions file at `path` (checked readable now, fail fast)."""
    import dataclasses

    from screening.decisions import DecisionError, DecisionSet

    try:
        ds = DecisionSet.load(path, require_approval)
    except DecisionError as exc:
        raise _fail(f"--decisions: {exc}") from exc
    return dataclasses.replace(spec, decisions=str(path), require_approval=require_approval,
                               decisions_today=ds.today)
