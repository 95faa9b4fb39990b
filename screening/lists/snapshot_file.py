"""Compiled list snapshots: the loaded lists and their compiled name and identifier indexes in
one checked file, so a Screener starts without parsing list files or building indexes.

File layout (no pickle, nothing in it is executed):

    SCREENING-SNAPSHOT\\n
    <header: one line of JSON>\\n
    <body: lists JSON | entries JSON | index JSON | binary arrays>

The header holds the format version, the engine that wrote it (package version plus a
fingerprint of the code and data that shape the indexes), the lists (id, version, entries),
whether the built-in lists are included, the source files' hashes, the body's segment lengths,
the sha256 of the body and this installation's stamp (see snapshot_key). The lists are stored
without their entries; the entries as one JSON array of objects, each found by its offset, so
that they are made when first used. A file that is truncated, corrupt, foreign, of another
format version or made by another engine is refused whole with the reason (`SnapshotError`);
a file this installation did not stamp also has every entry validated at load.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from screening.lists import snapshot_key
from screening.lists.errors import ListError
from screening.lists.snapshot_entities import DeferredLists, EntityStore
from screening.lists.state_codec import Encoder, StateError
from screening.lists.state_decode import Decoding
from screening.models import Entity, WatchList
from screening.names import NameIndex
from screening.names.identifiers import IdentifierIndex

MAGIC = b"SCREENING-SNAPSHOT\n"
FORMAT = 2
MAX_HEADER = 1 << 20
SUFFIX = ".snap"
_LISTS = TypeAdapter(list[WatchList])


class SnapshotError(ListError):
    """A snapshot file was refused (the message says why); nothing of it was loaded."""


@dataclass(frozen=True)
class Snapshot:
    """A loaded snapshot: the lists (entries made when first used), their compiled indexes,
    and the header."""

    deferred: DeferredLists
    index: NameIndex
    identifiers: IdentifierIndex
    header: dict[str, Any]
    trusted: bool = False
    """True if this installation wrote the file (its entries are then made when first used,
    not all validated at load)."""

    @property
    def lists(self) -> tuple[WatchList, ...]:
        """The full lists (every entry made now)."""
        return self.deferred.materialize()

    @property
    def builtin_ids(self) -> tuple[str, ...]:
        return tuple(self.header.get("builtin_ids", ()))


# -- identity of the engine and the built-in lists -----------------------------------------------

_ENGINE: str | None = None
_CODE: str | None = None


def code_fingerprint() -> str:
    """sha256 (12 hex) of the code and data files that shape compiled indexes."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256()
        root = resources.files("screening")
        for sub in ("names", "data", "lists"):
            for f in sorted(root.joinpath(sub).iterdir(), key=lambda p: p.name):
                if f.is_file() and f.name.endswith((".py", ".toml", ".txt", ".json", ".tsv")):
                    h.update(f.name.encode() + b"\0" + f.read_bytes())
        h.update(root.joinpath("models.py").read_bytes())
        _CODE = h.hexdigest()[:12]
    return _CODE


def engine_id() -> str:
    """Package version + the code fingerprint (`code_fingerprint`): a snapshot is only loaded
    by an engine of the same code fingerprint (the version is for people to read; reading it
    costs an import of importlib.metadata, so loading compares the fingerprint alone)."""
    global _ENGINE
    if _ENGINE is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            ver = version("screening")
        except PackageNotFoundError:
            ver = "0"
        _ENGINE = f"{ver}+{code_fingerprint()}"
    return _ENGINE


def _same_engine(engine: object) -> bool:
    return isinstance(engine, str) and engine.rpartition("+")[2] == code_fingerprint()


def builtin_fingerprint() -> str:
    """sha256 (16 hex) of the built-in list files, to tell a stale snapshot of them."""
    from screening.lists import builtin

    h = hashlib.sha256()
    where = getattr(builtin, "BUILTIN_DIR", None)
    if where is not None and hasattr(where, "iterdir"):  # a Path or a resources Traversable
        for f in sorted(where.iterdir(), key=lambda f: f.name):
            if f.name.endswith(".toml"):
                h.update(f.name.encode() + b"\0" + f.read_bytes())
    else:  # the files cannot be listed: their versions (content hashes) say the same
        h.update(";".join(str(wl.version) for wl in builtin.builtin_lists()).encode())
    return h.hexdigest()[:16]


