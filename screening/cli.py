"""The `screen` command line: batch CSV screening, list inspection and one-name look-ups.

`screen FILE [options]` is short for `screen file FILE [options]`: `main()` inserts the `file`
command when the first argument is not a command name (a file literally named `lists` is
screened with `screen file lists`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import traceback
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from screening.batch import (
    FORMATS,
    BatchOptions,
    Progress,
    ScreenerSpec,
    format_summary,
    run_batch,
)
from screening.compiled import cached_spec
from screening.mapping import (
    InputError,
    load_mapping_file,
    parse_date,
    parse_map_options,
)
from screening.output import EXIT_BROKEN_PIPE, EXIT_TERMINATED, Output, OutputError, Terminated
from screening.records import RecordKind

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

{EXIT_CODES_HELP}"""

app = typer.Typer(help=HELP, add_completion=False, no_args_is_help=True,
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
    "--rules", metavar="PATH", help="Rule file (repeatable); replaces the built-in rules.")]


def _spec(lists: list[Path], rules: list[Path], no_builtin: bool,
          review: float | None = None, block: float | None = None,
          per_list: list[str] | None = None) -> ScreenerSpec:
    if no_builtin and not lists:
        raise _fail("--no-builtin needs at least one --list file")
    return ScreenerSpec(lists=tuple(str(p) for p in lists), rules=tuple(str(p) for p in rules),
                        builtin=not no_builtin, review=review, block=block,
                        list_thresholds=tuple(_list_threshold(v) for v in per_list or ()))


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
    for p in (*spec.lists, *spec.rules):
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

@app.command("file", epilog=EXIT_CODES_HELP)
def file_cmd(
    files: Annotated[list[Path], typer.Argument(
        help="The CSV file to screen (with --dask: CSV or Parquet files, globs or directories "
        "of partitions).", show_default=False, metavar="FILE...")],
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="Output format: csv (a compact "
                                     "reasons column), jsonl or json (full results).")] = Fmt.csv,
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
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="Screen every row as of this date instead of its own "
        "date (yyyy-mm-dd).")] = None,
    lists: ListOpt = [],  # noqa: B006
    no_builtin: NoBuiltinOpt = False,
    rules: RulesOpt = [],  # noqa: B006
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
    """Screen a CSV file of payments or exports (`screen FILE` is short for this).

    One result per input row, in input order: row number, physical line, record id, decision
    (CLEAR, REVIEW, BLOCK, or ERROR for a row that could not be read, with the field and why),
    best score, and the hits with their reasons. Dates in the file may be yyyy-mm-dd,
    yyyy/mm/dd, dd.mm.yyyy or yyyymmdd; 03/04/2022-style dates are refused as ambiguous.
    """
    try:
        overrides: dict[str, str] = {}
        mkind = None
        if mapping is not None:
            overrides, mkind = load_mapping_file(mapping)
        overrides.update(parse_map_options(map_))
    except InputError as exc:
        raise _fail(str(exc)) from exc
    opts = BatchOptions(kind=kind or mkind, overrides=overrides, as_of=_parse_as_of(as_of),
                        encoding=encoding, delimiter=delimiter, fmt=fmt.value, jobs=jobs)
    spec = _spec(lists, rules, no_builtin, review_threshold, block_threshold, list_threshold)
    if decisions is not None:
        spec = _with_decisions(spec, decisions, require_approval)
    elif require_approval:
        raise _fail("--require-approval needs --decisions")
    if dask is not None:
        if report is not None:
            raise _fail("--report is written by single-machine runs; it is not available "
                        "with --dask")
        from screening.dask.cli import run_dask_command

        if dask == "local" or dask.startswith("local:"):  # workers on this machine: the
            spec = cached_spec(spec)  # compiled snapshot (remote ones read the list paths)
        try:
            run_dask_command(files, dask, spec, opts, output, quiet, Output, _fail, _build)
        except OutputError as exc:
            raise _output_failed(exc, output) from exc
    if fmt is Fmt.parquet:
        raise _fail("--format parquet is written by --dask runs (a directory of partitions)")
    if len(files) != 1:
        raise _fail(f"give one FILE to screen ({len(files)} given); several files, globs and "
                    "directories of partitions are read with --dask")
    file = files[0]
    assert opts.fmt in FORMATS
    # check the input before the (slower) list loading, so a bad file fails fast
    from screening.batch import open_source

    try:
        open_source(file, opts)
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
        with Output(output) as out:
            try:
                summary = run_batch(file, out, screener, spec, opts, progress, alerts=alerts)
            except InputError as exc:
                raise _fail(str(exc)) from exc
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
        typer.echo(format_summary(summary, screener, spec.rules), err=True)
        if spec.decisions is not None:
            typer.echo(f"  decisions: {len(screener.decisions)} in force from {decisions}"
                       + (" (four-eyes: approved ones only)"
                          if screener.decisions.require_approval else ""),
                       err=True)
    raise typer.Exit(summary.exit_code())


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


