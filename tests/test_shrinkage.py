"""helpers.shrinkage against independent references: scikit-learn, SciPy, explicit matrix formulas,
brute-force refits and Monte Carlo."""

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.decomposition import PCA
from sklearn.linear_model import Lasso, LinearRegression, Ridge, RidgeCV
from sklearn.pipeline import make_pipeline

from helpers.data import load_diabetes_data, make_regression_data
from helpers.shrinkage import (
    adaptive_lasso,
    pcr,
    relaxed_lasso,
    ridge_bias_variance,
    ridge_coef_covariance,
    ridge_gcv,
    ridge_loo_residuals,
    ridge_mse_derivative,
    weighted_lasso_kkt_violation,
    weighted_lasso_many,
)
from helpers.solvers import alpha_max, lasso


@pytest.fixture(scope="module")
def diabetes():
    X, y, _, _ = load_diabetes_data()
    return X, y


@pytest.fixture(scope="module")
def small():
    data = make_regression_data(n_samples=60, n_features=6, n_informative=3, seed=3)
    return data.X, data.y


# ----------------------------------------------------------------------------- relaxed Lasso
@pytest.mark.parametrize("ratio", [0.5, 0.1, 0.02])
def test_relaxed_lasso_is_least_squares_on_the_lasso_support(diabetes, ratio):
    X, y = diabetes
    a = ratio * alpha_max(X, y)
    fit = relaxed_lasso(X, y, a)
    sk_support = np.flatnonzero(Lasso(alpha=a, tol=1e-12, max_iter=100_000).fit(X, y).coef_)
    assert np.array_equal(fit.support, sk_support)
    ref = LinearRegression().fit(X[:, sk_support], y)
    assert np.allclose(fit.coef[sk_support], ref.coef_, rtol=1e-9, atol=1e-8)
    assert np.isclose(fit.intercept, ref.intercept_, rtol=1e-10)
    off = np.setdiff1d(np.arange(X.shape[1]), sk_support)
    assert np.all(fit.coef[off] == 0.0)


def test_relaxed_lasso_phi_interpolates_between_refit_and_lasso(diabetes):
    X, y = diabetes
    a = 0.1 * alpha_max(X, y)
    lasso_fit = lasso(X, y, a)
    assert np.allclose(relaxed_lasso(X, y, a, phi=1.0).coef, lasso_fit.coef, atol=1e-9)
    half = relaxed_lasso(X, y, a, phi=0.5)
    S = half.support
    ref = Lasso(alpha=0.5 * a, tol=1e-12, max_iter=100_000).fit(X[:, S], y)
    assert np.allclose(half.coef[S], ref.coef_, atol=1e-6)


def test_relaxed_lasso_empty_support_is_the_mean(diabetes):
    X, y = diabetes
    fit = relaxed_lasso(X, y, 2 * alpha_max(X, y))
    assert fit.support.size == 0 and np.all(fit.coef == 0) and np.isclose(fit.intercept, y.mean())


