"""The selection landscape: best subset by exhaustive search, hard thresholds, degrees of freedom.

With orthonormal columns (``X^T X = I``) the three classic estimators are functions of the
least-squares coefficient ``z`` alone (Hastie, Tibshirani & Friedman 2009, Table 3.4): best subset of
size ``M`` keeps the ``M`` largest ``|z_j|`` (:func:`keep_largest`, a hard threshold), the Lasso
soft-thresholds (:func:`helpers.penalties.soft_threshold`) and ridge divides by ``1 + alpha``. With
correlated columns they are not; :func:`best_subset` then searches every subset.

Degrees of freedom follow Stein's covariance formula ``df = sum_i cov(yhat_i, y_i) / sigma^2``:
:func:`covariance_df` estimates it by Monte Carlo from many responses drawn around a known mean, and
:func:`ridge_df` gives ridge's closed form ``sum_j d_j^2 / (d_j^2 + alpha)``.
"""

from __future__ import annotations

import itertools
import math
from typing import NamedTuple

import numpy as np

from ._validation import check_alpha, check_matrix, check_vector
from .solvers import ridge_shrinkage_factors

MAX_SUBSETS = 200_000  # an exhaustive search beyond this many subsets is not what a chapter should wait for


class SubsetResult(NamedTuple):
    """Best subset fit; for ``m`` responses at once every field gains a leading axis of length ``m``."""

    coef: np.ndarray  # shape (n_features,) or (m, n_features); exact zeros off the subset
    intercept: float | np.ndarray  # float or shape (m,)
    support: np.ndarray  # bool, shape (n_features,) or (m, n_features)
    rss: float | np.ndarray  # residual sum of squares of the fit


class DFEstimate(NamedTuple):
    """Monte-Carlo degrees of freedom: the mean of ``per_draw`` and its standard error."""

    df: float
    se: float  # sample standard deviation of per_draw (ddof=1) / sqrt(n_draws)
    per_draw: np.ndarray  # shape (n_draws,): (yhat - mean) . (y - mean) / sigma^2 for each draw


def hard_threshold(z, t):
    """``z * 1{|z| > t}`` elementwise: keep a value untouched or set it to exactly 0.

    Parameters
    ----------
    z : float or array
    t : float >= 0
        Threshold.
    """
    t = check_alpha(t, "t")
    z = np.asarray(z, dtype=float)
    return np.where(np.abs(z) > t, z, 0.0)


def keep_largest(z, size: int) -> np.ndarray:
    """Keep the ``size`` entries of ``z`` largest in absolute value, set the others to 0.

    Best subset of size ``size`` under an orthonormal design: a hard threshold at the ``size``-th
    largest ``|z_j|`` (ESL Table 3.4). Ties are broken towards the lower index.

    Parameters
    ----------
    z : array, shape (p,)
    size : int in [0, p]
    """
    z = check_vector(z, "z")
    size = _check_size(size, len(z))
    out = np.zeros_like(z)
    keep = np.argsort(-np.abs(z), kind="stable")[:size]
    out[keep] = z[keep]
    return out


def _check_size(size, n_features: int) -> int:
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 0 <= size <= n_features:
        raise ValueError(f"size must be an integer in [0, {n_features}] (the number of features), got {size!r}")
    return int(size)


def _responses(X, y):
    """``X`` and ``y`` as arrays, ``y`` always 2-D with one response per column; was ``y`` 1-D?"""
    X = check_matrix(X)
    if np.ndim(y) == 1:
        return X, check_vector(y, "y", length=X.shape[0])[:, None], True
    Y = check_matrix(y, "y")
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"y has {Y.shape[0]} rows but X has {X.shape[0]}; they must match")
    return X, Y, False


def best_subset(X, y, size: int, *, fit_intercept: bool = True) -> SubsetResult:
    """Least squares on the ``size`` features that fit best, by exhaustive search over every subset.

    Minimizes ``||y - X w - b||^2`` subject to at most ``size`` non-zero weights (the L0 constraint).
    All ``C(p, size)`` subsets are tried, which is exact and practical for small ``p``.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
        Its columns on each subset must be linearly independent (after centring with an intercept).
    y : array, shape (n_samples,) or (n_samples, m)
        With ``m`` columns, ``m`` independent searches share one pass over the subsets.
    size : int in [0, n_features]
    fit_intercept : bool
        Fit an unpenalized intercept (by centring).

    Returns
    -------
    SubsetResult
        ``coef``, ``intercept``, ``support`` (bool mask) and ``rss``; shapes as ``y`` (see the class).
    """
    X, Y, one = _responses(X, y)
    n, p = X.shape
    size = _check_size(size, p)
    if math.comb(p, size) > MAX_SUBSETS:
        raise ValueError(
            f"size={size} with {p} features means C({p}, {size}) = {math.comb(p, size):,} subsets, more than "
            f"{MAX_SUBSETS:,}; exhaustive search is for small problems"
        )
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(p)
    y_mean = Y.mean(axis=0) if fit_intercept else np.zeros(Y.shape[1])
    Xc, Yc = X - x_mean, Y - y_mean
    gram, XtY = Xc.T @ Xc, Xc.T @ Yc  # every subset's normal equations are sub-blocks of these
    best_fit = np.full(Y.shape[1], -np.inf)  # explained sum of squares of the best subset so far
    best_set = np.zeros(Y.shape[1], dtype=int)
    subsets = list(itertools.combinations(range(p), size))
    for k, s in enumerate(subsets):
        explained = np.zeros(Y.shape[1])
        if s:
            s = list(s)
            try:
                chol = np.linalg.cholesky(gram[np.ix_(s, s)])
            except np.linalg.LinAlgError:
                raise ValueError(f"columns {s} of X are linearly dependent; best subset needs independent columns") from None
            # ||projection of y on span(X_s)||^2 = ||L^-1 X_s^T y||^2 with G_s = L L^T; inverting the small
            # factor once is ~20x faster than a solve with thousands of right-hand sides
            z = np.linalg.inv(chol) @ XtY[s]
            explained = np.einsum("ij,ij->j", z, z)
        best_set = np.where(explained > best_fit, k, best_set)
        best_fit = np.maximum(best_fit, explained)
    coef = np.zeros((Y.shape[1], p))
    for k in np.unique(best_set):  # one solve per distinct winning subset
        s, cols = list(subsets[k]), best_set == k
        if s:
            coef[np.ix_(cols, s)] = np.linalg.solve(gram[np.ix_(s, s)], XtY[np.ix_(s, cols)]).T
    intercept = y_mean - coef @ x_mean
    rss = np.sum((Yc - Xc @ coef.T) ** 2, axis=0)
    support = np.zeros((Y.shape[1], p), dtype=bool)
    for k in np.unique(best_set):
        support[np.ix_(best_set == k, list(subsets[k]))] = True
    if one:
        return SubsetResult(coef[0], float(intercept[0]), support[0], float(rss[0]))
    return SubsetResult(coef, intercept, support, rss)


