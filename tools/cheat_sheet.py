"""A one-page cheat-sheet PDF from the Key Takeaways page of the built website (after `make site`).

Usage: python -m tools.cheat_sheet [--site _build/html] [--out _build/pdf/l1-vs-l2-cheat-sheet.pdf]
       [--chromium /usr/bin/chromium]

It keeps the page's decision checklist and summary table (the misconceptions and the self-check stay
on the website), sets them in three columns on one landscape A4 page, and prints that page with
Chromium. Every chapter reference stays a link to the website's page. The text is the page's own, so
the sheet never disagrees with the course; if an edit makes it longer than one page, the script says so
and exits with status 1 instead of printing a second page.
"""

from __future__ import annotations

import argparse
import io
import pathlib
import sys

import pypdf

from tools.browser import CHROMIUM
from tools.course import ROOT, SITE

PAGE = "book/10_key_takeaways.html"
SECTIONS = ("the-decision-checklist", "summary-table")  # the ids Sphinx gives the two sections
TITLE = "L1 vs L2 regularization: cheat sheet"

# Replace the page body by the two sections under a title; a sheet is read on paper, so links show
# as text, and the table spans all three columns at the end.
KEEP_JS = """([ids, title]) => {
  const kept = ids.map(id => document.getElementById(id));
  const missing = ids.filter((id, k) => !kept[k]);
  if (missing.length) return missing;
  const sheet = document.createElement('main');
  sheet.className = 'cheat-sheet';
  const h = document.createElement('h1');
  h.textContent = title;
  sheet.append(h, ...kept);
  document.body.replaceChildren(sheet);
  document.title = title;
  return [];
}"""
SHEET_CSS = """
@page { size: A4 landscape; margin: 8mm; }
html { font-size: 7.2pt; } body { margin: 0; background: white; }
.cheat-sheet { column-count: 3; column-gap: 5mm; line-height: 1.25; }
.cheat-sheet h1 { column-span: all; font-size: 13pt; margin: 0 0 2mm; }
.cheat-sheet h2 { font-size: 10pt; margin: 1.5mm 0 1mm; } .cheat-sheet h3 { font-size: 8.5pt; margin: 1.5mm 0 0.5mm; }
.cheat-sheet p, .cheat-sheet ul { margin: 0 0 1mm; } .cheat-sheet ul { padding-left: 3.5mm; }
.cheat-sheet li { margin: 0; } .cheat-sheet a { color: inherit; text-decoration: none; }
.cheat-sheet #summary-table { column-span: all; break-inside: avoid; }
.cheat-sheet table { width: 100%; border-collapse: collapse; font-size: 6.8pt; }
.cheat-sheet th, .cheat-sheet td { border: 0.5px solid #999; padding: 0.3mm 1mm; vertical-align: top; }
.headerlink, .section-number { display: none !important; }
"""


def print_cheat_sheet(site: pathlib.Path, out: pathlib.Path, chromium: str = CHROMIUM) -> int:
    """Print the sheet to ``out``; returns its number of pages (read back with pypdf)."""
    from playwright.sync_api import sync_playwright

    source = site / PAGE
    if not source.is_file():
        raise FileNotFoundError(f"no {PAGE} in {site}; run `make site` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(source.resolve().as_uri(), wait_until="load")
        missing = page.evaluate(KEEP_JS, [list(SECTIONS), TITLE])
        if missing:
            browser.close()
            raise ValueError(f"{PAGE} has no section with id {', '.join(missing)} (was a heading renamed?)")
        page.add_style_tag(content=SHEET_CSS)
        page.evaluate("document.fonts.ready.then(() => true)")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
        browser.close()
    out.write_bytes(pdf)
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=pathlib.Path, default=SITE)
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "_build" / "pdf" / "l1-vs-l2-cheat-sheet.pdf")
    parser.add_argument("--chromium", default=CHROMIUM, help="Chromium or Chrome to print with")
    args = parser.parse_args(argv)
    try:
        pages = print_cheat_sheet(args.site, args.out, args.chromium)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if pages != 1:
        print(f"error: the cheat sheet takes {pages} pages, not one: shorten the Key Takeaways' checklist "
              f"or the sheet's type size (tools/cheat_sheet.py); written anyway to {args.out}", file=sys.stderr)
        return 1
    print(f"cheat sheet (1 page) printed to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
