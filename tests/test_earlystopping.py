"""helpers.earlystopping against independent references: explicit Euler steps, scikit-learn's Ridge,
the linear map written as a matrix, Monte Carlo, and the bound of Ali, Kolter & Tibshirani (2019) on random designs."""

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from helpers.earlystopping import (
    eigenvalues,
    flow_factors,
    gradient_descent_factors,
    gradient_flow,
    gradient_flow_bias_variance,
    ridge_at_inverse_time,
    ridge_factors,
    sklearn_alpha,
    variance_ratio,
    variance_ratio_maximum,
)
from helpers.shrinkage import ridge_bias_variance
from helpers.solvers import gradient_descent

PAPER_CONSTANT = 1.6862  # Ali, Kolter & Tibshirani (2019), Theorem 1


def _data(n, p, *, rho=0.0, seed=0, intercept=0.0):
    rng = np.random.default_rng(seed)
    cov = rho ** np.abs(np.subtract.outer(np.arange(p), np.arange(p)))
    X = rng.standard_normal((n, p)) @ np.linalg.cholesky(cov).T + 0.5
    w = rng.standard_normal(p)
    return X, intercept + X @ w + rng.standard_normal(n), w


def _euler(X, y, t, n_steps, fit_intercept):
    """Explicit Euler on dw/dt = X^T (y - X w) / n from 0, written out here (no helper)."""
    if fit_intercept:
        X, y = X - X.mean(axis=0), y - y.mean()
    n, h = X.shape[0], t / n_steps
    w = np.zeros(X.shape[1])
    for _ in range(n_steps):
        w = w + h * X.T @ (y - X @ w) / n
    return w


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gradient_flow_is_the_limit_of_small_euler_steps(fit_intercept):
    X, y, _ = _data(40, 6, rho=0.7, seed=1, intercept=3.0)
    t = 2.5
    exact = gradient_flow(X, y, [t], fit_intercept=fit_intercept)[0]
    errors = [np.abs(_euler(X, y, t, k, fit_intercept) - exact).max() for k in (2_000, 4_000)]
    # Euler is first order: the error halves with the step; a wrong closed form leaves an error that does not shrink
    assert errors[1] < 1e-3 * np.abs(exact).max()
    assert 1.9 < errors[0] / errors[1] < 2.1


def test_gradient_flow_tends_to_minimum_norm_least_squares_when_p_exceeds_n():
    X, y, _ = _data(15, 30, seed=2)
    lstsq = np.linalg.lstsq(X - X.mean(axis=0), y - y.mean(), rcond=None)[0]  # the minimum-norm solution
    far = gradient_flow(X, y, [1e7])[0]
    assert np.abs(far - lstsq).max() < 1e-8 * np.abs(lstsq).max()
    assert np.abs(gradient_flow(X, y, [0.0])[0]).max() == 0.0  # t = 0 is the start, w = 0 exactly (no solve involved)


def test_gradient_descent_steps_match_their_factors_and_approach_the_flow():
    X, y, _ = _data(50, 5, rho=0.5, seed=3)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    s, V = np.linalg.eigh(Xc.T @ Xc / len(y))
    w_ls = np.linalg.solve(Xc.T @ Xc, Xc.T @ yc)
    lr, k = 0.9 / s.max(), 25
    gd = gradient_descent(X, y, 0.0, penalty="l2", lr=lr, n_iter=k).coef  # the solvers' own loop
    predicted = V @ (gradient_descent_factors(s, lr, k) * (V.T @ w_ls))
    assert np.abs(gd - predicted).max() < 1e-10 * np.abs(gd).max()
    gaps = [np.abs(gradient_descent(X, y, 0.0, penalty="l2", lr=h, n_iter=round(4.0 / h)).coef - gradient_flow(X, y, [4.0])[0]).max()
            for h in (0.01, 0.005)]
    assert 1.8 < gaps[0] / gaps[1] < 2.2  # first order in the step


