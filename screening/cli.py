"""The `screen` command line: batch CSV screening, list inspection and one-name look-ups.

`screen FILE [options]` is short for `screen file FILE [options]`: `main()` inserts the `file`
command when the first argument is not a command name (a file literally named `lists` is
screened with `screen file lists`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
import sys
import traceback
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from screening.batch import FORMATS, BatchOptions, WorkerError, run_batch
from screening.batch_summary import Progress, format_summary
from screening.compiled import cached_spec
from screening.mapping import (
    InputError,
    load_mapping_file,
    parse_date,
    parse_map_options,
)
from screening.output import EXIT_BROKEN_PIPE, EXIT_TERMINATED, Output, OutputError, Terminated
from screening.records import RecordKind
from screening.screener_spec import ScreenerSpec

try:  # typer >= 0.20 vendors click; older versions depend on it
    from typer import _click as click  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import click  # type: ignore[no-redef]

_NoArgsIsHelp = getattr(click.exceptions, "NoArgsIsHelpError", ())

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

HELP = f"""Sanctions screening of payment and export files.

screen FILE [OPTIONS] screens a CSV batch (it is short for screen file FILE): one result row per
input row, in input order, to stdout or --output; a summary goes to stderr. See screen file --help.

\b
Examples:
  screen payments.csv -o results.csv          screen a file (also .gz, .xlsx, .parquet, -)
  screen name "Vladimir Putin" --dob 1952     check one name (exit 1 on a match)
  screen lists --search rossiya               find list entries by name
  screen lists update --source ofac --dir lists.d   fetch an official list
  screen rules                                the rules in force, in words

{EXIT_CODES_HELP}"""

app = typer.Typer(help=HELP, add_completion=True, no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  rich_markup_mode=None, pretty_exceptions_enable=False)

COMMANDS = ("file", "lists", "name", "rules", "decisions", "serve", "audit", "keys")


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


def _version(value: bool) -> None:
    if value:
        from screening import __version__

        typer.echo(f"screen {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Sanctions screening of payment and export files."""


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


# -- screen file ---------------------------------------------------------------------------------

FILE_EXAMPLES = """Examples:

\b
  screen payments.csv -o results.csv        results to a file, summary on stderr
  screen export.xlsx -o results.jsonl       Excel in, JSON Lines out (format from the name)
  zcat day.csv.gz | screen - -f json        standard input (.gz, .bz2, .xz, .zst read as is too)
  screen bank.csv --map beneficiary_name='Payee Name' --map originator_name=Payer
  screen bank.csv --mapping bank.toml --ignore-column 'Payee Account Holder'
  screen payments.csv --as-of 2022-04-05 --echo-columns -o review.csv"""


@app.command("file", epilog=FILE_EXAMPLES + "\n\n" + EXIT_CODES_HELP)
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


# -- screen lists (cli_lists_browse.py; compile, diff, export, update: cli_lists.py) ----------

from screening.cli_lists_browse import LISTS_EPILOG, lists_browse  # noqa: E402

app.command("lists", epilog=LISTS_EPILOG)(lists_browse)


# -- screen name ---------------------------------------------------------------------------------

class NameKind(StrEnum):
    person = "person"
    organisation = "organisation"


NAME_EXAMPLES = """Examples:

\b
  screen name "Vladimir Putin"                     exit 1: a listed match
  screen name "Vladimir Putin" --dob 1960          the listed Putin is ruled out by his birth date
  screen name "VTB Bank" --as-of 2022-03-01        no measure in force yet: exit 0
  screen name "Promsvyazbank" --format json"""


