"""Solvers against independent references: scikit-learn, closed forms and optimality certificates."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import ElasticNet, Lasso, LassoCV, Ridge, enet_path
from sklearn.linear_model import lasso_path as sk_lasso_path
from sklearn.model_selection import KFold

from helpers.data import load_diabetes_data, make_regression_data
from helpers.penalties import convert_alpha, get_penalty, soft_threshold
from helpers.solvers import (
    alpha_max,
    default_alphas,
    elastic_net,
    elastic_net_duality_gap,
    elastic_net_objective,
    elastic_net_path,
    gradient_descent,
    lasso,
    lasso_duality_gap,
    lasso_kkt_violation,
    lasso_objective,
    lasso_path,
    one_standard_error_alpha,
    ridge,
    ridge_path,
    ridge_shrinkage_factors,
    subgradient_descent,
)

DIABETES = load_diabetes_data()[:2]
WIDE = make_regression_data(40, 80, n_informative=5, noise=0.5, seed=3)[:2]  # more features than samples
TALL = make_regression_data(200, 12, n_informative=4, noise=1.0, correlation=0.6, seed=1)[:2]
DATASETS = {"diabetes": DIABETES, "wide": WIDE, "tall_correlated": TALL}
# strongly correlated features (pairwise 0.9): where the Elastic Net and the Lasso part ways
CORRELATED = make_regression_data(100, 20, n_informative=5, noise=1.0, correlation=0.9, seed=0)[:2]
ENET_DATASETS = {"diabetes": DIABETES, "correlated": CORRELATED}
L1_RATIOS = [0.1, 0.5, 0.9, 1.0]


def _rel_diff(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-12)


def _sk_lasso(X, y, alpha, **kw):
    return Lasso(alpha=alpha, tol=1e-14, max_iter=1_000_000, **kw).fit(X, y)


def _sk_enet(X, y, alpha, l1_ratio, **kw):
    return ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12, max_iter=1_000_000, **kw).fit(X, y)


# ----------------------------------------------------------------------------- ridge
@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("alpha", [1e-3, 0.1, 10.0, 1e3])
def test_ridge_matches_sklearn(name, alpha):
    X, y = DATASETS[name]
    ours = ridge(X, y, alpha)
    ref = Ridge(alpha=alpha, solver="svd").fit(X, y)
    assert _rel_diff(ours.coef, ref.coef_) < 1e-6
    assert ours.intercept == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-8)


def test_ridge_without_intercept_matches_sklearn():
    X, y = TALL
    ref = Ridge(alpha=2.0, fit_intercept=False, solver="svd").fit(X, y)
    ours = ridge(X, y, 2.0, fit_intercept=False)
    assert _rel_diff(ours.coef, ref.coef_) < 1e-6 and ours.intercept == 0.0


def test_ridge_normal_equations():
    X, y = TALL
    Xc, yc = X - X.mean(0), y - y.mean()
    closed = np.linalg.solve(Xc.T @ Xc + 5.0 * np.eye(X.shape[1]), Xc.T @ yc)
    assert _rel_diff(ridge(X, y, 5.0).coef, closed) < 1e-10


def test_ridge_path_equals_individual_fits_and_has_no_zeros():
    X, y = DIABETES
    alphas = np.geomspace(1e-4, 1e4, 25)
    path = ridge_path(X, y, alphas)
    assert path.shape == (25, X.shape[1])
    for a, coef in zip(alphas, path):
        assert _rel_diff(coef, Ridge(alpha=a, solver="svd").fit(X, y).coef_) < 1e-6
    assert np.all(path != 0)


def test_shrinkage_factors_sum_to_trace_of_hat_matrix():
    X, _ = TALL
    Xc = X - X.mean(0)
    alpha = 7.0
    hat = Xc @ np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T)
    assert ridge_shrinkage_factors(X, alpha).sum() == pytest.approx(np.trace(hat), rel=1e-10)


# ----------------------------------------------------------------------------- lasso
@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.01])
@pytest.mark.parametrize("method", ["cd", "fista"])
def test_lasso_matches_sklearn(name, fraction, method):
    X, y = DATASETS[name]
    alpha = fraction * alpha_max(X, y)
    ours = lasso(X, y, alpha, method=method, tol=1e-13 if method == "cd" else 1e-11, max_iter=500_000)
    ref = _sk_lasso(X, y, alpha)
    assert _rel_diff(ours.coef, ref.coef_) < 1e-6
    np.testing.assert_array_equal(ours.coef == 0, ref.coef_ == 0)  # the same exact zeros
    assert ours.intercept == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-6)


def test_ista_reaches_the_same_optimum():
    X, y = TALL
    alpha = 0.1 * alpha_max(X, y)
    ours = lasso(X, y, alpha, method="ista", tol=1e-12, max_iter=200_000)
    assert _rel_diff(ours.coef, _sk_lasso(X, y, alpha).coef_) < 1e-6


def test_lasso_without_intercept_matches_sklearn():
    X, y = WIDE
    alpha = 0.05
    ref = _sk_lasso(X, y, alpha, fit_intercept=False)
    ours = lasso(X, y, alpha, fit_intercept=False, tol=1e-13)
    assert _rel_diff(ours.coef, ref.coef_) < 1e-6 and ours.intercept == 0.0


def test_orthonormal_design_closed_forms():
    # with X^T X = n I the Lasso is the soft-threshold of least squares and ridge a uniform shrink
    rng = np.random.default_rng(0)
    n, p = 64, 6
    Q, _ = np.linalg.qr(rng.standard_normal((n, p)))
    X = Q * np.sqrt(n)
    y = X @ np.array([3.0, -2.0, 0.5, 0.0, 0.1, -0.05]) + 0.3 * rng.standard_normal(n)
    ols = X.T @ y / n
    alpha = 0.4
    lasso_coef = lasso(X, y, alpha, fit_intercept=False, tol=1e-14).coef
    np.testing.assert_allclose(lasso_coef, soft_threshold(ols, alpha), atol=1e-10)
    np.testing.assert_allclose(ridge(X, y, alpha, fit_intercept=False).coef, ols / (1 + alpha / n), rtol=1e-10)


def test_alpha_max_is_the_threshold_of_the_empty_model():
    X, y = DIABETES
    top = alpha_max(X, y)
    assert np.all(lasso(X, y, top).coef == 0)
    assert np.all(_sk_lasso(X, y, top).coef_ == 0)
    assert np.count_nonzero(_sk_lasso(X, y, 0.999 * top).coef_) == 1
    assert np.count_nonzero(lasso(X, y, 0.999 * top, tol=1e-13).coef) == 1


def test_lasso_path_matches_sklearn_fits():
    X, y = DIABETES
    alphas = default_alphas(X, y, n_alphas=15)
    path = lasso_path(X, y, alphas, tol=1e-13)
    for a, coef in zip(alphas, path):
        ref = _sk_lasso(X, y, a).coef_
        assert np.max(np.abs(coef - ref)) <= 1e-6 * max(np.max(np.abs(ref)), 1.0)


@pytest.mark.parametrize("name", ["synthetic", "wide"])
def test_lasso_path_matches_sklearns_path(name):
    # benchmarks/run.py's comparison: 100 alphas with warm starts, the same stopping rule on both sides
    X, y = make_regression_data(1000, 200, 10, noise=1.0, seed=0)[:2] if name == "synthetic" else WIDE
    alphas = default_alphas(X, y, n_alphas=100)
    tol = 1e-10
    path = lasso_path(X, y, alphas, tol=tol)
    ref = sk_lasso_path(X - X.mean(0), y - y.mean(), alphas=alphas, tol=tol / 2, max_iter=100_000)[1].T
    assert np.max(np.abs(path - ref)) <= 1e-6
    gaps = [lasso_duality_gap(X, y, coef, alpha) for coef, alpha in zip(path, alphas)]
    assert max(gaps) <= tol * np.var(y) / 2 * 1.0001  # each alpha's answer certified by its own gap


def test_lasso_path_warns_when_an_alpha_is_not_certified():
    X, y = WIDE
    alphas = default_alphas(X, y, n_alphas=10)
    with pytest.warns(RuntimeWarning, match="duality gap is still"):
        lasso_path(X, y, alphas, tol=1e-14, max_iter=1)  # one pass cannot reach that gap
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and a path that converges stays silent
        lasso_path(X, y, alphas, tol=1e-10)


def test_lasso_reports_a_certified_gap():
    X, y = TALL
    alpha = 0.05 * alpha_max(X, y)
    fit = lasso(X, y, alpha, tol=1e-12)
    assert fit.duality_gap == pytest.approx(lasso_duality_gap(X, y, fit.coef, alpha), abs=1e-14)
    assert fit.duality_gap <= 1e-12 * np.var(y) / 2 * 1.0001
    ref_objective = lasso_objective(X, y, _sk_lasso(X, y, alpha).coef_, _sk_lasso(X, y, alpha).intercept_, alpha)
    assert lasso_objective(X, y, fit.coef, fit.intercept, alpha) <= ref_objective + 1e-10


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-20, 20), min_size=12, max_size=12), st.floats(0.01, 2.0))
def test_duality_gap_is_an_upper_bound_on_suboptimality(coef, fraction):
    X, y = TALL
    alpha = fraction * alpha_max(X, y)
    coef = np.array(coef)
    opt = _sk_lasso(X, y, alpha)
    sub = lasso_objective(X, y, coef, y.mean() - X.mean(0) @ coef, alpha) - lasso_objective(
        X, y, opt.coef_, opt.intercept_, alpha
    )
    gap = lasso_duality_gap(X, y, coef, alpha)
    assert gap >= 0
    assert gap >= sub - 1e-8 * max(1.0, abs(sub))


@pytest.mark.parametrize("fraction", [0.8, 0.2, 0.02])
def test_kkt_and_gap_vanish_at_sklearns_optimum(fraction):
    X, y = DIABETES
    alpha = fraction * alpha_max(X, y)
    ref = _sk_lasso(X, y, alpha).coef_
    assert lasso_kkt_violation(X, y, ref, alpha) < 1e-6 * alpha
    assert lasso_duality_gap(X, y, ref, alpha) < 1e-8 * np.var(y)
    perturbed = ref + 0.5
    assert lasso_kkt_violation(X, y, perturbed, alpha) > 1e-3 * alpha


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
        with pytest.warns(RuntimeWarning, match="duality gap is still"):  # one pass is not converged, and says so
            w = lasso(X, y, alpha, max_iter=1, tol=1e-15, coef_init=w).coef
        np.testing.assert_allclose(w, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("data", ["diabetes", "wide"])
def test_path_is_certified_at_every_alpha(data):
    # the path's speed-ups (issue 7: sign-pattern jumps, passes over violators only) change no result
    if data == "diabetes":
        X, y = DIABETES
    else:  # more features than samples: the jump to the support's solution must cope
        X, y = make_regression_data(30, 60, 5, noise=0.5, correlation=0.5, seed=1)[:2]
    alphas = default_alphas(X, y, n_alphas=30)
    tol = 1e-10
    for alpha, coef in zip(alphas, lasso_path(X, y, alphas, tol=tol)):
        assert lasso_duality_gap(X, y, coef, alpha) <= tol * np.var(y) / 2 * (1 + 1e-6)


# ----------------------------------------------------------------------------- elastic net
@pytest.mark.parametrize("name", ENET_DATASETS)
@pytest.mark.parametrize("l1_ratio", L1_RATIOS)
@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.01])
def test_elastic_net_matches_sklearn(name, l1_ratio, fraction):
    X, y = ENET_DATASETS[name]
    alpha = fraction * alpha_max(X, y, l1_ratio=l1_ratio)
    # tol far below the default: the gap certifies the objective, and the coefficients' error is about
    # sqrt(2 gap / curvature), which on diabetes needs a gap near 1e-15 for 1e-6 relative accuracy
    ours = elastic_net(X, y, alpha, l1_ratio=l1_ratio, tol=1e-15, max_iter=500_000)
    ref = _sk_enet(X, y, alpha, l1_ratio)
    assert _rel_diff(ours.coef, ref.coef_) < 1e-6
    np.testing.assert_array_equal(ours.coef == 0, ref.coef_ == 0)  # the same exact zeros
    assert ours.intercept == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-6)
    if fraction == 0.5:  # a strong penalty: some exact zeros to compare
        assert np.sum(ref.coef_ == 0) >= 1


@pytest.mark.parametrize("name", ENET_DATASETS)
@pytest.mark.parametrize("l1_ratio", L1_RATIOS)
def test_elastic_net_path_matches_sklearns_enet_path(name, l1_ratio):
    X, y = ENET_DATASETS[name]
    alphas = default_alphas(X, y, n_alphas=30, l1_ratio=l1_ratio)
    path = elastic_net_path(X, y, alphas, l1_ratio=l1_ratio, tol=1e-15)
    assert path.shape == (30, X.shape[1])
    ref = enet_path(X - X.mean(0), y - y.mean(), l1_ratio=l1_ratio, alphas=alphas, tol=1e-12, max_iter=1_000_000)[1].T
    assert np.max(np.abs(path - ref)) <= 1e-6 * np.max(np.abs(ref))
    np.testing.assert_array_equal(path == 0, ref == 0)
    assert np.all(path[0] == 0) and np.sum(path[-1] == 0) < X.shape[1]  # from alpha_max (all zero) into the model
    for alpha, coef in zip(alphas, path):  # each alpha certified by its own gap (recomputed: up to rounding)
        assert elastic_net_duality_gap(X, y, coef, alpha, l1_ratio=l1_ratio) <= 1e-14 * np.var(y) / 2


def test_elastic_net_path_equals_individual_fits():
    X, y = CORRELATED
    alphas = default_alphas(X, y, n_alphas=8, l1_ratio=0.3)[::-1]  # small to large: any order works
    path = elastic_net_path(X, y, alphas, l1_ratio=0.3, tol=1e-15)
    for alpha, coef in zip(alphas, path):
        assert _rel_diff(coef, elastic_net(X, y, alpha, l1_ratio=0.3, tol=1e-15).coef) < 1e-7


def test_lasso_is_the_elastic_net_at_l1_ratio_one():
    X, y = TALL
    alpha = 0.1 * alpha_max(X, y)
    np.testing.assert_array_equal(lasso(X, y, alpha).coef, elastic_net(X, y, alpha, l1_ratio=1.0).coef)
    alphas = default_alphas(X, y, n_alphas=10)
    np.testing.assert_array_equal(lasso_path(X, y, alphas), elastic_net_path(X, y, alphas, l1_ratio=1.0))


@pytest.mark.parametrize("method", ["ista", "fista"])
def test_elastic_net_proximal_gradient_reaches_sklearns_optimum(method):
    X, y = TALL
    alpha = 0.1 * alpha_max(X, y, l1_ratio=0.5)
    ours = elastic_net(X, y, alpha, l1_ratio=0.5, method=method, tol=1e-15, max_iter=200_000)
    ref = _sk_enet(X, y, alpha, 0.5)
    assert _rel_diff(ours.coef, ref.coef_) < 1e-6
    np.testing.assert_array_equal(ours.coef == 0, ref.coef_ == 0)


def test_one_elastic_net_pass_is_the_documented_coordinate_update():
    # w_j = S(rho_j, alpha r) / (||x_j||^2 / n + alpha (1 - r)), one feature after the other
    X, y, _, _ = make_regression_data(60, 8, 3, noise=1.0, correlation=0.5, seed=2)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    n, alpha, r = len(y), 0.3, 0.4
    w, expected = np.zeros(X.shape[1]), np.zeros(X.shape[1])
    for _ in range(3):
        for j in range(X.shape[1]):
            col_sq = Xc[:, j] @ Xc[:, j] / n
            rho = Xc[:, j] @ (yc - Xc @ expected) / n + col_sq * expected[j]
            expected[j] = soft_threshold(rho, alpha * r) / (col_sq + alpha * (1 - r))
        with pytest.warns(RuntimeWarning, match=r"elastic_net \(l1_ratio = 0.4\): at alpha = 0.3 the duality gap is still"):
            w = elastic_net(X, y, alpha, l1_ratio=r, max_iter=1, tol=1e-15, coef_init=w).coef
        np.testing.assert_allclose(w, expected, rtol=1e-12, atol=1e-12)


def _sk_formulation_a_gap(Xc, yc, w, l1_reg, l2_reg):
    """scikit-learn's duality gap, copied from dual_gap_formulation_A in sklearn/linear_model/_cd_fast.pyx (n times ours)."""
    R = yc - Xc @ w
    XtA = Xc.T @ R - l2_reg * w
    dual_norm = np.max(np.abs(XtA))
    scale = l1_reg / dual_norm if dual_norm > l1_reg else 1.0
    primal = 0.5 * (R @ R + l2_reg * w @ w) + l1_reg * np.sum(np.abs(w))
    dual = -0.5 * scale**2 * (R @ R + l2_reg * w @ w) + scale * R @ yc
    return primal - dual


