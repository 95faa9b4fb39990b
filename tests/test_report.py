"""The HTML review report, checked in a real headless browser (Debian's chromium driven by
Playwright): loads without console errors and without any network request, shows the alert
rows the run produced, filters, sorts and pages them, and keeps hostile text inert."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from screening.cli import main
from screening.engine import Screener
from screening.report import build_html
from screening.report.data import alert_item, highlight

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "payments.csv"
class Page:
    """A page opened on a report file, recording console errors and any non-file request."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith("file:")
                     else self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("#status")

    def alerts(self) -> int:
        return self.page.locator("li.alert").count()

    def total(self) -> int:
        return int(self.page.locator("#alerts").get_attribute("data-total"))

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def run_with_report(tmp_path_factory):
    """The example payments screened with one false_positive decision, with a report."""
    tmp = tmp_path_factory.mktemp("report")
    first = tmp / "first.csv"
    assert main([str(EXAMPLE), "-q", "-o", str(first)]) == 1
    rows = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8"))))
    pick = next(r for r in rows if r["decision"] == "BLOCK")
    pick.update(review_outcome="false_positive", review_reason="other bank", reviewer="alice")
    reviewed = tmp / "reviewed.csv"
    with reviewed.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    db = tmp / "d.sqlite"
    assert main(["decisions", "import", str(reviewed), "--db", str(db)]) == 0
    out, report = tmp / "results.csv", tmp / "report.html"
    assert main([str(EXAMPLE), "-q", "-o", str(out), "--report", str(report),
                 "--decisions", str(db)]) == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    return rows, report


