"""The built website in a browser: a local static server and Chromium, shared by the browser tests
(tests/browser, ``make browser-test``) and the screenshots (``python -m tools.screenshots``).

The site in ``_build/html`` is served from 127.0.0.1 (a free port, a thread). The server compresses
text files with gzip when the browser asks for it, as any static host does (GitHub Pages, Netlify,
Read the Docs), so page weights measured through it are bytes over the wire. Chromium is Debian's
``/usr/bin/chromium`` (or ``CHROMIUM=/path``), driven by playwright: never ``playwright install``.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import pathlib
import threading
from collections.abc import Iterator

from tools.course import SITE

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def site_pages(site: pathlib.Path = SITE) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root ('book/04_l1_lasso.html');
    empty when the site is not built. Sphinx's own folders (``_static``, ``_sources``...) are left out."""
    if not (site / "index.html").exists():
        return []
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(site).parts)
    )


def chapter_pages(site: pathlib.Path = SITE) -> list[str]:
    """The book's own pages (chapters, guide, glossary): those under ``book/``."""
    return [p for p in site_pages(site) if p.startswith("book/")]


_COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".map", ".inv")


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed when asked, like a production static host. Every error
    response is recorded in the server's ``errors`` list as (status, path), in order: the browser makes
    some requests on its own that playwright never reports for the page (the /favicon.ico of a page
    that declares no icon), but the server sees them."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host

    def log_message(self, *args):  # quiet
        pass

    def send_error(self, code, message=None, explain=None):
        self.server.errors.append((code, self.path))
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


class SiteServer(http.server.ThreadingHTTPServer):
    """The running server: ``url`` is the site's base URL (ends with '/'), ``errors`` every error
    response sent so far as (status, path)."""

    daemon_threads = True
    url: str
    errors: list[tuple[int, str]]


@contextlib.contextmanager
def serve(site: pathlib.Path = SITE) -> Iterator[SiteServer]:
    """Serve ``site`` on 127.0.0.1 (a free port, in a thread) for the duration of the ``with`` block."""
    server = SiteServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(site)))
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    server.errors = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright):
    """Chromium from ``CHROMIUM`` through a started playwright (``sync_playwright()``)."""
    if not pathlib.Path(CHROMIUM).exists():
        raise FileNotFoundError(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM=/path)")
    return playwright.chromium.launch(executable_path=CHROMIUM)


def goto(page, base_url: str, page_path: str, site: pathlib.Path = SITE) -> None:
    """Open a page of the site and wait for `load`; a redirect page (the root index.html) is followed."""
    url = base_url + page_path
    page.goto(url, wait_until="load")
    if 'http-equiv="refresh"' in (site / page_path).read_text(encoding="utf-8").lower():
        page.wait_for_url(lambda u: u != url)
        page.wait_for_load_state("load")


def render_every_section(page) -> None:
    """Lay out the whole article now. course.css lets the browser skip sections far below the screen
    (content-visibility: auto) until the reader scrolls near them; checks of layout, contrast and
    screenshots must see every section laid out."""
    page.add_style_tag(content=".bd-article section { content-visibility: visible !important; }")


def wait_for_math(page) -> None:
    """Wait for the fonts of the typeset math (KaTeX typesets at build time, or in the browser before `load`)."""
    page.evaluate("document.fonts.ready.then(() => true)")
