"""Shrinkage and its statistics: the Lasso's bias and its two repairs, ridge's bias and variance in
closed form, ridge beside principal-component regression, and the leave-one-out shortcut behind ``RidgeCV``.

Conventions are scikit-learn's, as in :mod:`helpers.solvers`:

* Lasso and weighted Lasso: ``(1 / (2 n)) ||y - X w - b||^2 + alpha * sum_j omega_j |w_j|``
  (``omega_j = 1``: the Lasso);
* ridge: ``||y - X w - b||^2 + alpha ||w||_2^2``.

The intercept ``b`` is never penalized; with ``fit_intercept=True`` every estimator works on centred
``X`` and ``y`` and ``b = mean(y) - mean(X) @ w``. The statistical formulas (bias, variance, mean
squared error) are for a *fixed design*: ``X`` is held fixed and only the noise is random,
``y = b* + X w* + eps`` with independent ``eps_i`` of mean 0 and variance ``sigma^2``.
"""

from __future__ import annotations

import numbers
import warnings
from typing import NamedTuple

import numpy as np

from ._validation import (
    check_alpha,
    check_alphas,
    check_matrix,
    check_positive_int,
    check_tol,
    check_vector,
    check_Xy,
)
from .solvers import _center, _intercept, lasso


def _svd(Xc):
    """Thin SVD of centred ``X`` and a mask of the directions that are not numerically null."""
    U, d, Vt = np.linalg.svd(Xc, full_matrices=False)
    keep = d > d.max(initial=0.0) * max(Xc.shape) * np.finfo(float).eps
    return U, d, Vt, keep


def _ridge_factors(d, keep, alpha):
    """``d_j^2 / (d_j^2 + alpha)`` on the kept directions, 0 on the null ones (also at ``alpha = 0``)."""
    f = np.zeros_like(d)
    f[keep] = d[keep] ** 2 / (d[keep] ** 2 + alpha)
    return f


