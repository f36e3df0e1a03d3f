"""Explorer: live steps show what a full redraw shows, with the moving artists found by itself."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from helpers.frameplayer import figure_png
from helpers.geometry import constrained_solution, ellipse_loss
from helpers.interactive import Explorer
from helpers.plots import CoefficientBars, ConstraintRegionPlot


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


def _line(moves_axis: bool = False):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set(xlim=(-1, 2), ylim=(-1, 4))
    (line,) = ax.plot([0, 1], [0, 0], lw=2)

    def update(slope, shift=0.0):
        line.set_ydata([shift, shift + slope])
        if moves_axis:
            ax.set_ylim(-1, 4 + slope)

    return fig, line, update


def _bars():
    bars = CoefficientBars({"l1": [0.0, 1.0, -2.0], "l2": [0.5, 0.8, -1.5]}, ylim=(-3, 3))

    def update(v):
        bars.update({"l1": [0.0, v, -2 * v], "l2": [0.5 * v, 0.8, -1.5]}, title=f"v = {v}")

    return bars, update


def _regions():
    keys = ("l1", "elasticnet", "l2")
    loss = ellipse_loss(np.array([1.5, 1.0]), angle=25, elongation=2.5)
    plot = ConstraintRegionPlot(loss, 1.0, penalties=keys)

    def update(v):  # the loss centre turns around the origin, passing under the legend
        loss = ellipse_loss(2.2 * np.array([np.cos(v), np.sin(v)]), angle=25, elongation=2.5)
        plot.update(loss, 1.0, {k: constrained_solution(loss, 1.0, k) for k in keys})

    return plot, update


def test_moving_artists_are_what_update_changes_plus_what_lies_over_them():
    fig, line, update = _line()
    explorer = Explorer(fig, update, {"slope": [0.5, 1.0, 2.0]}, alt="a line")
    assert line in explorer.moving and fig.axes[0].xaxis not in explorer.moving
    bars, update = _bars()
    explorer = Explorer(bars, update, {"v": [0.0, 1.0, 2.0]}, alt="bars")
    moving = set(map(id, explorer.moving))
    assert {id(b) for group in bars.bars.values() for b in group} <= moving
    assert id(bars.ax.get_legend()) in moving and id(bars.ax.title) in moving  # over the bars / changed
    assert id(bars.ax.lines[-1]) in moving  # the static zero line, drawn over the bars' bases
    assert explorer.fig.get_layout_engine() is None or explorer.fig.get_layout_engine().__class__.__name__ == "PlaceHolderLayoutEngine"


def test_an_update_that_moves_an_axis_is_drawn_in_full():
    fig, _, update = _line(moves_axis=True)
    explorer = Explorer(fig, update, {"slope": [0.5, 1.0, 2.0]}, alt="a line with moving limits")
    assert explorer.moving == []
    np.testing.assert_array_equal(pixels(explorer.step(slope=2.0)), pixels(figure_png(explorer.fig, colors=0)))


def test_blitted_line_shows_exactly_the_full_redraw():
    fig, line, update = _line()
    explorer = Explorer(fig, update, {"slope": [0.5, 1.0, 2.0, 3.0]}, alt="a line")
    for slope in (3.0, 0.5, 2.0):
        live = explorer.step(slope=slope)
        np.testing.assert_array_equal(pixels(live), pixels(figure_png(explorer.fig, colors=0)))
    assert not line.get_animated()  # the website's frames still draw it
    assert len(set(explorer.frames())) == 4


@pytest.mark.parametrize("make", [_bars, _regions], ids=["CoefficientBars", "ConstraintRegionPlot"])
def test_the_shared_figures_blit_what_a_full_redraw_shows(make):
    """A blitted step differs from a full redraw only where static grid lines and ticks cross a moving
    artist (drawn under it instead of over it): nothing missing, nothing in the wrong place."""
    plot, update = make()
    values = [0.0, 0.5, 2.0, 3.5, 4.5]
    explorer = Explorer(plot, update, {"v": values}, alt="blitted")
    assert explorer.moving
    for v in values[::-1]:
        live = pixels(explorer.step(v=v))
        full = pixels(figure_png(explorer.fig, colors=0))
        difference = np.abs(full - live).max(axis=2)
        assert np.mean(difference > 0) < 0.01
        assert np.mean(difference > 64) < 0.001


def _two_sliders():
    fig, line, update = _line()
    return Explorer(fig, update, {"slope": [0, 1, 2], "shift": [0.0, 0.5]}, alt="a line", initial={"slope": 1, "shift": 0.0})


def test_frames_one_per_grid_point_and_the_player_starts_on_the_initial_one():
    explorer = _two_sliders()
    frames = explorer.frames()
    assert len(frames) == 6 and len(set(frames)) == 6
    html = explorer.html()
    assert html.count('type="range"') == 2 and 'alt="a line"' in html


def test_live_sliders_redraw_the_figure():
    """Moving a Jupyter slider calls update and shows the new picture (the kernel side of the widget)."""
    box = _two_sliders().widget()
    slope, shift, image = box.children
    start = image.value
    slope.value = 2
    moved = image.value
    assert moved != start
    shift.value = 0.5
    assert image.value not in (start, moved)
    slope.value, shift.value = 1, 0.0  # back to the start: the same picture again
    assert image.value == start


def test_explorer_rejects_bad_input():
    fig = plt.figure()
    with pytest.raises(ValueError, match="too many"):
        Explorer(fig, lambda a, b: None, {"a": range(10), "b": range(10)}, alt="x")
    with pytest.raises(ValueError, match="initial"):
        Explorer(fig, lambda a: None, {"a": [1, 2]}, initial={"a": 3}, alt="x")
    with pytest.raises(ValueError, match="figure must be a matplotlib Figure or have one as .fig, got list"):
        Explorer([fig], lambda a: None, {"a": [1, 2]}, alt="x")


def test_display_bundle_has_live_widget_and_static_html():
    bundle = _two_sliders()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "frame-player" in bundle["text/html"]
