"""Best subset, thresholds and degrees of freedom against brute force, closed forms and scikit-learn."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn.linear_model import Lasso, LinearRegression, Ridge

from helpers.penalties import soft_threshold
from helpers.selection import (
    best_subset,
    covariance_df,
    hard_threshold,
    keep_largest,
    refit_least_squares,
    ridge_df,
)
from helpers.solvers import lasso, ridge


def correlated(n=40, p=6, rho=0.7, seed=0):
    rng = np.random.default_rng(seed)
    cov = rho ** np.abs(np.subtract.outer(np.arange(p), np.arange(p)))
    X = rng.standard_normal((n, p)) @ np.linalg.cholesky(cov).T + 3.0  # off-centre: the intercept matters
    y = X @ np.r_[2.0, 0.0, -1.0, 0.0, 0.5, 0.0][:p] + rng.standard_normal(n) + 5.0
    return X, y


def orthonormal(n=30, p=5, seed=1):
    """Centred columns with X^T X = I (orthogonal to the intercept too)."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, p))
    return np.linalg.qr(A - A.mean(axis=0))[0]


def brute_force_best_subset(X, y, size, fit_intercept=True):
    """Every subset fitted by scikit-learn's LinearRegression; the lowest RSS wins."""
    best = (np.inf, None, None)
    for s in itertools.combinations(range(X.shape[1]), size):
        s = list(s)
        if s:
            model = LinearRegression(fit_intercept=fit_intercept).fit(X[:, s], y)
            coef, pred = model.coef_, model.predict(X[:, s])
        else:
            coef, pred = np.zeros(0), np.full_like(y, y.mean() if fit_intercept else 0.0)
        rss = np.sum((y - pred) ** 2)
        if rss < best[0]:
            best = (rss, s, coef)
    rss, s, coef = best
    w = np.zeros(X.shape[1])
    w[s] = coef
    return w, rss


# ----------------------------------------------------------------------------- thresholds
def test_hard_threshold_keeps_or_kills():
    z = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5])
    assert np.array_equal(hard_threshold(z, 1.0), [-3.0, 0, 0, 0, 0, 0, 2.5])  # |z| = t is killed
    assert np.array_equal(hard_threshold(z, 0.0), [-3.0, -1.0, -0.5, 0, 0.5, 1.0, 2.5])


def test_keep_largest_against_sorting():
    rng = np.random.default_rng(3)
    for _ in range(20):
        z = rng.standard_normal(9)
        for size in range(10):
            kept = keep_largest(z, size)
            order = np.sort(np.abs(z))[::-1]
            assert np.count_nonzero(kept) == size
            assert np.all((kept == 0) | (kept == z))
            if 0 < size < 9:  # the same as a hard threshold just below the size-th largest |z|
                t = 0.5 * (order[size - 1] + order[size])
                assert np.array_equal(kept, hard_threshold(z, t))


# ----------------------------------------------------------------------------- best subset
@pytest.mark.parametrize("size", range(7))
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_best_subset_matches_brute_force(size, fit_intercept):
    X, y = correlated()
    result = best_subset(X, y, size, fit_intercept=fit_intercept)
    w, rss = brute_force_best_subset(X, y, size, fit_intercept)
    assert np.allclose(result.coef, w, atol=1e-10)
    assert abs(result.rss - rss) < 1e-8 * rss
    assert np.array_equal(result.support, w != 0)
    pred = X @ result.coef + result.intercept
    assert abs(np.sum((y - pred) ** 2) - rss) < 1e-8 * rss


def test_best_subset_is_a_hard_threshold_under_an_orthonormal_design():
    """ESL Table 3.4: best subset of size M keeps the M largest least-squares coefficients."""
    X = orthonormal()
    rng = np.random.default_rng(2)
    for _ in range(10):
        y = X @ rng.normal(0, 2, 5) + rng.standard_normal(30) + 1.0
        z = X.T @ (y - y.mean())
        for size in range(6):
            assert np.allclose(best_subset(X, y, size).coef, keep_largest(z, size), atol=1e-12)


def test_best_subset_many_responses_equal_one_at_a_time():
    X, _ = correlated()
    Y = np.random.default_rng(4).standard_normal((40, 7)) + X[:, :1]
    many = best_subset(X, Y, 2)
    assert many.coef.shape == (7, 6) and many.intercept.shape == (7,) and many.support.shape == (7, 6)
    for j in range(7):
        one = best_subset(X, Y[:, j], 2)
        assert np.allclose(many.coef[j], one.coef, atol=1e-12)
        assert np.array_equal(many.support[j], one.support)
        assert abs(many.intercept[j] - one.intercept) < 1e-12 and abs(many.rss[j] - one.rss) < 1e-9


def test_best_subset_refuses_bad_input():
    X, y = correlated()
    with pytest.raises(ValueError, match="size"):
        best_subset(X, y, 7)
    with pytest.raises(ValueError, match="size"):
        best_subset(X, y, -1)
    with pytest.raises(ValueError, match="size"):
        best_subset(X, y, 2.0)
    with pytest.raises(ValueError, match="y has 39"):
        best_subset(X, y[:-1], 2)
    with pytest.raises(ValueError, match="linearly dependent"):
        best_subset(np.hstack([X, X[:, :1]]), y, 7)
    with pytest.raises(ValueError, match="subsets"):
        best_subset(np.random.default_rng(0).standard_normal((50, 40)), np.zeros(50), 20)


