"""The witness test and the recovery interval against scikit-learn's Lasso; the Monte-Carlo shortcut against full draws."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import Lasso

from helpers.support import (
    fractional_power_sparsity,
    gaussian_recovery_trials,
    irrepresentable,
    recovery_interval,
    rescaled_sample_size,
    sample_size,
    uniform_gaussian_problem,
    wainwright_lambda,
    witness,
)

SIGMA, BETA_MIN = 0.5, 0.5


def lasso_signs(X, y, lam):
    """Signs of scikit-learn's Lasso (same 1/(2n) scaling, no intercept), solved to a tight tolerance."""
    fit = Lasso(alpha=lam, fit_intercept=False, tol=1e-12, max_iter=200_000).fit(X, y)
    return np.sign(fit.coef_)


def three_features(a, n=400, noise=0.0, seed=0):
    """x3 = a (x1 + x2) + sqrt(1 - 2 a^2) e: population C21 C11^{-1} (1, 1) = 2a, C21 C11^{-1} (1, -1) = 0."""
    rng = np.random.default_rng(seed)
    x1, x2, e = rng.standard_normal((3, n))
    X = np.column_stack([x1, x2, a * (x1 + x2) + np.sqrt(1 - 2 * a**2) * e])
    return X, rng.standard_normal(n) * noise


def test_witness_agrees_with_sklearn_on_every_trial():
    rng = np.random.default_rng(1)
    p = 128
    k = fractional_power_sparsity(p)
    outcomes = []
    for i in range(300):
        n = sample_size([0.75, 1.0, 1.25, 1.5][i % 4], p, k)
        lam = wainwright_lambda(n, p, k, SIGMA)
        X, y, beta = uniform_gaussian_problem(n, p, k, sigma=SIGMA, beta_min=BETA_MIN, rng=rng)
        found = np.array_equal(lasso_signs(X, y, lam), np.sign(beta))
        assert witness(X, y, beta, lam).recovered == found, f"trial {i}"
        outcomes.append(found)
    assert 50 < sum(outcomes) < 250  # both outcomes occur: the agreement is not a string of trivial cases


def test_witness_on_success_is_the_lasso_solution():
    rng = np.random.default_rng(2)
    X, y, beta = uniform_gaussian_problem(400, 50, 5, sigma=SIGMA, beta_min=1.0, rng=rng)
    lam = 0.05
    w = witness(X, y, beta, lam)
    assert w.recovered
    coef = Lasso(alpha=lam, fit_intercept=False, tol=1e-14, max_iter=200_000).fit(X, y).coef_
    np.testing.assert_allclose(coef[beta != 0], w.coef, atol=1e-8)
    assert np.max(w.dual) < 1 and w.dual.shape == (45,)


@pytest.mark.parametrize("seed", range(6))
def test_recovery_interval_matches_sklearn_on_a_grid(seed):
    rng = np.random.default_rng(seed)
    X, y, beta = uniform_gaussian_problem(60, 30, 4, sigma=1.0, beta_min=0.8, rng=rng)
    lo, hi = recovery_interval(X, y, beta)
    for lam in np.geomspace(1e-3, 2.0, 60):
        if min(abs(lam - lo), abs(lam - hi)) < 1e-6 * lam:
            continue
        found = np.array_equal(lasso_signs(X, y, lam), np.sign(beta))
        assert found == (lo < lam < hi), f"lam={lam:.4g}, interval=({lo:.4g}, {hi:.4g})"


def test_recovery_interval_endpoints_are_where_the_support_changes():
    rng = np.random.default_rng(11)
    X, y, beta = uniform_gaussian_problem(200, 40, 4, sigma=0.5, beta_min=1.0, rng=rng)
    lo, hi = recovery_interval(X, y, beta)
    assert 0 < lo < hi < np.inf
    truth = np.sign(beta)
    for lam, inside in [(lo * 0.999, False), (lo * 1.001, True), (hi * 0.999, True), (hi * 1.001, False)]:
        assert np.array_equal(lasso_signs(X, y, lam), truth) == inside