def refit_least_squares(X, y, support, *, fit_intercept: bool = True) -> tuple[np.ndarray, np.ndarray | float]:
    """Plain least squares on the features in ``support`` (the others get weight 0).

    The "relaxed" second stage after a selection: e.g. least squares on the Lasso's selected set.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,) or (n_samples, m)
    support : bool array, shape (n_features,) or (m, n_features)
        The selected features, one row per response when ``y`` has ``m`` columns.

    Returns
    -------
    coef, intercept
        Shapes ``(n_features,)`` and float, or ``(m, n_features)`` and ``(m,)``.
    """
    X, Y, one = _responses(X, y)
    n, p = X.shape
    support = np.asarray(support)
    if support.dtype != bool or support.shape != ((p,) if one else (Y.shape[1], p)):
        expected = f"({p},)" if one else f"({Y.shape[1]}, {p})"
        raise ValueError(f"support must be a boolean mask of shape {expected}, got {support.dtype} of shape {support.shape}")
    support = support.reshape(Y.shape[1], p)
    x_mean = X.mean(axis=0) if fit_intercept else np.zeros(p)
    y_mean = Y.mean(axis=0) if fit_intercept else np.zeros(Y.shape[1])
    Xc, Yc = X - x_mean, Y - y_mean
    coef = np.zeros((Y.shape[1], p))
    patterns, which = np.unique(support, axis=0, return_inverse=True)
    for k, mask in enumerate(patterns):  # one least-squares solve per distinct support
        cols = np.flatnonzero(np.ravel(which) == k)
        if mask.any():
            coef[np.ix_(cols, np.flatnonzero(mask))] = np.linalg.lstsq(Xc[:, mask], Yc[:, cols], rcond=None)[0].T
    intercept = y_mean - coef @ x_mean
    return (coef[0], float(intercept[0])) if one else (coef, intercept)


def ridge_df(X, alpha, *, fit_intercept: bool = True) -> float:
    """Ridge's effective degrees of freedom, the trace of its hat matrix.

    ``sum_j d_j^2 / (d_j^2 + alpha)`` over the singular values ``d_j`` of (centred) ``X``, plus 1 for the
    intercept; ``alpha`` in ``Ridge``'s scaling (``||y - X w - b||^2 + alpha ||w||^2``).
    """
    return float(fit_intercept) + float(np.sum(ridge_shrinkage_factors(X, alpha, fit_intercept=fit_intercept)))


def covariance_df(Y, fitted, mean, sigma) -> DFEstimate:
    """Monte-Carlo estimate of Stein's degrees of freedom ``sum_i cov(yhat_i, y_i) / sigma^2``.

    ``Y`` holds responses drawn as ``mean + sigma * noise`` with standard Gaussian noise, one draw per
    row, and ``fitted`` the fit of each. Because ``mean`` is known, each draw gives an unbiased value
    ``(yhat - mean) . (y - mean) / sigma^2`` of the sum of covariances (subtracting the constant
    ``mean`` from ``yhat`` only lowers the variance); the estimate is their average.

    Parameters
    ----------
    Y, fitted : arrays, shape (n_draws, n_samples)
    mean : array, shape (n_samples,)
        The true mean of every draw.
    sigma : float > 0
        The true noise standard deviation.

    Returns
    -------
    DFEstimate
        ``df``, its standard error ``se`` (over independent draws) and the per-draw values (for
        paired comparisons between two fits of the same draws).
    """
    Y = check_matrix(Y, "Y")
    fitted = check_matrix(fitted, "fitted")
    if fitted.shape != Y.shape:
        raise ValueError(f"fitted has shape {fitted.shape} but Y has {Y.shape}; they must match")
    if Y.shape[0] < 2:
        raise ValueError(f"Y must hold at least 2 draws (rows) for a standard error, got {Y.shape[0]}")
    mean = check_vector(mean, "mean")
    if mean.shape[0] != Y.shape[1]:
        raise ValueError(f"mean has {mean.shape[0]} entries but Y has {Y.shape[1]} columns (samples); they must match")
    sigma = check_alpha(sigma, "sigma")
    if sigma == 0:
        raise ValueError("sigma must be > 0 (the noise standard deviation), got 0")
    per_draw = np.sum((fitted - mean) * (Y - mean), axis=1) / sigma**2
    return DFEstimate(float(per_draw.mean()), float(per_draw.std(ddof=1) / np.sqrt(len(per_draw))), per_draw)