@pytest.mark.parametrize("shape", [(60, 8), (20, 35)])
def test_ridge_at_inverse_time_is_sklearn_ridge_with_alpha_n_over_t(shape):
    X, y, _ = _data(*shape, rho=0.6, seed=4, intercept=-2.0)
    n = X.shape[0]
    times = np.array([0.05, 1.0, 30.0])
    ours = ridge_at_inverse_time(X, y, times)
    for t, w in zip(times, ours):
        reference = Ridge(alpha=n / t, solver="svd").fit(X, y).coef_
        assert np.abs(w - reference).max() < 1e-9 * np.abs(reference).max()
        # and the paper's own formula, (X^T X / n + lambda I)^{-1} X^T y / n on centred data
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        paper = np.linalg.solve(Xc.T @ Xc / n + np.eye(X.shape[1]) / t, Xc.T @ yc / n)
        assert np.abs(w - paper).max() < 1e-9 * np.abs(paper).max()
    assert sklearn_alpha(0.25, 442) == pytest.approx(110.5)


def test_factors_against_their_formulas():
    s = np.array([4.0, 1.0, 0.01, 0.0])
    assert np.allclose(flow_factors(s, 2.0), 1 - np.exp(-2.0 * s), rtol=1e-14)
    assert np.allclose(ridge_factors(s, 0.5), [4 / 4.5, 1 / 1.5, 0.01 / 0.51, 0.0], rtol=1e-14)
    assert np.allclose(gradient_descent_factors(s, 0.2, 3), 1 - (1 - 0.2 * s) ** 3, rtol=1e-14)
    # e^{-x} <= 1 / (1 + x): the flow always keeps at least ridge's share of every direction
    x = np.geomspace(1e-4, 1e4, 500)
    assert np.all(flow_factors(x, 1.0) >= ridge_factors(x, 1.0))


def _linear_map(X, t, fit_intercept):
    """The matrix A with w(t) = A y: gradient flow applied to each unit vector (it is linear in y)."""
    return np.column_stack([gradient_flow(X, e, [t], fit_intercept=fit_intercept)[0] for e in np.eye(X.shape[0])])


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_bias_variance_equal_those_of_the_linear_map(fit_intercept):
    X, _, w = _data(25, 40, rho=0.8, seed=5)  # p > n: part of w is in the null space
    sigma, times = 0.7, np.array([0.1, 1.0, 20.0])
    closed = gradient_flow_bias_variance(X, w, sigma, times, fit_intercept=fit_intercept)
    for i, t in enumerate(times):
        A = _linear_map(X, t, fit_intercept)
        mean = A @ (X @ w + (5.0 if fit_intercept else 0.0))  # with a fitted intercept, b* = 5 must not matter
        assert np.abs(closed.expected_coef[i] - mean).max() < 1e-9 * np.abs(w).max()
        assert closed.bias_sq[i] == pytest.approx(np.sum((mean - w) ** 2), rel=1e-9)
        cov_y = sigma**2 * np.eye(X.shape[0])
        assert closed.variance[i] == pytest.approx(np.trace(A @ cov_y @ A.T), rel=1e-9)
    assert np.allclose(closed.mse, closed.bias_sq + closed.variance, rtol=1e-14)


