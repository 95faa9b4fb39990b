"""Result formats beyond the row texts: what a run read and used (metadata), the format an
output path asks for, and Parquet output (through pyarrow, `pip install 'screening[parquet]'`).

The metadata names the input, the column read for every record field, the columns deliberately
ignored, the as-of date, the lists (with versions) and the rules: JSON output carries it as
`metadata`, Parquet as file metadata (key `screening`), and the summary on stderr prints it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from screening.mapping import ColumnMap, InputError

OUTPUT_FORMATS = ("csv", "jsonl", "json", "parquet")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
              ".parquet": "parquet"}
_NOT_WRITTEN = (".xlsx", ".xls", ".xlsm", ".tsv", ".gz", ".bz2", ".xz", ".zst")


def format_for(output: Path | None, given: str | None) -> str:
    """The output format: `--format` if given, else the `-o` extension, else csv. A format
    that contradicts the extension is an error (never a CSV file named .jsonl)."""
    ext = output.suffix.lower() if output is not None else ""
    if ext in _NOT_WRITTEN:
        raise InputError(f"--output {output}: cannot write {ext} files; use one of "
                         f"{', '.join(EXTENSIONS)}")
    implied = EXTENSIONS.get(ext)
    if given and implied and given != implied:
        raise InputError(f"--format {given} contradicts --output {output} (a {implied} name); "
                         "change one of them")
    return given or implied or "csv"


def engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("screening")
    except PackageNotFoundError:
        return "unknown"


def column_roles(cmap: ColumnMap) -> dict[str, str]:
    """Record field -> the header column it is read from."""
    return {f: cmap.header[i] for f, i in cmap.columns}


def run_metadata(path: Path, cmap: ColumnMap, encoding: str, delimiter: str,
                 as_of: dt.date | None, ignored: Sequence[str], echo: bool,
                 screener: Any, rule_files: Sequence[str] = ()) -> dict[str, Any]:
    """What a run read and screened against, for JSON and Parquet output."""
    rules = getattr(screener.rules, "rules", ()) or ()
    return {
        "engine_version": engine_version(),
        "input": str(path),
        "kind": str(cmap.kind),
        "encoding": encoding,
        "delimiter": delimiter,
        "as_of": as_of.isoformat() if as_of else None,
        "as_of_rule": "--as-of for every row" if as_of else "each row's own date",
        "columns": column_roles(cmap),
        "ignored_columns": list(ignored),
        "echo_columns": list(cmap.header) if echo else [],
        "lists": [{"id": wl["id"], "authority": wl["authority"], "entries": wl["entries"],
                   "version": wl["version"]} for wl in screener.list_summary()],
        "rules": {"count": len(rules), "ids": [r.id for r in rules],
                  "files": list(rule_files) or "built-in"},
        "thresholds": {"review": screener.thresholds.review, "block": screener.thresholds.block},
    }


def json_open(metadata: dict[str, Any]) -> str:
    """The start of a JSON output: the metadata, then the results array."""
    return '{"metadata":' + json.dumps(metadata, ensure_ascii=False, default=str) + ',\n"results":['


def json_close(rows: int, counts: Any, any_rows: bool) -> str:
    """The end of a JSON output: the results array closed, and the counts per decision."""
    summary = json.dumps({"rows": rows, **{d: counts.get(d, 0) for d in
                                           ("BLOCK", "REVIEW", "CLEAR", "ERROR")}})
    return ("\n]" if any_rows else "]") + f',\n"summary":{summary}}}\n'


class ParquetOut:
    """Writes CSV-shaped result rows (the texts the workers make) to a Parquet file, one row
    group per chunk. `row`, `line` are integers and `best_score` a float; the rest is text."""

    INT = ("row", "line")
    FLOAT = ("best_score",)

    def __init__(self, out: BinaryIO, columns: Sequence[str], metadata: dict[str, Any]) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise InputError("Parquet output needs pyarrow "
                             "(pip install 'screening[parquet]')") from exc
        self.pa = pa
        self.columns = list(columns)
        fields = [pa.field(c, pa.int64() if c in self.INT else pa.float64() if c in self.FLOAT
                           else pa.string()) for c in self.columns]
        self.schema = pa.schema(fields, metadata={
            "screening": json.dumps(metadata, ensure_ascii=False, default=str)})
        self.writer = pq.ParquetWriter(out, self.schema)

    def write(self, texts: Sequence[str]) -> None:
        rows = list(csv.reader(io.StringIO("".join(texts))))
        if not rows:
            return
        cols: list[list[Any]] = [[] for _ in self.columns]
        for r in rows:
            for j, value in enumerate(r):
                cols[j].append(value)
        arrays = []
        for name, values in zip(self.columns, cols, strict=True):
            if name in self.INT:
                arrays.append(self.pa.array([int(v) for v in values], self.pa.int64()))
            elif name in self.FLOAT:
                arrays.append(self.pa.array([float(v) if v else None for v in values],
                                            self.pa.float64()))
            else:
                arrays.append(self.pa.array(values, self.pa.string()))
        self.writer.write_table(self.pa.Table.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        self.writer.close()
