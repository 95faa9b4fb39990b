"""API keys: stored as sha256 hashes, each with an id (what the audit log records) and a role.

Keys file (TOML), one table per key; `screen keys new` prints a new key and its table:

    [[key]]
    id = "payments-gateway"
    role = "screen"          # screen: screening endpoints; admin: also reload and audit export
    sha256 = "9f86d081..."   # sha256 of the key, hex

Or the environment variable SCREEN_API_KEYS: `id:role:sha256hex` entries separated by commas.
A key is sent as `Authorization: Bearer KEY`, `Authorization: ApiKey KEY` (what yente clients
send) or `X-API-Key: KEY`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

ENV_VAR = "SCREEN_API_KEYS"
KEY_PREFIX = "sk_"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class Role(StrEnum):
    screen = "screen"
    admin = "admin"

    def allows(self, needed: Role) -> bool:
        """admin may do everything screen may."""
        return self is Role.admin or self is needed


class KeyError_(ValueError):
    """A keys file or SCREEN_API_KEYS value that cannot be used."""


@dataclass(frozen=True)
class ApiKey:
    id: str
    role: Role
    sha256: str


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A new random key (256 bits)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def make_key(key_id: object, role: object, digest: object, where: str) -> ApiKey:
    if not isinstance(key_id, str) or not _ID.match(key_id):
        raise KeyError_(f"{where}: id {key_id!r} must be 1-64 letters, digits or ._@-")
    try:
        r = Role(str(role))
    except ValueError:
        raise KeyError_(f"{where} ({key_id}): role {role!r} is not screen or admin") from None
    d = str(digest).lower()
    if not _HEX64.match(d):
        raise KeyError_(f"{where} ({key_id}): sha256 must be 64 hex digits (the hash of the "
                        "key, not the key itself)")
    return ApiKey(key_id, r, d)


def parse_keys_file(path: str | Path) -> list[ApiKey]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KeyError_(f"{path}: cannot read the keys file: {exc}") from None
    extra = sorted(set(data) - {"key"})
    if extra:
        raise KeyError_(f"{path}: unknown top-level key(s) {', '.join(extra)} "
                        "(a keys file holds [[key]] tables)")
    tables = data.get("key", [])
    if not isinstance(tables, list):
        raise KeyError_(f"{path}: `key` must be [[key]] tables")
    out = []
    for i, t in enumerate(tables, start=1):
        where = f"{path}: key {i}"
        if not isinstance(t, dict):
            raise KeyError_(f"{where}: not a table")
        unknown = sorted(set(t) - {"id", "role", "sha256"})
        if unknown:
            raise KeyError_(f"{where}: unknown field(s) {', '.join(unknown)}")
        out.append(make_key(t.get("id"), t.get("role"), t.get("sha256", ""), where))
    return out


def parse_keys_env(value: str) -> list[ApiKey]:
    out = []
    for i, part in enumerate((p.strip() for p in value.split(",")), start=1):
        if not part:
            continue
        bits = part.split(":")
        if len(bits) != 3:
            raise KeyError_(f"{ENV_VAR} entry {i}: expected id:role:sha256hex")
        out.append(make_key(bits[0], bits[1], bits[2], f"{ENV_VAR} entry {i}"))
    return out


class KeyRing:
    """The keys in force, looked up by the hash of the presented key."""

    def __init__(self, keys: list[ApiKey]) -> None:
        self._by_hash: dict[str, ApiKey] = {}
        ids: set[str] = set()
        for k in keys:
            if k.id in ids:
                raise KeyError_(f"two keys share the id {k.id!r}")
            if k.sha256 in self._by_hash:
                raise KeyError_(f"keys {self._by_hash[k.sha256].id!r} and {k.id!r} are the "
                                "same key")
            ids.add(k.id)
            self._by_hash[k.sha256] = k

    def __len__(self) -> int:
        return len(self._by_hash)

    @classmethod
    def load(cls, keys_file: str | Path | None, env_value: str | None) -> KeyRing:
        keys: list[ApiKey] = []
        if keys_file:
            keys += parse_keys_file(keys_file)
        if env_value:
            keys += parse_keys_env(env_value)
        return cls(keys)

    def lookup(self, secret: str) -> ApiKey | None:
        return self._by_hash.get(hash_key(secret))


def key_from_headers(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key a request presents, or None."""
    if x_api_key:
        return x_api_key.strip() or None
    if authorization:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() in ("bearer", "apikey") and value.strip():
            return value.strip()
    return None