def test_report_is_self_contained(run_with_report):
    _, report = run_with_report
    html = report.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link\b|@import|url\(", html)
    assert html.count("<script") == 2  # the data and the page's own script


def test_report_in_browser_shows_every_alert_row_and_filters(browser, run_with_report):
    rows, report = run_with_report
    block = sum(r["decision"] == "BLOCK" for r in rows)
    review = sum(r["decision"] == "REVIEW" for r in rows)
    cleared = sum(r["decision"] == "CLEAR" and "suppressed by decision" in r["notes"]
                  for r in rows)
    assert block and review and cleared
    p = Page(browser, report)
    try:
        assert p.errors == [] and p.requests == []
        assert p.total() == p.alerts() == block + review + cleared
        counts = p.page.locator("#counts td[data-decision=BLOCK]").text_content()
        assert counts == str(block)
        assert p.page.locator(".hit.suppressed").count() >= cleared
        assert "Suppressed by decision D1" in p.page.locator(".hit.suppressed").first.text_content()
        assert p.page.locator("mark").count() > 0  # matching words highlighted

        p.page.uncheck("#f-review")
        p.page.uncheck("#f-suppressed")
        assert p.total() == p.alerts() == block
        assert p.page.locator("li.alert.REVIEW").count() == 0
        p.page.check("#f-review")
        p.page.uncheck("#f-block")
        assert p.total() == review
        assert p.page.locator("li.alert.BLOCK").count() == 0
        p.page.check("#f-block")
        p.page.check("#f-suppressed")

        p.page.fill("#f-score", "0.99")
        high = sum(r["decision"] in ("BLOCK", "REVIEW") and float(r["best_score"]) >= 0.99
                   for r in rows)
        assert p.total() <= high + cleared
        scores = [float(s) for s in p.page.locator(".alert-head .score").all_text_contents()]
        assert scores and min(scores) >= 0.99
        p.page.fill("#f-score", "0")

        p.page.select_option("#f-sort", "score")
        scores = [float(s) for s in p.page.locator(".alert-head .score").all_text_contents()]
        assert scores == sorted(scores, reverse=True)
        p.page.select_option("#f-sort", "row")
        shown = [int(r) for r in p.page.locator("li.alert").evaluate_all(
            "els => els.map(e => e.dataset.row)")]
        assert shown == sorted(shown)

        first_block = next(r for r in rows if r["decision"] == "BLOCK")
        p.page.fill("#f-text", first_block["record_id"].lower())
        assert p.total() == 1
        assert p.page.locator("li.alert").get_attribute("data-row") == first_block["row"]
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def _many(n: int) -> list[dict]:
    screener = Screener.default()
    base = []
    for i, name in enumerate(["VTB Bank", "Vladimir Putin", "Vnesheconombank",
                                 "Aleksandr Lukashenko"]):
        rec = {"id": f"B{i}", "date": "2022-04-05", "amount": "1", "beneficiary_name": name}
        res = screener.screen(rec, row=i + 1)
        assert res.decision in ("BLOCK", "REVIEW")
        base.append(alert_item(res))
    items = []
    for i in range(n):
        item = dict(base[i % len(base)], row=i + 1, id=f"R{i + 1:05d}")
        item["score"] = round(0.86 + (i % 15) / 100, 2)
        item["decision"] = "BLOCK" if i % 3 else "REVIEW"
        items.append(item)
    return items


def test_report_with_5000_alerts_pages(browser, tmp_path):
    items = _many(5000)
    path = tmp_path / "big.html"
    meta = {"file": "big.csv", "kind": "payment", "rows": 250_000, "counts": {
        "BLOCK": 3333, "REVIEW": 1667, "CLEAR": 245_000, "ERROR": 0}, "as_of": None,
        "generated": "now", "lists": [], "rules": 9, "decisions": None, "dropped": 0}
    path.write_text(build_html(items, meta), encoding="utf-8")
    p = Page(browser, path)
    try:
        assert p.errors == []
        assert p.total() == 5000 and p.alerts() == 50  # one page at a time
        assert "of 5,000 alert rows" in p.page.locator("#status").text_content()
        rows_of = 'els => els.map(e => e.dataset.row)'
        page1 = set(p.page.locator("li.alert").evaluate_all(rows_of))
        p.page.locator("#pager-top button", has_text="next").click()
        page2 = set(p.page.locator("li.alert").evaluate_all(rows_of))
        assert len(page2) == 50 and not page1 & page2
        assert "page 2 of 100" in p.page.locator("#pager-top").text_content()
        p.page.uncheck("#f-block")
        assert p.total() == 1667 and p.alerts() == 50
        p.page.select_option("#f-size", "250")
        assert p.alerts() == 250
        assert p.errors == []
    finally:
        p.close()


def test_hostile_text_stays_text(browser, tmp_path):
    item = _many(1)[0]
    evil = "</script><script>alert('x')</script><img src=x onerror=alert(1)>"
    item["record"] = {"beneficiary_name": evil, "purpose": "{{TITLE}} \u2028 <!--"}
    item["notes"] = [evil]
    path = tmp_path / "evil.html"
    meta = {"file": evil, "kind": "payment", "rows": 1, "counts": {}, "as_of": None,
            "generated": "now", "lists": [], "rules": 1, "decisions": None, "dropped": 0}
    path.write_text(build_html([item], meta), encoding="utf-8")
    p = Page(browser, path)
    try:
        assert p.errors == [] and p.dialogs == [] and p.requests == []
        assert p.alerts() == 1
        assert evil in p.page.locator("li.alert .record").text_content()
        assert "{{TITLE}}" in p.page.locator("li.alert .record").text_content()
    finally:
        p.close()


def test_highlight_marks_words_across_scripts_and_spellings():
    segs = highlight("Vladimir Vladimirovich Putin", "PUTIN, Wladimir")
    marked = [t for t, on in segs if on]
    assert marked == ["Vladimir", "Putin"]
    assert [t for t, on in highlight("Владимир Путин", "Vladimir Putin") if on] == [
        "Владимир", "Путин"]
    assert "".join(t for t, _ in segs) == "Vladimir Vladimirovich Putin"


def _embedded(path: Path) -> dict:
    import json

    html = path.read_text(encoding="utf-8")
    marker = '<script id="report-data" type="application/json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start:html.index("</script>", start)])


def test_report_data_is_the_same_with_worker_processes(tmp_path, run_with_report):
    _, report = run_with_report
    two = tmp_path / "two.html"
    db = report.parent / "d.sqlite"
    assert main([str(EXAMPLE), "-q", "-o", str(tmp_path / "r.csv"), "--report", str(two),
                 "--decisions", str(db), "--jobs", "2"]) == 1
    one, other = _embedded(report), _embedded(two)
    assert one["alerts"] == other["alerts"] and one["entries"] == other["entries"]
    assert one["meta"]["counts"] == other["meta"]["counts"]
    assert one["meta"]["decisions"]["in_force"] == 1


def test_a_lapsed_decision_is_shown_beside_its_hit(browser, tmp_path):
    import datetime as dt

    from screening.decisions import DecisionSet, DecisionStore, NewDecision

    screener = Screener.default()
    rec = {"id": "X1", "date": "2022-04-05", "amount": "1", "beneficiary_name": "VTB Bank"}
    hit = screener.screen(rec).hits[0]
    with DecisionStore(tmp_path / "d.sqlite") as store:
        store.record([NewDecision.for_hit(hit, "false_positive", "alice", "other bank",
                                          expires=dt.date(2027, 1, 1))])
        ds = DecisionSet(store.decisions(), today=dt.date(2027, 1, 2))
    res = screener.with_decisions(ds).screen(rec, row=1)
    assert res.decision == "BLOCK"
    path = tmp_path / "lapsed.html"
    meta = {"file": "x.csv", "kind": "payment", "rows": 1, "counts": {"BLOCK": 1},
            "as_of": None, "generated": "now", "lists": [], "rules": 9, "decisions": None,
            "dropped": 0}
    path.write_text(build_html([alert_item(res)], meta), encoding="utf-8")
    p = Page(browser, path)
    try:
        assert p.errors == []
        note = p.page.locator(".hit .decision-note.on-hit")
        assert note.count() == 1
        assert "expired on 2027-01-01" in note.text_content()
    finally:
        p.close()


def test_report_lists_rows_that_could_not_be_read(browser, tmp_path):
    data = tmp_path / "e.csv"
    data.write_text("id,date,amount,beneficiary_name\nP1,2022-04-05,1,VTB Bank\n"
                    "P2,03/04/2022,1,Someone\n", encoding="utf-8")
    report = tmp_path / "e.html"
    assert main([str(data), "-q", "-o", str(tmp_path / "out.csv"), "--report", str(report)]) == 3
    p = Page(browser, report)
    try:
        assert p.errors == [] and p.alerts() == 1
        errors = p.page.locator("ul.errors li").all_text_contents()
        assert len(errors) == 1 and "row 2" in errors[0] and "ambiguous" in errors[0]
    finally:
        p.close()
