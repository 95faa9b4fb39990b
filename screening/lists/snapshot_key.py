"""This installation's snapshot key: tells the snapshots it wrote itself from any other file.

A snapshot's sha256 proves the file is whole, not who wrote it: anyone can make a file with a
valid checksum. So a snapshot from elsewhere has every list entry validated when it is loaded
(and is refused whole if one does not validate). A snapshot this installation wrote holds
entries it validated before writing them; the writer stamps it with an HMAC of its header
(which holds the body's sha256) under a random key kept in the user's cache directory
(`$XDG_CACHE_HOME/screening/snapshot-key`, readable by the user only; the environment
variable SCREENING_SNAPSHOT_KEY names another file). A snapshot whose stamp verifies under
that key loads its entries lazily, each when first used. Deleting the key only makes every
snapshot load the slower, checked way.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_BYTES = 32
_KEYS: dict[Path, bytes] = {}  # by path: tests and callers may move $XDG_CACHE_HOME


def key_path() -> Path | None:
    """Where the key lives: $SCREENING_SNAPSHOT_KEY if set, else snapshot-key in
    $XDG_CACHE_HOME/screening (~/.cache/screening); None when there is no home directory."""
    if os.environ.get("SCREENING_SNAPSHOT_KEY"):
        return Path(os.environ["SCREENING_SNAPSHOT_KEY"])
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:
        return None
    return Path(base) / "screening" / "snapshot-key"


def _load_key(create: bool) -> bytes | None:
    path = key_path()
    if path is None:
        return None
    try:
        key = path.read_bytes()
        return key if len(key) == KEY_BYTES else None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:  # create it: written aside, then linked into place (another process may race us)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        key = path.read_bytes()
        return key if len(key) == KEY_BYTES else None
    except OSError:
        return None


def _key(create: bool) -> bytes | None:
    path = key_path()
    if path is None:
        return None
    key = _KEYS.get(path)
    if key is not None and path.exists():
        return key
    key = _load_key(create)
    if key is None:
        _KEYS.pop(path, None)
    else:
        _KEYS[path] = key
    return key


def stamp(digest: str) -> str | None:
    """The stamp for a snapshot whose body has sha256 `digest`; None when no key can be kept."""
    key = _key(create=True)
    if key is None:
        return None
    return hmac.new(key, b"screening-snapshot\0" + digest.encode(), hashlib.sha256).hexdigest()


def verified(digest: str, mark: object) -> bool:
    """True if `mark` is this installation's stamp for a body of sha256 `digest`."""
    if not isinstance(mark, str):
        return False
    key = _key(create=False)
    if key is None:
        return False
    want = hmac.new(key, b"screening-snapshot\0" + digest.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, mark)
