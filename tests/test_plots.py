"""Figures draw what they are given, where they are told, in each penalty's registered colour."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.geometry import constrained_solution, ellipse_loss
from helpers.penalties import LQ_FAMILY, REGISTRY
from helpers.plots import CoefficientBars, ConstraintRegionPlot, coefficient_path, cv_curve, error_curves, weight_trajectories


def test_plots_draw_on_the_given_axes_only():
    fig, axes = plt.subplots(1, 3)
    before = plt.get_fignums()
    assert coefficient_path(np.geomspace(1, 0.01, 5), np.ones((5, 2)), ax=axes[0]) is axes[0]
    assert error_curves([1, 2, 3], [3, 2, 1], [3, 1, 2], ax=axes[1]) is axes[1]
    bars = CoefficientBars({"l1": [0.0, 1.0], "l2": [0.5, 0.8]}, ax=axes[2])
    assert bars.ax is axes[2] and plt.get_fignums() == before
    assert len(axes[0].lines) >= 2


def test_bars_mark_exact_zeros_only():
    bars = CoefficientBars({"L1": [0.0, 1e-12, 2.0]})
    x, _ = bars.rings["L1"].get_data()
    assert len(x) == 1  # 1e-12 is not zero and gets no ring
    bars.update({"L1": [0.0, 0.0, 0.0]})
    assert len(bars.rings["L1"].get_data()[0]) == 3
    assert [b.get_height() for b in bars.bars["L1"]] == [0.0, 0.0, 0.0]


def test_bars_take_label_and_colour_from_the_registry_and_nothing_from_a_label():
    bars = CoefficientBars(
        {"l1": [1.0, 0.0], REGISTRY["elasticnet"]: [0.5, 0.2], "Elastic Net (l1_ratio=0.5)": [0.1, 0.1], "truth": [1.0, 0.0]},
        colors={"truth": "#009E73"},
    )
    handles, labels = bars.ax.get_legend_handles_labels()
    assert labels == ["L1 (Lasso)", "Elastic Net (l1_ratio=0.5)", "Elastic Net (l1_ratio=0.5)", "truth"]
    colours = [matplotlib_hex(h.patches[0].get_facecolor()) for h in handles]
    # a plain label gets the cycle's colour, never a guess from its words (the old substring guess coloured it)
    assert colours[:2] == [REGISTRY["l1"].color.lower(), REGISTRY["elasticnet"].color.lower()]
    assert colours[2] != REGISTRY["elasticnet"].color.lower() and colours[3] == "#009e73"


def matplotlib_hex(rgba):
    from matplotlib.colors import to_hex

    return to_hex(rgba)


@pytest.mark.parametrize("keys", [("l1", "l2"), ("l1", "elasticnet", "l2")])
def test_constraint_plot_draws_the_given_optima_on_each_ball(keys):
    loss = ellipse_loss([2.0, 1.0], angle=20, elongation=3)
    optima = {k: constrained_solution(loss, 1.0, k) for k in keys}
    plot = ConstraintRegionPlot(loss, 1.0, optima, penalties=keys)
    assert len(plot.axes) == len(keys)
    for (penalty, region, _, touching, _, optimum), ax in zip(plot.panels, plot.axes):
        w = optima[penalty.key]
        np.testing.assert_allclose(optimum.get_data(), [[w[0]], [w[1]]])
        # the region is the penalty's ball of radius 1: its rim crosses the axes at +-1
        xy = region.get_xy()
        assert np.isclose(xy[:, 0].max(), 1.0) and np.isclose(xy[:, 1].max(), 1.0)
        assert region.get_facecolor()[:3] == pytest.approx(plt.matplotlib.colors.to_rgb(penalty.color))
        # the thick contour passes through the optimum: a point just inside it lies within that ellipse
        assert touching.contains_point(ax.transData.transform(w * 0.999 + loss.center * 0.001))
        assert f"exact zeros: {int(np.sum(w == 0))}" in ax.get_title()


def test_constraint_plot_draws_balls_without_optima_for_the_lq_family():
    plot = ConstraintRegionPlot(ellipse_loss([2.0, 1.0]), 1.5, penalties=list(LQ_FAMILY.values()))
    assert [p.key for p in plot.penalties] == list(LQ_FAMILY)
    for _, region, _, touching, _, optimum in plot.panels:
        assert len(optimum.get_data()[0]) == 0 and not touching.get_visible()
        assert np.abs(region.get_xy()).max() >= 1.5 - 1e-9  # reaches the axes at the radius


def test_weight_trajectories_draws_magnitudes_with_zeros_on_the_floor():
    history = np.array([[0.0, 1.0], [-0.5, 1e-3], [0.0, -2.0]])
    ax = weight_trajectories(history, floor=1e-9, highlight=[1])
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) == 3]
    np.testing.assert_allclose(lines[0].get_ydata(), [1e-9, 0.5, 1e-9])
    np.testing.assert_allclose(lines[1].get_ydata(), [1.0, 1e-3, 2.0])
    np.testing.assert_array_equal(lines[0].get_xdata(), [0, 1, 2])
    assert ax.get_yscale() == "log"
    assert ax.get_legend_handles_labels()[1] == ["$w_{2}$"]  # only the highlighted feature is labelled


@pytest.mark.parametrize(("history", "floor", "word"), [(np.zeros(3), 1e-9, "coef_history"), (np.zeros((3, 2)), 0.0, "floor")])
def test_weight_trajectories_rejects_bad_input(history, floor, word):
    with pytest.raises(ValueError, match=word):
        weight_trajectories(history, floor=floor)


def test_cv_curve_draws_the_curve_and_the_two_choices():
    alphas = np.geomspace(1, 1e-2, 5)
    mean, se = np.array([5.0, 3.0, 2.0, 2.2, 2.6]), np.full(5, 0.5)
    ax = cv_curve(alphas, mean, se, alpha_min=alphas[2], alpha_1se=alphas[1], test_error=mean + 0.1)
    lines = ax.get_lines()
    np.testing.assert_allclose(lines[0].get_xdata(), alphas)
    np.testing.assert_allclose(lines[0].get_ydata(), mean)
    np.testing.assert_allclose(lines[1].get_ydata(), mean + 0.1)
    vertical = sorted(float(line.get_xdata()[0]) for line in lines[2:])
    np.testing.assert_allclose(vertical, sorted([alphas[2], alphas[1]]))
    assert ax.xaxis_inverted()


def test_cv_curve_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="equal length"):
        cv_curve([1.0, 0.1], [1.0, 2.0], [0.1])


# ----------------------------------------------------------------------------- the penalized surface
@pytest.mark.parametrize("key", ["l1", "l2", "elasticnet"])
def test_penalized_surface_draws_loss_plus_alpha_times_the_registry_penalty(key):
    from helpers.geometry import penalized_solution
    from helpers.plots import PenalizedSurfacePlot

    loss, alpha = ellipse_loss([1.8, -0.7], angle=-35, elongation=2.0), 0.9
    w = penalized_solution(loss, alpha, key)
    plot = PenalizedSurfacePlot(loss, alpha, {key: w}, penalties=[key], resolution=101)
    F, grid = plot.values[key], plot.grid
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, len(grid), size=(25, 2)):  # rows go along w2, columns along w1
        point = np.array([grid[j], grid[i]])
        assert np.isclose(F[i, j], float(loss(point)) + alpha * REGISTRY[key].value(point), rtol=1e-12)
    # the darkest pixel of the image, mapped through its extent, is within one grid cell of the exact minimum
    _, image, _, optimum = plot.panels[0]
    shade = image.get_array()
    row, col = np.unravel_index(np.argmin(shade), shade.shape)
    left, right, bottom, top = image.get_extent()
    assert image.origin == "lower"
    x = left + (col + 0.5) * (right - left) / shade.shape[1]
    y = bottom + (row + 0.5) * (top - bottom) / shade.shape[0]
    assert np.abs(np.array([x, y]) - w).max() <= grid[1] - grid[0]
    np.testing.assert_allclose(optimum.get_data(), [[w[0]], [w[1]]])


def test_penalized_surface_update_changes_artists_without_adding_any():
    from helpers.plots import PenalizedSurfacePlot

    loss = ellipse_loss([2.0, 1.0], angle=20, elongation=3)
    plot = PenalizedSurfacePlot(loss, 0.5, penalties=["l1", "l2"], resolution=51)
    before = [len(ax.get_children()) for ax in plot.axes]
    old = plot.values["l1"].copy()
    plot.update(loss, 2.0, {"l1": np.array([0.3, 0.0])})
    assert [len(ax.get_children()) for ax in plot.axes] == before  # Explorer blits the artists it found first
    assert not np.allclose(plot.values["l1"], old) and "α = 2" in plot.axes[0].get_title()


@pytest.mark.parametrize(("kwargs", "word"), [({"penalties": ["l0.5"]}, "penalties"), ({"resolution": 100}, "resolution")])
def test_penalized_surface_rejects_bad_input(kwargs, word):
    from helpers.plots import PenalizedSurfacePlot

    with pytest.raises(ValueError, match=word):
        PenalizedSurfacePlot(ellipse_loss([1.0, 1.0]), 1.0, **kwargs)


def test_bias_variance_curves_draws_the_sum_and_marks_its_minimum():
    from helpers.plots import bias_variance_curves

    alphas = np.geomspace(1e-3, 10, 50)
    bias_sq, variance = alphas**2, 1.0 / (1.0 + alphas)  # the sum is smallest at alpha = 0.30
    fig, ax = plt.subplots()
    bias_variance_curves(alphas, bias_sq, variance, baseline=1.0, monte_carlo=([0.1, 1.0], [0.92, 1.5], [0.01, 0.02]), ax=ax)
    total = next(line for line in ax.lines if line.get_label() == "mean squared error")
    np.testing.assert_allclose(total.get_ydata(), bias_sq + variance)
    star = next(line for line in ax.lines if line.get_label().startswith("minimum"))
    best = np.argmin(bias_sq + variance)
    assert star.get_xdata()[0] == alphas[best] and 0.25 < alphas[best] < 0.35
    assert ax.get_xscale() == "log" and len(ax.containers) == 1  # the Monte-Carlo error bars
    plt.close(fig)


@pytest.mark.parametrize(
    ("args", "word"),
    [(([0.0, 1.0], [1.0, 1.0], [1.0, 1.0]), "alphas"), (([0.1, 1.0], [1.0], [1.0, 1.0]), "equal length")],
)
def test_bias_variance_curves_rejects_bad_input(args, word):
    from helpers.plots import bias_variance_curves

    with pytest.raises(ValueError, match=word):
        bias_variance_curves(*args)


def test_threshold_rules_draw_each_rule_with_its_data_points():
    from helpers.plots import threshold_rules

    z = np.linspace(-2, 2, 41)
    rules = {"best subset": np.where(np.abs(z) > 1, z, 0.0), "l1": np.sign(z) * np.maximum(np.abs(z) - 1, 0)}
    axes = threshold_rules(z, rules, points={"l1": ([1.5, -0.5], [0.5, 0.0])}, colors={"best subset": "#E69F00"})
    assert len(axes) == 2
    for ax, values in zip(axes, rules.values()):
        curve = next(line for line in ax.lines if np.array_equal(line.get_xdata(), z) and line.get_ls() == "-")
        np.testing.assert_array_equal(curve.get_ydata(), values)
    assert axes[0].get_title() == "best subset" and axes[1].get_title() == REGISTRY["l1"].label
    ring = next(line for line in axes[1].lines if line.get_label() == "solver, on data")
    assert list(ring.get_ydata()) == [0.5, 0.0] and not any(line.get_label() == "solver, on data" for line in axes[0].lines)
    plt.close(axes[0].figure)
    with pytest.raises(ValueError, match="shape of z"):
        threshold_rules(z, {"l1": z[:-1]})


def test_degrees_of_freedom_plot_draws_the_diagonal_and_error_bars():
    from helpers.plots import degrees_of_freedom_plot

    fig, ax = plt.subplots()
    results = {"l1": ([1, 3, 5], [1.1, 2.9, 5.0], [0.1, 0.1, 0.2]), "best subset": ([1, 2], [1.5, 3.0], [0.1, 0.1])}
    out = degrees_of_freedom_plot(results, ax=ax)
    assert out is ax and len(ax.containers) == 2
    diagonal = ax.lines[0]
    assert list(diagonal.get_xdata()) == [0, 5.0] and list(diagonal.get_ydata()) == [0, 5.0]
    assert [c.get_label() for c in ax.containers] == [REGISTRY["l1"].label, "best subset"]
    plt.close(fig)
    with pytest.raises(ValueError, match="equal length"):
        degrees_of_freedom_plot({"l1": ([1, 2], [1.0], [0.1, 0.1])})
