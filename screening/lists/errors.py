"""The one error type of the list layer, and a helper that turns model errors into it."""

from __future__ import annotations

from collections import Counter
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ListError(ValueError):
    """A list file could not be loaded; the message names the file, the entry and the field."""


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(entry)"


def describe(err: ValidationError) -> str:
    """One line per problem: `field: message`."""
    parts = []
    for e in err.errors():
        got = e.get("input")
        shown = f" (got {got!r})" if isinstance(got, str | int | float) else ""
        parts.append(f"field {_loc(e['loc'])}: {e['msg']}{shown}")
    return "; ".join(parts)


def require_entries(path: object, count: int, what: str) -> None:
    """An official list file that yields no entry is malformed (a truncated download, an
    export of the wrong list, a changed schema): ListError naming the file, never an empty list
    that would screen every record CLEAR."""
    if count == 0:
        raise ListError(f"{path}: no {what} found: the file is malformed or truncated (an "
                        "official list is never empty); nothing loaded")


def build(model: type[M], data: dict[str, Any], where: str) -> M:
    """Validate `data` as `model`, raising ListError prefixed with `where` (file and entry)."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise ListError(f"{where}: {describe(e)}") from None


def require_distinct_ids(list_ids: list[str]) -> None:
    """ValueError if two loaded lists share an id (their entries and versions would mix)."""
    dupes = sorted(i for i, n in Counter(list_ids).items() if n > 1)
    if dupes:
        raise ValueError(f"two loaded lists share the id {', '.join(dupes)}; "
                         "give one a different list id")
