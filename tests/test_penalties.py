"""Penalties, the soft-threshold and the alpha conventions against closed forms and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from helpers.data import make_regression_data
from helpers.penalties import (
    CONVENTIONS,
    convert_alpha,
    elastic_net_penalty,
    l1_penalty,
    l1_subgradient,
    l2_gradient,
    l2_penalty,
    prox_l2,
    soft_threshold,
)

finite = st.floats(-1e3, 1e3, allow_nan=False)
nonneg = st.floats(0, 1e3, allow_nan=False)


@given(finite, nonneg)
def test_soft_threshold_solves_the_one_dimensional_lasso(z, t):
    w = float(soft_threshold(z, t))
    # optimality of 0.5 (w - z)^2 + t |w|: z - w lies in t * subdifferential of |.| at w
    if w == 0:
        assert abs(z) <= t
    else:
        assert np.isclose(z - w, t * np.sign(w), atol=1e-9 * max(1.0, abs(z)))
    grid = w + np.linspace(-1, 1, 201) * (abs(z) + t + 1)
    objective = 0.5 * (grid - z) ** 2 + t * np.abs(grid)
    assert 0.5 * (w - z) ** 2 + t * abs(w) <= objective.min() + 1e-9 * (1 + objective.min())


@given(st.lists(finite, min_size=1, max_size=20), nonneg)
def test_soft_threshold_is_odd_and_shrinks(z, t):
    z = np.array(z)
    w = soft_threshold(z, t)
    np.testing.assert_array_equal(soft_threshold(-z, t), -w)
    assert np.all(np.abs(w) <= np.abs(z))
    np.testing.assert_array_equal(w == 0, np.abs(z) <= t)


@given(st.lists(finite, min_size=1, max_size=20), nonneg)
def test_prox_l2_minimizes_its_objective(z, t):
    z = np.array(z)
    w = prox_l2(z, t)
    # gradient of 0.5 (w - z)^2 + t w^2 vanishes
    np.testing.assert_allclose(w - z + 2 * t * w, 0, atol=1e-9 * (1 + np.abs(z).max()))


@given(st.lists(finite, min_size=1, max_size=20), st.floats(0, 1))
def test_penalty_values(w, r):
    w = np.array(w)
    assert l1_penalty(w) == pytest.approx(np.abs(w).sum())
    assert l2_penalty(w) == pytest.approx(np.sum(w**2))
    assert elastic_net_penalty(w, r) == pytest.approx(r * np.abs(w).sum() + 0.5 * (1 - r) * np.sum(w**2))
    np.testing.assert_array_equal(l1_subgradient(w), np.sign(w))
    np.testing.assert_array_equal(l2_gradient(w), 2 * w)


def test_bad_penalty_arguments():
    with pytest.raises(ValueError, match="t must"):
        soft_threshold(1.0, -0.1)
    with pytest.raises(ValueError, match="l1_ratio"):
        elastic_net_penalty([1.0], 1.5)
    with pytest.raises(ValueError, match="convention"):
        convert_alpha(1.0, penalty="l1", source="sklearn", target="glmnet", n_samples=10)
    with pytest.raises(ValueError, match="penalty"):
        convert_alpha(1.0, penalty="l0", source="sklearn", target="rss", n_samples=10)
    with pytest.raises(ValueError, match="n_samples"):
        convert_alpha(1.0, penalty="l1", source="sklearn", target="rss", n_samples=0)


@settings(max_examples=60)
@given(
    st.floats(1e-6, 1e6),
    st.sampled_from(["l1", "l2"]),
    st.sampled_from(CONVENTIONS),
    st.sampled_from(CONVENTIONS),
    st.integers(1, 10_000),
)
def test_conversion_round_trips(alpha, penalty, a, b, n):
    there = convert_alpha(alpha, penalty=penalty, source=a, target=b, n_samples=n)
    assert convert_alpha(there, penalty=penalty, source=b, target=a, n_samples=n) == pytest.approx(alpha, rel=1e-12)


X, Y, _, _ = make_regression_data(80, 6, n_informative=3, noise=1.0, seed=2)
N = len(Y)
XC, YC = X - X.mean(0), Y - Y.mean()


def test_ridge_alpha_equals_elasticnet_alpha_over_n():
    a = 3.0
    en_alpha = convert_alpha(a, penalty="l2", source="sklearn", target="sklearn_elasticnet", n_samples=N)
    assert en_alpha == pytest.approx(a / N)
    ridge = Ridge(alpha=a).fit(X, Y).coef_
    enet = ElasticNet(alpha=en_alpha, l1_ratio=0.0, tol=1e-14, max_iter=100_000).fit(X, Y).coef_
    np.testing.assert_allclose(enet, ridge, rtol=1e-6)


@pytest.mark.parametrize("target", ["rss", "half_rss", "mse"])
def test_ridge_conversions_match_the_closed_form(target):
    a = 3.0
    lam = convert_alpha(a, penalty="l2", source="sklearn", target=target, n_samples=N)
    c = {"rss": 1.0, "half_rss": 0.5, "mse": 1 / (2 * N)}[target]
    # minimizer of c * RSS + lam * ||w||^2: (c X^T X + lam I) w = c X^T y
    closed = np.linalg.solve(c * XC.T @ XC + lam * np.eye(6), c * XC.T @ YC)
    np.testing.assert_allclose(Ridge(alpha=a).fit(X, Y).coef_, closed, rtol=1e-8)


@pytest.mark.parametrize("target", ["rss", "half_rss", "mse"])
def test_lasso_conversions_satisfy_the_target_optimality_condition(target):
    a = 0.2
    w = Lasso(alpha=a, tol=1e-14, max_iter=100_000).fit(X, Y).coef_
    lam = convert_alpha(a, penalty="l1", source="sklearn", target=target, n_samples=N)
    c = {"rss": 1.0, "half_rss": 0.5, "mse": 1 / (2 * N)}[target]
    # KKT of c * RSS + lam ||w||_1: 2 c X^T (y - X w) = lam * s, s in the subdifferential
    g = 2 * c * XC.T @ (YC - XC @ w)
    active = w != 0
    assert active.sum() >= 2 and (~active).sum() >= 1
    np.testing.assert_allclose(g[active], lam * np.sign(w[active]), rtol=1e-6)
    assert np.all(np.abs(g[~active]) <= lam * (1 + 1e-9))


def test_guide_example_lasso_alpha_in_rss_units():
    assert convert_alpha(0.1, penalty="l1", source="sklearn", target="rss", n_samples=442) == pytest.approx(88.4)


# ----------------------------------------------------------------------------- the registry
from helpers.penalties import LQ_FAMILY, REGISTRY, elastic_net, get_penalty, prox_elastic_net  # noqa: E402

SOLVABLE = [*REGISTRY.values(), elastic_net(0.2), elastic_net(0.9)]
EVERY_ENTRY = list({(p.key, p.l1_ratio): p for p in (*SOLVABLE, *LQ_FAMILY.values())}.values())


def penalty_id(p):
    """A test id without the labels' TeX (mutmut cannot re-select a test whose id holds a backslash)."""
    return f"elasticnet-{p.l1_ratio:g}" if p.key == "elasticnet" else p.key


