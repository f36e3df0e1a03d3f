"""Fixtures and hooks of the browser checks of the built website (``make browser-test``, after ``make site``).

The server, Chromium and page navigation are in tools/browser.py (shared with ``python -m tools.screenshots``);
what a visit records and the budgets are in pages.py. These tests are not part of plain ``pytest``
(``tests/browser`` is in ``norecursedirs``): they need a built site and a browser.
"""

from __future__ import annotations

import functools

import pytest
from pages import MAX_DECK_BYTES, MAX_LOAD_SECONDS, MAX_PAGE_BYTES, VISITS, max_bytes, record_visit

from tools.browser import launch_chromium, serve, site_pages
from tools.course import SITE


def pytest_collection_modifyitems(config, items):
    if not site_pages():
        raise pytest.UsageError(f"no built site in {SITE}: run `make site` first")


@pytest.fixture(scope="session")
def server():
    with serve() as running:
        yield running


@pytest.fixture(scope="session")
def base_url(server):
    return server.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            browser = launch_chromium(p)
        except FileNotFoundError as error:
            pytest.fail(str(error))
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def visit(browser, server):
    return functools.partial(record_visit, browser, server)


def pytest_terminal_summary(terminalreporter):
    if not VISITS:
        return
    tr = terminalreporter
    tr.section("page weight and load time (Chromium, 127.0.0.1, cold cache)")
    tr.write_line(f"{'page':42s} {'requests':>8s} {'transfer':>10s} {'raw':>10s} {'load':>8s}")
    for page in sorted(VISITS):
        v = VISITS[page]
        flag = " !" if v.transfer_bytes > max_bytes(page) or v.load_seconds > MAX_LOAD_SECONDS else ""
        tr.write_line(
            f"{page:42s} {v.requests:8d} {v.transfer_bytes / 1e6:8.2f}MB {v.raw_bytes / 1e6:8.2f}MB "
            f"{v.load_seconds * 1000:6.0f}ms{flag}"
        )
    tr.write_line(
        f"budgets: transfer (gzip, as a static host serves it) <= {MAX_PAGE_BYTES / 1e6:.0f} MB "
        f"(a slide deck {MAX_DECK_BYTES / 1e6:.1f} MB), "
        f"load <= {MAX_LOAD_SECONDS * 1000:.0f} ms; raw = uncompressed bytes"
    )