def is_snapshot(path: str | Path) -> bool:
    """True if `path` is a file starting with the snapshot magic line."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


# -- writing -------------------------------------------------------------------------------------

def write_snapshot(path: str | Path, lists: Sequence[WatchList], index: NameIndex,
                   identifiers: IdentifierIndex, *, builtin_ids: Sequence[str] = (),
                   sources: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """Write `lists` and the indexes compiled from exactly their entities to `path` (via a
    temporary file renamed into place). Returns the header."""
    entities: list[Entity] = [e for wl in lists for e in wl.entities]
    enc = Encoder({id(e): i for i, e in enumerate(entities)})
    dumps = [e.__pydantic_serializer__.to_json(e, exclude_defaults=True) for e in entities]
    starts = list(accumulate((len(d) + 1 for d in dumps[:-1]), initial=1)) if dumps else []
    try:
        state = {"entities": {"at": enc._pack(starts, "i"),
                              "len": enc._pack([len(d) for d in dumps], "i")},
                 "index": enc.encode_object(index, "NameIndex"),
                 "identifiers": enc.encode_object(identifiers, "IdentifierIndex")}
    except StateError as exc:
        raise SnapshotError(f"cannot compile a snapshot: {exc}") from None
    heads = [wl.model_copy(update={"entities": ()}) for wl in lists]
    lists_json = _LISTS.dump_json(heads, exclude_defaults=True)
    entities_json = b"[" + b",".join(dumps) + b"]"
    state_json = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
    blob = b"".join(enc.blobs)
    body = lists_json + entities_json + state_json + blob
    header = {
        "format": FORMAT, "engine": engine_id(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "lists": [{"id": wl.id, "version": str(wl.version), "entries": len(wl.entities)}
                  for wl in lists],
        "builtin_ids": list(builtin_ids),
        "builtin_fingerprint": builtin_fingerprint() if builtin_ids else None,
        "sources": list(sources),
        "segments": [len(lists_json), len(entities_json), len(state_json), len(blob)],
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    mark = snapshot_key.stamp(_canonical(header))
    if mark is not None:
        header["stamp"] = mark
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(MAGIC)
            f.write(json.dumps(header, ensure_ascii=False).encode() + b"\n")
            f.write(body)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return header


# -- reading -------------------------------------------------------------------------------------

_CHECKED: dict[tuple, tuple[dict[str, Any], bytes]] = {}
"""The last file `read_header` checked, by path, inode, size and modification time: the CLI
checks its cached snapshot and then loads it, and need not read and hash it twice."""


def read_header(path: str | Path) -> tuple[dict[str, Any], bytes]:
    """The header of a snapshot file and its body bytes (checked against the header's length
    and checksum); SnapshotError when the file is not a whole snapshot of this format."""
    path = Path(path)
    try:
        st = path.stat()
        key: tuple | None = (str(path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns,
                             code_fingerprint(), builtin_fingerprint())
    except OSError:
        key = None
    if key in _CHECKED:
        return _CHECKED[key]
    checked = _read_header(path)
    _CHECKED.clear()
    if key is not None:
        _CHECKED[key] = checked
    return checked


def _read_header(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data.startswith(MAGIC):
        raise SnapshotError(f"{path}: not a screening snapshot (no SCREENING-SNAPSHOT line)")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise SnapshotError(f"{path}: snapshot header is truncated or damaged")
    try:
        header = json.loads(data[len(MAGIC):end])
        if not isinstance(header, dict):
            raise ValueError
        fmt, segments, digest = header["format"], header["segments"], header["sha256"]
    except (ValueError, KeyError, TypeError):
        raise SnapshotError(f"{path}: snapshot header is damaged") from None
    if fmt != FORMAT:
        raise SnapshotError(f"{path}: snapshot format {fmt!r}; this engine reads format "
                            f"{FORMAT}: compile it again with `screen lists compile`")
    engine = header.get("engine")
    if not _same_engine(engine):
        raise SnapshotError(
            f"{path}: compiled by engine {engine}, this is engine {engine_id()}; compile it "
            "again with `screen lists compile` (or load the source list files)")
    body = data[end + 1:]
    if (not isinstance(segments, list) or len(segments) != 4
            or not all(isinstance(n, int) and n >= 0 for n in segments)):
        raise SnapshotError(f"{path}: snapshot header is damaged")
    if len(body) != sum(segments):
        raise SnapshotError(f"{path}: snapshot is truncated or has extra bytes "
                            f"({len(body):,} body bytes, header says {sum(segments):,})")
    if hashlib.sha256(body).hexdigest() != digest:
        raise SnapshotError(f"{path}: snapshot checksum mismatch (the file is corrupt)")
    if header.get("builtin_ids") and header.get("builtin_fingerprint") != builtin_fingerprint():
        raise SnapshotError(f"{path}: the built-in lists changed since this snapshot was "
                            "compiled; compile it again with `screen lists compile`")
    return header, body


def _canonical(header: dict[str, Any]) -> str:
    """The header as stamped: everything but the stamp, in one spelling."""
    return json.dumps({k: v for k, v in header.items() if k != "stamp"}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"))


def read_snapshot(path: str | Path) -> Snapshot:
    """Load a snapshot file whole, or raise SnapshotError saying why it is refused."""
    header, body = read_header(path)
    trusted = snapshot_key.verified(_canonical(header), header.get("stamp"))
    n_lists, n_ents, n_state, _ = header["segments"]
    view = memoryview(body)
    enabled = gc.isenabled()
    # As in NameIndex.build: many long-lived objects and no cycles; the cyclic collector would
    # walk them again and again.
    gc.disable()
    try:
        try:
            heads = tuple(_LISTS.validate_json(bytes(view[:n_lists])))
        except ValidationError as exc:
            raise SnapshotError(f"{path}: snapshot lists do not validate: "
                                f"{str(exc).splitlines()[0]}") from None
        declared = header["lists"]
        try:
            counts = [d["entries"] for d in declared]
            if ([(wl.id, str(wl.version), bool(wl.entities)) for wl in heads]
                    != [(d["id"], d["version"], False) for d in declared]
                    or not all(type(n) is int and n >= 0 for n in counts)):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise SnapshotError(f"{path}: snapshot lists do not match its header") from None
        ents = bytes(view[n_lists:n_lists + n_ents])
        try:
            state = json.loads(bytes(view[n_lists + n_ents:n_lists + n_ents + n_state]))
            dec = Decoding(view[n_lists + n_ents + n_state:], ())
            where = dec._many("i")
            starts, lens = where(state["entities"]["at"]), where(state["entities"]["len"])
            if not (len(starts) == len(lens) == sum(counts)) or (starts and (
                    min(starts) < 0 or min(lens) < 0
                    or max(a + n for a, n in zip(starts, lens, strict=True)) > len(ents))):
                raise StateError("the stored entries do not fit the lists")
            store = EntityStore(str(path), ents, starts, lens)
            if not trusted:
                _validate_entries(path, store, ents, heads, counts)
            dec = Decoding(view[n_lists + n_ents + n_state:], store)
            index = dec.decode_object(NameIndex, state["index"])
            identifiers = dec.decode_object(IdentifierIndex, state["identifiers"])
        except (StateError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise SnapshotError(f"{path}: snapshot indexes are damaged ({exc})") from None
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return Snapshot(DeferredLists(heads, counts, store), index, identifiers,
                    header, trusted)


def _validate_entries(path: str | Path, store: EntityStore, ents: bytes,
                      heads: Sequence[WatchList], counts: Sequence[int]) -> None:
    """Every entry of a snapshot from elsewhere, validated now (SnapshotError if one fails,
    or if an entry is filed under another list than its own)."""
    try:
        store.validate_all(ents)
    except ValidationError as exc:
        raise SnapshotError(f"{path}: snapshot lists do not validate: "
                            f"{str(exc).splitlines()[0]}") from None
    at = 0
    for wl, n in zip(heads, counts, strict=True):
        if any(e.list_id not in ("", wl.id) for e in store[at:at + n]):
            raise SnapshotError(f"{path}: snapshot lists do not match its header")
        at += n


def source_hashes(paths: Sequence[str | Path]) -> list[dict[str, str]]:
    """(path, sha256) of each list file (every file of a directory, by name)."""
    out = []
    for p in paths:
        p = Path(p)
        files = sorted(f for f in p.iterdir() if f.is_file()) if p.is_dir() else [p]
        h = hashlib.sha256()
        for f in files:
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        out.append({"path": str(p), "sha256": h.hexdigest()})
    return out
