"""Batch screening of CSV files: read rows, screen them (optionally on several cores), and write
one result per input row, in input order, as CSV, JSON Lines or a JSON array.

Memory stays flat whatever the file size: rows stream from the file in chunks, at most a few
chunks are in flight between the workers, and the writer writes each chunk as it comes back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from screening.csvio import CsvSource, RawRow, delimiter_name, looks_like_date
from screening.decisions.review import REVIEW_COLUMNS, hit_refs_cell
from screening.engine import Screener
from screening.error_hits import with_hits
from screening.mapping import ColumnMap, RowError, build_record
from screening.models import NameStrength
from screening.names import NameMatch, Thresholds
from screening.records import RecordKind
from screening.results import Decision, ScreeningResult
from screening.rowpath import FastLane, clear_json_text
from screening.rules.timing import timing

FORMATS = ("csv", "jsonl", "json", "parquet")
CSV_COLUMNS = ("row", "line", "last_line", "record_id", "decision", "best_score", "reasons",
               "hits", "notes", "error", "as_of", "in_force", *REVIEW_COLUMNS)
CHUNK_ROWS = 500
POOL_CHUNK_ROWS = 2000  # rows per task with several jobs (fewer, larger messages)
WARM_NAMES = 64  # names matched before the workers fork (see _results)
NAME_FIELDS = frozenset({"originator_name", "beneficiary_name", "exporter_name",
                         "consignee_name", "end_user_name"})
CACHE_SIZE = 200_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- the screener each process uses --------------------------------------------------------------

@dataclass(frozen=True)
class ScreenerSpec:
    """How to build the Screener: the same arguments in every worker process."""

    lists: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    builtin: bool = True
    review: float | None = None
    block: float | None = None
    list_thresholds: tuple[tuple[str, float, float | None], ...] = ()
    """(list id, review, block or None for the general block threshold) per list."""
    name_cache: int = CACHE_SIZE
    """Distinct party names whose list matches each process keeps (0: none); batch files
    repeat their counterparties, and results are the same either way."""
    decisions: str | None = None
    """An analysts' decisions file (SQLite) to apply, read once per process."""
    require_approval: bool = False
    decisions_today: dt.date | None = None
    """The day decision expiry is checked against (the same in every worker)."""

    def thresholds(self) -> Thresholds | None:
        if self.review is None and self.block is None:
            return None
        base = Thresholds()
        return Thresholds(review=self.review if self.review is not None else base.review,
                          block=self.block if self.block is not None else base.block)

    def per_list(self) -> dict[str, Thresholds]:
        """Thresholds for particular lists (ValueError if one is out of order)."""
        block = (self.thresholds() or Thresholds()).block
        return {lid: Thresholds(review=review, block=b if b is not None else max(block, review))
                for lid, review, b in self.list_thresholds}

    add_rules: tuple[str, ...] = ()
    """Rule files added to the built-in rules (or to `rules`)."""

    def ruleset(self) -> tuple[Any, list[str]]:
        """(RuleSet or None for the built-in rules, notes): see `screening.rules.compose`."""
        from screening.rules.compose import compose_rules

        return compose_rules(self.rules, self.add_rules)

    def build(self) -> Screener:
        rules, _ = self.ruleset()
        decisions = None
        if self.decisions is not None:
            from screening.decisions.apply import DecisionSet

            decisions = DecisionSet.load(self.decisions, self.require_approval,
                                         self.decisions_today)
        return Screener.load(lists=list(self.lists), rules=rules,
                             builtin=self.builtin, thresholds=self.thresholds(),
                             list_thresholds=self.per_list(), name_cache=self.name_cache,
                             decisions=decisions)


# -- formatting ----------------------------------------------------------------------------------

