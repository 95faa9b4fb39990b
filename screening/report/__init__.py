"""The review report: one self-contained HTML page for the analyst.

`screen FILE --report report.html` writes it. The page holds its data as embedded JSON and its
own script and styles (no network access: a Content-Security-Policy forbids any fetch), and
renders one page of alerts at a time, so it stays fast with thousands of alerts.

Public API: `AlertCollector`, `build_html(alerts, meta)`, `write_report(...)`, `alert_item`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.report.data import alert_item

if TYPE_CHECKING:
    from screening.batch_summary import Summary
    from screening.engine import Screener

MAX_ALERTS = 50_000
"""Alert rows kept for one report (the page says how many more there were)."""

__all__ = ["MAX_ALERTS", "AlertCollector", "alert_item", "build_html", "write_report"]


class AlertCollector(list):
    """A list of alert items that keeps the first `limit` and counts the rest."""

    def __init__(self, limit: int = MAX_ALERTS) -> None:
        super().__init__()
        self.limit = limit
        self.dropped = 0

    def extend(self, items: Iterable[dict[str, Any]]) -> None:  # type: ignore[override]
        items = list(items)
        room = max(0, self.limit - len(self))
        super().extend(items[:room])
        self.dropped += len(items) - min(room, len(items))


def _asset(name: str) -> str:
    return resources.files("screening.report").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _script_json(data: Any) -> str:
    """JSON safe inside a <script> element (no `</script>` or `<!--` can appear)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def build_html(alerts: Sequence[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The report page for `alerts` (items from `alert_item`) and the run's `meta` (counts
    per decision, lists and versions, as-of, file, time)."""
    entries: dict[str, Any] = {}
    rows = []
    for a in alerts:
        entries.update(a.get("entries", {}))
        rows.append({k: v for k, v in a.items() if k != "entries"})
    payload = {"meta": meta, "alerts": rows, "entries": entries}
    css = _asset("report.css")
    js = _asset("report.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    title = f"Screening review: {meta.get('file', '')}"
    parts = {"CSP": csp, "CSS": css, "JS": js, "DATA": _script_json(payload),
             "TITLE": _escape(title)}
    # one pass over the template, so nothing inserted is itself substituted
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: parts[m.group(1)], _asset("template.html"))


def _escape(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def run_meta(summary: Summary, screener: Screener, as_of: dt.date | None,
             dropped: int = 0) -> dict[str, Any]:
    """What the report's summary shows about a batch run."""
    ds = screener.decisions
    return {
        "file": str(summary.path), "kind": str(summary.kind), "rows": summary.rows,
        "counts": {d: summary.counts.get(d, 0) for d in ("BLOCK", "REVIEW", "CLEAR", "ERROR")},
        "as_of": str(as_of) if as_of else None,
        "generated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "lists": [{"id": wl.id, "authority": wl.authority, "title": wl.title,
                   "entries": len(wl.entities), "version": str(wl.version)}
                  for wl in screener.lists],
        "rules": len(getattr(screener.rules, "rules", ()) or ()),
        "decisions": None if ds is None else {
            "source": ds.source, "in_force": len(ds), "require_approval": ds.require_approval,
            "today": str(ds.today)},
        "dropped": dropped,
        "errors": list(summary.errors),
    }


def write_report(path: str | Path, alerts: Sequence[dict[str, Any]] | None, summary: Summary,
                 screener: Screener, as_of: dt.date | None = None) -> None:
    """Write the report for a batch run to `path` (a temporary file renamed when complete)."""
    alerts = alerts or []
    meta = run_meta(summary, screener, as_of, getattr(alerts, "dropped", 0))
    html = build_html(alerts, meta)
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                               dir=target.parent if str(target.parent) else ".")
    try:
        with open(fd, "w", encoding="utf-8") as f:
            f.write(html)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