def test_bias_variance_match_monte_carlo_with_non_gaussian_noise():
    X, _, w = _data(30, 6, rho=0.9, seed=6)
    sigma, t, reps = 1.5, 3.0, 4000
    rng = np.random.default_rng(7)
    noise = sigma * np.sqrt(3) * rng.uniform(-1, 1, (reps, X.shape[0]))  # uniform noise of variance sigma^2
    A = _linear_map(X, t, True)
    draws = (X @ w + noise) @ A.T  # one gradient-flow fit per row
    closed = gradient_flow_bias_variance(X, w, sigma, [t])
    mean_err = draws.mean(axis=0) - closed.expected_coef[0]
    mean_se = draws.std(axis=0, ddof=1) / np.sqrt(reps)
    assert np.all(np.abs(mean_err) < 4 * mean_se)
    spread = np.sum((draws - closed.expected_coef[0]) ** 2, axis=1)  # its mean is the variance
    assert abs(spread.mean() - closed.variance[0]) < 4 * spread.std(ddof=1) / np.sqrt(reps)
    # the MC check can fail: a variance off by the factor n (sigma^2 instead of sigma^2 / n) is far outside
    assert abs(spread.mean() - closed.variance[0] * X.shape[0]) > 40 * spread.std(ddof=1) / np.sqrt(reps)


def test_variance_ratio_maximum_is_the_papers_constant():
    best = variance_ratio_maximum()
    grid = np.linspace(1e-3, 50, 2_000_001)
    assert best.value == pytest.approx(variance_ratio(grid).max(), abs=1e-9)
    assert 1.6858 < best.value <= PAPER_CONSTANT  # the published constant, with a sliver of slack
    assert 1.79 < best.at < 1.80


@pytest.mark.parametrize("seed", range(6))
def test_the_bound_holds_on_random_designs(seed):
    rng = np.random.default_rng(100 + seed)
    n, p = int(rng.integers(10, 80)), int(rng.integers(2, 60))
    X = rng.standard_normal((n, p)) * np.geomspace(1, 10 ** rng.uniform(0, 3), p)  # conditioning up to 1e6
    w, sigma = rng.standard_normal(p) * rng.uniform(0.1, 3), rng.uniform(0.1, 3)
    times = np.geomspace(1e-4, 1e4, 60)
    flow = gradient_flow_bias_variance(X, w, sigma, times)
    ridge = ridge_bias_variance(X, w, sigma, n / times)
    assert np.all(flow.bias_sq <= ridge.bias_sq * (1 + 1e-12))
    assert np.all(flow.variance <= PAPER_CONSTANT * ridge.variance)
    assert np.all(flow.mse <= PAPER_CONSTANT * ridge.mse)


def test_the_constant_is_reached_when_every_eigenvalue_is_equal():
    rng = np.random.default_rng(8)
    n, p = 50, 5
    A = rng.standard_normal((n, p))
    X = np.sqrt(n) * np.linalg.qr(A - A.mean(axis=0))[0]  # centred columns with X^T X / n = I
    assert np.allclose(eigenvalues(X), 1.0)
    t = variance_ratio_maximum().at
    flow = gradient_flow_bias_variance(X, np.zeros(p), 1.0, [t])
    ridge = ridge_bias_variance(X, np.zeros(p), 1.0, [n / t])
    assert flow.variance[0] / ridge.variance[0] == pytest.approx(variance_ratio_maximum().value, rel=1e-9)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda X, y: gradient_flow(X, y, [-1.0]), "times"),
        (lambda X, y: gradient_flow(X, y, [np.nan]), "times"),
        (lambda X, y: ridge_at_inverse_time(X, y, [0.0, 1.0]), "t = 0"),
        (lambda X, y: gradient_flow_bias_variance(X, np.ones(3), -1.0, [1.0]), "sigma"),
        (lambda X, y: gradient_flow_bias_variance(X, np.ones(4), 1.0, [1.0]), "coef"),
        (lambda X, y: gradient_descent_factors([1.0], 0.0, 3), "lr"),
        (lambda X, y: gradient_descent_factors([1.0], 0.1, 0), "n_steps"),
        (lambda X, y: flow_factors([1.0], -2.0), "t"),
        (lambda X, y: sklearn_alpha(-1.0, 10), "lam"),
    ],
)
def test_bad_input_is_named(call, message):
    X, y, _ = _data(10, 3, seed=9)
    with pytest.raises(ValueError, match=message):
        call(X, y)
