"""Early-stopped gradient descent on least squares beside ridge: the setting of Ali, Kolter & Tibshirani (2019).

Conventions (the paper's; ``S = X_c^T X_c / n`` with eigenvalues ``s_j`` and eigenvectors ``v_j``):

* Gradient flow is gradient descent on ``(1 / (2 n)) ||y - X w - b||^2`` (the data term of
  :func:`helpers.solvers.gradient_descent` and of ``python -m helpers train``) with infinitesimal steps,
  started at ``w = 0``: ``dw/dt = X_c^T (y_c - X_c w) / n``. Its solution weighs the least-squares fit
  along ``v_j`` by ``1 - exp(-t s_j)``.
* Ridge at ``lambda`` minimizes ``(1 / n) ||y - X w - b||^2 + lambda ||w||^2``: scikit-learn's
  ``Ridge(alpha = n lambda)``, the factor along ``v_j`` being ``s_j / (s_j + lambda)``. The paper
  compares the two at ``lambda = 1 / t``.
* Gradient descent with step ``lr`` for ``k`` steps has the factor ``1 - (1 - lr s_j)^k`` and follows the
  flow at time ``t = k lr`` as ``lr -> 0``.

The intercept ``b`` is never penalized: with ``fit_intercept=True`` everything works on centred ``X``
and ``y`` (as :mod:`helpers.solvers`). The statistics are for a fixed design, as in
:mod:`helpers.shrinkage`: ``y = b* + X w* + eps``, the ``eps_i`` uncorrelated with mean 0 and variance
``sigma^2`` (no other assumption on their distribution).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import minimize_scalar

from ._validation import check_alpha, check_alphas, check_positive_int, check_vector, check_Xy
from .penalties import convert_alpha
from .shrinkage import _design, _svd
from .solvers import _center, ridge_path


class FlowBiasVariance(NamedTuple):
    expected_coef: np.ndarray  # E[w(t)], shape (n_times, n_features)
    bias_sq: np.ndarray  # ||E[w(t)] - w*||^2, shape (n_times,)
    variance: np.ndarray  # E||w(t) - E[w(t)]||^2, the trace of the covariance, shape (n_times,)
    mse: np.ndarray  # E||w(t) - w*||^2 = bias_sq + variance, shape (n_times,)


def _check_times(times) -> np.ndarray:
    """Times ``t >= 0`` as a float array (the same checks as penalty strengths: finite, not negative)."""
    return check_alphas(times, "times")


def flow_factors(eigenvalues, t) -> np.ndarray:
    """``1 - exp(-t s)`` for each eigenvalue ``s`` of ``X_c^T X_c / n``: gradient flow's share of the least-squares fit."""
    return -np.expm1(-check_alpha(t, "t") * np.asarray(eigenvalues, dtype=float))


def ridge_factors(eigenvalues, lam) -> np.ndarray:
    """``s / (s + lambda)`` for each eigenvalue ``s`` of ``X_c^T X_c / n`` (0 where ``s = 0``): ridge's share."""
    s = np.asarray(eigenvalues, dtype=float)
    lam = check_alpha(lam, "lam")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s > 0, s / (s + lam), 0.0)


def eigenvalues(X, *, fit_intercept: bool = True) -> np.ndarray:
    """Eigenvalues ``s_j`` of ``X_c^T X_c / n``, largest first (``min(n, p)`` of them; the rest are 0)."""
    Xc = _design(X, fit_intercept)
    return np.linalg.svd(Xc, compute_uv=False) ** 2 / Xc.shape[0]


def gradient_flow(X, y, times, *, fit_intercept: bool = True) -> np.ndarray:
    """Gradient flow on ``(1 / (2 n)) ||y - X w - b||^2`` from ``w = 0``, in closed form; shape ``(n_times, n_features)``.

    ``w(t) = V diag((1 - exp(-t s)) / s) V^T X_c^T y_c / n`` over the non-null eigen-directions of
    ``X_c^T X_c / n = V diag(s) V^T``: the flow never leaves the row space of ``X_c``, and tends to the
    minimum-norm least-squares fit as ``t -> infinity``.
    """
    X, y = check_Xy(X, y)
    times = _check_times(times)
    Xc, yc, _, _ = _center(X, y, fit_intercept)
    n = Xc.shape[0]
    U, d, Vt, keep = _svd(Xc)
    s, Uty = d[keep] ** 2 / n, U[:, keep].T @ yc
    # (1 - e^{-ts}) / s * (V^T X^T y / n) with V^T X^T y = d U^T y; written with d to avoid s / s
    gains = -np.expm1(-np.outer(times, s)) / s * (d[keep] * Uty / n)
    return gains @ Vt[keep]


