"""tools/page_speed.py, the Sphinx extension that keeps pages light (issue 16), on small inputs whose right
answers are known: PNG/SVG sizes written by PIL and by hand, CSS read back by a parser other than the
extension's (tinycss2 is not here: the checks read rules by eye-simple strings), descriptions from docutils."""

from __future__ import annotations

import base64
import io
import pathlib

import pytest
from docutils.core import publish_doctree
from PIL import Image

from tools import page_speed


def _png(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def test_image_size_png_and_svg():
    assert page_speed.image_size(_png(811, 351)) == (811, 351)
    assert page_speed.image_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="20px" height="12.4">') == (20, 12)
    assert page_speed.image_size(b"GIF89a....") is None  # not a format it reads: no size rather than a wrong one
    assert page_speed.image_size(b'<svg viewBox="0 0 1 1">') is None


def test_size_images_sizes_and_lazy_after_the_first():
    files = {"a.png": _png(300, 200), "b.png": _png(40, 30)}
    data_uri = "data:image/png;base64," + base64.b64encode(_png(7, 5)).decode()
    body = (
        '<img alt="one" src="a.png" />'
        f'<img src="{data_uri}" style="max-width:100%">'
        '<img alt="two" src="b.png" />'
        '<img alt="sized" src="a.png" width="10" />'  # a size given by the author is kept
        '<img alt="gone" src="missing.png" />'
    )
    out = page_speed.size_images(body, files.get)
    tags = out.split("<img")[1:]
    assert 'width="300" height="200"' in tags[0] and "loading" not in tags[0]  # first image: not lazy
    assert 'width="7" height="5"' in tags[1] and "loading" not in tags[1]  # inline data: nothing to defer
    assert 'width="40" height="30" loading="lazy"' in tags[2]
    assert 'width="10"' in tags[3] and "height=" not in tags[3] and 'loading="lazy"' in tags[3]
    assert "width=" not in tags[4] and 'loading="lazy"' in tags[4]
    assert tags[0].endswith("/>") and tags[1].endswith(">")


def test_externalize_images_moves_big_data_uris_only():
    big, small = _png(600, 300) + b"\0" * 2000, _png(2, 2)
    assert len(small) < page_speed.MIN_EXTERNAL_BYTES <= len(big)
    stored = {}

    def store(data, extension):
        stored[f"f{len(stored)}.{extension}"] = data
        return f"f{len(stored) - 1}.{extension}"

    b64 = base64.b64encode(big).decode()
    body = (
        f'<img src="data:image/png;base64,{b64}">'
        f'<script type="application/json">["data:image/png;base64,{b64}"]</script>'
        f'<img src="data:image/png;base64,{base64.b64encode(small).decode()}">'
    )
    out = page_speed.externalize_images(body, store)
    assert out.startswith('<img src="f0.png">') and '["f1.png"]' in out
    assert stored["f0.png"] == big and stored["f1.png"] == big  # the bytes, not a re-encoding
    assert out.count("data:image/png;base64,") == 1  # the small one stays inline


def test_description_opening_paragraph_with_math_as_text():
    doctree = publish_doctree(
        "Title\n=====\n\n.. note::\n\n   A note that is not the page's opening paragraph, long enough to count.\n\n"
        "The Lasso adds :math:`\\alpha\\sum_j |w_j|` to the least-squares loss and sets some weights to "
        "exactly zero, which is why it selects features without being told which ones matter in the data.\n"
    )
    text = page_speed.description(doctree)
    assert text.startswith("The Lasso adds αΣ_j |w_j| to the least-squares loss")
    assert len(text) <= page_speed.DESCRIPTION_CHARS and text.endswith("…")
    assert "\\" not in text and "note" not in text
    assert page_speed.description(publish_doctree("Short.\n")) == ""  # no paragraph of 40 characters


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("\\lambda \\|w\\|_2^2", "λ ‖w‖_2^2"),
        ("\\frac{1}{2n}\\lVert y - Xw\\rVert", "1/2n‖y - Xw‖"),
        ("\\alpha \\ge 0", "α ≥ 0"),
    ],
)
def test_tex_text(tex, text):
    assert page_speed.tex_text(tex) == text


def test_bundle_css_rewrites_urls_and_swaps_fonts():
    files = [
        ("basic.css", "@charset \"UTF-8\";\ndiv.x { background: url(file.png); }"),
        ("katex/katex.min.css", "@font-face{font-family:K;src:url(fonts/K.woff2) format(\"woff2\")}"),
        ("styles/t.css", "/*! licence */ @font-face{font-family:I;font-display:block;src:url('../v/i.ttf')}"
         ".a{background:url(data:image/svg+xml;x)} .b{background:url(/abs.png)}"),
    ]  # fmt: skip
    css = page_speed.bundle_css(files)
    assert css.count("@charset") == 1 and css.startswith('@charset "UTF-8";')
    assert "url(file.png)" in css  # already relative to _static
    assert "url(katex/fonts/K.woff2)" in css and "font-display:swap" in css
    assert "url('v/i.ttf')" in css and "font-display:block" in css and css.count("font-display:swap") == 1
    assert "url(data:image/svg+xml;x)" in css and "url(/abs.png)" in css
    assert "/*! licence */" in css
    with pytest.raises(ValueError, match="x.css: @import"):
        page_speed.bundle_css([("x.css", '@import "y.css";')])


def test_prune_css_drops_rules_of_unused_classes_only():
    css = (
        '.fa-sun:before{content:"\\f185"}.fa-unused:before{content:"\\f000"}'
        ".fa-unused,.fa-moon{color:red}"
        "@media (max-width:10px){.sd-card{margin:0}.sd-gone{margin:1px}}"
        ".x:not(.sd-gone){color:blue}.other-gone{color:green}"
    )
    out = page_speed.prune_css(css, used={"fa-sun", "fa-moon", "sd-card"})
    assert ".fa-sun:before" in out and ".fa-unused:before{" not in out
    assert ".fa-unused,.fa-moon{color:red}" in out  # one selector alive keeps the rule
    assert ".sd-card{margin:0}" in out and ".sd-gone{margin:1px}" not in out and out.count("@media") == 1
    assert ".x:not(.sd-gone){color:blue}" in out  # a class inside :not() is never required
    assert ".other-gone{color:green}" in out  # only the pruned prefixes are judged
    assert page_speed.prune_css("@media print{.fa-a{x:y}}", used=set()) == ""  # emptied block dropped


def test_defer_tab_stops_on_the_installed_theme():
    """The theme's own script (the installed pydata-sphinx-theme) gets its tab stops at the first Tab key."""
    import pydata_sphinx_theme

    path = pathlib.Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/pydata-sphinx-theme.js"
    script = path.read_text(encoding="utf-8")
    patched = page_speed.defer_tab_stops(script)
    assert page_speed.TAB_STOPS_ON_LOAD not in patched and patched.count(page_speed.TAB_STOPS_ON_TAB) == 1
    assert len(patched) - len(script) == len(page_speed.TAB_STOPS_ON_TAB) - len(page_speed.TAB_STOPS_ON_LOAD)
    assert page_speed.defer_tab_stops(patched) == patched  # a rebuild over a patched file changes nothing
    with pytest.raises(ValueError, match="TAB_STOPS_ON_LOAD"):
        page_speed.defer_tab_stops(script.replace(page_speed.TAB_STOPS_ON_LOAD, "I()"))
