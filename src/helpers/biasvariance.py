"""Monte-Carlo bias-variance decomposition of any fitting method, with its Monte-Carlo standard errors.

Draw many training sets from one generator, fit each, predict at fixed test inputs ``x_1..x_T`` where
the true function ``f`` is known. For a new observation ``y = f(x) + eps`` (noise variance ``sigma^2``,
independent of the training set) the expected squared prediction error splits as

``E (y - fhat(x))^2 = (E fhat(x) - f(x))^2 + Var fhat(x) + sigma^2``

(squared bias + variance + noise). :func:`decompose` estimates the three terms from the fitted
predictions, averaged over the test inputs, and also simulates the left-hand side directly: each fit is
scored on a *fresh* noisy observation at every test input. Each estimate comes with a Monte-Carlo
standard error (jackknife over the training sets), so a claim such as "bias^2 + variance + sigma^2
equals the simulated test error" can be checked to within the simulation's own precision.

:func:`simulate` runs the loop "draw a training set, fit, predict" for any method; methods that are
linear in ``y`` (ridge, least squares) can be vectorised by the caller, who then passes the stacked
predictions to :func:`decompose` directly.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validation import check_alpha, check_positive_int, check_vector


class BiasVariance(NamedTuple):
    """Estimates averaged over the test inputs; each field has the shape of the predictions' middle axes.

    ``bias_sq + variance + noise`` is the expected test error the decomposition predicts; ``test_error``
    is the same quantity simulated with fresh noise. The ``*_se`` fields are Monte-Carlo standard errors.
    """

    bias_sq: np.ndarray
    variance: np.ndarray
    test_error: np.ndarray
    bias_sq_se: np.ndarray
    variance_se: np.ndarray
    test_error_se: np.ndarray
    noise: float  # sigma^2
    n_reps: int

    def take(self, index) -> BiasVariance:
        """The estimates at ``index`` of the middle axes (e.g. a slice of alphas), noise and n_reps unchanged."""
        return BiasVariance(*(np.asarray(field)[index] for field in self[:6]), self.noise, self.n_reps)


def _check_seed(seed, name: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {seed!r}")
    return int(seed)


def _jackknife_se(leave_one_out: np.ndarray) -> np.ndarray:
    """Jackknife standard error from the ``R`` leave-one-out estimates along axis 0."""
    n_reps = leave_one_out.shape[0]
    spread = leave_one_out - leave_one_out.mean(axis=0)
    return np.sqrt((n_reps - 1) / n_reps * np.sum(spread**2, axis=0))


def decompose(predictions, f_test, sigma, *, seed: int = 0) -> BiasVariance:
    """Squared bias, variance and simulated test error of a method from its predictions on many training sets.

    Parameters
    ----------
    predictions : array, shape (n_reps, ..., n_test)
        ``predictions[r, ..., t]``: the fit to training set ``r`` evaluated at test input ``t``. The
        middle axes (e.g. one per penalty strength) are decomposed separately. ``n_reps >= 3``.
    f_test : array, shape (n_test,)
        The true function at the test inputs.
    sigma : float >= 0
        Standard deviation of the noise of a new observation (same units as the predictions).
    seed : int
        Seed of the fresh test noise. The same draw (one value per replicate and test input) is used for
        every middle index, so differences between, say, two penalty strengths are paired.

    Returns
    -------
    BiasVariance
        Averages over the test inputs. ``bias_sq`` is corrected for the Monte-Carlo error of the mean fit:
        ``(mean fit - f)^2`` overstates the squared bias by ``variance / n_reps`` on average, which is
        subtracted, so the estimate is unbiased (and can be slightly negative when the bias is below the
        simulation's resolution). ``variance`` uses ``ddof=1``. With these two choices
        ``bias_sq + variance`` equals the mean over replicates of ``(fit - f)^2`` exactly, and
        ``test_error - (bias_sq + variance + sigma^2)`` is pure fresh-noise error, within a few
        ``test_error_se``. Standard errors: jackknife over the replicates for ``bias_sq`` and ``variance``;
        the standard deviation of the per-replicate test errors over ``sqrt(n_reps)`` for ``test_error``.
    """
    try:
        preds = np.asarray(predictions, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("predictions must be a numeric array of shape (n_reps, ..., n_test)") from None
    if preds.ndim < 2:
        raise ValueError(f"predictions must have shape (n_reps, ..., n_test), at least 2-D; got shape {preds.shape}")
    n_reps, n_test = preds.shape[0], preds.shape[-1]
    if n_reps < 3:
        raise ValueError(f"predictions needs at least 3 replicates (axis 0) for standard errors, got {n_reps}")
    if n_test == 0:
        raise ValueError("predictions has no test inputs (last axis of length 0)")
    if not np.all(np.isfinite(preds)):
        raise ValueError("predictions contains NaN or infinite values; a fit failed or diverged")
    f_test = check_vector(f_test, "f_test")
    if f_test.shape[0] != n_test:
        raise ValueError(f"f_test has {f_test.shape[0]} entries but predictions has {n_test} test inputs (last axis)")
    sigma = check_alpha(sigma, "sigma")
    seed = _check_seed(seed)

    middle = preds.shape[1:-1]
    flat = preds.reshape(n_reps, -1, n_test)
    eps = np.random.default_rng(seed).standard_normal((n_reps, n_test))
    y_new = f_test + sigma * eps
    R = n_reps
    out = {key: np.empty(flat.shape[1]) for key in ("b", "v", "e", "b_se", "v_se", "e_se")}
    for m in range(flat.shape[1]):  # one middle index at a time: temporaries stay (n_reps, n_test)
        fits = flat[:, m, :]
        mean_fit = fits.mean(axis=0)
        dev = fits - mean_fit
        sq_dev = dev**2
        ss = sq_dev.sum(axis=0)
        s2 = ss / (R - 1)
        gap = mean_fit - f_test
        out["b"][m] = np.mean(gap**2 - s2 / R)
        out["v"][m] = np.mean(s2)
        # leave-one-out versions without refitting: the mean moves by -dev/(R-1), the sum of squares
        # about the mean loses dev^2 R/(R-1)
        s2_loo = (ss - sq_dev * R / (R - 1)) / (R - 2)
        bias_loo = np.mean((gap - dev / (R - 1)) ** 2 - s2_loo / (R - 1), axis=1)
        out["b_se"][m] = _jackknife_se(bias_loo)
        out["v_se"][m] = _jackknife_se(np.mean(s2_loo, axis=1))
        errors = np.mean((y_new - fits) ** 2, axis=1)  # one test error per training set
        out["e"][m] = errors.mean()
        out["e_se"][m] = errors.std(ddof=1) / np.sqrt(R)
    shaped = {key: value.reshape(middle) for key, value in out.items()}
    return BiasVariance(
        shaped["b"], shaped["v"], shaped["e"], shaped["b_se"], shaped["v_se"], shaped["e_se"], sigma**2, R
    )


def simulate(make_train: Callable, fit_predict: Callable, x_test, *, n_reps: int, seed: int = 0) -> np.ndarray:
    """Predictions of one method on ``n_reps`` independent training sets, shape ``(n_reps, ..., n_test)``.

    Parameters
    ----------
    make_train : callable ``rng -> (X_train, y_train)``
        Draws one training set with the numpy Generator it is given.
    fit_predict : callable ``(X_train, y_train, x_test) -> array of shape (..., n_test)``
        Fits the method and predicts at the test inputs; may return several rows (e.g. one per alpha).
    x_test : array
        Test inputs, passed unchanged to ``fit_predict``.
    n_reps : int
    seed : int
        Training set ``r`` is drawn with ``numpy.random.default_rng([seed, r])``: reproducible, and the
        first ``k`` sets are the same whatever ``n_reps`` is.
    """
    n_reps = check_positive_int(n_reps, "n_reps")
    seed = _check_seed(seed)
    if not callable(make_train):
        raise ValueError(f"make_train must be a function rng -> (X_train, y_train), got {type(make_train).__name__}")
    if not callable(fit_predict):
        raise ValueError(
            f"fit_predict must be a function (X_train, y_train, x_test) -> predictions, got {type(fit_predict).__name__}"
        )
    rows = [np.asarray(fit_predict(*make_train(np.random.default_rng([seed, r])), x_test), dtype=float) for r in range(n_reps)]
    if any(row.shape != rows[0].shape for row in rows):
        raise ValueError("fit_predict returned predictions of different shapes for different training sets")
    return np.stack(rows)


def bias_variance(
    make_train: Callable, fit_predict: Callable, x_test, f_test, sigma, *, n_reps: int, seed: int = 0
) -> BiasVariance:
    """:func:`simulate` then :func:`decompose`: squared bias, variance and test error of a method by Monte Carlo.

    The fresh test noise is drawn with ``seed`` too, from a stream independent of the training sets'.
    """
    predictions = simulate(make_train, fit_predict, x_test, n_reps=n_reps, seed=seed)
    return decompose(predictions, f_test, sigma, seed=seed)