def _conjugate_dual(Xc, yc, theta, l1_reg, l2_reg):
    """The Elastic Net's Lagrange dual at any theta, term by term (n times our scale)."""
    value = theta @ yc - 0.5 * theta @ theta
    for j in range(Xc.shape[1]):
        excess = max(abs(Xc[:, j] @ theta) - l1_reg, 0.0)
        if l2_reg > 0:
            value -= excess**2 / (2 * l2_reg)
        else:
            assert excess <= 1e-9 * l1_reg  # without an L2 part only feasible points are allowed
    return value


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(-20, 20), min_size=20, max_size=20),
    st.floats(0.01, 2.0),
    st.sampled_from([0.0, 1e-6, 0.1, 0.5, 0.9, 1.0]),
)
def test_elastic_net_gap_is_primal_minus_dual_and_bounds_suboptimality(coef, fraction, l1_ratio):
    X, y = CORRELATED
    n = len(y)
    Xc, yc = X - X.mean(0), y - y.mean()
    alpha = fraction * alpha_max(X, y)
    coef = np.array(coef)
    l1_reg, l2_reg = n * alpha * l1_ratio, n * alpha * (1 - l1_ratio)
    gap = elastic_net_duality_gap(X, y, coef, alpha, l1_ratio=l1_ratio)
    # independently: the primal from the objective, the dual at the two documented points
    primal = n * elastic_net_objective(X, y, coef, y.mean() - X.mean(0) @ coef, alpha, l1_ratio=l1_ratio)
    R = yc - Xc @ coef
    scale = min(1.0, l1_reg / np.max(np.abs(Xc.T @ R - l2_reg * coef)))
    duals = [_conjugate_dual(Xc, yc, scale * R, l1_reg, l2_reg)] + (
        [_conjugate_dual(Xc, yc, R, l1_reg, l2_reg)] if l2_reg > 0 else []
    )
    assert gap == pytest.approx((primal - max(duals)) / n, rel=1e-9, abs=1e-9 * np.var(y))
    # never larger than scikit-learn's gap, and the same for the Lasso
    sk_gap = _sk_formulation_a_gap(Xc, yc, coef, l1_reg, l2_reg) / n
    assert gap <= sk_gap * (1 + 1e-12) + 1e-12
    if l1_ratio == 1.0:
        assert gap == lasso_duality_gap(X, y, coef, alpha)
        assert gap == pytest.approx(sk_gap, rel=1e-9)
    # and it bounds the distance to the optimum, found by scikit-learn
    opt = _sk_enet(X, y, alpha, l1_ratio) if l1_ratio > 0 else Ridge(alpha=n * alpha).fit(X, y)
    sub = primal / n - elastic_net_objective(X, y, opt.coef_, opt.intercept_, alpha, l1_ratio=l1_ratio)
    assert gap >= sub - 1e-8 * max(1.0, abs(sub))


