"""Browser checks of the built website (``make browser-test``, after ``make site``).

The site in ``_build/html`` is served from 127.0.0.1 by a small HTTP server started here (a free
port, a thread), and Chromium (Debian's ``/usr/bin/chromium``, driven by playwright) loads every page.
The server compresses text files with gzip when the browser asks for it, as any static host does
(GitHub Pages, Netlify, Read the Docs): page weights are bytes over the wire, the measure web tools
use for page weight (Lighthouse's "total byte weight" audit sums each request's transfer size). The
table at the end also gives the uncompressed bytes.

These tests are not part of plain ``pytest`` (``tests/browser`` is in ``norecursedirs``): they need a
built site and a browser. Run them with ``make browser-test``.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import http.server
import os
import pathlib
import threading
from urllib.parse import urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
HERE = pathlib.Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Budgets of issue 6: a page with everything it loads, and the time from navigation to `load`.
MAX_PAGE_BYTES = 2_000_000
MAX_LOAD_SECONDS = 1.0

# There is no allow-list of console messages: a page passes with zero console errors, zero uncaught
# exceptions and zero failed requests (test_pages.py::test_no_errors). Two that every page had are gone
# at their source: "Identifier 'THEBE_JS_URL' has already been declared" (book/_templates/layout.html
# writes each <script> once) and the 404 for /favicon.ico (every page, the slide decks and the root
# redirect included, declares an icon: test_markup.py).

# axe-core rules the theme breaks in a way this book cannot fix, with a selector substring and why.
# Serious or critical violations outside this list fail the accessibility test.
AXE_ALLOWED: dict[tuple[str, str], str] = {
    # The bibliography (sphinxcontrib-bibtex through docutils' HTML writer) is a <div role="list"> whose
    # entries carry role="doc-biblioentry" instead of "listitem"; screen readers still read every entry
    # in order. Only the generated markup could change this, not the book's configuration or CSS.
    ("aria-required-children", ".citation-list"): "docutils' bibliography markup",
}


def site_pages() -> list[str]:
    """Every HTML page of the built site, as paths relative to its root ('book/04_l1_lasso.html')."""
    if not (SITE / "index.html").exists():
        return []
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(SITE).parts)
    )


def chapter_pages() -> list[str]:
    return [p for p in site_pages() if p.startswith("book/")]


def pytest_collection_modifyitems(config, items):
    if not site_pages():
        raise pytest.UsageError(f"no built site in {SITE}: run `make site` first")


# -- the server
_COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".map", ".inv")


# Every error response the server sent, as (status, path), in order. The browser makes some requests
# on its own that playwright never reports for the page (the /favicon.ico of a page that declares no
# icon): the server still sees them, and record_visit counts them as failed requests of the page.
SERVER_ERRORS: list[tuple[int, str]] = []


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed when asked, like a production static host."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host

    def log_message(self, *args):  # quiet
        pass

    def send_error(self, code, message=None, explain=None):
        SERVER_ERRORS.append((code, self.path))
        super().send_error(code, message, explain)

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed a connection early
            self.close_connection = True

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in _COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = _gzipped(str(path), path.stat().st_mtime)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    """A file-like object over bytes, which SimpleHTTPRequestHandler copies to the socket and closes."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, n=-1):
        chunk = self.data[self.pos :] if n < 0 else self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk

    def close(self):
        pass


@functools.cache
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(pathlib.Path(path).read_bytes(), compresslevel=6)


@pytest.fixture(scope="session")
def base_url():
    handler = functools.partial(_Handler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM=/path)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def is_local(url: str, base_url: str) -> bool:
    scheme = urlsplit(url).scheme
    return scheme in ("data", "blob", "about") or url.startswith(base_url)


# -- one recorded visit per page, shared by the offline / error / weight / speed / math tests
@dataclasses.dataclass
class Visit:
    page: str
    external_requests: list = dataclasses.field(default_factory=list)
    failed_requests: list = dataclasses.field(default_factory=list)
    console_errors: list = dataclasses.field(default_factory=list)
    load_seconds: float = 0.0
    transfer_bytes: int = 0
    raw_bytes: int = 0
    requests: int = 0
    math: dict = dataclasses.field(default_factory=dict)


VISITS: dict[str, Visit] = {}

# Text nodes of the article outside code, rendered math and scripts (for the raw-TeX check).
_ARTICLE_TEXT_JS = """() => {
  const root = document.querySelector('article.bd-article') || document.body;
  const skip = 'pre, code, script, style, .katex, .highlight';
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && !n.parentElement.closest(skip) && n.textContent.trim()) out.push(n.textContent);
  }
  return out;
}"""


def new_page(browser, base_url):
    """A page in a fresh browser context (empty cache, fresh profile)."""
    context = browser.new_context()
    return context, context.new_page()


