"""What the browser tests measure on a page and the budgets they hold it to (the fixtures are in
conftest.py; the server, Chromium and page navigation in tools/browser.py).

Page weights are bytes over the wire from the local server, which gzips text as static hosts do: the
measure web tools use for page weight (Lighthouse's "total byte weight" audit sums each request's
transfer size). The table at the end of a run also gives the uncompressed bytes.
"""

from __future__ import annotations

import dataclasses
import pathlib
from urllib.parse import urlsplit

from tools.browser import goto, wait_for_math

AXE_JS = pathlib.Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # tools/vendor_assets.sh

# Budgets of issue 6: a page with everything it loads, and the time from navigation to `load`.
MAX_PAGE_BYTES = 2_000_000
# A slide deck is opened once by the presenter on a laptop (from a file or the local server), never
# read on a phone, and its figures are drawn 1200 px wide for a projector (losslessly optimized PNGs,
# tools/slide_figures.py): it gets its own budget. Measured: about 2.0 MB per deck.
MAX_DECK_BYTES = 2_500_000


def max_bytes(page: str) -> int:
    """The transfer budget of a page of the site: a deck's or a page's."""
    return MAX_DECK_BYTES if page.startswith("slides/") else MAX_PAGE_BYTES
MAX_LOAD_SECONDS = 1.0

# There is no allow-list of console messages: a page passes with zero console errors, zero uncaught
# exceptions and zero failed requests (test_pages.py::test_no_errors). Two that every page had are gone
# at their source: "Identifier 'THEBE_JS_URL' has already been declared" (book/_templates/layout.html
# writes each <script> once) and the 404 for /favicon.ico (every page, the slide decks and the root
# redirect included, declares an icon: test_markup.py).


def is_local(url: str, base_url: str) -> bool:
    scheme = urlsplit(url).scheme
    return scheme in ("data", "blob", "about") or url.startswith(base_url)


def new_page(browser):
    """A page in a fresh browser context (empty cache, fresh profile)."""
    context = browser.new_context()
    return context, context.new_page()


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


def _load_seconds(page) -> float:
    """Time from the start of navigation to the `load` event of the page now shown."""
    return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart") / 1000


def record_visit(browser, server, page_path: str) -> Visit:
    """Load a page cold, record its requests, console, timing and weight; cached per page.
    ``server`` is the running ``tools.browser.serve()`` server (its base URL and its error log)."""
    if page_path in VISITS:
        return VISITS[page_path]
    base_url = server.url
    visit = Visit(page_path)
    server_errors_before = len(server.errors)
    context, page = new_page(browser)
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
            other_context, other = new_page(browser)
            goto(other, base_url, page_path)
            times.append(_load_seconds(other))
            other_context.close()
        visit.load_seconds = sorted(times)[1]
    visit.math = page.evaluate(
        """() => ({
            source: document.querySelectorAll('article .math').length,
            rendered: document.querySelectorAll('article .math .katex').length,
        })"""
    )
    visit.math["text"] = page.evaluate(_ARTICLE_TEXT_JS)
    context.close()
    # what the server refused that playwright did not report (the browser's own requests); headless
    # Chromium asks for /favicon.ico once per browser at most, so test_markup.py checks icons statically
    reported = set(visit.failed_requests)
    for status, path in server.errors[server_errors_before:]:
        if not any(path in failed for failed in reported):
            visit.failed_requests.append(f"{base_url}{path.lstrip('/')} (HTTP {status}, the browser's own request)")
    VISITS[page_path] = visit
    return visit
