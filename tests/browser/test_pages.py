"""Every page of the built site in Chromium: offline, no errors, math rendered, light and fast,
interactive figures that respond, accessible (axe-core), figures described."""

from __future__ import annotations

import re

import pytest
from pages import AXE_JS, MAX_LOAD_SECONDS, max_bytes, new_page

from tools.browser import chapter_pages, goto, render_every_section, site_pages, wait_for_math
from tools.course import SITE

PAGES = site_pages()

# TeX that KaTeX should have turned into math: a control word (\alpha, \frac), or $...$ / \( \)
RAW_TEX = re.compile(r"\\[a-zA-Z]{2,}|\\[()\[\]]|\$[^$\s][^$]*\$")


@pytest.mark.parametrize("page", PAGES)
def test_offline(visit, page):
    """Loading the page asks no other host for anything (KaTeX, fonts, scripts are all local)."""
    v = visit(page)
    assert not v.external_requests, f"{page} requests other hosts: {v.external_requests}"


def test_every_kind_of_page_is_checked():
    """The pages every browser check runs over include the site's front door (a redirect), the book's
    pages, Sphinx's own search and index pages, and both slide decks (served from html_extra_path)."""
    expected = {"index.html", "book/index.html", "book/01_introduction.html", "book/glossary.html",
                "book/instructor_guide.html", "search.html", "genindex.html",
                "slides/session-1.html", "slides/session-2.html"}
    assert expected <= set(PAGES), f"not checked: {sorted(expected - set(PAGES))}"


@pytest.mark.parametrize("page", PAGES)
def test_no_errors(visit, page):
    """Zero console errors, zero uncaught exceptions, zero failed requests (an HTTP status >= 400, e.g.
    a 404 for a missing file, counts). There is no allow-list."""
    v = visit(page)
    assert not v.console_errors, f"{page}: {v.console_errors}"
    assert not v.failed_requests, f"{page}: failed requests {v.failed_requests}"


@pytest.mark.parametrize("page", PAGES)
def test_weight(visit, page):
    v = visit(page)
    assert v.transfer_bytes <= max_bytes(page), f"{page} weighs {v.transfer_bytes / 1e6:.2f} MB"


@pytest.mark.parametrize("page", PAGES)
def test_load_time(visit, page):
    v = visit(page)
    assert v.load_seconds <= MAX_LOAD_SECONDS, f"{page} reached load after {v.load_seconds:.2f} s"


@pytest.mark.parametrize("page", PAGES)
def test_math_renders(visit, page):
    """Every math element of the source was typeset by KaTeX, and no raw TeX is left in the text.

    KaTeX typesets while the site is built (katex_prerender; a formula it cannot parse stops the build)
    or, without node, in the browser (one it cannot parse stays raw TeX): either way each element of
    class math must hold KaTeX's markup, and TeX written outside one (a notebook output) must not show."""
    v = visit(page)
    if v.math["source"]:
        assert v.math["rendered"] == v.math["source"], (
            f"{page}: {v.math['source']} math elements, {v.math['rendered']} typeset by KaTeX"
        )
    raw = sorted({m.group(0) for text in v.math["text"] for m in RAW_TEX.finditer(text)})
    assert not raw, f"{page}: raw TeX in the visible text: {raw}"