# ----------------------------------------------------------------------------- refit on a support
def test_refit_least_squares_matches_sklearn():
    X, y = correlated()
    Y = np.column_stack([y, 2 * y - X[:, 1], y[::-1]])
    supports = np.array([[1, 0, 1, 0, 1, 0], [0, 1, 0, 0, 0, 0], [1, 0, 1, 0, 1, 0]], dtype=bool)
    coef, intercept = refit_least_squares(X, Y, supports)
    for j in range(3):
        model = LinearRegression().fit(X[:, supports[j]], Y[:, j])
        assert np.allclose(coef[j, supports[j]], model.coef_, atol=1e-10)
        assert np.all(coef[j, ~supports[j]] == 0)
        assert abs(intercept[j] - model.intercept_) < 1e-10
    w, b = refit_least_squares(X, y, np.zeros(6, dtype=bool))  # empty support: the mean
    assert np.all(w == 0) and abs(b - y.mean()) < 1e-12
    with pytest.raises(ValueError, match="support"):
        refit_least_squares(X, Y, supports[:2])
    with pytest.raises(ValueError, match="support"):
        refit_least_squares(X, y, np.ones(6))  # not boolean


# ----------------------------------------------------------------------------- the Table 3.4 formulas
def test_table_3_4_against_the_solvers():
    """Orthonormal X: ridge = z / (1 + alpha), Lasso = soft threshold at n alpha (sklearn's 1/(2n) scaling)."""
    X = orthonormal()
    y = X @ np.array([3.0, -2.0, 1.0, 0.4, -0.1]) + 0.5 * np.random.default_rng(5).standard_normal(30)
    z = X.T @ (y - y.mean())
    for alpha in (0.1, 1.0, 4.0):
        assert np.allclose(ridge(X, y, alpha).coef, z / (1 + alpha), atol=1e-12)
        assert np.allclose(Ridge(alpha=alpha).fit(X, y).coef_, z / (1 + alpha), atol=1e-10)
    for alpha in (0.005, 0.02, 0.05):
        assert np.allclose(lasso(X, y, alpha).coef, soft_threshold(z, 30 * alpha), atol=1e-8)


# ----------------------------------------------------------------------------- degrees of freedom
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.0, 0.3, 5.0, 200.0])
def test_ridge_df_is_the_trace_of_sklearns_hat_matrix(alpha, fit_intercept):
    X, _ = correlated()
    n = X.shape[0]
    # column i of the hat matrix is the fit to the i-th unit vector
    hat = Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="svd").fit(X, np.eye(n)).predict(X)
    assert abs(ridge_df(X, alpha, fit_intercept=fit_intercept) - np.trace(hat)) < 1e-8


def test_covariance_df_of_linear_smoothers():
    """yhat = H y, e = y - mean: the per-draw value is (e^T H e + e^T (H - I) mean) / sigma^2, whose mean is
    trace(H) and variance 2 trace(H^2) + ||(H - I) mean||^2 / sigma^2 (Gaussian e, symmetric H)."""
    X, _ = correlated(n=30, p=4)
    mean = X @ np.array([1.0, -1.0, 0.5, 0.0])
    rng = np.random.default_rng(6)
    sigma, draws = 1.5, 4000
    Y = mean + sigma * rng.standard_normal((draws, 30))
    for alpha in (0.0, 20.0):
        hat = Ridge(alpha=alpha, fit_intercept=False, solver="svd").fit(X, np.eye(30)).predict(X)
        est = covariance_df(Y, Y @ hat.T, mean, sigma)
        assert abs(est.df - np.trace(hat)) < 4 * est.se
        variance = 2 * np.trace(hat @ hat) + np.sum((hat @ mean - mean) ** 2) / sigma**2
        assert abs(est.se - np.sqrt(variance / draws)) < 0.1 * est.se
        assert abs(est.per_draw.mean() - est.df) < 1e-12


def test_covariance_df_of_the_lasso_is_its_expected_number_of_nonzeros():
    """Zou, Hastie & Tibshirani (2007), checked with scikit-learn's Lasso (one fit per draw)."""
    X, _ = correlated(n=40, p=6, rho=0.5)
    mean = X @ np.array([2.0, 0.0, -1.0, 0.0, 0.5, 0.0])
    rng = np.random.default_rng(7)
    sigma = 1.0
    Y = mean + sigma * rng.standard_normal((3000, 40))
    fit = Lasso(alpha=0.15, fit_intercept=False, tol=1e-10, max_iter=100_000).fit(X, Y.T)
    est = covariance_df(Y, fit.predict(X).T, mean, sigma)
    size = np.count_nonzero(fit.coef_, axis=1)
    diff = est.per_draw - size
    assert abs(diff.mean()) < 4 * diff.std(ddof=1) / np.sqrt(len(diff))
    assert 1.5 < size.mean() < 5.5  # a real selection, not all or nothing


def test_covariance_df_refuses_bad_input():
    Y = np.zeros((5, 3))
    with pytest.raises(ValueError, match="fitted"):
        covariance_df(Y, np.zeros((5, 2)), np.zeros(3), 1.0)
    with pytest.raises(ValueError, match="mean"):
        covariance_df(Y, Y, np.zeros(4), 1.0)
    with pytest.raises(ValueError, match="sigma"):
        covariance_df(Y, Y, np.zeros(3), 0.0)
    with pytest.raises(ValueError, match="sigma"):
        covariance_df(Y, Y, np.zeros(3), -1.0)
    with pytest.raises(ValueError, match="2 draws"):
        covariance_df(Y[:1], Y[:1], np.zeros(3), 1.0)
