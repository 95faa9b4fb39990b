"""`screen lists`: the loaded lists, one list's entries (paged), one entry in full, a search by
name (registered in `screening.cli`); and `screen lists update`, which fetches official lists
from their published locations (registered with the other lifecycle commands in
`screening.cli_lists`)."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from unidecode import unidecode

from screening.models import Entity, WatchList

LISTS_EPILOG = """Examples:

\b
  screen lists                                   the loaded lists
  screen lists --show jp-2022                    that list's entries, 50 a page (--page 2)
  screen lists --show jp-2022-vtb                one entry in full
  screen lists --search rossiya                  entries whose names contain the text
  screen lists update --source ofac --dir lists.d    fetch, check, keep a dated snapshot
  screen FILE --list lists.d                     screen against the kept lists and their history

Also: screen lists update (fetch official lists), compile (a snapshot that loads fast),
diff OLD NEW, export --format ftm; each has --help."""


class TextFmt(StrEnum):
    text = "text"
    json = "json"


def _fail(msg: str, code: int = 2) -> typer.Exit:
    typer.echo(f"screen: error: {msg}", err=True)
    return typer.Exit(code)


def _load(lists: list[Path], no_builtin: bool) -> list[WatchList]:
    from screening.lists import builtin_lists, load_lists

    if no_builtin and not lists:
        raise _fail("--no-builtin needs at least one --list file")
    for p in lists:
        if not p.exists():
            raise _fail(f"{p}: no such file")
    try:
        return (list(builtin_lists()) if not no_builtin else []) + load_lists(lists)
    except Exception as exc:  # noqa: BLE001 - list loaders raise many kinds; all are input
        raise _fail(f"cannot load lists: {exc}") from exc


def _fold(text: str) -> str:
    return " ".join(unidecode(text).casefold().split())


def lists_browse(
    lists: Annotated[list[Path], typer.Option(
        "--list", metavar="PATH", help="Add a watchlist file or snapshot directory "
        "(repeatable).")] = [],  # noqa: B006 - typer needs a list
    no_builtin: Annotated[bool, typer.Option(
        "--no-builtin", help="Do not load the built-in lists.")] = False,
    show: Annotated[str | None, typer.Option(
        "--show", metavar="ID", help="A list id: its entries, a page at a time; an entry id "
        "(or LIST:ID): that entry in full.")] = None,
    search: Annotated[str | None, typer.Option(
        "--search", metavar="TEXT", help="Entries with a name containing TEXT (any case, "
        "accents and script folded: 'rossiya' finds РОССИЯ).")] = None,
    page: Annotated[int, typer.Option("--page", min=1, help="Page of --show/--search.")] = 1,
    page_size: Annotated[int, typer.Option("--page-size", min=1, help="Entries a page.")] = 50,
    fmt: Annotated[TextFmt, typer.Option("--format", "-f")] = TextFmt.text,
) -> None:
    """List the loaded watchlists (id, authority, entries, date, version), show one list's
    entries or one entry, or search entries by name."""
    loaded = _load(lists, no_builtin)
    if search:
        q = _fold(search)
        found = [e for wl in loaded if not show or wl.id == show for e in wl.entities
                 if any(q in _fold(n.value) for n in e.names)]
        _entries(found, f"entries matching {search!r}", page, page_size, fmt)
        return
    if show:
        wl = next((w for w in loaded if w.id == show), None)
        if wl is not None:
            _entries(list(wl.entities), f"{wl.id} ({wl.authority}, version {wl.version})",
                     page, page_size, fmt)
        else:
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


def _entries(items: list[Entity], title: str, page: int, size: int, fmt: TextFmt) -> None:
    pages = max(1, -(-len(items) // size))
    if page > pages:
        raise _fail(f"--page {page}: there are {pages} page(s) of {size}")
    chunk = items[(page - 1) * size: page * size]
    if fmt is TextFmt.json:
        typer.echo(json.dumps({"title": title, "total": len(items), "page": page,
                               "pages": pages, "entries": [{
                                   "list_id": e.list_id, "id": e.id, "kind": str(e.kind),
                                   "name": e.primary_name,
                                   "names": [n.value for n in e.names],
                                   "measures": [m.type.value for m in e.measures]}
                                   for e in chunk]}, indent=2, ensure_ascii=False))
        return
    noun = "entry" if len(items) == 1 else "entries"
    typer.echo(f"{title}: {len(items):,} {noun}, page {page} of {pages}")
    width = max((len(f"{e.list_id}:{e.id}") for e in chunk), default=0)
    for e in chunk:
        measures = ", ".join(sorted({m.type.value for m in e.measures})) or "no measure"
        typer.echo(f"  {f'{e.list_id}:{e.id}'.ljust(width)}  {e.primary_name} ({e.kind}; "
                   f"{measures})")
    if page < pages:
        typer.echo(f"  ... next: --page {page + 1}")


def _show_entry(loaded: list[WatchList], ident: str, fmt: TextFmt) -> None:
    list_id, _, eid = ident.rpartition(":") if ":" in ident else ("", "", ident)
    found = [e for wl in loaded if not list_id or wl.id == list_id
             for e in wl.entities if e.id == eid]
    if not found and not list_id:  # ids may themselves contain ':'
        found = [e for wl in loaded for e in wl.entities if e.id == ident]
    if not found:
        raise _fail(f"no list or entry {ident!r} in the loaded lists (lists: "
                    f"{', '.join(wl.id for wl in loaded)})")
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


UPDATE_HELP = """Exit codes: 0 = updated or unchanged; 1 = a download was held back for
confirmation (it has much fewer entries than the last snapshot); 2 = the download or its check
failed, nothing was changed."""


def update_cmd(
    source: Annotated[list[str], typer.Option(
        "--source", metavar="NAME", help="ofac, un, eu, uk or opensanctions (repeatable; the "
        "names of the sources table).")],
    directory: Annotated[Path, typer.Option(
        "--dir", metavar="DIR", help="Where the dated snapshots are kept (DIR/<source>/"
        "<date>/); screen FILE --list DIR reads them.")],
    url: Annotated[str | None, typer.Option(
        "--url", help="Download from this URL instead of the published location (one "
        "--source only; companion files are fetched beside it).")] = None,
    sources_file: Annotated[Path | None, typer.Option(
        "--sources", metavar="FILE", help="A sources table (TOML) instead of the built-in "
        "one.")] = None,
    confirm: Annotated[bool, typer.Option(
        "--confirm", help="Accept the snapshot held back by the last update.")] = False,
    max_shrink: Annotated[float | None, typer.Option(
        "--max-shrink", metavar="SHARE", help="Hold back a download with more than this share "
        "fewer entries than the last snapshot (default from the sources table, 0.10).")
    ] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", help="Date the snapshot is filed under (default: "
        "today, UTC).")] = None,
) -> None:
    """Download official lists from their published locations, check that they load and did
    not shrink suspiciously, keep them as dated snapshots side by side, and print what
    changed."""
    from screening.lists.update import UpdateError, load_sources, report
    from screening.lists.update import confirm as confirm_held
    from screening.lists.update import update as run_update

    try:
        table, shrink = load_sources(sources_file)
    except UpdateError as exc:
        raise _fail(str(exc)) from exc
    unknown = [s for s in source if s not in table]
    if unknown:
        raise _fail(f"--source {', '.join(unknown)}: not in the sources table "
                    f"({', '.join(table)})")
    if url and len(source) != 1:
        raise _fail("--url needs exactly one --source")
    try:
        on = dt.date.fromisoformat(date) if date else None
    except ValueError as exc:
        raise _fail(f"--date {date!r}: write yyyy-mm-dd") from exc
    code = 0
    for name in source:
        try:
            if confirm:
                result = confirm_held(table[name], directory)
            else:
                result = run_update(table[name], directory, url=url, on=on,
                                    max_shrink=shrink if max_shrink is None else max_shrink)
        except UpdateError as exc:
            typer.echo(f"screen: error: {exc}", err=True)
            code = max(code, 2)
            continue
        typer.echo("\n".join(report(result)))
        if result.status == "held":
            code = max(code, 1)
    raise typer.Exit(code)