# -- screen lists --------------------------------------------------------------------------------

@app.command("lists")
def lists_cmd(
    lists: ListOpt = [],  # noqa: B006
    no_builtin: NoBuiltinOpt = False,
    show: Annotated[str | None, typer.Option(
        "--show", metavar="ID", help="Show one entry in full (entity id, or LIST:ID).")] = None,
    fmt: Annotated[TextFmt, typer.Option("--format", "-f")] = TextFmt.text,
) -> None:
    """List the loaded watchlists: id, authority, entries, version and date.

    Also: `screen lists compile` (a snapshot file that loads fast), `screen lists diff OLD
    NEW` and `screen lists export --format ftm`; each has --help."""
    from screening.lists import builtin_lists, load_list

    if no_builtin and not lists:
        raise _fail("--no-builtin needs at least one --list file")
    try:
        loaded = (list(builtin_lists()) if not no_builtin else []) + [load_list(p) for p in lists]
    except Exception as exc:  # noqa: BLE001
        raise _fail(f"cannot load lists: {exc}") from exc
    if show:
        _show_entry(loaded, show, fmt)
        return
    if fmt is TextFmt.json:
        typer.echo(json.dumps([{
            "id": wl.id, "authority": wl.authority, "title": wl.title,
            "entries": len(wl.entities), "country_measures": len(wl.country_measures),
            "version": str(wl.version), "published": str(wl.version.published or ""),
            "source": wl.source, "path": wl.path} for wl in loaded], indent=2,
            ensure_ascii=False))
        return
    rows = [("ID", "AUTHORITY", "ENTRIES", "DATE", "VERSION", "TITLE")]
    rows += [(wl.id, wl.authority, f"{len(wl.entities):,}",
              str(wl.version.published or "undated"), wl.version.content_hash, wl.title)
             for wl in loaded]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(r[:5], widths, strict=True)) + "  " + r[5])


def _show_entry(loaded: list[Any], ident: str, fmt: TextFmt) -> None:
    list_id, _, eid = ident.rpartition(":") if ":" in ident else ("", "", ident)
    found = [e for wl in loaded if not list_id or wl.id == list_id
             for e in wl.entities if e.id == eid]
    if not found and not list_id:  # ids may themselves contain ':'
        found = [e for wl in loaded for e in wl.entities if e.id == ident]
    if not found:
        raise _fail(f"no entry {ident!r} in the loaded lists")
    if len(found) > 1:
        raise _fail(f"{ident!r} is in several lists ("
                    + ", ".join(e.list_id for e in found) + "); give LIST:ID")
    e = found[0]
    data = e.model_dump(mode="json", exclude_defaults=True)
    if fmt is TextFmt.json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{e.list_id}:{e.id}  {e.primary_name}  ({e.kind})")
    for key, value in data.items():
        if key in ("id", "list_id", "kind"):
            continue
        if key == "names":
            typer.echo("names:")
            for n in e.names:
                tags = ", ".join(str(t) for t in (n.strength, n.script, n.lang) if t)
                typer.echo(f"  - {n.value}  [{tags}]")
            continue
        if isinstance(value, list):
            typer.echo(f"{key}:")
            for item in value:
                if isinstance(item, dict):
                    typer.echo("  - " + "; ".join(f"{k}={v}" for k, v in item.items()))
                else:
                    typer.echo(f"  - {item}")
        else:
            typer.echo(f"{key}: {value}")