@pytest.mark.parametrize("penalty", SOLVABLE, ids=penalty_id)
@given(st.lists(finite, min_size=1, max_size=5), nonneg)
@settings(max_examples=20, deadline=None)
def test_each_prox_minimizes_its_objective_on_a_grid(penalty, z, t):
    """prox(z, t) beats every point of a fine grid around it on 1/2 (w - z)^2 + t P(w) (one coordinate at a time:
    the penalties are separable)."""
    w = penalty.prox(np.array(z), t)
    for wj, zj in zip(w, z):
        grid = wj + np.linspace(-1, 1, 401) * (abs(zj) + t + 1)
        values = [0.5 * (g - zj) ** 2 + t * penalty.value(np.array([g])) for g in grid]
        best = 0.5 * (wj - zj) ** 2 + t * penalty.value(np.array([wj]))
        assert best <= min(values) + 1e-9 * (1 + abs(min(values)))


@given(st.lists(finite, min_size=1, max_size=10), nonneg)
def test_elastic_net_prox_ends_are_lasso_and_ridge(z, t):
    z = np.array(z)
    np.testing.assert_array_equal(prox_elastic_net(z, t, 1.0), soft_threshold(z, t))
    np.testing.assert_allclose(prox_elastic_net(z, t, 0.0), z / (1 + t), rtol=1e-15)  # (1-r)/2 w^2 has derivative w


@pytest.mark.parametrize(
    "key, on_boundary",
    [
        ("l1", lambda b, r: np.abs(b).sum(axis=1) - r),
        ("l2", lambda b, r: np.linalg.norm(b, axis=1) - r),
        ("linf", lambda b, r: np.abs(b).max(axis=1) - r),
        ("l0.5", lambda b, r: (np.sqrt(np.abs(b)).sum(axis=1)) ** 2 - r),
        ("l1.5", lambda b, r: (np.abs(b) ** 1.5).sum(axis=1) ** (2 / 3) - r),
    ],
)
def test_balls_lie_on_their_closed_form_boundaries(key, on_boundary):
    for radius in (0.3, 1.0, 2.5):
        ball = get_penalty(key).ball(radius, 73)
        np.testing.assert_allclose(on_boundary(ball, radius), 0, atol=1e-12 * radius)
        np.testing.assert_allclose(ball[0], [radius, 0], atol=1e-12)  # starts on the w1 axis, closes the loop
        np.testing.assert_allclose(ball[-1], ball[0], atol=1e-12)