def gradient_descent_factors(eigenvalues, lr, n_steps) -> np.ndarray:
    """``1 - (1 - lr s)^k`` for each eigenvalue ``s``: the share of the least-squares fit after ``k`` steps of size ``lr``."""
    s = np.asarray(eigenvalues, dtype=float)
    if check_alpha(lr, "lr") == 0:
        raise ValueError("lr must be > 0, got 0")
    k = check_positive_int(n_steps, "n_steps")
    return 1.0 - (1.0 - lr * s) ** k


def ridge_at_inverse_time(X, y, times, *, fit_intercept: bool = True) -> np.ndarray:
    """Ridge at ``lambda = 1 / t`` for each ``t > 0`` (the paper's calibration); shape ``(n_times, n_features)``.

    The paper's ``(1 / n) ||y - Xw - b||^2 + lambda ||w||^2`` is twice the ``"mse"`` convention of
    :mod:`helpers.penalties` at ``alpha = lambda / 2``, which converts to scikit-learn's ``alpha = n lambda``.
    """
    X, y = check_Xy(X, y)
    times = _check_times(times)
    if np.any(times == 0):
        raise ValueError("times must be > 0 here: t = 0 is lambda = infinity, where ridge is w = 0")
    return ridge_path(X, y, [sklearn_alpha(1.0 / t, X.shape[0]) for t in times], fit_intercept=fit_intercept)


def sklearn_alpha(lam, n_samples: int) -> float:
    """scikit-learn's ``Ridge`` alpha for the paper's ``lambda``: ``n lambda``."""
    return convert_alpha(check_alpha(lam, "lam") / 2, penalty="l2", source="mse", target="sklearn", n_samples=n_samples)


def gradient_flow_bias_variance(X, coef, sigma, times, *, fit_intercept: bool = True) -> FlowBiasVariance:
    """Bias, variance and mean squared error of the gradient-flow coefficients, in closed form (fixed design).

    With ``theta = V^T w*`` over the eigen-directions of ``X_c^T X_c / n``:
    ``E[w(t)] = V diag(1 - exp(-t s)) theta``, so ``bias^2 = sum_j exp(-2 t s_j) theta_j^2`` (plus the part
    of ``w*`` in the null space of ``X_c``, never estimated), and ``Cov[w(t)] = (sigma^2 / n)
    V diag((1 - exp(-t s))^2 / s) V^T``, so ``variance = (sigma^2 / n) sum_j (1 - exp(-t s_j))^2 / s_j``.
    The ridge counterparts are :func:`helpers.shrinkage.ridge_bias_variance` at ``alpha = n / t``.
    """
    Xc = _design(X, fit_intercept)
    coef = check_vector(coef, "coef", length=Xc.shape[1])
    sigma = check_alpha(sigma, "sigma")
    times = _check_times(times)
    n = Xc.shape[0]
    _, d, Vt, keep = _svd(Xc)
    s, V_kept = d[keep] ** 2 / n, Vt[keep]
    theta = V_kept @ coef
    null_sq = max(coef @ coef - theta @ theta, 0.0)  # the part of w* no direction of X_c sees
    F = -np.expm1(-np.outer(times, s))  # (n_times, r)
    expected = (F * theta) @ V_kept
    bias_sq = ((1.0 - F) ** 2 * theta**2).sum(axis=1) + null_sq
    variance = sigma**2 / n * (F**2 / s).sum(axis=1)
    return FlowBiasVariance(expected, bias_sq, variance, bias_sq + variance)


class RatioMaximum(NamedTuple):
    value: float  # max over x > 0 of ((1 - e^{-x}) (1 + x) / x)^2
    at: float  # the x = t s where it is reached


def variance_ratio(x) -> np.ndarray:
    """``((1 - e^{-x}) (1 + x) / x)^2``: gradient flow's variance over ridge's along one direction, at ``x = t s``."""
    x = np.asarray(x, dtype=float)
    return (-np.expm1(-x) * (1.0 + x) / x) ** 2


def variance_ratio_maximum() -> RatioMaximum:
    """The largest value of :func:`variance_ratio` over ``x > 0``: the constant 1.6862 of the paper's bound."""
    best = minimize_scalar(lambda u: -variance_ratio(np.exp(u)), bounds=(-5.0, 5.0), method="bounded", options={"xatol": 1e-12})
    return RatioMaximum(float(-best.fun), float(np.exp(best.x)))

