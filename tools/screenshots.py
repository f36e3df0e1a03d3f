"""Full-page screenshots of every page of the built site at desktop and phone width (`make screenshots`).

Usage: python -m tools.screenshots [--out DIR] [PAGE ...]   (after `make site`)

Writes _build/screenshots/<width>px/<page>.png, for looking at layout by eye: overflowing tables or
code, figures too small to read. Uses the same local server and Chromium as the browser tests
(tools/browser.py).
"""

from __future__ import annotations

import argparse
import pathlib
import sys

from tools.browser import chapter_pages, goto, launch_chromium, render_every_section, serve, wait_for_math
from tools.course import ROOT, SITE

WIDTHS = {1280: 800, 390: 844}  # desktop; a common phone (CSS pixels, width: height)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("pages", nargs="*", help="pages relative to _build/html (default: every chapter)")
    args = parser.parse_args(argv)
    pages = args.pages or chapter_pages()
    if not pages:
        print(f"no built site in {SITE}: run `make site` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with serve() as server, sync_playwright() as p:
        browser = launch_chromium(p)
        for width, height in WIDTHS.items():
            out = args.out / f"{width}px"
            out.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(viewport={"width": width, "height": height})
            tab = context.new_page()
            for page in pages:
                goto(tab, server.url, page)
                render_every_section(tab)
                wait_for_math(tab)
                overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                target = out / (page.replace("/", "_").removesuffix(".html") + ".png")
                tab.screenshot(path=str(target), full_page=True)
                note = f"  (page is {overflow}px wider than the window)" if overflow > 0 else ""
                shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target  # --out may be elsewhere
                print(f"{shown}{note}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
