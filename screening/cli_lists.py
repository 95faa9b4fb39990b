"""`screen lists compile | diff | export | update`: the list lifecycle commands (`update` is
`screening.cli_lists_browse.update_cmd`).

Registered in `screening.cli.main`, which hands `screen lists <one of LIST_COMMANDS> ...` here
(plain `screen lists [--show ...]` stays the listing command).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

try:  # typer >= 0.20 vendors click; older versions depend on it
    from typer import _click as click  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import click  # type: ignore[no-redef]

EXIT_USAGE = 2


def fail(msg: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print `screen: error: msg` and give the exit to raise (as `screening.cli` does)."""
    typer.echo(f"screen: error: {msg}", err=True)
    return typer.Exit(code)

LIST_COMMANDS = ("compile", "diff", "export", "update")

app = typer.Typer(help="List lifecycle: compiled snapshots, diffs, FollowTheMoney export.",
                  add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _register_update() -> None:
    from screening.cli_lists_browse import UPDATE_HELP, update_cmd

    app.command("update", epilog=UPDATE_HELP)(update_cmd)


_register_update()


class DiffFmt(StrEnum):
    table = "table"
    jsonl = "jsonl"


class ExportFmt(StrEnum):
    ftm = "ftm"


ListOpt = Annotated[list[Path], typer.Option(
    "--list", metavar="PATH", help="A watchlist file in any supported format (repeatable).")]
NoBuiltinOpt = Annotated[bool, typer.Option(
    "--no-builtin", help="Leave out the built-in lists.")]
TopicsOpt = Annotated[list[str], typer.Option(
    "--ftm-topic", metavar="TOPIC", help="FollowTheMoney lists: take parties with this topic "
    "(repeatable; default sanction; e.g. role.pep).")]
DeltasOpt = Annotated[Path | None, typer.Option(
    "--ftm-deltas", metavar="DIR", help="FollowTheMoney lists: apply the OpenSanctions delta "
    "files listed in DIR/delta.json, in version order.")]


def _load_all(paths: list[Path], topics: list[str], deltas: Path | None) -> list:
    """Every --list: FollowTheMoney ones with the topics and deltas asked for, the others
    (paths) as `load_lists` reads them."""
    from screening.lists.detect import detect_format
    from screening.lists.ftm import DEFAULT_TOPICS, load_ftm

    out: list = []
    ftm = 0
    for p in paths:
        try:
            is_ftm = p.exists() and detect_format(p) == "ftm"
        except Exception:  # noqa: BLE001 - not ours to judge: the loader reports it
            is_ftm = False
        if is_ftm:
            ftm += 1
            out.append(load_ftm(p, topics=topics or DEFAULT_TOPICS, deltas=deltas))
        else:
            out.append(p)
    if (topics or deltas) and not ftm:
        raise fail("--ftm-topic and --ftm-deltas apply to FollowTheMoney --list files; "
                   "none given")
    return out


@app.command("compile")
def compile_cmd(
    lists: ListOpt = [],  # noqa: B006 - typer needs a list
    no_builtin: NoBuiltinOpt = False,
    output: Annotated[Path, typer.Option("--output", "-o", help="The snapshot file to write.")
                      ] = Path("lists.snap"),
    topics: TopicsOpt = [],  # noqa: B006
    deltas: DeltasOpt = None,
) -> None:
    """Compile the lists (built-in ones unless --no-builtin, and every --list) and their name
    and identifier indexes into one snapshot file; `--list FILE.snap` then loads it fast."""
    from screening.compiled import compile_snapshot

    if no_builtin and not lists:
        raise fail("--no-builtin needs at least one --list file")
    try:
        header = compile_snapshot(_load_all(lists, topics, deltas), output,
                                  builtin=not no_builtin)
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - every loader error is an input problem
        raise fail(f"cannot compile: {exc}") from exc
    listed = ", ".join(f"{d['id']} ({d['entries']:,} entries, {d['version']})"
                       for d in header["lists"])
    typer.echo(f"wrote {output}: {listed}; engine {header['engine']}", err=True)


@app.command("diff")
def diff_cmd(
    old: Annotated[Path, typer.Argument(help="The older version of the list.")],
    new: Annotated[Path, typer.Argument(help="The newer version of the same list.")],
    fmt: Annotated[DiffFmt, typer.Option("--format", "-f", help="table or jsonl.")
                   ] = DiffFmt.table,
) -> None:
    """Entries added, removed (delisted) and changed between two versions of one list, and
    what changed in each (names, identifiers, measures, dates). Exit code 1 when they differ."""
    from screening.lists.diff import diff_lists

    a, b = _load_one(old), _load_one(new)
    if a.id != b.id:
        raise fail(f"{old} is list {a.id!r} and {new} is list {b.id!r}: not two versions of "
                   "one list")
    d = diff_lists(a, b)
    for line in (d.table() if fmt is DiffFmt.table else d.jsonl()):
        typer.echo(line)
    raise typer.Exit(1 if d.entries else 0)


def _load_one(path: Path):  # noqa: ANN202 - WatchList, imported lazily
    from screening.lists import load_list
    from screening.lists.snapshot_file import is_snapshot

    if is_snapshot(path):
        raise fail(f"{path}: a compiled snapshot; give the list file itself")
    try:
        return load_list(path)
    except Exception as exc:  # noqa: BLE001
        raise fail(f"cannot load {path}: {exc}") from exc


@app.command("export")
def export_cmd(
    lists: ListOpt = [],  # noqa: B006
    no_builtin: NoBuiltinOpt = False,
    fmt: Annotated[ExportFmt, typer.Option("--format", "-f", help="ftm (FollowTheMoney JSON "
                                           "lines).")] = ExportFmt.ftm,
    only: Annotated[list[str], typer.Option(
        "--only", metavar="LIST", help="Export only this list id (repeatable).")] = [],  # noqa: B006
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (default: stdout).")] = None,
    topics: TopicsOpt = [],  # noqa: B006
    deltas: DeltasOpt = None,
) -> None:
    """Write the loaded lists (built-in ones unless --no-builtin, and every --list) as
    FollowTheMoney entities: one per party, one Sanction entity per measure."""
    from screening.cli_common import _output
    from screening.lists import builtin_lists, load_lists
    from screening.lists.ftm import write_ftm
    from screening.models import WatchList

    if no_builtin and not lists:
        raise fail("--no-builtin needs at least one --list file")
    try:
        items = _load_all(lists, topics, deltas)
        loaded = (list(builtin_lists()) if not no_builtin else []) + load_lists(
            [p for p in items if not isinstance(p, WatchList)])
        loaded += [wl for wl in items if isinstance(wl, WatchList)]
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001
        raise fail(f"cannot load lists: {exc}") from exc
    if only:
        missing = sorted(set(only) - {wl.id for wl in loaded})
        if missing:
            raise fail(f"--only {', '.join(missing)}: not loaded (loaded: "
                       f"{', '.join(wl.id for wl in loaded)})")
        loaded = [wl for wl in loaded if wl.id in only]
    with _output(output) as out:
        n = write_ftm(loaded, out)
    typer.echo(f"wrote {n:,} FtM entities from {', '.join(wl.id for wl in loaded)}", err=True)


def lookback(file: Path, since: Path, spec: object, opts: object, output: Path | None,
             quiet: bool) -> int:
    """`screen FILE --since-list OLD --list NEW`: only the rows whose screening changed from
    OLD to NEW (see `screening.lookback`); returns the exit code."""
    import dataclasses

    from screening.cli_common import _build, _output
    from screening.compiled import cached_spec
    from screening.lookback import run_lookback, write_lookback

    if opts.fmt not in ("csv", "jsonl"):  # type: ignore[attr-defined]
        raise fail("--since-list writes csv or jsonl")
    old_spec = None
    if len(spec.lists) == 1 and not spec.lists[0].endswith(".snap"):  # type: ignore[attr-defined]
        # OLD with the same other lists: both versions load from the snapshot cache (a file
        # screened before against OLD left OLD's there)
        old_spec = dataclasses.replace(spec, lists=(str(since),))  # type: ignore[type-var]
    try:
        rows, summary = run_lookback(file, lambda: _load_one(since), spec,  # type: ignore[arg-type]
                                     opts,  # type: ignore[arg-type]
                                     build=lambda s: _build(cached_spec(s)), old_spec=old_spec)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    with _output(output) as out:
        write_lookback(rows, out, opts.fmt)  # type: ignore[attr-defined]
    if not quiet:
        typer.echo(summary.text(), err=True)
    return summary.exit_code()


def main(args: list[str]) -> int:
    """Run one of the lifecycle commands; returns the exit code."""
    command = typer.main.get_command(app)
    try:
        rc = command.main(args=args, prog_name="screen lists", standalone_mode=False)
        return rc if isinstance(rc, int) else 0
    except (typer.Exit, click.exceptions.Exit) as exc:
        return exc.exit_code
    except click.exceptions.ClickException as exc:
        exc.show(file=sys.stderr)
        return EXIT_USAGE
