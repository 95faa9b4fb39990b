"""The `screen` command line: batch CSV screening, list inspection and one-name look-ups.

`screen FILE [options]` is short for `screen file FILE [options]`: `main()` inserts the `file`
command when the first argument is not a command name (a file literally named `lists` is
screened with `screen file lists`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import traceback
from enum import StrEnum
from typing import Annotated

import typer

from screening.cli_common import (
    EXIT_CLEAR,
    EXIT_CODES_HELP,
    EXIT_HITS,
    EXIT_INTERNAL,
    EXIT_USAGE,
    AddRulesOpt,
    ListOpt,
    NoBuiltinOpt,
    RulesOpt,
    TextFmt,
    _build,
    _fail,
    _parse_as_of,
    _spec,
)
from screening.cli_file import FILE_EXAMPLES, file_cmd
from screening.compiled import cached_spec
from screening.output import EXIT_BROKEN_PIPE, EXIT_TERMINATED, Terminated

try:  # typer >= 0.20 vendors click; older versions depend on it
    from typer import _click as click  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import click  # type: ignore[no-redef]

_NoArgsIsHelp = getattr(click.exceptions, "NoArgsIsHelpError", ())

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

# -- screen file (cli_file.py) --------------------------------------------------------------------

app.command("file", epilog=FILE_EXAMPLES + "\n\n" + EXIT_CODES_HELP)(file_cmd)


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

