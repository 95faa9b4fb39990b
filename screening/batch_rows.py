"""Per-row work (runs in workers): screening one raw row (`screen_raw`, failing closed) and a
chunk of rows into their output texts (`screen_chunk`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from screening.batch_cells import clear_cells, csv_cells, in_force, json_text
from screening.csvio import RawRow
from screening.engine import Screener
from screening.error_hits import with_hits
from screening.mapping import ColumnMap, RowError, build_record
from screening.records import RecordKind
from screening.results import Decision, ScreeningResult
from screening.rowpath import FastLane, clear_json_text


@dataclass(frozen=True)
class RowTask:
    """What a worker needs besides the rows themselves."""

    cmap: ColumnMap
    as_of: dt.date | None
    fmt: str
    file_name: str
    echo: bool = False
    report: bool = False
    """Also return the alert rows (BLOCK, REVIEW, or with suppressed hits) for the report."""


def screen_raw(screener: Screener, task: RowTask, raw: RawRow) -> ScreeningResult:
    """Screen one raw row; a row that cannot be read, or that fails inside the engine, becomes
    an ERROR result naming the file, row and why."""
    rid_i = next((i for f, i in task.cmap.columns if f == "id"), None)
    if raw.fields is None:
        guess = None
        if raw.naive and rid_i is not None and rid_i < len(raw.naive):
            guess = raw.naive[rid_i].strip()
            guess = guess if guess and '"' not in guess and "\x00" not in guess else None
        naive = raw.naive if raw.naive and len(raw.naive) == len(task.cmap.header) else None
        return with_hits(screener, task.cmap,
                         _error(raw, task, raw.error or "unreadable row", guess), naive)
    rid = None
    try:
        if rid_i is not None:
            rid = raw.fields[rid_i].strip() or None
        record = build_record(task.cmap, raw.fields, default_date=task.as_of)
    except RowError as exc:
        return with_hits(screener, task.cmap, _error(raw, task, str(exc), rid), raw.fields)
    try:
        res = screener.screen(record, as_of=task.as_of, row=raw.row)
    except Exception as exc:  # noqa: BLE001 - one row must not stop the batch; fail closed
        return _error(raw, task, f"internal error while screening: {type(exc).__name__}: "
                      f"{exc}", rid)
    if res.decision is Decision.ERROR:
        if res.error and not res.error.startswith(task.file_name):
            res = res.model_copy(update={"error": _where(raw, task) + res.error})
        res = with_hits(screener, task.cmap, res, raw.fields)
    return res


def _where(raw: RawRow, task: RowTask) -> str:
    lines = f"line {raw.line}" if raw.end == raw.line else f"lines {raw.line}-{raw.end}"
    return f"{task.file_name} row {raw.row} ({lines}): "


def _error(raw: RawRow, task: RowTask, msg: str, rid: str | None) -> ScreeningResult:
    return ScreeningResult(row=raw.row, record_id=rid, kind=task.cmap.kind,
                           as_of=task.as_of, decision=Decision.ERROR, error=_where(raw, task) + msg)


def screen_chunk(screener: Screener, task: RowTask, rows: Sequence[RawRow]
                 ) -> tuple[list[str], list[str], list[str], list[dict[str, Any]]]:
    """(decisions, output texts, error messages, report items) for a chunk of rows, in order;
    report items only when `task.report`."""
    decisions: list[str] = []
    texts: list[str] = []
    errors: list[str] = []
    alerts: list[dict[str, Any]] = []
    tabular = task.fmt in ("csv", "parquet")
    if tabular:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
    policy = getattr(screener.rules, "announced_policy", None)
    width = len(task.cmap.header)
    lane = FastLane(screener, task.cmap, task.as_of)
    check = lane.check if lane.plan is not None else None
    kind = RecordKind(task.cmap.kind).value
    on = task.as_of.isoformat() if task.as_of else None
    plain_csv = task.fmt == "csv" and not task.echo
    plain_id = _PLAIN_ID.fullmatch
    for raw in rows:
        fields = raw.fields
        clear = check(fields) if check is not None and fields is not None else None
        if clear is not None:  # plainly valid, no hit: CLEAR without models (see rowpath)
            decisions.append("CLEAR")
            rid = clear[0]
            if plain_csv and plain_id(rid):  # what clear_cells and the writer write
                line = raw.line
                texts.append(f"{raw.row},{line},{raw.last_line or line},{rid},CLEAR,0.0000,,,,,"
                             f"{on or clear[2]},,,,,\n")
                continue
            cells = fields if task.echo and len(fields) == width else (
                [""] * width if task.echo else ())
            if tabular:
                out = clear_cells(raw.row, rid, task.as_of or clear[1], raw.line,
                                  raw.end, None, cells, plain=task.fmt == "parquet")
                if _plain_cell(out[3]) and all(_plain_cell(c) for c in cells):
                    texts.append(",".join(out) + "\n")  # what the writer writes, sooner
                else:
                    buf.seek(0)
                    buf.truncate()
                    writer.writerow(out)
                    texts.append(buf.getvalue())
            else:
                echo = dict(zip(task.cmap.header, cells, strict=True)) if task.echo else None
                texts.append(clear_json_text(raw.row, rid, kind, clear[2], on or clear[2],
                                             raw.line, raw.last_line or raw.line, echo))
            continue
        res = screen_raw(screener, task, raw)
        decisions.append(res.decision.value)
        if res.error:
            errors.append(res.error)
        if task.report and (res.decision in _ALERTS or res.suppressed):
            from screening.report.data import alert_item

            alerts.append(alert_item(res, raw, task.cmap))
        force = in_force(res, policy)
        cells: Sequence[str] = ()
        if task.echo:
            cells = raw.fields or raw.naive or ()
            cells = list(cells) if len(cells) == width else [""] * width
        if tabular:
            buf.seek(0)
            buf.truncate()
            writer.writerow(csv_cells(res, raw.line, raw.end, force, cells,
                                      plain=task.fmt == "parquet"))
            texts.append(buf.getvalue())
        else:
            echo = dict(zip(task.cmap.header, cells, strict=True)) if task.echo else None
            texts.append(json_text(res, raw.line, raw.end, force, echo))
    return decisions, texts, errors, alerts


_ALERTS = (Decision.BLOCK, Decision.REVIEW)


_PLAIN_ID = re.compile(r'[^=+\-@\t\r\n,"][^,"\r\n]*')
"""A record id the CSV writer writes as it is, with nothing to neutralise."""


def _plain_cell(cell: str) -> bool:
    """The CSV writer writes the cell as it is (nothing to quote)."""
    return not ("," in cell or '"' in cell or "\n" in cell or "\r" in cell)


ChunkResult = tuple[list[str], list[str], list[str], list[dict[str, Any]]]
"""(decisions, output texts, error messages, report items) of a chunk: see `screen_chunk`."""