@pytest.mark.parametrize("l1_ratio", [1e-8, 0.1, 0.5, 0.9, 1.0])
def test_elastic_net_gap_vanishes_at_the_optimum_and_only_there(l1_ratio):
    X, y = DIABETES
    alpha = 0.05 * alpha_max(X, y)
    opt = _sk_enet(X, y, alpha, l1_ratio)
    assert elastic_net_duality_gap(X, y, opt.coef_, alpha, l1_ratio=l1_ratio) < 1e-11 * np.var(y)
    # 5% of the largest weight off: a suboptimality some 1e7 times that, which the gap must report
    off = opt.coef_ + 0.05 * np.max(np.abs(opt.coef_))
    sub = elastic_net_objective(X, y, off, y.mean() - X.mean(0) @ off, alpha, l1_ratio=l1_ratio) - elastic_net_objective(
        X, y, opt.coef_, opt.intercept_, alpha, l1_ratio=l1_ratio
    )
    assert elastic_net_duality_gap(X, y, off, alpha, l1_ratio=l1_ratio) >= sub > 5e-5 * np.var(y)


def test_elastic_net_reports_the_gap_of_its_coefficients():
    X, y = CORRELATED
    alpha = 0.05 * alpha_max(X, y, l1_ratio=0.5)
    fit = elastic_net(X, y, alpha, l1_ratio=0.5, tol=1e-12)
    assert fit.duality_gap == pytest.approx(elastic_net_duality_gap(X, y, fit.coef, alpha, l1_ratio=0.5), rel=1e-9)
    assert fit.duality_gap <= 1e-12 * np.var(y) / 2 * 1.0001
    ref = _sk_enet(X, y, alpha, 0.5)
    assert elastic_net_objective(X, y, fit.coef, fit.intercept, alpha, l1_ratio=0.5) <= (
        elastic_net_objective(X, y, ref.coef_, ref.intercept_, alpha, l1_ratio=0.5) + 1e-10
    )


