"""`screen lists update`: download an official list from its published location, check it,
keep it as a dated snapshot beside the earlier ones, and say what changed.

A download is accepted only when the importer loads it whole and it is not much smaller than the
last accepted snapshot (more than `max_shrink` fewer entries: held back in `pending/` until
`--confirm`, because a truncated or partial official file must never silently delist parties).
Nothing is changed on any failure. Where each source is published is data
(`screening/data/list_sources.toml`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from screening.lists.history import MANIFEST, dated_snapshots, load_snapshot, read_manifest
from screening.models import Entity, WatchList

MAX_BYTES = 4 << 30
"""A download larger than this is refused (no official list comes near it)."""
USER_AGENT = "screening-lists-update (+https://github.com/)"
PENDING = "pending"


class UpdateError(Exception):
    """An update that could not be done; nothing was changed."""


@dataclass(frozen=True)
class Source:
    """Where one official list is published and how its files are read."""

    name: str
    url: str
    format: str
    title: str = ""
    publisher: str = ""
    page: str = ""
    file: str | None = None
    also: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    @property
    def main_file(self) -> str:
        if self.file:
            return self.file
        name = Path(urllib.parse.urlparse(self.url).path).name
        return name or f"{self.name}.data"


def load_sources(path: str | Path | None = None) -> tuple[dict[str, Source], float]:
    """The sources table ((name -> Source), max_shrink): the packaged one or `path`."""
    try:
        if path is None:
            text = resources.files("screening.data").joinpath("list_sources.toml").read_text(
                "utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UpdateError(f"sources table {path or '(built-in)'}: {exc}") from exc
    shrink = float(data.pop("max_shrink", 0.10))
    out = {}
    for name, t in data.items():
        if not isinstance(t, dict) or "url" not in t or "format" not in t:
            raise UpdateError(f"sources table: [{name}] needs url and format")
        out[name] = Source(name=name, url=t["url"], format=t["format"], title=t.get("title", ""),
                           publisher=t.get("publisher", ""), page=t.get("page", ""),
                           file=t.get("file"), also=tuple(t.get("also", ())),
                           optional=tuple(t.get("optional", ())))
    return out, shrink


def download(url: str, dest: Path, timeout: float = 120.0) -> str:
    """Fetch `url` into `dest`; the sha256 of the bytes. UpdateError on any failure."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    h = hashlib.sha256()
    size = 0
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp, dest.open("wb") as f:  # noqa: S310
            while True:
                block = resp.read(1 << 20)
                if not block:
                    break
                size += len(block)
                if size > MAX_BYTES:
                    raise UpdateError(f"{url}: larger than {MAX_BYTES:,} bytes; refused")
                h.update(block)
                f.write(block)
    except urllib.error.HTTPError as exc:
        raise UpdateError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UpdateError(f"{url}: cannot download ({reason})") from exc
    if size == 0:
        raise UpdateError(f"{url}: the server sent an empty file")
    return h.hexdigest()


