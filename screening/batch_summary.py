"""What a batch run did (`Summary`), the human summary of it (`format_summary`) and the
progress display while it runs (`Progress`)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from screening.engine import Screener
from screening.records import RecordKind
from screening.screener_spec import ScreenerSpec


@dataclass
class Summary:
    """What a run did: counts per decision, the input as read, timing, first errors."""

    path: Path
    kind: RecordKind
    encoding: str
    delimiter: str
    columns: str
    counts: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    seconds: float = 0.0
    jobs: int = 1
    errors: list[str] = field(default_factory=list)
    as_of: dt.date | None = None
    ignored: tuple[str, ...] = ()
    roles: dict[str, str] = field(default_factory=dict)
    encoding_note: str = ""
    lines: int = 0
    """Physical lines read: the header (and any blank lines before it), blank lines, and the
    lines the result rows cover; `unaccounted` is what does not add up (0, or a bug)."""
    header_lines: int = 0
    blank_lines: int = 0
    unaccounted: int = 0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def exit_code(self) -> int:
        """4 if the lines read do not add up to the rows written (a bug), 3 if any row is
        ERROR, else 1 if any REVIEW/BLOCK, else 0."""
        if self.unaccounted:
            return 4
        if self.counts.get("ERROR"):
            return 3
        if self.counts.get("REVIEW") or self.counts.get("BLOCK"):
            return 1
        return 0


def format_summary(summary: Summary, screener: Screener,
                   spec_rules: Sequence[str] | ScreenerSpec = ()) -> str:
    """The human summary written to stderr after a run (`spec_rules`: the run's spec, or the
    rule files that replaced the built-in rules)."""
    c = summary.counts
    lines = [
        f"screened {summary.rows:,} {summary.kind} rows from {summary.path} "
        f"({summary.encoding}, {summary.delimiter}-separated) in {summary.seconds:.2f} s, "
        f"{summary.rate:,.0f} rows/s" + (f" on {summary.jobs} jobs" if summary.jobs > 1 else ""),
        "  " + "  ".join(f"{d}: {c.get(d, 0):,}" for d in ("BLOCK", "REVIEW", "CLEAR", "ERROR")),
        f"  lines read: {summary.lines:,} = {summary.header_lines:,} header + "
        f"{summary.blank_lines:,} blank + "
        f"{summary.lines - summary.header_lines - summary.blank_lines - summary.unaccounted:,} "
        f"in {summary.rows:,} result rows",
    ]
    if summary.encoding_note:
        lines.append(f"  encoding {summary.encoding}: {summary.encoding_note}")
    if summary.unaccounted:
        lines.append(f"  internal error: {summary.unaccounted:,} lines are in no result row "
                     "(a bug; please report it)")
    lines.append("  as of: " + (f"{summary.as_of} (--as-of, every row)" if summary.as_of
                                else "each row's own date"))
    if summary.roles:
        lines.append("  columns read: " + ", ".join(f"{f} <- {h!r}"
                                                      for f, h in summary.roles.items()))
    if summary.ignored:
        lines.append("  columns deliberately not screened (--ignore-column): "
                     + ", ".join(repr(c) for c in summary.ignored))
    n_rules = len(getattr(screener.rules, "rules", ()) or ())
    if n_rules:
        from screening.rules.compose import describe_origin

        where = (describe_origin(spec_rules.rules, spec_rules.add_rules)
                 if isinstance(spec_rules, ScreenerSpec) else describe_origin(spec_rules))
        lines.append(f"  rules: {n_rules} ({where})")
        if isinstance(spec_rules, ScreenerSpec):
            lines.extend(f"  rules: {n}" for n in spec_rules.ruleset()[1])
    for wl in screener.list_summary():  # (a snapshot's entries are not made for this)
        lines.append(f"  list {wl['id']} ({wl['authority']}, {wl['entries']:,} entries, "
                     f"version {wl['version']})")
    if summary.errors:
        more = c.get("ERROR", 0) - len(summary.errors)
        lines.append("  rows that could not be read:" if c.get("ERROR") else "  errors:")
        lines.extend(f"    {e}" for e in summary.errors)
        if more > 0:
            lines.append(f"    ... and {more:,} more (see the error column)")
    if summary.rows == 0:
        lines.append("  warning: the file has a header but no data rows")
    return "\n".join(lines)


class Progress:
    """A one-line progress display on a terminal's stderr, updated at most 4 times a second."""

    def __init__(self, stream: TextIO = sys.stderr, min_bytes: int = 1 << 20) -> None:
        self.stream = stream
        self.min_bytes = min_bytes
        self.start = time.perf_counter()
        self.last = 0.0
        self.shown = False

    def __call__(self, rows: int, done: int, total: int) -> None:
        if total < self.min_bytes:
            return
        now = time.perf_counter()
        if now - self.last < 0.25:
            return
        self.last = now
        pct = min(100.0, 100.0 * done / total) if total else 0.0
        rate = rows / (now - self.start) if now > self.start else 0.0
        bar = "#" * int(pct / 5)
        self.stream.write(f"\r[{bar:<20}] {pct:5.1f}%  {rows:,} rows  {rate:,.0f} rows/s ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
