"""The built-in lists: every lists/*.toml of the source tree, shipped in the package as
`screening.builtin_lists` (setup.py maps the folder) and loaded once.

They are found with importlib.resources, so editable and wheel installs read the same files; a
missing or empty package folder is an error (a screen against no list must never run)."""

from __future__ import annotations

import functools
from pathlib import Path

from screening.lists.errors import ListError
from screening.lists.toml_list import load_toml_list
from screening.models import WatchList
from screening.package_data import package_dir

PACKAGE = "screening.builtin_lists"


BUILTIN_DIR = package_dir(PACKAGE)
"""The folder the built-in list files are read from (None if the package data is missing)."""


def builtin_list_paths() -> list[Path]:
    """The built-in list files, sorted by name; ListError if the package holds none."""
    files = sorted(BUILTIN_DIR.glob("*.toml")) if BUILTIN_DIR is not None else []
    if not files:
        raise ListError(f"the built-in lists are missing: package data {PACKAGE} holds no "
                        "*.toml file (a broken install: reinstall screening, or screen with "
                        "--no-builtin and --list files)")
    return files


@functools.cache
def _builtin() -> tuple[WatchList, ...]:
    return tuple(load_toml_list(p) for p in builtin_list_paths())


def builtin_lists() -> list[WatchList]:
    """The built-in watchlists, sorted by file name (loaded and validated on first use)."""
    return list(_builtin())
