"""The book's PDF (tools/make_pdf.py, tools/print_page.js): its title, the joined pages, and what the
print transform does in Chromium (folded answers unfolded, slider figures printed as frames with their
setting, code lines wrapped under their own indentation); one small page printed and read back with
pypdf for its tags, bookmarks and code indentation. The browser tests skip without Chromium."""

from __future__ import annotations

import io
import json
import pathlib
import re

import pytest
from PIL import Image

from helpers.frameplayer import player_html
from tools import make_pdf
from tools.browser import CHROMIUM
from tools.course import toc_pages


@pytest.mark.parametrize(("page_title", "expected"), [
    ("L1 vs L2 Regularization — L1 vs L2 Regularization", "L1 vs L2 Regularization"),  # the index page
    ("2. Overfitting — L1 vs L2 Regularization", "L1 vs L2 Regularization"),
    ("Ridge &amp; Lasso — R &amp; L (student edition)", "R & L (student edition)"),
    ("A book without a page title", "A book without a page title"),
])
def test_document_title_is_the_site_title(page_title, expected):
    assert make_pdf.document_title(page_title) == expected


def test_combined_html_joins_every_toc_page_in_order_under_the_site_title(tmp_path):
    pages = toc_pages()
    for k, page in enumerate(pages):
        path = tmp_path / f"{page}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><head><title>Page {k} — The Book</title></head><body>"
                        f'<article class="bd-article" role="main"><p>text of page {k}</p></article></body></html>')
    combined = make_pdf.combined_html(tmp_path)
    assert re.findall(r"<title>(.*?)</title>", combined) == ["The Book"]
    assert re.findall(r"text of page (\d+)", combined) == [str(k) for k in range(len(pages))]
    (tmp_path / f"{pages[3]}.html").write_text("<html><head></head><body>no article</body></html>")
    with pytest.raises(SystemExit, match=re.escape(f"no article in {pages[3]}.html")):
        make_pdf.combined_html(tmp_path)


def test_main_names_a_missing_site(tmp_path, capsys):
    assert make_pdf.main(["--site", str(tmp_path / "nowhere")]) == 2
    assert "no built site" in capsys.readouterr().err


# ---- in Chromium --------------------------------------------------------------------------------------

def _chromium():
    pytest.importorskip("playwright")
    if not pathlib.Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")


def _png(color):
    out = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(out, format="PNG")
    return out.getvalue()


# A long line inside a function: on A4 at 8 pt it wraps; its continuation must start to the right of
# its own indentation, and the next line keep its own.
LONG_LINE = ("        total = first_value_of_the_series + second_value_of_the_series + third_value_of_the_series"
             " + fourth_value_of_the_series + fifth_value")
CODE = f"def f():\n    if True:\n{LONG_LINE}\n    return total\n"
HIGHLIGHTED = ('<div class="highlight"><pre><span></span><span class="k">def</span> <span class="nf">f</span>():\n'
               '    <span class="sd">"""One docstring\n    on two lines."""</span>\n</pre></div>')
COLORS = ["red", "lime", "blue", "yellow", "cyan"]


def _fixture(tmp_path):
    frames = [_png(c) for c in COLORS]
    values = [0.1, 0.3, 0.5, 0.7, 0.9]
    player = player_html(frames, {"a": values}, labels={"a": "strength α"},
                         texts={"a": [f"{v:g}" for v in values]}, initial={"a": 0.5}, alt="a test figure")
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>T</title>"
        f"<style>{make_pdf.PRINT_CSS}</style></head><body><article class='bd-article'>"
        "<h1>Chapter</h1>"
        "<details><summary>A question?</summary><p>The answer.</p></details>"
        "<div class='solution dropdown admonition toggle toggle-hidden'><p>A solution.</p></div>"
        f"{player}"
        f"<div class='highlight'><pre>{CODE}</pre></div>{HIGHLIGHTED}"
        "</article></body></html>", encoding="utf-8")
    return page, frames


def _data_url_color(url):
    """The colour of a one-colour PNG frame given as a data: URL."""
    import base64
    image = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB")
    return image.getpixel((0, 0))


