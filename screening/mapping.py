"""From a CSV header and row to a record dict: column mapping, record kind, dates and amounts.

Header matching ignores case, spaces, underscores, hyphens and dots ("Beneficiary Name" finds
`beneficiary_name`). `--map field=Header` and mapping files (TOML or JSON, `field = "Header"`)
name the column for a field when the header uses other words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from screening.records import RecordKind
from screening.tomlsafe import loads_json, loads_toml


class InputError(Exception):
    """A problem with the input as a whole (file, header, mapping): nothing can be screened."""


PAYMENT_FIELDS: tuple[str, ...] = (
    "id", "date", "amount", "currency", "originator_name", "originator_country",
    "originator_bic", "beneficiary_name", "beneficiary_country", "beneficiary_bic",
    "intermediary_bic", "purpose",
)
EXPORT_FIELDS: tuple[str, ...] = (
    "id", "date", "exporter_name", "consignee_name", "consignee_country", "end_user_name",
    "destination_country", "hs_code", "goods_description", "value", "currency",
)
FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.payment: PAYMENT_FIELDS,
    RecordKind.export: EXPORT_FIELDS,
}
PARTY_FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.payment: ("originator_name", "beneficiary_name", "originator_bic",
                         "beneficiary_bic", "intermediary_bic"),
    RecordKind.export: ("exporter_name", "consignee_name", "end_user_name",
                        "destination_country"),
}
DECIMAL_FIELDS = frozenset({"amount", "value"})
_SHARED = frozenset({"id", "date", "currency"})


def norm_header(text: str) -> str:
    """Header key: case-folded, without spaces, underscores, hyphens, dots or a BOM."""
    return re.sub(r"[\W_]+", "", text.replace("\ufeff", "").casefold())


def parse_map_options(items: Sequence[str]) -> dict[str, str]:
    """`field=Header` strings (from `--map`) to a dict."""
    out: dict[str, str] = {}
    for item in items:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise InputError(f"--map {item!r}: expected FIELD=Header, e.g. --map id=TxnRef")
        out[field.strip()] = header.strip()
    return out


def load_mapping_file(path: str | Path) -> tuple[dict[str, str], RecordKind | None]:
    """A mapping file: TOML or JSON of `field = "Header"` (at top level or in a `[columns]`
    table), with an optional `kind = "payment" | "export"` (and `ignore_columns`, see
    `screening.header_guard.mapping_ignores`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"mapping file {path}: cannot read it ({exc})") from exc
    try:
        if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
            data = loads_json(text)
        else:
            data = loads_toml(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"mapping file {path}: not valid TOML or JSON ({exc})") from exc
    except RecursionError:  # deeply nested: no mapping file needs more than one table
        raise InputError(f"mapping file {path}: nested too deeply to be a mapping of "
                         "field = \"Header\"") from None
    if not isinstance(data, dict):
        raise InputError(f"mapping file {path}: expected a table of field = \"Header\"")
    kind = data.pop("kind", None)
    data.pop("ignore_columns", None)  # read by screening.header_guard.mapping_ignores
    columns = data.pop("columns", None)
    if columns is not None:
        if not isinstance(columns, dict):
            raise InputError(f"mapping file {path}: `columns` must be a table")
        data.update(columns)
    out: dict[str, str] = {}
    for field, header in data.items():
        if not isinstance(header, str) or not header.strip():
            raise InputError(f"mapping file {path}: field {field!r} must map to a header name")
        out[field] = header.strip()
    try:
        rkind = RecordKind(kind) if kind is not None else None
    except ValueError as exc:
        raise InputError(f"mapping file {path}: kind {kind!r} is not payment or export") from exc
    return out, rkind


@dataclass(frozen=True)
class ColumnMap:
    """Which CSV column feeds which record field."""

    kind: RecordKind
    columns: tuple[tuple[str, int], ...]  # (field, column index)
    header: tuple[str, ...]

    def describe(self) -> str:
        return ", ".join(f"{f}<-{self.header[i]!r}" for f, i in self.columns)

    def has(self, field: str) -> bool:
        return any(f == field for f, _ in self.columns)


