"""What runs on the Dask workers: one Screener per worker process, built once from the spec
(not shipped with every task), and the screening of one partition.

Every task checks that its worker's list versions are the ones the job started with, so a
worker that loaded other list files (a changed file, another machine's copy) fails the job
instead of screening part of it against other lists.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from screening.batch_cells import CSV_COLUMNS, csv_cells, in_force, json_text
from screening.batch_rows import _ALERTS, RowTask
from screening.batch_rows import screen_raw as _screen_raw
from screening.csvio import RawRow
from screening.dask.names import Packed, known_screener
from screening.engine import Screener
from screening.screener_spec import ScreenerSpec

Versions = tuple[tuple[str, str], ...]
"""(list id, version) of every loaded list, in load order."""

_SCREENERS: dict[ScreenerSpec, Screener] = {}
_KNOWN: dict[tuple[ScreenerSpec, int], dict[str, Any]] = {}
"""Per spec and thread, the party names this worker has matched (up to the spec's name
cache)."""
_LOCK = threading.Lock()
MAX_ERRORS = 10


class ListVersionError(RuntimeError):
    """A worker's lists are not the versions the job was started with."""


def screener_for(spec: ScreenerSpec) -> Screener:
    """This process's Screener for `spec`, built on first use and kept."""
    with _LOCK:
        screener = _SCREENERS.get(spec)
        if screener is None:
            screener = spec.build()
            if spec.name_cache and not screener.name_cache:
                screener = screener.with_name_cache(spec.name_cache)
            _SCREENERS[spec] = screener
        return screener


def forget_names() -> None:
    """Drop the party names this worker remembers (benchmarks start each run cold)."""
    _KNOWN.clear()


def versions_of(screener: Screener) -> Versions:
    return tuple((wl.id, str(wl.version)) for wl in screener.lists)


def worker_versions(spec: ScreenerSpec) -> Versions:
    """The list versions this worker screens with (builds its Screener if need be)."""
    return versions_of(screener_for(spec))


def describe(spec: ScreenerSpec) -> dict[str, Any]:
    """What the summary says about lists and rules, from a worker's Screener."""
    s = screener_for(spec)
    return {
        "lists": [(wl.id, wl.authority, len(wl.entities), str(wl.version)) for wl in s.lists],
        "rules": len(getattr(s.rules, "rules", ()) or ()),
    }


def _checked(spec: ScreenerSpec, expected: Versions) -> Screener:
    screener = screener_for(spec)
    got = versions_of(screener)
    if got != expected:
        raise ListVersionError(
            "this worker's lists differ from the job's: "
            f"worker {', '.join(f'{i} {v}' for i, v in got)}; "
            f"job {', '.join(f'{i} {v}' for i, v in expected)} "
            "(every worker must load the same list files)")
    return screener


try:  # the plugin needs distributed; the rest of this module does not
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - distributed is in the `dask` extra
    WorkerPlugin = object  # type: ignore[assignment,misc]


class ScreenerPlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Builds the Screener on each worker as it starts (and on workers that join later)."""

    name = "screening-screener"

    def __init__(self, spec: ScreenerSpec) -> None:
        self.spec = spec

    def setup(self, worker: Any) -> None:
        try:
            screener_for(self.spec)
        except Exception:  # noqa: BLE001 - reported to the driver by the version check
            pass


# -- one partition ---------------------------------------------------------------------------

@dataclass
class PartOutcome:
    """What the driver needs back from a partition: counts, first errors, the rendered output
    (CSV or JSON lines text) unless the worker wrote the partition itself, the report's alert
    items when asked for, and the CPU seconds the worker spent on it."""

    index: int
    rows: int
    counts: dict[str, int]
    errors: list[str]
    text: str = ""
    alerts: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    alerts_dropped: int = 0
    """Alert items left out past the report's limit (counted, as the local run does)."""

    def __post_init__(self) -> None:
        if self.alerts:  # a partition sends no more than a report can show
            from screening.report import MAX_ALERTS

            self.alerts_dropped += max(0, len(self.alerts) - MAX_ALERTS)
            del self.alerts[MAX_ALERTS:]


RESULT_COLUMNS = (*CSV_COLUMNS, "result")


def result_frame(spec: ScreenerSpec, expected: Versions, task: RowTask,
                 rows: Sequence[RawRow], known: dict[str, Packed] | None = None,
                 key: str | None = None, alerts: list[dict[str, Any]] | None = None) -> Any:
    """A pandas DataFrame of results: the CSV output columns (`row`, `line` as integers) and
    the full result as JSON in `result` (`known` as for `screen_text`; `alerts`, if given,
    receives the report's alert items)."""
    import pandas as pd

    screener = known_screener(_checked(spec, expected), known, key)
    policy = getattr(screener.rules, "announced_policy", None)
    cols: dict[str, list[Any]] = {c: [] for c in RESULT_COLUMNS}
    for raw in rows:
        res = _screen_raw(screener, task, raw)
        force = in_force(res, policy)
        if alerts is not None and (res.decision in _ALERTS or res.suppressed):
            from screening.report.data import alert_item

            alerts.append(alert_item(res, raw, task.cmap))
        cells = csv_cells(res, raw.line, raw.end, force, plain=True)
        for c, v in zip(CSV_COLUMNS, cells, strict=True):
            cols[c].append(v)
        cols["result"].append(json_text(res, raw.line, raw.end, force))
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in cols.items()})
    frame["row"] = frame["row"].astype("int64")
    frame["line"] = frame["line"].astype("int64")
    frame["last_line"] = frame["last_line"].astype("int64")
    return frame


def empty_result_frame() -> Any:
    import pandas as pd

    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in RESULT_COLUMNS})
    frame["row"] = frame["row"].astype("int64")
    frame["line"] = frame["line"].astype("int64")
    frame["last_line"] = frame["last_line"].astype("int64")
    return frame


def write_parquet(frame: Any, directory: str, index: int) -> None:
    """Write one partition's results whole or not at all (temporary name, then rename)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(directory) / f"part.{index:05d}.parquet"
    tmp = path.with_name(f".{path.name}.part")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, tmp)
    tmp.replace(path)


def outcome_of(frame: Any, index: int, alerts: list[dict[str, Any]] | None = None,
               seconds: float = 0.0) -> PartOutcome:
    decisions = frame["decision"].tolist()
    errors = [e for e in frame["error"].tolist() if e][:MAX_ERRORS]
    return PartOutcome(index, len(decisions), dict(Counter(decisions)), errors,
                       alerts=alerts or [], seconds=seconds)


# -- DataFrame cells to CSV-like strings -----------------------------------------------------

def cell_text(value: Any) -> str:
    """A DataFrame cell as the string a CSV export would hold ('' for missing)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return ""
        if isinstance(value, pd.Timestamp):
            return cell_text(value.to_pydatetime())
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def frame_rows(frame: Any, offset: int) -> list[RawRow]:
    """The rows of a pandas partition as raw rows numbered from `offset + 1` (`line` is the
    row number: a DataFrame has no physical lines)."""
    out = []
    for i, values in enumerate(frame.itertuples(index=False, name=None), start=offset + 1):
        out.append(RawRow(i, i, [cell_text(v) for v in values]))
    return out
