"""The slide decks in Chromium at 1280 x 720, as projected: a presenter remote's keys change slides
even after a click on a slider, and figure text is at least 20 px on screen."""

from __future__ import annotations

import itertools

import pytest

from tools.browser import goto
from tools.slide_figures import MIN_TEXT_PX

DECKS = ["slides/session-1.html", "slides/session-2.html"]
# what a presenter remote sends: forward and back
KEYS = [("PageDown", 1), ("Space", 1), ("ArrowRight", 1), ("PageUp", -1), ("ArrowLeft", -1)]


def _open(browser, base_url, deck):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    goto(tab, base_url, deck)
    tab.wait_for_function("window.Reveal && Reveal.isReady()")
    return context, tab


@pytest.mark.parametrize("deck", DECKS)
def test_remote_keys_change_slides_after_touching_a_slider(browser, base_url, deck):
    """Click a demo's slider (it moves), or give it the keyboard focus (Tab), then press each key of a
    remote: the slide index changes by one in the key's direction every time, the slider stays."""
    context, tab = _open(browser, base_url, deck)
    demos = tab.evaluate("() => Reveal.getSlides().map((s, i) => s.querySelector('.frame-player') ? i : -1)"
                         ".filter(i => i >= 0)")
    assert demos, f"{deck} has no demo slide"
    problems = []
    for index in demos:
        for (key, step), touch in itertools.product(KEYS, ("click", "focus")):
            tab.evaluate(f"Reveal.slide({index})")
            # by the slide's place, not `.present`: that would be another slide once the key worked
            slider = tab.locator(f".reveal .slides > section:nth-child({index + 1}) .frame-player input[type=range]").first
            if touch == "click":
                box = slider.bounding_box()
                tab.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)  # moves it
            else:
                slider.focus()
            moved_to = slider.input_value()
            tab.keyboard.press(key)
            now = tab.evaluate("Reveal.getIndices().h")
            if now != index + step:
                problems.append(f"slide {index}: {key} after a {touch} on the slider went to {now}, not {index + step}")
            if slider.input_value() != moved_to:
                problems.append(f"slide {index}: {key} after a {touch} moved the slider")
    # the keys that move a focused slider still do
    tab.evaluate(f"Reveal.slide({demos[0]})")
    slider = tab.locator(".present .frame-player input[type=range]").first
    slider.focus()
    slider.press("Home")
    before = slider.input_value()
    slider.press("ArrowUp")
    if slider.input_value() == before:
        problems.append("ArrowUp no longer moves a focused slider")
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("deck", DECKS)
def test_figure_text_is_large_enough_when_projected(browser, base_url, deck):
    """Each figure's smallest text (its size in the PNG, recorded by make_slides) times the scale it is
    shown at on a 1280 x 720 slide is at least 20 px; each figure fills the slide: wider than 90% of
    it, its bottom edge in the lowest 12% of the slide and not below it (cut off when projected)."""
    context, tab = _open(browser, base_url, deck)
    figures = tab.evaluate(
        """async () => {
            const out = [];
            for (const [i, s] of Reveal.getSlides().entries()) {
                Reveal.slide(i);
                const area = document.querySelector('.reveal .slides').getBoundingClientRect();
                for (const el of s.querySelectorAll('img.figure, .frame-player')) {
                    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
                    await img.decode();  // loaded lazily, once its slide is shown
                    const px = +(el.dataset.minTextPx || img.dataset.minTextPx || 0);
                    const box = img.getBoundingClientRect();
                    out.push({slide: i, px: px * box.width / img.naturalWidth, width: box.width / area.width,
                              bottom: (box.bottom - area.top) / area.height});
                }
            }
            return out;
        }"""
    )
    context.close()
    assert len(figures) > 5
    small = [f for f in figures if f["px"] < MIN_TEXT_PX or f["width"] < 0.9]
    assert not small, f"{deck}: figures with text under {MIN_TEXT_PX} px or narrower than 90% of the slide: {small}"
    loose = [f for f in figures if not 0.88 <= f["bottom"] <= 1]
    assert not loose, f"{deck}: figures ending above the lowest 12% of the slide, or below it: {loose}"