def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading single quote."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _reason_text(r: Any) -> str:
    if r.entity_id is None:
        return f"{r.outcome} {r.rule_id}: {r.text}"
    measure = " ".join(str(x) for x in (r.measure_type, r.measure_authority) if x)
    if r.measure_from:
        measure += f" {r.date_basis or 'from'} {r.measure_from}"
    score = f" {r.score:.2f}" if r.score is not None else ""
    return (f"{r.outcome} {r.rule_id}: {r.role or 'party'} ~ {r.list_id}:{r.entity_id}{score}"
            + (f"; {measure}" if measure else ""))


def _reasons_cell(res: ScreeningResult) -> str:
    """Compact: one `OUTCOME rule: role ~ list:entity score; measure` per reason (the full
    wording is in the JSON output)."""
    return " | ".join(_reason_text(r) for r in res.reasons)


def _hits_cell(res: ScreeningResult) -> str:
    return " | ".join(
        f"{h.field}={h.query} ~ {h.list_id}:{h.entity_id} {h.entity_name} "
        f"({h.match_type} {h.score:.2f} {h.strength}"
        + (f", {h.name_strength} name {h.matched!r})" if h.match_type == "name" else ")")
        for h in res.hits)


def in_force(res: ScreeningResult, policy: Any = None) -> bool | None:
    """Whether a measure of what the row matched is in force on the date it was screened on:
    True if a rule applied one, False if there are hits but none of their measures is in
    force, None for a row without hits (or an ERROR row)."""
    if res.decision is Decision.ERROR:
        return None
    if res.reasons:
        return True
    if not res.hits:
        return None
    on = res.as_of or res.date
    if on is None:
        return None
    kw = {"policy": policy} if policy is not None else {}
    return any(not h.entity.measures or any(timing(m, on, **kw).applies for m in h.entity.measures)
               for h in res.hits)


def row_notes(res: ScreeningResult, force: bool | None) -> list[str]:
    """The notes, led by why a CLEAR row with matches is CLEAR."""
    if res.decision is Decision.CLEAR and res.hits and force is False:
        on = res.as_of or res.date
        n = len({(h.list_id, h.entity_id) for h in res.hits})
        return [f"CLEAR although {n} list {'entry' if n == 1 else 'entries'} matched: no "
                f"measure of {'it' if n == 1 else 'them'} is in force on {on}", *res.notes]
    return list(res.notes)


def _flag(force: bool | None) -> str:
    return "" if force is None else "yes" if force else "no"


def csv_cells(res: ScreeningResult, line: int, last_line: int | None = None,
              force: bool | None = None, echo: Sequence[str] = (), plain: bool = False
              ) -> list[str]:
    """The CSV output row for a result, formula-neutralised (unless `plain`): the result (the row
    covers the physical lines `line` to `last_line`), `as_of` (the date screened on),
    `in_force`, the review columns, then the `echo` input cells."""
    on = res.as_of or res.date
    if res.decision is Decision.CLEAR and not res.hits and not res.notes:
        return clear_cells(res.row, res.record_id, on, line, last_line, force, echo, plain,
                           res.best_score)
    last = str(last_line or line)
    tail = [on.isoformat() if on else "", _flag(force)]
    keep = (lambda c: c) if plain else neutralise
    cells = [res.record_id or "", _reasons_cell(res), _hits_cell(res),
             " | ".join(row_notes(res, force)), res.error or ""]
    rid, reasons, hits, notes, error = (keep(c) for c in cells)
    score = f"{res.best_score:.4f}" if res.decision is not Decision.ERROR or res.hits else ""
    return [str(res.row), str(line), last, rid, str(res.decision), score, reasons, hits, notes,
            error,
            *tail, hit_refs_cell(res), "", "", "", *(keep(c) for c in echo)]


def clear_cells(row: int | None, record_id: str | None, on: dt.date | None, line: int,
                last_line: int | None = None, force: bool | None = None,
                echo: Sequence[str] = (), plain: bool = False, best_score: float = 0.0
                ) -> list[str]:
    """`csv_cells` of a CLEAR result with no hit and no note (screened on `on`)."""
    keep = (lambda c: c) if plain else neutralise
    return [str(row), str(line), str(last_line or line), keep(record_id or ""), "CLEAR",
            f"{best_score:.4f}", "", "", "", "", on.isoformat() if on else "", _flag(force),
            "", "", "", "", *(keep(c) for c in echo)]


