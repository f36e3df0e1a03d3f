"""The Lasso solver's speed-ups (issue 7) change no result: the same sweeps, every alpha certified."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.data import load_diabetes_data, make_regression_data
from helpers.penalties import soft_threshold
from helpers.solvers import default_alphas, lasso, lasso_duality_gap, lasso_path


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
    if data == "diabetes":
        X, y = load_diabetes_data()[:2]
    else:  # more features than samples: the jump to the support's solution must cope
        X, y = make_regression_data(30, 60, 5, noise=0.5, correlation=0.5, seed=1)[:2]
    alphas = default_alphas(X, y, n_alphas=30)
    tol = 1e-10
    for alpha, coef in zip(alphas, lasso_path(X, y, alphas, tol=tol)):
        assert lasso_duality_gap(X, y, coef, alpha) <= tol * np.var(y) / 2 * (1 + 1e-6)
