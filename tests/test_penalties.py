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
