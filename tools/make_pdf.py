"""Print the whole built book to one PDF (after `make site`), with Chromium through playwright.

Usage: python -m tools.make_pdf [--site _build/html] [--out _build/pdf/l1-vs-l2-course.pdf]
       [--chromium /usr/bin/chromium]   (after `make site`)

Jupyter Book's own `--builder pdfhtml` stops with "unknown node type: HiddenCellNode" on books that
use sphinx-exercise (jupyter-book issue #2322), so this script does what that builder does in its
place: it joins the article of every page of the built website, in the order of _toc.yml, into one
HTML file next to the chapters (so every relative link to images and styles still works), lets
KaTeX typeset it, and prints it. Folded solutions and answers stay folded. Not part of CI.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

from tools.browser import CHROMIUM
from tools.course import ROOT, SITE, toc_pages

ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*?)</article>', re.S)
HEAD = re.compile(r"<head>(.*?)</head>", re.S)
PRINT_CSS = """
body { margin: 0 2em; } .bd-article { max-width: none; }
.print-page { break-before: page; } .print-page:first-child { break-before: auto; }
.headerlink, .toggle-button, .copybtn { display: none !important; }
div.cell_output, div.cell_input, figure, img { break-inside: avoid; }
"""


def combined_html(site: pathlib.Path) -> str:
    """One HTML document with the article of every page, all pages living in the same folder."""
    pages = toc_pages()
    folders = {pathlib.PurePosixPath(p).parent for p in pages}
    if len(folders) != 1:
        raise SystemExit(f"error: pages in several folders {sorted(map(str, folders))}; links would break")
    first = (site / f"{pages[0]}.html").read_text(encoding="utf-8")
    head = HEAD.search(first).group(1)
    articles = []
    for page in pages:
        text = (site / f"{page}.html").read_text(encoding="utf-8")
        match = ARTICLE.search(text)
        if not match:
            raise SystemExit(f"error: no article in {page}.html; is {site} a Jupyter Book site?")
        articles.append(f'<section class="print-page">{match.group(1)}</section>')
    return (f"<!DOCTYPE html><html><head>{head}<style>{PRINT_CSS}</style></head>"
            f'<body><article class="bd-article">{"".join(articles)}</article></body></html>')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=pathlib.Path, default=SITE)
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "_build" / "pdf" / "l1-vs-l2-course.pdf")
    parser.add_argument("--chromium", default=CHROMIUM, help="Chromium or Chrome to print with (default: $CHROMIUM or /usr/bin/chromium)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"error: no built site in {args.site}; run `make site` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    pages = toc_pages()
    combined = args.site / pathlib.PurePosixPath(pages[0]).parent / "_print_all.html"
    combined.write_text(combined_html(args.site), encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(combined.resolve().as_uri(), wait_until="load")
            # KaTeX typesets on DOMContentLoaded, before `load`; its fonts may still be arriving
            page.evaluate("document.fonts.ready.then(() => true)")
            page.pdf(path=str(args.out), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
            browser.close()
    finally:
        combined.unlink()
    print(f"{len(pages)} pages printed to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
