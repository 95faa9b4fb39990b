"""The service's docs page in a real headless browser (Debian's chromium driven by Playwright)
with every host but the service blocked: /docs must load its Swagger UI from the package and
list the operations, with no internet."""

from __future__ import annotations

from urllib.parse import urlsplit

from service_support import config, running_server


def _offline_page(browser, base: str):
    """A page that may reach only `base`; requests to any other host are aborted and listed."""
    page = browser.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    here = urlsplit(base).netloc

    def route(r):
        if urlsplit(r.request.url).netloc == here:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, blocked, errors


def test_docs_page_lists_the_operations_with_no_internet(browser, tmp_path):
    with running_server(config(tmp_path)) as (base, _svc):
        page, blocked, errors = _offline_page(browser, base)
        try:
            page.goto(base + "/docs")
            page.wait_for_selector(".opblock-summary-path", timeout=20_000)
            paths = {page.locator(".opblock-summary-path").nth(i).get_attribute("data-path")
                     for i in range(page.locator(".opblock-summary-path").count())}
            title = page.locator(".info .title").first.inner_text()
        finally:
            page.close()
    assert {"/v1/screen", "/match/{dataset}", "/search", "/lists", "/admin/reload",
            "/healthz"} <= paths
    assert "screening service" in title
    assert blocked == [] and errors == []


def test_redoc_page_renders_with_no_internet(browser, tmp_path):
    with running_server(config(tmp_path)) as (base, _svc):
        page, blocked, errors = _offline_page(browser, base)
        try:
            page.goto(base + "/redoc")
            page.get_by_text("/v1/screen").first.wait_for(timeout=20_000)
        finally:
            page.close()
    # ReDoc's "powered by" footer logo is its only outside request: cosmetic, left blocked
    assert [u for u in blocked if not u.endswith("/logo-mini.svg")] == [] and errors == []