@pytest.mark.parametrize("name", ENET_DATASETS)
@pytest.mark.parametrize("fraction", [1.0, 0.1, 0.01])
def test_elastic_net_approaches_ridge_as_l1_ratio_goes_to_zero(name, fraction):
    X, y = ENET_DATASETS[name]
    n = len(y)
    alpha = fraction * alpha_max(X, y)
    distance = {}
    for r in (0.1, 1e-3, 1e-8, 0.0):
        # the L2 part alpha (1 - r)/2 ||w||^2 next to RSS/(2n) is Ridge's n alpha (1 - r) ||w||^2 next to RSS
        ridge_alpha = convert_alpha(alpha * (1 - r), penalty="l2", source="sklearn_elasticnet", target="sklearn", n_samples=n)
        reference = ridge(X, y, ridge_alpha).coef
        distance[r] = _rel_diff(elastic_net(X, y, alpha, l1_ratio=r, tol=1e-15).coef, reference)
    assert distance[0.1] > distance[1e-3] > distance[1e-8]  # closer and closer as the L1 part fades ...
    assert distance[1e-8] < 1e-6 and distance[0.0] < 1e-6  # ... down to the solver's accuracy


def test_alpha_max_of_the_elastic_net_is_its_threshold_of_the_empty_model():
    X, y = CORRELATED
    for r in (0.1, 0.5):
        top = alpha_max(X, y, l1_ratio=r)
        assert top == pytest.approx(alpha_max(X, y) / r, rel=1e-12)
        assert np.all(elastic_net(X, y, top, l1_ratio=r).coef == 0)
        assert np.all(_sk_enet(X, y, top, r).coef_ == 0)
        assert np.count_nonzero(elastic_net(X, y, 0.999 * top, l1_ratio=r, tol=1e-13).coef) == 1
        assert np.count_nonzero(_sk_enet(X, y, 0.999 * top, r).coef_) == 1