def json_text(res: ScreeningResult, line: int, last_line: int | None = None,
              force: bool | None = None, echo: dict[str, str] | None = None) -> str:
    """The full result as one line of JSON, with the physical lines `line` to `last_line` the
    row covers; `as_of` is the date the row was screened on (its own date unless --as-of)."""
    data = res.model_dump(mode="json")
    out = {"row": data.pop("row"), "line": line, "last_line": last_line or line}
    out.update(data)
    if out.get("as_of") is None:
        out["as_of"] = out.get("date")
    out["in_force"] = force
    out["notes"] = row_notes(res, force)
    if echo is not None:
        out["input"] = echo
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


# -- per-row work (runs in workers) --------------------------------------------------------------

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


PackedMatch = tuple[int, str, int, float, str]
"""A name match between processes: (entity's position in the index, name, strength's
position in NameStrength, score, explanation); an entity would pickle whole."""
_POSITIONS: dict[int, tuple[Any, Callable[[Any], int]]] = {}  # id(index) -> (index, position)
_STRENGTHS = list(NameStrength)


def _position_of(index: Any) -> Callable[[Any], int]:
    """The function giving an indexed entity's position in `index.entities`. A snapshot's
    entities are made when first read: their list says where an entity it made is (making
    them all to look it up would cost a second of CPU per process, see LazyList.position);
    other lists are enumerated once (their entities exist already)."""
    entities = index.entities
    finder = getattr(entities, "position", None)
    if finder is not None:
        return finder
    positions = {id(e): i for i, e in enumerate(entities)}
    return lambda e: positions[id(e)]


def _pack(screener: Screener, matches: tuple[NameMatch, ...]) -> tuple[PackedMatch, ...]:
    if not matches:
        return ()
    index = screener.index
    got = _POSITIONS.get(id(index))
    if got is None or got[0] is not index:
        _POSITIONS.clear()
        got = _POSITIONS[id(index)] = (index, _position_of(index))
    position = got[1]
    return tuple((position(m.entity), m.name, _STRENGTHS.index(m.strength), m.score,
                  m.explanation) for m in matches)


def _unpack(screener: Screener, packed: tuple[PackedMatch, ...]) -> tuple[NameMatch, ...]:
    entities = screener.index.entities
    return tuple(NameMatch(entity=entities[e], name=n, strength=_STRENGTHS[s], score=sc,
                           explanation=x) for e, n, s, sc, x in packed)


def _match_names(screener: Screener, names: list[str]) -> list[tuple[NameMatch, ...] | None]:
    """The list matches of the names, or None for all if matching them together fails (the
    rows then match their names one by one, and a name that fails makes its row an ERROR)."""
    try:
        return list(screener.name_matches_many(names))
    except Exception:  # noqa: BLE001 - fail closed row by row, as screen_raw does
        return [None] * len(names)


# -- the run -------------------------------------------------------------------------------------

@dataclass
class BatchOptions:
    kind: RecordKind | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    as_of: dt.date | None = None
    encoding: str | None = None
    delimiter: str | None = None
    fmt: str = "csv"
    jobs: int = 1
    chunk_rows: int = CHUNK_ROWS
    ignore_columns: tuple[str, ...] = ()
    """Header columns that look like party columns but are deliberately not screened."""
    echo: bool = False
    """Copy the input's columns into each result row."""
    sheet: str | None = None
    """The sheet of an Excel workbook to screen."""


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


MAX_ERRORS_SHOWN = 10


