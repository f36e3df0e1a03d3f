"""Tests of the helpers added for the Mathematical Explanation chapter.

Each compares against an independent reference: scikit-learn's LassoCV, a brute-force loop, or
the data handed to the plot.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.linear_model import LassoCV
from sklearn.model_selection import KFold

from helpers.data import make_regression_data
from helpers.plots import cv_curve, weight_trajectories
from helpers.solvers import one_standard_error_alpha


def _brute_force_1se(alphas, mean, se):
    best = min(range(len(alphas)), key=lambda k: mean[k])
    largest = None
    for k in range(len(alphas)):
        if mean[k] <= mean[best] + se[best] and (largest is None or alphas[k] > alphas[largest]):
            largest = k
    return best, largest


@pytest.mark.parametrize("seed", range(20))
def test_one_standard_error_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    alphas = rng.permutation(np.geomspace(1e-3, 1, 25))  # any order must work
    mean = rng.uniform(1, 2, 25)
    se = rng.uniform(0, 0.3, 25)
    choice = one_standard_error_alpha(alphas, mean, se)
    best, chosen = _brute_force_1se(alphas, mean, se)
    assert (choice.index_min, choice.index_1se) == (best, chosen)
    assert choice.alpha_min == alphas[best] and choice.alpha_1se == alphas[chosen]
    assert choice.alpha_1se >= choice.alpha_min


def test_one_standard_error_agrees_with_lasso_cv_minimum():
    X, y, _, _ = make_regression_data(80, 15, 4, noise=1.5, seed=3)
    cv = LassoCV(alphas=30, cv=KFold(5, shuffle=True, random_state=0), tol=1e-8, max_iter=100_000).fit(X, y)
    mean = cv.mse_path_.mean(axis=1)
    se = cv.mse_path_.std(axis=1, ddof=1) / np.sqrt(5)
    choice = one_standard_error_alpha(cv.alphas_, mean, se)
    assert choice.alpha_min == pytest.approx(cv.alpha_)
    assert mean[choice.index_1se] <= mean[choice.index_min] + se[choice.index_min]
    # no larger alpha on the grid qualifies
    larger = cv.alphas_ > choice.alpha_1se
    assert np.all(mean[larger] > mean[choice.index_min] + se[choice.index_min])


def test_one_standard_error_with_zero_se_is_the_minimum():
    alphas = np.array([1.0, 0.5, 0.1])
    choice = one_standard_error_alpha(alphas, [3.0, 2.0, 2.5], [0.0, 0.0, 0.0])
    assert choice.alpha_min == choice.alpha_1se == 0.5


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (([1.0, 0.5], [1.0], [0.1, 0.1]), "cv_mean"),
        (([1.0, 0.5], [1.0, 2.0], [0.1, -0.1]), "cv_se"),
        (([1.0, -0.5], [1.0, 2.0], [0.1, 0.1]), "alphas"),
    ],
)
def test_one_standard_error_rejects_bad_input(args, word):
    with pytest.raises(ValueError, match=word):
        one_standard_error_alpha(*args)


def test_weight_trajectories_draws_magnitudes_with_zeros_on_the_floor():
    history = np.array([[0.0, 1.0], [-0.5, 1e-3], [0.0, -2.0]])
    ax = weight_trajectories(history, floor=1e-9, highlight=[1])
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) == 3]
    np.testing.assert_allclose(lines[0].get_ydata(), [1e-9, 0.5, 1e-9])
    np.testing.assert_allclose(lines[1].get_ydata(), [1.0, 1e-3, 2.0])
    np.testing.assert_array_equal(lines[0].get_xdata(), [0, 1, 2])
    assert ax.get_yscale() == "log"
    assert ax.get_legend_handles_labels()[1] == ["$w_{2}$"]  # only the highlighted feature is labelled
    plt.close(ax.figure)


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
    plt.close(ax.figure)


def test_cv_curve_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="equal length"):
        cv_curve([1.0, 0.1], [1.0, 2.0], [0.1])
