"""The speed-ups of issue 7 change no result: the same pixels live, the same sweeps in the Lasso solver."""

from __future__ import annotations

import gc
import io
import weakref

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from helpers.data import load_diabetes_data, make_regression_data  # noqa: E402
from helpers.geometry import ellipse_loss  # noqa: E402
from helpers.interactive import FRAME_DPI, Explorer, figure_png, live_explorers  # noqa: E402
from helpers.penalties import soft_threshold  # noqa: E402
from helpers.plots import CoefficientBars, ConstraintRegionPlot  # noqa: E402
from helpers.solvers import default_alphas, lasso, lasso_duality_gap, lasso_path  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("layout", ["constrained", "frozen"])
def test_figure_png_draws_the_pixels_savefig_draws(layout):
    bars = CoefficientBars({"L1 (Lasso)": [0.0, 1.0, -2.0], "L2 (Ridge)": [0.5, 0.8, -1.5]}, title="before")
    if layout == "frozen":  # what the chapters do: lay out once, keep it for every frame
        bars.fig.canvas.draw()
        bars.fig.set_layout_engine("none")
    bars.update({"L1 (Lasso)": [0.0, 0.0, -1.0], "L2 (Ridge)": [0.3, 0.4, -1.0]}, title="after")
    reference = io.BytesIO()
    bars.fig.savefig(reference, format="png", dpi=FRAME_DPI)
    np.testing.assert_array_equal(pixels(figure_png(bars.fig, colors=0)), pixels(reference.getvalue()))
    assert bars.fig.dpi == 100  # the figure's own resolution is restored


def _line_explorer(blit: bool):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set(xlim=(-1, 2), ylim=(-1, 4))
    (line,) = ax.plot([0, 1], [0, 0], lw=2)

    def update(slope):
        line.set_ydata([0, slope])

    return Explorer(fig, update, {"slope": [0.5, 1.0, 2.0, 3.0]}, alt="a line", dynamic=[line] if blit else None), line


def test_blitted_steps_show_the_same_picture_as_full_redraws():
    full, _ = _line_explorer(blit=False)
    blitted, line = _line_explorer(blit=True)
    for slope in (3.0, 0.5, 2.0):
        np.testing.assert_array_equal(pixels(blitted.step(slope=slope)), pixels(full.step(slope=slope)))
    assert not line.get_animated()  # the website's frames still draw it
    assert len(set(blitted.frames())) == 4


def _bars():
    bars = CoefficientBars({"L1 (Lasso)": [0.0, 1.0, -2.0], "L2 (Ridge)": [0.5, 0.8, -1.5]}, ylim=(-3, 3))

    def update(v):
        bars.update({"L1 (Lasso)": [0.0, v, -2 * v], "L2 (Ridge)": [0.5 * v, 0.8, -1.5]}, title=f"v = {v}")

    return bars, update


def _regions():
    plot = ConstraintRegionPlot(ellipse_loss(np.array([1.5, 1.0]), angle=25, elongation=2.5), 1.0)

    def update(v):  # the loss centre turns around the origin, passing under the legend
        plot.update(ellipse_loss(2.2 * np.array([np.cos(v), np.sin(v)]), angle=25, elongation=2.5), 1.0)

    return plot, update


@pytest.mark.parametrize("make", [_bars, _regions], ids=["CoefficientBars", "ConstraintRegionPlot"])
def test_the_shared_figures_blit_what_a_full_redraw_shows(make):
    """Their dynamic_artists are complete: a blitted step differs from a full redraw only where static
    lines (grid, ticks) cross a moving artist, drawn under it instead of over it."""
    (full_plot, full_update), (blit_plot, blit_update) = make(), make()
    for plot in (full_plot, blit_plot):  # as the chapters do: one layout for every step
        plot.fig.canvas.draw()
        plot.fig.set_layout_engine("none")
    values = [0.0, 0.5, 2.0, 3.5, 4.5]
    full = Explorer(full_plot.fig, full_update, {"v": values}, alt="full redraws")
    blitted = Explorer(blit_plot.fig, blit_update, {"v": values}, alt="blitted", dynamic=blit_plot.dynamic_artists)
    for v in values[::-1]:
        difference = np.abs(pixels(full.step(v=v)).astype(int) - pixels(blitted.step(v=v)).astype(int)).max(axis=2)
        assert np.mean(difference > 0) < 0.01
        assert np.mean(difference > 64) < 0.001  # nothing missing or drawn in the wrong place


def test_live_explorers_lists_the_living_ones_in_order():
    first, _ = _line_explorer(blit=False)
    second, _ = _line_explorer(blit=True)
    alive = live_explorers()
    assert alive.index(first) < alive.index(second)
    first_ref = weakref.ref(first)
    del first, alive
    gc.collect()
    assert first_ref() is None  # the list holds no Explorer alive
    assert second in live_explorers()


def test_one_pass_is_still_one_full_cyclic_sweep():
    # chapter 6 draws coordinate descent one pass at a time with max_iter=1
    X, y, _, _ = make_regression_data(60, 8, 3, noise=1.0, seed=2)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    n, alpha = len(y), 0.2
    w = np.zeros(X.shape[1])
    for _ in range(3):
        expected = w.copy()
        for j in range(X.shape[1]):
            col_sq = Xc[:, j] @ Xc[:, j] / n
            rho = Xc[:, j] @ (yc - Xc @ expected) / n + col_sq * expected[j]
            expected[j] = soft_threshold(rho, alpha) / col_sq
        w = lasso(X, y, alpha, max_iter=1, tol=1e-15, coef_init=w).coef
        np.testing.assert_allclose(w, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("data", ["diabetes", "wide"])
def test_path_is_certified_at_every_alpha(data):
    if data == "diabetes":
        X, y = load_diabetes_data()[:2]
    else:  # more features than samples: the jump to the support's solution must cope
        X, y = make_regression_data(30, 60, 5, noise=0.5, correlation=0.5, seed=1)[:2]
    alphas = default_alphas(X, y, n_alphas=30)
    tol = 1e-10
    for alpha, coef in zip(alphas, lasso_path(X, y, alphas, tol=tol)):
        assert lasso_duality_gap(X, y, coef, alpha) <= tol * np.var(y) / 2 * (1 + 1e-6)
