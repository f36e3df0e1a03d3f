"""Figures draw where they are told, and the kernel-free frame player really switches frames."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from helpers.geometry import constrained_solution, ellipse_loss  # noqa: E402
from helpers.interactive import Explorer, figure_png  # noqa: E402
from helpers.plots import CoefficientBars, ConstraintRegionPlot, coefficient_path, error_curves  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plots_draw_on_the_given_axes_only():
    fig, axes = plt.subplots(1, 3)
    before = plt.get_fignums()
    assert coefficient_path(np.geomspace(1, 0.01, 5), np.ones((5, 2)), ax=axes[0]) is axes[0]
    assert error_curves([1, 2, 3], [3, 2, 1], [3, 1, 2], ax=axes[1]) is axes[1]
    bars = CoefficientBars({"L1 (Lasso)": [0.0, 1.0], "L2 (Ridge)": [0.5, 0.8]}, ax=axes[2])
    assert bars.ax is axes[2] and plt.get_fignums() == before
    assert len(axes[0].lines) >= 2


def test_bars_mark_exact_zeros_only():
    bars = CoefficientBars({"L1": [0.0, 1e-12, 2.0]})
    x, _ = bars.rings["L1"].get_data()
    assert len(x) == 1  # 1e-12 is not zero and gets no ring
    bars.update({"L1": [0.0, 0.0, 0.0]})
    assert len(bars.rings["L1"].get_data()[0]) == 3
    assert [b.get_height() for b in bars.bars["L1"]] == [0.0, 0.0, 0.0]


def test_constraint_plot_marks_the_exact_optima():
    loss = ellipse_loss([2.0, 1.0], angle=20, elongation=3)
    plot = ConstraintRegionPlot(loss, 1.0)
    w1, w2 = plot.update(loss, 1.0)
    np.testing.assert_array_equal(w1, constrained_solution(loss, 1.0, "l1"))
    np.testing.assert_allclose(plot.artists[0][-1].get_data(), [[w1[0]], [w1[1]]])
    # the thick contour passes through the optimum: the point lies on that ellipse
    touching = plot.artists[1][3]
    assert touching.contains_point(plot.axes[1].transData.transform(w2 * 0.999 + loss.center * 0.001))


def _explorer():
    fig, ax = plt.subplots(figsize=(2, 2))
    (line,) = ax.plot([0, 1], [0, 0])
    ax.set_ylim(-1, 3)

    def update(slope, shift):
        line.set_ydata([shift, shift + slope])

    return Explorer(fig, update, {"slope": [0, 1, 2], "shift": [0.0, 0.5]}, alt="a line", initial={"slope": 1, "shift": 0.0})


def test_frame_player_has_one_distinct_frame_per_grid_point():
    html = _explorer().html()
    frames = re.search(r'<script type="application/json">(.*?)</script>', html).group(1)
    images = re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]+", frames)
    assert len(images) == 6 and len(set(images)) == 6
    assert html.count('type="range"') == 2 and 'alt="a line"' in html
    assert images[2] in html.split('<script type="application/json">')[0]  # starts on the initial setting


def test_step_renders_a_png_and_frames_are_quantized():
    explorer = _explorer()
    png = explorer.step(slope=2, shift=0.5)
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert Image.open(io.BytesIO(figure_png(explorer.fig))).mode == "P"


@pytest.mark.parametrize("blit", [False, True])
def test_live_sliders_redraw_the_figure(blit):
    """Moving a Jupyter slider calls update and shows the new picture (the kernel side of the widget)."""
    explorer = _explorer()
    if blit:
        explorer = Explorer(
            explorer.fig, explorer.update, explorer.params, initial=explorer.initial, alt="a line", dynamic=explorer.fig.axes[0].lines
        )
    box = explorer.widget()
    slope, shift, image = box.children
    start = image.value
    slope.value = 2
    moved = image.value
    assert moved != start
    shift.value = 0.5
    assert image.value not in (start, moved)
    slope.value, shift.value = 1, 0.0  # back to the start: the same picture again
    assert image.value == start


def test_explorer_rejects_bad_grids():
    fig = plt.figure()
    with pytest.raises(ValueError, match="too many"):
        Explorer(fig, lambda a, b: None, {"a": range(10), "b": range(10)}, alt="x")
    with pytest.raises(ValueError, match="initial"):
        Explorer(fig, lambda a: None, {"a": [1, 2]}, initial={"a": 3}, alt="x")
    ax = fig.add_subplot()
    with pytest.raises(ValueError, match="dynamic: None is not an artist"):  # no legend: get_legend() is None
        Explorer(fig, lambda a: None, {"a": [1, 2]}, alt="x", dynamic=[ax.title, ax.get_legend()])
    (other_line,) = plt.figure().add_subplot().plot([0, 1])
    with pytest.raises(ValueError, match="not an artist of this figure"):
        Explorer(fig, lambda a: None, {"a": [1, 2]}, alt="x", dynamic=[other_line])


def test_display_bundle_has_live_widget_and_static_html():
    bundle = _explorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "frame-player" in bundle["text/html"]
