"""Name matching: normalisation, scoring and the candidate index.

Public API: `compare(a, b, kind=None)`, `REVIEW_THRESHOLD`, `BLOCK_THRESHOLD`, `Thresholds`,
`NameIndex` and `NameMatch`.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.names.index import NameIndex, NameMatch
from screening.names.score import compare

REVIEW_THRESHOLD = 0.86
"""Default score from which a name match is reported for review."""
BLOCK_THRESHOLD = 0.92
"""Default score from which a name match on a strong name counts as a strong match."""


@dataclass(frozen=True)
class Thresholds:
    review: float = REVIEW_THRESHOLD
    block: float = BLOCK_THRESHOLD

    def __post_init__(self) -> None:
        if not 0.0 < self.review <= self.block <= 1.0:
            raise ValueError("thresholds need 0 < review <= block <= 1")


__all__ = ["compare", "NameIndex", "NameMatch", "Thresholds", "REVIEW_THRESHOLD",
           "BLOCK_THRESHOLD"]
