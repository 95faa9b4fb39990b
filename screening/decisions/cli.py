"""`screen decisions ...`: import reviewed results, approve, revoke, list and export decisions."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from screening.decisions.apply import DecisionSet
from screening.decisions.model import DecisionError
from screening.decisions.store import EXPORT_FIELDS, DecisionStore

app = typer.Typer(help="Analysts' decisions on alerts: an append-only SQLite file. A "
                  "false_positive decision suppresses its hit in `screen FILE --decisions DB` "
                  "until the list entry or the party value changes, or it expires.",
                  no_args_is_help=True, rich_markup_mode=None)

DbOpt = Annotated[Path, typer.Option("--db", metavar="PATH", help="The decisions file "
                                     "(SQLite; created by the first import).")]
AnalystOpt = Annotated[str, typer.Option("--analyst", metavar="NAME",
                                         help="Who is doing this (recorded).")]


class ExportFmt(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def _fail(msg: str) -> typer.Exit:
    typer.echo(f"screen: error: {msg}", err=True)
    return typer.Exit(2)


def _cell(v: object) -> str:
    """A CSV cell; one a spreadsheet would run as a formula gets a leading single quote."""
    s = "" if v is None else str(v)
    return "'" + s if s.startswith(("=", "+", "-", "@", "\t", "\r")) else s


def _open(db: Path, create: bool = False) -> DecisionStore:
    try:
        return DecisionStore(db, create=create)
    except DecisionError as exc:
        raise _fail(str(exc)) from exc


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(metavar="REVIEWED.csv", help="CSV results of "
                                         "`screen FILE` with review_outcome, review_reason "
                                         "and reviewer filled in.")],
    db: DbOpt,
    lists: Annotated[list[Path], typer.Option(
        "--list", metavar="PATH", help="The same --list files the results were screened "
        "with (repeatable); hits are checked against them.")] = [],  # noqa: B006
    no_builtin: Annotated[bool, typer.Option("--no-builtin",
                                             help="Do not load the built-in lists.")] = False,
) -> None:
    """Record the decisions of a reviewed results file: one per hit of each reviewed row.

    All or nothing: a row that cannot be taken (unknown outcome, missing reviewer or reason, a
    hit no longer in the lists or changed since screening) is reported by row and nothing is
    recorded. Importing the same file again records nothing new."""
    from screening.decisions.review import import_reviewed
    from screening.lists import builtin_lists, load_lists

    if not file.is_file():
        raise _fail(f"{file}: no such file")
    if no_builtin and not lists:
        raise _fail("--no-builtin needs at least one --list file")
    try:
        loaded = (list(builtin_lists()) if not no_builtin else []) + load_lists(lists)
    except Exception as exc:  # noqa: BLE001 - list loaders raise many kinds; all are input
        raise _fail(f"cannot load lists: {exc}") from exc
    store = _open(db, create=True)
    try:
        rep = import_reviewed(file, store, loaded)
    except DecisionError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    typer.echo(f"{file}: {rep.reviewed_rows} reviewed row(s) of {rep.rows}; recorded "
               f"{len(rep.recorded)} decision(s), {len(rep.skipped)} already recorded")
    for d in rep.recorded:
        typer.echo(f"  {d.id} {d.outcome.value} {d.field}={d.value!r} ~ {d.list_id}:"
                   f"{d.entity_id} by {d.analyst}")


@app.command("init")
def init_cmd(
    db: DbOpt,
    require_approval: Annotated[bool, typer.Option(
        "--require-approval", help="Make four-eyes approval the rule for this store, for every "
        "screening that uses it (cannot be undone).")] = False,
    analyst: Annotated[str, typer.Option("--analyst", metavar="NAME",
                                         help="Who sets the rule (recorded).")] = "",
) -> None:
    """Create a decisions file (import also does), optionally requiring four-eyes approval."""
    if require_approval and not analyst.strip():
        raise _fail("--require-approval needs --analyst NAME (who set the rule is recorded)")
    with _open(db, create=True) as store:
        if require_approval:
            store.require_approval(analyst)
        typer.echo(f"{db}: {store.policy()}")


@app.command("approve")
def approve_cmd(
    decision_id: Annotated[str, typer.Argument(metavar="ID", help="Decision id, e.g. D12.")],
    db: DbOpt,
    analyst: AnalystOpt,
    reason: Annotated[str, typer.Option("--reason", help="Optional comment.")] = "",
) -> None:
    """Approve a decision as the second analyst (four-eyes: not the one who decided)."""
    with _open(db) as store:
        try:
            d = store.approve(decision_id, analyst, reason, source="cli")
        except DecisionError as exc:
            raise _fail(str(exc)) from exc
    typer.echo(f"{d.id} approved by {analyst} ({d.outcome.value} by {d.analyst})")


@app.command("revoke")
def revoke_cmd(
    decision_id: Annotated[str, typer.Argument(metavar="ID", help="Decision id, e.g. D12.")],
    db: DbOpt,
    analyst: AnalystOpt,
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")],
) -> None:
    """Withdraw a decision: recorded as a new event, the decision stays in the history."""
    with _open(db) as store:
        try:
            d = store.revoke(decision_id, analyst, reason, source="cli")
        except DecisionError as exc:
            raise _fail(str(exc)) from exc
    typer.echo(f"{d.id} {d.revoked}")


@app.command("list")
def list_cmd(
    db: DbOpt,
    all_: Annotated[bool, typer.Option("--all", help="Also revoked decisions.")] = False,
    require_approval: Annotated[bool, typer.Option(
        "--require-approval", help="Mark decisions without a second analyst's approval as "
        "pending.")] = False,
) -> None:
    """The decisions recorded, newest last, with their status."""
    with _open(db) as store:
        decisions = store.decisions()
        require_approval = require_approval or store.requires_approval
    today = DecisionSet([], require_approval).today
    for d in decisions:
        if d.revoked:
            if not all_:
                continue
            status = d.revoked
        elif d.expires and today >= d.expires:
            status = f"expired {d.expires}"
        elif require_approval and not any(a.casefold() != d.analyst.casefold()
                                          for a in d.approved_by):
            status = "pending approval"
        else:
            status = "in force" + (f" until {d.expires}" if d.expires else "")
        approved = f"; approved by {', '.join(d.approved_by)}" if d.approved_by else ""
        typer.echo(f"{d.id}  {d.outcome.value:<14} {d.field}={d.value!r} ~ {d.list_id}:"
                   f"{d.entity_id} ({d.entity_name})  by {d.analyst} {d.at[:10]}: "
                   f"{d.reason!r}  [{status}{approved}]")


@app.command("export")
def export_cmd(
    db: DbOpt,
    fmt: Annotated[ExportFmt, typer.Option("--format", "-f")] = ExportFmt.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="File (default: stdout).")] = None,
) -> None:
    """The full history (every decision, approval and revocation, in order)."""
    with _open(db) as store:
        events = list(store.events())
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt is ExportFmt.jsonl:
            for e in events:
                e = dict(e, entry=json.loads(e["entry"]) if e["entry"] else None)
                out.write(json.dumps(e, ensure_ascii=False) + "\n")
        else:
            w = csv.writer(out, lineterminator="\n")
            w.writerow(EXPORT_FIELDS)
            for e in events:
                w.writerow([_cell(e[k]) for k in EXPORT_FIELDS])
    finally:
        if output:
            out.close()
        else:
            out.flush()
