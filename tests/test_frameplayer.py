"""The website's frame player: the pixels savefig draws, one distinct frame per slider position."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from helpers.frameplayer import FRAME_DPI, MAX_FRAMES, figure_png, player_html
from helpers.plots import CoefficientBars


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("layout", ["constrained", "frozen"])
def test_figure_png_draws_the_pixels_savefig_draws(layout):
    bars = CoefficientBars({"l1": [0.0, 1.0, -2.0], "l2": [0.5, 0.8, -1.5]}, title="before")
    if layout == "frozen":  # what Explorer does: lay out once, keep it for every frame
        bars.fig.canvas.draw()
        bars.fig.set_layout_engine("none")
    bars.update({"l1": [0.0, 0.0, -1.0], "l2": [0.3, 0.4, -1.0]}, title="after")
    reference = io.BytesIO()
    bars.fig.savefig(reference, format="png", dpi=FRAME_DPI)
    np.testing.assert_array_equal(pixels(figure_png(bars.fig, colors=0)), pixels(reference.getvalue()))
    assert bars.fig.dpi == 100  # the figure's own resolution is restored
    assert Image.open(io.BytesIO(figure_png(bars.fig))).mode == "P"  # frames are palette-quantized by default


def test_optimized_png_has_the_same_pixels_and_fewer_bytes():
    bars = CoefficientBars({"l1": [0.0, 1.0, -2.0], "l2": [0.5, 0.8, -1.5]}, title="a frame")
    plain, optimized = figure_png(bars.fig, colors=32), figure_png(bars.fig, colors=32, optimize=True)
    np.testing.assert_array_equal(pixels(optimized), pixels(plain))  # lossless
    assert len(optimized) < 0.97 * len(plain)


def _png(value: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (2, 2), value).save(out, format="PNG")
    return out.getvalue()


def test_player_starts_on_the_initial_frame_and_strides_over_the_grid():
    params = {"a": [1, 2, 3], "b": [10, 20]}
    frames = [_png(v) for v in range(6)]  # (a, b) in row-major order: b varies fastest
    html = player_html(frames, params, labels={"a": "A", "b": "B"}, texts={"a": ["1", "2", "3"], "b": ["x", "y"]},
                       initial={"a": 2, "b": 20}, alt="test")  # fmt: skip
    urls = re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]+", html.split('<script type="application/json">')[1])
    assert len(urls) == 6 and len(set(urls)) == 6
    shown = re.search(r'<img src="([^"]+)"', html).group(1)
    assert shown == urls[1 * 2 + 1]  # a = 2 is index 1, b = 20 index 1
    assert re.findall(r'data-stride="(\d+)"', html) == ["2", "1"]
    assert html.count('type="range"') == 2 and 'alt="test"' in html and 'aria-label="A"' in html


def test_player_refuses_too_many_frames():
    with pytest.raises(ValueError, match="too many"):
        player_html([b""] * (MAX_FRAMES + 1), {"a": list(range(MAX_FRAMES + 1))}, labels={"a": "a"},
                    texts={"a": [""] * (MAX_FRAMES + 1)}, initial={"a": 0}, alt="x")  # fmt: skip