@dataclass
class Diff:
    """What changed between two versions of a list, by entity id."""

    added: list[Entity] = field(default_factory=list)
    removed: list[Entity] = field(default_factory=list)
    changed: list[tuple[Entity, Entity]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _essence(e: Entity) -> tuple:
    return (e.kind, sorted((n.value, str(n.strength)) for n in e.names),
            sorted((str(i.type), i.value) for i in e.identifiers),
            sorted(b.model_dump_json() for b in e.birth_dates))


def diff_lists(old: WatchList | None, new: WatchList) -> Diff:
    """Entries added, removed, and changed (names, identifiers, kind or birth dates)."""
    if old is None:
        return Diff(added=list(new.entities))
    before = {e.id: e for e in old.entities}
    after = {e.id: e for e in new.entities}
    return Diff(added=[e for i, e in after.items() if i not in before],
                removed=[e for i, e in before.items() if i not in after],
                changed=[(before[i], e) for i, e in after.items()
                         if i in before and _essence(before[i]) != _essence(e)])


@dataclass
class UpdateResult:
    source: str
    status: str  # added, updated, unchanged, held, confirmed
    date: dt.date
    entries: int
    snapshot: Path | None
    previous: tuple[dt.date, int] | None = None
    diff: Diff = field(default_factory=Diff)
    message: str = ""


def _fetch_set(src: Source, url: str, into: Path) -> dict[str, str]:
    """Download the main file and its companions into `into`; {file name: sha256}."""
    sums = {src.main_file: download(url, into / src.main_file)}
    for name in (*src.also, *src.optional):
        try:
            sums[name] = download(urllib.parse.urljoin(url, name), into / name)
        except UpdateError as exc:
            if name in src.optional and "HTTP 404" in str(exc):
                continue
            raise
    return sums


def _check(src: Source, snapshot: Path) -> WatchList:
    from screening.lists import FORMATS

    if src.format not in FORMATS:
        raise UpdateError(f"{src.name}: this version has no importer for the {src.format!r} "
                          f"format (it reads {', '.join(FORMATS)}); nothing was changed")
    try:
        wl = load_snapshot(snapshot)
    except Exception as exc:  # noqa: BLE001 - any importer failure means: do not accept it
        raise UpdateError(f"{src.name}: the downloaded file does not load, nothing was changed: "
                          f"{exc}") from exc
    if not wl.entities:
        raise UpdateError(f"{src.name}: the downloaded list has no entries; refused")
    return wl


def update(src: Source, root: Path, *, url: str | None = None, on: dt.date | None = None,
           max_shrink: float = 0.10) -> UpdateResult:
    """Download `src` into `root/<source>/<date>/` if it loads and did not shrink too much
    (else into `root/<source>/pending/<date>/`, status `held`)."""
    on = on or dt.datetime.now(dt.UTC).date()
    url = url or src.url
    home = root / src.name
    home.mkdir(parents=True, exist_ok=True)
    snaps = dated_snapshots(home)
    tmp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=home))
    try:
        sums = _fetch_set(src, url, tmp)
        _write_manifest(tmp, src, url, sums, on)
        new = _check(src, tmp)
        _write_manifest(tmp, src, url, sums, on, len(new.entities))
        prev = snaps[-1] if snaps else None
        if prev and read_manifest(prev[1]).get("files") == sums:
            return UpdateResult(src.name, "unchanged", on, len(new.entities), prev[1],
                                (prev[0], len(new.entities)),
                                message=f"same content as the {prev[0]} snapshot")
        old = load_snapshot(prev[1]) if prev else None
        result = UpdateResult(src.name, "updated" if prev else "added", on, len(new.entities),
                              None, (prev[0], len(old.entities)) if prev and old else None,
                              diff_lists(old, new))
        if old is not None and len(new.entities) < len(old.entities) * (1 - max_shrink):
            dest = home / PENDING / on.isoformat()
            result.status = "held"
            result.message = (f"held back: {len(new.entities):,} entries against "
                              f"{len(old.entities):,} in the {prev[0]} snapshot (more than "
                              f"{max_shrink:.0%} fewer); check {dest}, then accept it with "
                              "--confirm")
        else:
            dest = home / on.isoformat()
        _move(tmp, dest)
        result.snapshot = dest
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def confirm(src: Source, root: Path) -> UpdateResult:
    """Accept the newest held-back snapshot of `src`."""
    pending = dated_snapshots(root / src.name / PENDING)
    if not pending:
        raise UpdateError(f"{src.name}: nothing held back to confirm")
    date, path = pending[-1]
    prev = dated_snapshots(root / src.name)
    old = load_snapshot(prev[-1][1]) if prev else None
    new = load_snapshot(path)
    dest = root / src.name / date.isoformat()
    _move(path, dest)
    return UpdateResult(src.name, "confirmed", date, len(new.entities), dest,
                        (prev[-1][0], len(old.entities)) if prev and old else None,
                        diff_lists(old, new), message="accepted the held-back snapshot")


def _move(src: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    src.rename(dest)


def _write_manifest(where: Path, src: Source, url: str, sums: dict[str, str], on: dt.date,
                    entries: int | None = None) -> None:
    (where / MANIFEST).write_text(json.dumps({
        "source": src.name, "format": src.format, "file": src.main_file, "url": url,
        "title": src.title, "publisher": src.publisher, "date": on.isoformat(),
        "downloaded": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files": sums, "entries": entries}, indent=2), encoding="utf-8")


def report(r: UpdateResult, show: int = 10) -> list[str]:
    """What an update did, in words."""
    was = f" (was {r.previous[1]:,} on {r.previous[0]})" if r.previous else ""
    lines = [f"{r.source}: {r.status}: {r.entries:,} entries on {r.date}{was}"
             + (f"; {r.message}" if r.message else "")]
    if r.snapshot is not None and r.status != "unchanged":
        lines.append(f"  snapshot: {r.snapshot}")
    if r.status == "unchanged":
        return lines
    d = r.diff
    lines.append(f"  {len(d.added):,} added, {len(d.removed):,} removed, "
                 f"{len(d.changed):,} changed")
    for label, items in (("+", d.added), ("-", d.removed)):
        for e in items[:show]:
            lines.append(f"  {label} {e.id}  {e.primary_name} ({e.kind})")
        if len(items) > show:
            lines.append(f"  {label} ... and {len(items) - show:,} more")
    for old, new in d.changed[:show]:
        lines.append(f"  ~ {new.id}  {new.primary_name}: {_what_changed(old, new)}")
    if len(d.changed) > show:
        lines.append(f"  ~ ... and {len(d.changed) - show:,} more")
    return lines


def _what_changed(old: Entity, new: Entity) -> str:
    parts = []
    a, b = {n.value for n in old.names}, {n.value for n in new.names}
    if a != b:
        parts += [f"name added {n!r}" for n in sorted(b - a)]
        parts += [f"name removed {n!r}" for n in sorted(a - b)]
    if {i.value for i in old.identifiers} != {i.value for i in new.identifiers}:
        parts.append("identifiers changed")
    if old.kind != new.kind:
        parts.append(f"kind {old.kind} -> {new.kind}")
    if old.birth_dates != new.birth_dates:
        parts.append("birth dates changed")
    return "; ".join(parts) or "details changed"