def open_source(path: str | Path, opts: BatchOptions) -> tuple[CsvSource, ColumnMap]:
    """Open the input (CSV, `-` for stdin, compressed, Parquet, Excel: see `screening.inputs`)
    and resolve its columns; InputError if that cannot be done, or if a column that looks like
    a party column is neither mapped nor in `opts.ignore_columns`."""
    from screening.header_guard import check_unmapped
    from screening.inputs import open_input
    from screening.mapping import resolve_columns

    src = open_input(path, encoding=opts.encoding, delimiter=opts.delimiter, sheet=opts.sheet)
    cmap = resolve_columns(src.header, kind=opts.kind, overrides=opts.overrides,
                           date_optional=opts.as_of is not None)
    check_unmapped(src.header, cmap, opts.ignore_columns)
    cols = dict(cmap.columns)
    src.row_key(cols.get("id"), cols.get("date"), looks_like_date)
    return src, cmap


def run_batch(path: str | Path, out: TextIO, screener: Screener, spec: ScreenerSpec,
              opts: BatchOptions, progress: Callable[[int, int, int], None] | None = None,
              source: tuple[CsvSource, ColumnMap] | None = None,
              alerts: list[dict[str, Any]] | None = None) -> Summary:
    """Screen every row of the input at `path`, writing results to `out` in input order
    (`source`: the input already opened by `open_source`, e.g. standard input).
    `alerts`, if given, receives a report item per alert row (see `screening.report`).

    A `screener` built without a name cache is screened through a copy with the cache of
    `spec.name_cache` names (the screener passed in is not changed)."""
    from screening.outputs import ParquetOut, column_roles, json_close, json_open, run_metadata

    if not screener.name_cache and spec.name_cache:
        screener = screener.with_name_cache(spec.name_cache)
    src, cmap = source or open_source(path, opts)
    task = RowTask(cmap=cmap, as_of=opts.as_of, fmt=opts.fmt, file_name=src.path.name,
                   echo=opts.echo, report=alerts is not None)
    summary = Summary(path=src.path, kind=cmap.kind, encoding=src.encoding_label,
                      delimiter=delimiter_name(src.delimiter), columns=cmap.describe(),
                      jobs=max(1, opts.jobs), as_of=opts.as_of, ignored=opts.ignore_columns,
                      roles=column_roles(cmap), encoding_note=src.encoding_note)
    meta = run_metadata(src.path, cmap, src.encoding_label, summary.delimiter, opts.as_of,
                        opts.ignore_columns, opts.echo, screener, spec.rules)
    columns = list(CSV_COLUMNS) + (echo_names(cmap.header) if opts.echo else [])
    start = time.perf_counter()
    first = True
    pq_out = None
    if opts.fmt == "csv":
        csv.writer(out, lineterminator="\n").writerow(columns)
    elif opts.fmt == "json":
        out.write(json_open(meta))
    elif opts.fmt == "parquet":
        out.flush()
        pq_out = ParquetOut(out.buffer, columns, meta)  # type: ignore[attr-defined]

    def emit(result: tuple[list[str], list[str], list[str], list[dict[str, Any]]]) -> None:
        nonlocal first
        decisions, texts, errors, items = result
        if alerts is not None:
            alerts.extend(items)
        summary.counts.update(decisions)
        summary.rows += len(decisions)
        room = MAX_ERRORS_SHOWN - len(summary.errors)
        if room > 0:
            summary.errors.extend(errors[:room])
        if opts.fmt == "csv":
            out.write("".join(texts))
        elif pq_out is not None:
            pq_out.write(texts)
        elif opts.fmt == "jsonl":
            out.write("\n".join(texts) + "\n" if texts else "")
        else:
            for t in texts:
                out.write(("\n" if first else ",\n") + t)
                first = False
        if progress:
            progress(summary.rows, src.bytes_read, src.size)

    covered = 0

    def counted(rows: Iterable[RawRow]) -> Iterator[RawRow]:
        nonlocal covered
        for r in rows:
            last = r.last_line  # (RawRow.end, without the call)
            covered += last - r.line + 1 if last else 1
            yield r

    for result in _results(counted(src.rows()), screener, spec, task, opts):
        emit(result)
    summary.lines, summary.header_lines = src.lines_read, src.header_line
    summary.blank_lines = src.blank_lines
    summary.unaccounted = src.lines_read - src.header_line - src.blank_lines - covered
    if opts.fmt == "json":
        out.write(json_close(summary.rows, summary.counts, not first))
    if pq_out is not None:
        pq_out.close()
    out.flush()
    summary.seconds = time.perf_counter() - start
    return summary


