"""Print the whole built book to one PDF (after `make site`), with Chromium through playwright.

Usage: python -m tools.make_pdf [--site _build/html] [--out _build/pdf/l1-vs-l2-course.pdf]
       [--chromium /usr/bin/chromium]   (after `make site`)

Jupyter Book's own `--builder pdfhtml` stops with "unknown node type: HiddenCellNode" on books that
use sphinx-exercise (jupyter-book issue #2322), so this script does what that builder does in its
place: it joins the article of every page of the built website, in the order of _toc.yml, into one
HTML file next to the chapters (so every relative link to images and styles still works), lets
KaTeX typeset it, prepares it for paper in the browser (tools/print_page.js: folded solutions and
answers unfolded, each slider figure printed as the frame it shows with its setting and the frames at
the slider's ends, long code lines wrapped under their own indentation) and prints it as a tagged PDF
(structure for screen readers) with bookmarks. Printed from a site without solutions (the student
edition), it shows none. Not part of CI.
"""

from __future__ import annotations

import argparse
import html
import pathlib
import re
import sys

from tools.browser import CHROMIUM
from tools.course import ROOT, SITE, toc_pages

ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*?)</article>', re.S)
HEAD = re.compile(r"<head>(.*?)</head>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
PRINT_JS = pathlib.Path(__file__).with_name("print_page.js")
PRINT_CSS = """
body { margin: 0; } .bd-article { max-width: none; }
.print-page { break-before: page; } .print-page:first-child { break-before: auto; }
.headerlink, .toggle-button, .copybtn, .sd-summary-state-marker { display: none !important; }
div.cell_output, div.cell_input, figure, img, details { break-inside: avoid; }
pre { font-size: 8pt; white-space: pre-wrap; }
.print-line { display: block; position: relative; min-height: 1lh; overflow-wrap: anywhere;
  padding-left: var(--hang); text-indent: calc(-1 * var(--hang)); }
.print-nobreak { white-space: nowrap; }
.print-line::before { content: ""; position: absolute; top: 1lh; bottom: 0;
  left: calc(var(--hang) - 2ch); border-left: 1.5px solid #888; }
.print-player figure { margin: 0.5em 0; } .print-player img { max-width: 100%; height: auto; }
.print-player figcaption { font-size: 0.85em; font-style: italic; }
.print-ends { display: flex; gap: 1em; } .print-end { flex: 1 1 0; }
"""
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def document_title(page_title: str) -> str:
    """The PDF's title from the first page's <title>. Sphinx writes '<page title> — <site title>'
    (the index page's: 'L1 vs L2 Regularization — L1 vs L2 Regularization'); the PDF is the whole
    site, so its title is the site's."""
    return html.unescape(page_title).rsplit(" — ", 1)[-1].strip()


def combined_html(site: pathlib.Path) -> str:
    """One HTML document with the article of every page, all pages living in the same folder."""
    pages = toc_pages()
    folders = {pathlib.PurePosixPath(p).parent for p in pages}
    if len(folders) != 1:
        raise SystemExit(f"error: pages in several folders {sorted(map(str, folders))}; links would break")
    first = (site / f"{pages[0]}.html").read_text(encoding="utf-8")
    head = HEAD.search(first).group(1)
    head = TITLE.sub(lambda m: f"<title>{html.escape(document_title(m.group(1)))}</title>", head, count=1)
    articles = []
    for page in pages:
        text = (site / f"{page}.html").read_text(encoding="utf-8")
        match = ARTICLE.search(text)
        if not match:
            raise SystemExit(f"error: no article in {page}.html; is {site} a Jupyter Book site?")
        articles.append(f'<section class="print-page">{match.group(1)}</section>')
    return (f"<!DOCTYPE html><html><head>{head}<style>{PRINT_CSS}</style></head>"
            f'<body><article class="bd-article">{"".join(articles)}</article></body></html>')


def print_pdf(page_html: pathlib.Path, out: pathlib.Path, chromium: str = CHROMIUM) -> int:
    """Print one HTML file to a tagged A4 PDF with bookmarks, after tools/print_page.js prepared it;
    returns the number of slider figures it printed as frames."""
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(page_html.resolve().as_uri(), wait_until="load")
        # KaTeX typesets on DOMContentLoaded, before `load`; preparePrint waits for fonts and images
        players = page.evaluate(PRINT_JS.read_text(encoding="utf-8") + "\npreparePrint()")
        page.pdf(path=str(out), format="A4", print_background=True, tagged=True, outline=True,
                 display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                 margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        browser.close()
    return players


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=pathlib.Path, default=SITE)
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "_build" / "pdf" / "l1-vs-l2-course.pdf")
    parser.add_argument("--chromium", default=CHROMIUM, help="Chromium or Chrome to print with (default: $CHROMIUM or /usr/bin/chromium)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"error: no built site in {args.site}; run `make site` first", file=sys.stderr)
        return 2
    pages = toc_pages()
    combined = args.site / pathlib.PurePosixPath(pages[0]).parent / "_print_all.html"
    combined.write_text(combined_html(args.site), encoding="utf-8")
    try:
        players = print_pdf(combined, args.out, args.chromium)
    finally:
        combined.unlink()
    print(f"{len(pages)} pages ({players} slider figures as frames) printed to {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