def goto(page, base_url: str, page_path: str):
    """Open a page of the site and wait for `load`; a redirect page (the root index.html) is followed."""
    url = base_url + page_path
    page.goto(url, wait_until="load")
    if 'http-equiv="refresh"' in (SITE / page_path).read_text(encoding="utf-8").lower():
        page.wait_for_url(lambda u: u != url)
        page.wait_for_load_state("load")


def _load_seconds(page) -> float:
    """Time from the start of navigation to the `load` event of the page now shown."""
    return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart") / 1000


def render_every_section(page):
    """Lay out the whole article now. course.css lets the browser skip sections far below the screen
    (content-visibility: auto) until the reader scrolls near them; checks of layout, contrast and
    screenshots must see every section laid out."""
    page.add_style_tag(content=".bd-article section { content-visibility: visible !important; }")


def wait_for_math(page):
    """KaTeX typesets on DOMContentLoaded, before `load`; wait for the fonts it asked for."""
    page.evaluate("document.fonts.ready.then(() => true)")


def record_visit(browser, base_url, page_path: str) -> Visit:
    """Load a page cold, record its requests, console, timing and weight; cached per page."""
    if page_path in VISITS:
        return VISITS[page_path]
    visit = Visit(page_path)
    server_errors_before = len(SERVER_ERRORS)
    context, page = new_page(browser, base_url)
    responses = []

    def on_request(request):
        if not is_local(request.url, base_url):
            visit.external_requests.append(request.url)

    def on_console(msg):
        if msg.type == "error":
            where = (msg.location or {}).get("url", "")
            visit.console_errors.append(f"console.error: {msg.text}" + (f" [{where}]" if where else ""))

    page.on("request", on_request)
    page.on("requestfinished", lambda r: responses.append(r))
    page.on("requestfailed", lambda r: visit.failed_requests.append(f"{r.url} ({r.failure})"))
    page.on("console", on_console)
    page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
    goto(page, base_url, page_path)
    visit.load_seconds = _load_seconds(page)
    wait_for_math(page)
    for request in responses:
        response = request.response()
        if response is None or not request.url.startswith(base_url):
            continue
        if response.status >= 400:
            visit.failed_requests.append(f"{request.url} (HTTP {response.status})")
        visit.transfer_bytes += request.sizes()["responseBodySize"]
        try:
            visit.raw_bytes += len(response.body())
        except Exception:  # a redirect has no body
            pass
    visit.requests = len(responses)
    if visit.load_seconds > MAX_LOAD_SECONDS:
        # one slow load can be the machine's doing (another process, a garbage collection): the time
        # reported is the median of three cold loads
        times = [visit.load_seconds]
        for _ in range(2):
            other_context, other = new_page(browser, base_url)
            goto(other, base_url, page_path)
            times.append(_load_seconds(other))
            other_context.close()
        visit.load_seconds = sorted(times)[1]
    visit.math = page.evaluate(
        """() => ({
            source: document.querySelectorAll('article .math').length,
            rendered: document.querySelectorAll('article .math .katex').length,
            katex: !!window.katex,
        })"""
    )
    visit.math["text"] = page.evaluate(_ARTICLE_TEXT_JS)
    context.close()
    # what the server refused that playwright did not report (the browser's own requests); headless
    # Chromium asks for /favicon.ico once per browser at most, so test_markup.py checks icons statically
    reported = set(visit.failed_requests)
    for status, path in SERVER_ERRORS[server_errors_before:]:
        if not any(path in failed for failed in reported):
            visit.failed_requests.append(f"{base_url}{path.lstrip('/')} (HTTP {status}, the browser's own request)")
    VISITS[page_path] = visit
    return visit


@pytest.fixture(scope="session")
def visit(browser, base_url):
    return functools.partial(record_visit, browser, base_url)


def pytest_terminal_summary(terminalreporter):
    if not VISITS:
        return
    tr = terminalreporter
    tr.section("page weight and load time (Chromium, 127.0.0.1, cold cache)")
    tr.write_line(f"{'page':42s} {'requests':>8s} {'transfer':>10s} {'raw':>10s} {'load':>8s}")
    for page in sorted(VISITS):
        v = VISITS[page]
        flag = " !" if v.transfer_bytes > MAX_PAGE_BYTES or v.load_seconds > MAX_LOAD_SECONDS else ""
        tr.write_line(
            f"{page:42s} {v.requests:8d} {v.transfer_bytes / 1e6:8.2f}MB {v.raw_bytes / 1e6:8.2f}MB "
            f"{v.load_seconds * 1000:6.0f}ms{flag}"
        )
    tr.write_line(
        f"budgets: transfer (gzip, as a static host serves it) <= {MAX_PAGE_BYTES / 1e6:.0f} MB, "
        f"load <= {MAX_LOAD_SECONDS * 1000:.0f} ms; raw = uncompressed bytes"
    )