def test_irrepresentable_closed_form_and_noiseless_path():
    a = 2 / 3
    cov = np.array([[1, 0, a], [0, 1, a], [a, a, 1]])
    np.testing.assert_allclose(irrepresentable(cov, [2.0, 3.0, 0.0]), [2 * a], rtol=1e-12)
    np.testing.assert_allclose(irrepresentable(cov, [2.0, -3.0, 0.0]), [0.0], atol=1e-12)
    np.testing.assert_allclose(irrepresentable(np.eye(5), [1.0, 0, 0, -1.0, 0]), np.zeros(3), atol=0)
    # noiseless data: the path recovers the signed support for some lam iff the sample quantity is < 1
    X, _ = three_features(a)
    for beta in ([2.0, 3.0, 0.0], [2.0, -3.0, 0.0]):
        y = X @ np.array(beta)
        sample_value = irrepresentable(X.T @ X / len(y), beta)[0]
        lo, hi = recovery_interval(X, y, beta)
        assert (lo < hi) == (sample_value < 1)
        found = [np.array_equal(lasso_signs(X, y, lam), np.sign(beta)) for lam in np.geomspace(1e-3, 3, 25)]
        assert any(found) == (sample_value < 1)


def test_shortcut_has_the_distribution_of_full_draws():
    rng = np.random.default_rng(5)
    p = 64
    k = fractional_power_sparsity(p)
    n = sample_size(1.25, p, k)
    lam = wainwright_lambda(n, p, k, SIGMA)
    full = np.array(
        [witness(*uniform_gaussian_problem(n, p, k, sigma=SIGMA, beta_min=BETA_MIN, rng=rng), lam).recovered for _ in range(3000)]
    )
    fast = gaussian_recovery_trials(n, p, k, lam, sigma=SIGMA, beta_min=BETA_MIN, n_trials=30_000, seed=3)
    se = np.sqrt(full.var() / full.size + fast.var() / fast.size)
    assert 0.2 < full.mean() < 0.8  # a setting where a wrong distribution would show
    assert abs(full.mean() - fast.mean()) < 4 * se
    # a wrong chi-square (dropping the noise orthogonal to X_S) or a wrong dual scale moves it far
    wrong = gaussian_recovery_trials(n, p, k, lam, sigma=SIGMA * 0.5, beta_min=BETA_MIN, n_trials=30_000, seed=3)
    assert abs(full.mean() - wrong.mean()) > 10 * se


def test_shortcut_is_seeded_and_has_the_extremes():
    args = dict(sigma=SIGMA, beta_min=BETA_MIN, n_trials=500, seed=4)
    p, k = 128, 16
    np.testing.assert_array_equal(
        gaussian_recovery_trials(200, p, k, 0.1, **args), gaussian_recovery_trials(200, p, k, 0.1, **args)
    )
    assert not gaussian_recovery_trials(sample_size(0.3, p, k), p, k, 0.1, **args).any()
    n_big = sample_size(6.0, p, k)
    assert gaussian_recovery_trials(n_big, p, k, wainwright_lambda(n_big, p, k, SIGMA), **args).mean() > 0.98


def test_scalings():
    assert [fractional_power_sparsity(p) for p in (128, 256, 512)] == [16, 26, 44]  # ceil(0.4 p^0.75): 15.2, 25.6, 43.05
    n = sample_size(1.0, 128, 16)
    assert n == 151  # ceil(2 * 16 * log(112)) = ceil(150.99)
    assert rescaled_sample_size(n, 128, 16) == pytest.approx(151 / (32 * np.log(112)))
    assert wainwright_lambda(151, 128, 16, 0.5) == pytest.approx(np.sqrt(0.5 * np.log(16) * np.log(112) / 151))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: witness(np.eye(3), np.ones(3), [1.0, 1.0, 1.0], 0.1), "no zero entry"),
        (lambda: witness(np.eye(3), np.ones(3), [0.0, 0.0, 0.0], 0.1), "no non-zero entry"),
        (lambda: witness(np.eye(3), np.ones(3), [1.0, 0.0], 0.1), "length 3"),
        (lambda: witness(np.eye(3), np.ones(3), [1.0, 0.0, 0.0], 0.0), "lam must be > 0"),
        (lambda: witness(np.ones((4, 3)), np.ones(4), [1.0, 1.0, 0.0], 0.1), "linearly dependent"),
        (lambda: irrepresentable(np.ones((3, 3)), [1.0, 1.0, 0.0]), "singular"),
        (lambda: irrepresentable(np.ones((3, 2)), [1.0, 0.0]), "square"),
        (lambda: sample_size(1.0, 10, 10), "smaller than p"),
        (lambda: gaussian_recovery_trials(10, 50, 10, 0.1, sigma=1, beta_min=1, n_trials=5, seed=0), "k < n"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