def test_print_transform(tmp_path):
    _chromium()
    from playwright.sync_api import sync_playwright

    page_html, _ = _fixture(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(page_html.as_uri())
        players = page.evaluate(make_pdf.PRINT_JS.read_text(encoding="utf-8") + "\npreparePrint()")
        state = page.evaluate("""() => ({
            details: [...document.querySelectorAll('details')].map(d => d.open),
            hidden: document.querySelectorAll('.toggle-hidden').length,
            ranges: document.querySelectorAll('input[type=range]').length,
            frames: [...document.querySelectorAll('.print-player img')].map(i => i.src),
            captions: [...document.querySelectorAll('.print-player figcaption')].map(c => c.textContent),
            lines: [...document.querySelectorAll('pre')].map(pre =>
                [...pre.children].map(l => ({text: l.textContent, hang: l.style.getPropertyValue('--hang'),
                                             classes: [...l.querySelectorAll('span')].map(s => s.className)}))),
        })""")
        browser.close()
    assert players == 1
    assert state["details"] == [True] and state["hidden"] == 0  # answers and solutions unfolded
    assert state["ranges"] == 0  # no dead slider on paper
    # the frame shown (start 0.5), then the slider's two ends, each with its setting
    colors = [_data_url_color(u) for u in state["frames"]]
    assert colors == [(0, 0, 255), (255, 0, 0), (0, 255, 255)]
    assert "strength α = 0.5" in state["captions"][0]
    assert state["captions"][1:] == ["strength α = 0.1", "strength α = 0.9"]
    # one block per code line, the text unchanged, hanging under the line's own indentation
    plain, highlighted = state["lines"]
    assert [line["text"] for line in plain] == CODE.splitlines()
    assert [line["hang"] for line in plain] == ["4ch", "8ch", "12ch", "8ch"]
    # a highlighted string across a line end is split, its class kept on both halves
    assert [line["text"] for line in highlighted] == ["def f():", '    """One docstring', '    on two lines."""']
    assert "sd" in highlighted[1]["classes"] and "sd" in highlighted[2]["classes"]


def _layout_rows(pdf):
    return "\n".join(p.extract_text(extraction_mode="layout") for p in pdf.pages).splitlines()


def test_printed_pdf_is_tagged_with_bookmarks_and_keeps_code_indentation(tmp_path):
    _chromium()
    pypdf = pytest.importorskip("pypdf")

    page_html, _ = _fixture(tmp_path)
    out = tmp_path / "page.pdf"
    make_pdf.print_pdf(page_html, out)
    pdf = pypdf.PdfReader(out)
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged
    assert [item.title for item in pdf.outline] == ["Chapter"]  # bookmarks from the headings
    rows = _layout_rows(pdf)
    text = "\n".join(rows)
    assert "The answer." in text and "A solution." in text
    assert "strength α = 0.5" in text

    def indent(row):
        return len(row) - len(row.lstrip())

    start = next(i for i, r in enumerate(rows) if "total = first_value" in r)
    base = indent(next(r for r in rows if r.strip().startswith("if True:")))
    assert indent(rows[start]) - base == 4  # the long line starts at its own indentation
    continuation = rows[start + 1]
    assert "fifth_value" in continuation  # it did wrap (else this test checks nothing)
    assert indent(continuation) > indent(rows[start])  # and continues to its right, not at column 0
    assert indent(rows[start + 2]) - base == 0 and rows[start + 2].strip() == "return total"
    # no line of the code was lost or merged
    assert json.dumps(LONG_LINE.split()) == json.dumps(" ".join(rows[start:start + 2]).split())


def test_print_transform_loads_lazy_frames_below_the_screen(tmp_path):
    """The site marks images loading=lazy (tools/page_speed.py) and may serve frames as files: a lazy
    image far below the screen never loads by itself, and waiting to decode it hung the whole print."""
    _chromium()
    from playwright.sync_api import sync_playwright

    page_html, frames = _fixture(tmp_path)
    (tmp_path / "frame.png").write_bytes(frames[2])
    text = page_html.read_text(encoding="utf-8")
    start = text.index("<img ", text.index("frame-player"))
    src_start = text.index('src="', start) + len('src="')
    src_end = text.index('"', src_start)
    lazy = text[:start] + '<img loading="lazy" ' + text[start + len("<img "):src_start] + "frame.png" + text[src_end:]
    page_html.write_text(lazy.replace("<h1>Chapter</h1>", "<h1>Chapter</h1><div style='height:20000px'></div>"), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(page_html.as_uri())
        assert page.evaluate("() => document.querySelector('.frame-player img').complete") is False  # not loaded yet
        done = page.evaluate(make_pdf.PRINT_JS.read_text(encoding="utf-8")
                             + "\nPromise.race([preparePrint(), new Promise(r => setTimeout(() => r('timed out'), 15000))])")
        browser.close()
    assert done == 1
