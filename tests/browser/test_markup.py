"""What the built HTML must say for the browser to stay quiet, checked in the files themselves (no
browser): a console error that depends on the browser's mood is still an error.

- Every page declares an icon that exists (an inline one is a copy of the course icon). A page without
  one makes the browser ask the server for /favicon.ico, a 404 in the console; headless Chromium asks
  only once per browser, so the console check alone (test_pages.py::test_no_errors) would catch it on
  one page at most, by chance of order.
- No page runs the same <script> twice. sphinx-thebe's `const THEBE_JS_URL = ...` came twice on every
  page ("SyntaxError: Identifier 'THEBE_JS_URL' has already been declared"); book/_templates/layout.html
  writes each script once.
"""

from __future__ import annotations

import base64
import html.parser
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest

from tools.browser import site_pages
from tools.course import SITE

COURSE_ICON = SITE / "_static" / "favicon.svg"  # html_favicon
_INLINE_PREFIX = "data:image/svg+xml;base64,"


class _Icons(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.icons: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "icon" in (attrs.get("rel") or "").lower().split():
            self.icons.append(attrs.get("href") or "")


@pytest.mark.parametrize("page", site_pages())
def test_page_declares_an_icon_that_exists(page):
    parser = _Icons()
    parser.feed((SITE / page).read_text(encoding="utf-8"))
    assert parser.icons, f"{page} declares no <link rel=icon>: the browser will ask for /favicon.ico (404)"
    for href in parser.icons:
        parts = urlsplit(href)
        if parts.scheme == "data":
            # an inline icon (the slide decks, the root redirect) is a copy of the course icon
            assert href.startswith(_INLINE_PREFIX), f"{page}: icon {href[:60]}... is not an inline SVG"
            assert base64.b64decode(href[len(_INLINE_PREFIX):]) == COURSE_ICON.read_bytes(), (
                f"{page}: its inline icon is not {COURSE_ICON.relative_to(SITE)}"
            )
            continue
        assert not parts.scheme and not parts.netloc, f"{page}: icon from another host: {href}"
        target = ((SITE / page).parent / unquote(parts.path)).resolve()
        assert target.is_file() and target.is_relative_to(SITE.resolve()), f"{page}: icon {href} missing"


# one-line script elements, inline or not, as Sphinx writes them into a page's <head>
_SCRIPT = re.compile(r"^\s*(<script\b[^>]*>.*?</script>)\s*$", re.M)


@pytest.mark.parametrize("page", site_pages())
def test_scripts_written_once(page):
    text = (SITE / page).read_text(encoding="utf-8")
    head = text[: text.find("</head>")] if "</head>" in text else text
    repeated = [tag[:100] for tag, n in Counter(_SCRIPT.findall(head)).items() if n > 1]
    assert not repeated, f"{page}: scripts written more than once: {repeated}"
