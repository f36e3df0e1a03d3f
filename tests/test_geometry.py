"""2-D constrained and penalized least squares against brute force and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from helpers.geometry import (
    QuadraticLoss,
    alpha_to_budget,
    budget_to_alpha,
    constrained_solution,
    ellipse_loss,
    loss_from_data,
    penalized_solution,
)
from helpers.penalties import get_penalty

ANGLES = np.linspace(0, 2 * np.pi, 20_001)


def boundary(penalty, t):
    """The rim of the ball of radius t, in closed form (independent of Penalty.ball's bisection)."""
    c, s = np.cos(ANGLES), np.sin(ANGLES)
    u = np.stack([c, s], axis=1)
    if penalty == "l2":
        return t * u
    if penalty == "l1":
        return t * u / (np.abs(c) + np.abs(s))[:, None]  # the diamond's rim
    # Elastic Net, l1_ratio 0.5: 0.5 s |u|_1 + 0.25 s^2 = 0.5 t + 0.25 t^2, a quadratic in the length s
    l1 = np.abs(c) + np.abs(s)
    level = 0.5 * t + 0.25 * t**2
    length = (-0.5 * l1 + np.sqrt(0.25 * l1**2 + level)) / 0.5
    return u * length[:, None]


def size(penalty, w):
    if penalty == "l1":
        return np.abs(w).sum()
    if penalty == "l2":
        return np.linalg.norm(w)
    return -1 + np.sqrt(1 + 4 * (0.5 * np.abs(w).sum() + 0.25 * w @ w))  # the t whose level matches w's


losses = st.builds(
    lambda x, y, angle, elong: ellipse_loss([x, y], angle=angle, elongation=elong),
    st.floats(-4, 4),
    st.floats(-4, 4),
    st.floats(0, 180),
    st.floats(1, 8),
)


@settings(max_examples=60, deadline=None)
@given(losses, st.floats(0.2, 3.0), st.sampled_from(["l1", "l2", "elasticnet"]))
def test_constrained_optimum_beats_every_boundary_point(loss, t, penalty):
    w = constrained_solution(loss, t, penalty)
    assert size(penalty, w) <= t * (1 + 1e-9)
    grid_best = loss(boundary(penalty, t)).min()
    if size(penalty, loss.center) <= t:
        np.testing.assert_allclose(w, loss.center)
    else:
        assert loss(w) <= grid_best + 1e-9 * (1 + grid_best)
        assert grid_best - loss(w) < 1e-3 * (1 + grid_best)  # and the grid gets close to it


@settings(max_examples=60, deadline=None)
@given(losses, st.floats(0.01, 5.0), st.sampled_from(["l1", "l2", "elasticnet"]))
def test_penalized_and_constrained_solutions_coincide_at_matched_strengths(loss, alpha, penalty):
    w_pen = penalized_solution(loss, alpha, penalty)
    t = alpha_to_budget(loss, alpha, penalty)
    if t < 1e-9:
        return  # alpha large enough to give w = 0; there is no positive budget to match
    np.testing.assert_allclose(constrained_solution(loss, t, penalty), w_pen, atol=1e-7 * (1 + np.abs(w_pen).max()))
    assert budget_to_alpha(loss, t, penalty) == pytest.approx(alpha, rel=1e-6, abs=1e-9)


def _two_feature_data(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((60, 2)) @ np.array([[1.0, 0.6], [0.0, 0.8]])
    y = X @ np.array([1.5, -0.4]) + 0.5 * rng.standard_normal(60) + 2.0
    return X, y


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("alpha", [0.01, 0.2, 0.6, 3.0])
def test_penalized_solutions_match_sklearn_on_data(seed, alpha):
    X, y = _two_feature_data(seed)
    loss = loss_from_data(X, y)  # (1/(2n)) RSS up to a constant: sklearn Lasso's data term
    lasso = Lasso(alpha=alpha, tol=1e-14, max_iter=100_000).fit(X, y).coef_
    np.testing.assert_allclose(penalized_solution(loss, alpha, "l1"), lasso, atol=1e-8)
    np.testing.assert_array_equal(penalized_solution(loss, alpha, "l1") == 0, lasso == 0)
    ridge = Ridge(alpha=2 * len(y) * alpha).fit(X, y).coef_  # (1/(2n)) RSS + a ||w||^2
    np.testing.assert_allclose(penalized_solution(loss, alpha, "l2"), ridge, rtol=1e-9)
    for r in (0.2, 0.5, 0.9):
        enet = ElasticNet(alpha=alpha, l1_ratio=r, tol=1e-14, max_iter=100_000).fit(X, y).coef_
        w = penalized_solution(loss, alpha, get_penalty("elasticnet", l1_ratio=r))
        np.testing.assert_allclose(w, enet, atol=1e-8)
        np.testing.assert_array_equal(w == 0, enet == 0)


def test_l1_corner_is_exactly_zero():
    loss = ellipse_loss([2.5, 0.3], angle=0, elongation=2.0)
    w = constrained_solution(loss, 1.0, "l1")
    assert w[1] == 0.0 and w[0] == 1.0


def test_bad_geometry_input():
    with pytest.raises(ValueError, match="center"):
        ellipse_loss([1.0, np.nan])
    with pytest.raises(ValueError, match="elongation"):
        ellipse_loss([1.0, 1.0], elongation=0.5)
    with pytest.raises(ValueError, match="budget"):
        constrained_solution(ellipse_loss([1.0, 1.0]), 0.0, "l1")
    with pytest.raises(ValueError, match="penalty"):
        penalized_solution(ellipse_loss([1.0, 1.0]), 0.1, "l3")
    with pytest.raises(ValueError, match="'l1.5' is for drawing only"):
        constrained_solution(ellipse_loss([1.0, 1.0]), 1.0, "l1.5")
    with pytest.raises(ValueError, match="QuadraticLoss"):
        constrained_solution((np.zeros(2), np.eye(2)), 1.0, "l2")
    with pytest.raises(ValueError, match="2 columns"):
        loss_from_data(np.ones((5, 3)), np.ones(5))
    assert isinstance(ellipse_loss([0.0, 1.0]), QuadraticLoss)