def test_elastic_net_path_warns_when_an_alpha_is_not_certified():
    X, y = CORRELATED
    alphas = default_alphas(X, y, n_alphas=5, l1_ratio=0.5)
    with pytest.warns(RuntimeWarning, match=r"elastic_net_path \(l1_ratio = 0.5\): at alpha = .* duality gap is still"):
        elastic_net_path(X, y, alphas, l1_ratio=0.5, tol=1e-15, max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        elastic_net_path(X, y, alphas, l1_ratio=0.5)


# ----------------------------------------------------------------------------- cases from scikit-learn's tests
HUGE = np.random.default_rng(0).uniform(-1, 1, (20, 3)) * 1.7e308  # finite, but its mean overflows
LARGE = np.random.default_rng(1).uniform(-1, 1, (20, 3)) * 1e200  # centres fine, X^T X overflows
SMALL_Y = np.random.default_rng(2).standard_normal(20)
OVERFLOW_CALLS = {
    "lasso": lambda X, y: lasso(X, y, 0.1),
    "lasso no intercept": lambda X, y: lasso(X, y, 0.1, fit_intercept=False),
    "ridge": lambda X, y: ridge(X, y, 0.1),
    "alpha_max": lambda X, y: alpha_max(X, y),
    "lasso_path": lambda X, y: lasso_path(X, y, [1.0, 0.1]),
    "lasso_duality_gap": lambda X, y: lasso_duality_gap(X, y, np.zeros(X.shape[1]), 0.1),
    "gradient_descent": lambda X, y: gradient_descent(X, y, 0.1, n_iter=2),
    "elastic_net": lambda X, y: elastic_net(X, y, 0.1),
    "elastic_net_path": lambda X, y: elastic_net_path(X, y, [1.0, 0.1]),
    "elastic_net_duality_gap": lambda X, y: elastic_net_duality_gap(X, y, np.zeros(X.shape[1]), 0.1),
}


@pytest.mark.parametrize("call", OVERFLOW_CALLS)
@pytest.mark.parametrize("data", ["huge X", "large X", "huge y"])
def test_values_too_large_for_float64_raise_instead_of_returning_nan(call, data):
    # before: NaN coefficients (lasso, alpha_max, the gap), all-zero paths without a warning, or
    # LinAlgError "SVD did not converge" (ridge), none naming the cause
    X, y, name = {
        "huge X": (HUGE, SMALL_Y, "X"),
        "large X": (LARGE, SMALL_Y, "X"),
        "huge y": (np.random.default_rng(3).standard_normal((20, 3)), HUGE[:, 0], "y"),
    }[data]
    with np.errstate(all="raise"):  # and no floating-point overflow happens on the way to the message
        with pytest.raises(ValueError, match=f"^{name} has values so large"):
            OVERFLOW_CALLS[call](X, y)


def test_scikit_learn_also_refuses_the_huge_X():
    # the reference behaviour: a ValueError, not a model made of NaNs
    with pytest.raises(ValueError), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its overflow and convergence warnings on the way
        Lasso(alpha=0.1).fit(HUGE, SMALL_Y)


def test_a_nan_gap_is_never_taken_for_a_certificate(monkeypatch):
    # "gap > tol" is False for NaN, so a NaN gap used to pass as converged without a word
    import helpers.solvers as solvers

    monkeypatch.setattr(solvers, "_gap", lambda *args, **kwargs: float("nan"))
    X, y = TALL
    with pytest.warns(RuntimeWarning, match="duality gap is still nan"):
        lasso_path(X, y, [0.1], max_iter=3)
    with pytest.warns(RuntimeWarning, match="duality gap is still nan"):
        fit = lasso(X, y, 0.1, max_iter=3)
    assert fit.n_iter == 3  # it kept iterating instead of stopping at a NaN "certificate"


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_the_reported_gap_is_the_gap_of_the_returned_coefficients(fit_intercept):
    # At alpha = 1e-11 on diabetes, after 10 000 passes, the in-place updated residual had drifted:
    # lasso reported a gap of 7.7e-7 where its own coefficients' gap is 5.2e-5 (without intercept:
    # 4.2e-5 reported, 1.86 true). The standalone certificate recomputes everything from X, y and coef.
    X, y = DIABETES
    alpha = 1e-11
    with pytest.warns(RuntimeWarning, match="duality gap is still"):  # not certified, and it says so
        fit = lasso(X, y, alpha, max_iter=10_000, fit_intercept=fit_intercept)
    independent = lasso_duality_gap(X, y, fit.coef, alpha, fit_intercept=fit_intercept)
    assert fit.duality_gap == pytest.approx(independent, rel=1e-9)


def test_a_certified_answer_passes_the_independent_certificate():
    # whenever lasso stops silently, the standalone gap confirms the tolerance it was asked for
    X, y = DIABETES
    tol = 1e-10
    for alpha in alpha_max(X, y) * np.array([0.5, 1e-2, 1e-4, 1e-6]):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fit = lasso(X, y, alpha, tol=tol)
        assert lasso_duality_gap(X, y, fit.coef, alpha) <= tol * np.var(y) / 2 * (1 + 1e-9)


def test_lasso_at_alpha_zero_warns_when_it_cannot_certify():
    # diabetes (n > p) cannot be fitted exactly: at alpha = 0 the dual point is 0 and the gap is the
    # whole objective, so max_iter ran out without a word before
    X, y = DIABETES
    with pytest.warns(RuntimeWarning, match=r"alpha = 0 .*ridge\(X, y, 0\)"):
        fit = lasso(X, y, 0.0, max_iter=50)
    assert fit.n_iter == 50 and lasso_duality_gap(X, y, fit.coef, 0.0) > 1.0  # independently not certified
    # with more features than samples the fit is exact, the gap reaches 0 and lasso stays silent
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exact = lasso(*WIDE, 0.0)
    assert lasso_duality_gap(*WIDE, exact.coef, 0.0) <= 1e-10 * np.var(WIDE[1]) / 2 * (1 + 1e-9)


def test_ista_warns_in_steps_when_it_stops_uncertified():
    X, y = TALL
    with pytest.warns(RuntimeWarning, match="after max_iter = 5 steps"):
        lasso(X, y, 0.01, method="ista", max_iter=5)


# ----------------------------------------------------------------------------- first-order methods
def test_subgradient_descent_hovers_while_the_proximal_step_reaches_zeros():
    X, y, coef, _ = make_regression_data(100, 10, n_informative=3, noise=0.5, seed=0)
    alpha = 0.3
    exact = _sk_lasso(X, y, alpha).coef_
    assert np.sum(exact == 0) >= 5
    sub = subgradient_descent(X, y, alpha, lr=0.05, n_iter=2000)
    prox = gradient_descent(X, y, alpha, step="proximal", n_iter=2000)
    assert np.sum(sub.coef == 0) == 0  # no exact zeros ...
    assert np.max(np.abs(sub.coef[exact == 0])) < 0.1  # ... only small numbers where the optimum has zeros
    np.testing.assert_array_equal(prox.coef == 0, exact == 0)
    assert np.max(np.abs(prox.coef - exact)) < 1e-8


def test_proximal_l2_descent_converges_to_ridge():
    # (1/(2n)) RSS + a ||w||^2 has the minimizer of Ridge(alpha = 2 n a)
    X, y = TALL
    a = 0.3
    gd = gradient_descent(X, y, a, penalty="l2", n_iter=3000)
    ref = Ridge(alpha=2 * len(y) * a).fit(X, y)
    assert _rel_diff(gd.coef, ref.coef_) < 1e-8
    assert gd.intercept == pytest.approx(ref.intercept_, rel=1e-8)
    assert np.all(np.diff(gd.objective_history) <= 1e-12)  # monotone with step 1/L


@pytest.mark.parametrize("penalty", ["elasticnet", get_penalty("elasticnet", l1_ratio=0.2)], ids=["registry key", "l1_ratio 0.2"])
def test_proximal_elastic_net_descent_converges_to_elastic_net(penalty):
    # the "mse" objective (1/(2n)) RSS + alpha (r ||w||_1 + (1 - r)/2 ||w||^2) is ElasticNet's, same alpha
    X, y = CORRELATED
    r = get_penalty(penalty).l1_ratio
    alpha = 0.05 * alpha_max(X, y, l1_ratio=r)
    gd = gradient_descent(X, y, alpha, penalty=penalty, n_iter=20_000)
    opt = elastic_net(X, y, alpha, l1_ratio=r, tol=1e-15)
    np.testing.assert_array_equal(gd.coef == 0, opt.coef == 0)
    assert np.sum(opt.coef == 0) >= 1  # exact zeros reached by the proximal step
    assert _rel_diff(gd.coef, opt.coef) < 1e-6
    assert gd.objective_history[-1] == pytest.approx(
        elastic_net_objective(X, y, opt.coef, opt.intercept, alpha, l1_ratio=r), rel=1e-12
    )
    assert np.all(np.diff(gd.objective_history) <= 1e-12)  # monotone with step 1/L


def test_elastic_net_subgradient_descent_has_no_exact_zeros():
    X, y = CORRELATED
    alpha = 0.05 * alpha_max(X, y, l1_ratio=0.5)
    opt = elastic_net(X, y, alpha, l1_ratio=0.5)
    sub = gradient_descent(X, y, alpha, penalty="elasticnet", step="subgradient", lr=0.01, n_iter=3000)
    assert np.sum(opt.coef == 0) >= 1 and np.sum(sub.coef == 0) == 0
    assert np.max(np.abs(sub.coef[opt.coef == 0])) < 0.1


# ----------------------------------------------------------------------------- choosing alpha
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


# ----------------------------------------------------------------------------- bad input
BAD_CALLS = {
    "negative alpha": (lambda: lasso(*TALL, -1.0), "alpha"),
    "nan alpha": (lambda: ridge(*TALL, float("nan")), "alpha"),
    "string alpha": (lambda: ridge(*TALL, "0.1"), "alpha"),
    "nan in X": (lambda: lasso(np.array([[np.nan, 1.0], [0.0, 1.0]]), [1.0, 2.0], 0.1), "X"),
    "inf in y": (lambda: ridge([[1.0], [2.0]], [1.0, np.inf], 0.1), "y"),
    "row mismatch": (lambda: lasso(np.ones((3, 2)), np.ones(4), 0.1), "y has 4"),
    "1-D X": (lambda: ridge(np.ones(3), np.ones(3), 0.1), "2-D"),
    "no samples": (lambda: lasso(np.ones((0, 2)), np.ones(0), 0.1), "no samples"),
    "negative alphas": (lambda: ridge_path(*TALL, [1.0, -2.0]), "alphas"),
    "bad method": (lambda: lasso(*TALL, 0.1, method="newton"), "method"),
    "bad tol": (lambda: lasso(*TALL, 0.1, tol=0), "tol"),
    "bad penalty": (lambda: gradient_descent(*TALL, 0.1, penalty="l3"), "penalty"),
    "penalty drawn only": (lambda: gradient_descent(*TALL, 0.1, penalty="l0.5"), "penalty 'l0.5'"),
    # the Elastic Net refuses what the Lasso refuses, and a mix outside [0, 1]
    "enet negative alpha": (lambda: elastic_net(*TALL, -1.0), "alpha"),
    "enet nan in X": (lambda: elastic_net(np.array([[np.nan, 1.0], [0.0, 1.0]]), [1.0, 2.0], 0.1), "X"),
    "enet row mismatch": (lambda: elastic_net(np.ones((3, 2)), np.ones(4), 0.1), "y has 4"),
    "enet bad tol": (lambda: elastic_net(*TALL, 0.1, tol=-1.0), "tol"),
    "enet bad method": (lambda: elastic_net(*TALL, 0.1, method="newton"), "method"),
    "l1_ratio above 1": (lambda: elastic_net(*TALL, 0.1, l1_ratio=1.5), "l1_ratio"),
    "l1_ratio negative": (lambda: elastic_net(*TALL, 0.1, l1_ratio=-0.1), "l1_ratio"),
    "l1_ratio nan": (lambda: elastic_net(*TALL, 0.1, l1_ratio=float("nan")), "l1_ratio"),
    "l1_ratio string": (lambda: elastic_net(*TALL, 0.1, l1_ratio="0.5"), "l1_ratio"),
    "path l1_ratio": (lambda: elastic_net_path(*TALL, [1.0, 0.1], l1_ratio=2), "l1_ratio"),
    "path negative alphas": (lambda: elastic_net_path(*TALL, [1.0, -0.1]), "alphas"),
    "gap l1_ratio": (lambda: elastic_net_duality_gap(*TALL, np.zeros(12), 0.1, l1_ratio=-1), "l1_ratio"),
    "alpha_max without L1": (lambda: alpha_max(*TALL, l1_ratio=0.0), "l1_ratio must be > 0"),
}


@pytest.mark.parametrize("case", BAD_CALLS)
def test_bad_input_raises_a_clear_value_error(case):
    call, words = BAD_CALLS[case]
    with pytest.raises(ValueError, match=words):
        call()
