"""The built-in lists: every lists/*.toml at the repository root, loaded once."""

from __future__ import annotations

import functools
from pathlib import Path

from screening.lists.toml_list import load_toml_list
from screening.models import WatchList

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "lists"


@functools.cache
def _builtin() -> tuple[WatchList, ...]:
    return tuple(load_toml_list(p) for p in sorted(BUILTIN_DIR.glob("*.toml")))


def builtin_lists() -> list[WatchList]:
    """The built-in watchlists, sorted by file name (loaded and validated on first use)."""
    return list(_builtin())
