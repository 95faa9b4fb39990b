"""What a cluster run did: the summary `screen --dask` prints, and its exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from screening.records import RecordKind


@dataclass
class ClusterSummary:
    """What a cluster run did (the local run's Summary, plus where it ran)."""

    inputs: list[str]
    kind: RecordKind
    columns: str
    address: str
    workers: int
    partitions: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    lists: list[tuple[str, str, int, str]] = field(default_factory=list)
    rules: int = 0
    names: int = 0
    """Distinct party names matched (each once across the cluster, unless forgotten past the
    name cache and met again)."""
    match_seconds: float = 0.0
    """Worker CPU time spent matching names, summed over the workers."""
    screen_seconds: float = 0.0
    """Worker CPU time spent screening rows (names already matched) and rendering them."""
    copy_seconds: float = 0.0
    """Driver CPU time spent putting the parts into one output (serial)."""

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def path(self) -> str:
        """The inputs, as the report names a run's file."""
        return ", ".join(self.inputs)

    def exit_code(self) -> int:
        """As the local run: 3 if any row is ERROR, else 1 if any REVIEW/BLOCK, else 0."""
        if self.counts.get("ERROR"):
            return 3
        if self.counts.get("REVIEW") or self.counts.get("BLOCK"):
            return 1
        return 0

    def text(self) -> str:
        c = self.counts
        lines = [
            f"screened {self.rows:,} {self.kind} rows from {len(self.inputs)} file(s) in "
            f"{self.partitions} partitions on {self.workers} Dask workers ({self.address}) in "
            f"{self.seconds:.2f} s, {self.rate:,.0f} rows/s",
            "  " + "  ".join(f"{d}: {c.get(d, 0):,}" for d in ("BLOCK", "REVIEW", "CLEAR",
                                                               "ERROR")),
            f"  columns: {self.columns}",
        ]
        if self.rules:
            lines.append(f"  rules: {self.rules}")
        for lid, authority, n, version in self.lists:
            lines.append(f"  list {lid} ({authority}, {n:,} entries, version {version})")
        if self.errors:
            more = c.get("ERROR", 0) - len(self.errors)
            lines.append("  rows that could not be read:")
            lines.extend(f"    {e}" for e in self.errors)
            if more > 0:
                lines.append(f"    ... and {more:,} more (see the error column)")
        return "\n".join(lines)