def _pages_with_players():
    return [p for p in chapter_pages() if 'class="frame-player"' in (SITE / p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("page", _pages_with_players())
def test_frame_players_respond(browser, base_url, page):
    """Every slider of every frame player changes the figure, by script and by keyboard."""
    context, tab = new_page(browser)
    goto(tab, base_url, page)
    players = tab.locator(".frame-player")
    assert players.count() > 0
    problems = []
    for i in range(players.count()):
        player = players.nth(i)
        img = player.locator("img")
        inputs = player.locator("input[type=range]")
        assert inputs.count() > 0, f"player {i} has no slider"
        for k in range(inputs.count()):
            slider = inputs.nth(k)
            name = slider.get_attribute("aria-label")
            # by script: move to another position and fire 'input', as a drag does
            before = img.get_attribute("src")
            slider.evaluate(
                "el => { el.value = (+el.value < +el.max) ? +el.value + 1 : +el.value - 1;"
                " el.dispatchEvent(new Event('input', {bubbles: true})); }"
            )
            if img.get_attribute("src") == before:
                problems.append(f"player {i} ({name}): moving the slider left the image unchanged")
            # by keyboard: Home, then ArrowRight must show another frame
            slider.focus()
            slider.press("Home")
            before = img.get_attribute("src")
            slider.press("ArrowRight")
            if img.get_attribute("src") == before:
                problems.append(f"player {i} ({name}): ArrowRight left the image unchanged")
    context.close()
    assert not problems, f"{page}: {problems}"


def _axe_violations(tab):
    tab.add_script_tag(path=str(AXE_JS))
    return tab.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )


@pytest.mark.parametrize("page", PAGES)
def test_accessibility(browser, base_url, page):
    """axe-core finds no serious or critical violation."""
    context, tab = new_page(browser)
    goto(tab, base_url, page)
    wait_for_math(tab)
    render_every_section(tab)
    # the theme makes code blocks and outputs that scroll reachable by Tab at the first Tab key
    # (tools/page_speed.py: not at load, where it costs a phone most of a second); press it as a
    # keyboard user does, so axe's scrollable-region-focusable checks what that user gets
    tab.keyboard.press("Tab")
    violations = _axe_violations(tab)
    context.close()
    bad = []
    for v in violations:
        if v["impact"] not in ("serious", "critical"):
            continue
        nodes = v["nodes"]
        bad.append(f"{v['id']} ({v['impact']}: {v['help']}) at {nodes[:5]}{' ...' if len(nodes) > 5 else ''}")
    assert not bad, f"{page}:\n  " + "\n  ".join(bad)


@pytest.mark.parametrize("page", chapter_pages())
def test_figures_have_alt_text(browser, base_url, page):
    """Every image in the article says what it shows: an alt text or a figure caption.

    An alt text that is only the image's file name (what Sphinx writes for a notebook's matplotlib output
    when the cell gives none: alt="../_images/<hash>.png") says nothing and counts as missing."""
    context, tab = new_page(browser)
    goto(tab, base_url, page)
    missing = tab.evaluate(
        r"""() => [...document.querySelectorAll('article.bd-article img')].filter(img => {
              const alt = (img.getAttribute('alt') || '').trim();
              const fileName = alt === img.getAttribute('src') || /(^|\/)[^\s\/]+\.(png|jpe?g|svg|gif|webp)$/i.test(alt);
              if (alt && !fileName) return false;
              const fig = img.closest('figure');
              return !(fig && fig.querySelector('figcaption') && fig.querySelector('figcaption').textContent.trim());
           }).map(img => {
              const sec = img.closest('section[id]');
              const src = img.getAttribute('src') || '';
              return (sec ? '#' + sec.id + ': ' : '') + (src.startsWith('data:') ? 'data: image' : src);
           })"""
    )
    context.close()
    assert not missing, f"{page}: {len(missing)} image(s) without alt text or caption: {missing}"


# At phone width, an element wider than the screen must sit in a box that scrolls sideways (code, tables,
# display math); otherwise the part beyond the edge is cut off and cannot be read.
_CLIPPED_JS = """() => {
  const W = window.innerWidth, clipped = [];
  for (const el of document.querySelectorAll('article .katex .base, article img, article table, article pre')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.left >= -1 && r.right <= W + 1)) continue;  // centred display math can spill left too
    let a = el.parentElement, scrolls = false;
    while (a && a !== document.body && !scrolls) {
      const s = getComputedStyle(a);
      const box = a.getBoundingClientRect();
      scrolls = (s.overflowX === 'auto' || s.overflowX === 'scroll') && box.left >= -1 && box.right <= W + 1;
      a = a.parentElement;
    }
    if (!scrolls) {
      const sec = el.closest('section[id]');
      clipped.push(el.tagName.toLowerCase() + ' in #' + (sec ? sec.id : '?') + ': ' + (el.textContent || el.getAttribute('src') || '').slice(0, 50));
    }
  }
  return {clipped, overflow: document.documentElement.scrollWidth - W};
}"""


@pytest.mark.parametrize("page", chapter_pages())
def test_phone_layout(browser, base_url, page):
    """At 390 px wide the page does not scroll sideways and nothing in the article is cut off."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    goto(tab, base_url, page)
    wait_for_math(tab)
    render_every_section(tab)
    result = tab.evaluate(_CLIPPED_JS)
    context.close()
    assert result["overflow"] <= 0, f"{page} is {result['overflow']} px wider than a 390 px screen"
    assert not result["clipped"], f"{page}: cut off at 390 px: {result['clipped']}"


def test_tab_stops_wait_for_the_first_tab(browser, base_url):
    """A phone-sized chapter: at load no code block carries a tab stop (the theme's measuring of every
    block is deferred, tools/page_speed.py); after one Tab every block that scrolls sideways is focusable."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    goto(tab, base_url, "book/04_l1_lasso.html")
    count = "() => document.querySelectorAll('article pre[tabindex]').length"
    assert tab.evaluate(count) == 0
    render_every_section(tab)
    tab.keyboard.press("Tab")
    scrolling = tab.evaluate(
        "() => [...document.querySelectorAll('article pre')].filter(e => e.scrollWidth > e.clientWidth).map(e => e.tabIndex)"
    )
    context.close()
    assert scrolling and all(i == 0 for i in scrolling), scrolling


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_theme_colours_before_the_body_is_parsed(browser, base_url, scheme):
    """The theme's colours are settled (data-theme light or dark, as the system prefers) before the body
    is parsed, not by its deferred script after the first paint: painted with data-theme="auto" no colour
    variable of the theme is defined and text reflowed once they were (chapter 8: layout shift 0.15)."""
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.add_init_script(
        """new MutationObserver((records, observer) => {
             if (document.body) { window.__themeAtBody = document.documentElement.dataset.theme; observer.disconnect(); }
           }).observe(document, {childList: true, subtree: true});"""
    )
    goto(tab, base_url, "book/08_code_examples.html")
    at_body = tab.evaluate("window.__themeAtBody")
    context.close()
    assert at_body == scheme
