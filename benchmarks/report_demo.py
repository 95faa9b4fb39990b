"""Demo of the review report with about 5,000 alerts: writes the report and a screenshot.

Generates a payments file where about half the rows name a sanctioned party, screens it once,
records false_positive decisions on some alert rows (through the same review CSV an analyst
fills), screens again with the decisions and `--report`, then opens the page in headless
chromium (Debian's, via Playwright) and reports how long it takes to show, and the page size.
Output goes to benchmarks/out/ (not committed): report.html, report.png, report-suppressed.png.

    python benchmarks/report_demo.py                 # 10,000 rows, about 5,000 alerts
    python benchmarks/report_demo.py --rows 2000
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_throughput import BICS, HEADER, SANCTIONED, name_pool  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def generate(path: Path, rows: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    pool = name_pool(rng, 1000)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(1, rows + 1):
            ben, bic = rng.choice(pool), rng.choice(BICS)
            if rng.random() < 0.5:
                ben, _ = rng.choice(SANCTIONED)
            w.writerow([f"T{i:07d}", f"2022-04-{1 + i % 28:02d}", f"{rng.randint(1, 10**6)}.00",
                        "USD", rng.choice(pool), "JP", rng.choice(BICS), ben, "RU", bic, "",
                        "invoice"])


def screen(*args: str) -> float:
    exe = Path(sys.executable).parent / "screen"
    t = time.perf_counter()
    rc = subprocess.run([str(exe), *args, "-q"]).returncode
    if rc not in (0, 1):
        raise SystemExit(f"screen exited with {rc}")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    data, results, reviewed = OUT / "demo.csv", OUT / "results.csv", OUT / "reviewed.csv"
    db, report = OUT / "decisions.sqlite", OUT / "report.html"
    db.unlink(missing_ok=True)
    generate(data, args.rows)
    print(f"screened {args.rows:,} rows in {screen(str(data), '-o', str(results)):.1f} s")
    with results.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    alerts = [r for r in rows if r["decision"] in ("BLOCK", "REVIEW")]
    seen: set[str] = set()
    for r in alerts:  # one review per distinct hit set: a namesake, checked
        if r["hit_refs"] not in seen and len(seen) < 3:
            seen.add(r["hit_refs"])
            r.update(review_outcome="false_positive", reviewer="alice",
                     review_reason="namesake: date of birth and address differ")
    with reviewed.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    subprocess.run([str(Path(sys.executable).parent / "screen"), "decisions", "import",
                    str(reviewed), "--db", str(db)], check=True)
    secs = screen(str(data), "-o", str(results), "--decisions", str(db), "--report", str(report))
    print(f"screened again with decisions and --report in {secs:.1f} s; report "
          f"{report.stat().st_size / 1e6:.1f} MB")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("playwright is not installed: pip install -e '.[test]'") from None
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no chromium at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        t = time.perf_counter()
        page.goto(report.resolve().as_uri())
        page.wait_for_selector("li.alert")
        shown = time.perf_counter() - t
        nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].domComplete")
        total = page.locator("#alerts").get_attribute("data-total")
        print(f"page shows its first alerts {shown:.2f} s after opening (page's own load and "
              f"first render: {nav / 1000:.2f} s); {total} alert rows; console errors: "
              f"{errors or 'none'}")
        page.screenshot(path=str(OUT / "report.png"))
        ms = page.evaluate("""() => {
            const t = performance.now();
            const b = document.getElementById('f-block');
            b.checked = false; b.dispatchEvent(new Event('change'));
            const s = document.getElementById('f-score');
            s.value = '0.9'; s.dispatchEvent(new Event('input'));
            return performance.now() - t; }""")
        print(f"two filter changes (decision, score) re-rendered in {ms:.0f} ms in the page: "
              f"{page.locator('#alerts').get_attribute('data-total')} rows")
        page.uncheck("#f-review")
        page.fill("#f-score", "0")
        print(f"cleared by decisions: {page.locator('#alerts').get_attribute('data-total')} rows")
        page.screenshot(path=str(OUT / "report-suppressed.png"))
        browser.close()
    print(f"wrote {report}, {OUT / 'report.png'} and {OUT / 'report-suppressed.png'}")


if __name__ == "__main__":
    main()
