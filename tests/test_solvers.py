"""Solvers against independent references: scikit-learn, closed forms and optimality certificates."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Lasso, Ridge
from sklearn.linear_model import lasso_path as sk_lasso_path

from helpers.data import load_diabetes_data, make_regression_data
from helpers.penalties import soft_threshold
from helpers.solvers import (
    alpha_max,
    default_alphas,
    gradient_descent,
    lasso,
    lasso_duality_gap,
    lasso_kkt_violation,
    lasso_objective,
    lasso_path,
    ridge,
    ridge_path,
    ridge_shrinkage_factors,
    subgradient_descent,
)

DIABETES = load_diabetes_data()[:2]
WIDE = make_regression_data(40, 80, n_informative=5, noise=0.5, seed=3)[:2]  # more features than samples
TALL = make_regression_data(200, 12, n_informative=4, noise=1.0, correlation=0.6, seed=1)[:2]
DATASETS = {"diabetes": DIABETES, "wide": WIDE, "tall_correlated": TALL}


def _rel_diff(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-12)


def _sk_lasso(X, y, alpha, **kw):
    return Lasso(alpha=alpha, tol=1e-14, max_iter=1_000_000, **kw).fit(X, y)


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
    sub = lasso_objective(X, y, coef, y.mean() - X.mean(0) @ coef, alpha) - lasso_objective(X, y, opt.coef_, opt.intercept_, alpha)
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
}


@pytest.mark.parametrize("case", BAD_CALLS)
def test_bad_input_raises_a_clear_value_error(case):
    call, words = BAD_CALLS[case]
    with pytest.raises(ValueError, match=words):
        call()