def _check_fraction(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
    return float(value)


def _check_positive(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


# ----------------------------------------------------------------------------- the Lasso's bias and its repairs
class RelaxedLassoResult(NamedTuple):
    coef: np.ndarray
    intercept: float
    support: np.ndarray  # indices of the features the Lasso selected


def relaxed_lasso(X, y, alpha, *, phi: float = 0.0, fit_intercept: bool = True, tol: float = 1e-10) -> RelaxedLassoResult:
    """The Lasso at ``alpha`` selects; a second, weaker fit on the selected features estimates.

    Meinshausen's relaxed Lasso: the Lasso on the selected set with the penalty ``phi * alpha``.
    ``phi = 1`` is the Lasso itself; ``phi = 0`` (the default) is the least-squares refit on the
    selected set, which removes the shrinkage of the surviving weights.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    alpha : float >= 0
        Penalty of the selecting Lasso (scikit-learn's ``Lasso`` convention).
    phi : float in [0, 1]
        Relaxation: the second fit's penalty is ``phi * alpha``.
    fit_intercept : bool
        Fit an unpenalized intercept (by centring).
    tol : float
        Passed to :func:`helpers.solvers.lasso`.

    Returns
    -------
    RelaxedLassoResult
        ``coef`` (shape (n_features,), zero off the support), ``intercept`` and ``support``.
    """
    X, y = check_Xy(X, y)
    alpha = check_alpha(alpha)
    phi = _check_fraction(phi, "phi")
    first = lasso(X, y, alpha, fit_intercept=fit_intercept, tol=tol)
    support = np.flatnonzero(first.coef)
    coef = np.zeros(X.shape[1])
    if support.size:
        if phi > 0:
            coef[support] = lasso(X[:, support], y, phi * alpha, fit_intercept=fit_intercept, tol=tol).coef
        else:
            Xc, yc, _, _ = _center(X[:, support], y, fit_intercept)
            coef[support] = np.linalg.lstsq(Xc, yc, rcond=None)[0]  # minimum-norm if the columns are dependent
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = y.mean() if fit_intercept else 0.0
    return RelaxedLassoResult(coef, _intercept(x_mean, y_mean, coef), support)


class AdaptiveLassoResult(NamedTuple):
    coef: np.ndarray
    intercept: float
    weights: np.ndarray  # omega_j = 1 / |pilot_j|^gamma (inf where the pilot is 0: that weight stays 0)


def adaptive_lasso(
    X, y, alpha, *, gamma: float = 1.0, pilot=None, fit_intercept: bool = True, tol: float = 1e-10
) -> AdaptiveLassoResult:
    """Zou's adaptive Lasso: ``(1/(2n)) ||y - X w - b||^2 + alpha * sum_j |w_j| / |pilot_j|^gamma``.

    Large pilot estimates get small penalties, so strong effects are shrunk little. Solved by
    rescaling the columns: with ``s_j = |pilot_j|^gamma`` and ``w_j = s_j theta_j`` the objective
    becomes the plain Lasso in ``theta`` on the columns ``s_j x_j`` (:func:`helpers.solvers.lasso`).
    A feature whose pilot is exactly 0 has an infinite weight and stays at 0.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    alpha : float >= 0
    gamma : float > 0
        Exponent of the weights.
    pilot : array, shape (n_features,), optional
        The first-stage estimate; default: least squares (minimum-norm if ``X`` is rank deficient).
        With nearly collinear features a ridge fit is the steadier pilot.
    fit_intercept : bool
    tol : float
        Passed to :func:`helpers.solvers.lasso`.

    Returns
    -------
    AdaptiveLassoResult
        ``coef``, ``intercept`` and the penalty ``weights`` used.
    """
    X, y = check_Xy(X, y)
    alpha = check_alpha(alpha)
    gamma = _check_positive(gamma, "gamma")
    if pilot is None:
        Xc, yc, _, _ = _center(X, y, fit_intercept)
        pilot = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    else:
        pilot = check_vector(pilot, "pilot", length=X.shape[1])
    scale = np.abs(pilot) ** gamma
    keep = scale > 0
    coef = np.zeros(X.shape[1])
    if keep.any():
        coef[keep] = lasso(X[:, keep] * scale[keep], y, alpha, fit_intercept=fit_intercept, tol=tol).coef * scale[keep]
    with np.errstate(divide="ignore"):
        weights = 1.0 / scale
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
    y_mean = y.mean() if fit_intercept else 0.0
    return AdaptiveLassoResult(coef, _intercept(x_mean, y_mean, coef), weights)


def _check_weights(weights, n_features: int, n_targets: int | None = None) -> np.ndarray:
    """Penalty weights >= 0 (``inf`` allowed: that weight is held at 0), shape (n_features,) or (n_targets, n_features)."""
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("weights must be a numeric array of non-negative numbers (inf allowed)") from None
    shapes = [(n_features,)] + ([(n_targets, n_features)] if n_targets is not None else [])
    if w.shape not in shapes:
        raise ValueError(f"weights must have shape {' or '.join(map(str, shapes))}, got {w.shape}")
    if np.any(np.isnan(w)) or np.any(w < 0):
        raise ValueError("weights must be non-negative numbers (inf allowed, NaN not)")
    return w


def weighted_lasso_kkt_violation(X, y, coef, alpha, weights, *, fit_intercept: bool = True) -> float:
    """Largest violation of the weighted Lasso's optimality conditions at ``coef``; 0 at the optimum.

    With ``g = X_c^T (y_c - X_c w) / n``: ``g_j = alpha omega_j sign(w_j)`` where ``w_j != 0`` and
    ``|g_j| <= alpha omega_j`` where ``w_j = 0`` (the objective of :func:`adaptive_lasso`).
    In the units of ``alpha``.
    """
    X, y = check_Xy(X, y)
    alpha = check_alpha(alpha)
    coef = check_vector(coef, "coef", length=X.shape[1])
    weights = _check_weights(weights, X.shape[1])
    Xc, yc, _, _ = _center(X, y, fit_intercept)
    g = Xc.T @ (yc - Xc @ coef) / len(yc)
    active = coef != 0
    if np.any(np.isinf(weights[active])):
        return float("inf")  # an infinite weight forbids a non-zero coefficient
    on = np.abs(g[active] - alpha * weights[active] * np.sign(coef[active]))
    with np.errstate(invalid="ignore"):
        off = np.maximum(np.abs(g[~active]) - alpha * weights[~active], 0.0)
    return float(np.max(np.concatenate([on, off, [0.0]])))


def weighted_lasso_many(
    X, Y, alpha, *, weights=None, fit_intercept: bool = True, tol: float = 1e-9, max_iter: int = 20_000
) -> np.ndarray:
    """Weighted Lasso fits of many targets that share one design, all at once (for Monte Carlo).

    Minimizes ``(1/(2n)) ||y_k - X w_k - b_k||^2 + alpha * sum_j omega_kj |w_kj|`` for every column
    ``y_k`` of ``Y``: cyclic coordinate descent on the Gram matrix ``X_c^T X_c / n``, one coordinate at
    a time for all targets together. The update is the soft-threshold of
    :func:`helpers.penalties.soft_threshold`, written out because the threshold differs per target
    (that function takes one). Stops when every target's largest KKT violation is at most
    ``tol`` times its ``alpha_max`` (``max_j |x_j^T y_c| / n``); warns if ``max_iter`` passes end first.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    Y : array, shape (n_samples, n_targets)
    alpha : float >= 0
    weights : array, shape (n_features,) or (n_targets, n_features), optional
        Penalty weights ``omega`` >= 0 (``inf`` holds a weight at 0); default all 1 (the Lasso).
    fit_intercept : bool
    tol : float
    max_iter : int
        Maximum number of passes over the features.

    Returns
    -------
    array, shape (n_targets, n_features)
    """
    X = check_matrix(X)
    try:
        Y = np.asarray(Y, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("Y must be a numeric 2-D array of shape (n_samples, n_targets)") from None
    if Y.ndim != 2 or Y.shape[0] != X.shape[0] or Y.shape[1] == 0:
        raise ValueError(f"Y must have shape ({X.shape[0]}, n_targets) with n_targets >= 1, got {Y.shape}")
    if not np.all(np.isfinite(Y)):
        raise ValueError("Y contains NaN or infinite values; clean or impute them first")
    alpha = check_alpha(alpha)
    tol = check_tol(tol)
    max_iter = check_positive_int(max_iter, "max_iter")
    n, p = X.shape
    if weights is None:
        omega = np.ones((p, Y.shape[1]))
    else:
        omega = _check_weights(weights, p, Y.shape[1])
        omega = np.broadcast_to(omega.T if omega.ndim == 2 else omega[:, None], (p, Y.shape[1]))
    Xc, _, _, _ = _center(X, np.zeros(n), fit_intercept)
    Yc = Y - Y.mean(axis=0) if fit_intercept else Y
    gram, corr = Xc.T @ Xc / n, Xc.T @ Yc / n  # (p, p), (p, n_targets)
    thresholds = alpha * omega
    scale = np.maximum(np.abs(corr).max(axis=0), np.finfo(float).tiny)  # each target's alpha_max
    W = np.zeros_like(corr)
    diag = np.diag(gram)
    for _ in range(max_iter):
        for j in range(p):
            if diag[j] == 0:  # a constant column: its weight stays 0
                continue
            rho = corr[j] - gram[j] @ W + diag[j] * W[j]
            W[j] = np.sign(rho) * np.maximum(np.abs(rho) - thresholds[j], 0.0) / diag[j]
        g = corr - gram @ W
        with np.errstate(invalid="ignore"):  # inf - inf off the support is 0 - inf: no violation
            violation = np.where(W != 0, np.abs(g - thresholds * np.sign(W)), np.maximum(np.abs(g) - thresholds, 0.0))
        if np.all(violation.max(axis=0) <= tol * scale):
            break
    else:
        warnings.warn(
            f"weighted_lasso_many: KKT violation {np.max(violation.max(axis=0) / scale):.2e} x alpha_max after "
            f"{max_iter} passes (tol {tol:.1e}); raise max_iter",
            RuntimeWarning,
            stacklevel=2,
        )
    return W.T.copy()


# ----------------------------------------------------------------------------- principal-component regression
class PCRResult(NamedTuple):
    coef: np.ndarray
    intercept: float


def pcr(X, y, n_components: int, *, fit_intercept: bool = True) -> PCRResult:
    """Principal-component regression: least squares on the first ``n_components`` principal components.

    With ``X_c = U diag(d) V^T``, ``w = sum_{j <= k} v_j (u_j^T y_c) / d_j``: the fit keeps the
    least-squares fit along the ``k`` directions of largest variance whole (factor 1) and drops
    the others (factor 0), where ridge keeps the fraction ``d_j^2 / (d_j^2 + alpha)`` of each.
    Same model as scikit-learn's ``make_pipeline(PCA(k), LinearRegression())``.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    n_components : int, 0 <= n_components <= rank of X_c
        0 gives the intercept-only model.
    """
    X, y = check_Xy(X, y)
    if isinstance(n_components, bool) or not isinstance(n_components, numbers.Integral) or n_components < 0:
        raise ValueError(f"n_components must be an integer >= 0, got {n_components!r}")
    Xc, yc, x_mean, y_mean = _center(X, y, fit_intercept)
    U, d, Vt, keep = _svd(Xc)
    if n_components > keep.sum():
        raise ValueError(f"n_components must be at most the rank of the (centred) X, {int(keep.sum())}, got {n_components}")
    k = int(n_components)
    coef = Vt[:k].T @ ((U[:, :k].T @ yc) / d[:k])
    return PCRResult(coef, _intercept(x_mean, y_mean, coef))


# ----------------------------------------------------------------------------- ridge: bias, variance, MSE
class RidgeBiasVariance(NamedTuple):
    expected_coef: np.ndarray  # E[w_ridge], shape (n_alphas, n_features)
    bias_sq: np.ndarray  # ||E[w_ridge] - w*||^2, shape (n_alphas,)
    variance: np.ndarray  # E||w_ridge - E[w_ridge]||^2 = trace of the covariance, shape (n_alphas,)
    mse: np.ndarray  # E||w_ridge - w*||^2 = bias_sq + variance, shape (n_alphas,)


def _design(X, fit_intercept):
    X = check_matrix(X)
    return _center(X, np.zeros(X.shape[0]), fit_intercept)[0]


def ridge_bias_variance(X, coef, sigma, alphas, *, fit_intercept: bool = True) -> RidgeBiasVariance:
    """Bias, variance and mean squared error of the ridge coefficients, in closed form (fixed design).

    ``E[w] = (X_c^T X_c + alpha I)^{-1} X_c^T X_c w*`` and
    ``Cov[w] = sigma^2 (X_c^T X_c + alpha I)^{-1} X_c^T X_c (X_c^T X_c + alpha I)^{-1}``; through the SVD
    ``X_c = U diag(d) V^T`` with ``theta = V^T w*``:
    ``bias^2 = sum_j (alpha / (d_j^2 + alpha))^2 theta_j^2`` and ``variance = sigma^2 sum_j d_j^2 / (d_j^2 + alpha)^2``.
    At ``alpha = 0`` this is (minimum-norm) least squares; a part of ``w*`` in the null space of
    ``X_c`` is never estimated and counts as bias at every alpha.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    coef : array, shape (n_features,)
        The true weights ``w*``.
    sigma : float >= 0
        Standard deviation of the noise.
    alphas : array, shape (n_alphas,)
    """
    Xc = _design(X, fit_intercept)
    coef = check_vector(coef, "coef", length=Xc.shape[1])
    sigma = check_alpha(sigma, "sigma")
    alphas = check_alphas(alphas)
    _, d, Vt, keep = _svd(Xc)
    theta = Vt @ coef
    null_sq = max(coef @ coef - theta @ theta, 0.0)  # the part of w* no direction of X_c sees
    F = np.array([_ridge_factors(d, keep, a) for a in alphas])  # (n_alphas, r)
    expected = (F * theta) @ Vt
    bias_sq = ((1.0 - F) ** 2 * theta**2).sum(axis=1) + null_sq
    with np.errstate(divide="ignore", invalid="ignore"):
        per_direction = np.where(keep, F**2 / np.where(keep, d**2, 1.0), 0.0)  # d^2 / (d^2 + alpha)^2
    variance = sigma**2 * per_direction.sum(axis=1)
    return RidgeBiasVariance(expected, bias_sq, variance, bias_sq + variance)


def ridge_coef_covariance(X, sigma, alpha, *, fit_intercept: bool = True) -> np.ndarray:
    """``sigma^2 (X_c^T X_c + alpha I)^{-1} X_c^T X_c (X_c^T X_c + alpha I)^{-1}``, shape (n_features, n_features)."""
    Xc = _design(X, fit_intercept)
    sigma = check_alpha(sigma, "sigma")
    alpha = check_alpha(alpha)
    _, d, Vt, keep = _svd(Xc)
    diag = np.zeros_like(d)
    diag[keep] = d[keep] ** 2 / (d[keep] ** 2 + alpha) ** 2
    return sigma**2 * (Vt.T * diag) @ Vt


def ridge_mse_derivative(X, coef, sigma, alphas, *, fit_intercept: bool = True) -> np.ndarray:
    """``d/d alpha`` of the ridge coefficients' mean squared error: ``sum_j 2 d_j^2 (alpha theta_j^2 - sigma^2) / (d_j^2 + alpha)^3``.

    ``theta = V^T w*`` as in :func:`ridge_bias_variance`. At ``alpha = 0`` it is ``-2 sigma^2 sum_j d_j^{-4}``,
    negative whenever ``sigma > 0`` (the Hoerl-Kennard existence theorem), and it stays negative for
    every ``alpha < sigma^2 / max_j theta_j^2``. Null directions of ``X_c`` contribute 0. Shape (n_alphas,).
    """
    Xc = _design(X, fit_intercept)
    coef = check_vector(coef, "coef", length=Xc.shape[1])
    sigma = check_alpha(sigma, "sigma")
    alphas = check_alphas(alphas)
    _, d, Vt, keep = _svd(Xc)
    d2, theta2 = d[keep] ** 2, (Vt @ coef)[keep] ** 2
    return np.array([np.sum(2 * d2 * (a * theta2 - sigma**2) / (d2 + a) ** 3) for a in alphas])


# ----------------------------------------------------------------------------- ridge: leave-one-out and GCV
def _ridge_residuals_and_hat(X, y, alphas, fit_intercept):
    X, y = check_Xy(X, y)
    alphas = check_alphas(alphas)
    Xc, yc, _, _ = _center(X, y, fit_intercept)
    U, d, _, keep = _svd(Xc)
    F = np.array([_ridge_factors(d, keep, a) for a in alphas])  # (n_alphas, r)
    residuals = yc - (F * (U.T @ yc)) @ U.T  # y - fitted, for every alpha: (n_alphas, n)
    intercept_leverage = 1.0 / len(y) if fit_intercept else 0.0
    hat_diag = F @ (U**2).T + intercept_leverage  # H_ii, with H = 11^T / n + X_c (X_c^T X_c + alpha I)^{-1} X_c^T
    traces = F.sum(axis=1) + (1.0 if fit_intercept else 0.0)
    return residuals, hat_diag, traces


def ridge_loo_residuals(X, y, alphas, *, fit_intercept: bool = True) -> np.ndarray:
    """Leave-one-out residuals of ridge without refitting: ``(y_i - yhat_i) / (1 - H_ii)``.

    ``H`` is the hat matrix of the whole fit, intercept included: ``11^T / n + X_c (X_c^T X_c + alpha I)^{-1} X_c^T``
    (the intercept is an unpenalized column of ones, orthogonal to the centred columns). The identity
    is exact: it equals refitting ridge, intercept and centring included, on the ``n - 1`` other
    samples and predicting sample ``i``. Where ``H_ii = 1`` (a sample the least-squares fit must
    interpolate, only possible at ``alpha = 0``) the value is not finite.

    Returns
    -------
    array, shape (n_alphas, n_samples)
    """
    residuals, hat_diag, _ = _ridge_residuals_and_hat(X, y, alphas, fit_intercept)
    with np.errstate(divide="ignore", invalid="ignore"):
        return residuals / (1.0 - hat_diag)


def ridge_gcv(X, y, alphas, *, fit_intercept: bool = True) -> np.ndarray:
    """Generalized cross-validation: ``mean((y - yhat)^2) / (1 - trace(H) / n)^2`` for each alpha.

    The leave-one-out mean squared error with every leverage ``H_ii`` replaced by their average
    ``trace(H) / n`` (``trace(H) = 1 + sum_j d_j^2 / (d_j^2 + alpha)`` with an intercept). Shape (n_alphas,).
    """
    residuals, _, traces = _ridge_residuals_and_hat(X, y, alphas, fit_intercept)
    n = residuals.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return (residuals**2).mean(axis=1) / (1.0 - traces / n) ** 2