# -- screen name ---------------------------------------------------------------------------------

@app.command("name")
def name_cmd(
    name: Annotated[str, typer.Argument(help="The name to look up.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many matches.")] = 10,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="person or organisation, if known (changes how names compare).")] = None,
    lists: ListOpt = [],  # noqa: B006
    no_builtin: NoBuiltinOpt = False,
    fmt: Annotated[TextFmt, typer.Option("--format", "-f")] = TextFmt.text,
) -> None:
    """Look up one name: the best matching list entries, with scores and explanations."""
    spec = _spec(lists, [], no_builtin)
    screener = _build(cached_spec(spec))
    matches = screener.search(name, kind=kind, limit=limit)
    th = screener.thresholds
    if fmt is TextFmt.json:
        typer.echo(json.dumps([{
            "score": round(m.score, 4), "list_id": m.entity.list_id, "entity_id": m.entity.id,
            "entity_kind": str(m.entity.kind), "entity_name": m.entity.primary_name,
            "matched": m.name, "name_strength": str(m.strength),
            "explanation": m.explanation} for m in matches], indent=2, ensure_ascii=False))
        return
    if not matches:
        typer.echo(f"no match for {name!r}")
        return
    typer.echo(f"{name!r}: review from {th.review:.2f}, strong from {th.block:.2f}")
    for m in matches:
        flag = ("STRONG" if m.score >= th.block and str(m.strength) != "weak"
                else "review" if m.score >= th.review else "")
        typer.echo(f"{m.score:.3f} {flag:<6} {m.entity.list_id}:{m.entity.id}  "
                   f"{m.entity.primary_name} ({m.entity.kind})")
        if m.name != m.entity.primary_name or str(m.strength) != "primary":
            typer.echo(f"        matched {m.strength} name {m.name!r}")
        typer.echo(f"        {m.explanation}")


# -- screen rules --------------------------------------------------------------------------------

@app.command("rules")
def rules_cmd(
    rules: RulesOpt = [],  # noqa: B006
    fmt: Annotated[TextFmt, typer.Option("--format", "-f")] = TextFmt.text,
) -> None:
    """Show the rules in force (built-in, or the --rules files)."""
    from screening.rules import RuleSet, builtin_rules

    for p in rules:
        if not p.exists():
            raise _fail(f"{p}: no such file")
    try:
        ruleset = RuleSet.load([str(p) for p in rules]) if rules else builtin_rules()
    except Exception as exc:  # noqa: BLE001
        raise _fail(f"cannot load rules: {exc}") from exc
    items = list(getattr(ruleset, "rules", []) or [])
    dumped = [r.model_dump(mode="json", exclude_defaults=True) if hasattr(r, "model_dump")
              else {"rule": str(r)} for r in items]
    if fmt is TextFmt.json:
        typer.echo(json.dumps(dumped, indent=2, ensure_ascii=False))
        return
    if not dumped:
        typer.echo("no rules loaded")
    for d in dumped:
        head = d.get("id") or d.get("rule_id") or d.get("rule") or "?"
        outcome = d.get("outcome") or d.get("decision") or ""
        desc = d.get("description") or ""
        typer.echo(f"{head}  {outcome}  {desc}".rstrip())
        for k, v in d.items():
            if k not in ("id", "rule_id", "rule", "outcome", "decision", "description"):
                typer.echo(f"    {k}: {v}")


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

    if args[:1] == ["lists"] and args[1:2] and args[1] in LIST_COMMANDS:  # compile, diff, ...
        code = lists_main(args[1:])
        if argv is None:
            sys.exit(code)
        return code
    if args and args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version", "-V"):
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