def resolve_columns(
    header: Sequence[str],
    kind: RecordKind | None = None,
    overrides: Mapping[str, str] | None = None,
    date_optional: bool = False,
) -> ColumnMap:
    """Match a header to record fields. Raises InputError with a clear message when the kind
    cannot be told, a mapped header is missing, or no id / date / party column is found."""
    overrides = dict(overrides or {})
    keys: dict[str, list[int]] = {}
    for i, h in enumerate(header):
        keys.setdefault(norm_header(h), []).append(i)
    shown = ", ".join(repr(h) for h in header[:20]) + (" ..." if len(header) > 20 else "")

    if kind is None:
        scores = {}
        for k, fields in FIELDS.items():
            own = [f for f in fields if f not in _SHARED]
            scores[k] = sum(norm_header(f) in keys for f in own) + 2 * sum(
                f in overrides for f in own)
        if scores[RecordKind.payment] == scores[RecordKind.export]:
            if not any(norm_header(f) in keys or f in overrides
                       for f in ("id", *PAYMENT_FIELDS, *EXPORT_FIELDS)):
                raise InputError(
                    f"no recognisable header: the first line has {shown}; expected payment "
                    f"columns ({', '.join(PAYMENT_FIELDS)}) or export columns "
                    f"({', '.join(EXPORT_FIELDS)}); name other headers with --map FIELD=Header")
            raise InputError(f"cannot tell payments from exports by the header ({shown}); "
                             "give --kind payment or --kind export")
        kind = max(scores, key=lambda k: scores[k])

    fields = FIELDS[kind]
    unknown = sorted(set(overrides) - set(fields))
    if unknown:
        raise InputError(f"--map/--mapping: {', '.join(unknown)} is not a {kind} field; "
                         f"{kind} fields are {', '.join(fields)}")
    cols: list[tuple[str, int]] = []
    for field in fields:
        wanted = overrides.get(field)
        idx = keys.get(norm_header(wanted if wanted is not None else field))
        if wanted is not None and not idx:
            raise InputError(f"mapped column {wanted!r} for {field} is not in the header "
                             f"({shown})")
        if not idx:
            continue
        if len(idx) > 1:
            raise InputError(f"{field}: the header has {len(idx)} columns named like "
                             f"{header[idx[0]]!r} (columns {', '.join(str(i + 1) for i in idx)})"
                             "; name one with --map")
        cols.append((field, idx[0]))
    found = {f for f, _ in cols}
    if "id" not in found:
        raise InputError(f"no id column: the header has {shown}; name it with --map id=Header")
    if "date" not in found and not date_optional:
        raise InputError(f"no date column: the header has {shown}; name it with "
                         "--map date=Header, or give --as-of DATE to screen every row as of "
                         "that date")
    if not found & set(PARTY_FIELDS[kind]):
        raise InputError(f"no party column for {kind}s: the header has {shown}; expected one "
                         f"of {', '.join(PARTY_FIELDS[kind])} (or --map one)")
    return ColumnMap(kind=kind, columns=tuple(cols), header=tuple(header))


# -- values --------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2})?)?")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DMY_DOT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})")
_JA = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_FORMATS = "yyyy-mm-dd (optionally with a time), yyyy/mm/dd, dd.mm.yyyy, yyyymmdd, yyyy年m月d日"


@lru_cache(maxsize=4096)
def parse_date(text: str) -> dt.date:
    """A date in an unambiguous format (see DATE_FORMATS). Slash dates with the day or month
    first (03/04/2022) are refused: their order cannot be told. (Cached: files repeat dates.)"""
    s = text.strip()
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s[:4].isdigit():
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            pass  # the slow path below says why
    for rx, order in ((_ISO, "ymd"), (_YMD_SLASH, "ymd"), (_DMY_DOT, "dmy"), (_BASIC, "ymd"),
                      (_JA, "ymd")):
        m = rx.fullmatch(s)
        if m:
            a, b, c = (int(x) for x in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(y, mo, d)
            except ValueError as exc:
                raise ValueError(f"{s!r} is not a real date ({exc})") from None
    if re.fullmatch(r"\d{1,2}[/-]\d{1,2}[/-]\d{2,4}", s):
        raise ValueError(f"{s!r} is ambiguous (day/month or month/day?); write yyyy-mm-dd")
    raise ValueError(f"{s!r} is not a date in a known format ({DATE_FORMATS})")


_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse_decimal(text: str) -> Decimal:
    """An amount: `1234.56`, `1,234.56`, `1 234,56`, `1.234,56`, `1234,56`, `1.234.567`.
    A single comma followed by exactly three digits (`1,234`: thousands or decimals?) is
    refused as ambiguous; a single dot is always the decimal point."""
    if _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    s = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    neg = s.startswith("-")
    body = s[1:] if neg or s.startswith("+") else s
    if "," in body and "." in body:
        dec = "," if body.rfind(",") > body.rfind(".") else "."
        thou = "." if dec == "," else ","
        body = body.replace(thou, "").replace(dec, ".")
    elif body.count(".") > 1 and all(len(p) == 3 for p in body.split(".")[1:]):
        body = body.replace(".", "")
    elif "," in body:
        head, _, tail = body.rpartition(",")
        if body.count(",") == 1 and len(tail) != 3:
            body = head + "." + tail
        elif body.count(",") > 1 and all(len(p) == 3 for p in body.split(",")[1:]):
            body = body.replace(",", "")
        else:
            raise ValueError(f"{text.strip()!r} is ambiguous (is the comma a thousands or a "
                             "decimal separator?)")
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text.strip()!r} is not a number")
    return -value if neg else value


class RowError(ValueError):
    """A row that cannot be read; the message names the field and why."""


def build_record(cmap: ColumnMap, fields: Sequence[str], default_date: dt.date | None = None
                 ) -> dict[str, object]:
    """The record dict for one row, with dates and amounts parsed; RowError if it cannot be
    read (empty id or date, bad date, bad amount, a payment with no party at all)."""
    rec: dict[str, object] = {"kind": cmap.kind}
    problems: list[str] = []
    for field, i in cmap.columns:
        value = fields[i].strip()
        if not value:
            if field in ("id", "date"):
                problems.append(f"{field}: empty (required)")
            continue
        if field == "date":
            try:
                rec[field] = parse_date(value)
            except ValueError as exc:
                problems.append(f"date: {exc}")
        elif field in DECIMAL_FIELDS:
            try:
                rec[field] = parse_decimal(value)
            except ValueError as exc:
                problems.append(f"{field}: {exc}")
        else:
            rec[field] = value
    if "date" not in rec and default_date is not None and not cmap.has("date"):
        rec["date"] = default_date
    if not problems and not any(rec.get(f) for f in PARTY_FIELDS[cmap.kind]):
        problems.append("no party to screen: " + ", ".join(PARTY_FIELDS[cmap.kind])
                        + " are all empty")
    if problems:
        raise RowError("; ".join(problems))
    return rec
