"""Parsing TOML and JSON that may be hostile (nested thousands deep), without side effects.

The parsers recurse once per nesting level until Python's recursion limit stops them (callers
turn the RecursionError into a message naming the file). A cyclic garbage collection that
happened to start down there would run finalizers at the limit, where they fail ("Exception
ignored in ..."): the collector is paused while parsing, which allocates little.
"""

from __future__ import annotations

import gc
import json
import tomllib
from typing import Any


def _paused(parse: Any, text: str) -> Any:
    enabled = gc.isenabled()
    gc.disable()
    try:
        return parse(text)
    finally:
        if enabled:
            gc.enable()


def loads_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads` with the collector paused (see the module doc)."""
    return _paused(tomllib.loads, text)


def loads_json(text: str) -> Any:
    """`json.loads` with the collector paused (see the module doc)."""
    return _paused(json.loads, text)