@app.command("name", epilog=NAME_EXAMPLES + """\n\nExit codes: 0 = no match at or above the
review threshold with a measure in force on the date; 1 = such a match; 2 = usage error.""")
def name_cmd(
    name: Annotated[str, typer.Argument(help="The name to check.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many candidates.")
                     ] = 10,
    kind: Annotated[NameKind | None, typer.Option(
        "--kind", help="person or organisation, if known (changes how names compare; entries "
        "of the other kind are ruled out).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="The date measures must be in force on (default: "
        "today).")] = None,
    dob: Annotated[str | None, typer.Option(
        "--dob", metavar="YYYY[-MM-DD]", help="Date or year of birth: entries whose published "
        "birth dates differ are ruled out.")] = None,
    country: Annotated[str | None, typer.Option(
        "--country", metavar="CC", help="Country (code or name): entries whose published "
        "countries differ are ruled out.")] = None,
    lists: ListOpt = [],  # noqa: B006
    no_builtin: NoBuiltinOpt = False,
    review_threshold: Annotated[float | None, typer.Option(
        "--review-threshold", help="Name score from which a match counts (0-1).")] = None,
    fmt: Annotated[TextFmt, typer.Option("--format", "-f")] = TextFmt.text,
) -> None:
    """Check one name: the best matching list entries, labelled (STRONG, review,
    below-threshold), with their measures and whether they are in force; exit 1 on a match."""
    from screening.cli_name import check, render_json, render_text

    on = _parse_as_of(as_of) or dt.date.today()
    spec = _spec(lists, [], no_builtin, review_threshold)
    screener = _build(cached_spec(spec))
    try:
        found = check(screener, name, kind=kind.value if kind else None, limit=limit, on=on,
                      dob=dob, country=country)
    except ValueError as exc:
        raise _fail(f"--dob/--country: {exc}") from exc
    if fmt is TextFmt.json:
        typer.echo(render_json(name, found, screener, on))
    else:
        typer.echo("\n".join(render_text(name, found, screener, on)))
    raise typer.Exit(EXIT_HITS if any(c.counts for c in found) else EXIT_CLEAR)


# -- screen rules --------------------------------------------------------------------------------

@app.command("rules")
def rules_cmd(
    rules: RulesOpt = [],  # noqa: B006
    add_rules: AddRulesOpt = [],  # noqa: B006
    fmt: Annotated[TextFmt, typer.Option("--format", "-f")] = TextFmt.text,
) -> None:
    """Show the rules in force (built-in, --rules, --add-rules), in words."""
    from screening.rules import builtin_rules
    from screening.rules.compose import compose_rules, describe_origin
    from screening.rules.describe import describe

    for p in (*rules, *add_rules):
        if not p.exists():
            raise _fail(f"{p}: no such file")
    try:
        ruleset, notes = compose_rules([str(p) for p in rules], [str(p) for p in add_rules])
    except Exception as exc:  # noqa: BLE001
        raise _fail(f"cannot load rules: {exc}") from exc
    ruleset = ruleset or builtin_rules()
    if fmt is TextFmt.json:
        typer.echo(json.dumps([r.model_dump(mode="json", exclude_defaults=True)
                               for r in ruleset.rules], indent=2, ensure_ascii=False))
        return
    origin = describe_origin([str(p) for p in rules], [str(p) for p in add_rules])
    typer.echo(f"{len(ruleset.rules)} rules ({origin}); announced-date policy "
               f"{ruleset.announced_policy.value}")
    for n in notes:
        typer.echo(f"note: {n}")
    for r in ruleset.rules:
        typer.echo("")
        typer.echo("\n".join(describe(r)))


from screening.decisions.cli import app as _decisions_app  # noqa: E402

app.add_typer(_decisions_app, name="decisions")


# -- screen serve, screen audit, screen keys (screening/service/cli.py) ---------------------------

from screening.service.cli import register as _register_service  # noqa: E402

_register_service(app)


# -- entry point ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Entry point of the `screen` console script; returns (and exits with) the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    from screening.cli_lists import LIST_COMMANDS
    from screening.cli_lists import main as lists_main

    if args[:1] == ["lists"] and args[1:2] and args[1] in LIST_COMMANDS:  # compile, update, ...
        code = lists_main(args[1:])
        if argv is None:
            sys.exit(code)
        return code
    if args and args[0] not in COMMANDS and args[0] not in (
            "-h", "--help", "--version", "-V", "--install-completion", "--show-completion"):
        args.insert(0, "file")
    command = typer.main.get_command(app)
    try:
        rc = command.main(args=args, prog_name="screen", standalone_mode=False)
        code = rc if isinstance(rc, int) else 0
    except _NoArgsIsHelp as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
        code = EXIT_USAGE
    except click.exceptions.ClickException as exc:
        exc.show()
        code = EXIT_USAGE
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("screen: interrupted", err=True)
        code = 130
    except Terminated:
        typer.echo("screen: terminated; no output file was written", err=True)
        code = EXIT_TERMINATED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_BROKEN_PIPE
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        typer.echo("screen: internal error (a bug): please report it with the traceback above",
                   err=True)
        code = EXIT_INTERNAL
    if argv is None:
        sys.exit(code)
    return code

