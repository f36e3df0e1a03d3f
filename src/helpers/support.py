"""When the Lasso finds the true features: the irrepresentable condition and the primal-dual witness.

The Lasso here is scikit-learn's (and Wainwright's, 2009) ``(1 / (2 n)) ||y - X b||^2 + lam ||b||_1``,
no intercept. Zhao & Yu (2006) write ``||y - X b||^2 + lambda ||b||_1``: their ``lambda = 2 n lam``.

* :func:`irrepresentable`: Zhao & Yu's quantity ``|C21 C11^{-1} sign(beta_S)|``, one entry per
  feature off the support ``S`` (``C`` a covariance matrix, population or sample).
* :func:`witness`: the primal-dual witness test. Fit least squares on the true support with the
  penalty's signs fixed (``k x k`` solve), then check the signs and the off-support correlations of
  its residual (one matrix-vector product). Both hold if and only if the Lasso at ``lam`` has a unique
  solution with the true signed support (up to ties, which have probability 0 with Gaussian noise).
* :func:`recovery_interval`: the same test for every ``lam`` at once: the open interval of ``lam``
  where the Lasso recovers the signed support (empty when no ``lam`` does).
* :func:`gaussian_recovery_trials`: Monte-Carlo trials of the witness test on Wainwright's uniform
  Gaussian ensemble (``X`` with i.i.d. N(0, 1) entries), drawing only what the test needs from its exact
  distribution, so that a trial costs ``O(k^3)`` whatever ``n`` and ``p``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ._validation import check_alpha, check_positive_int, check_Xy


class Witness(NamedTuple):
    """The witness test at one ``lam``: the oracle fit on the support and its two conditions."""

    coef: np.ndarray  # (k,) least squares on the true support with the signs' penalty, n lam sign(beta_S)
    dual: np.ndarray  # (p - k,) |x_j^T r| / (n lam) off the support, r the oracle fit's residual
    signs_ok: bool  # every coef has the true sign
    dual_ok: bool  # strict dual feasibility: every dual entry < 1

    @property
    def recovered(self) -> bool:
        """The Lasso's solution is unique and has the true signed support."""
        return self.signs_ok and self.dual_ok


def _support(beta, p: int) -> tuple[np.ndarray, np.ndarray]:
    beta = np.asarray(beta, dtype=float)
    if beta.shape != (p,) or not np.all(np.isfinite(beta)):
        raise ValueError(f"beta must be a finite vector of length {p} (one weight per column of X), got shape {beta.shape}")
    support = np.flatnonzero(beta)
    if support.size == 0:
        raise ValueError("beta has no non-zero entry: there is no support to recover")
    if support.size == p:
        raise ValueError("beta has no zero entry: the test needs at least one feature off the support")
    return support, np.sign(beta[support])


def _oracle_parts(X, y, beta):
    """``a``, ``b`` with oracle coef ``a - lam b``, and the residual ``r0 + lam q``, for every lam."""
    X, y = check_Xy(X, y)
    n, p = X.shape
    support, signs = _support(beta, p)
    XS = X[:, support]
    gram = XS.T @ XS
    if np.linalg.matrix_rank(gram) < support.size:
        raise ValueError("the columns of X on the support of beta are linearly dependent: the oracle fit is not unique")
    a = np.linalg.solve(gram, XS.T @ y)
    b = n * np.linalg.solve(gram, signs)
    off = np.setdiff1d(np.arange(p), support)
    return X, n, support, signs, off, a, b, y - XS @ a, XS @ b


def witness(X, y, beta, lam) -> Witness:
    """The primal-dual witness test of the Lasso at ``lam`` for the signed support of ``beta``.

    Parameters
    ----------
    X : array (n, p); y : array (n,)
    beta : array (p,)
        Only its signed support ``S = {j : beta_j != 0}``, ``sign(beta_S)`` matters.
    lam : float > 0
        Penalty in scikit-learn's ``Lasso(alpha=lam, fit_intercept=False)`` scaling.
    """
    lam = check_alpha(lam, "lam")
    if lam == 0:
        raise ValueError("lam must be > 0: at lam = 0 the Lasso is least squares and selects nothing")
    X, n, _, signs, off, a, b, r0, q = _oracle_parts(X, y, beta)
    coef = a - lam * b
    dual = np.abs(X[:, off].T @ (r0 + lam * q)) / (n * lam)
    return Witness(coef, dual, bool(np.all(signs * coef > 0)), bool(np.all(dual < 1)))