@pytest.mark.parametrize("penalty", EVERY_ENTRY, ids=penalty_id)
def test_convex_flag_matches_the_drawn_ball(penalty):
    """Convex ball: every midpoint of two boundary points lies inside; non-convex: some does not."""
    ball = penalty.ball(1.0, 60)
    level = penalty.level(1.0)
    mids = 0.5 * (ball[:, None, :] + ball[None, :, :])
    worst = max(penalty.value(m) for m in mids.reshape(-1, 2))
    assert (worst <= level * (1 + 1e-9)) == penalty.convex, f"largest midpoint penalty {worst:.4f} vs level {level:.4f}"


@pytest.mark.parametrize("penalty", EVERY_ENTRY, ids=penalty_id)
def test_corner_flag_matches_the_ball_at_the_axis(penalty):
    """At a corner the boundary leaves the axis point at an angle: (1 - w1) / |w2| stays away from 0 as w2 -> 0.
    A smooth ball has a vertical tangent there, so the ratio goes to 0."""
    eps = 1e-6
    ratios = []
    for angle in (eps, -eps):
        u = np.array([np.cos(angle), np.sin(angle)])
        length = penalty.ball(1.0, 3)[0, 0]  # = 1, the radius, on the axis
        s = _ray_length(penalty, u, penalty.level(length))
        ratios.append((1.0 - s * u[0]) / abs(s * u[1]))
    assert (min(ratios) > 1e-2) == penalty.corners_on_axes, ratios


def _ray_length(penalty, u, level):
    lo, hi = 0.0, 4.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if penalty.value(mid * u) < level else (lo, mid)
    return lo


@pytest.mark.parametrize("penalty", [p for p in EVERY_ENTRY if p.dual_norm is not None], ids=penalty_id)
def test_dual_norm_is_the_largest_inner_product_over_the_unit_ball(penalty):
    """Definition of the dual norm: ||v||_* = max over ||w|| <= 1 of v . w (the unit ball of the norm behind P)."""
    rng = np.random.default_rng(0)
    ball = penalty.ball(1.0, 2001)  # includes the points on the axes and the diagonals, where polygons have corners
    for v in rng.standard_normal((5, 2)):
        np.testing.assert_allclose(penalty.dual_norm(v), np.max(ball @ v), rtol=1e-5)


def test_radius_is_the_budget_of_the_constrained_problems():
    w = np.array([3.0, -4.0])
    assert REGISTRY["l1"].radius(w) == pytest.approx(7.0)
    assert REGISTRY["l2"].radius(w) == pytest.approx(5.0)
    assert LQ_FAMILY["linf"].radius(w) == pytest.approx(4.0)
    # Elastic Net r = 0.5: 0.5 t + 0.25 t^2 = 0.5 * 7 + 0.25 * 25  ->  t = -1 + sqrt(1 + 4 * 9.75)
    assert REGISTRY["elasticnet"].radius(w) == pytest.approx(-1 + np.sqrt(1 + 4 * 9.75))


def test_get_penalty_names_what_is_wrong():
    assert get_penalty("elasticnet", l1_ratio=0.3).l1_ratio == 0.3
    assert get_penalty(REGISTRY["l1"]) is REGISTRY["l1"]
    with pytest.raises(ValueError, match="penalty must be one of .*'l1'.*got 'l3'"):
        get_penalty("l3")
    with pytest.raises(ValueError, match="l1_ratio must be a number in \\[0, 1\\].*got 1.5"):
        elastic_net(1.5)


@pytest.mark.parametrize("penalty", SOLVABLE, ids=penalty_id)
def test_l1_and_l2_weights_rebuild_the_penalty(penalty):
    w = np.array([1.5, -0.2, 0.0, 3.0])
    expected = penalty.l1_weight * np.abs(w).sum() + penalty.l2_weight / 2 * (w @ w)
    assert penalty.value(w) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("penalty", [p for p in SOLVABLE if p.gradient is not None], ids=penalty_id)
def test_gradient_is_the_derivative_of_the_value_away_from_kinks(penalty):
    """Subgradient descent and the CLI use ``gradient``; checked against central differences of ``value``
    at points with no zero coordinate (where every registered penalty is differentiable)."""
    rng = np.random.default_rng(3)
    for _ in range(5):
        w = rng.normal(size=4)
        w[np.abs(w) < 0.1] += 0.5  # keep away from the kink at 0
        h = 1e-6
        numeric = [(penalty.value(w + h * e) - penalty.value(w - h * e)) / (2 * h) for e in np.eye(4)]
        np.testing.assert_allclose(penalty.gradient(w), numeric, rtol=1e-6, atol=1e-8)