# ----------------------------------------------------------------------------- adaptive Lasso
def _weighted_lasso_scipy(X, y, alpha, weights):
    """The weighted Lasso as a smooth bound-constrained problem in (u, v) >= 0 with w = u - v (L-BFGS-B)."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    n, p = X.shape

    def f(z):
        w = z[:p] - z[p:]
        r = yc - Xc @ w
        g = -Xc.T @ r / n
        return r @ r / (2 * n) + alpha * weights @ (z[:p] + z[p:]), np.concatenate([g + alpha * weights, -g + alpha * weights])

    res = minimize(
        f,
        np.zeros(2 * p),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0, None)] * (2 * p),
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20_000},
    )
    return res.x[:p] - res.x[p:]


@pytest.mark.parametrize("gamma", [0.5, 1.0, 2.0])
def test_adaptive_lasso_solves_its_weighted_objective(small, gamma):
    X, y = small
    fit = adaptive_lasso(X, y, 0.05, gamma=gamma)
    ols = LinearRegression().fit(X, y).coef_
    assert np.allclose(fit.weights, 1 / np.abs(ols) ** gamma, rtol=1e-8)
    direct = _weighted_lasso_scipy(X, y, 0.05, fit.weights)
    assert np.abs(fit.coef - direct).max() < 1e-5 * np.abs(direct).max()
    assert weighted_lasso_kkt_violation(X, y, fit.coef, 0.05, fit.weights) < 1e-9
    assert np.isclose(fit.intercept, y.mean() - X.mean(axis=0) @ fit.coef)


def test_adaptive_lasso_with_a_zero_pilot_keeps_that_weight_at_zero(small):
    X, y = small
    pilot = LinearRegression().fit(X, y).coef_
    pilot[0] = 0.0
    fit = adaptive_lasso(X, y, 0.01, pilot=pilot)
    assert fit.coef[0] == 0.0 and np.isinf(fit.weights[0])
    assert weighted_lasso_kkt_violation(X, y, fit.coef, 0.01, fit.weights) < 1e-9


def test_weighted_kkt_violation_detects_a_wrong_answer(small):
    X, y = small
    fit = adaptive_lasso(X, y, 0.05)
    worse = fit.coef.copy()
    worse[np.argmax(np.abs(worse))] *= 0.9
    assert weighted_lasso_kkt_violation(X, y, worse, 0.05, fit.weights) > 1e-3
    # with unit weights it is the Lasso's own certificate
    sk = Lasso(alpha=0.05, tol=1e-12, max_iter=100_000).fit(X, y).coef_
    assert weighted_lasso_kkt_violation(X, y, sk, 0.05, np.ones(X.shape[1])) < 1e-8


# ----------------------------------------------------------------------------- many targets at once
def test_weighted_lasso_many_matches_sklearn_per_target(diabetes):
    X, y = diabetes
    rng = np.random.default_rng(0)
    Y = y[:, None] + 30 * rng.standard_normal((len(y), 6))
    a = 0.05 * alpha_max(X, y)
    W = weighted_lasso_many(X, Y, a, tol=1e-11)
    sk = Lasso(alpha=a, tol=1e-14, max_iter=1_000_000).fit(X, Y).coef_  # one independent fit per column
    assert np.abs(W - sk).max() < 1e-6 * np.abs(sk).max()
    assert np.array_equal(W == 0, sk == 0)


def test_weighted_lasso_many_matches_adaptive_lasso_with_per_target_weights(small):
    X, y = small
    rng = np.random.default_rng(1)
    Y = y[:, None] + 0.5 * rng.standard_normal((len(y), 4))
    pilots = np.array([LinearRegression().fit(X, Y[:, k]).coef_ for k in range(4)])
    W = weighted_lasso_many(X, Y, 0.03, weights=1 / np.abs(pilots), tol=1e-12)
    for k in range(4):
        ref = adaptive_lasso(X, Y[:, k], 0.03, pilot=pilots[k], tol=1e-13).coef
        assert np.abs(W[k] - ref).max() < 1e-7 * np.abs(ref).max()


def test_weighted_lasso_many_warns_when_not_converged(diabetes):
    X, y = diabetes
    with pytest.warns(RuntimeWarning, match="raise max_iter"):
        weighted_lasso_many(X, y[:, None], 0.001, max_iter=1)


# ----------------------------------------------------------------------------- PCR
@pytest.mark.parametrize("k", [1, 3, 5, 10])
def test_pcr_matches_sklearn_pca_pipeline(diabetes, k):
    X, y = diabetes
    fit = pcr(X, y, k)
    pipe = make_pipeline(PCA(n_components=k), LinearRegression()).fit(X, y)
    coef_sk = pipe[0].components_.T @ pipe[1].coef_
    assert np.allclose(fit.coef, coef_sk, rtol=1e-8, atol=1e-7)
    assert np.allclose(X @ fit.coef + fit.intercept, pipe.predict(X), rtol=1e-10)


def test_pcr_with_every_component_is_least_squares_and_zero_is_the_mean(diabetes):
    X, y = diabetes
    assert np.allclose(pcr(X, y, X.shape[1]).coef, LinearRegression().fit(X, y).coef_, rtol=1e-8)
    empty = pcr(X, y, 0)
    assert np.all(empty.coef == 0) and np.isclose(empty.intercept, y.mean())


# ----------------------------------------------------------------------------- ridge bias, variance, MSE
def _explicit_ridge_moments(X, w_true, sigma, alpha):
    Xc = X - X.mean(axis=0)
    G = Xc.T @ Xc
    inv = np.linalg.inv(G + alpha * np.eye(G.shape[0]))
    return inv @ G @ w_true, sigma**2 * inv @ G @ inv


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.3, 5.0])
def test_ridge_moments_match_explicit_matrix_formulas(diabetes, alpha):
    X, _ = diabetes
    w_true = np.linspace(-300, 500, X.shape[1])
    mean, cov = _explicit_ridge_moments(X, w_true, 50.0, alpha)
    bv = ridge_bias_variance(X, w_true, 50.0, [alpha])
    assert np.allclose(bv.expected_coef[0], mean, rtol=1e-7, atol=1e-6)
    assert np.isclose(bv.bias_sq[0], np.sum((mean - w_true) ** 2), rtol=1e-6, atol=1e-6)
    assert np.isclose(bv.variance[0], np.trace(cov), rtol=1e-8)
    assert np.allclose(ridge_coef_covariance(X, 50.0, alpha), cov, rtol=1e-7, atol=1e-6 * np.abs(cov).max())
    assert np.isclose(bv.mse[0], bv.bias_sq[0] + bv.variance[0])


def test_ridge_moments_match_monte_carlo():
    data = make_regression_data(n_samples=40, n_features=4, n_informative=4, seed=2)
    X, w_true, sigma, alpha, R = data.X, data.coef, 1.5, 8.0, 20_000
    Xc = X - X.mean(axis=0)
    rng = np.random.default_rng(5)
    Y = (Xc @ w_true)[:, None] + sigma * rng.standard_normal((len(X), R))
    W = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(4), Xc.T @ (Y - Y.mean(axis=0))).T
    bv = ridge_bias_variance(X, w_true, sigma, [alpha])
    se = W.std(axis=0, ddof=1) / np.sqrt(R)
    assert np.all(np.abs(W.mean(axis=0) - bv.expected_coef[0]) < 4 * se)
    assert np.abs(bv.expected_coef[0] - w_true).max() > 20 * se.max()  # the bias is resolved, not noise
    sq = ((W - w_true) ** 2).sum(axis=1)
    assert abs(sq.mean() - bv.mse[0]) < 4 * sq.std() / np.sqrt(R)


def test_ridge_mse_derivative_matches_finite_differences_and_hoerl_kennard(diabetes):
    X, _ = diabetes
    w_true, sigma = np.linspace(-300, 500, X.shape[1]), 50.0
    alphas = np.array([0.0, 1e-3, 0.05, 1.0])
    h = 1e-7
    mse = lambda a: ridge_bias_variance(X, w_true, sigma, a).mse  # noqa: E731
    fd = (mse(alphas + h) - mse(np.maximum(alphas - h, 0))) / (alphas + h - np.maximum(alphas - h, 0))
    exact = ridge_mse_derivative(X, w_true, sigma, alphas)
    assert np.allclose(exact[1:], fd[1:], rtol=1e-4)
    assert np.isclose(exact[0], fd[0], rtol=1e-3)  # one-sided at 0
    d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    assert np.isclose(exact[0], -2 * sigma**2 * np.sum(d**-4.0), rtol=1e-10)


def test_rank_deficient_design_counts_the_unseen_part_as_bias():
    X = np.column_stack([np.arange(6.0), np.arange(6.0)])  # two identical columns: one null direction
    w_true = np.array([1.0, -1.0])  # entirely in the null direction
    bv = ridge_bias_variance(X, w_true, 1.0, [0.0, 1.0])
    assert np.allclose(bv.expected_coef, 0.0, atol=1e-12) and np.allclose(bv.bias_sq, 2.0)


# ----------------------------------------------------------------------------- leave-one-out and GCV
def _brute_force_loo(X, y, alpha, fit_intercept):
    out = np.empty(len(y))
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        model = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X[keep], y[keep])
        out[i] = y[i] - model.predict(X[i : i + 1])[0]
    return out


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_loo_residuals_equal_refitting_without_each_sample(small, fit_intercept):
    X, y = small
    alphas = [0.0, 0.5, 20.0]
    loo = ridge_loo_residuals(X, y, alphas, fit_intercept=fit_intercept)
    for k, a in enumerate(alphas):
        assert np.allclose(loo[k], _brute_force_loo(X, y, a, fit_intercept), rtol=1e-9, atol=1e-10)


def test_ridge_loo_matches_ridgecv_cv_results(diabetes):
    X, y = diabetes
    alphas = np.geomspace(1e-3, 10, 7)
    cv = RidgeCV(alphas=alphas, store_cv_results=True).fit(X, y)
    loo = ridge_loo_residuals(X, y, alphas)
    assert np.allclose(cv.cv_results_, (loo**2).T, rtol=1e-7)
    assert cv.alpha_ == alphas[np.argmin((loo**2).mean(axis=1))]


def test_ridge_gcv_uses_the_trace_of_the_hat_matrix(diabetes):
    X, y = diabetes
    Xc = X - X.mean(axis=0)
    for a in (0.01, 0.3, 3.0):
        H = np.ones((len(y), len(y))) / len(y) + Xc @ np.linalg.solve(Xc.T @ Xc + a * np.eye(X.shape[1]), Xc.T)
        e = y - H @ y
        expected = np.mean(e**2) / (1 - np.trace(H) / len(y)) ** 2
        assert np.isclose(ridge_gcv(X, y, [a])[0], expected, rtol=1e-10)


# ----------------------------------------------------------------------------- input checks
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda X, y: relaxed_lasso(X, y, -1.0), "alpha"),
        (lambda X, y: relaxed_lasso(X, y, 0.1, phi=1.5), "phi"),
        (lambda X, y: adaptive_lasso(X, y, 0.1, gamma=0), "gamma"),
        (lambda X, y: adaptive_lasso(X, y, 0.1, pilot=[1.0, 2.0]), "pilot"),
        (lambda X, y: weighted_lasso_many(X, y, 0.1), "Y"),
        (lambda X, y: weighted_lasso_many(X, y[:, None], 0.1, weights=-np.ones(X.shape[1])), "weights"),
        (lambda X, y: pcr(X, y, X.shape[1] + 1), "n_components"),
        (lambda X, y: pcr(X, y, -1), "n_components"),
        (lambda X, y: ridge_bias_variance(X, np.ones(X.shape[1]), -1.0, [1.0]), "sigma"),
        (lambda X, y: ridge_bias_variance(X, np.ones(3), 1.0, [1.0]), "coef"),
        (lambda X, y: ridge_loo_residuals(X, y[:-1], [1.0]), "y"),
        (lambda X, y: ridge_gcv(X, y, [np.nan]), "alphas"),
        (lambda X, y: weighted_lasso_kkt_violation(X, y, np.zeros(X.shape[1]), 0.1, [1.0]), "weights"),
    ],
)
def test_bad_input_names_the_argument(small, call, name):
    X, y = small
    with pytest.raises(ValueError, match=name):
        call(X, y)