def recovery_interval(X, y, beta) -> tuple[float, float]:
    """The open interval ``(lo, hi)`` of ``lam`` where the witness test holds; empty when ``lo >= hi``.

    Every condition of :func:`witness` is linear in ``lam`` (``alpha + lam slope > 0``), so the set of
    ``lam > 0`` where all hold is one interval, computed here exactly. ``hi`` is finite: a large
    enough penalty flips the sign of some oracle coefficient. Penalties below ``1e-10 lam_max``
    (``lam_max = max |X^T y| / n``, where the Lasso's solution becomes 0) are left out: there rounding
    errors of the least-squares fit decide the test (noiseless data would otherwise get a spurious
    interval near 0).
    """
    X, n, _, signs, off, a, b, r0, q = _oracle_parts(X, y, beta)
    c, d = X[:, off].T @ r0, X[:, off].T @ q
    # signs: s a - lam s b > 0;  dual: n lam -/+ (c + lam d) > 0
    alphas = np.concatenate([signs * a, -c, c])
    slopes = np.concatenate([-signs * b, n - d, n + d])
    lo, hi = 1e-10 * np.max(np.abs(X.T @ y)) / n, math.inf
    for alpha, slope in zip(alphas, slopes):
        if slope > 0:
            lo = max(lo, -alpha / slope)
        elif slope < 0:
            hi = min(hi, -alpha / slope)
        elif alpha <= 0:
            return 0.0, 0.0
    return float(lo), float(hi)


