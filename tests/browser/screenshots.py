"""Full-page screenshots of every page of the built site at desktop and phone width (`make screenshots`).

Writes _build/screenshots/<width>px/<page>.png, for looking at layout by eye: overflowing tables or
code, figures too small to read. Uses the same local server and Chromium as the browser tests.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import pathlib
import sys
import threading

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from conftest import CHROMIUM, ROOT, SITE, _Handler, goto, render_every_section, site_pages, wait_for_math  # noqa: E402

WIDTHS = {1280: 800, 390: 844}  # desktop; a common phone (CSS pixels, width: height)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("pages", nargs="*", help="pages relative to _build/html (default: every chapter)")
    args = parser.parse_args(argv)
    pages = args.pages or [p for p in site_pages() if p.startswith("book/")]
    if not pages:
        print(f"no built site in {SITE}: run `make site` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for width, height in WIDTHS.items():
            out = args.out / f"{width}px"
            out.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(viewport={"width": width, "height": height})
            tab = context.new_page()
            for page in pages:
                goto(tab, base_url, page)
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
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
