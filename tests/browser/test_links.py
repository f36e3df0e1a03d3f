"""No broken internal link: every href/src of every built page that points into the site names a file
that exists, and every #anchor names an id on the page it points to. (No browser needed.)"""

from __future__ import annotations

import functools
import html.parser
import pathlib
from urllib.parse import unquote, urlsplit

import pytest

from tools.browser import site_pages
from tools.course import SITE


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            value = attrs.get(key)
            if value and not (tag == "link" and "preconnect" in (attrs.get("rel") or "")):
                self.refs.append((tag, value))


@functools.cache
def _parse(path: pathlib.Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _broken(page: str) -> list[str]:
    source = SITE / page
    broken = []
    for tag, ref in _parse(source).refs:
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:", "data:")):
            continue  # external links are links, not loads: test_offline checks what pages fetch
        target = source if not parts.path else (source.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(SITE.resolve()) or not target.exists():
            broken.append(f"<{tag}> {ref}: no file {target}")
            continue
        anchor = unquote(parts.fragment)
        if anchor and target.suffix == ".html" and anchor not in _parse(target).ids:
            broken.append(f"<{tag}> {ref}: no id {anchor!r} in {target.relative_to(SITE.resolve())}")
    return broken


@pytest.mark.parametrize("page", site_pages())
def test_internal_links(page):
    broken = _broken(page)
    assert not broken, f"{page}: {len(broken)} broken link(s):\n  " + "\n  ".join(broken)