def echo_names(header: Sequence[str]) -> list[str]:
    """Output column names for the echoed input columns: the header's own names, prefixed
    with `input_` where one would repeat a result column or another header name."""
    taken = set(CSV_COLUMNS)
    out = []
    for h in header:
        name = h if h not in taken else f"input_{h}"
        while name in taken:
            name = f"input_{name}"
        taken.add(name)
        out.append(name)
    return out


def _chunks(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_in_process(rows: Iterable[RawRow], screener: Screener, spec: ScreenerSpec,
                      task: RowTask, chunk_rows: int, known: dict[str, tuple[NameMatch, ...]]
                      ) -> Iterator[tuple[list[str], list[str], list[str], list[dict[str, Any]]]]:
    """Chunk results in one process: each chunk's new party names are matched together (see
    NameIndex.search_many) and kept in `known` (up to the spec's name cache) for later chunks;
    a Dask worker passes the same `known` for all its partitions."""
    cols = _name_columns(task, spec.name_cache)
    for chunk in _chunks(rows, chunk_rows):
        if not cols:
            yield screen_chunk(screener, task, chunk)
            continue
        names = _party_names(chunk, cols)
        new = [n for n in names if n not in known]
        known.update((n, m) for n, m in zip(new, _match_names(screener, new), strict=True)
                     if m is not None)
        _forget_oldest(known, spec.name_cache)
        yield screen_chunk(screener.with_known_names({n: known[n] for n in names
                                                      if n in known}), task, chunk)


ChunkResult = tuple[list[str], list[str], list[str], list[dict[str, Any]]]
"""(decisions, output texts, error messages, report items) of a chunk: see `screen_chunk`."""


def _results(rows: Iterable[RawRow], screener: Screener, spec: ScreenerSpec, task: RowTask,
             opts: BatchOptions) -> Iterator[ChunkResult]:
    """Chunk results in input order: in-process for one job, else with worker processes (see
    `screening.batch_jobs`), with a bounded number of chunks in flight (so a huge file is never
    queued whole)."""
    jobs = opts.jobs if opts.jobs > 0 else (os.cpu_count() or 1)
    if jobs <= 1:
        yield from screen_in_process(rows, screener, spec, task, opts.chunk_rows, {})
        return
    from screening.batch_jobs import pooled_results

    yield from pooled_results(rows, screener, spec, task, opts, jobs)


class WorkerError(RuntimeError):
    """A worker process of a --jobs run failed: the run stops (no row is left out silently)."""


def _name_columns(task: RowTask, cache: int) -> list[int]:
    """The columns holding party names (none when names are not to be cached)."""
    return _party_columns(task) if cache else []


def _party_columns(task: RowTask) -> list[int]:
    """The columns holding party names."""
    return [i for f, i in task.cmap.columns if f in NAME_FIELDS]


def _forget_oldest(known: dict[str, Any], cache: int) -> None:
    """Past `cache` names, forget the oldest half (they are matched again if they recur)."""
    if len(known) > cache:
        for n in list(known)[:len(known) - cache // 2]:
            del known[n]


def _party_names(chunk: Sequence[RawRow], cols: Sequence[int]) -> list[str]:
    """The distinct party names of a chunk's rows, as the records will hold them."""
    out: dict[str, None] = {}
    for r in chunk:
        fields = r.fields
        if fields is not None:
            for i in cols:
                if i < len(fields):
                    v = fields[i].strip()
                    if v:
                        out[v] = None
    return list(out)


# -- summary -------------------------------------------------------------------------------------

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
