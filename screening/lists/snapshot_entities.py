"""The list entries of a loaded snapshot, made when first used.

A snapshot stores each entry as its own JSON object. `EntityStore` makes (validates) entry `i`
the first time it is read, and keeps it, so one object stands for one entry however often it
is read (hits are told apart by identity). `DeferredLists` holds the lists without their
entries, and the full `WatchList`s are made only for a caller that asks for them (a list
browser, a diff, an export): screening itself reads the entries of its hits only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError

from screening.lists.errors import ListError
from screening.models import Entity, WatchList

_ENTITIES = TypeAdapter(list[Entity])


class EntityStore(Sequence[Entity]):
    """Entries stored as JSON objects in `data` (entry i at `starts[i]`, `lens[i]` bytes)."""

    def __init__(self, where: str, data: bytes, starts: Sequence[int],
                 lens: Sequence[int]) -> None:
        self._where = where
        self._data = data
        self._starts = starts
        self._lens = lens
        self._made: list[Entity | None] = [None] * len(starts)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._made)))]
        e = self._made[i]
        if e is None:
            e = self._make(i if i >= 0 else i + len(self._made))
        return e

    def __iter__(self) -> Iterator[Entity]:
        for i in range(len(self._made)):
            yield self[i]

    def _make(self, i: int) -> Entity:
        with self._lock:  # two threads reading one entry get the same object
            e = self._made[i]
            if e is None:
                a = self._starts[i]
                try:
                    e = Entity.model_validate_json(self._data[a:a + self._lens[i]])
                except ValidationError as exc:
                    # not reached for a file this engine wrote: see snapshot_key
                    raise ListError(f"{self._where}: snapshot entry {i} does not validate: "
                                    f"{str(exc).splitlines()[0]}") from None
                self._made[i] = e
            return e

    def validate_all(self, whole: bytes) -> None:
        """Make every entry now from `whole` (the JSON array of all entries): for a file this
        engine did not stamp, which is refused whole (ValidationError) if one entry fails."""
        made = _ENTITIES.validate_json(whole)
        if len(made) != len(self._made):
            raise ValueError(f"{len(made):,} entries stored, {len(self._made):,} indexed")
        self._made = list(made)


class DeferredLists:
    """A snapshot's lists: `heads` (each list without its entries), the number of entries of
    each, and the store they come from, in list order."""

    def __init__(self, heads: Sequence[WatchList], counts: Sequence[int],
                 store: EntityStore) -> None:
        self.heads = tuple(heads)
        self.counts = tuple(counts)
        self.store = store
        self._lists: tuple[WatchList, ...] | None = None
        self._lock = threading.Lock()

    @property
    def entries(self) -> dict[str, int]:
        """Entries per list id."""
        return {wl.id: n for wl, n in zip(self.heads, self.counts, strict=True)}

    def materialize(self) -> tuple[WatchList, ...]:
        """The full lists (made once)."""
        with self._lock:
            if self._lists is None:
                out, at = [], 0
                for head, n in zip(self.heads, self.counts, strict=True):
                    out.append(head.model_copy(
                        update={"entities": tuple(self.store[at:at + n])}))
                    at += n
                self._lists = tuple(out)
            return self._lists