def irrepresentable(cov, beta) -> np.ndarray:
    """Zhao & Yu's ``|C21 C11^{-1} sign(beta_(1))|``, one entry per feature off the support of ``beta``.

    ``cov`` is ``C`` (p x p, e.g. ``X^T X / n``), partitioned by the support ``S`` of ``beta``:
    ``C11 = C[S, S]``, ``C21 = C[S^c, S]``. The strong irrepresentable condition asks every entry to be
    at most ``1 - eta`` for some ``eta > 0``; the weak one, every entry below 1.
    """
    try:
        cov = np.asarray(cov, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("cov must be a numeric square matrix") from None
    if cov.ndim != 2 or cov.shape[0] != cov.shape[1] or not np.all(np.isfinite(cov)):
        raise ValueError(f"cov must be a finite square matrix (p x p), got shape {cov.shape}")
    if not np.allclose(cov, cov.T):
        raise ValueError("cov must be symmetric")
    p = cov.shape[0]
    support, signs = _support(beta, p)
    c11 = cov[np.ix_(support, support)]
    if np.min(np.linalg.eigvalsh(c11)) <= 1e-12 * max(1.0, np.max(np.abs(c11))):
        raise ValueError("cov restricted to the support of beta is singular: C11 has no inverse")
    off = np.setdiff1d(np.arange(p), support)
    return np.abs(cov[np.ix_(off, support)] @ np.linalg.solve(c11, signs))


# --- Wainwright (2009): the uniform Gaussian ensemble -------------------------------------------


def fractional_power_sparsity(p: int, scale: float = 0.4, power: float = 0.75) -> int:
    """``k = ceil(scale p^power)``, the fractional-power sparsity regime (0.4 and 3/4 by default)."""
    p = check_positive_int(p, "p")
    return math.ceil(scale * p**power)


def sample_size(theta: float, p: int, k: int) -> int:
    """``n = ceil(2 theta k log(p - k))``: the sample size at rescaled sample size ``theta``."""
    theta = check_alpha(theta, "theta")
    p, k = check_positive_int(p, "p"), check_positive_int(k, "k")
    if k >= p:
        raise ValueError(f"k must be smaller than p, got k={k}, p={p}")
    return math.ceil(2 * theta * k * math.log(p - k))


def rescaled_sample_size(n: int, p: int, k: int) -> float:
    """``theta = n / (2 k log(p - k))``, Wainwright's control parameter."""
    n, p, k = check_positive_int(n, "n"), check_positive_int(p, "p"), check_positive_int(k, "k")
    if k >= p:
        raise ValueError(f"k must be smaller than p, got k={k}, p={p}")
    return n / (2 * k * math.log(p - k))


def wainwright_lambda(n: int, p: int, k: int, sigma: float) -> float:
    """``lam_n = sqrt(2 sigma^2 log(k) log(p - k) / n)``, the penalty of the simulations we reproduce."""
    n, p, k = check_positive_int(n, "n"), check_positive_int(p, "p"), check_positive_int(k, "k")
    sigma = check_alpha(sigma, "sigma")
    return math.sqrt(2 * sigma**2 * math.log(k) * math.log(p - k) / n)


def uniform_gaussian_problem(n: int, p: int, k: int, *, sigma: float, beta_min: float, rng):
    """One draw of the uniform Gaussian ensemble: ``X`` (n, p) i.i.d. N(0, 1), ``y = X beta + sigma w``.

    ``beta`` has ``k`` non-zero entries ``+-beta_min`` (random signs) at random positions.
    """
    n, p, k = check_positive_int(n, "n"), check_positive_int(p, "p"), check_positive_int(k, "k")
    beta = np.zeros(p)
    beta[rng.choice(p, size=k, replace=False)] = beta_min * rng.choice([-1.0, 1.0], size=k)
    X = rng.standard_normal((n, p))
    return X, X @ beta + sigma * rng.standard_normal(n), beta


def gaussian_recovery_trials(
    n: int, p: int, k: int, lam: float, *, sigma: float, beta_min: float, n_trials: int, seed: int
) -> np.ndarray:
    """Outcomes (bool, one per trial) of :func:`witness` on independent draws of the uniform Gaussian ensemble.

    Distributed exactly as ``witness(*uniform_gaussian_problem(...), lam).recovered`` but without ever
    drawing ``X`` (``n x p``). By symmetry take ``beta_S = beta_min 1``. With ``G = X_S^T X_S = A A^T``
    (Bartlett: ``A`` lower triangular, ``A_ii^2 ~ chi2(n - i)``, ``A_ij ~ N(0, 1)`` below),
    ``X_S^T w = A z`` with ``z ~ N(0, I_k)``, so the oracle coefficients are
    ``beta_S + A^{-T} (sigma z - n lam A^{-1} 1)``. Their residual has squared norm
    ``sigma^2 chi2(n - k) + (n lam)^2 |A^{-1} 1|^2`` (noise orthogonal to ``X_S``, and the penalty's part),
    and since the columns off the support are independent of it, ``X_{S^c}^T r`` is ``|r|`` times
    ``p - k`` independent N(0, 1) draws.
    """
    n, p, k = check_positive_int(n, "n"), check_positive_int(p, "p"), check_positive_int(k, "k")
    n_trials = check_positive_int(n_trials, "n_trials")
    lam, sigma, beta_min = check_alpha(lam, "lam"), check_alpha(sigma, "sigma"), check_alpha(beta_min, "beta_min")
    if not k < p or not k < n:
        raise ValueError(f"need k < p and k < n (a unique oracle fit and a residual), got n={n}, p={p}, k={k}")
    rng = np.random.default_rng(seed)
    below = np.tril_indices(k, -1)
    A = np.zeros((n_trials, k, k))
    A[:, below[0], below[1]] = rng.standard_normal((n_trials, below[0].size))
    diag = np.arange(k)
    A[:, diag, diag] = np.sqrt(rng.chisquare(n - diag, size=(n_trials, k)))
    u = _solve_lower(A, np.ones((n_trials, k)))  # A^{-1} 1
    shift = _solve_lower_transposed(A, sigma * rng.standard_normal((n_trials, k)) - n * lam * u)
    signs_ok = np.all(beta_min + shift > 0, axis=1)
    r_norm = np.sqrt(sigma**2 * rng.chisquare(n - k, size=n_trials) + (n * lam) ** 2 * np.sum(u**2, axis=1))
    max_off = np.abs(rng.standard_normal((n_trials, p - k))).max(axis=1)
    return signs_ok & (max_off * r_norm < n * lam)


# Substitution row by row, vectorised over the trials: k steps of numpy work instead of one LAPACK call
# per trial (several times faster for a thousand trials).
def _solve_lower(A, b):
    """``x`` with ``A[t] @ x[t] = b[t]`` for lower-triangular ``A[t]`` (shape (T, k, k); b, x: (T, k))."""
    x = np.empty_like(b)
    for i in range(A.shape[1]):
        x[:, i] = (b[:, i] - np.einsum("tj,tj->t", A[:, i, :i], x[:, :i])) / A[:, i, i]
    return x


def _solve_lower_transposed(A, b):
    """``x`` with ``A[t].T @ x[t] = b[t]`` for lower-triangular ``A[t]``."""
    x = np.empty_like(b)
    for i in range(A.shape[1] - 1, -1, -1):
        x[:, i] = (b[:, i] - np.einsum("tj,tj->t", A[:, i + 1 :, i], x[:, i + 1 :])) / A[:, i, i]
    return x
